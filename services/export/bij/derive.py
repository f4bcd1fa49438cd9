"""BIJ records of one verslagperiode, derived from the deliveries (``services.export.deliveries``).

One record per aanbieder, client and hulpvorm (or type maatregel) trajectory (informatieprotocol 3.3, 7.5):

1. Each delivery is mapped to its hulpvorm with the product catalogue (``ProductCatalog.hulpvorm``: a
   productcode line, the gemeente's catalogue, then the productcategorie line). Its category's
   ``bij_domein`` decides the file: jeugdhulp (jh), jeugdbescherming (jb), jeugdreclassering and preventief
   justitieel kader (jr); vervoer (42) gives no record.
2. The period is taken as it stands on its last day: a delivery that starts after it is left out; an end
   after it is not known yet (the delivery runs, without datum einde and reden).
3. Deliveries of the same aanbieder, client and hulpvorm that share at least one day are merged: earliest
   start, latest end (none while any part runs), verwijzer, postcode and crisis of the earliest part, reden
   of the part that ends last. Adjacent deliveries (one ends the day before the next starts) stay separate.
4. A record is in the period when it starts on or before the last day and has not ended before the first.

What cannot be exported correctly is never guessed but listed with the reason: a delivery without a
(living) toewijzing, a product without hulpvorm mapping, a reden beëindiging without BIJ code, a toewijzing
without start, a stop without start.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ijw.productcodes import ProductCatalog
from services.export.bij.records import (
    ABSENT,
    COLUMNS,
    KIND_DOMAINS,
    NO_RECORD_DOMAIN,
    Kind,
    yyyymmdd,
)
from services.export.deliveries import (
    PROBLEM_NO_START,
    PROBLEM_STOP_WITHOUT_START,
    Delivery,
    LinkedTraffic,
)
from services.export.mappings import (
    CRISIS_CATEGORIE,
    EINDE_PREVENTIEF_JUSTITIEEL,
    GEMEENTELIJKE_TOEGANG,
    GESLACHT,
    REDEN_BEEINDIGING,
    VERWIJZER,
)
from services.export.periods import Period
from services.export.privacy import BsnTransform, identity

PROBLEM_UNMAPPED = "product heeft geen hulpvorm (geen mapping)"
PROBLEM_REDEN = "reden beëindiging {reden} heeft geen BIJ-code"
PROBLEM_VERWIJZER = "verwijzer {code} heeft geen BIJ-code"

Row = tuple[str, ...]


@dataclass(slots=True)
class Part:
    """A delivery with its hulpvorm, as it stands on the period's last day."""

    delivery: Delivery
    hulpvorm: str
    domain: str
    einddatum: dt.date | None
    reden: str | None


@dataclass(slots=True)
class BijRecord:
    """A merged trajectory of one aanbieder, client and hulpvorm."""

    aanbieder: str
    bsn: str
    hulpvorm: str
    domain: str
    parts: list[Part]
    begindatum: dt.date
    einddatum: dt.date | None

    @property
    def first(self) -> Part:
        return self.parts[0]

    @property
    def last_ending(self) -> Part:
        """The part that ends last (a running part when the record runs)."""
        return max(self.parts, key=lambda p: (p.einddatum or dt.date.max, p.delivery.begindatum))

    @property
    def gemeente(self) -> str:
        return self.first.delivery.gemeente

    @property
    def reden(self) -> str | None:
        return None if self.einddatum is None else self.last_ending.reden


@dataclass(slots=True)
class BijExport:
    """The records of one kind and period, and the companion list of what cannot be exported."""

    kind: Kind
    period: Period
    records: list[BijRecord]
    rows: list[Row]
    unexportable: list[Row]


def hulpvorm_of(
    catalog: ProductCatalog, categorie: str | None, code: str | None, on: dt.date, gemeente: str
) -> tuple[str | None, str]:
    """``(hulpvorm or None, bij_domein)`` of a product; the domain is ``jeugdhulp`` for unknown categories."""
    if categorie is None:
        return None, "jeugdhulp"
    mapping = catalog.hulpvorm(categorie, code, on, gemeente=gemeente)
    if mapping is not None:
        return mapping.hulpvorm, mapping.bij_domein
    category = catalog.category(categorie)
    return None, category.bij_domein if category is not None else "jeugdhulp"


def merge(parts: Sequence[Part]) -> list[tuple[list[Part], dt.date, dt.date | None]]:
    """Merge parts (same aanbieder, client, hulpvorm) that share at least one day; adjacent parts stay apart.

    Returns ``(members, begindatum, einddatum)`` per merged record, einddatum None while any member runs.
    """
    ordered = sorted(parts, key=lambda p: (p.delivery.begindatum, p.einddatum or dt.date.max))
    groups: list[tuple[list[Part], dt.date, dt.date | None]] = []
    current: list[Part] = []
    begin = end = dt.date.min
    running = False
    for part in ordered:
        if current and (running or part.delivery.begindatum <= end):
            current.append(part)
            if part.einddatum is None:
                running = True
            else:
                end = max(end, part.einddatum)
            continue
        if current:
            groups.append((current, begin, None if running else end))
        current = [part]
        begin = part.delivery.begindatum
        running = part.einddatum is None
        end = part.einddatum or dt.date.min
    if current:
        groups.append((current, begin, None if running else end))
    return groups


def _problem_row(d: Delivery, reason: str, bsn: BsnTransform, period: Period) -> Row:
    end = d.einddatum if d.einddatum is not None and d.einddatum <= period.end else None
    return (
        d.aanbieder,
        bsn(d.bsn),
        d.gemeente,
        "" if d.toewijzing_nummer is None else str(d.toewijzing_nummer),
        d.categorie or "",
        d.code or "",
        yyyymmdd(d.begindatum),
        yyyymmdd(end),
        (d.reden or "") if end is not None else "",
        reason,
    )


def _in_period(begin: dt.date, end: dt.date | None, period: Period) -> bool:
    return begin <= period.end and (end is None or end >= period.start)


def _jh_row(r: BijRecord, bsn: BsnTransform) -> Row | str:
    """The output row of a jeugdhulp record, or the reason it cannot be exported."""
    first = r.first.delivery
    reden = ""
    if r.reden is not None:
        mapped = REDEN_BEEINDIGING.get(r.reden)
        if mapped is None:
            return PROBLEM_REDEN.format(reden=r.reden)
        reden = mapped
    verwijzer_code = first.verwijzer_type
    verwijzer = GEMEENTELIJKE_TOEGANG if verwijzer_code is None else VERWIJZER.get(verwijzer_code)
    if verwijzer is None:
        return PROBLEM_VERWIJZER.format(code=verwijzer_code)
    return (
        r.aanbieder,
        bsn(r.bsn),
        yyyymmdd(_first_date(r)),
        GESLACHT.get(str(_first_known(r, "geslacht") or "0"), "O"),
        first.postcode or first.gemeente,
        verwijzer,
        r.hulpvorm,
        "01" if first.categorie == CRISIS_CATEGORIE else "02",
        yyyymmdd(r.begindatum),
        yyyymmdd(r.einddatum),
        reden,
    )


def _first_known(r: BijRecord, name: str) -> str | None:
    """Geslacht of the earliest part that has one."""
    for part in r.parts:
        value = getattr(part.delivery, name)
        if value is not None:
            return str(value)
    return None


def _first_date(r: BijRecord) -> dt.date | None:
    """Geboortedatum of the earliest part that has one."""
    for part in r.parts:
        if part.delivery.geboortedatum is not None:
            return part.delivery.geboortedatum
    return None


def _maatregel_row(r: BijRecord, kind: Kind, bsn: BsnTransform) -> Row:
    first = r.first.delivery
    reden = ""
    if r.einddatum is not None and r.domain == "preventief-justitieel-kader":
        reden = EINDE_PREVENTIEF_JUSTITIEEL
    absent = [c for c in ABSENT[kind] if not (c == "reden_beeindiging" and reden)]
    base = (
        r.aanbieder,
        bsn(r.bsn),
        yyyymmdd(_first_date(r)),
        GESLACHT.get(str(_first_known(r, "geslacht") or "0"), "O"),
        first.postcode or first.gemeente,
        r.hulpvorm,
        yyyymmdd(r.begindatum),
        yyyymmdd(r.einddatum),
        reden,
    )
    empty = ("",) * (len(COLUMNS[kind]) - len(base) - 1)
    return (*base, *empty, ";".join(absent))


def derive_bij(
    traffic: LinkedTraffic,
    catalog: ProductCatalog,
    period: Period,
    kind: Kind = "jh",
    bsn: BsnTransform = identity,
) -> BijExport:
    """The BIJ records of ``kind`` in ``period`` and the companion list (see the module documentation)."""
    domains = KIND_DOMAINS[kind]
    unexportable: list[Row] = []
    grouped: dict[tuple[str, str, str], list[Part]] = defaultdict(list)
    for d in traffic.deliveries:
        if d.begindatum > period.end:
            continue
        hulpvorm, domain = hulpvorm_of(catalog, d.categorie, d.code, d.begindatum, d.gemeente)
        if domain == NO_RECORD_DOMAIN or domain not in domains:
            continue
        ends_in_time = d.einddatum is not None and d.einddatum <= period.end
        einddatum = d.einddatum if ends_in_time else None
        if d.problem is not None or hulpvorm is None:
            if _in_period(d.begindatum, einddatum, period):
                unexportable.append(_problem_row(d, d.problem or PROBLEM_UNMAPPED, bsn, period))
            continue
        part = Part(d, hulpvorm, domain, einddatum, d.reden if ends_in_time else None)
        grouped[(d.aanbieder, d.bsn, hulpvorm)].append(part)
    records: list[BijRecord] = []
    for (aanbieder, client, hulpvorm), parts in grouped.items():
        for members, begin, end in merge(parts):
            if _in_period(begin, end, period):
                records.append(BijRecord(aanbieder, client, hulpvorm, members[0].domain, members, begin, end))
    rows: list[Row] = []
    kept: list[BijRecord] = []
    for record in records:
        if kind == "jh":
            row = _jh_row(record, bsn)
            if isinstance(row, str):
                last = record.last_ending.delivery
                problem = _problem_row(last, row, bsn, period)
                unexportable.append((*problem[:6], yyyymmdd(record.begindatum), *problem[7:]))
                continue
        else:
            row = _maatregel_row(record, kind, bsn)
        rows.append(row)
        kept.append(record)
    unexportable.extend(_orphans(traffic, catalog, period, kind, bsn))
    rows.sort()
    unexportable.sort()
    kept.sort(key=lambda r: (r.aanbieder, r.bsn, r.hulpvorm, r.begindatum))
    return BijExport(kind, period, kept, rows, unexportable)


def _orphans(
    traffic: LinkedTraffic, catalog: ProductCatalog, period: Period, kind: Kind, bsn: BsnTransform
) -> list[Row]:
    """Toewijzingen without start and stops without start of this kind that concern the period."""
    rows: list[Row] = []
    domains = KIND_DOMAINS[kind]
    for t in traffic.without_start:
        if t.einddatum is not None and t.einddatum < t.ingangsdatum:
            continue  # withdrawn before it began
        if not _in_period(t.ingangsdatum, t.einddatum, period):
            continue
        _, domain = hulpvorm_of(catalog, t.categorie, t.code, t.ingangsdatum, t.gemeente)
        if domain in domains:
            rows.append(
                (
                    t.aanbieder,
                    bsn(t.bsn),
                    t.gemeente,
                    str(t.nummer),
                    t.categorie or "",
                    t.code or "",
                    "",
                    "",
                    "",
                    PROBLEM_NO_START,
                )
            )
    for s in traffic.stops_without_start:
        if not _in_period(s.begindatum, s.einddatum, period):
            continue
        _, domain = hulpvorm_of(catalog, s.categorie, s.code, s.begindatum, s.gemeente)
        if domain in domains:
            rows.append(
                (
                    s.aanbieder,
                    bsn(s.bsn),
                    s.gemeente,
                    "" if s.toewijzing_nummer is None else str(s.toewijzing_nummer),
                    s.categorie or "",
                    s.code or "",
                    yyyymmdd(s.begindatum),
                    yyyymmdd(s.einddatum) if s.einddatum <= period.end else "",
                    s.reden if s.einddatum <= period.end else "",
                    PROBLEM_STOP_WITHOUT_START,
                )
            )
    return rows

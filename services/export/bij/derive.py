"""BIJ records of one verslagperiode, derived from the deliveries (``services.quality.readmodel``).

One record per aanbieder, client and hulpvorm (or type maatregel) trajectory (informatieprotocol 3.3, 7.5):

1. Each delivery is mapped to its hulpvorm with the product catalogue (``ProductCatalog.hulpvorm``: a
   productcode line, the gemeente's catalogue, then the productcategorie line). Its category's
   ``bij_domein`` decides the file: jeugdhulp (jh), jeugdbescherming (jb), jeugdreclassering and preventief
   justitieel kader (jr); vervoer (42) gives no record.
2. The period is taken as it stands on its last day: a delivery that starts after it is left out; an end
   after it is not known yet (the delivery runs, without datum einde and reden).
3. Deliveries of the same aanbieder, client and hulpvorm that overlap or follow each other (one begins no
   later than the day after the previous ones end: "tegelijkertijd of na elkaar", §3.3, so a verlenging with
   a new toewijzing is one trajectory) are merged: earliest start, latest end (none while any part runs),
   verwijzer, postcode and crisis of the earliest part, reden of the part that ends last. A gap of two days
   or more starts a new record.
4. Ambulant parts (hulpvorm 01–04) that lie entirely within a verblijf record (11–14) of the same client at
   the same aanbieder belong to that record (§3.3: help during pleegzorg or residential stay by the same
   aanbieder falls under it); by another aanbieder they are records of their own.
5. Verblijf (11–14): datum aanvang is the day after the first night (§3.5), Begindatum + 1 day; an einde that
   would fall before it becomes that day. Merging and absorbing use the unshifted dates.
6. Verwijzer: hulpvorm 01 (wijk- of buurtteam) is free access, always 06 (§3.2); otherwise the Verwijzer of
   the JW315 the toewijzing honoured, or 01 (gemeentelijke toegang) without one.
7. A record is in the period when it starts on or before the last day and has not ended before the first.

What cannot be exported correctly is never guessed but listed with the reason: a delivery without a
(living) toewijzing, a product without hulpvorm mapping, a reden beëindiging without BIJ code, a toewijzing
without start, a stop without start.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ijw.productcodes import ProductCatalog
from ijw.productcodes.model import JEUGDHULP
from services.export.bij.records import (
    ABSENT,
    APPROXIMATED_TYPES,
    APPROXIMATION,
    COLUMNS,
    KIND_DOMAINS,
    NO_RECORD_DOMAIN,
    PREVENTIEF_ABSENT,
    PREVENTIEF_JUSTITIEEL_KADER,
    Kind,
    geboortedatum,
    yyyymmdd,
)
from services.export.mappings import (
    AMBULANT,
    CRISIS_CATEGORIE,
    EINDE_PREVENTIEF_JUSTITIEEL,
    GEEN_VERWIJZER,
    GEMEENTELIJKE_TOEGANG,
    GESLACHT,
    REDEN_BEEINDIGING,
    VERBLIJF,
    VERWIJZER,
    WIJK_OF_BUURTTEAM,
)
from services.export.periods import Period
from services.export.privacy import BsnTransform, identity
from services.quality import (
    PROBLEM_NO_START,
    PROBLEM_STOP_WITHOUT_START,
    Delivery,
    LinkedTraffic,
)

PROBLEM_UNMAPPED = "product heeft geen hulpvorm (geen mapping)"
PROBLEM_REDEN = "reden beëindiging {reden} heeft geen BIJ-code"
PROBLEM_VERWIJZER = "verwijzer {code} heeft geen BIJ-code"
PROBLEM_NO_MACHTIGINGEN = "machtigingen uithuisplaatsing zitten niet in het berichtenverkeer"
TRANSFER_KINDS = ("jb", "jr")
"""The kinds whose records can pass to another instelling: "bij jeugdigen met jeugdbescherming en
jeugdreclassering" (protocol §2, Afbakening; §7.5); jeugdhulp at another aanbieder is another record."""
PROBLEM_TRANSFER_TO = (
    "mogelijke overdracht aan {aanbieder} (de volgende dag gestart): niet als overdracht ingevuld"
)
PROBLEM_TRANSFER_FROM = (
    "mogelijke overdracht van {aanbieder} (de vorige dag geëindigd): niet als overdracht ingevuld"
)

Row = tuple[str, ...]
ONE_DAY = dt.timedelta(days=1)


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
    absorbed: list[Part] = field(default_factory=list)  # ambulant parts within this verblijf record (§3.3)

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


Party = tuple[str, str]  # gemeente, aanbieder


@dataclass(slots=True)
class Coverage:
    """Per gemeente and aanbieder: the linked trajectories of the period and how many of them are exported.

    Linked: every delivery (start) of the kind's domains that belongs to a record of the period or concerns
    the period on its own, and every toewijzing and stop without start of those domains in the period.
    Exported: the deliveries in a record of the file (absorbed ambulant parts included). The rest is in the
    companion file, with its reason.
    """

    linked: dict[Party, int] = field(default_factory=lambda: defaultdict(int))
    exported: dict[Party, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, party: Party, exported: bool) -> None:
        self.linked[party] += 1
        if exported:
            self.exported[party] += 1


@dataclass(slots=True)
class BijExport:
    """The records of one kind and period, the companion list of what cannot be exported and the coverage."""

    kind: Kind
    period: Period
    records: list[BijRecord]
    rows: list[Row]
    unexportable: list[Row]
    coverage: Coverage = field(default_factory=Coverage)


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
    """Merge parts (same aanbieder, client, hulpvorm) that overlap or follow each other (§3.3).

    A part that begins no later than the day after the parts before it end joins them; a gap of two days or
    more starts a new record. Returns ``(members, begindatum, einddatum)`` per merged record, einddatum None
    while any member runs.
    """
    ordered = sorted(parts, key=lambda p: (p.delivery.begindatum, p.einddatum or dt.date.max))
    groups: list[tuple[list[Part], dt.date, dt.date | None]] = []
    current: list[Part] = []
    begin = end = dt.date.min
    running = False
    for part in ordered:
        if current and (running or part.delivery.begindatum <= end + ONE_DAY):
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
    if r.hulpvorm == WIJK_OF_BUURTTEAM:
        verwijzer: str | None = GEEN_VERWIJZER
    elif verwijzer_code is None:
        verwijzer = GEMEENTELIJKE_TOEGANG
    else:
        verwijzer = VERWIJZER.get(verwijzer_code)
    if verwijzer is None:
        return PROBLEM_VERWIJZER.format(code=verwijzer_code)
    return (
        r.aanbieder,
        bsn(r.bsn),
        _first_date(r),
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


def _first_date(r: BijRecord) -> str:
    """The BIJ geboortedatum (§2.3, partial per DatumGebruik) of the earliest part that has one."""
    for part in r.parts:
        if part.delivery.geboortedatum is not None:
            return geboortedatum(part.delivery.geboortedatum, part.delivery.geboortedatum_gebruik)
    return ""


def _maatregel_row(r: BijRecord, kind: Kind, bsn: BsnTransform) -> Row:
    first = r.first.delivery
    reden = ""
    absent = ABSENT[kind]
    if r.domain == PREVENTIEF_JUSTITIEEL_KADER:
        absent = PREVENTIEF_ABSENT
        if r.einddatum is not None:
            reden = EINDE_PREVENTIEF_JUSTITIEEL
    base = (
        r.aanbieder,
        bsn(r.bsn),
        _first_date(r),
        GESLACHT.get(str(_first_known(r, "geslacht") or "0"), "O"),
        first.postcode or first.gemeente,
        r.hulpvorm,
        yyyymmdd(r.begindatum),
        yyyymmdd(r.einddatum),
        reden,
    )
    empty = ("",) * (len(COLUMNS[kind]) - len(base) - 1)
    return (*base, *empty, ";".join(absent))


def _record_problem(r: BijRecord, reason: str, bsn: BsnTransform, period: Period) -> Row:
    """The companion row of a merged record: its last-ending delivery, with the record's datum aanvang."""
    problem = _problem_row(r.last_ending.delivery, reason, bsn, period)
    return (*problem[:6], yyyymmdd(r.begindatum), *problem[7:])


def _flags(records: Sequence[BijRecord], kind: Kind, bsn: BsnTransform, period: Period) -> list[Row]:
    """Companion rows of maatregel records the traffic cannot tell apart from another value (jb, jr), and,
    for the machtigingen file (jbm), of every maatregel whose machtigingen the traffic does not carry."""
    rows: list[Row] = []
    # the candidates of an overdracht: the records of the same client and hulpvorm (one lookup per record,
    # not a scan of all records per record: that grew with the square of the clients)
    alike: dict[tuple[str, str], list[BijRecord]] = defaultdict(list)
    for r in records:
        alike[(r.bsn, r.hulpvorm)].append(r)
    for r in records:
        if kind == "jbm":
            rows.append(_record_problem(r, PROBLEM_NO_MACHTIGINGEN, bsn, period))
            continue
        if kind == "jb" and r.hulpvorm in APPROXIMATED_TYPES:
            rows.append(_record_problem(r, APPROXIMATION + APPROXIMATED_TYPES[r.hulpvorm], bsn, period))
        if kind not in TRANSFER_KINDS:
            continue
        for other in alike[(r.bsn, r.hulpvorm)]:
            if other.aanbieder != r.aanbieder:
                if r.einddatum is not None and other.begindatum == r.einddatum + ONE_DAY:
                    reason = PROBLEM_TRANSFER_TO.format(aanbieder=other.aanbieder)
                    rows.append(_record_problem(r, APPROXIMATION + reason, bsn, period))
                if other.einddatum is not None and r.begindatum == other.einddatum + ONE_DAY:
                    reason = PROBLEM_TRANSFER_FROM.format(aanbieder=other.aanbieder)
                    rows.append(_record_problem(r, APPROXIMATION + reason, bsn, period))
    return rows


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
    coverage = Coverage()
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
                coverage.add((d.gemeente, d.aanbieder), exported=False)
            continue
        part = Part(d, hulpvorm, domain, einddatum, d.reden if ends_in_time else None)
        grouped[(d.aanbieder, d.bsn, hulpvorm)].append(part)
    records = [r for r in _records(grouped) if _in_period(r.begindatum, r.einddatum, period)]
    rows: list[Row] = []
    kept: list[BijRecord] = []
    for record in records:
        if kind == "jh":
            row = _jh_row(record, bsn)
            if isinstance(row, str):
                unexportable.append(_record_problem(record, row, bsn, period))
                continue
        elif kind == "jbm":
            continue  # no machtiging is in the traffic: flagged below, never invented
        else:
            row = _maatregel_row(record, kind, bsn)
        rows.append(row)
        kept.append(record)
    exported = {id(r) for r in kept}
    for record in records:
        for part in (*record.parts, *record.absorbed):
            coverage.add((part.delivery.gemeente, part.delivery.aanbieder), exported=id(record) in exported)
    unexportable.extend(_flags(records, kind, bsn, period))
    if kind != "jbm":
        for orphan in _orphans(traffic, catalog, period, kind, bsn):
            unexportable.append(orphan)
            coverage.add((orphan[2], orphan[0]), exported=False)
    rows.sort()
    unexportable.sort()
    kept.sort(key=lambda r: (r.aanbieder, r.bsn, r.hulpvorm, r.begindatum))
    return BijExport(kind, period, kept, rows, unexportable, coverage)


def _records(grouped: dict[tuple[str, str, str], list[Part]]) -> list[BijRecord]:
    """The merged records: verblijf first, then the other parts less those a verblijf record absorbs."""
    verblijf: dict[tuple[str, str], list[BijRecord]] = defaultdict(list)
    records: list[BijRecord] = []
    for (aanbieder, client, hulpvorm), parts in grouped.items():
        if _is_jeugdhulp(parts, VERBLIJF):
            for members, begin, end in merge(parts):
                record = BijRecord(aanbieder, client, hulpvorm, members[0].domain, members, begin, end)
                verblijf[(aanbieder, client)].append(record)
                records.append(record)
    for (aanbieder, client, hulpvorm), parts in grouped.items():
        if _is_jeugdhulp(parts, VERBLIJF):
            continue
        own = parts
        if _is_jeugdhulp(parts, AMBULANT):
            own = [p for p in parts if not _absorbed(p, verblijf.get((aanbieder, client), ()))]
        for members, begin, end in merge(own):
            records.append(BijRecord(aanbieder, client, hulpvorm, members[0].domain, members, begin, end))
    for record in records:
        if _is_jeugdhulp(record.parts, VERBLIJF):
            record.begindatum += ONE_DAY  # the day after the first night (§3.5)
            if record.einddatum is not None:
                record.einddatum = max(record.einddatum, record.begindatum)
    return records


def _is_jeugdhulp(parts: Sequence[Part], hulpvormen: frozenset[str]) -> bool:
    """Whether the parts (of one hulpvorm) are jeugdhulp of one of ``hulpvormen``."""
    return parts[0].domain == JEUGDHULP and parts[0].hulpvorm in hulpvormen


def _absorbed(part: Part, hosts: Sequence[BijRecord]) -> bool:
    """Attach an ambulant part to the verblijf record it lies entirely within (unshifted dates), if any."""
    for host in hosts:
        begins_within = part.delivery.begindatum >= host.begindatum
        ends_within = host.einddatum is None or (
            part.einddatum is not None and part.einddatum <= host.einddatum
        )
        if begins_within and ends_within:
            host.absorbed.append(part)
            return True
    return False


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

"""Monitor indicators per gemeente, jeugdzorgregio and aanbieder, for one year (long format).

Indicators (``indicator`` column), from the jeugdhulp BIJ records of the year (``derive_bij`` over the whole
year, as it stands on 31 December) unless said otherwise:

- ``trajectduur_gemiddeld``, ``trajectduur_mediaan`` per hulpvorm: days from datum aanvang to datum einde,
  both included, of the records that ended in the year;
- ``wachttijd_gemiddeld``, ``wachttijd_mediaan`` per hulpvorm: days from the JW315 verzoek om toewijzing
  (its Dagtekening) to the start (Begindatum), or from the first Toewijzingsdatum when the toewijzing
  honoured no JW315, for the deliveries that started in the year (negative when the start was registered
  retroactively before the toewijzing);
- ``instroom``, ``uitstroom`` per month: records that started / ended in that month;
- ``clienten_in_zorg`` per month: distinct clients with a record running on some day of that month;
- ``kosten_per_traject`` for the year: the accepted declared amount of the year (the Iv3 basis) divided by
  the deliveries of any BIJ domain running in the year (euros);
- the outcome criteria the BIJ data gives (protocol §4.2; ``services.export.outcome``): ``uitval``,
  ``voortijdig_beeindigd`` and ``geen_nieuwe_start``, percent of the records that ended in the year.

Levels: ``gemeente`` (of the earliest part of a record), ``regio`` (its jeugdzorgregio in the CBS
indeling, ``onbekend`` when the code is not in it) and ``aanbieder``. ``aantal`` is the number of records,
deliveries or clients the value rests on; values resting on fewer than ``min_cell`` (but more than zero)
are suppressed: ``waarde`` and ``aantal`` empty, ``suppressed`` true.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Final

from sqlalchemy import Engine, func, select

from ijw.codelists import load_codelists
from ijw.db import models as m
from ijw.productcodes import ProductCatalog
from services.export.bij.derive import BijRecord, derive_bij, hulpvorm_of
from services.export.iv3 import accepted_prestaties, euros
from services.export.outcome import outcomes
from services.export.periods import Period
from services.export.privacy import suppress
from services.export.reconciliation import runs_in
from services.quality import LinkedTraffic

COLUMNS: Final = ("niveau", "code", "indicator", "hulpvorm", "periode", "waarde", "aantal", "suppressed")
UNKNOWN_REGION: Final = "onbekend"

Key = tuple[str, str, str, str, str]  # niveau, code, indicator, hulpvorm, periode


def _levels(gemeente: str, aanbieder: str, region: Callable[[str], str]) -> list[tuple[str, str]]:
    return [("gemeente", gemeente), ("regio", region(gemeente)), ("aanbieder", aanbieder)]


def _decimal(value: float) -> str:
    return f"{value:.1f}"


def _amounts(engine: Engine, period: Period) -> list[tuple[str, str, int]]:
    accepted = accepted_prestaties(period).subquery()
    query = select(accepted.c.gemeente, accepted.c.aanbieder, func.sum(accepted.c.bedrag)).group_by(
        accepted.c.gemeente, accepted.c.aanbieder
    )
    with engine.connect() as conn:
        return [(r[0], r[1], int(r[2] or 0)) for r in conn.execute(query)]


def horizon(engine: Engine) -> dt.date | None:
    """The latest Dagtekening of the stored valid traffic: how far the data reaches."""
    with engine.connect() as conn:
        latest: dt.date | None = conn.execute(
            select(func.max(m.Bericht.dagtekening)).where(m.Bericht.status == m.STATUS_VALID)
        ).scalar()
    return latest


Levels = Callable[[str, str], list[tuple[str, str]]]


def derive_indicators(
    engine: Engine, traffic: LinkedTraffic, catalog: ProductCatalog, year: int, min_cell: int
) -> list[tuple[str, ...]]:
    """The indicator rows of ``year`` (see the module documentation), sorted."""
    period = Period.year(year)
    levels = _levels_of(period)
    samples: dict[Key, list[int]] = defaultdict(list)
    counts: dict[Key, int] = defaultdict(int)
    clients: dict[Key, set[str]] = defaultdict(set)
    _client_figures(
        derive_bij(traffic, catalog, period, "jh").records, period, levels, samples, counts, clients
    )
    trajecten = _delivery_figures(traffic, catalog, period, levels, samples)
    cents: dict[tuple[str, str], int] = defaultdict(int)
    for gemeente, aanbieder, amount in _amounts(engine, period):
        for level in levels(gemeente, aanbieder):
            cents[level] += amount
    out = _Rows(min_cell)
    for (niveau, code, name, hulpvorm, label), values in samples.items():
        mean, median = _decimal(statistics.fmean(values)), _decimal(statistics.median(values))
        out.add((niveau, code, f"{name}_gemiddeld", hulpvorm, label), mean, len(values))
        out.add((niveau, code, f"{name}_mediaan", hulpvorm, label), median, len(values))
    for key, count in counts.items():
        out.add(key, str(count), count)
    for key, members in clients.items():
        out.add(key, str(len(members)), len(members))
    for level in sorted(set(trajecten) | set(cents)):
        n = trajecten.get(level, 0)
        if n:
            out.add(
                (*level, "kosten_per_traject", "", period.label), euros(round(cents.get(level, 0) / n)), n
            )
    reach = max(period.end, horizon(engine) or period.end)
    later = derive_bij(traffic, catalog, Period(period.label, period.start, reach), "jh")
    for o in outcomes(later.records, period.start, period.end, reach, levels):
        out.add((o.niveau, o.code, o.indicator, "", period.label), o.waarde, o.aantal)
    return sorted(out.rows)


def _levels_of(period: Period) -> Levels:
    """The levels a gemeente × aanbieder figure counts at: the gemeente, its jeugdzorgregio at the end of
    ``period`` (cached per gemeente) and the aanbieder."""
    codelists = load_codelists()
    regions: dict[str, str] = {}

    def region(gemeente: str) -> str:
        found = regions.get(gemeente)
        if found is None:
            found = regions[gemeente] = codelists.jeugdzorgregio(gemeente, period.end) or UNKNOWN_REGION
        return found

    return lambda gemeente, aanbieder: _levels(gemeente, aanbieder, region)


def _client_figures(
    records: Iterable[BijRecord],
    period: Period,
    levels: Levels,
    samples: dict[Key, list[int]],
    counts: dict[Key, int],
    clients: dict[Key, set[str]],
) -> None:
    """Trajectduur, instroom, uitstroom and clienten_in_zorg from the BIJ records of ``period``."""
    labels = [first.strftime("%Y-%m") for first, _ in period.months()]
    for r in records:
        for niveau, code in levels(r.gemeente, r.aanbieder):
            if r.einddatum is not None:
                days = (r.einddatum - r.begindatum).days + 1
                samples[(niveau, code, "trajectduur", r.hulpvorm, period.label)].append(days)
            if r.begindatum >= period.start:
                counts[(niveau, code, "instroom", "", labels[r.begindatum.month - 1])] += 1
            if r.einddatum is not None and r.einddatum <= period.end:
                counts[(niveau, code, "uitstroom", "", labels[r.einddatum.month - 1])] += 1
            first = r.begindatum.month if r.begindatum >= period.start else 1
            last = r.einddatum.month if r.einddatum is not None and r.einddatum <= period.end else 12
            for month in range(first, last + 1):
                clients[(niveau, code, "clienten_in_zorg", "", labels[month - 1])].add(r.bsn)


def _delivery_figures(
    traffic: LinkedTraffic,
    catalog: ProductCatalog,
    period: Period,
    levels: Levels,
    samples: dict[Key, list[int]],
) -> dict[tuple[str, str], int]:
    """The wachttijd samples of the jeugdhulp started in ``period``; the trajecten running in it per level."""
    trajecten: dict[tuple[str, str], int] = defaultdict(int)
    for d in traffic.deliveries:
        if runs_in(d.begindatum, d.einddatum, period):
            for level in levels(d.gemeente, d.aanbieder):
                trajecten[level] += 1
        if d.problem is not None or d.toewijzing is None or not (period.start <= d.begindatum <= period.end):
            continue
        hulpvorm, domain = hulpvorm_of(catalog, d.categorie, d.code, d.begindatum, d.gemeente)
        if hulpvorm is None or domain != "jeugdhulp":
            continue
        since = d.toewijzing.verzoek_dagtekening or d.toewijzing.first_toewijzingsdatum
        for niveau, code in levels(d.gemeente, d.aanbieder):
            samples[(niveau, code, "wachttijd", hulpvorm, period.label)].append((d.begindatum - since).days)
    return trajecten


class _Rows:
    """Indicator rows, each value and count left out when its count is too small (``suppressed``)."""

    def __init__(self, min_cell: int) -> None:
        self.min_cell = min_cell
        self.rows: list[tuple[str, ...]] = []

    def add(self, key: Key, value: str, n: int) -> None:
        hidden = suppress(n, self.min_cell)
        self.rows.append(
            (*key, "" if hidden else value, "" if hidden else str(n), "true" if hidden else "false")
        )

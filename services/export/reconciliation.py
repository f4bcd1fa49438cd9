"""BIJ ↔ Iv3 reconciliation per gemeente and taakveld (Hervormingsagenda 2.8.4: jeugdhulpgebruik versus
kosten).

For one year, per gemeente and Iv3 taakveld:

- ``clienten``, ``trajecten``: distinct clients and deliveries (actual starts of a toegewezen product, any
  BIJ domain) running in the year, mapped to the taakveld of their product;
- ``bedrag``: the accepted declared amount (as in the Iv3 export) and ``kosten_per_client`` = bedrag /
  clienten;
- mismatches that point at data problems: ``bedrag_zonder_traject`` (accepted amounts on a toewijzing
  without any delivery in the year: costs without trajectory) and ``trajecten_zonder_kosten`` (deliveries
  whose toewijzing has no accepted amount in the year).

Cells of fewer than ``min_cell`` clients (but more than none) are suppressed: the person counts and the cost
per client are left empty and ``suppressed`` is true; the amounts stay (they are the gemeente's accounts).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import Engine, func, select

from ijw.productcodes import ProductCatalog
from services.export.iv3 import accepted_prestaties, euros
from services.export.periods import Period
from services.export.privacy import suppress
from services.quality import LinkedTraffic

COLUMNS: Final = (
    "gemeente",
    "taakveld",
    "jaar",
    "clienten",
    "trajecten",
    "bedrag",
    "kosten_per_client",
    "bedrag_zonder_traject",
    "trajecten_zonder_kosten",
    "suppressed",
)
NO_TAAKVELD: Final = "onbekend"
"""Taakveld of products without a taakveld mapping (kept visible in the reconciliation)."""

TrajectKey = tuple[str, str, int]


@dataclass(slots=True)
class _Cell:
    clients: set[str] = field(default_factory=set)
    trajecten: int = 0
    cents: int = 0
    cents_without: int = 0
    trajecten_without: int = 0


def runs_in(begin: dt.date, end: dt.date | None, period: Period) -> bool:
    """Whether a delivery from ``begin`` to ``end`` (None: running) shares a day with ``period``."""
    return begin <= period.end and (end is None or end >= period.start)


def costs_by_toewijzing(
    engine: Engine, period: Period
) -> list[tuple[str, str, int, str, str | None, dt.date, int]]:
    """Accepted amounts per gemeente, aanbieder, ToewijzingNummer and product (first Begindatum)."""
    accepted = accepted_prestaties(period).subquery()
    c = accepted.c
    query = select(
        c.gemeente,
        c.aanbieder,
        c.toewijzing_nummer,
        c.categorie,
        c.code,
        func.min(c.periode_begin),
        func.sum(c.bedrag),
    ).group_by(c.gemeente, c.aanbieder, c.toewijzing_nummer, c.categorie, c.code)
    with engine.connect() as conn:
        return [(r[0], r[1], int(r[2]), r[3], r[4], r[5], int(r[6] or 0)) for r in conn.execute(query)]


def derive_reconciliation(
    engine: Engine, traffic: LinkedTraffic, catalog: ProductCatalog, year: int, min_cell: int
) -> list[tuple[str, ...]]:
    """The reconciliation rows of ``year`` (sorted by gemeente and taakveld)."""
    period = Period.year(year)
    cells: dict[tuple[str, str], _Cell] = defaultdict(_Cell)
    costs = costs_by_toewijzing(engine, period)
    costed: set[TrajectKey] = {(g, a, n) for g, a, n, *_rest, cents in costs if cents != 0}
    delivered: set[TrajectKey] = set()
    for d in traffic.deliveries:
        if not runs_in(d.begindatum, d.einddatum, period):
            continue
        mapping = (
            catalog.taakveld(d.categorie, d.code, d.begindatum, gemeente=d.gemeente) if d.categorie else None
        )
        cell = cells[(d.gemeente, mapping.taakveld if mapping else NO_TAAKVELD)]
        cell.clients.add(d.bsn)
        cell.trajecten += 1
        if d.toewijzing_nummer is not None:
            key = (d.gemeente, d.aanbieder, d.toewijzing_nummer)
            delivered.add(key)
            if key not in costed:
                cell.trajecten_without += 1
        else:
            cell.trajecten_without += 1
    for gemeente, aanbieder, nummer, categorie, code, begin, cents in costs:
        mapping = catalog.taakveld(categorie, code, begin, gemeente=gemeente)
        cell = cells[(gemeente, mapping.taakveld if mapping else NO_TAAKVELD)]
        cell.cents += cents
        if (gemeente, aanbieder, nummer) not in delivered:
            cell.cents_without += cents
    rows: list[tuple[str, ...]] = []
    for (gemeente, taakveld), cell in sorted(cells.items()):
        clients = len(cell.clients)
        hidden = suppress(clients, min_cell)
        per_client = euros(round(cell.cents / clients)) if clients else ""
        rows.append(
            (
                gemeente,
                taakveld,
                str(year),
                "" if hidden else str(clients),
                "" if hidden else str(cell.trajecten),
                euros(cell.cents),
                "" if hidden else per_client,
                euros(cell.cents_without),
                "" if hidden else str(cell.trajecten_without),
                "true" if hidden else "false",
            )
        )
    return rows

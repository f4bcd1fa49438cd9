"""Iv3 aggregates: accepted declared amounts per gemeente, taakveld and year (or quarter).

Amount per gemeente (the Ontvanger of the JW323), Iv3 taakveld and year of the prestatie's ProductPeriode
Begindatum = the IngediendBedrag of debet prestaties minus that of credit prestaties, in euros with cents,
over valid JW323 messages, excluding what the gemeente rejected in a valid JW325:

- a returned prestatie belongs to the prestatie with its ReferentieNummer *in the declaratie that the JW325's
  DeclaratieIdentificatie names* (same gemeente and aanbieder), not to any prestatie with that number;
- a JW325 without DeclaratieAntwoord (the whole declaratie rejected) excludes every prestatie of it.

The taakveld comes from ``ProductCatalog.taakveld`` (DESIGN.md order: productcode or gemeente catalogue,
category, the product's hulpvorm, then a documented category default); a row with any amount mapped by
default is flagged ``mapped_by_default``. Amounts of
products without any taakveld are listed apart (:attr:`Iv3Export.unmapped`), never put on a guessed one.

>>> euros(123456), euros(-5), euros(0)
('1234.56', '-0.05', '0.00')
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Engine, and_, case, exists, func, select

from ijw.db import models as m
from ijw.db.tables import AFGEWEZEN_PRESTATIES, BERICHTEN, DECLARATIE_ANTWOORDEN, DECLARATIES, PRESTATIES
from ijw.productcodes import ProductCatalog
from services.export.periods import Period, quarter_of

COLUMNS: Final = ("gemeente", "taakveld", "jaar", "bedrag", "mapped_by_default")
QUARTER_COLUMNS: Final = ("gemeente", "taakveld", "jaar", "kwartaal", "bedrag", "mapped_by_default")
UNMAPPED_COLUMNS: Final = ("gemeente", "productcategorie", "productcode", "jaar", "bedrag", "reden")
UNMAPPED_REASON: Final = "product heeft geen Iv3-taakveld (geen mapping)"


def euros(cents: int) -> str:
    """Eurocents as euros with two decimals."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


def accepted_prestaties(period: Period) -> Any:
    """A select of the accepted prestaties with ProductPeriode Begindatum in ``period``.

    Columns: gemeente, aanbieder, bsn, toewijzing_nummer, categorie, code, periode_begin and ``bedrag``
    (eurocents, negative for credit).
    """
    p, d, b = PRESTATIES, DECLARATIES, BERICHTEN
    a, da = AFGEWEZEN_PRESTATIES, DECLARATIE_ANTWOORDEN
    b2 = b.alias("b2")
    same_declaratie = and_(
        da.c.declaratie_identificatie == d.c.declaratie_identificatie,
        da.c.aanbieder == d.c.aanbieder,
        da.c.gemeente == d.c.gemeente,
        b2.c.id == da.c.bericht_id,
        b2.c.status == m.STATUS_VALID,
    )
    rejected = exists(
        select(a.c.id)
        .select_from(a.join(da, da.c.id == a.c.antwoord_id).join(b2, b2.c.id == da.c.bericht_id))
        .where(same_declaratie, a.c.referentie_nummer == p.c.referentie_nummer)
    )
    whole_rejected = exists(
        select(da.c.id)
        .select_from(da.join(b2, b2.c.id == da.c.bericht_id))
        .where(same_declaratie, da.c.declaratie_nummer.is_(None))
    )
    signed = case((p.c.debet_credit == "C", -p.c.bedrag), else_=p.c.bedrag)
    return (
        select(
            d.c.gemeente,
            d.c.aanbieder,
            p.c.bsn,
            p.c.toewijzing_nummer,
            p.c.categorie,
            p.c.code,
            p.c.periode_begin,
            signed.label("bedrag"),
        )
        .select_from(
            p.join(d, d.c.id == p.c.declaratie_id).join(
                b, and_(b.c.id == p.c.bericht_id, b.c.status == m.STATUS_VALID)
            )
        )
        .where(
            p.c.periode_begin >= period.start,
            p.c.periode_begin <= period.end,
            ~rejected,
            ~whole_rejected,
        )
    )


@dataclass(slots=True)
class Iv3Cell:
    """The amount of one gemeente, taakveld and (optionally) quarter."""

    gemeente: str
    taakveld: str
    kwartaal: int | None
    cents: int = 0
    mapped_by_default: bool = False


@dataclass(slots=True)
class Iv3Export:
    """The Iv3 aggregates of a year and the amounts that have no taakveld."""

    year: int
    quarters: bool
    cells: list[Iv3Cell]
    unmapped: list[tuple[str, str, str, int]]  # gemeente, categorie, code, cents

    @property
    def columns(self) -> tuple[str, ...]:
        return QUARTER_COLUMNS if self.quarters else COLUMNS

    def rows(self) -> list[tuple[str, ...]]:
        result = []
        for c in self.cells:
            quarter = (str(c.kwartaal),) if self.quarters else ()
            flag = "true" if c.mapped_by_default else "false"
            result.append((c.gemeente, c.taakveld, str(self.year), *quarter, euros(c.cents), flag))
        return result

    def unmapped_rows(self) -> list[tuple[str, ...]]:
        return [
            (g, cat, code, str(self.year), euros(cents), UNMAPPED_REASON)
            for g, cat, code, cents in self.unmapped
        ]


def amounts_by_product(engine: Engine, period: Period) -> list[tuple[str, str, str | None, dt.date, int]]:
    """Accepted amounts per gemeente, categorie, code and ProductPeriode Begindatum (set-based SQL)."""
    accepted = accepted_prestaties(period).subquery()
    query = select(
        accepted.c.gemeente,
        accepted.c.categorie,
        accepted.c.code,
        accepted.c.periode_begin,
        func.sum(accepted.c.bedrag),
    ).group_by(accepted.c.gemeente, accepted.c.categorie, accepted.c.code, accepted.c.periode_begin)
    with engine.connect() as conn:
        return [(r[0], r[1], r[2], r[3], int(r[4] or 0)) for r in conn.execute(query)]


def derive_iv3(engine: Engine, catalog: ProductCatalog, year: int, *, quarters: bool = False) -> Iv3Export:
    """The Iv3 aggregates of ``year`` (see the module documentation); rows sorted, zero amounts left out."""
    cells: dict[tuple[str, str, int | None], Iv3Cell] = {}
    unmapped: dict[tuple[str, str, str], int] = defaultdict(int)
    for gemeente, categorie, code, begin, cents in amounts_by_product(engine, Period.year(year)):
        mapping = catalog.taakveld(categorie, code, begin, gemeente=gemeente)
        if mapping is None:
            unmapped[(gemeente, categorie, code or "")] += cents
            continue
        quarter = quarter_of(begin) if quarters else None
        key = (gemeente, mapping.taakveld, quarter)
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = Iv3Cell(gemeente, mapping.taakveld, quarter)
        cell.cents += cents
        if mapping.mapped_by_default and cents != 0:
            cell.mapped_by_default = True
    ordered = sorted(
        (c for c in cells.values() if c.cents != 0), key=lambda c: (c.gemeente, c.taakveld, c.kwartaal or 0)
    )
    return Iv3Export(
        year,
        quarters,
        ordered,
        sorted((g, cat, code, cents) for (g, cat, code), cents in unmapped.items() if cents != 0),
    )

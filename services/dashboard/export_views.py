"""The exports page's views of two exports: the BIJ coverage (exported / linked trajectories per kind and
verslagperiode) and the BIJ ↔ Iv3 reconciliation per gemeente and taakveld, as tables and a chart."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from services.dashboard.tables import Cell, Column, DataTable
from services.export import KIND_TITLES, ExportFile, percent, totals
from services.present.charts import Point, bar_chart
from services.present.formats import NOTHING, euro, number
from services.present.names import gemeente, taakveld

TITLES: dict[str, str] = {str(kind): title for kind, title in KIND_TITLES.items()}


def _cents(amount: str) -> int:
    return int((Decimal(amount) * 100).to_integral_value())


def coverage_table(file: ExportFile, year: int) -> DataTable:
    """Per kind and period: linked trajectories, exported ones and the coverage, over the visible traffic."""
    table = DataTable(
        "coverage",
        f"Dekking van de BIJ-bestanden {year}",
        [
            Column("bestand"),
            Column("periode"),
            Column("gekoppeld", True),
            Column("geëxporteerd", True),
            Column("dekking", True),
        ],
        empty=f"Geen gekoppelde trajecten in {year}.",
        note="Wat niet geëxporteerd is, staat met de reden in het bijbehorende 'niet exporteerbaar'-bestand.",
    )
    for (kind, label), (linked, exported) in sorted(totals(file.rows).items()):
        share = percent(exported, linked)
        table.rows.append(
            [
                Cell(TITLES.get(kind, kind), kind),
                Cell(label, css="nowrap"),
                Cell(number(linked), linked, css="num"),
                Cell(number(exported), exported, css="num"),
                Cell(f"{share.replace('.', ',')} %" if share else NOTHING, share, css="num"),
            ]
        )
    return table


def reconciliation_table(file: ExportFile, year: int) -> DataTable:
    """The reconciliation rows with names next to the codes and amounts in Dutch notation."""
    table = DataTable(
        "reconciliation",
        f"Aansluiting BIJ ↔ Iv3 {year}",
        [
            Column("gemeente"),
            Column("taakveld"),
            Column("cliënten", True),
            Column("trajecten", True),
            Column("bedrag", True),
            Column("kosten per cliënt", True),
            Column("bedrag zonder traject", True),
            Column("trajecten zonder kosten", True),
        ],
        empty=f"Geen trajecten of geaccepteerde declaraties in {year}.",
        note="Lege tellingen: minder cliënten dan de drempel voor kleine aantallen.",
    )
    at = {name: i for i, name in enumerate(file.columns)}
    for row in file.rows:

        def value(name: str, row: tuple[str, ...] = row) -> str:
            return row[at[name]]

        table.rows.append(
            [
                Cell(gemeente(value("gemeente")), value("gemeente")),
                Cell(taakveld(value("taakveld")), value("taakveld")),
                *(
                    Cell(number(int(value(n))) if value(n) else NOTHING, value(n), css="num")
                    for n in ("clienten", "trajecten")
                ),
                *(
                    Cell(euro(_cents(value(n))) if value(n) else NOTHING, value(n), css="num")
                    for n in ("bedrag", "kosten_per_client", "bedrag_zonder_traject")
                ),
                Cell(
                    number(
                        int(value("trajecten_zonder_kosten")) if value("trajecten_zonder_kosten") else None
                    ),
                    value("trajecten_zonder_kosten"),
                    css="num",
                ),
            ]
        )
    return table


OUTCOMES: dict[str, str] = {
    "uitval": "uitval (eenzijdig door de cliënt)",
    "voortijdig_beeindigd": "voortijdig beëindigd",
    "geen_nieuwe_start": "geen nieuwe start binnen een half jaar",
}
LEVELS: dict[str, str] = {"gemeente": "gemeente", "regio": "jeugdzorgregio", "aanbieder": "aanbieder"}


def outcome_table(file: ExportFile, year: int) -> DataTable:
    """The outcome criteria of the BIJ data (protocol §4.2) from the indicators export, one row per level."""
    table = DataTable(
        "outcomes",
        f"Uitkomstcriteria jeugdhulp {year} (informatieprotocol §4.2)",
        [Column("niveau"), Column("code"), *(Column(title, True) for title in OUTCOMES.values())],
        empty=f"Geen jeugdhulp beëindigd in {year}.",
        note="Percentage van de in het jaar beëindigde trajecten; leeg bij kleine aantallen.",
    )
    at = {name: i for i, name in enumerate(file.columns)}
    cells: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    for row in file.rows:
        if row[at["indicator"]] in OUTCOMES:
            key = (row[at["niveau"]], row[at["code"]])
            cells.setdefault(key, {})[row[at["indicator"]]] = (row[at["waarde"]], row[at["aantal"]])
    for (niveau, code), values in sorted(cells.items()):
        shown = []
        for name in OUTCOMES:
            value, n = values.get(name, ("", ""))
            text = f"{value.replace('.', ',')} % (n = {number(int(n))})" if value else NOTHING
            shown.append(Cell(text, value, css="num"))
        label = gemeente(code) if niveau == "gemeente" else code
        table.rows.append([Cell(LEVELS.get(niveau, niveau), niveau), Cell(label, code), *shown])
    return table


def reconciliation_chart(file: ExportFile, year: int) -> Markup:
    """Accepted amounts per taakveld (all visible gemeenten), split into amounts on a toewijzing with a
    trajectory in the year and amounts without one: the part of the Iv3 total the BIJ side cannot explain."""
    at = {name: i for i, name in enumerate(file.columns)}
    with_trajectory: dict[str, int] = {}
    without: dict[str, int] = {}
    for row in file.rows:
        code = row[at["taakveld"]]
        total, loose = _cents(row[at["bedrag"]]), _cents(row[at["bedrag_zonder_traject"]] or "0")
        with_trajectory[code] = with_trajectory.get(code, 0) + total - loose
        without[code] = without.get(code, 0) + loose
    codes = sorted(with_trajectory)
    return bar_chart(
        f"Geaccepteerde bedragen per taakveld {year} (euro)",
        [taakveld(code) for code in codes],
        {
            "met traject in BIJ": [Point(with_trajectory[c] / 100) for c in codes],
            "zonder traject": [Point(without[c] / 100) for c in codes],
        },
    )

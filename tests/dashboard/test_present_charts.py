"""What the dashboard and the report share to show figures (services.present): Dutch formats, names next to
codes, and charts that scale to the data, carry a title and the n behind each point, and never overlap their
month labels (issue 16: "fixed 0–100 axes", "no titles or counts per point", "month labels overlap",
"€ 1 259.84", "bare AGB codes, taakvelden as bare codes").

Expected values: Dutch number and currency notation as the CLDR ``nl_NL`` locale writes them (thousands with a
dot, decimals with a comma, "€" before the amount); gemeente names from the CBS list
(``../shared/ijw-3.2/codelijsten/cbs-gemeenten-jeugdzorgregio.csv``: 0363 Amsterdam, 0599 Rotterdam);
taakveld omschrijvingen from ``../shared/ijw-3.2/iv3-taakvelden.csv`` (6.72a jeugdhulp begeleiding).
"""

from __future__ import annotations

import datetime as dt
import re

from services.present import charts, formats, labels, names
from services.present.charts import Point, bar_chart, line_chart


def test_dutch_number_currency_and_date_formats() -> None:
    nbsp = "\u00a0"
    assert formats.euro(125984) == f"€{nbsp}1.259,84"  # not "€ 1 259.84"
    assert formats.number(1259) == "1.259"
    assert formats.percent(0.125) == "12,5%"
    assert formats.long_day(dt.date(2026, 12, 3)) == "3 december 2026"
    assert formats.month("2025-03") == "mrt 2025"


def test_one_vocabulary_for_statuses_and_rejected_input() -> None:
    assert [labels.status(s) for s in ("valid", "invalid", "rejected")] == ["geldig", "ongeldig", "geweigerd"]
    # rejected input without a message type: one term, not "-", "(rejected)" or "(unidentified input)"
    assert labels.berichtsoort("") == labels.berichtsoort(None) == labels.UNIDENTIFIED


def test_names_next_to_codes() -> None:
    assert names.gemeente("0599") == "0599 Rotterdam"
    assert names.taakveld("6.72a") == "6.72a jeugdhulp begeleiding"
    known = names.Names({"98000001": "Jeugdhulp De Linde"})
    assert known.aanbieder("98000001") == "98000001 Jeugdhulp De Linde"
    assert known.party("gemeente", "0363") == "0363 Amsterdam"


def _axis_labels(svg: str, axis: str) -> list[str]:
    start = svg.index(f'class="axis {axis}')
    end = svg.index("</g></g>", start)
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg[start:end])


def test_the_value_axis_scales_to_the_data() -> None:
    svg = str(
        line_chart(
            "Aandeel met een fout", ["2025-01", "2025-02"], {"fout": [Point(0.01, 500), Point(0.012, 400)]}
        )
    )
    ticks = [float(t.rstrip("%").replace(",", ".")) for t in _axis_labels(svg, "y")]
    assert max(ticks) <= 2.0, ticks  # a 1 % share is not drawn on a 0–100 % axis


def test_every_chart_has_a_title_and_the_n_of_each_point() -> None:
    svg = str(
        bar_chart(
            "Berichten per maand",
            ["2025-01", "2025-02"],
            {"geldig": [Point(3, 3, "/b?maand=2025-01"), Point(1234, 1234, "/b?maand=2025-02")]},
        )
    )
    assert 'class="title plot_title">Berichten per maand</text>' in svg
    assert "feb 2025 · geldig: 1.234 (n = 1.234)" in svg
    assert svg.count("<a ") == 2 and 'href="/b?maand=2025-02"' in svg  # each bar leads to its messages


def test_month_labels_never_crowd() -> None:
    months = [f"{y}-{m:02d}" for y in (2024, 2025, 2026) for m in range(1, 13)]
    svg = str(line_chart("Drie jaar", months, {"a": [Point(0.5, 10)] * len(months)}))
    shown = _axis_labels(svg, "x")
    assert 0 < len(shown) <= charts.MAX_X_LABELS, shown


def test_charts_make_no_request_and_run_no_script() -> None:
    svg = str(line_chart("x", ["2025-01"], {"a": [Point(0.5, 1, "/berichten?maand=2025-01")]}))
    assert "<script" not in svg and "<!--" not in svg
    references = re.findall(r'(?:href|src)="([^"]*)"', svg) + re.findall(r"url\(([^)]*)\)", svg)
    assert references and all(r.startswith("/") for r in references), references
    assert charts.style_hashes(f"<p>{svg}</p>")[0].startswith("'sha256-")

"""The feedback report: content per party, CSV files, no personal data, and rendering in headless Chromium."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixtures_quality import A1, A2, AS_OF, BSN1, BSN2, BSN3, G2, build_scenario, insert_broken_traject
from sqlalchemy import Engine

from ijw.db import make_engine, migrate
from services.quality.report import CSV_FILES, build_report, render_report, report_csv, write_report


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    migrate(db_url)
    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


def test_aanbieder_report_shows_its_own_traffic_only(engine: Engine) -> None:
    build_scenario(engine)
    html = render_report(engine, "aanbieder", A1, AS_OF)
    assert f"aanbieder {A1}" in html and "<svg" in html and "<script" not in html
    assert '<html lang="nl">' in html and "Kwaliteit van het iJw-berichtenverkeer" in html
    assert "1002" in html and "1077" in html  # incomplete trajectories by ToewijzingNummer
    assert "2001" not in html and "TR322" not in html and A2 not in html  # the other aanbieder's
    for bsn in (BSN1, BSN2, BSN3):
        assert bsn not in html
    assert _external_references(html) == []
    gemeente = render_report(engine, "gemeente", G2, AS_OF)
    assert "2001" in gemeente and "TR322" in gemeente and "1002" not in gemeente
    with pytest.raises(ValueError):
        render_report(engine, "aanbieder", None, AS_OF)


def _external_references(html: str) -> list[str]:
    """Every address in an attribute or a CSS ``url()`` of the page that points outside it."""
    from lxml import html as lxml_html

    found = []
    for element in lxml_html.fromstring(html).iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            is_address = name.endswith("href") or name in ("src", "action", "data", "poster")
            if is_address and re.match(r"^\s*(https?:)?//", value):
                found.append(value)
    found += [u for u in re.findall(r"url\(([^)]*)\)", html) if re.match(r"^['\"]?\s*(https?:)?//", u)]
    return found


def test_report_in_dutch_with_a_suite_that_fails(engine: Engine, db_url: str) -> None:
    """The report shows what the suites found (issue 16: "No suite has run yet", "only an expectation class
    name, no columns, no failing rows"): per failing expectation its columns, counts and failing rows, never a
    BSN; a party's report leaves out rows and values (they are of everyone's traffic)."""
    pytest.importorskip("great_expectations", reason="the optional extra 'quality' is not installed")
    from services.quality.expectations import run_suites

    build_scenario(engine)
    empty = render_report(engine, None, None, AS_OF)
    assert "Nog geen suite gedraaid" in empty and "ijw quality suites" in empty
    insert_broken_traject(engine, G2, A2, 7003, "12AB")
    run_suites(db_url, names=["trajecten"])
    html = render_report(engine, None, None, AS_OF)
    assert "Nog geen suite gedraaid" not in html and "niet gehaald" in html
    failing = html[html.index("Suite trajecten: niet gehaalde verwachtingen") :]
    assert "Einddatum ligt niet vóór Ingangsdatum" in failing
    assert "<code>einddatum</code>, <code>ingangsdatum</code>" in failing
    assert "1 van 4 rijen voldoen niet" in failing
    rows = [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", r)]
        for r in re.findall(r"<tr>(.*?)</tr>", failing.split("</table>")[0], re.S)
    ]
    assert any("7003" in r and "2025-04-01" in r for r in rows), rows
    assert "<code>99</code>" in failing  # the productcategorie outside JZ020
    for bsn in ("12AB", BSN1, BSN2, BSN3):
        assert bsn not in html
    party = render_report(engine, "gemeente", G2, AS_OF)
    assert "<code>einddatum</code>" in party and "7003" not in party and "rijen voldoen niet" not in party


def test_csv_files(engine: Engine, tmp_path: Path) -> None:
    build_scenario(engine)
    written = write_report(engine, tmp_path, "aanbieder", A1, AS_OF)
    assert sorted(p.name for p in written) == sorted(["report.html", *CSV_FILES])
    data = build_report(engine, "aanbieder", A1, AS_OF)
    trend = list(csv.DictReader(io.StringIO(report_csv(data, "trend.csv"))))
    assert [r["month"] for r in trend] == ["2025-01", "2025-02", "2025-03"]
    assert trend[0]["start_within_rate"] == "0.5000"
    # the files of the report have Dutch headers (its readers are Dutch), the same values
    incomplete = list(csv.DictReader((tmp_path / "incomplete-trajecten.csv").open()))
    assert {r["ToewijzingNummer"] for r in incomplete} == {"1002", "1077"}
    late = list(csv.DictReader((tmp_path / "retour-lateness.csv").open()))
    assert [(r["antwoord"], r["werkdagen"]) for r in late] == [("JW306", "6")]
    rules = list(csv.DictReader((tmp_path / "findings-by-rule.csv").open()))
    assert {r["regel"] for r in rules} == {"PC-REGIONAAL-ONBEKEND", "TR019"}
    codes = list(csv.DictReader((tmp_path / "regional-product-codes.csv").open()))
    assert codes[0]["aandeel regionaal"] == "0.5000"
    for path in written:
        text = path.read_text()
        assert BSN1 not in text and BSN2 not in text
    with pytest.raises(KeyError):
        report_csv(data, "other.csv")


def _api_columns(name: str) -> list[str]:
    """The columns ``docs/api.md`` documents for ``/kwaliteit/rapport.csv?bestand=<name>`` (the contract)."""
    doc = (Path(__file__).parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| `{re.escape(name)}` \| (.*) \|$", doc, re.M)
    assert row, name
    columns: list[str] = re.findall(r"`([^`]+)`", row.group(1))
    if name != "trend.csv":
        return columns[0].split(",")
    head, ratios = columns[0].split(","), columns[2:]  # "<n>_numerator,<n>_denominator,<n>_rate" per name
    return head + [f"{n}_{part}" for n in ratios for part in ("numerator", "denominator", "rate")]


@pytest.mark.parametrize("name", CSV_FILES)
def test_report_files_have_dutch_headers_and_the_api_keeps_its_contract(
    engine: Engine, tmp_path: Path, name: str
) -> None:
    """Issue 16: the report's CSV files had English headers. The files ``ijw quality report`` writes have
    Dutch ones; ``/kwaliteit/rapport.csv`` keeps the column names docs/api.md documents; same values."""
    build_scenario(engine)
    write_report(engine, tmp_path, "aanbieder", A1, AS_OF)
    written = list(csv.reader((tmp_path / name).open(encoding="utf-8")))
    api = list(csv.reader(io.StringIO(report_csv(build_report(engine, "aanbieder", A1, AS_OF), name))))
    assert api[0] == _api_columns(name)
    assert written[1:] == api[1:]
    assert len(written[0]) == len(api[0]) and len(set(written[0])) == len(written[0])
    english = set(api[0]) - {"gemeente", "aanbieder", "aspecifiek", "uniform", "berichtsoort"}
    english -= {"heenbericht", "werkdagen"}  # Dutch terms of the standard in the API's names as well
    assert not english & set(written[0]), written[0]
    assert not any("_" in header for header in written[0]), written[0]


def _png_pixels_vary(png: bytes) -> bool:
    """Whether a PNG (8-bit RGB/RGBA, as Chromium writes) has more than one colour."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, colour = 8, b"", 0, 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = {2: 3, 6: 4}[colour]
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    rows = [raw[i + 1 : i + stride] for i in range(0, len(raw), stride)]
    first_row = rows[0]
    first_pixel = first_row[:channels]
    # filtered rows: a row that differs from a solid first row, or a non-solid first row, shows content
    return any(row != first_row for row in rows[1:]) or first_row != first_pixel * width


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.browser
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        reason = "headless Chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    migrate(url)
    engine = make_engine(url)
    try:
        build_scenario(engine)
        write_report(engine, tmp_path / "out", "aanbieder", A1, AS_OF)
    finally:
        engine.dispose()
    page = tmp_path / "out" / "report.html"
    shot = tmp_path / "report.png"
    proc = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.exists() and shot.stat().st_size > 20_000
    assert _png_pixels_vary(shot.read_bytes())
    problems = [
        line
        for line in proc.stderr.splitlines()
        if any(
            marker in line
            for marker in ("CONSOLE", "Uncaught", "Failed to load resource", "net::ERR_", "SyntaxError")
        )
    ]
    assert problems == []

"""The quality and exports pages without a browser: party rules, export grants, downloads, pseudonyms.

``test_dashboard_browser.py`` walks the same pages in Chromium; these check what a browser cannot see
easily: the bytes of the downloads, the status codes, and agreement with the quality service's numbers.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator

import pytest
from dashboard_support import AFNEMER_EXPORTS, PSEUDONYM_KEY, TrafficDb, login
from fastapi.testclient import TestClient
from sqlalchemy import select

from ijw.auth.credentials import issue
from ijw.db import make_engine
from ijw.db import models as m
from ijw.pseudonym import Pseudonymiser
from ijw_app.http import create_app
from services.dashboard.exports import downloads
from services.ingest.api import ApiSettings
from services.quality.indicators import compute_indicators


@pytest.fixture
def app(traffic_db: TrafficDb, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", PSEUDONYM_KEY)
    yield create_app(ApiSettings(db_url=traffic_db.url, bootstrap_servers=None, migrate=False))


def _client(app: object, key: str) -> TestClient:
    client = TestClient(app, base_url="https://testserver")  # type: ignore[arg-type]
    response = login(client, key)
    assert response.status_code == 303, response.text
    return client


def _table(html: str, table_id: str) -> list[list[str]]:
    """The cell texts of the rows of table ``table_id`` (tags stripped)."""
    body = re.search(rf'<table id="{table_id}"[^>]*>.*?<tbody>(.*?)</tbody>', html, re.S)
    assert body is not None, f"no table {table_id}"
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows.append(cells)
    return rows


def _csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def test_quality_page_shows_the_parties_own_counterparts(traffic_db: TrafficDb, app: object) -> None:
    gemeente = _client(app, traffic_db.keys["gemeente"])
    page = gemeente.get("/dashboard/quality")
    assert page.status_code == 200
    rows = _table(page.text, "parties")
    engine = make_engine(traffic_db.url)
    try:
        expected = compute_indicators(engine, gemeente=traffic_db.gemeente, per="aanbieder")
    finally:
        engine.dispose()
    messages = {t.party: 0 for t in expected.trend()}
    for t in expected.trend():
        messages[t.party] = messages[t.party] + t.messages
    shown = {r[0].split()[0]: int(r[1].replace(".", "")) for r in rows}  # Dutch thousands: 1.234
    assert shown == messages, "the page's per-aanbieder messages differ from compute_indicators"
    assert set(shown) <= set(traffic_db.aanbieders)
    other = next(g for g in traffic_db.gemeenten if g != traffic_db.gemeente)
    assert other not in page.text
    # narrowing to another gemeente is refused; to an own aanbieder it works
    assert gemeente.get(f"/dashboard/quality?gemeente={other}").status_code == 403
    narrowed = gemeente.get(f"/dashboard/quality?aanbieder={next(iter(shown))}")
    assert narrowed.status_code == 200 and len(_table(narrowed.text, "parties")) == 1
    assert 'class="line reactive nofill"' in page.text and _table(page.text, "findings")


def test_quality_page_of_an_aanbieder_and_a_beheerder(traffic_db: TrafficDb, app: object) -> None:
    aanbieder = _client(app, traffic_db.keys["aanbieder"])
    page = aanbieder.get("/dashboard/quality").text
    gemeenten = {r[0].split()[0] for r in _table(page, "parties")}
    assert gemeenten and gemeenten <= set(traffic_db.gemeenten)
    for other in traffic_db.aanbieders:
        if other != traffic_db.aanbieder:
            assert other not in page
            assert aanbieder.get(f"/dashboard/quality?aanbieder={other}").status_code == 403
    beheerder = _client(app, traffic_db.keys["beheerder"])
    everyone = {r[0].split()[0] for r in _table(beheerder.get("/dashboard/quality").text, "parties")}
    assert everyone == set(traffic_db.aanbieders)
    one = beheerder.get(f"/dashboard/quality?aanbieder={traffic_db.aanbieder}").text
    assert {r[0].split()[0] for r in _table(one, "parties")} == gemeenten


def test_afnemer_sees_its_grants_only(traffic_db: TrafficDb, app: object) -> None:
    afnemer = _client(app, traffic_db.keys["afnemer"])
    home = afnemer.get("/dashboard/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/dashboard/exports"
    page = afnemer.get("/dashboard/exports")
    assert page.status_code == 200
    granted = traffic_db.afnemer_gemeente
    iv3 = _table(page.text, "iv3")
    assert iv3 and {r[0].split()[0] for r in iv3} == {granted}
    # taakvelden with their omschrijving (../shared/ijw-3.2/iv3-taakvelden.csv), amounts in Dutch notation
    taakvelden = {"6.72a": "jeugdhulp begeleiding", "6.72b": "jeugdhulp behandeling"}
    for row in iv3:
        code = row[1].split()[0]
        assert len(row[1].split()) > 1, f"taakveld {code} without its name"
        if code in taakvelden:
            assert row[1] == f"{code} {taakvelden[code]}"
        assert re.fullmatch(r"€\s-?[\d.]+,\d\d", html.unescape(row[2])), row[2]
    for code in traffic_db.gemeenten + traffic_db.aanbieders:
        if code != granted:
            assert code not in page.text, f"{code} on the afnemer's exports page"
    links = re.findall(r'href="(/dashboard/exports/file\?[^"]+)"', page.text)
    exports = {re.search(r"export=(\w+)", link).group(1) for link in links}  # type: ignore[union-attr]
    assert exports == set(AFNEMER_EXPORTS) | {"coverage"}  # the BIJ coverage comes with the BIJ grant
    for path in ("/dashboard/quality", "/dashboard/pipeline"):
        assert afnemer.get(path).status_code == 403
    assert 'id="reconciliation"' not in page.text  # not granted: no table, no chart
    for export in ("reconciliation", "indicators"):
        assert afnemer.get(f"/dashboard/exports/file?export={export}&period=2025").status_code == 403


def test_exports_page_shows_coverage_and_the_reconciliation(traffic_db: TrafficDb, app: object) -> None:
    """The BIJ coverage per kind and period, and the BIJ ↔ Iv3 reconciliation as a table and a chart, each
    the same figures as the export files."""
    beheerder = _client(app, traffic_db.keys["beheerder"])
    page = beheerder.get("/dashboard/exports?year=2025").text
    coverage = _table(page, "coverage")
    file = _csv(beheerder.get("/dashboard/exports/file?export=coverage&period=2025").content)
    linked = sum(int(r["gekoppeld"]) for r in file if (r["soort"], r["periode"]) == ("jh", "2025-H1"))
    jh = [row for row in coverage if row[:2] == ["jeugdhulp", "2025-H1"]]
    assert jh and jh[0][2].replace(".", "") == str(linked)
    reconciliation = _table(page, "reconciliation")
    rows = _csv(beheerder.get("/dashboard/exports/file?export=reconciliation&period=2025").content)
    assert len(reconciliation) == len(rows) > 0
    assert "Geaccepteerde bedragen per taakveld 2025" in page and "<svg" in page
    outcomes = _table(page, "outcomes")
    indicators = _csv(beheerder.get("/dashboard/exports/file?export=indicators&period=2025").content)
    uitval = {(r["niveau"], r["code"]): r for r in indicators if r["indicator"] == "uitval"}
    assert outcomes and len(outcomes) == len(uitval)


def test_downloads_are_the_api_files_within_the_grant(traffic_db: TrafficDb, app: object) -> None:
    afnemer = _client(app, traffic_db.keys["afnemer"])
    page = afnemer.get("/dashboard/exports?year=2025").text
    links = [
        link.replace("&amp;", "&") for link in re.findall(r'href="(/dashboard/exports/file\?[^"]+)"', page)
    ]
    assert links
    headers = {"Authorization": f"Bearer {traffic_db.keys['afnemer']}"}
    for link in links:
        response = afnemer.get(link)
        assert response.status_code == 200, (link, response.text[:300])
        assert response.headers["content-disposition"].startswith("attachment; filename=")
        body = response.content
        assert not any(bsn.encode() in body for bsn in traffic_db.bsns), link
        rows = _csv(body)
        if "gemeente" in (rows[0] if rows else {}):
            assert {r["gemeente"] for r in rows} <= {traffic_db.afnemer_gemeente}, link
    # the same bytes as the HTTP API for the same credential
    bij = afnemer.get("/dashboard/exports/file?export=bij&kind=jh&period=2025-H1")
    api = afnemer.get("/exports/bij?period=2025-H1&format=csv", headers=headers)
    assert bij.content == api.content and _csv(bij.content)
    assert all(re.fullmatch(r"[0-9a-f]{64}", r["bsn"]) for r in _csv(bij.content))
    iv3 = afnemer.get("/dashboard/exports/file?export=iv3&period=2025")
    assert iv3.content == afnemer.get("/exports/iv3?year=2025&format=csv", headers=headers).content
    assert afnemer.get("/exports/reconciliation?year=2025", headers=headers).status_code == 403


def test_no_pseudonym_key_no_bij_download(traffic_db: TrafficDb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IJW_PSEUDONYM_KEY", raising=False)
    app = create_app(ApiSettings(db_url=traffic_db.url, bootstrap_servers=None, migrate=False))
    afnemer = _client(app, traffic_db.keys["afnemer"])
    page = afnemer.get("/dashboard/exports").text
    assert "geen pseudoniemsleutel ingesteld" in page and "(niet beschikbaar)" in page
    response = afnemer.get("/dashboard/exports/file?export=bij&kind=jh&period=2025-H1")
    assert response.status_code == 503
    assert not any(bsn.encode() in response.content for bsn in traffic_db.bsns)
    assert afnemer.get("/dashboard/exports/file?export=iv3&period=2025").status_code == 200


def test_entitled_afnemer_downloads_bsn(traffic_db: TrafficDb, app: object) -> None:
    engine = make_engine(traffic_db.url)
    try:
        key = issue(engine, "afnemer", "cbs-bsn", bsn_entitled=True).key
    finally:
        engine.dispose()
    client = _client(app, key)
    assert "met hun BSN" in client.get("/dashboard/exports").text
    rows = _csv(client.get("/dashboard/exports/file?export=bij&kind=jh&period=2025-H1").content)
    assert rows and {r["bsn"] for r in rows} <= traffic_db.bsns


def test_bad_download_requests(traffic_db: TrafficDb, app: object) -> None:
    beheerder = _client(app, traffic_db.keys["beheerder"])
    for query in (
        "export=bij&kind=jh&period=2025",  # a BIJ file is per half year
        "export=bij&kind=jr&period=2025-H1",  # jeugdreclassering per quarter
        "export=iv3&period=2025-H1",
        "export=iv3&period=20x5",
        "export=bsn&period=2025",
    ):
        assert beheerder.get(f"/dashboard/exports/file?{query}").status_code == 422, query


def test_download_list_follows_the_grants() -> None:
    from ijw.auth.scopes import DEFAULT_SCOPES, Principal

    everything = Principal("k", "beheerder", "ops", DEFAULT_SCOPES["beheerder"])
    names = [d.name for d in downloads(everything, 2025)]
    assert "bij-jr-2025-Q4.csv" in names and "bij-jh-2025-H2.unexportable.csv" in names
    assert {
        "iv3-2025.csv",
        "iv3-2025-kwartalen.csv",
        "reconciliation-2025.csv",
        "indicators-2025.csv",
    } <= set(names)
    regio = Principal("k", "afnemer", "r", DEFAULT_SCOPES["afnemer"], exports=frozenset({"indicators"}))
    assert [d.name for d in downloads(regio, 2025)] == ["indicators-2025.csv"]
    # one set of file names (issue 16: bij-2025-H1.csv in out/export, bij-jh-2025-H1.csv here): what
    # ijw export run and the demo write is named as the dashboard and the API name it
    from services.export.batch import file_names

    written = set(file_names(2025))
    assert {n for n in names if "kwartalen" not in n} <= written


def test_trajectory_shows_the_clients_quality_findings(traffic_db: TrafficDb, app: object) -> None:
    """The trajectory page lists the quality findings on the client's messages the principal may read."""
    engine = make_engine(traffic_db.url)
    try:
        with engine.connect() as conn:
            q = m.QualityFinding
            rows = conn.execute(select(q.bsn, q.check, q.gemeente).where(q.bsn.is_not(None))).all()
        bsn, _, gemeente = rows[0] if rows else (None, None, None)
        other = next(g for g in traffic_db.gemeenten if g != gemeente)
        other_key = issue(engine, "gemeente", other).key
    finally:
        engine.dispose()
    assert bsn is not None, "the test traffic has no quality finding on a client"
    pseudonym = Pseudonymiser(PSEUDONYM_KEY.encode()).pseudonym(bsn)
    page = _client(app, traffic_db.keys["beheerder"]).get(f"/dashboard/trajectories/{pseudonym}").text
    assert {r[1] for r in _table(page, "client-findings")} == {c for b, c, _ in rows if b == bsn}
    assert bsn not in page
    # another gemeente sees the findings on its own messages only (or not the client at all)
    response = _client(app, other_key).get(f"/dashboard/trajectories/{pseudonym}")
    if response.status_code == 200:
        own = {c for b, c, g in rows if b == bsn and g == other}
        assert {r[1] for r in _table(response.text, "client-findings") if len(r) > 1} == own
    else:
        assert response.status_code == 404

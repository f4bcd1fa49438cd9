"""From every figure and rule on the dashboard to the messages behind it, from a message to its XML, findings
and retour, and a CSV of every table under the page's own selection (issue 16: "no way from a figure or a
rule to the messages behind it, and no CSV download"; "aanbieders appear as bare AGB codes").

The expected sets are computed here straight from the database tables (``berichten``, ``findings``,
``quality_findings``) with the party rule of ``GET /berichten`` written out (a gemeente reads the messages of
its gemeentecode), not through the dashboard's query code.
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from dashboard_support import PSEUDONYM_KEY, TrafficDb, login
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from ijw.db import decompress, make_engine
from ijw.db import models as m
from ijw_app.http import create_app
from services.ingest.api import ApiSettings


@pytest.fixture
def gemeente(traffic_db: TrafficDb, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", PSEUDONYM_KEY)
    app = create_app(ApiSettings(db_url=traffic_db.url, bootstrap_servers=None, migrate=False))
    client = TestClient(app, base_url="https://testserver")
    assert login(client, traffic_db.keys["gemeente"]).status_code == 303
    yield client


def _links(page: str, table_id: str) -> list[str]:
    body = re.search(rf'<table id="{table_id}"[^>]*>(.*?)</table>', page, re.S)
    assert body is not None, f"no table {table_id}"
    return [html_lib.unescape(h) for h in re.findall(r'<a href="([^"]+)"', body.group(1))]


def _listed_ids(client: TestClient, link: str) -> set[int]:
    """The message ids of the list a link leads to, read from its CSV (every row, not just the page's)."""
    parts = urlsplit(link)
    page = client.get(parts.path + "?" + parts.query)
    assert page.status_code == 200, link
    rows = _csv(client, parts.path + "?" + parts.query, "berichten")
    return {int(r["bericht"]) for r in rows}


def _csv(client: TestClient, path: str, table: str) -> list[dict[str, str]]:
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}formaat=csv&tabel={table}")
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == f'attachment; filename="{table}.csv"'
    return list(csv.DictReader(io.StringIO(response.text)))


def _own(conn: object, gemeente: str) -> object:
    return m.Bericht.gemeente == gemeente


def test_a_rule_row_leads_to_exactly_its_messages(gemeente: TestClient, traffic_db: TrafficDb) -> None:
    page = gemeente.get("/dashboard/validation").text
    rule_links = [h for h in _links(page, "rules") if "regel=" in h]
    assert rule_links
    engine = make_engine(traffic_db.url)
    try:
        with engine.connect() as conn:
            for link in rule_links[:4]:
                rule = parse_qs(urlsplit(link).query)["regel"][0]
                expected = set(
                    conn.execute(
                        select(m.Bericht.id)
                        .join(m.FindingRow, m.FindingRow.bericht_id == m.Bericht.id)
                        .where(m.Bericht.gemeente == traffic_db.gemeente, m.FindingRow.rule == rule)
                    ).scalars()
                ) | set(
                    conn.execute(
                        select(m.Bericht.id)
                        .join(m.QualityFinding, m.QualityFinding.bericht_id == m.Bericht.id)
                        .where(m.Bericht.gemeente == traffic_db.gemeente, m.QualityFinding.check == rule)
                    ).scalars()
                )
                assert expected and _listed_ids(gemeente, link) == expected, rule
    finally:
        engine.dispose()


def test_a_count_leads_to_as_many_messages(gemeente: TestClient, traffic_db: TrafficDb) -> None:
    """Each count of the per-type table links to a list of exactly that many messages; the chart's bars
    link to the messages of their month."""
    page = gemeente.get("/dashboard/pipeline").text
    rows = re.findall(
        r"<tr>(.*?)</tr>", re.search(r'<table id="per-type".*?<tbody>(.*?)</tbody>', page, re.S)[1]
    )
    checked = 0
    for row in rows:
        for href, shown in re.findall(r'<a href="([^"]+)">([\d.]+)</a>', row):
            assert len(_listed_ids(gemeente, html_lib.unescape(href))) == int(shown.replace(".", ""))
            checked += 1
    assert checked >= 4
    months = [html_lib.unescape(h) for h in re.findall(r'<a [^>]*xlink:href="([^"]*maand=[^"]+)"', page)]
    assert months, "the monthly chart's bars lead nowhere"
    engine = make_engine(traffic_db.url)
    try:
        link = months[0]
        query = parse_qs(urlsplit(link).query)
        with engine.connect() as conn:
            n = conn.execute(
                select(func.count())
                .select_from(m.Bericht)
                .where(
                    m.Bericht.gemeente == traffic_db.gemeente,
                    m.Bericht.status == query["status"][0],
                    func.substr(func.cast(m.Bericht.dagtekening, m.Bericht.berichtsoort.type), 1, 7)
                    == query["maand"][0],
                )
            ).scalar_one()
        assert len(_listed_ids(gemeente, link)) == n
    finally:
        engine.dispose()


def test_a_message_shows_its_xml_findings_and_retour(gemeente: TestClient, traffic_db: TrafficDb) -> None:
    engine = make_engine(traffic_db.url)
    try:
        with engine.connect() as conn:
            judged = conn.execute(
                select(m.Bericht.id, m.Bericht.raw_xml)
                .join(m.QualityFinding, m.QualityFinding.bericht_id == m.Bericht.id)
                .where(m.Bericht.gemeente == traffic_db.gemeente)
                .order_by(m.Bericht.id)
            ).first()
            with_retour = conn.execute(
                select(m.Bericht.id).where(
                    m.Bericht.gemeente == traffic_db.gemeente, m.Bericht.retour_xml.is_not(None)
                )
            ).scalar()
            foreign = conn.execute(
                select(m.Bericht.id).where(m.Bericht.gemeente != traffic_db.gemeente)
            ).scalar()
            assert judged is not None and with_retour is not None and foreign is not None
            expected = {
                ("ingest", r)
                for r in conn.execute(
                    select(m.FindingRow.rule).where(m.FindingRow.bericht_id == judged.id)
                ).scalars()
            } | {
                ("quality", c)
                for c in conn.execute(
                    select(m.QualityFinding.check).where(m.QualityFinding.bericht_id == judged.id)
                ).scalars()
            }
    finally:
        engine.dispose()
    page = gemeente.get(f"/dashboard/berichten/{judged.id}")
    assert page.status_code == 200
    findings = _csv(gemeente, f"/dashboard/berichten/{judged.id}", "bevindingen")
    assert {(r["gevonden door"], r["regel"]) for r in findings} == expected and expected
    identificatie = re.search(rb"<(?:\w+:)?Identificatie>([^<]+)<", decompress(judged.raw_xml))
    assert identificatie is not None and identificatie.group(1).decode() in page.text  # the XML itself
    for bsn in traffic_db.bsns:
        assert bsn not in page.text
    for surname in traffic_db.surnames:
        assert not re.search(rf"\b{re.escape(surname)}\b", page.text), "a client's surname in the XML view"
    assert "pseudoniem" in page.text and "***" in page.text
    retour = gemeente.get(f"/dashboard/berichten/{with_retour}").text
    assert "Het retourbericht dat de validatie" in retour and re.search(r"JW3\d\d", retour)
    assert gemeente.get(f"/dashboard/berichten/{foreign}").status_code == 404


def test_csv_holds_the_rows_of_the_page(gemeente: TestClient, traffic_db: TrafficDb) -> None:
    page = gemeente.get("/dashboard/validation?berichtsoort=JW301").text
    shown = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r'<td><a href="[^"]*"><code>([^<]+)</code>', page)]
    rows = _csv(gemeente, "/dashboard/validation?berichtsoort=JW301", "rules")
    assert [r["regel"] for r in rows] == shown and rows
    assert (
        'href="?berichtsoort=JW301&amp;formaat=csv&amp;tabel=rules"' in page
    )  # the link keeps the selection
    assert gemeente.get("/dashboard/validation?formaat=csv&tabel=geen").status_code == 404
    for table in ("per-type", "pairs", "recent"):
        assert _csv(gemeente, "/dashboard/pipeline", table)
    quality = _csv(gemeente, "/dashboard/quality", "parties")
    assert {r["aanbieder"] for r in quality} <= set(traffic_db.aanbieders)  # raw codes in the CSV


def test_aanbieders_appear_with_their_names(gemeente: TestClient, traffic_db: TrafficDb) -> None:
    engine = make_engine(traffic_db.url)
    try:
        with engine.connect() as conn:
            names = dict(
                conn.execute(select(m.Party.code, m.Party.naam).where(m.Party.soort == "aanbieder")).all()
            )
    finally:
        engine.dispose()
    page = html_lib.unescape(gemeente.get("/dashboard/pipeline").text)
    pairs = re.search(r'<table id="pairs".*?</table>', page, re.S)
    assert pairs is not None
    shown = [code for code, naam in names.items() if naam and f"{code} {naam}" in pairs.group(0)]
    assert shown, "no aanbieder name next to its AGB code"
    quality = html_lib.unescape(gemeente.get("/dashboard/quality").text)
    assert any(f"{code} {names[code]}" in quality for code in shown)


def test_a_volume_in_euros_reads_as_euros(gemeente: TestClient, traffic_db: TrafficDb) -> None:
    """WJ756 eenheid 83 ("Euro's"): the Volume is in eurocents (iJw 3.2 Volume of a toewijzing with eenheid
    83 carries the amount in cents, as Bedrag does), so 320000 reads "€ 3.200,00", not "volume 320000"."""
    from ijw.pseudonym import Pseudonymiser

    engine = make_engine(traffic_db.url)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                select(m.Toewijzing.bsn, m.Toewijzing.volume).where(
                    m.Toewijzing.gemeente == traffic_db.gemeente,
                    m.Toewijzing.eenheid == "83",
                    m.Toewijzing.volume > 100_000,
                )
            ).first()
    finally:
        engine.dispose()
    assert row is not None, "the test traffic has no toewijzing in euros"
    euros, cents = divmod(row.volume, 100)
    expected = f"volume €\u00a0{euros:,}".replace(",", ".") + f",{cents:02d}"
    page = gemeente.get(f"/dashboard/trajectories/{Pseudonymiser(PSEUDONYM_KEY.encode()).pseudonym(row.bsn)}")
    assert page.status_code == 200
    assert expected in html_lib.unescape(page.text)
    assert f"volume {row.volume} 83" not in page.text


def test_a_mistyped_value_gets_a_dutch_page_not_json(gemeente: TestClient) -> None:
    response = gemeente.get("/dashboard/validation?berichtsoort=JW3O1")
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    assert "Ongeldige invoer" in response.text and "berichtsoort" in response.text
    assert '<html lang="nl">' in response.text


def test_the_error_share_leads_to_its_messages(gemeente: TestClient) -> None:
    """The quality page's "berichten met een fout" (errors of validation or of the quality service) and the
    validation page's count of messages with a validation error each lead to as many messages."""
    page = gemeente.get("/dashboard/quality").text
    card = re.search(
        r'<a class="card" href="([^"]*ernst=error[^"]*)">.*?([\d.]+) van ([\d.]+)</span>', page, re.S
    )
    assert card is not None
    assert len(_listed_ids(gemeente, html_lib.unescape(card.group(1)))) == int(card.group(2).replace(".", ""))
    validation = gemeente.get("/dashboard/validation").text
    for href, shown in re.findall(r'<a href="([^"]*bron=validatie[^"]*)">([\d.]+)</a>', validation):
        assert len(_listed_ids(gemeente, html_lib.unescape(href))) == int(shown.replace(".", ""))


def test_rejected_input_is_named_once_and_not_shown(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Input that is not XML is "niet herkend" (one term on every page) and its bytes are not shown: nothing
    in them says where a name or a BSN is."""
    from pathlib import Path

    from ijw.auth.credentials import issue
    from ijw.db import migrate
    from services.ingest.contracts import IncomingMessage
    from services.ingest.processing import IngestProcessor

    assert isinstance(tmp_path, Path)
    url = f"sqlite:///{tmp_path / 'rejected.sqlite'}"
    migrate(url)
    engine = make_engine(url)
    try:
        IngestProcessor(engine).process_batch(
            [IncomingMessage(b"Jansen 999990019 <Bericht", "file:kapot.xml")]
        )
        key = issue(engine, "beheerder", "ops").key
        with engine.connect() as conn:
            (bericht_id,) = conn.execute(select(m.Bericht.id)).scalars().all()
    finally:
        engine.dispose()
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", PSEUDONYM_KEY)
    client = TestClient(
        create_app(ApiSettings(db_url=url, bootstrap_servers=None, migrate=False)),
        base_url="https://testserver",
    )
    assert login(client, key).status_code == 303
    listed = client.get("/dashboard/berichten?status=rejected").text
    assert "niet herkend" in listed and "(rejected)" not in listed and "unidentified" not in listed
    page = client.get(f"/dashboard/berichten/{bericht_id}").text
    assert 'id="geen-xml"' in page and "niet herkend" in page
    assert "Jansen" not in page and "999990019" not in page

"""The answer audit in the API (``/kwaliteit/audit``) and on the dashboard's quality page: per gemeente and
aanbieder, the share of answers as the standard prescribes and the amount approved against the rules, for
the party's own traffic only.

Traffic: aanbieder A1 declares a second debet for January (TR389, "mag alleen ingezonden worden … als er
niet al eerder een debetprestatie is verzonden") that the gemeente approves (its JW325 returns nothing;
OP304: only rejected prestaties are in the answer); aanbieder A2's traffic is answered as prescribed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from builder import G, P, Traffic
from fastapi.testclient import TestClient

from ijw.auth import issue
from ijw.db import make_engine
from ijw_app.http import create_app
from services.ingest.api import ApiSettings
from services.quality.report import render_report

D = dt.date
JAN = (D(2025, 1, 1), D(2025, 1, 31))
A1, A2 = "12345678", "87654321"
SECOND = P("R2", 1, *JAN, volume=7, tarief=250)  # € 17,50 approved against TR389


@pytest.fixture
def audited(traffic: Traffic, db_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    one = Traffic(traffic.engine, aanbieder=A1)
    two = Traffic(traffic.engine, aanbieder=A2)
    for t, refs in ((one, ("R1",)), (two, ("S1",))):
        t.jw301(D(2025, 1, 2), 1, ingang=D(2025, 1, 1))
        t.jw305(D(2025, 1, 3), 1, D(2025, 1, 1))
        t.jw323(D(2025, 2, 3), JAN, [P(refs[0], 1, *JAN, volume=12)])
    one.jw323(D(2025, 3, 3), JAN, [SECOND])
    one.run()
    keys = {
        "a1": issue(traffic.engine, "aanbieder", A1).key,
        "a2": issue(traffic.engine, "aanbieder", A2).key,
        "gemeente": issue(traffic.engine, "gemeente", one.g).key,
        "afnemer": issue(traffic.engine, "afnemer", "CBS").key,
    }
    yield db_url, keys


def _api(url: str, key: str, **params: object) -> object:
    app = create_app(ApiSettings(db_url=url, bootstrap_servers=None, migrate=False))
    with TestClient(app) as client:
        return client.get("/kwaliteit/audit", params=params, headers={"Authorization": f"Bearer {key}"})


def test_api_gives_each_party_the_audit_of_its_own_traffic(audited: tuple[str, dict[str, str]]) -> None:
    url, keys = audited
    gemeente = _api(url, keys["gemeente"], per="aanbieder")
    assert gemeente.status_code == 200, gemeente.text  # type: ignore[attr-defined]
    body = gemeente.json()  # type: ignore[attr-defined]
    totals = {t["antwoorder"]: t for t in body["totals"]}
    # gemeente: a JW306 per aanbieder and the JW325s (A1: two, A2: one); each aanbieder: a JW302
    assert (totals["gemeente"]["answers"], totals["aanbieder"]["answers"]) == (5, 2)
    assert totals["gemeente"]["bedrag_goedgekeurd_onterecht"] == SECOND.volume * (SECOND.tarief or 0)
    assert totals["gemeente"]["goedgekeurd_onterecht"] == 1
    assert totals["gemeente"]["volgens_standaard"] == totals["gemeente"]["answers"] - 1
    per = {(r["party"], r["antwoorder"]): r for r in body["rates"]}
    assert per[(A1, "gemeente")]["bedrag_goedgekeurd_onterecht"] == 1750
    assert per[(A2, "gemeente")]["rate"] == 1.0 and per[(A2, "gemeente")]["bedrag_goedgekeurd_onterecht"] == 0
    (finding,) = body["findings"]
    assert (finding["check"], finding["rule"], finding["referentie"], finding["bedrag"]) == (
        "AUDIT-GOEDGEKEURD-ONTERECHT",
        "TR389",
        "R2",
        1750,
    )
    assert "bsn" not in finding and "Antwoordaudit" in body["checks"]["AUDIT-GOEDGEKEURD-ONTERECHT"]
    other = _api(url, keys["a2"]).json()  # type: ignore[attr-defined]
    assert other["findings"] == [] and all(t["bedrag_goedgekeurd_onterecht"] == 0 for t in other["totals"])
    assert _api(url, keys["a2"], aanbieder=A1).status_code in (403, 404)  # type: ignore[attr-defined]
    assert _api(url, keys["afnemer"]).status_code == 403  # type: ignore[attr-defined]


def test_dashboard_quality_page_shows_the_audit(
    audited: tuple[str, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, keys = audited
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", "audit-test-pseudonym-key-0123456789")
    app = create_app(ApiSettings(db_url=url, bootstrap_servers=None, migrate=False))
    with TestClient(app, base_url="https://testserver") as client:
        form = client.get("/dashboard/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf is not None
        client.post("/dashboard/login", data={"api_key": keys["gemeente"], "csrf": csrf.group(1)})
        page = client.get("/dashboard/quality")
    assert page.status_code == 200
    html = page.text
    assert "Antwoordaudit" in html and "bedrag goedgekeurd tegen de regels" in html
    assert re.search(r'id="audit-bedrag">€\xa017,50<', html), html[html.find("audit-bedrag") - 200 :][:400]


def test_report_shows_the_audit_with_the_amount(audited: tuple[str, dict[str, str]]) -> None:
    url, _ = audited
    engine = make_engine(url)
    try:
        html = render_report(engine, "gemeente", G)
        other = render_report(engine, "aanbieder", A2)
    finally:
        engine.dispose()
    assert 'id="antwoordaudit"' in html
    assert re.search(r'class="num audit-bedrag">€\xa017,50<', html)
    assert "AUDIT-GOEDGEKEURD-ONTERECHT" in html and "<td>R2</td>" in html
    assert "AUDIT-GOEDGEKEURD-ONTERECHT" not in other and "Geen: elk antwoord is zoals de standaard" in other

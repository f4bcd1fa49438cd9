"""The /kwaliteit routes: every party sees its own findings, indicators and report only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from fixtures_quality import A1, A2, BSN1, BSN2, BSN3, G1, G2, build_scenario
from sqlalchemy import Engine

from ijw.auth import issue
from ijw.db import make_engine
from ijw_app.http import create_app
from services.ingest.api import ApiSettings
from services.quality.api import include_quality_routes


@dataclass
class Quality:
    client: TestClient
    keys: dict[str, str]

    def get(self, who: str, path: str, **params: object) -> object:
        return self.client.get(path, params=params, headers={"Authorization": f"Bearer {self.keys[who]}"})


@pytest.fixture
def api(db_url: str) -> Iterator[Quality]:
    app = create_app(ApiSettings(db_url=db_url, bootstrap_servers=None))
    engine: Engine = make_engine(db_url)
    try:
        include_quality_routes(app, engine)
        build_scenario(engine)
        keys = {
            "a1": issue(engine, "aanbieder", A1).key,
            "a2": issue(engine, "aanbieder", A2).key,
            "g1": issue(engine, "gemeente", G1).key,
            "g2": issue(engine, "gemeente", G2).key,
            "afnemer": issue(engine, "afnemer", "CBS").key,
            "beheerder": issue(engine, "beheerder", "ops").key,
        }
        with TestClient(app) as client:
            yield Quality(client, keys)
    finally:
        engine.dispose()


def _items(response: object) -> list[dict[str, object]]:
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    return response.json()["items"]  # type: ignore[attr-defined,no-any-return]


def test_aanbieder_sees_only_its_own_findings(api: Quality) -> None:
    own = _items(api.get("a1", "/kwaliteit/bevindingen"))
    assert {(f["check"], f["source"]) for f in own} == {
        ("PC-REGIONAAL-ONBEKEND", "ingest"),
        ("TR019", "kwaliteit"),
    }
    assert all(f["aanbieder"] == A1 for f in own)
    assert _items(api.get("a1", "/kwaliteit/bevindingen", check="TR322")) == []
    assert _items(api.get("a1", "/kwaliteit/bevindingen", gemeente=G2)) == []
    assert api.get("a1", "/kwaliteit/bevindingen", aanbieder=A2).status_code == 403  # type: ignore[attr-defined]
    (tr019,) = _items(api.get("a1", "/kwaliteit/bevindingen", check="TR019", maand="2025-02"))
    assert tr019["toewijzingnummer"] == 1099 and str(tr019["bericht"]).startswith(f"{A1}/JW305/")
    assert _items(api.get("a1", "/kwaliteit/bevindingen", maand="2025-04")) == []
    other = _items(api.get("a2", "/kwaliteit/bevindingen"))
    assert {f["check"] for f in other} == {"TR322", "XSD"} and all(f["aanbieder"] == A2 for f in other)
    page = api.get("a1", "/kwaliteit/bevindingen", limit=1, page=2).json()  # type: ignore[attr-defined]
    assert page["total"] == 2 and len(page["items"]) == 1


def test_gemeente_sees_only_its_own_findings(api: Quality) -> None:
    assert {f["check"] for f in _items(api.get("g2", "/kwaliteit/bevindingen"))} == {"TR322", "XSD"}
    g1 = _items(api.get("g1", "/kwaliteit/bevindingen"))
    assert g1 and all(f["gemeente"] == G1 for f in g1)
    assert api.get("g1", "/kwaliteit/bevindingen", gemeente=G2).status_code == 403  # type: ignore[attr-defined]
    assert _items(api.get("g1", "/kwaliteit/bevindingen", aanbieder=A2)) == []
    everything = _items(api.get("beheerder", "/kwaliteit/bevindingen"))
    assert len(everything) == 4


def test_afnemer_and_anonymous_are_refused(api: Quality) -> None:
    for path in (
        "/kwaliteit/bevindingen",
        "/kwaliteit/indicatoren",
        "/kwaliteit/rapport",
        "/kwaliteit/suites",
    ):
        assert api.get("afnemer", path).status_code == 403  # type: ignore[attr-defined]
        assert api.client.get(path).status_code == 401


def test_indicators_report_and_suites_are_scoped(api: Quality) -> None:
    ind = api.get("a1", "/kwaliteit/indicatoren")
    assert ind.status_code == 200, ind.text  # type: ignore[attr-defined]
    body = ind.json()  # type: ignore[attr-defined]
    assert body["code"] == A1 and {t["month"] for t in body["trend"]} == {"2025-01", "2025-02", "2025-03"}
    assert all(r["rule"] != "TR322" for r in body["rules"])
    # grouping per party stays within the own traffic: an aanbieder's rows per aanbieder are its own only
    own = api.get("a1", "/kwaliteit/indicatoren", per="aanbieder").json()  # type: ignore[attr-defined]
    assert {t["party"] for t in own["trend"]} == {A1}
    per = api.get("beheerder", "/kwaliteit/indicatoren", per="aanbieder").json()  # type: ignore[attr-defined]
    assert {t["party"] for t in per["trend"]} == {A1, A2}

    page = api.get("a1", "/kwaliteit/rapport")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]  # type: ignore[attr-defined]
    html = page.text  # type: ignore[attr-defined]
    assert "1002" in html and "2001" not in html and "TR322" not in html
    assert all(bsn not in html for bsn in (BSN1, BSN2, BSN3))
    narrowed = api.get("a1", "/kwaliteit/rapport", gemeente=G1)  # a report is of the whole own traffic
    assert narrowed.status_code == 400 and "indicatoren" in narrowed.text  # type: ignore[attr-defined]
    other = api.get("a1", "/kwaliteit/rapport", aanbieder=A2)
    assert other.status_code == 403  # type: ignore[attr-defined]
    csv_file = api.get("a1", "/kwaliteit/rapport.csv", bestand="incomplete-trajecten.csv")
    assert csv_file.status_code == 200 and "1077" in csv_file.text  # type: ignore[attr-defined]
    assert "2001" not in csv_file.text  # type: ignore[attr-defined]
    assert api.get("a1", "/kwaliteit/rapport.csv", bestand="x.csv").status_code == 422  # type: ignore[attr-defined]
    beheer = api.get("beheerder", "/kwaliteit/rapport", aanbieder=A2)
    assert "2001" in beheer.text  # type: ignore[attr-defined]

    assert api.get("a1", "/kwaliteit/suites").json() == []  # type: ignore[attr-defined]


def test_suites_summary_for_parties_full_results_for_beheerder(db_url: str, api: Quality) -> None:
    import datetime as dt

    from services.quality.expectations.results import ExpectationOutcome, SuiteResult, store

    outcome = ExpectationOutcome(
        "ExpectColumnValuesToBeInSet",
        "productcategorie staat in JZ020",
        {"column": "categorie"},
        False,
        10,
        1,
        10.0,
        None,
        ["99"],
    )
    engine = make_engine(db_url)
    try:
        store(
            engine, [SuiteResult("trajecten", "trajecten", dt.datetime.now(dt.UTC), False, 2, 1, [outcome])]
        )
    finally:
        engine.dispose()
    (party,) = api.get("a1", "/kwaliteit/suites").json()  # type: ignore[attr-defined]
    assert party["success"] is False and party["failed"][0]["examples"] == []
    assert party["failed"][0]["unexpected_count"] is None
    (full,) = api.get("beheerder", "/kwaliteit/suites").json()  # type: ignore[attr-defined]
    assert full["failed"][0]["examples"] == ["99"] and full["failed"][0]["unexpected_count"] == 1

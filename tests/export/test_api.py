"""The export HTTP API: scopes, BSN only for entitled afnemers on every endpoint, reproducible bytes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from export_builders import BSN, Builder, D
from fastapi import FastAPI
from fastapi.testclient import TestClient

from ijw.auth import issue
from services.export.api import ExportSettings, create_app, include_export_routes

KEY = "a-test-pseudonym-key-of-32-bytes"
SECOND_BSN = "999990020"
OTHER_GEMEENTE = "0518"
OTHER_BSN = "999990032"

ENDPOINTS = [
    "/exports/bij?period=2025-H1",
    "/exports/bij?period=2025-H1&format=csv",
    "/exports/bij?period=2025-H1&format=csv&unexportable=true",
    "/exports/bij?period=2025-H1&kind=jb",
    "/exports/bij?period=2025-Q1&kind=jr&format=csv",
    "/exports/iv3?year=2025",
    "/exports/iv3?year=2025&quarters=true&format=csv",
    "/exports/iv3?year=2025&unmapped=true&format=csv",
    "/exports/reconciliation?year=2025",
    "/exports/reconciliation?year=2025&format=csv",
    "/exports/indicators?year=2025",
    "/exports/indicators?year=2025&format=csv",
    "/exports/coverage?year=2025",
    "/exports/coverage?year=2025&format=csv",
]


@dataclass
class ExportApi:
    client: TestClient
    keys: dict[str, str]

    def get(self, who: str, url: str) -> object:
        return self.client.get(url, headers={"Authorization": f"Bearer {self.keys[who]}"})


def _traffic(db: Builder) -> None:
    db.trajectory(1, D(2025, 1, 1), D(2025, 3, 31), "31")
    db.trajectory(2, D(2025, 2, 1), bsn=SECOND_BSN, categorie="48", code="48A01")
    db.trajectory(3, D(2025, 2, 1), bsn=SECOND_BSN, categorie="47", code="47A06")
    db.start(99, D(2025, 2, 1))  # unexportable: listed with its (pseudonymised) BSN
    db.declaratie("DECL-1", [("R1", 1, "45", "45A01", D(2025, 1, 1), 10000, "D")])


@pytest.fixture
def api(db: Builder, db_url: str) -> Iterator[ExportApi]:
    _traffic(db)
    keys = {
        "afnemer": issue(db.engine, "afnemer", "cbs-test").key,
        "afnemer_bsn": issue(db.engine, "afnemer", "cbs-bsn", bsn_entitled=True).key,
        "beheerder": issue(db.engine, "beheerder", "beheer").key,
        "gemeente": issue(db.engine, "gemeente", "0363").key,
    }
    app = create_app(ExportSettings(db_url=db_url, pseudonym_key=KEY, export_min_cell=1))  # type: ignore[arg-type]
    with TestClient(app) as client:
        yield ExportApi(client, keys)


@pytest.mark.parametrize("who", ["afnemer", "beheerder"])
def test_no_bsn_without_entitlement_on_any_endpoint(api: ExportApi, who: str) -> None:
    for url in ENDPOINTS:
        response = api.get(who, url)
        assert response.status_code == 200, (url, response.text)  # type: ignore[attr-defined]
        body = response.content  # type: ignore[attr-defined]
        assert BSN.encode() not in body and SECOND_BSN.encode() not in body, url


def test_entitled_afnemer_gets_bsn(api: ExportApi) -> None:
    csv = api.get("afnemer_bsn", "/exports/bij?period=2025-H1&format=csv").content  # type: ignore[attr-defined]
    assert csv.splitlines()[1].split(b",")[1] == BSN.encode()
    pseudo = api.get("afnemer", "/exports/bij?period=2025-H1&format=csv").content  # type: ignore[attr-defined]
    assert len(pseudo.splitlines()[1].split(b",")[1]) == 64


def test_reproducible_bytes(api: ExportApi) -> None:
    for url in ENDPOINTS:
        first = api.get("afnemer", url).content  # type: ignore[attr-defined]
        assert api.get("afnemer", url).content == first, url  # type: ignore[attr-defined]


def test_csv_download_and_json(api: ExportApi) -> None:
    response = api.get("afnemer", "/exports/iv3?year=2025&format=csv")
    assert response.headers["content-type"].startswith("text/csv")  # type: ignore[attr-defined]
    assert 'filename="iv3-2025.csv"' in response.headers["content-disposition"]  # type: ignore[attr-defined]
    assert (
        response.content == b"gemeente,taakveld,jaar,bedrag,mapped_by_default\n0363,6.72d,2025,100.00,true\n"
    )  # type: ignore[attr-defined]
    document = api.get("afnemer", "/exports/iv3?year=2025").json()  # type: ignore[attr-defined]
    assert document["rows"] == [
        {
            "gemeente": "0363",
            "taakveld": "6.72d",
            "jaar": "2025",
            "bedrag": "100.00",
            "mapped_by_default": "true",
        }
    ]


def test_access_rules(api: ExportApi) -> None:
    assert api.client.get("/exports/iv3?year=2025").status_code == 401
    assert api.get("gemeente", "/exports/iv3?year=2025").status_code == 403  # type: ignore[attr-defined]
    assert api.get("afnemer", "/exports/bij?period=2025-Q1").status_code == 422  # type: ignore[attr-defined]
    assert api.get("afnemer", "/exports/bij?period=2025-H1&kind=jr").status_code == 422  # type: ignore[attr-defined]


def test_no_key_no_personal_data(db: Builder, db_url: str) -> None:
    _traffic(db)
    afnemer = issue(db.engine, "afnemer", "cbs-test").key
    app = create_app(ExportSettings(db_url=db_url, pseudonym_key=None))  # type: ignore[arg-type]
    with TestClient(app) as client:
        response = client.get("/exports/bij?period=2025-H1", headers={"Authorization": f"Bearer {afnemer}"})
    assert response.status_code == 503
    assert BSN.encode() not in response.content


def test_include_export_routes_on_another_app(db: Builder) -> None:
    _traffic(db)
    key = issue(db.engine, "afnemer", "cbs-test").key
    app = FastAPI()
    include_export_routes(app, db.engine, ExportSettings(db_url="sqlite://", pseudonym_key=KEY))  # type: ignore[arg-type]
    with TestClient(app) as client:
        response = client.get("/exports/reconciliation?year=2025", headers={"X-API-Key": key})
    assert response.status_code == 200


def _two_gemeenten(db: Builder) -> None:
    _traffic(db)
    db.trajectory(4, D(2025, 3, 1), D(2025, 4, 30), "45", bsn=OTHER_BSN, gemeente=OTHER_GEMEENTE)
    db.declaratie(
        "DECL-2",
        [("R1", 4, "45", "45A01", D(2025, 3, 1), 20000, "D")],
        bsn=OTHER_BSN,
        gemeente=OTHER_GEMEENTE,
    )


def test_export_grants(db: Builder, db_url: str) -> None:
    """An afnemer granted one gemeente and two exports gets those only; an ungranted export is 403."""
    _two_gemeenten(db)
    regio = issue(db.engine, "afnemer", "regio", exports=["iv3", "indicators"], gemeenten=["0518"]).key
    cbs = issue(db.engine, "afnemer", "cbs").key
    app = create_app(ExportSettings(db_url=db_url, pseudonym_key=KEY, export_min_cell=1))  # type: ignore[arg-type]
    with TestClient(app) as client:

        def get(key: str, url: str) -> object:
            return client.get(url, headers={"Authorization": f"Bearer {key}"})

        everything = get(cbs, "/exports/iv3?year=2025").json()["rows"]  # type: ignore[attr-defined]
        assert {r["gemeente"] for r in everything} == {"0363", "0518"}
        granted = get(regio, "/exports/iv3?year=2025").json()  # type: ignore[attr-defined]
        assert {r["gemeente"] for r in granted["rows"]} == {"0518"}
        assert granted["gemeenten"] == ["0518"]
        indicators = get(regio, "/exports/indicators?year=2025").json()["rows"]  # type: ignore[attr-defined]
        assert indicators and {(r["niveau"], r["code"]) for r in indicators} == {("gemeente", "0518")}
        for url in (
            "/exports/bij?period=2025-H1",
            "/exports/reconciliation?year=2025",
            "/exports/coverage?year=2025",
        ):
            assert get(regio, url).status_code == 403, url  # type: ignore[attr-defined]
            assert get(cbs, url).status_code == 200, url  # type: ignore[attr-defined]


def test_bij_of_granted_gemeenten_only(db: Builder, db_url: str) -> None:
    """BIJ records carry no gemeente: the grant restricts the traffic they are derived from."""
    _two_gemeenten(db)
    one = issue(db.engine, "afnemer", "een", bsn_entitled=True, gemeenten=["0518"]).key
    both = issue(db.engine, "afnemer", "alle", bsn_entitled=True).key
    app = create_app(ExportSettings(db_url=db_url, pseudonym_key=KEY, export_min_cell=1))  # type: ignore[arg-type]
    with TestClient(app) as client:

        def bsns(key: str) -> set[str]:
            response = client.get("/exports/bij?period=2025-H1", headers={"X-API-Key": key})
            assert response.status_code == 200, response.text
            document = response.json()
            return {r["bsn"] for r in document["rows"]} | {r["bsn"] for r in document["unexportable"]}

        assert OTHER_BSN in bsns(both) and BSN in bsns(both)
        assert bsns(one) == {OTHER_BSN}


def test_coverage_counts_linked_and_exported_trajectories(api: ExportApi) -> None:
    """Trajectory 1 is exported; the start on toewijzing 99 has no toewijzing and is only in the companion
    (DESIGN.md: "the export reports its coverage (exported / linked) per aanbieder and gemeente")."""
    response = api.get("beheerder", "/exports/coverage?year=2025")
    assert response.status_code == 200  # type: ignore[attr-defined]
    rows = {(r["soort"], r["periode"]): r for r in response.json()["rows"]}  # type: ignore[attr-defined]
    assert rows[("jh", "2025-H1")] == {
        "soort": "jh",
        "periode": "2025-H1",
        "gemeente": "0363",
        "aanbieder": "12345678",
        "gekoppeld": "2",
        "geexporteerd": "1",
        "dekking": "50.0",
    }
    assert (rows[("jh", "2025-H2")]["gekoppeld"], rows[("jh", "2025-H2")]["geexporteerd"]) == ("1", "0")
    assert rows[("jb", "2025-H1")]["dekking"] == "100.0"

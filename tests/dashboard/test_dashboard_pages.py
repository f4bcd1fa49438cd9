"""The dashboard without a browser: login cookie, headers, scopes and party rules, pseudonyms, every database.

These run everywhere (no Chromium needed); ``test_dashboard_browser.py`` drives the same pages in Chromium.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboard_support import PSEUDONYM_KEY, TrafficDb, login
from fastapi.testclient import TestClient
from sqlalchemy import select

from ijw.auth.credentials import issue, revoke
from ijw.db import make_engine, migrate
from ijw.db import models as m
from ijw.pseudonym import Pseudonymiser
from ijw_app.http import create_app
from ijw_tools.traffic import TrafficConfig, generate_traffic
from services.dashboard.rules import describe
from services.ingest.api import ApiSettings
from services.ingest.contracts import IncomingMessage
from services.ingest.processing import IngestProcessor

_spec = importlib.util.spec_from_file_location(
    "ijw_tests_ingest_conftest_dashboard", Path(__file__).resolve().parents[1] / "ingest" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_ingest_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ingest_conftest)
db_url = _ingest_conftest.db_url
postgres_url = _ingest_conftest.postgres_url

PAGES = ("/dashboard/pipeline", "/dashboard/validation", "/dashboard/trajectories")


@pytest.fixture
def app_for(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", PSEUDONYM_KEY)

    def make(url: str) -> object:
        return create_app(ApiSettings(db_url=url, bootstrap_servers=None, migrate=False))

    yield make


def _client(app: object, key: str | None = None) -> TestClient:
    client = TestClient(app, base_url="https://testserver")  # type: ignore[arg-type]
    if key is not None:
        response = login(client, key)
        assert response.status_code == 303, response.text
    return client


@pytest.mark.parametrize(
    "name",
    [
        "services.dashboard.rules",
        "services.dashboard.app",
        "services.dashboard.messages",
        "services.dashboard.tables",
        "services.dashboard.web",
        "services.dashboard.queries",
    ],
)
def test_module_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_login_cookie_and_security_headers(traffic_db: TrafficDb, app_for: object) -> None:
    client = _client(app_for(traffic_db.url))  # type: ignore[operator]
    anonymous = client.get("/dashboard/pipeline", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/dashboard/login"
    response = login(client, traffic_db.keys["gemeente"])
    cookie = response.headers["set-cookie"].lower()
    for attribute in ("httponly", "secure", "samesite=strict", "path=/dashboard"):
        assert attribute in cookie
    page = client.get("/dashboard/pipeline")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert page.headers["cache-control"] == "no-store"
    for path in PAGES:
        assert "<script" not in client.get(path).text.lower()


def test_wrong_or_revoked_key_goes_back_to_login(traffic_db: TrafficDb, app_for: object) -> None:
    app = app_for(traffic_db.url)  # type: ignore[operator]
    bad = login(_client(app), "ijw_0123456789ab_" + "y" * 43)
    assert bad.status_code == 401 and "Deze sleutel is niet geldig" in bad.text
    engine = make_engine(traffic_db.url)
    try:
        issued = issue(engine, "aanbieder", traffic_db.aanbieder)
        client = _client(app, issued.key)
        assert client.get("/dashboard/pipeline").status_code == 200
        assert revoke(engine, issued.info.key_id)
        gone = client.get("/dashboard/pipeline", follow_redirects=False)
        assert gone.status_code == 303 and gone.headers["location"] == "/dashboard/login"
    finally:
        engine.dispose()


def test_afnemer_is_denied_and_the_denial_logged(
    traffic_db: TrafficDb, app_for: object, caplog: pytest.LogCaptureFixture
) -> None:
    client = _client(app_for(traffic_db.url), traffic_db.keys["afnemer"])  # type: ignore[operator]
    home = client.get("/dashboard/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/dashboard/exports"
    with caplog.at_level(logging.WARNING, logger="ijw.auth"):
        for path in PAGES:
            response = client.get(path)
            assert response.status_code == 403 and "berichten.lezen" in response.text
    assert sum("access denied" in r.getMessage() for r in caplog.records) == len(PAGES)


def test_trajectory_of_another_party_is_not_found(traffic_db: TrafficDb, app_for: object) -> None:
    app = app_for(traffic_db.url)  # type: ignore[operator]
    pseudo = Pseudonymiser(PSEUDONYM_KEY.encode())
    engine = make_engine(traffic_db.url)
    with engine.connect() as conn:
        by_gemeente: dict[str, set[str]] = {}
        for bsn, gemeente in conn.execute(select(m.Toewijzing.bsn, m.Toewijzing.gemeente).distinct()):
            by_gemeente.setdefault(gemeente, set()).add(bsn)
    engine.dispose()
    own = by_gemeente[traffic_db.gemeente]
    foreign = sorted(set().union(*(v for g, v in by_gemeente.items() if g != traffic_db.gemeente)) - own)
    assert foreign and own
    client = _client(app, traffic_db.keys["gemeente"])
    mine = client.get(f"/dashboard/trajectories/{pseudo.pseudonym(sorted(own)[0])}")
    assert mine.status_code == 200 and "Toewijzingen" in mine.text
    theirs = client.get(f"/dashboard/trajectories/{pseudo.pseudonym(foreign[0])}")
    assert theirs.status_code == 404
    beheerder = _client(app, traffic_db.keys["beheerder"])
    assert beheerder.get(f"/dashboard/trajectories/{pseudo.pseudonym(foreign[0])}").status_code == 200
    # a search by a pseudonym prefix finds the own client, not the foreign one
    prefix = pseudo.pseudonym(sorted(own)[0])[:16]
    found = client.get(f"/dashboard/trajectories?q={prefix}", follow_redirects=False)
    assert found.status_code == 303
    missing = client.get(f"/dashboard/trajectories?q={pseudo.pseudonym(foreign[0])[:16]}")
    assert "Geen cliënt gevonden" in missing.text


def test_validation_page_describes_each_rule(traffic_db: TrafficDb, app_for: object) -> None:
    engine = make_engine(traffic_db.url)
    with engine.connect() as conn:
        rules = {r[0] for r in conn.execute(select(m.FindingRow.rule).distinct())}
    engine.dispose()
    html = _client(app_for(traffic_db.url), traffic_db.keys["beheerder"]).get("/dashboard/validation").text  # type: ignore[operator]
    for rule in rules:
        assert f"<code>{rule}</code>" in html
        if describe(rule):
            assert describe(rule).split("(")[0].strip()[:40] in html.replace("&#39;", "'")


def test_pages_on_every_database(db_url: str, app_for: object) -> None:
    """The pages' queries run on SQLite and PostgreSQL and show the party's own traffic only."""
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        run = generate_traffic(TrafficConfig(gemeenten=2, aanbieders=2, clients=6, seed=11))
        IngestProcessor(engine).process_batch([IncomingMessage(g.data, f"file:{g.file_name}") for g in run])
        with engine.connect() as conn:
            gemeenten = sorted(
                r[0] for r in conn.execute(select(m.Party.code).where(m.Party.soort == "gemeente"))
            )
            bsns = {r[0] for r in conn.execute(select(m.Client.bsn).distinct())}
        keys = {
            kind: issue(engine, kind, code).key
            for kind, code in (("gemeente", gemeenten[0]), ("beheerder", "ops"))
        }
    finally:
        engine.dispose()
    app = app_for(db_url)  # type: ignore[operator]
    for kind, key in keys.items():
        client = _client(app, key)
        for path in (*PAGES, "/dashboard/quality"):
            response = client.get(path)
            assert response.status_code == 200, (kind, path, response.text[:500])
            assert not any(bsn in response.text for bsn in bsns)
        link = re.search(r'href="(/dashboard/trajectories/[0-9a-f]{64})"', client.get(PAGES[2]).text)
        assert link is not None
        page = client.get(link.group(1))
        assert page.status_code == 200 and not any(bsn in page.text for bsn in bsns)
        pipeline = client.get(PAGES[0]).text
        if kind == "gemeente":
            assert gemeenten[1] not in pipeline
        else:
            assert all(g in pipeline for g in gemeenten)

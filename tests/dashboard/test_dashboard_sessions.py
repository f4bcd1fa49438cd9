"""Issue 11, item 5, the dashboard: server-side sessions instead of the key in a cookie, login CSRF, limits.

The tester found the dashboard cookie to be the raw API key, logout only clearing it, and ``POST
/dashboard/login`` accepted from a foreign Origin (login CSRF).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator

import pytest
from dashboard_support import PSEUDONYM_KEY, TrafficDb, login
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update

from ijw.auth.credentials import issue
from ijw.auth.sessions import IDLE, KEEP_ENDED
from ijw.db import make_engine
from ijw.db import models as m
from ijw_app.http import create_app
from services.dashboard.session import COOKIE, CSRF_COOKIE
from services.ingest.api import ApiSettings

HOME = "/dashboard/pipeline"


@pytest.fixture
def app(traffic_db: TrafficDb, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", PSEUDONYM_KEY)
    yield create_app(ApiSettings(db_url=traffic_db.url, bootstrap_servers=None, migrate=False))


@pytest.fixture
def engine(traffic_db: TrafficDb) -> Iterator[Engine]:
    engine = make_engine(traffic_db.url)
    yield engine
    engine.dispose()


def _client(app: object, address: str = "testclient") -> TestClient:
    return TestClient(app, base_url="https://testserver", client=(address, 50000))  # type: ignore[arg-type]


def _logged_in(app: object, key: str) -> tuple[TestClient, str]:
    client = _client(app)
    response = login(client, key)
    assert response.status_code == 303, response.text
    return client, client.cookies[COOKIE]


def _session_row(engine: Engine, session_id: str) -> m.DashboardSession:
    with engine.connect() as conn:
        row = conn.execute(
            select(m.DashboardSession).where(
                m.DashboardSession.session_hash == hashlib.sha256(session_id.encode()).hexdigest()
            )
        ).first()
    assert row is not None
    return row  # type: ignore[return-value]


def _goes_to_login(client: TestClient) -> bool:
    response = client.get(HOME, follow_redirects=False)
    return response.status_code == 303 and response.headers["location"] == "/dashboard/login"


def test_the_cookie_is_a_random_session_id_stored_hashed(
    app: object, engine: Engine, traffic_db: TrafficDb
) -> None:
    key = traffic_db.keys["gemeente"]
    client, session_id = _logged_in(app, key)
    assert client.get(HOME).status_code == 200
    assert session_id != key and key.split("_", 2)[2] not in session_id
    assert len(session_id) >= 40  # 32 random bytes
    row = _session_row(engine, session_id)
    with engine.connect() as conn:
        dump = str(conn.execute(select(m.DashboardSession.__table__)).all())
    assert session_id not in dump and key not in dump
    assert row.revoked_at is None
    # a second login gets another session
    _, other = _logged_in(app, key)
    assert other != session_id


def test_logout_revokes_the_session_server_side(app: object, engine: Engine, traffic_db: TrafficDb) -> None:
    client, session_id = _logged_in(app, traffic_db.keys["aanbieder"])
    replay = _client(app)  # a copy of the cookie, as an attacker might keep it
    replay.cookies.set(COOKIE, session_id, domain="testserver.local", path="/dashboard")
    assert replay.get(HOME).status_code == 200
    logout = client.post("/dashboard/logout", follow_redirects=False)
    assert logout.status_code == 303
    assert _session_row(engine, session_id).revoked_at is not None
    assert _goes_to_login(replay)  # the copy no longer works


def test_idle_and_absolute_expiry(app: object, engine: Engine, traffic_db: TrafficDb) -> None:
    now = dt.datetime.now(dt.UTC)
    idle_client, idle_id = _logged_in(app, traffic_db.keys["gemeente"])
    with engine.begin() as conn:
        conn.execute(
            update(m.DashboardSession)
            .where(m.DashboardSession.id == _session_row(engine, idle_id).id)
            .values(last_seen_at=now - IDLE - dt.timedelta(seconds=1))
        )
    assert _goes_to_login(idle_client)
    old_client, old_id = _logged_in(app, traffic_db.keys["gemeente"])
    with engine.begin() as conn:
        conn.execute(
            update(m.DashboardSession)
            .where(m.DashboardSession.id == _session_row(engine, old_id).id)
            .values(expires_at=now - dt.timedelta(seconds=1))
        )
    assert _goes_to_login(old_client)


def test_an_expiring_key_ends_its_sessions(app: object, engine: Engine, traffic_db: TrafficDb) -> None:
    issued = issue(
        engine, "gemeente", traffic_db.gemeente, expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    )
    client, _ = _logged_in(app, issued.key)
    assert client.get(HOME).status_code == 200
    with engine.begin() as conn:
        conn.execute(
            update(m.Credential)
            .where(m.Credential.key_id == issued.info.key_id)
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    assert _goes_to_login(client)


def _token(client: TestClient) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get("/dashboard/login").text)
    assert match is not None
    return match.group(1)


def test_login_from_another_site_is_refused(app: object, traffic_db: TrafficDb) -> None:
    key = traffic_db.keys["gemeente"]
    client = _client(app)
    token = _token(client)
    evil = client.post(
        "/dashboard/login",
        data={"api_key": key, "csrf": token},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert evil.status_code == 403 and COOKIE not in client.cookies
    # a cross-site form cannot carry the token: the SameSite=Strict cookie is not sent with it
    forged = _client(app).post(
        "/dashboard/login", data={"api_key": key, "csrf": token}, follow_redirects=False
    )
    assert forged.status_code == 403
    no_token = _client(app).post("/dashboard/login", data={"api_key": key}, follow_redirects=False)
    assert no_token.status_code == 403
    # the same site, with its token: logged in ("null" is what a browser sends from the dashboard's own
    # pages, which have Referrer-Policy: no-referrer)
    for origin in ("https://testserver", "null"):
        other = _client(app)
        again = other.post(
            "/dashboard/login",
            data={"api_key": key, "csrf": _token(other)},
            headers={"Origin": origin},
            follow_redirects=False,
        )
        assert again.status_code == 303, origin
    ok = client.post(
        "/dashboard/login",
        data={"api_key": key, "csrf": token},
        headers={"Origin": "https://testserver"},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and COOKIE in client.cookies and CSRF_COOKIE not in client.cookies


def test_logout_from_another_site_is_refused(app: object, engine: Engine, traffic_db: TrafficDb) -> None:
    client, session_id = _logged_in(app, traffic_db.keys["gemeente"])
    evil = client.post(
        "/dashboard/logout", headers={"Origin": "https://evil.example"}, follow_redirects=False
    )
    assert evil.status_code == 403
    assert _session_row(engine, session_id).revoked_at is None


def test_login_attempts_are_rate_limited(app: object, traffic_db: TrafficDb) -> None:
    client = _client(app, "203.0.113.7")
    codes = [login(client, f"ijw_{n:012x}_" + "z" * 43).status_code for n in range(11)]
    assert codes == [401] * 10 + [429]
    blocked = login(client, traffic_db.keys["gemeente"])
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) >= 1
    assert "Te veel mislukte pogingen" in blocked.text


def test_a_toewijzingnummer_beyond_64_bits_is_no_server_error(app: object, traffic_db: TrafficDb) -> None:
    client, _ = _logged_in(app, traffic_db.keys["gemeente"])
    for q in (str(2**63), "9" * 20, "9" * 80):
        assert client.get("/dashboard/trajectories", params={"q": q}).status_code == 200


def test_sessions_that_ended_long_ago_are_deleted_at_the_next_login(
    app: object, engine: Engine, traffic_db: TrafficDb
) -> None:
    _, old_id = _logged_in(app, traffic_db.keys["aanbieder"])
    old = _session_row(engine, old_id).id
    with engine.begin() as conn:
        conn.execute(
            update(m.DashboardSession)
            .where(m.DashboardSession.id == old)
            .values(expires_at=dt.datetime.now(dt.UTC) - KEEP_ENDED - dt.timedelta(minutes=1))
        )
    _logged_in(app, traffic_db.keys["aanbieder"])
    gone = m.DashboardSession.session_hash == hashlib.sha256(old_id.encode()).hexdigest()
    with engine.connect() as conn:
        assert conn.execute(select(m.DashboardSession.id).where(gone)).first() is None

"""Benchmark of the dashboard pages: every page of each party kind, timed in-process, best of three.

``python -m ijw_tools.bench.dashboard sqlite:///out/ijw.sqlite`` issues a key per party kind (a gemeente and
an aanbieder of the traffic, a beheerder) in that database, logs in through the login form, and prints the
seconds per page. The app is the one ``ijw serve`` runs (:func:`ijw_app.http.create_app`), called
through FastAPI's ``TestClient`` (no network, no server): the figures are the pages' own work.
"""

from __future__ import annotations

import re
import sys
import time

from fastapi.testclient import TestClient
from sqlalchemy import select

from ijw.auth.credentials import issue
from ijw.db import make_engine
from ijw.db import models as m

PAGES: dict[str, tuple[str, ...]] = {
    "beheerder": (
        "/pipeline",
        "/validation",
        "/trajectories",
        "/berichten",
        "/quality",
        "/exports",
    ),
    "gemeente": ("/pipeline", "/validation", "/trajectories", "/berichten", "/quality"),
    "aanbieder": ("/pipeline", "/validation", "/trajectories", "/berichten", "/quality"),
}
ROUNDS = 3


def _login(client: TestClient, key: str) -> None:
    form = client.get("/dashboard/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    data = {"api_key": key, "csrf": token.group(1) if token else ""}
    response = client.post("/dashboard/login", data=data, follow_redirects=False)
    if response.status_code != 303:
        raise SystemExit(f"login failed: {response.status_code}")


def bench(db_url: str) -> list[tuple[str, str, float]]:
    """(party kind, page, best seconds of :data:`ROUNDS`) for every page of :data:`PAGES`."""
    from ijw_app.http import create_app
    from services.ingest.api import ApiSettings

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            parties = dict(conn.execute(select(m.Party.soort, m.Party.code).order_by(m.Party.code)).all())
        keys = {
            "beheerder": issue(engine, "beheerder", "bench").key,
            "gemeente": issue(engine, "gemeente", parties["gemeente"]).key,
            "aanbieder": issue(engine, "aanbieder", parties["aanbieder"]).key,
        }
    finally:
        engine.dispose()
    app = create_app(ApiSettings(db_url=db_url, bootstrap_servers=None, migrate=False))
    timings = []
    for kind, pages in PAGES.items():
        client = TestClient(app, base_url="https://testserver")
        _login(client, keys[kind])
        for page in pages:
            best = float("inf")
            for _ in range(ROUNDS):
                started = time.perf_counter()
                response = client.get("/dashboard" + page)
                best = min(best, time.perf_counter() - started)
                if response.status_code != 200:
                    break  # a page this version does not have: left out
            else:
                timings.append((kind, page, best))
    return timings


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python -m ijw_tools.bench.dashboard DB_URL")
    for kind, page, seconds in bench(argv[0]):
        print(f"| {kind} | `{page}` | {seconds:.2f} s |")


if __name__ == "__main__":
    main(sys.argv[1:])

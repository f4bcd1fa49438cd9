"""Issue 16: an unknown query parameter on a dashboard page is a Dutch 400 page, as the API refuses it with a
400 (``services/edge.py``); before, a misspelt filter (``?berichtsort=JW301``) was silently ignored and the
page showed everything.

Every GET page of the dashboard is tried (the routes are read from the app, so a new page is covered without
editing this test), and every link and GET form on the pages of every party kind is followed once per
combination of parameters, so that no page links with a parameter it does not declare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from dashboard_support import PSEUDONYM_KEY, TrafficDb, login
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from ijw_app.http import create_app
from services.ingest.api import ApiSettings

BASE = "/dashboard"
KINDS = ("beheerder", "gemeente", "aanbieder", "afnemer")


@pytest.fixture(scope="module")
def app(traffic_db: TrafficDb) -> Iterator[object]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IJW_PSEUDONYM_KEY", PSEUDONYM_KEY)
        yield create_app(ApiSettings(db_url=traffic_db.url, bootstrap_servers=None, migrate=False))


def _client(app: object, key: str) -> TestClient:
    client = TestClient(app, base_url="https://testserver")  # type: ignore[arg-type]
    assert login(client, key).status_code == 303
    return client


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """The routes of an app, those of its included routers too (FastAPI keeps them per router)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # an included router (FastAPI >= 0.165)
            yield from _api_routes(route.original_router.routes)


def _dashboard_routes(app: object) -> list[APIRoute]:
    for route in app.routes:  # type: ignore[attr-defined]
        if getattr(route, "path", None) == BASE:
            return list(_api_routes(route.app.routes))
    raise AssertionError("the dashboard is not mounted at /dashboard")


def _links(page: str) -> list[str]:
    """The dashboard links of a page (anchors) and its GET forms as the browser submits them (every field
    with its first value)."""
    tree = lxml_html.fromstring(page)
    found = [unescape(a.get("href", "")) for a in tree.iter("a")]
    for form in tree.iter("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        fields: list[tuple[str, str]] = []
        for element in form.iter("input", "select"):
            name = element.get("name")
            if not name:
                continue
            options = [o.get("value", o.text or "") for o in element.iter("option")]
            fields.append((name, options[0] if options else element.get("value", "")))
        found.append(f"{form.get('action')}?{urlencode(fields)}")
    return [link for link in found if link.startswith(BASE)]


def _pattern(link: str) -> tuple[str, tuple[str, ...]]:
    """A link's page (ids replaced) and the names of its parameters: one request per combination."""
    parts = urlsplit(link)
    path = re.sub(r"/(\d+|[0-9a-f]{16,})(?=/|$)", "/{id}", parts.path)
    return path, tuple(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))


def test_every_page_refuses_an_unknown_parameter_with_a_dutch_page(
    traffic_db: TrafficDb, app: object
) -> None:
    client = _client(app, traffic_db.keys["beheerder"])
    message = re.search(r'href="/dashboard/berichten/(\d+)"', client.get(f"{BASE}/berichten").text)
    client_page = re.search(
        r'href="(/dashboard/trajectories/[^"?]+)"', client.get(f"{BASE}/trajectories").text
    )
    assert message and client_page, "the test traffic has no message or client to open"
    filled = {"{bericht_id}": message.group(1), "{pseudonym}": client_page.group(1).rsplit("/", 1)[1]}
    needed = {f"{BASE}/exports/file": "export=iv3&period=2025&"}
    pages = [r for r in _dashboard_routes(app) if "GET" in (r.methods or set())]
    assert len(pages) >= 10, [r.path for r in pages]  # every page, the login form and the stylesheet
    for route in pages:
        path = BASE + route.path
        for name, value in filled.items():
            path = path.replace(name, value)
        plain = client.get(f"{path}?{needed.get(path, '')}".rstrip("?&"), follow_redirects=False)
        assert plain.status_code in (200, 303), (path, plain.status_code)
        refused = client.get(f"{path}?{needed.get(path, '')}berichtsort=JW301", follow_redirects=False)
        assert refused.status_code == 400, (path, refused.status_code, refused.text[:300])
        assert refused.headers["content-type"].startswith("text/html"), path
        assert "Ongeldige aanvraag" in refused.text, path
        assert "Deze pagina kent de parameter(s) berichtsort niet" in refused.text, path
        assert "unknown" not in refused.text and "OpenAPI" not in refused.text, path


def test_a_known_parameter_keeps_working_and_a_wrong_format_is_refused(
    traffic_db: TrafficDb, app: object
) -> None:
    client = _client(app, traffic_db.keys["gemeente"])
    assert client.get(f"{BASE}/berichten?berichtsoort=JW301&status=valid").status_code == 200
    csv = client.get(f"{BASE}/validation?formaat=csv&tabel=rules")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert client.get(f"{BASE}/validation?formaat=xlsx&tabel=rules").status_code == 422


@pytest.mark.parametrize("kind", KINDS)
def test_no_page_links_with_a_parameter_it_does_not_declare(
    traffic_db: TrafficDb, app: object, kind: str
) -> None:
    """Follow every link and GET form of the party's pages, once per page and combination of parameters:
    none is refused as unknown."""
    client = _client(app, traffic_db.keys[kind])
    start = client.get(f"{BASE}/", follow_redirects=True)
    assert start.status_code == 200
    seen: set[tuple[str, tuple[str, ...]]] = set()
    todo = _links(start.text)
    followed = 0
    while todo:
        link = todo.pop()
        if _pattern(link) in seen or "/logout" in link:
            continue
        seen.add(_pattern(link))
        response = client.get(link, follow_redirects=False)
        followed += 1
        assert response.status_code != 400, (link, response.text[:300])
        if response.headers.get("content-type", "").startswith("text/html"):
            todo.extend(_links(response.text))
    print(kind, followed, sorted(seen))  # shown with -s
    assert followed >= 3, seen

"""What every dashboard page shares: its state, navigation entries, templates and the ``render`` helper.

Each page is a FastAPI route that reads :func:`get_state`, checks its scope with
:func:`services.dashboard.session.access` and answers with :func:`render` (the layout, the navigation the
principal may see, and the security headers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode

import jinja2
from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Engine

from ijw.auth.scopes import Principal, Scope
from ijw.pseudonym import SHORT, Pseudonymiser
from services.dashboard.session import base_path
from services.dashboard.tables import DataTable
from services.present import formats, labels, names
from services.present.charts import style_hashes

HERE = Path(__file__).parent
STATE = "dashboard"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Cache-Control": "no-store",
    # same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on the login form's own
    # POST, which the login's Origin check must refuse; other sites still get no Referer
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True, slots=True)
class NavItem:
    """A navigation entry: shown to a principal that holds ``scope``."""

    path: str
    title: str
    scope: Scope


@dataclass(frozen=True, slots=True)
class DashboardPage:
    """A page added to the dashboard: its routes and its navigation entry (the routes check the scope)."""

    nav: NavItem
    router: APIRouter


@dataclass(slots=True)
class DashboardState:
    """What the routes share."""

    engine: Engine
    pseudo: Pseudonymiser
    nav: tuple[NavItem, ...]
    templates: jinja2.Environment
    intake_counts: Callable[[], Mapping[str, float]] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def get_state(request: Request) -> DashboardState:
    """FastAPI dependency: the :class:`DashboardState` of the dashboard app."""
    found: DashboardState = getattr(request.app.state, STATE)
    return found


# -- rendering -------------------------------------------------------------------------------------------


def _rate(ratio: Any) -> str:
    """A ratio (``numerator``, ``denominator``, ``rate``) as a percentage; a dash when nothing was counted."""
    return formats.percent(ratio.rate)


def make_templates() -> jinja2.Environment:
    """The template environment (autoescape on every template)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local"] = formats.moment
    env.filters["number"] = formats.number
    env.filters["euro"] = formats.euro
    env.filters["day"] = formats.day
    env.filters["long_day"] = formats.long_day
    env.filters["month"] = formats.month
    env.filters["gemeente"] = names.gemeente
    env.filters["taakveld"] = names.taakveld
    env.filters["status"] = labels.status
    env.filters["severity"] = labels.severity
    env.filters["berichtsoort"] = labels.berichtsoort
    env.filters["short"] = lambda p: p[:SHORT]
    env.filters["rate"] = _rate
    env.globals["percent"] = formats.share
    env.globals["csv_link"] = csv_link
    return env


def render(
    request: Request,
    name: str,
    principal: Principal | None,
    status_code: int = status.HTTP_200_OK,
    **context: Any,
) -> HTMLResponse:
    """A page from template ``name`` with the layout's context and the security headers."""
    state = get_state(request)
    nav = [item for item in state.nav if principal is not None and principal.has(item.scope)]
    html = state.templates.get_template(name).render(
        base=base_path(request),
        path=request.url.path[len(base_path(request)) :],
        page_query=request.url.query,
        principal=principal,
        nav=nav,
        ephemeral=state.pseudo.ephemeral,
        **context,
    )
    headers = dict(SECURITY_HEADERS)
    hashes = style_hashes(html)
    if hashes:  # the charts' own <style> elements, allowed one by one
        headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(
            "style-src 'self'", "style-src 'self' " + " ".join(sorted(set(hashes)))
        )
    return HTMLResponse(html, status_code=status_code, headers=headers)


def table_download(
    formaat: Literal["", "csv"] = Query("", description="csv: one table of the page as a CSV download"),
    tabel: str = Query("", max_length=80, description="with formaat=csv: the id of that table"),
) -> None:
    """The query parameters :func:`render_tables` reads, declared for the pages that offer their tables as
    CSV (``dependencies=[TABLES]``), so that the refusal of unknown parameters knows them."""


TABLES = Depends(table_download)
"""The dependency that declares ``formaat`` and ``tabel`` on a page with tables."""


def render_tables(
    request: Request,
    name: str,
    principal: Principal,
    tables: Sequence[DataTable],
    **context: Any,
) -> Response:
    """The page ``name`` with ``tables`` (each offered as CSV); with ``?formaat=csv&tabel=<id>``, that table
    as a CSV download instead (404 for an unknown table)."""
    if request.query_params.get("formaat") == "csv":
        wanted = request.query_params.get("tabel", "")
        for table in tables:
            if table.id == wanted:
                return Response(
                    table.csv(),
                    media_type="text/csv; charset=utf-8",
                    headers={
                        "Content-Disposition": f'attachment; filename="{table.filename}"',
                        "Cache-Control": "no-store",
                        "X-Content-Type-Options": "nosniff",
                    },
                )
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Deze pagina heeft geen tabel {wanted!r}.")
    return render(request, name, principal, tables={t.id: t for t in tables}, **context)


def csv_link(query: str, table: str) -> str:
    """The query string of a table's CSV download: the page's own selection plus ``formaat`` and ``tabel``.

    >>> csv_link("aanbieder=12345678&formaat=csv&tabel=x", "parties")
    'aanbieder=12345678&formaat=csv&tabel=parties'
    """
    kept = [(k, v) for k, v in parse_qsl(query) if k not in ("formaat", "tabel")]
    return urlencode([*kept, ("formaat", "csv"), ("tabel", table)])


def redirect(request: Request, path: str) -> RedirectResponse:
    """A 303 to ``path`` within the dashboard."""
    return RedirectResponse(base_path(request) + path, status_code=status.HTTP_303_SEE_OTHER)

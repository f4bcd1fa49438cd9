"""What every dashboard page shares: its state, navigation entries, templates and the ``render`` helper.

Each page is a FastAPI route that reads :func:`get_state`, checks its scope with
:func:`services.dashboard.session.access` and answers with :func:`render` (the layout, the navigation the
principal may see, and the security headers).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import Engine

from ijw.auth.scopes import Principal, Scope
from ijw.codelists import load_codelists
from services.dashboard.pseudonym import SHORT, Pseudonymiser
from services.dashboard.session import base_path

HERE = Path(__file__).parent
TIMEZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
STATE = "dashboard"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
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


def _local(value: dt.datetime | None) -> str:
    if value is None:
        return "-"
    return value.astimezone(TIMEZONE).strftime("%Y-%m-%d %H:%M:%S")


def _number(value: int | float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}".replace(",", "\u202f")


def _euro(cents: int) -> str:
    return f"€ {cents / 100:,.2f}".replace(",", "\u202f")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


def _rate(ratio: Any) -> str:
    """A ratio (``numerator``, ``denominator``, ``rate``) as a percentage; "-" when nothing was counted."""
    return "-" if ratio.rate is None else f"{100 * ratio.rate:.1f} %"


def _gemeente(code: str | None) -> str:
    if not code:
        return "-"
    naam = load_codelists().gemeente_naam(code)
    return f"{code} {naam}" if naam else code


def make_templates() -> jinja2.Environment:
    """The template environment (autoescape on every template)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local"] = _local
    env.filters["number"] = _number
    env.filters["euro"] = _euro
    env.filters["gemeente"] = _gemeente
    env.filters["short"] = lambda p: p[:SHORT]
    env.filters["rate"] = _rate
    env.globals["percent"] = _percent
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
        principal=principal,
        nav=nav,
        ephemeral=state.pseudo.ephemeral,
        **context,
    )
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)


def redirect(request: Request, path: str) -> RedirectResponse:
    """A 303 to ``path`` within the dashboard."""
    return RedirectResponse(base_path(request) + path, status_code=status.HTTP_303_SEE_OTHER)

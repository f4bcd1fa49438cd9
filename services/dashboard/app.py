"""The dashboard factory: ``create_dashboard(engine) -> FastAPI``, a sub-app that ``ijw serve`` mounts.

Server-rendered pages in Dutch (Jinja2 templates, SVG charts drawn by pygal on the server, one stylesheet,
no JavaScript), each guarded by a scope of :mod:`ijw.auth.scopes` and filtered by the party rules of the
logged-in key; every figure links to the messages behind it and every table downloads as CSV
(:mod:`.tables`):

==================  =====================  ===========================================================
page                scope                  shows
==================  =====================  ===========================================================
``/pipeline``       berichten.lezen        messages per type and status, arrivals per day, traffic per
                                           month and per gemeente–aanbieder pair, the latest arrivals
                                           (:mod:`.traffic`)
``/validation``     berichten.lezen        findings per message type and per rule (with the rule's
                                           description), monthly share of messages with errors
``/trajectories``   berichten.lezen        one client's verzoeken, toewijzingen, starts, stops and
                                           prestaties in time order, the quality findings and the
                                           messages, by pseudonym or ToewijzingNummer
                                           (:mod:`.trajectories`)
``/berichten``      berichten.lezen        the messages of a selection (a figure's or a rule's link), and
                                           one message with findings, retour and masked XML
                                           (:mod:`.berichten`)
``/quality``        kwaliteit.lezen        data-quality indicators per counterpart with monthly trend
                                           charts, the most frequent findings (:mod:`.quality`)
``/exports``        export.lezen           the granted export files to download, the Iv3 amounts of a
                                           year (:mod:`.exports`)
==================  =====================  ===========================================================

More pages plug in as :class:`DashboardPage`: a router and the navigation entry with the scope that shows
it; ``extra_pages`` of :func:`create_dashboard` takes them. An afnemer (scope ``export.lezen`` only) sees
the exports page only.

Responses carry a strict Content-Security-Policy (no scripts at all, styles and images from the dashboard
itself; a chart's own ``<style>`` allowed by its hash), ``Cache-Control: no-store`` and
``Referrer-Policy: same-origin``. No page shows a BSN or a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ijw.auth.dependencies import install_auth
from ijw.auth.scopes import BERICHTEN_LEZEN, Principal
from ijw.pseudonym import Pseudonymiser
from ijw.settings import Settings
from services.dashboard import berichten, exports, quality, traffic, trajectories
from services.dashboard.session import (
    COOKIE,
    LoginRequired,
    access,
    check_login_form,
    check_origin,
    clear_login_cookie,
    form_value,
    insecure_origin,
    logged_in,
    new_csrf_token,
    resolve,
    set_csrf_cookie,
    set_login_cookie,
)
from services.dashboard.web import (
    HERE,
    STATE,
    DashboardPage,
    DashboardState,
    NavItem,
    get_state,
    make_templates,
    redirect,
    render,
)
from services.edge import EDGE

# -- routes ----------------------------------------------------------------------------------------------

router = APIRouter()
READ = access(BERICHTEN_LEZEN)


@router.get("/", include_in_schema=False)
def home(request: Request, principal: Principal = Depends(logged_in)) -> Response:
    """The first page the principal may see; a page that says so when there is none."""
    for item in get_state(request).nav:
        if principal.has(item.scope):
            return redirect(request, item.path)
    return render(request, "nothing.html", principal, title="Geen pagina's")


def _login_page(request: Request, refused: LoginRequired | None = None) -> HTMLResponse:
    """The login form with a fresh CSRF token (in the form and in its cookie); ``refused``: why the last
    attempt failed (401, or 429 with Retry-After)."""
    token = new_csrf_token()
    response = render(
        request,
        "login.html",
        None,
        status_code=refused.status_code if refused else status.HTTP_200_OK,
        title="Inloggen",
        error=refused.message if refused else None,
        insecure=insecure_origin(request),
        csrf=token,
    )
    response.headers.update(refused.headers if refused else {})
    set_csrf_cookie(request, response, token)
    return response


@router.get("/login", include_in_schema=False)
def login_form(request: Request) -> HTMLResponse:
    """The login form: paste an API key."""
    return _login_page(request)


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    """Check the form's origin and CSRF token, then the key with the API's own code path; on success open
    a server-side session (the cookie holds its random id, never the key)."""
    await check_login_form(request)
    key = await form_value(request, "api_key")
    try:
        await run_in_threadpool(resolve, request, key)
    except LoginRequired as refused:
        return _login_page(request, refused)
    response = redirect(request, "/")
    await run_in_threadpool(set_login_cookie, request, response, key)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    """End the session server-side and clear its cookie (a post from another site is refused)."""
    check_origin(request)
    response = redirect(request, "/login")
    clear_login_cookie(request, response)
    return response


@router.get("/style.css", include_in_schema=False)
def stylesheet() -> Response:
    """The one stylesheet."""
    css = (HERE / "static" / "dashboard.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


# -- the app ---------------------------------------------------------------------------------------------

NAV: tuple[NavItem, ...] = (
    NavItem("/pipeline", "Verwerking", BERICHTEN_LEZEN),
    NavItem("/validation", "Validatie", BERICHTEN_LEZEN),
    NavItem("/trajectories", "Trajecten", BERICHTEN_LEZEN),
    NavItem("/berichten", "Berichten", BERICHTEN_LEZEN),
    quality.NAV,
    exports.NAV,
)


def create_dashboard(
    engine: Engine,
    *,
    pseudonymiser: Pseudonymiser | None = None,
    intake_counts: Callable[[], Mapping[str, float]] | None = None,
    extra_pages: Sequence[DashboardPage] = (),
) -> FastAPI:
    """The dashboard as an ASGI sub-app over ``engine`` (messages and credentials), to mount at a path.

    ``pseudonymiser``: the client pseudonyms (default: keyed by ``IJW_PSEUDONYM_KEY``). ``intake_counts``:
    the HTTP intake counters by outcome (stored, duplicate, rejected…) of the app the dashboard is mounted in,
    shown to beheerders (duplicates are not stored, so the database cannot count them). ``extra_pages``: more
    pages, added to the navigation after the built-in ones.
    """
    # EDGE: a query parameter no page declares (a misspelt filter) is a 400 page, as the API refuses it
    app = FastAPI(title="iJw dashboard", docs_url=None, redoc_url=None, openapi_url=None, dependencies=EDGE)
    state = DashboardState(
        engine=engine,
        pseudo=pseudonymiser or Pseudonymiser.or_ephemeral(Settings().key_bytes()),
        nav=NAV + tuple(page.nav for page in extra_pages),
        templates=make_templates(),
        intake_counts=intake_counts,
    )
    setattr(app.state, STATE, state)
    install_auth(app, engine)
    app.include_router(router)
    app.include_router(traffic.router)
    app.include_router(trajectories.router)
    app.include_router(berichten.router)
    app.include_router(quality.router)
    app.include_router(exports.router)
    for page in extra_pages:
        app.include_router(page.router)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        response = redirect(request, "/login")
        if request.cookies.get(COOKIE):
            clear_login_cookie(request, response)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """A query value that does not fit (a mistyped berichtsoort, year…): a page that says which, not
        FastAPI's JSON."""
        fields = sorted({str(e.get("loc", ("", "?"))[-1]) for e in exc.errors()})
        return render(
            request,
            "error.html",
            getattr(request.state, "principal", None),
            status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
            title="Ongeldige invoer",
            detail=f"Deze waarde past niet: {', '.join(fields)}. Kies opnieuw via het formulier of de link.",
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == status.HTTP_401_UNAUTHORIZED:
            return redirect(request, "/login")
        principal = getattr(request.state, "principal", None)
        titles = {400: "Ongeldige aanvraag", 403: "Geen toegang", 404: "Niet gevonden"}
        return render(
            request,
            "error.html",
            principal,
            status_code=exc.status_code,
            title=titles.get(exc.status_code, "Fout"),
            detail=dutch_detail(str(exc.detail)),
        )

    return app


DENIALS = (
    (re.compile(r"lacks scope ([\w.]+)"), "Uw sleutel heeft niet de bevoegdheid {0} die deze pagina vraagt."),
    (
        re.compile(r"filter names another (aanbieder|gemeente)"),
        "Deze {0} hoort niet bij uw berichtenverkeer.",
    ),
    (re.compile(r"export (\w+) is not granted"), "De export {0} is niet aan uw sleutel toegekend."),
    (re.compile(r"^Not Found$"), "Deze pagina bestaat niet."),
    (
        re.compile(r"^unknown query parameter\(s\): (.+); see"),
        "Deze pagina kent de parameter(s) {0} niet. Kies opnieuw via het formulier of een link.",
    ),
)
"""The shared auth code's reasons (English, as the API gives them) as the dashboard says them."""


def dutch_detail(detail: str) -> str:
    """The Dutch text of an error detail of the shared auth code; other details (already Dutch) as they are.

    >>> dutch_detail("the credential lacks scope berichten.lezen")
    'Uw sleutel heeft niet de bevoegdheid berichten.lezen die deze pagina vraagt.'
    >>> dutch_detail("Dit bericht bestaat niet in uw berichtenverkeer.")
    'Dit bericht bestaat niet in uw berichtenverkeer.'
    """
    for pattern, text in DENIALS:
        found = pattern.search(detail)
        if found:
            return text.format(*found.groups())
    return detail


def counter_totals(counter: Any, label: str = "status") -> dict[str, float]:
    """The totals of a labelled Prometheus counter by the value of ``label`` (for ``intake_counts``)."""
    totals: dict[str, float] = {}
    for metric in counter.collect():
        for sample in metric.samples:
            if sample.name.endswith("_total") and label in sample.labels:
                totals[sample.labels[label]] = totals.get(sample.labels[label], 0.0) + sample.value
    return totals

"""Login for the dashboard: an API key opens a server-side session; the browser holds only its random id.

The user pastes an API key issued by ``ijw credentials issue``. It is checked by the very function the HTTP
API uses, :func:`ijw.auth.dependencies.current_principal` (hashed-key lookup, revocation, expiry, the failure
limit per address and key id, the ``ijw.auth`` log), and opens a session (:mod:`ijw.auth.sessions`): a random
id, stored hashed, that ends after 30 minutes idle, 8 hours after login, at logout, or when its key is
revoked or expires. The key itself never goes into a cookie.

The session cookie is ``HttpOnly`` (no script reads it), ``SameSite=Strict`` (no other site's page makes
the browser send it), ``Secure`` (HTTPS only; browsers treat ``localhost`` and ``127.0.0.1`` as secure) and
limited to the dashboard's path. The login form is protected against cross-site posts (login CSRF): its
``Origin``, when the browser names one, must be this site, and it must carry the CSRF token of the form the
browser was given (a random token in the form and in a ``SameSite=Strict`` cookie, compared in constant
time). Logout checks the ``Origin`` too. Every page checks its scope with
:func:`ijw.auth.dependencies.require`, so a missing scope is logged as a denial like any API call.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from fastapi import HTTPException, Request, Response, status
from sqlalchemy import Engine

from ijw.auth.credentials import key_id_of
from ijw.auth.dependencies import STATE_ENGINE, current_principal, require
from ijw.auth.scopes import Principal, Scope
from ijw.auth.sessions import ABSOLUTE, create_session, revoke_session, session_principal

COOKIE = "ijw_dashboard"
CSRF_COOKIE = "ijw_csrf"
CSRF_FIELD = "csrf"
MAX_FORM_BYTES = 4096
SESSION_SECONDS = int(ABSOLUTE.total_seconds())
CSRF_SECONDS = 3600
_FORM = "dashboard_form"

INVALID_KEY = "Deze sleutel is niet geldig (onbekend, ingetrokken, verlopen of verkeerd overgenomen)."
TOO_MANY = (
    "Te veel mislukte pogingen vanaf dit adres of met deze sleutel. "
    "Probeer het over {seconds} seconden opnieuw."
)
FORM_REFUSED = "Dit formulier komt niet van deze site of is verlopen. Open de inlogpagina opnieuw."


class LoginRequired(Exception):
    """No valid session (or a refused login): the handler sends the browser to the login page.

    ``message`` is for the user (Dutch), ``status_code`` 401, or 429 with ``headers`` naming Retry-After.
    """

    def __init__(
        self,
        reason: str,
        message: str = INVALID_KEY,
        status_code: int = status.HTTP_401_UNAUTHORIZED,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message
        self.status_code = status_code
        self.headers = headers or {}


def base_path(request: Request) -> str:
    """The path the dashboard is mounted at (``/dashboard``), without a trailing slash."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def _engine(request: Request) -> Engine:
    engine: Engine = getattr(request.app.state, STATE_ENGINE)
    return engine


def resolve(request: Request, key: str) -> Principal:
    """The principal of ``key`` via the API's :func:`current_principal`; :class:`LoginRequired` if none
    (status 429 with Retry-After when the address or key id failed too often)."""
    try:
        return current_principal(request, None, key)
    except HTTPException as exc:
        if exc.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
            headers = dict(exc.headers or {})
            message = TOO_MANY.format(seconds=headers.get("Retry-After", "60"))
            raise LoginRequired(str(exc.detail), message, exc.status_code, headers) from None
        raise LoginRequired(str(exc.detail)) from None


def logged_in(request: Request) -> Principal:
    """FastAPI dependency: the principal of the session in the cookie (:class:`LoginRequired` without one)."""
    session_id = request.cookies.get(COOKIE)
    if not session_id:
        raise LoginRequired("not logged in")
    principal = session_principal(_engine(request), session_id)
    if principal is None:
        raise LoginRequired("session ended (logout, idle, expired, or its key revoked)")
    request.state.principal = principal
    return principal


def access(scope: Scope) -> Callable[[Request], Principal]:
    """A dependency: the logged-in principal when it holds ``scope`` (403 through ``require`` otherwise)."""
    check = require(scope)

    def dependency(request: Request) -> Principal:
        return check(request, logged_in(request))

    dependency.__name__ = f"dashboard_{scope.label.replace('.', '_')}"
    return dependency


async def _form(request: Request) -> dict[str, list[str]]:
    """The fields of an ``application/x-www-form-urlencoded`` body, read once (no multipart parser)."""
    cached: dict[str, list[str]] | None = getattr(request.state, _FORM, None)
    if cached is not None:
        return cached
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "Het formulier is te groot.")
    values = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=10)
    setattr(request.state, _FORM, values)
    return values


async def form_value(request: Request, name: str) -> str:
    """One field of the form (empty when absent)."""
    return ((await _form(request)).get(name) or [""])[0].strip()


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site (``Origin`` header, else
    ``Referer``); True when it is this site or the browser does not say.

    ``Origin: null`` says nothing: browsers send it for every form post from a page with
    ``Referrer-Policy: no-referrer``, the dashboard's own pages included. The CSRF token decides then.
    """
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin is None or origin == "null":
        return True
    host = request.headers.get("host", "")
    return bool(host) and urlsplit(origin).netloc.lower() == host.lower()


def check_origin(request: Request) -> None:
    """403 for a form posted from another site."""
    if not same_origin(request):
        raise HTTPException(status.HTTP_403_FORBIDDEN, FORM_REFUSED)


async def check_login_form(request: Request) -> None:
    """403 unless the login form comes from this site with the CSRF token the browser was given."""
    check_origin(request)
    sent = await form_value(request, CSRF_FIELD)
    expected = request.cookies.get(CSRF_COOKIE, "")
    if not sent or not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, FORM_REFUSED)


def new_csrf_token() -> str:
    """A fresh CSRF token for a login form (give it with :func:`set_csrf_cookie`)."""
    return secrets.token_urlsafe(32)


def _cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path=base_path(request) or "/",
        secure=True,
        httponly=True,
        samesite="strict",
    )


def set_csrf_cookie(request: Request, response: Response, token: str) -> None:
    """The cookie half of the login form's CSRF token."""
    _cookie(request, response, CSRF_COOKIE, token, CSRF_SECONDS)


def set_login_cookie(request: Request, response: Response, key: str) -> None:
    """Open a session for the (already checked) ``key`` and put its id in the dashboard cookie."""
    key_id = key_id_of(key)
    session_id = create_session(_engine(request), key_id) if key_id else None
    if session_id is None:  # revoked between the check and now
        raise LoginRequired("the key is no longer active")
    _cookie(request, response, COOKIE, session_id, SESSION_SECONDS)
    response.delete_cookie(CSRF_COOKIE, path=base_path(request) or "/", secure=True, httponly=True)


def clear_login_cookie(request: Request, response: Response) -> None:
    """End the session of the cookie (server-side) and remove the cookie."""
    session_id = request.cookies.get(COOKIE)
    if session_id:
        revoke_session(_engine(request), session_id)
    response.delete_cookie(
        COOKIE, path=base_path(request) or "/", secure=True, httponly=True, samesite="strict"
    )


def insecure_origin(request: Request) -> bool:
    """Plain HTTP on a host that is not loopback: the browser will not send a ``Secure`` cookie back."""
    host = (request.url.hostname or "").lower()
    return request.url.scheme != "https" and host not in ("localhost", "127.0.0.1", "::1", "[::1]")

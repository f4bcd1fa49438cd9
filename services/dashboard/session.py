"""Login for the dashboard: the API key in an HttpOnly cookie, resolved through the API's own auth code.

The user pastes an API key issued by ``ijw credentials issue``; it is checked, and stored in a cookie that
is ``HttpOnly`` (no script reads it), ``SameSite=Strict`` (no other site's page makes the browser send it,
which is what protects the pages and the logout form against cross-site requests), ``Secure`` (sent over
HTTPS only; browsers treat ``localhost`` and ``127.0.0.1`` as secure) and limited to the dashboard's path.
Every request resolves its :class:`~ijw.auth.scopes.Principal` with the very function the HTTP API uses,
:func:`ijw.auth.dependencies.current_principal` (hashed-key lookup, revocation, the ``ijw.auth`` log), and
checks the page's scope with :func:`ijw.auth.dependencies.require`: a revoked key stops working on the next
page, and a missing scope is logged as a denial like any API call.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs

from fastapi import HTTPException, Request, Response, status

from ijw.auth.dependencies import current_principal, require
from ijw.auth.scopes import Principal, Scope

COOKIE = "ijw_dashboard"
MAX_FORM_BYTES = 4096
SESSION_SECONDS = 8 * 3600


class LoginRequired(Exception):
    """No valid key in the cookie: the handler sends the browser to the login page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def base_path(request: Request) -> str:
    """The path the dashboard is mounted at (``/dashboard``), without a trailing slash."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def resolve(request: Request, key: str) -> Principal:
    """The principal of ``key`` via the API's :func:`current_principal`; :class:`LoginRequired` if none."""
    try:
        return current_principal(request, None, key)
    except HTTPException as exc:
        raise LoginRequired(str(exc.detail)) from None


def logged_in(request: Request) -> Principal:
    """FastAPI dependency: the principal of the dashboard cookie (:class:`LoginRequired` without one)."""
    key = request.cookies.get(COOKIE)
    if not key:
        raise LoginRequired("not logged in")
    return resolve(request, key)


def access(scope: Scope) -> Callable[[Request], Principal]:
    """A dependency: the logged-in principal when it holds ``scope`` (403 through ``require`` otherwise)."""
    check = require(scope)

    def dependency(request: Request) -> Principal:
        return check(request, logged_in(request))

    dependency.__name__ = f"dashboard_{scope.label.replace('.', '_')}"
    return dependency


async def form_value(request: Request, name: str) -> str:
    """One field of an ``application/x-www-form-urlencoded`` body (no multipart parser needed)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "form too large")
    values = parse_qs(body.decode("utf-8", errors="replace"), max_num_fields=10)
    return (values.get(name) or [""])[0].strip()


def set_login_cookie(request: Request, response: Response, key: str) -> None:
    """Store ``key`` in the dashboard cookie (see the module docstring for its attributes)."""
    response.set_cookie(
        COOKIE,
        key,
        max_age=SESSION_SECONDS,
        path=base_path(request) or "/",
        secure=True,
        httponly=True,
        samesite="strict",
    )


def clear_login_cookie(request: Request, response: Response) -> None:
    """Remove the dashboard cookie."""
    response.delete_cookie(
        COOKIE, path=base_path(request) or "/", secure=True, httponly=True, samesite="strict"
    )


def insecure_origin(request: Request) -> bool:
    """Plain HTTP on a host that is not loopback: the browser will not send a ``Secure`` cookie back."""
    host = (request.url.hostname or "").lower()
    return request.url.scheme != "https" and host not in ("localhost", "127.0.0.1", "::1", "[::1]")

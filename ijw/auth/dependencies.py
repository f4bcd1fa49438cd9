"""FastAPI side of access control: the ``require(scope)`` dependency and the denial log.

A service installs the database engine that holds the credentials with :func:`install_auth` and guards each
endpoint with ``principal: Principal = Depends(require(BERICHTEN_LEZEN))``. The key travels as
``Authorization: Bearer ijw_<key_id>_<secret>`` or as ``X-API-Key: ijw_…``. Without a valid, unrevoked key
the answer is 401; without the scope, 403. Endpoints apply the party rules of :mod:`ijw.auth.scopes`
themselves and report a denial with :func:`deny`, which logs it (key id, endpoint, reason; never personal
data, never the secret).

Failed authentications are limited per client address and per key id (:mod:`ijw.auth.ratelimit`): beyond
the limit the answer is 429 with ``Retry-After``, logged with the address and key id (never the secret). An
address over its limit is refused whatever key it sends; a key id over its limit refuses wrong secrets only,
so that whoever learns a key id (it is in logs) cannot lock its holder out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request, status
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from ijw.auth.credentials import authenticate, key_id_of
from ijw.auth.ratelimit import FailureLimiter, retry_after_header
from ijw.auth.scopes import Principal, Scope

log = logging.getLogger("ijw.auth")

STATE_ENGINE = "auth_engine"
"""``app.state`` attribute holding the engine of the credentials table."""
STATE_LIMITER = "auth_limiter"
"""``app.state`` attribute holding the :class:`FailureLimiter` of the app."""

_bearer = HTTPBearer(auto_error=False, description="API key `ijw_<keyid>_<secret>` as bearer token")
_api_key = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key `ijw_<keyid>_<secret>`")


def install_auth(app: FastAPI, engine: Engine, limiter: FailureLimiter | None = None) -> None:
    """Make ``require`` look up credentials in ``engine`` for requests to ``app``, counting failures in
    ``limiter`` (default: one configured from the environment; pass the same one to apps that share a port,
    such as the API and its mounted dashboard, so they share the budget)."""
    setattr(app.state, STATE_ENGINE, engine)
    setattr(app.state, STATE_LIMITER, limiter or FailureLimiter.from_environment())


def limiter_of(app: Any) -> FailureLimiter | None:
    """The failure limiter ``install_auth`` gave ``app`` (None before it was called)."""
    found: FailureLimiter | None = getattr(app.state, STATE_LIMITER, None)
    return found


def client_address(request: Request) -> str:
    """The client's address as the server sees it (behind a proxy: ``FORWARDED_ALLOW_IPS`` names it)."""
    return request.client.host if request.client is not None else "-"


def endpoint_of(request: Request) -> str:
    """``METHOD /path`` of the request (no query string: it is not needed to audit a denial)."""
    return f"{request.method} {request.url.path}"


def deny(
    request: Request,
    principal: Principal,
    reason: str,
    status_code: int = status.HTTP_403_FORBIDDEN,
    detail: str | None = None,
) -> HTTPException:
    """Log a denial and return the exception to raise (403 by default; 404 hides an object's existence).

    ``reason`` goes to the log only and must not contain personal data; ``detail`` is what the client sees
    (by default the reason for 403 and ``not found`` for 404).
    """
    log.warning(
        "access denied key_id=%s kind=%s endpoint=%s status=%d reason=%s",
        principal.key_id,
        principal.kind,
        endpoint_of(request),
        status_code,
        reason,
    )
    if detail is None:
        detail = "not found" if status_code == status.HTTP_404_NOT_FOUND else reason
    return HTTPException(status_code=status_code, detail=detail)


def _unauthorized(request: Request, key: str | None, detail: str) -> HTTPException:
    log.info(
        "authentication failed key_id=%s endpoint=%s reason=%s",
        (key_id_of(key) if key else None) or "-",
        endpoint_of(request),
        detail,
    )
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


def _too_many(request: Request, key: str, wait: float, subject: str) -> HTTPException:
    """The 429 for an attempt over the failure limit of ``subject``, logged (never the secret)."""
    log.warning(
        "authentication rate-limited by=%s key_id=%s client=%s endpoint=%s retry_after=%s",
        subject,
        key_id_of(key) or "-",
        client_address(request),
        endpoint_of(request),
        retry_after_header(wait),
    )
    return HTTPException(
        status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        detail="too many failed authentications; try again later",
        headers={"Retry-After": retry_after_header(wait)},
    )


def current_principal(
    request: Request,
    bearer: HTTPAuthorizationCredentials | None = Depends(_bearer),
    api_key: str | None = Depends(_api_key),
) -> Principal:
    """The authenticated principal of the request; 401 when the key is missing, unknown, revoked or expired.

    429 when the client address has failed too often (whatever the key), or when the key is wrong and its key
    id has failed too often: a key id over its limit does not lock out the key's holder, who knows the secret,
    but every further guess at it is refused without an answer on the secret.
    """
    key = bearer.credentials if bearer is not None else api_key
    if not key:
        raise _unauthorized(request, None, "missing API key")
    engine: Engine | None = getattr(request.app.state, STATE_ENGINE, None)
    if engine is None:  # pragma: no cover - a service that forgot install_auth
        raise RuntimeError("ijw.auth: install_auth(app, engine) was not called")
    limiter = limiter_of(request.app)
    address = f"addr:{client_address(request)}"
    wait = limiter.retry_after(address) if limiter is not None else None
    if wait is not None:
        raise _too_many(request, key, wait, "address")
    principal = authenticate(engine, key)
    if principal is None:
        key_id = key_id_of(key)
        subjects = (address, f"key:{key_id}") if key_id else (address,)
        if limiter is not None:
            wait = limiter.retry_after(*subjects[1:]) if key_id else None
            limiter.failed(*subjects)
            if wait is not None:
                raise _too_many(request, key, wait, "key_id")
        raise _unauthorized(request, key, "invalid, revoked or expired API key")
    request.state.principal = principal
    return principal


def require(scope: Scope) -> Callable[..., Principal]:
    """A dependency returning the authenticated principal when it holds ``scope`` (403 otherwise)."""

    def dependency(request: Request, principal: Principal = Depends(current_principal)) -> Principal:
        if not principal.has(scope):
            raise deny(request, principal, f"the credential lacks scope {scope.label}")
        return principal

    dependency.__name__ = f"require_{scope.label.replace('.', '_')}"
    return dependency


def party_selection(
    request: Request, principal: Principal, aanbieder: str | None, gemeente: str | None
) -> tuple[str | None, str | None]:
    """The (aanbieder, gemeente) the request may see: the party's own code, narrowed further by filters.

    A filter naming another party of the credential's own kind is refused (403, logged).
    """
    if principal.is_beheerder:
        return aanbieder, gemeente
    if principal.kind == "aanbieder":
        if aanbieder is not None and aanbieder != principal.code:
            raise deny(request, principal, "aanbieder filter names another aanbieder")
        return principal.code, gemeente
    if principal.kind == "gemeente":
        if gemeente is not None and gemeente != principal.code:
            raise deny(request, principal, "gemeente filter names another gemeente")
        return aanbieder, principal.code
    raise deny(request, principal, f"a {principal.kind} credential has no quality feedback")

"""Validation at the edge of every HTTP app (issue 11): bounded integers and strings, no unknown parameters.

- :data:`MAX_ID`: the largest database id (PostgreSQL ``BIGINT``); :data:`BerichtId` is a path id bounded to
  ``1 … MAX_ID``, so ``/berichten/99999999999999999999`` is a 422, not a database overflow (500);
  :data:`Day` bounds a date parameter to :data:`FIRST_DAY` … :data:`LAST_DAY` likewise;
- :func:`refuse_unknown_parameters`: an app-wide dependency that answers 400 when a request carries a
  query parameter its route does not declare (a misspelt filter would otherwise be silently ignored, and a
  key pasted into a URL would travel further than the access log). Install it with
  ``FastAPI(dependencies=EDGE)``.

>>> MAX_ID == 9223372036854775807
True
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from annotated_types import Interval
from fastapi import Depends, HTTPException, Path, Request, status
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

MAX_ID = 2**63 - 1
"""The largest value of a 64-bit signed id column."""

FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(9999, 12, 30)
"""The days a date parameter may name: a day later still exists, and midnight in Europe/Amsterdam is a UTC
time (``0001-01-01`` and ``9999-12-31`` overflowed into 500s)."""

Day = Annotated[dt.date, Interval(ge=FIRST_DAY, le=LAST_DAY)]
"""A date parameter bounded to :data:`FIRST_DAY` … :data:`LAST_DAY` (422 beyond)."""

BerichtId = Annotated[int, Path(ge=1, le=MAX_ID, description="the id of a stored message")]
"""A path parameter naming a stored message."""

_CACHE = "_ijw_query_parameters"


def declared_query_parameters(route: APIRoute) -> frozenset[str]:
    """The names (aliases) of every query parameter ``route`` and its dependencies declare."""
    found: frozenset[str] | None = getattr(route, _CACHE, None)
    if found is None:
        names: set[str] = set()
        pending: list[Dependant] = [route.dependant]
        while pending:
            dependant = pending.pop()
            names.update(p.alias for p in dependant.query_params)
            pending.extend(dependant.dependencies)
        found = frozenset(names)
        setattr(route, _CACHE, found)  # computed once per route
    return found


def refuse_unknown_parameters(request: Request) -> None:
    """400 when the query string names a parameter the route does not declare (names only in the answer)."""
    route: Any = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    unknown = sorted(set(request.query_params.keys()) - declared_query_parameters(route))
    if unknown:
        shown = ", ".join(name[:40] for name in unknown[:10])
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            detail=f"unknown query parameter(s): {shown}; see the OpenAPI description (/docs)",
        )


EDGE = [Depends(refuse_unknown_parameters)]
"""The app-wide dependencies of every HTTP app (``FastAPI(dependencies=EDGE)``)."""

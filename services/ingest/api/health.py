"""``GET /health`` (no credential: for load balancers and orchestrators) and ``GET /metrics`` (beheer)."""

from __future__ import annotations

import logging
from importlib import metadata

from fastapi import APIRouter, Depends, Response, status
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import Engine, text
from starlette.concurrency import run_in_threadpool

import ijw
from ijw.auth.dependencies import require
from ijw.auth.scopes import BEHEER, Principal
from ijw.db import current_revision
from services.ingest.api.schemas import Health
from services.ingest.api.state import ApiState, get_state

log = logging.getLogger(__name__)

router = APIRouter(tags=["operations"])


def version() -> str:
    """The installed version of the distribution (the package's own when not installed)."""
    try:
        return metadata.version("ijw-verwerker")
    except metadata.PackageNotFoundError:
        return ijw.__version__


def _database(engine: Engine) -> tuple[bool, str | None]:
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True, current_revision(engine)
    except Exception as exc:  # any failure means: not reachable
        log.warning("health: database not reachable error=%s", type(exc).__name__)
        return False, None


@router.get(
    "/health",
    response_model=Health,
    summary="Liveness and readiness (no credential)",
    responses={503: {"model": Health, "description": "the database is not reachable"}},
)
async def health(state: ApiState = Depends(get_state)) -> JSONResponse:
    """Whether the database is reachable, the schema revision, the version and the intake mode."""
    reachable, revision = await run_in_threadpool(_database, state.engine)
    body = Health(
        status="ok" if reachable else "unavailable",
        version=version(),
        mode=state.settings.mode,
        database=reachable,
        schema_revision=revision,
    )
    code = status.HTTP_200_OK if reachable else status.HTTP_503_SERVICE_UNAVAILABLE
    return JSONResponse(status_code=code, content=body.model_dump(mode="json"))


@router.get(
    "/metrics",
    response_class=Response,
    summary="Prometheus metrics (scope beheer)",
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
)
async def metrics(
    _principal: Principal = Depends(require(BEHEER)), state: ApiState = Depends(get_state)
) -> Response:
    """Counters of requests (by route and status) and of messages (by intake status), text format."""
    return Response(content=generate_latest(state.metrics.registry), media_type=CONTENT_TYPE_LATEST)

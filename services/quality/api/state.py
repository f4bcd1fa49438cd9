"""The engine the quality routes read, one per app."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy import Engine

STATE_ENGINE = "quality_engine"


def get_engine(request: Request) -> Engine:
    """FastAPI dependency: the database engine installed by ``include_quality_routes``."""
    engine: Engine | None = getattr(request.app.state, STATE_ENGINE, None)
    if engine is None:  # pragma: no cover - an app that forgot include_quality_routes
        raise RuntimeError("services.quality.api: include_quality_routes(app, engine) was not called")
    return engine

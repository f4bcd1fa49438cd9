"""The app factory of the export HTTP API, and the function that mounts its routes on another app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy import Engine

from ijw.auth.dependencies import STATE_ENGINE, install_auth
from ijw.db import make_engine, migrate
from ijw.productcodes import ProductCatalog, load_catalog
from services import accesslog
from services.apidocs import api_app
from services.edge import EDGE
from services.export.api import routes
from services.export.api.state import STATE_ATTRIBUTE, ExportState
from services.export.settings import ExportSettings

DESCRIPTION = """\
Exports derived from the iJw message traffic: Beleidsinformatie Jeugd records per verslagperiode, Iv3
taakveld aggregates, the BIJ ↔ Iv3 reconciliation and monitor indicators; JSON or CSV (`format=csv`).

Authenticate with an API key (`Authorization: Bearer ijw_…` or `X-API-Key: ijw_…`) with scope
`export.lezen` (or `beheer`). BSNs only go to credentials entitled to them; all others get pseudonyms.
"""


def include_export_routes(
    app: FastAPI,
    engine: Engine,
    settings: ExportSettings | None = None,
    catalog: ProductCatalog | None = None,
) -> None:
    """Mount the ``/exports`` routes on ``app``, reading from ``engine``.

    Installs ``ijw.auth`` on ``engine`` unless the app already has it (the ingest app does).
    """
    state = ExportState(settings or ExportSettings(), engine, catalog or load_catalog())
    setattr(app.state, STATE_ATTRIBUTE, state)
    if getattr(app.state, STATE_ENGINE, None) is None:
        install_auth(app, engine)
    app.include_router(routes.router)


def create_app(settings: ExportSettings | None = None) -> FastAPI:
    """A stand-alone export API for ``settings`` (default: from the environment)."""
    settings = settings or ExportSettings()
    if settings.migrate:
        migrate(settings.db_url)
    engine = make_engine(settings.db_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            engine.dispose()

    app = api_app(description=DESCRIPTION, lifespan=lifespan, dependencies=EDGE)
    include_export_routes(app, engine, settings)
    accesslog.install()
    return app

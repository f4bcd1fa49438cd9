"""The one HTTP application of the product: ``create_app(settings) -> FastAPI`` (OpenAPI at ``/docs``).

It composes the services: the ingest API (intake, results, operations) with the quality and export routes and
the dashboard mounted on it.

Routers by concern: intake (``POST /berichten``), results (``GET /berichten…``), operations (``/health``,
``/metrics``), and the dashboard at ``/dashboard`` (:mod:`services.dashboard`, login with an API key). Every
endpoint but ``/health`` requires a credential (:mod:`ijw.auth`). Embedded mode
processes messages in the request; with a Kafka bootstrap configured, intake publishes to ``ijw.berichten``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from ijw.auth.dependencies import install_auth, limiter_of
from ijw.db import make_engine, migrate
from ijw.validation import Validator
from services import accesslog
from services.apidocs import api_app
from services.dashboard import counter_totals, create_dashboard
from services.edge import EDGE
from services.export.api import include_export_routes
from services.ingest.api import berichten, health, intake
from services.ingest.api.health import version
from services.ingest.api.metrics import ApiMetrics, MetricsMiddleware
from services.ingest.api.settings import ApiSettings
from services.ingest.api.state import ApiState
from services.ingest.processing import IngestProcessor
from services.quality.api import include_quality_routes


def create_app(
    settings: ApiSettings | None = None,
    *,
    producer: Any | None = None,
    validator: Validator | None = None,
) -> FastAPI:
    """The ingest API for ``settings`` (default: from the environment).

    ``producer``: a Kafka producer to publish with in Kafka mode (default: one is made for
    ``settings.bootstrap_servers`` when the app starts, and closed when it stops). ``validator``: a shared
    :class:`Validator` (compiled XSDs are reused).
    """
    settings = settings or ApiSettings()
    if settings.migrate:
        migrate(settings.db_url)
    engine = make_engine(settings.db_url)
    validator = validator or Validator()
    metrics = ApiMetrics()
    state = ApiState(
        settings=settings,
        engine=engine,
        validator=validator,
        processor=IngestProcessor(engine, validator),
        metrics=metrics,
        producer=producer,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_producer = None
        if settings.mode == "kafka" and state.producer is None:
            from services.ingest.producer import make_producer

            own_producer = state.producer = make_producer(settings.bootstrap_servers or "")
        try:
            yield
        finally:
            if own_producer is not None:
                own_producer.close()
                state.producer = None
            engine.dispose()

    app = api_app(version=version(), lifespan=lifespan, dependencies=EDGE)
    app.state.ingest = state
    install_auth(app, engine)
    app.include_router(intake.router)
    app.include_router(berichten.router)
    app.include_router(health.router)
    include_quality_routes(app, engine)
    include_export_routes(app, engine)
    dashboard = create_dashboard(engine, intake_counts=lambda: counter_totals(metrics.messages))
    install_auth(dashboard, engine, limiter_of(app))  # one failure budget for the API and its dashboard
    app.mount("/dashboard", dashboard)

    @app.get("/", include_in_schema=False)
    def _root() -> RedirectResponse:  # a browser pointed at the server lands on the dashboard
        return RedirectResponse("/dashboard/", status_code=307)

    accesslog.install()
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app

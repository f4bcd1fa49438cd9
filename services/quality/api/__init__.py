"""The HTTP API of the quality service: ``/kwaliteit/…`` routes for the one API app.

``include_quality_routes(app, engine)`` mounts them on an existing FastAPI app (the ingest app of
``ijw_app.http.create_app``): findings (``/kwaliteit/bevindingen``), indicators
(``/kwaliteit/indicatoren``), the report (``/kwaliteit/rapport``, ``/kwaliteit/rapport.csv``), the latest
expectation results (``/kwaliteit/suites``) and the answer audit (``/kwaliteit/audit``). Access: scope
``kwaliteit.lezen``, party rules of :mod:`ijw.auth.scopes` (see :mod:`services.quality.api.routes`).
"""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import Engine

from ijw.auth.dependencies import STATE_ENGINE as AUTH_ENGINE
from ijw.auth.dependencies import install_auth
from services.quality.api.audit import router as audit_router
from services.quality.api.routes import router
from services.quality.api.state import STATE_ENGINE


def include_quality_routes(app: FastAPI, engine: Engine) -> None:
    """Serve the ``/kwaliteit`` routes on ``app`` from ``engine``.

    Credentials are looked up where the app already looks them up (``install_auth``); an app without one
    gets ``engine`` for that too.
    """
    setattr(app.state, STATE_ENGINE, engine)
    if getattr(app.state, AUTH_ENGINE, None) is None:
        install_auth(app, engine)
    app.include_router(router)
    app.include_router(audit_router)


__all__ = ["include_quality_routes", "router"]

"""The HTTP API of the ingest service (FastAPI): intake, results, retour messages, health and metrics.

The routers are composed into the one HTTP app by :mod:`ijw_app.http`; ``ijw serve`` runs it with uvicorn.
Endpoints: ``docs/api.md``.
"""

from services.ingest.api.settings import ApiSettings

__all__ = ["ApiSettings"]

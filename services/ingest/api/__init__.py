"""The HTTP API of the ingest service (FastAPI): intake, results, retour messages, health and metrics.

``create_app(settings)`` builds the app; ``ijw serve`` runs it with uvicorn. Endpoints: ``docs/api.md``.
"""

from services.ingest.api.app import create_app
from services.ingest.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]

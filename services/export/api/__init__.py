"""The HTTP API of the export service (FastAPI): BIJ records, Iv3 aggregates, reconciliation, indicators.

``create_app(settings)`` builds a stand-alone app; ``include_export_routes(app, engine, settings)`` mounts the
same routes on another app (e.g. the one ``ijw serve`` runs). Endpoints and access rules: ``docs/exports.md``.
"""

from services.export.api.app import create_app, include_export_routes
from services.export.settings import ExportSettings

__all__ = ["ExportSettings", "create_app", "include_export_routes"]

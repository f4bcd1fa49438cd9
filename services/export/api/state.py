"""What the export routes share: the engine, the settings and the product catalogue, one per app."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import Engine

from ijw.productcodes import ProductCatalog
from services.export.settings import ExportSettings

STATE_ATTRIBUTE = "export"
"""``app.state`` attribute holding the :class:`ExportState`."""


@dataclass(slots=True)
class ExportState:
    """Resources of the export routes of one app."""

    settings: ExportSettings
    engine: Engine
    catalog: ProductCatalog


def get_state(request: Request) -> ExportState:
    """FastAPI dependency: the :class:`ExportState` of the app serving the request."""
    state: ExportState = getattr(request.app.state, STATE_ATTRIBUTE)
    return state

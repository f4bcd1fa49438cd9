"""What the routers share: settings, engine, processor or producer and metrics, one per app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from ijw.validation import Validator
from services.ingest.api.metrics import ApiMetrics
from services.ingest.api.settings import ApiSettings
from services.ingest.processing import IngestProcessor


@dataclass(slots=True)
class ApiState:
    """Resources of one app. ``producer`` is set in Kafka mode only (a KafkaProducer or a test double)."""

    settings: ApiSettings
    engine: Engine
    validator: Validator
    processor: IngestProcessor
    metrics: ApiMetrics
    producer: Any | None = None


def get_state(request: Request) -> ApiState:
    """FastAPI dependency: the :class:`ApiState` of the app serving the request."""
    state: ApiState = request.app.state.ingest
    return state

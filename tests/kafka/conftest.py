"""Fixtures of the Kafka tests: an embedded broker per test (127.0.0.1, free port, stopped afterwards)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ijw.broker import EmbeddedBroker
from services.ingest.settings import IngestSettings

PARTITIONS = 4


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[EmbeddedBroker]:
    """A fresh in-memory broker with the four ingest topics (4 partitions each)."""
    with EmbeddedBroker(log_path=tmp_path / "broker.log") as running:
        running.create_topics(IngestSettings().topics, partitions=PARTITIONS)
        yield running

"""Fixtures of the Kafka tests: an embedded broker per test (127.0.0.1, free port, stopped afterwards)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ijw.broker import EmbeddedBroker
from ijw.db import migrate
from services.ingest.settings import IngestSettings

PARTITIONS = 4


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[EmbeddedBroker]:
    """A fresh in-memory broker with the four ingest topics (4 partitions each)."""
    with EmbeddedBroker(log_path=tmp_path / "broker.log") as running:
        running.create_topics(IngestSettings().topics, partitions=PARTITIONS)
        yield running


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A migrated SQLite database in the test's folder."""
    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    migrate(url)
    return url


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Worker processes a test starts; whatever still runs at the end is killed."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)

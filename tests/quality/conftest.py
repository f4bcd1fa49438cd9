"""Fixtures of the quality service tests: the database fixtures of ``tests/ingest/conftest.py`` (SQLite and
PostgreSQL, loaded from that file, not copied) and a :class:`Traffic` builder on a migrated database."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from builder import Traffic

from ijw.db import make_engine, migrate

_spec = importlib.util.spec_from_file_location(
    "ijw_tests_ingest_conftest_quality", Path(__file__).resolve().parents[1] / "ingest" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_ingest_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ingest_conftest)
db_url = _ingest_conftest.db_url
postgres_url = _ingest_conftest.postgres_url


@pytest.fixture
def traffic(db_url: str) -> Iterator[Traffic]:
    """A migrated database (SQLite and PostgreSQL) with a builder of linked traffic."""
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        yield Traffic(engine)
    finally:
        engine.dispose()

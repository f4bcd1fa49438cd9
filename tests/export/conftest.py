"""Fixtures of the export tests: every test with a database runs on SQLite and on PostgreSQL.

The database fixtures (``db_url``, ``postgres_url``) are those of ``tests/ingest/conftest.py``, loaded from
that file (not copied). ``db`` is a migrated database with an :class:`export_builders.Builder` on it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_builders import Builder

from ijw.db import make_engine, migrate

_spec = importlib.util.spec_from_file_location(
    "ijw_tests_ingest_conftest_export", Path(__file__).resolve().parents[1] / "ingest" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_ingest_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ingest_conftest)
db_url = _ingest_conftest.db_url
postgres_url = _ingest_conftest.postgres_url


@pytest.fixture
def db(db_url: str) -> Iterator[Builder]:
    """A migrated database and a builder of hand-made content rows on it."""
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        yield Builder(engine)
    finally:
        engine.dispose()

"""Fixtures of the scenario tests: the database fixtures of ``tests/ingest/conftest.py`` (SQLite and
PostgreSQL, loaded from that file, not copied)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "ijw_tests_ingest_conftest_scenarios", Path(__file__).resolve().parents[1] / "ingest" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_ingest_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ingest_conftest)
db_url = _ingest_conftest.db_url
postgres_url = _ingest_conftest.postgres_url

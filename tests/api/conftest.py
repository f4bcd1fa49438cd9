"""Fixtures of the HTTP API tests: an ingest app on SQLite and PostgreSQL, credentials of several parties.

The database fixtures (``db_url``, ``postgres_url``) are those of ``tests/ingest/conftest.py``, loaded from
that file (not copied), so both suites run against the same databases in the same way.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_helpers import Api, issue_keys
from fastapi.testclient import TestClient

from ijw.db import make_engine
from ijw.validation import Validator
from ijw_app.http import create_app
from services.ingest.api import ApiSettings

_spec = importlib.util.spec_from_file_location(
    "ijw_tests_ingest_conftest", Path(__file__).resolve().parents[1] / "ingest" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_ingest_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ingest_conftest)
db_url = _ingest_conftest.db_url
postgres_url = _ingest_conftest.postgres_url


@pytest.fixture(scope="session")
def validator() -> Validator:
    return Validator()


@pytest.fixture
def api(db_url: str, validator: Validator) -> Iterator[Api]:
    settings = ApiSettings(db_url=db_url, bootstrap_servers=None)
    app = create_app(settings, validator=validator)
    engine = make_engine(db_url)
    try:
        keys = issue_keys(engine)
        with TestClient(app) as client:
            yield Api(app, client, engine, keys, settings)
    finally:
        engine.dispose()

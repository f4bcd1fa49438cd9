"""Database fixtures: every database test runs on SQLite and on PostgreSQL.

``db_url`` is parametrised over ``sqlite`` (a file in the test's tmp folder) and ``postgresql`` (a fresh
database per test, created through ``IJW_TEST_POSTGRES_URL`` and dropped afterwards). Without that variable
the PostgreSQL variant is skipped with the reason, except under ``CI=true``, where it fails: CI must test
against a real PostgreSQL server (``.ci/postgres.sh`` provides one).
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from ijw.db import make_engine, migrate

POSTGRES_ENV = "IJW_TEST_POSTGRES_URL"


def _postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        reason = (
            f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against "
            '(eval "$(bash .ci/postgres.sh)" starts one)'
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    base = make_url(_postgres_base_url())
    name = f"ijw_t_{uuid.uuid4().hex[:16]}"
    admin = make_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield base.set(database=name).render_as_string(hide_password=False)
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        except Exception as exc:  # cleanup is best effort: a leftover test database is harmless
            reason = str(getattr(exc, "orig", exc)).splitlines()[0] if str(exc) else ""
            warnings.warn(f"could not drop test database {name}: {type(exc).__name__} {reason}", stacklevel=1)
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database (not migrated): SQLite file or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """An engine on a database migrated to the newest revision."""
    migrate(db_url)
    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()

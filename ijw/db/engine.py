"""Engines for the two supported databases: SQLite (the embedded default) and PostgreSQL (production).

>>> engine = make_engine("sqlite://")
>>> with engine.connect() as conn:
...     conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
1
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "ijw_write"
"""Execution option: a connection with ``ijw_write=True`` starts its SQLite transactions with BEGIN IMMEDIATE,
so that concurrent writers queue on the write lock (busy timeout) instead of failing on a lock upgrade."""


def normalize_url(url: str | URL) -> URL:
    """Parse ``url``; a bare ``postgresql://`` or ``postgres://`` URL gets the psycopg 3 driver."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for ``url`` (``sqlite:///file``, ``postgresql+psycopg://user:pw@host/db``).

    SQLite connections get WAL journaling, foreign keys, a busy timeout and ``synchronous=NORMAL``; their
    transactions are begun explicitly (BEGIN, or BEGIN IMMEDIATE on connections with the ``ijw_write``
    execution option). PostgreSQL connections are checked before use (``pool_pre_ping``).
    """
    parsed = normalize_url(url)
    kwargs.setdefault("hide_parameters", True)  # SQL parameters (BSN!) never in exception texts or logs
    if parsed.get_backend_name() == "sqlite":
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args.setdefault("timeout", SQLITE_BUSY_TIMEOUT_MS / 1000)
        engine = create_engine(parsed, connect_args=connect_args, **kwargs)
        _sqlite_events(engine, in_memory=parsed.database in (None, "", ":memory:"))
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def _sqlite_events(engine: Engine, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite's implicit BEGIN is deferred
        # and happens only before DML, see the SQLAlchemy SQLite dialect documentation).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

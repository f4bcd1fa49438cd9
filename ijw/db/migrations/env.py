"""Alembic environment of the ijw database.

The database URL comes from, in order: ``config.attributes["url"]`` or ``["connection"]`` (set by
:func:`ijw.db.migrate`), ``alembic -x url=...``, the shared settings (:mod:`ijw.settings`: ``IJW_DB_URL``,
else ``sqlite:///ijw.sqlite``). SQLite migrations run in batch mode (``render_as_batch``) with foreign keys
off, so that a table rebuild never cascades.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection

from ijw.db.dialect import is_sqlite
from ijw.db.engine import make_engine
from ijw.db.models import Base
from ijw.settings import Settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging") is not False:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("url") or context.get_x_argument(as_dictionary=True).get("url")
    return str(url or Settings().db_url)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite(connection),
        transactional_ddl=True,  # also on SQLite: a failing migration leaves nothing half done
        compare_type=True,
    )


def _run(connection: Connection) -> None:
    sqlite = is_sqlite(connection)
    if sqlite:
        # Outside any transaction (the engine runs pysqlite in autocommit mode and begins explicitly).
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
    try:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        if connection.in_transaction():
            connection.commit()
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""Schema migrations run programmatically: ``migrate(url)`` upgrades a database to the newest revision.

The schema changes only through these Alembic migrations (``ijw/db/migrations``); ``alembic.ini`` at the
repository root runs the same scripts from the command line.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import URL

from ijw.db.engine import make_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | URL | None = None, engine: Engine | None = None) -> Config:
    """An Alembic configuration for the packaged migrations (no ini file, logging left alone)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["configure_logging"] = False
    if url is not None:
        cfg.attributes["url"] = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def _run(cfg: Config, engine: Engine, action: str, revision: str) -> None:
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        if action == "upgrade":
            command.upgrade(cfg, revision)
        else:
            command.downgrade(cfg, revision)


def migrate(url: str | URL | Engine, revision: str = "head") -> None:
    """Upgrade the database at ``url`` (or behind an engine) to ``revision`` (default: the newest)."""
    _migrate("upgrade", url, revision)


def downgrade(url: str | URL | Engine, revision: str) -> None:
    """Downgrade the database to ``revision`` (``base`` removes every table)."""
    _migrate("downgrade", url, revision)


def _migrate(action: str, url: str | URL | Engine, revision: str) -> None:
    if isinstance(url, Engine):
        _run(alembic_config(), url, action, revision)
        return
    engine = make_engine(url)
    try:
        _run(alembic_config(), engine, action, revision)
    finally:
        engine.dispose()


def head_revision() -> str:
    """The newest revision of the packaged migrations."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()

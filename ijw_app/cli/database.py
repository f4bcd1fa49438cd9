"""The one place where a CLI command opens its database: one line on stderr and exit 2 for every mistake.

A mistyped URL, a SQLite file in a folder that does not exist, a file that is not there, a server that does
not answer, a database without the ijw tables or at an older schema revision: each ends the command with a
line that says what is wrong and what to do, never with a traceback. A command never creates a database by
accident: only ``ijw db upgrade``, ``ijw ingest --create`` (and ``ijw demo``, in its own folder) do.

>>> check_database("notaurl")
Traceback (most recent call last):
...
ijw_app.cli.database.DatabaseProblem: 'notaurl' is not a database URL (sqlite:///FILE or postgresql://USER:PASSWORD@HOST/NAME)
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import typer
from sqlalchemy import Engine, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

URL_FORMS = "sqlite:///FILE or postgresql://USER:PASSWORD@HOST/NAME"
PG_CONNECT_TIMEOUT_S = 10
_PASSWORD = re.compile(r":[^:@/]*@")
Reach = Literal["all", "local", "none"]
"""How far :func:`check_database` goes: see there."""


class DatabaseProblem(Exception):
    """The database of a command cannot be used; the text says what is wrong and what to do."""


DB_OPTION = typer.Option(
    None, "--db", help="database URL (default: IJW_DB_URL or sqlite:///ijw.sqlite)", show_default=False
)
"""The ``--db`` option of every command that opens the database (resolved by :func:`resolve_url`)."""


def resolve_url(db: str | None) -> str:
    """``--db``, else ``IJW_DB_URL``, else the SQLite file ``ijw.sqlite`` in the current folder."""
    from ijw.settings import db_url

    return db_url(db)


def _parse(url: str) -> URL:
    from ijw.db.engine import normalize_url

    try:
        parsed = normalize_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseProblem(f"{_masked(url)!r} is not a database URL ({URL_FORMS})") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseProblem(f"{_masked(url)!r}: ijw works with SQLite and PostgreSQL only ({URL_FORMS})")
    return parsed


def _masked(url: str) -> str:
    """``url`` without what looks like a password (``:secret@`` becomes ``:***@``)."""
    return _PASSWORD.sub(":***@", url)


def _shown(parsed: URL) -> str:
    if parsed.get_backend_name() == "sqlite":
        return str(Path(parsed.database).resolve()) if parsed.database else "an in-memory SQLite database"
    return parsed.render_as_string(hide_password=True)


def _db_option(parsed: URL, given: bool) -> str:
    """`` --db URL`` (password hidden) to repeat in a hint when the URL was given, else nothing."""
    return f" --db {parsed.render_as_string(hide_password=True)}" if given else ""


def _create_hint(parsed: URL, given: bool, create_flag: str | None) -> str:
    also = f" (or add {create_flag})" if create_flag else ""
    return f"ijw db upgrade{_db_option(parsed, given)}{also}"


def _check_sqlite_file(parsed: URL, create: bool, hint: str) -> None:
    if not parsed.database or parsed.database == ":memory:":
        if not create:
            raise DatabaseProblem(f"an in-memory SQLite database is empty: give a file (--db {URL_FORMS})")
        return
    path = Path(parsed.database)
    if not path.parent.is_dir():
        raise DatabaseProblem(f"folder {path.parent.resolve()} does not exist (database {path})")
    if path.is_dir():
        raise DatabaseProblem(f"{path.resolve()} is a folder, not a database file")
    if not path.exists() and not create:
        raise DatabaseProblem(f"no database at {path.resolve()}; create it with: {hint}")


def _first_line(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


def _make_engine(parsed: URL) -> Engine:
    from ijw.db import make_engine

    kwargs: dict[str, object] = {}
    if parsed.get_backend_name() == "postgresql":  # an unreachable host fails in seconds, not minutes
        kwargs["connect_args"] = {"connect_timeout": PG_CONNECT_TIMEOUT_S}
    try:
        return make_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseProblem(f"no driver for {parsed.drivername!r}: {_first_line(exc)}") from None


def _revision(engine: Engine, shown: str) -> str | None:
    from ijw.db.migrate import current_revision

    try:
        return current_revision(engine)
    except SQLAlchemyError as exc:
        raise DatabaseProblem(f"cannot open the database at {shown}: {_first_line(exc)}") from None


def check_database(
    url: str,
    *,
    create: bool = False,
    upgrade: bool = False,
    given: bool = True,
    create_flag: str | None = None,
    reach: Reach = "all",
) -> Engine:
    """An engine on the ijw database at ``url``, at the newest schema revision, or :class:`DatabaseProblem`.

    ``create``: a missing SQLite file or a database without the ijw tables is created (migrated from the
    start). ``upgrade``: an ijw database at an older revision is upgraded; without it, that is a problem.
    ``given``: the URL was given with ``--db`` (the hints repeat it, password hidden), not taken from
    ``IJW_DB_URL`` or the default. ``create_flag``: the command's own option that creates, named in the hint.
    ``reach``: ``"all"`` connects and checks the schema; ``"local"`` does so for a SQLite file but checks
    only the URL and the driver of a PostgreSQL database (for a process that rides out a server that is not
    up yet); ``"none"`` only what needs no connection (the URL, the driver, the SQLite file and its folder).
    """
    from ijw.db.migrate import head_revision, migrate

    parsed = _parse(url)
    shown = _shown(parsed)
    hint = _create_hint(parsed, given, create_flag)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_file(parsed, create, hint)
    engine = _make_engine(parsed)
    if reach == "none" or (reach == "local" and parsed.get_backend_name() == "postgresql"):
        return engine
    try:
        revision = _revision(engine, shown)
        head = head_revision()
        if revision is None and not create:
            raise DatabaseProblem(f"the database at {shown} has no ijw tables; create them with: {hint}")
        if revision is not None and revision != head:
            _known_revision(revision, shown)
            if not (upgrade or create):
                raise DatabaseProblem(
                    f"the database at {shown} is at schema revision {revision}, this version needs {head}; "
                    f"upgrade it with: ijw db upgrade{_db_option(parsed, given)}"
                )
        if revision != head:
            migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _known_revision(revision: str, shown: str) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from ijw.db.migrate import alembic_config

    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        raise DatabaseProblem(
            f"the database at {shown} is at schema revision {revision}, which this version of ijw does not "
            "know (written by a newer version?)"
        ) from None


def fail(message: str) -> typer.Exit:
    """Print ``error: message`` on stderr; the exit (code 2: usage or configuration) to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def open_database(
    db: str | None, *, create: bool = False, upgrade: bool = False, create_flag: str | None = None
) -> Engine:
    """:func:`check_database` for ``--db`` (or its default); a problem ends the command with exit 2."""
    try:
        return check_database(
            resolve_url(db), create=create, upgrade=upgrade, given=db is not None, create_flag=create_flag
        )
    except DatabaseProblem as exc:
        raise fail(str(exc)) from None


@contextlib.contextmanager
def database(db: str | None, *, create: bool = False, upgrade: bool = False) -> Iterator[Engine]:
    """:func:`open_database` as a context: the engine is disposed of at the end."""
    engine = open_database(db, create=create, upgrade=upgrade)
    try:
        yield engine
    finally:
        engine.dispose()


def known_party(engine: Engine, soort: str, code: str) -> bool:
    """Whether the stored traffic ever had the ``soort`` (gemeente, aanbieder) party ``code``."""
    from ijw.db.models import Party

    with engine.connect() as conn:
        found = conn.execute(select(Party.id).where(Party.soort == soort, Party.code == code).limit(1))
        return found.first() is not None


def require_party(engine: Engine, soort: str, code: str | None, option: str) -> None:
    """End the command (exit 2) when ``code`` is given but the traffic never had a ``soort`` party of it."""
    if code is not None and not known_party(engine, soort, code):
        raise fail(f"{option} {code}: no {soort} with that code in the stored traffic")

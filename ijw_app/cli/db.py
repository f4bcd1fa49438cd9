"""``ijw db upgrade``: create the database, or bring it to the newest schema revision (Alembic migrations).

The other commands never create a database (a mistyped ``--db`` would otherwise give an empty one silently);
this one does, explicitly: a SQLite file is made (its folder must exist), an empty PostgreSQL database gets
the ijw tables. Exit codes: 0 done, 2 when the database cannot be reached (one line on stderr).
"""

from __future__ import annotations

import typer

from ijw_app.cli.database import DB_OPTION

app = typer.Typer(no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    db: str | None = DB_OPTION,
) -> None:
    """Create the database or upgrade it to the newest schema revision."""
    from ijw.db.migrate import current_revision
    from ijw_app.cli.database import database

    with database(db, create=True, upgrade=True) as engine:
        revision = current_revision(engine)
    typer.echo(f"database at schema revision {revision}")

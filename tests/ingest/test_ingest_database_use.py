"""``ijw ingest`` on SQLite and PostgreSQL: an empty database is used only when asked to create it (issue 16).

The PostgreSQL variant runs against a fresh database of the server in ``IJW_TEST_POSTGRES_URL``: a database
without the ijw tables is refused in one line (password hidden), ``--create`` makes the tables, and a reading
command then works on it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from ijw.db import make_engine
from ijw_app.cli.main import app

runner = CliRunner()


def test_an_empty_database_is_created_only_on_request(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "f.xml").write_bytes(b"<x/>")
    refused = runner.invoke(app, ["ingest", "-q", "--db", db_url, str(tmp_path / "f.xml")])
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1 and refused.stderr.startswith("error: ")
    assert "--create" in refused.stderr and "ijw db upgrade" in refused.stderr
    password = make_url(db_url).password
    assert not password or f":{password}@" not in refused.stderr

    created = runner.invoke(app, ["ingest", "-q", "--create", "--db", db_url, str(tmp_path / "f.xml")])
    assert created.exit_code == 0, created.output
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM berichten")).scalar_one() == 1  # stored as rejected
    engine.dispose()
    assert runner.invoke(app, ["quality", "findings", "--json", "--db", db_url]).exit_code == 0

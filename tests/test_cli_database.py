"""Issue 16, "Why": database mistakes and typos end a command with one line and exit 2, never a traceback.

Each test is one bullet of the issue as a new user meets it: a URL that is not one, a SQLite file in a missing
folder, an unreachable PostgreSQL, ``ijw serve`` from another folder or on a missing file, ``ijw quality run``
in an empty folder, an unknown AGB code. The commands never create a database; ``ijw db upgrade`` and
``ijw ingest --create`` do, explicitly.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from ijw.db import make_engine, migrate
from ijw.db.migrate import current_revision, downgrade, head_revision
from ijw.db.models import Party
from ijw_app.cli.main import app

runner = CliRunner()


def _ijw(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The console script as a user runs it (its own process: a traceback would show on stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in ("IJW_DB_URL", "IJW_BOOTSTRAP_SERVERS")}
    return subprocess.run(
        [sys.executable, "-m", "ijw_app", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_line_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("error: ") and "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def message(tmp_path: Path) -> Path:
    path = tmp_path / "f.xml"
    path.write_bytes(b"<x/>")
    return path


def test_ingest_with_a_url_that_is_not_one(tmp_path: Path, message: Path) -> None:
    line = _one_line_error(_ijw("ingest", "--db", "notaurl", str(message), cwd=tmp_path), "'notaurl'")
    assert "sqlite:///FILE" in line  # what a URL looks like


def test_sqlite_file_in_a_missing_folder(tmp_path: Path, message: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nope' / 'x.sqlite'}"
    _one_line_error(_ijw("ingest", "--create", "--db", url, str(message), cwd=tmp_path), "does not exist")
    assert not (tmp_path / "nope").exists()


def test_unreachable_postgresql(tmp_path: Path, message: Path) -> None:
    url = f"postgresql://ijw:secret@127.0.0.1:{_closed_port()}/ijw"
    line = _one_line_error(
        _ijw("ingest", "--db", url, str(message), cwd=tmp_path), "cannot open the database"
    )
    assert "secret" not in line  # the password is never printed


def test_serve_from_another_folder_refuses_to_start(tmp_path: Path) -> None:
    _one_line_error(
        _ijw("serve", "--port", str(_closed_port()), cwd=tmp_path), "no database at", "db upgrade"
    )
    assert list(tmp_path.iterdir()) == []  # no ijw.sqlite made


def test_serve_on_a_missing_file_refuses_to_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing.sqlite'}"
    _one_line_error(_ijw("serve", "--db", url, "--port", str(_closed_port()), cwd=tmp_path), "missing.sqlite")
    assert not (tmp_path / "missing.sqlite").exists()


def test_quality_run_in_an_empty_folder_creates_nothing(tmp_path: Path) -> None:
    _one_line_error(_ijw("quality", "run", cwd=tmp_path), "no database at", "ijw db upgrade")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["quality", "status"],
        ["quality", "findings"],
        ["quality", "report"],
        ["credentials", "list"],
        ["export", "iv3", "--year", "2025", "--out", "iv3.csv"],
    ],
)
def test_reading_commands_never_create_a_database(args: list[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'typo.sqlite'}"
    result = runner.invoke(app, [*args, "--db", url])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: no database at") and result.stderr.count("\n") == 1
    assert not (tmp_path / "typo.sqlite").exists()


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "notes.sqlite").write_text("hello\n")
    result = runner.invoke(app, ["quality", "status", "--db", f"sqlite:///{tmp_path / 'notes.sqlite'}"])
    assert result.exit_code == 2
    assert "cannot open the database" in result.stderr and "not a database" in result.stderr


def test_a_database_without_the_ijw_tables(tmp_path: Path) -> None:
    sqlite3.connect(tmp_path / "other.sqlite").execute("CREATE TABLE t (x)").connection.close()
    result = runner.invoke(app, ["quality", "status", "--db", f"sqlite:///{tmp_path / 'other.sqlite'}"])
    assert result.exit_code == 2
    assert "has no ijw tables" in result.stderr and "ijw db upgrade" in result.stderr


def test_db_upgrade_creates_then_upgrades_an_older_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    created = runner.invoke(app, ["db", "upgrade", "--db", url])
    assert created.exit_code == 0, created.output
    assert head_revision() in created.stdout
    downgrade(url, "0009")
    behind = runner.invoke(app, ["quality", "status", "--db", url])  # a reader does not change the schema
    assert behind.exit_code == 2
    assert "schema revision 0009" in behind.stderr and "ijw db upgrade" in behind.stderr
    assert runner.invoke(app, ["db", "upgrade", "--db", url]).exit_code == 0
    assert runner.invoke(app, ["quality", "findings", "--db", url, "--json"]).exit_code == 0


def test_a_schema_newer_than_this_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    migrate(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    engine.dispose()
    result = runner.invoke(app, ["db", "upgrade", "--db", url])
    assert result.exit_code == 2
    assert "f00d" in result.stderr and "newer version" in result.stderr


def test_unknown_party_codes_are_errors(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    traffic = runner.invoke(
        app, ["traffic", str(tmp_path / "t"), "--clients", "5", "--gemeenten", "1", "--aanbieders", "1"]
    )
    assert traffic.exit_code == 0, traffic.output
    assert runner.invoke(app, ["ingest", "--create", "-q", "--db", url, str(tmp_path / "t")]).exit_code == 0
    engine = make_engine(url)
    with engine.connect() as conn:
        agb = conn.execute(select(Party.code).where(Party.soort == "aanbieder")).scalar_one()
        gemeente = conn.execute(select(Party.code).where(Party.soort == "gemeente")).scalar_one()
    engine.dispose()
    for args in (
        ["quality", "report", "--aanbieder", "99999999", "--out", str(tmp_path / "r")],
        ["quality", "report", "--gemeente", "9999", "--out", str(tmp_path / "r")],
        ["quality", "findings", "--aanbieder", "99999999"],
        ["quality", "findings", "--gemeente", "9999"],
    ):
        result = runner.invoke(app, [*args, "--db", url])
        assert result.exit_code == 2, (args, result.output)
        assert "no aanbieder" in result.stderr or "no gemeente" in result.stderr
        assert not (tmp_path / "r").exists()
    known = runner.invoke(
        app, ["quality", "report", "--aanbieder", agb, "--db", url, "--out", str(tmp_path / "r")]
    )
    assert known.exit_code == 0, known.output
    assert runner.invoke(app, ["quality", "findings", "--gemeente", gemeente, "--db", url]).exit_code == 0


def test_a_key_for_a_party_without_traffic_is_issued_with_a_warning(tmp_path: Path) -> None:
    """A key may be issued before the party's first message (onboarding), so it is not refused; but a
    mistyped code is pointed out."""
    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    migrate(url)
    result = runner.invoke(
        app, ["credentials", "issue", "--db", url, "--kind", "aanbieder", "--code", "12345678"]
    )
    assert result.exit_code == 0, result.output
    assert "warning: no aanbieder 12345678 in the stored traffic yet" in result.stderr
    assert len(result.stdout.strip().splitlines()) == 1  # the key, alone on its line
    afnemer = runner.invoke(app, ["credentials", "issue", "--db", url, "--kind", "afnemer", "--code", "cbs"])
    assert afnemer.exit_code == 0 and "warning" not in afnemer.stderr


# -- ijw worker: the same checks, before Kafka is contacted; the signal handlers are installed first -------


def _worker(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return _ijw("worker", "--bootstrap", f"127.0.0.1:{_closed_port()}", *args, cwd=cwd)


@pytest.mark.parametrize("no_migrate", [False, True], ids=["migrate", "no-migrate"])
def test_worker_database_mistakes_are_one_line(tmp_path: Path, no_migrate: bool) -> None:
    """Each mistake of the issue's list, with and without ``--no-migrate``: one line, exit 2, nothing made."""
    flags = ["--no-migrate"] if no_migrate else []
    _one_line_error(_worker("--db", "notaurl", *flags, cwd=tmp_path), "'notaurl'", "sqlite:///FILE")
    missing_folder = f"sqlite:///{tmp_path / 'nope' / 'x.sqlite'}"
    _one_line_error(_worker("--db", missing_folder, *flags, cwd=tmp_path), "does not exist")
    _one_line_error(_worker(*flags, cwd=tmp_path), "no database at", "ijw db upgrade")
    (tmp_path / "notes.sqlite").write_text("hello\n")
    notes = f"sqlite:///{tmp_path / 'notes.sqlite'}"
    _one_line_error(_worker("--db", notes, *flags, cwd=tmp_path), "cannot open the database")
    sqlite3.connect(tmp_path / "other.sqlite").execute("CREATE TABLE t (x)").connection.close()
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    _one_line_error(_worker("--db", other, *flags, cwd=tmp_path), "has no ijw tables", "ijw db upgrade")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite", "other.sqlite"]


def test_worker_on_an_unreachable_postgresql(tmp_path: Path) -> None:
    """Migrating (the default) needs the server: one line. With ``--no-migrate`` the worker starts and
    retries its batches until the server answers (tests/kafka/test_shutdown.py, the retrying test)."""
    url = f"postgresql://ijw:secret@127.0.0.1:{_closed_port()}/ijw"
    line = _one_line_error(
        _worker("--db", url, "--log-level", "info", cwd=tmp_path), "cannot open the database"
    )
    assert "secret" not in line


def test_worker_refuses_an_older_schema_with_no_migrate(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    migrate(url)
    downgrade(url, "0009")
    _one_line_error(_worker("--db", url, "--no-migrate", cwd=tmp_path), "schema revision 0009", "db upgrade")


def test_worker_upgrades_an_older_schema_by_default(tmp_path: Path) -> None:
    """Without ``--no-migrate`` the worker upgrades an ijw database at an older revision, then runs (here it
    waits for a broker that is not there, and stops on SIGTERM)."""
    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    migrate(url)
    downgrade(url, "0009")
    env = {k: v for k, v in os.environ.items() if k not in ("IJW_DB_URL", "IJW_SHUTDOWN_TIMEOUT_S")}
    command = [sys.executable, "-m", "ijw_app", "worker", "--db", url]
    command += ["--bootstrap", f"127.0.0.1:{_closed_port()}"]
    proc = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    engine = make_engine(url)
    try:
        deadline = time.monotonic() + 60
        while current_revision(engine) != head_revision():
            assert proc.poll() is None and time.monotonic() < deadline, proc.poll()
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    finally:
        engine.dispose()
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    # stopped: in time (0), by the absent broker (1), or past the deadline while it waits for the broker (70)
    assert proc.returncode in (0, 1, 70), proc.returncode


def test_worker_stops_on_sigterm_while_its_database_check_hangs(tmp_path: Path) -> None:
    """The check connects after the signal handlers are installed: SIGTERM while the server accepts and never
    answers ends the worker within its shutdown timeout (10 s) through its own handler, not killed by the
    signal (exit -15, as before: the migration ran before the handlers)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(60)
    url = f"postgresql+psycopg://ijw:ijw@127.0.0.1:{server.getsockname()[1]}/ijw"
    env = {k: v for k, v in os.environ.items() if k not in ("IJW_DB_URL", "IJW_SHUTDOWN_TIMEOUT_S")}
    command = [sys.executable, "-m", "ijw_app", "worker", "--db", url]
    command += ["--bootstrap", f"127.0.0.1:{_closed_port()}"]
    proc = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        connection, _ = server.accept()  # the schema check is now waiting for the server
        try:
            signalled = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            _, stderr = proc.communicate(timeout=30)
            seconds = time.monotonic() - signalled
        finally:
            connection.close()
    finally:
        server.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert proc.returncode != -signal.SIGTERM, stderr  # handled, not killed by the signal
    assert seconds < 10.0, (seconds, stderr)
    assert "signal received, stopping" in stderr and "Traceback" not in stderr

"""The background WAL checkpointer (``ijw.db.walcheckpoint``) against a real SQLite file.

SQLite, "Write-Ahead Logging" §3–4: a checkpoint copies committed pages from the log into the database; after
one that copied everything, the next writer starts the log from its beginning again, so the log stays small.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from ijw.db.walcheckpoint import WRITER_AUTOCHECKPOINT, WRITER_PRAGMA, WalCheckpointer

BATCHES = 20
ROWS = 400  # ≈ 100 pages of 1 KB blobs per batch


def _writer(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(WRITER_PRAGMA)
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v BLOB)")
    return conn


def _write_batches(conn: sqlite3.Connection, pause_s: float) -> None:
    for b in range(BATCHES):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO t (k, v) VALUES (?, ?)", ((f"{b}-{i}", os.urandom(1000)) for i in range(ROWS))
        )
        conn.execute("COMMIT")
        time.sleep(pause_s)


def _wal_pages(path: Path) -> int:
    wal = Path(f"{path}-wal")
    return wal.stat().st_size // 4096 if wal.exists() else 0


def test_the_writer_leaves_checkpoints_to_the_thread(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    conn = _writer(path)
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == WRITER_AUTOCHECKPOINT
    _write_batches(conn, 0)
    # without the thread the log holds every batch: far past SQLite's default threshold of 1,000 pages
    assert _wal_pages(path) > 1_500
    conn.close()


def test_the_thread_keeps_the_log_small_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    conn = _writer(path)
    with WalCheckpointer(path, interval_s=0.01) as checkpointer:
        _write_batches(conn, 0.05)
        assert checkpointer.running
    assert not checkpointer.running
    assert checkpointer.checkpoints > 0
    assert _wal_pages(path) < 600  # a few batches at most, not all twenty
    conn.close()
    reader = sqlite3.connect(path)
    assert reader.execute("SELECT count(*) FROM t").fetchone()[0] == BATCHES * ROWS
    assert reader.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reader.close()


def test_a_database_that_is_not_wal_checkpoints_nothing(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    conn = sqlite3.connect(path)
    assert WalCheckpointer(path).checkpoint_once(conn) == 0
    conn.close()

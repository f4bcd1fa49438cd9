"""Checkpointing a SQLite WAL database in a background thread, so that the writer's commits do not.

In WAL mode SQLite copies the log back into the database file (a checkpoint) in the connection whose commit
takes the log past ``wal_autocheckpoint`` pages (default 1,000). An ingest batch of 500 messages writes more
than that once the indexes are large, so nearly every commit also ran a checkpoint, with its two fsyncs:
at 40,000 stored messages ≈ 30 of a commit's ≈ 40 ms (docs/benchmarks.md, "Indexes the ingest maintains").
:class:`WalCheckpointer` runs ``PRAGMA wal_checkpoint(PASSIVE)`` on a connection of its own every
``interval_s`` in a daemon thread (sqlite3 releases the interpreter lock while SQLite works, so the writer
goes on meanwhile), and the writer raises its own threshold to :data:`WRITER_AUTOCHECKPOINT` pages: a safety
net that checkpoints in the writer only if the thread falls far behind.

Durability is unchanged: a checkpoint only moves committed pages from the log into the database file; a
committed transaction is in the log whether or not it was checkpointed (SQLite, "Write-Ahead Logging",
sections 3 and 4). A passive checkpoint never blocks the writer or a reader.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import Connection, Engine

log = logging.getLogger(__name__)

WRITER_AUTOCHECKPOINT = 20_000
"""Pages (≈ 80 MB at 4 KiB) the log may grow to before the writer checkpoints itself."""
INTERVAL_S = 0.05


WRITER_PRAGMA = f"PRAGMA wal_autocheckpoint={WRITER_AUTOCHECKPOINT}"
"""Run on the writer's connection: leave checkpoints to the thread unless the log grows very large."""


def for_engine(engine: Engine) -> WalCheckpointer | None:
    """A checkpointer for the SQLite file behind ``engine``; None for PostgreSQL or an in-memory database."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return WalCheckpointer(database)


class WalCheckpointer:
    """A daemon thread that checkpoints the WAL database at ``path`` every ``interval_s`` seconds.

    Use as a context manager or call :meth:`start` and :meth:`stop`; :attr:`checkpoints` counts the passive
    checkpoints that copied at least one page.
    """

    def __init__(self, path: str | Path, interval_s: float = INTERVAL_S) -> None:
        self.path = str(path)
        self.interval_s = interval_s
        self.checkpoints = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> WalCheckpointer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def attach(self, conn: Connection) -> None:
        """Make ``conn`` (the writer's, in its transaction) leave checkpoints to the thread; start it."""
        conn.exec_driver_sql(WRITER_PRAGMA)
        self.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> WalCheckpointer:
        if not self.running:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="ijw-wal-checkpoint", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            thread.join(timeout=10)

    def checkpoint_once(self, conn: sqlite3.Connection) -> int:
        """One passive checkpoint; the number of pages it copied into the database file."""
        _busy, _logged, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        copied = max(0, int(copied))  # -1: not a WAL database
        if copied:
            self.checkpoints += 1
        return copied

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=0, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            log.warning("wal checkpointer not started error=%s", type(exc).__name__)
            return
        try:
            while not self._stop.wait(self.interval_s) and Path(self.path).exists():
                try:
                    self.checkpoint_once(conn)
                except sqlite3.Error as exc:  # busy or locked now: the next round tries again
                    log.debug("wal checkpoint skipped error=%s", type(exc).__name__)
        finally:
            conn.close()

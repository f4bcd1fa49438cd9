"""``ijw ingest``: offline batch ingest of files and folders into the database (same processing as Kafka).

Files are ordered by the Dagtekening of the message (DagtekeningRetour for retour messages), then by path,
read from a cheap scan of the first bytes of each file; files without a readable date come last. They are
processed in batches by :class:`services.ingest.processing.IngestProcessor`, one transaction per batch, after
the database has been migrated to the newest schema. Re-running on the same files changes nothing: every
message is then a duplicate.

Exit codes: 0 when every message was processed and stored with its findings (also invalid and rejected
input, which is stored as such), 1 when a file could not be read or a batch could not be stored, 2 on a
usage error or when the database cannot be used (one line on stderr). A database that does not exist yet is
created only with ``--create`` (or beforehand by ``ijw db upgrade``): a mistyped ``--db`` is an error, not a
new empty database. ``--json`` prints the summary as one JSON object.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from ijw.files import iter_message_files, read_message_file, read_message_head
from ijw.safeparse import MessageRejected
from ijw_app.cli.database import DB_OPTION
from ijw_app.cli.inputs import require_paths
from services.ingest.contracts import IncomingMessage, IngestOutcome

log = logging.getLogger(__name__)

HEADER_SCAN_BYTES = 8192
_DAGTEKENING_RETOUR = re.compile(
    rb"<(?:[A-Za-z_][\w.-]{0,30}:)?DagtekeningRetour>\s*(\d{4}-\d{2}-\d{2})\s*</"
)
_DAGTEKENING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?Dagtekening>\s*(\d{4}-\d{2}-\d{2})\s*</")
_LAST = dt.date.max


def header_dagtekening(path: Path) -> dt.date | None:
    """The Dagtekening of the message in ``path`` (DagtekeningRetour for a retour), from its first bytes.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", suffix=".xml", delete=False) as fh:
    ...     _ = fh.write(b"<a:Bericht><a:Dagtekening>2026-01-02</a:Dagtekening></a:Bericht>")
    >>> header_dagtekening(Path(fh.name))
    datetime.date(2026, 1, 2)
    >>> os.unlink(fh.name)
    """
    try:
        head = read_message_head(path, HEADER_SCAN_BYTES)
    except MessageRejected:
        return None
    match = _DAGTEKENING_RETOUR.search(head) or _DAGTEKENING.search(head)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1).decode("ascii"))
    except ValueError:
        return None


def ordered_files(paths: Sequence[Path]) -> list[Path]:
    """Every message file below ``paths``, by Dagtekening, then path; undated files last."""
    keyed = [(header_dagtekening(p) or _LAST, str(p), p) for p in iter_message_files(list(paths))]
    keyed.sort(key=lambda entry: (entry[0], entry[1]))
    return [p for _, _, p in keyed]


def _batches(files: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(files), size):
        yield files[start : start + size]


class Summary:
    """Counts per message type and status, validity and the most frequent error findings."""

    def __init__(self) -> None:
        self.per_type: dict[str, Counter[str]] = {}
        self.rules: Counter[str] = Counter()
        self.failed: list[str] = []

    def add(self, outcome: IngestOutcome) -> None:
        counts = self.per_type.setdefault(outcome.message or "(rejected)", Counter())
        counts[outcome.status] += 1
        if outcome.status == "rejected":
            return
        valid = outcome.xsd_valid and not any(f.is_error for f in outcome.findings)
        counts["valid" if valid else "invalid"] += 1
        if outcome.status == "stored":
            self.rules.update(f.rule for f in outcome.findings if f.is_error)

    def total(self, status: str) -> int:
        return sum(c[status] for c in self.per_type.values())

    def as_dict(self) -> dict[str, object]:
        """The summary as JSON data: totals, counts per message type, top findings, what was not processed."""
        columns = ("stored", "duplicate", "rejected", "valid", "invalid")
        return {
            "totals": {c: self.total(c) for c in columns},
            "per_bericht": {m: {c: n[c] for c in columns} for m, n in sorted(self.per_type.items())},
            "top_findings": dict(self.rules.most_common(10)),
            "not_processed": list(self.failed),
        }

    def print(self, console: Console) -> None:
        table = Table(title="ijw ingest", title_justify="left")
        columns = ("bericht", "stored", "duplicate", "rejected", "valid", "invalid")
        for name in columns:
            table.add_column(name, justify="left" if name == "bericht" else "right")
        for message in sorted(self.per_type):
            counts = self.per_type[message]
            table.add_row(message, *(str(counts[c]) for c in columns[1:]))
        table.add_row("total", *(str(self.total(c)) for c in columns[1:]), style="bold")
        console.print(table)
        if self.rules:
            top = ", ".join(f"{rule} ×{n}" for rule, n in self.rules.most_common(10))
            console.print(f"most frequent findings in stored messages: {top}", highlight=False)
        for problem in self.failed:
            console.print(f"[red]not processed[/]: {problem}", highlight=False)


def ingest(
    paths: list[Path] = typer.Argument(..., metavar="PATH", help="XML message files or folders of them"),
    db: str | None = DB_OPTION,
    batch_size: int = typer.Option(500, "--batch-size", min=1, max=100_000, help="messages per transaction"),
    migrate_first: bool = typer.Option(
        True, "--migrate/--no-migrate", help="upgrade an older schema first (--no-migrate: refuse it)"
    ),
    create: bool = typer.Option(
        False, "--create", help="create the database when it does not exist yet (as ijw db upgrade does)"
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no summary table"),
    as_json: bool = typer.Option(False, "--json", help="print the summary as one JSON object on stdout"),
) -> None:
    """Store iJw 3.2 messages with their findings in the database (same processing as the Kafka path)."""
    require_paths(paths)
    from ijw_app.cli.database import open_database
    from services.ingest.processing import IngestProcessor

    engine = open_database(db, create=create, upgrade=migrate_first, create_flag="--create")
    processor = IngestProcessor(engine)
    err_console = Console(stderr=True)
    summary = Summary()
    files = ordered_files(paths)
    try:
        with Progress(console=err_console, transient=True, disable=not err_console.is_terminal) as progress:
            task = progress.add_task("ingesting", total=len(files))
            for batch in _batches(files, batch_size):
                items: list[IncomingMessage] = []
                for path in batch:
                    try:  # an oversize file: its head is stored as rejected input (PARSE-SIZE)
                        data = read_message_file(path, keep_oversize_head=True)
                    except MessageRejected as exc:
                        summary.failed.append(f"{path}: {exc.code}: {exc.reason}")
                    else:
                        items.append(IncomingMessage(data, f"file:{path}"))
                try:
                    outcomes = processor.process_batch(items)
                except Exception as exc:  # reported, and the exit code says something was not processed
                    log.exception("ingest batch failed files=%d", len(items))
                    summary.failed.append(f"a batch of {len(items)} files: {type(exc).__name__}: {exc}")
                else:
                    for outcome in outcomes:
                        summary.add(outcome)
                progress.advance(task, len(batch))
    finally:
        engine.dispose()
    if as_json:
        print(json.dumps(summary.as_dict(), sort_keys=True))
    elif not quiet:
        summary.print(Console())
    elif summary.failed:
        for problem in summary.failed:
            typer.echo(f"not processed: {problem}", err=True)
    raise typer.Exit(1 if summary.failed else 0)

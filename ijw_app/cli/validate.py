"""``ijw validate``: validate files or folders of iJw messages.

Human-readable by default, JSON lines with ``--json`` (one object per input file, contract in DESIGN.md).
Folders are walked lazily and validated streaming, so 10,000 files cost no more memory than one; a
progress bar is shown on a terminal. ``--jobs N`` validates in N worker processes; the output keeps the
order of a single process. Exit codes: 0 all valid, 1 any invalid, 2 usage error.

Start-up is part of what a user waits for on every call, so this module imports only what validation
needs: rich (human output, progress bar) and multiprocessing are loaded only when they are used.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from ijw.files import iter_message_files
from ijw.validation import Validator
from ijw_app.cli.inputs import require_paths

#: files handed to a worker process at a time with ``--jobs``: large enough that the hand-over costs little
JOB_CHUNK = 32

_ENCODER = json.JSONEncoder(ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the command needs of one file: validity, the codes of its error findings, and its ``--json``
    object, already encoded as one line with ``--json`` (so ``--jobs`` workers do that work too)."""

    valid: bool
    error_rules: tuple[str, ...]
    obj: dict[str, Any] | None
    line: str | None


def _verdict(validator: Validator, path: Path, as_json: bool) -> Verdict:
    result = validator.validate_file(path)
    obj = result.as_json()
    rules = tuple(f.rule for f in result.findings if f.is_error)
    if as_json:
        return Verdict(result.valid, rules, None, _ENCODER.encode(obj) + "\n")
    return Verdict(result.valid, rules, obj, None)


_worker: tuple[Validator, bool] | None = None


def _init_worker(as_json: bool) -> None:
    global _worker
    _worker = (Validator(), as_json)


def _worker_verdict(path: Path) -> Verdict:
    assert _worker is not None
    return _verdict(_worker[0], path, _worker[1])


def verdicts(paths: list[Path], jobs: int = 1, as_json: bool = True) -> Iterator[Verdict]:
    """The verdict on every message file below ``paths``, in the order of :func:`iter_message_files`."""
    files = iter_message_files(paths)
    if jobs <= 1:
        validator = Validator()
        for path in files:
            yield _verdict(validator, path, as_json)
        return
    import multiprocessing

    with multiprocessing.Pool(jobs, initializer=_init_worker, initargs=(as_json,)) as pool:
        yield from pool.imap(_worker_verdict, files, chunksize=JOB_CHUNK)


class HumanOutput:
    """One line per message with its findings below it (``--quiet``: none), and a summary."""

    def __init__(self, quiet: bool) -> None:
        from rich.console import Console

        self.console = Console(soft_wrap=True)
        self.quiet = quiet

    def message(self, valid: bool, obj: dict[str, Any]) -> None:
        if self.quiet:
            return
        status = "[green]valid[/]" if valid else "[red]invalid[/]"
        name = obj["message"] or "not an iJw message"
        self.console.print(f"{obj['path']}: {name}: {status}", highlight=False)
        for f in obj["findings"]:
            code = f" [{f['retourcode']}]" if f["retourcode"] else ""
            where = f" at {f['location']}" if f["location"] else ""
            severity = f.get("severity", "error")
            self.console.print(
                f"  {severity} {f['rule']}{code}{where}: {f['message']}", highlight=False, markup=False
            )

    def summary(self, counts: Counter[str], rules: Counter[str]) -> None:
        total = counts["valid"] + counts["invalid"]
        if total == 1:
            return
        self.console.print(
            f"{total} messages: {counts['valid']} valid, {counts['invalid']} invalid", highlight=False
        )
        if rules:
            top = ", ".join(f"{rule} ×{n}" for rule, n in rules.most_common(10))
            self.console.print(f"most frequent findings: {top}", highlight=False)


def validate(
    paths: list[Path] = typer.Argument(..., help="XML message files or folders of them"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per file per line"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="only the summary (human output)"),
    jobs: int = typer.Option(
        1, "--jobs", "-j", min=1, max=256, help="worker processes (output order is kept); for large folders"
    ),
) -> None:
    """Validate iJw 3.2 messages: XSD, in-message rules and product codes."""
    require_paths(paths)
    counts: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    human = None if as_json else HumanOutput(quiet)
    progress = _progress() if sys.stderr.isatty() else None
    task = None if progress is None else progress.add_task("validating", total=_count(paths))
    out = sys.stdout
    try:
        for verdict in verdicts(paths, jobs, as_json):
            counts["valid" if verdict.valid else "invalid"] += 1
            rules.update(verdict.error_rules)
            if verdict.line is not None:
                out.write(verdict.line)
            elif human is not None and verdict.obj is not None:
                human.message(verdict.valid, verdict.obj)
            if progress is not None and task is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()
    if human is not None:
        human.summary(counts, rules)
    raise typer.Exit(0 if counts["invalid"] == 0 else 1)


def _count(paths: list[Path]) -> int:
    return sum(1 for _ in iter_message_files(paths))


def _progress() -> Any:
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(stderr=True), transient=True)
    progress.start()
    return progress

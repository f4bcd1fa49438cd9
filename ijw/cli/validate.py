"""``ijw validate``: validate files or folders of iJw messages.

Human-readable by default, JSON lines with ``--json`` (one object per input file, contract in DESIGN.md).
Folders are walked lazily and validated streaming, so 10,000 files cost no more memory than one; a
progress bar is shown on a terminal.  Exit codes: 0 all valid, 1 any invalid, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console

from ijw.files import iter_message_files
from ijw.validation import ValidationResult, Validator


def count_files(paths: list[Path]) -> int:
    return sum(1 for _ in iter_message_files(paths))


def _print_human(console: Console, result: ValidationResult) -> None:
    status = "[green]valid[/]" if result.valid else "[red]invalid[/]"
    name = result.message or "not an iJw message"
    console.print(f"{result.path}: {name}: {status}", highlight=False)
    for f in result.findings:
        code = f" [{f.retourcode}]" if f.retourcode else ""
        where = f" at {f.location}" if f.location else ""
        console.print(f"  {f.severity} {f.rule}{code}{where}: {f.message}", highlight=False, markup=False)


def validate(
    paths: list[Path] = typer.Argument(..., help="XML message files or folders of them"),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per file per line"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="only the summary (human output)"),
) -> None:
    """Validate iJw 3.2 messages: XSD, in-message rules and product codes."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(map(str, missing))}", err=True)
        raise typer.Exit(2)
    validator = Validator()
    out = sys.stdout
    err_console = Console(stderr=True)
    console = Console(soft_wrap=True)
    counts: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    show_progress = err_console.is_terminal
    total = count_files(paths) if show_progress else None
    from rich.progress import Progress

    with Progress(console=err_console, transient=True, disable=not show_progress) as progress:
        task = progress.add_task("validating", total=total)
        for file in iter_message_files(paths):
            result = validator.validate_file(file)
            counts["valid" if result.valid else "invalid"] += 1
            counts[result.message or "rejected"] += 1
            rules.update(f.rule for f in result.findings if f.is_error)
            if as_json:
                out.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
            elif not quiet:
                _print_human(console, result)
            progress.advance(task)
    total_done = counts["valid"] + counts["invalid"]
    if not as_json and total_done != 1:
        console.print(
            f"{total_done} messages: {counts['valid']} valid, {counts['invalid']} invalid", highlight=False
        )
        if rules:
            top = ", ".join(f"{rule} ×{n}" for rule, n in rules.most_common(10))
            console.print(f"most frequent findings: {top}", highlight=False)
    raise typer.Exit(0 if counts["invalid"] == 0 else 1)

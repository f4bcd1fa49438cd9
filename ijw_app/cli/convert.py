"""``ijw convert --json``: messages as JSON decoded by the types of their XSD (see :mod:`ijw.json_view`).

One JSON object per input file per line, ``{"message": "JW301", "Bericht": {...}}``, in the order of
``ijw validate``. A file that is not an iJw 3.2 message (or cannot be read) is reported on stderr with its
code and reason. Exit codes: 0 every file converted, 1 any file not, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from ijw.files import iter_message_files, read_message_file
from ijw.json_view import message_json
from ijw.safeparse import MessageRejected
from ijw_app.cli.inputs import require_paths


def convert(
    paths: list[Path] = typer.Argument(..., help="XML message files or folders of them"),
    as_json: bool = typer.Option(False, "--json", help="JSON decoded by the XSD types (the only format)"),
) -> None:
    """Print messages as JSON decoded by their XSD types, for BI tools (one object per file per line)."""
    if not as_json:
        typer.echo("error: choose the output format: --json", err=True)
        raise typer.Exit(2)
    require_paths(paths)
    failed = 0
    for path in iter_message_files(paths):
        try:
            obj = message_json(read_message_file(path))
        except MessageRejected as exc:
            typer.echo(f"{path}: not converted: {exc.code}: {exc.reason}", err=True)
            failed += 1
            continue
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    raise typer.Exit(1 if failed else 0)

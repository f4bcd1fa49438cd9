"""Checks of the paths a command is given, shared by the commands that read message files."""

from __future__ import annotations

from pathlib import Path

import typer


def require_paths(paths: list[Path]) -> None:
    """Exit 2 (usage error) naming every path that does not exist. A symbolic link counts as existing even
    when it points nowhere or in a loop: the reader then reports it per file, with the reason."""
    missing = [p for p in paths if not (p.exists() or p.is_symlink())]
    if missing:
        typer.echo(f"error: no such file or folder: {', '.join(map(str, missing))}", err=True)
        raise typer.Exit(2)

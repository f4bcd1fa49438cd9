"""Finding message files and reading simple values out of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path


def iter_message_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and every ``*.xml`` below named folders, in sorted order (lazily, folder by folder)."""
    for path in paths:
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                if sub.is_file() and sub.suffix.lower() == ".xml":
                    yield sub
        else:
            yield path


def parse_iso_date(text: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` date, or None when absent or not a date.

    >>> parse_iso_date(" 2026-01-31 "), parse_iso_date("2027-06-31"), parse_iso_date(None)
    (datetime.date(2026, 1, 31), None, None)
    """
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None

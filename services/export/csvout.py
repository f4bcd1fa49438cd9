"""Deterministic CSV and JSON: the same rows give the same bytes (UTF-8, ``\\n`` line ends, no timestamps).

>>> to_csv(("a", "b"), [("1", ""), ("x,y", "2")])
b'a,b\\n1,\\n"x,y",2\\n'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV with a header line; ``None`` is written as an empty field."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8")


def to_json(document: Any) -> bytes:
    """Compact JSON with sorted keys."""
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def as_dicts(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Rows as objects keyed by column (for JSON)."""
    return [dict(zip(columns, row, strict=True)) for row in rows]

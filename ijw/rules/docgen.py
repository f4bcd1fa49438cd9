"""What the generated rule documents share: Markdown table cells and rows, the list of covering tests, and
the command that writes a document or checks that the checked-in one is current.

``docs/rules.md`` (:mod:`ijw.rules.doc`, the in-message rules) and ``docs/quality-rules.md``
(``services.quality.rules.doc``, the cross-message rules and checks) are both a rule catalogue rendered
as a table with the tests that cover each rule; what they read and say differs, how they write it does not.

>>> table_row(["TR301", "a | b", "line\\nbreak"])
'| TR301 | a \\\\| b | line break |'
>>> covering_cell(["test_a", "test_b"]), covering_cell([])
('`test_a`<br>`test_b`', '–')
>>> table_head(["Rule", "Kind"])
['| Rule | Kind |', '|---|---|']
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

NONE = "–"
"""An empty cell."""


def cell(text: str) -> str:
    """``text`` as one Markdown table cell (a ``|`` escaped, a line break a space)."""
    return text.replace("|", "\\|").replace("\n", " ")


def table_row(cells: Iterable[str]) -> str:
    """One row of a Markdown table from the cells' texts (escaped here)."""
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def table_head(columns: Sequence[str]) -> list[str]:
    """The header row and the separator row of a Markdown table (column names are not escaped)."""
    return ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]


def covering_cell(names: Iterable[str]) -> str:
    """The covering tests in one cell: each as code, one per line; :data:`NONE` when there is none."""
    return "<br>".join(f"`{name}`" for name in names) or NONE


def write_or_check(path: Path, text: str, module: str, argv: Sequence[str]) -> int:
    """``python -m MODULE``: write ``text`` to ``path``; with ``--check``: exit 1 when ``path`` differs."""
    if "--check" in argv:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            print(f"{path} is out of date: run python -m {module}", file=sys.stderr)
            return 1
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0

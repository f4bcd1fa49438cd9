"""``python -m ijw_tools.long_functions [--over N] [PATH …]``: the functions longer than ``N`` lines (default
80; issue 15: split what is too big to read), longest first, as ``lines path:line name``.

Alembic migrations are declarations of a schema, not logic: they are left out.

>>> import textwrap
>>> source = textwrap.dedent('''
...     def short():
...         return 1
...
...     def long():
...         x = 1
...         x += 1
...         return x
... ''')
>>> long_functions(source, "m.py", over=3)
[(4, 'm.py:5', 'long')]
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Sequence
from pathlib import Path


def long_functions(source: str, name: str, *, over: int) -> list[tuple[int, str, str]]:
    """``(lines, "path:line", function)`` of the functions in ``source`` longer than ``over`` lines."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
            lines = node.end_lineno - node.lineno + 1
            if lines > over:
                found.append((lines, f"{name}:{node.lineno}", node.name))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ijw_tools.long_functions", description=__doc__)
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("ijw"), Path("services")])
    parser.add_argument("--over", type=int, default=80, help="report functions longer than this (lines)")
    args = parser.parse_args(argv)
    rows = []
    for root in args.paths:
        for path in sorted(root.rglob("*.py")) if root.is_dir() else [root]:
            if "migrations" in path.parts:
                continue
            rows += long_functions(path.read_text(encoding="utf-8"), str(path), over=args.over)
    for lines, where, function in sorted(rows, reverse=True):
        print(f"{lines:4d} {where} {function}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

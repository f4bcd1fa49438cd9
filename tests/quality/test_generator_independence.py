"""The evaluation's ground truth comes from a generator that shares no rule logic with the linker (issue 12,
Build 5): it imports nothing of the quality service, the rules or the domain library's deadline counting,
and its own werkdagen agree with the domain library's on every day of three years (two implementations of
the procesbeschrijving's definition checking each other)."""

from __future__ import annotations

import ast
import datetime as dt

from ijw import werkdagen as library
from ijw.paths import REPO_ROOT
from ijw_tools.traffic import werkdagen as generator

FORBIDDEN = ("services", "ijw.werkdagen", "ijw.rules", "ijw.retour", "ijw.validation")


def test_the_generator_imports_no_rule_logic() -> None:
    imported: set[str] = set()
    paths = sorted((REPO_ROOT / "ijw_tools" / "traffic").glob("**/*.py"))
    assert len(paths) > 10, "the generator's sources were not found"
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert sorted(m for m in imported if m.startswith(FORBIDDEN)) == []


def test_both_werkdagen_implementations_agree() -> None:
    day = dt.date(2024, 1, 1)
    while day <= dt.date(2026, 12, 31):
        assert generator.is_werkdag(day) == library.is_werkdag(day), day
        for n in (0, 1, 3, 5, 10):
            assert generator.add_werkdagen(day, n) == library.add_werkdagen(day, n), (day, n)
        assert generator.month_end(day) == library.month_end(day)
        assert generator.next_month(day) == library.next_month(day)
        day += dt.timedelta(days=1)

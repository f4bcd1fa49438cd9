"""docs/rules.md is generated from the catalogue and the case table, and must be current."""

from __future__ import annotations

from cases import BREAKS, KEEPS

from ijw.rules.doc import CASES_PATH, DOC_PATH, cases_by_rule, render


def test_checked_in_doc_is_current() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(CASES_PATH.read_text(encoding="utf-8")), (
        "docs/rules.md is out of date: run python -m ijw.rules.doc"
    )


def test_doc_lists_exactly_the_cases_the_tests_run() -> None:
    scanned = {
        ident
        for tests in cases_by_rule(CASES_PATH.read_text(encoding="utf-8")).values()
        for _, ident in tests
    }
    assert scanned == {c.id for c in [*BREAKS, *KEEPS]}

"""The rule table of the quality service is current, and every check it reports has a test."""

from __future__ import annotations

from services.quality.rules.catalog import CHECKS
from services.quality.rules.doc import DOC_PATH, TESTS_PATH, covering_tests, main, render


def test_doc_is_current() -> None:
    assert main(["--check"]) == 0, "run python -m services.quality.rules.doc"
    assert DOC_PATH.read_text(encoding="utf-8") == render(TESTS_PATH.read_text(encoding="utf-8"))


def test_every_check_has_a_scenario() -> None:
    covered = covering_tests(TESTS_PATH.read_text(encoding="utf-8"), CHECKS)
    assert sorted(set(CHECKS) - set(covered)) == []

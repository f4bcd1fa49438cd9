"""The rule table of the quality service is current, and every check it reports has a test."""

from __future__ import annotations

import re
from pathlib import Path

from services.quality.rules.catalog import CHECKS, LINK_RULES
from services.quality.rules.doc import DOC_PATH, SCENARIOS_PATH, TESTS_PATH, covering_tests, main, render


def test_doc_is_current() -> None:
    assert main(["--check"]) == 0, "run python -m services.quality.rules.doc"
    expected = render(TESTS_PATH.read_text(encoding="utf-8"), SCENARIOS_PATH.read_text(encoding="utf-8"))
    assert DOC_PATH.read_text(encoding="utf-8") == expected


def test_every_check_has_a_scenario() -> None:
    covered = covering_tests(TESTS_PATH.read_text(encoding="utf-8"), CHECKS)
    assert sorted(set(CHECKS) - set(covered)) == []


def test_bedrijfsregels_are_those_the_reference_pack_relates_to_each_rule(reference: Path) -> None:
    # Every bedrijfsregel (OP…) of the reference pack names the technische regels that implement it (as
    # "Gerelateerde technische regels", in a list or a table); the rule table cites exactly those.
    regels = reference / "regels"
    related: dict[str, set[str]] = {code: set() for code in LINK_RULES}
    for op in sorted((regels / "bedrijfsregels").glob("OP*.md")):
        named = set(re.findall(r"\b(TR\d{3})\b", op.read_text(encoding="utf-8")))
        for code in named & set(LINK_RULES):
            related[code].add(op.stem)
    assert {code: set(CHECKS[code].bedrijfsregels) for code in LINK_RULES} == related
    for code in LINK_RULES:
        assert (regels / "technische-regels" / "berichtoverstijgend" / f"{code}.md").is_file()

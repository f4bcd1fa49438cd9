"""The rule table of the quality service is current, and every check it reports has a test."""

from __future__ import annotations

import re
from pathlib import Path

from services.quality.rules.catalog import CHECKS, LEVEL3_RULES, LINK_RULES
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


def test_the_level3_table_lists_every_cross_message_rule_of_the_reference_pack(reference: Path) -> None:
    # Issue 14: "docs/quality-rules.md lists all 54 rules with status and tests".
    pack = reference / "regels" / "technische-regels" / "berichtoverstijgend"
    assert sorted(LEVEL3_RULES) == sorted(p.stem for p in pack.glob("TR*.md"))
    assert len(LEVEL3_RULES) == 54


def test_level3_statuses_agree_with_what_is_judged() -> None:
    implemented = {c for c, r in LEVEL3_RULES.items() if r.status == "implemented"}
    assert implemented == set(LINK_RULES)
    assert {c for c, r in LEVEL3_RULES.items() if r.status == "ingest"} == {"TR056"}
    # A rule is only "cannot be judged from traffic" with the reason quoted from its text.
    for rule in LEVEL3_RULES.values():
        if rule.status == "cannot be judged from traffic":
            assert '"' in rule.note, rule

"""The rule table of the quality service is current, and every check it reports has a test."""

from __future__ import annotations

import re
from pathlib import Path

from services.quality.rules.catalog import CHECKS, LEVEL3_RULES, LINK_RULES
from services.quality.rules.doc import (
    DOC_PATH,
    SCENARIO_FILES,
    TEST_FILES,
    covering_tests,
    main,
    read_tests,
    render,
)


def test_the_table_reads_every_rule_test_file_and_scenario_file() -> None:
    # Rule tests live in several files (test_cross_rules.py, test_declaratie_rules.py, …); each counts.
    names = {p.name for p in (DOC_PATH.parent.parent / "tests" / "quality").glob("test_*rules*.py")}
    assert "test_cross_rules.py" in names
    assert "def test_tr389_" in read_tests(TEST_FILES)
    assert "def test_tr318_" in read_tests(SCENARIO_FILES)
    assert "def test_doc_is_current" not in read_tests(TEST_FILES)


def test_doc_is_current() -> None:
    assert main(["--check"]) == 0, "run python -m services.quality.rules.doc"
    expected = render(read_tests(TEST_FILES), read_tests(SCENARIO_FILES))
    assert DOC_PATH.read_text(encoding="utf-8") == expected


def test_every_check_has_a_scenario() -> None:
    covered = covering_tests(read_tests(TEST_FILES), CHECKS)
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
    # TR319 has no cross-message part: the XSLT judges it within the JW323 at ingest.
    assert {c for c, r in LEVEL3_RULES.items() if r.status == "ingest"} == {"TR056", "TR319"}
    # A rule is only "cannot be judged from traffic" with the reason quoted from its text.
    for rule in LEVEL3_RULES.values():
        if rule.status == "cannot be judged from traffic":
            assert '"' in rule.note, rule

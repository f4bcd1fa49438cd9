"""Every implemented rule: a message that breaks it and one that keeps it, through the real validator."""

from __future__ import annotations

from functools import lru_cache

import pytest
from builders import ALL_MESSAGES, apply, base, build
from cases import BREAKS, KEEPS, Break, Keep

from ijw.findings import Finding
from ijw.rules.catalog import load_catalog
from ijw.validation import Validator


@lru_cache(maxsize=1)
def validator() -> Validator:
    return Validator(check_products=False)


def findings_of(message: str, spec: dict) -> list[Finding]:  # type: ignore[type-arg]
    result = validator().validate_bytes(build(message, spec))
    assert result.message == message
    assert result.xsd_valid, [f.message for f in result.findings]
    return result.findings


@pytest.mark.parametrize("message", ALL_MESSAGES)
def test_base_message_has_no_findings(message: str) -> None:
    assert findings_of(message, base(message)) == []


@pytest.mark.parametrize("case", BREAKS, ids=lambda c: c.id)
def test_breaks(case: Break) -> None:
    findings = findings_of(case.message, apply(base(case.message), case.mutations))
    own = [f for f in findings if f.rule == case.rule]
    assert [f.location for f in own] == [case.location], findings
    assert own[0].retourcode == load_catalog()[case.rule].retourcode == "0001"
    assert own[0].severity == "error"
    others = {f.rule for f in findings} - {case.rule}
    assert others <= case.also, findings


@pytest.mark.parametrize("case", KEEPS, ids=lambda c: c.id)
def test_keeps(case: Keep) -> None:
    assert findings_of(case.message, apply(base(case.message), case.mutations)) == []


def test_every_implemented_rule_has_a_break_and_a_keep() -> None:
    implemented = {r.code for r in load_catalog().values() if r.implemented}
    assert {c.rule for c in BREAKS} == implemented
    assert {c.rule for c in KEEPS} == implemented


def test_cases_only_use_messages_the_catalogue_lists() -> None:
    catalog = load_catalog()
    for case in [*BREAKS, *KEEPS]:
        if case.id.endswith("retour-not-checked-for-class-rules"):
            continue
        assert case.message in catalog[case.rule].messages, case.id


def test_case_ids_are_unique() -> None:
    ids = [c.id for c in BREAKS] + [c.id for c in KEEPS]
    assert len(ids) == len(set(ids))

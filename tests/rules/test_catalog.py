"""The rule catalogue covers every rule of the reference pack once, and the code uses it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ijw.rules import CLASS_RULES, check
from ijw.rules.catalog import UnknownRule, load_catalog, rule

RULE_DOC = "regels/condities-constraints/Condities_constraints_per_data-element.md"
#: Filed as berichtoverstijgend (retourcode 9319) in the rule documents, but the official validation XSLT
#: checks it within the JW323 (TR319 template: a ProductPeriode ends no later than the DeclaratiePeriode),
#: so the project checks it in the message, with 0001 like every rule the XSLT checks.
CHECKED_IN_MESSAGE_BY_XSLT = frozenset({"TR319"})


def test_every_row_is_well_formed() -> None:
    catalog = load_catalog()
    for r in catalog.values():
        assert r.summary and r.messages, r.code
        assert all(re.fullmatch(r"JW3\d\d", m) for m in r.messages), r.code
        if r.implemented:
            assert r.retourcode == "0001", r.code


def test_unknown_rule() -> None:
    with pytest.raises(UnknownRule):
        rule("TR999")


def test_catalogue_lists_every_technical_rule_of_the_reference(reference: Path) -> None:
    catalog = load_catalog()
    folders = {"xslt": True, "berichtoverstijgend": False, "externe-bon": False}
    for folder, implemented in folders.items():
        for doc in sorted((reference / "regels" / "technische-regels" / folder).glob("TR*.md")):
            code = doc.stem
            assert code in catalog, code
            if code in CHECKED_IN_MESSAGE_BY_XSLT:
                assert catalog[code].implemented and catalog[code].retourcode == "0001", code
                continue
            assert catalog[code].implemented is implemented, code
            match = re.search(r"\| Retourcode \| *([0-9A-Z]{4}) *\|", doc.read_text(encoding="utf-8"))
            assert catalog[code].retourcode == (match.group(1) if match else None), code


def test_catalogue_lists_every_condition_constraint_and_restriction(reference: Path) -> None:
    text = (reference / RULE_DOC).read_text(encoding="utf-8")
    codes = set(re.findall(r"^# Regel ((?:CD|CS|RS)\d{3})\b", text, re.M))
    catalog = load_catalog()
    assert codes == {c for c in catalog if c[:2] in ("CD", "CS", "RS")}
    for code in codes:
        kind_ok = catalog[code].implemented or "XSD" in catalog[code].reason
        assert kind_ok, code


def test_every_heenbericht_has_class_rules() -> None:
    assert set(CLASS_RULES) == {"JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323", "JW325"}


def test_unknown_message_gives_no_findings() -> None:
    from lxml import etree

    assert check(etree.fromstring(b"<a/>"), "JW999") == []

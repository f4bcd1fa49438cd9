"""The official Dutch rule texts shipped in ``ijw/rules/omschrijvingen.csv`` equal the reference pack's, and
every rule of the catalogue and every cross-message rule has one."""

from __future__ import annotations

import re
from pathlib import Path

from ijw.rules.catalog import load_catalog
from ijw.rules.omschrijvingen import omschrijvingen
from services.quality.rules.catalog import CHECKS


def _reference_texts(reference: Path) -> dict[str, str]:
    """Per code the reference's own sentence: '## Definitie' or '## Betekenis' of a TR file, '## Regel' of a
    condition, constraint or restriction (the same text wherever the code recurs), the title of a
    bedrijfsregel (OP)."""
    rules = reference / "regels"
    found: dict[str, str] = {}
    for path in sorted((rules / "technische-regels").glob("*/TR*.md")):
        match = re.search(
            r"## (?:Definitie|Betekenis)[ \t]*\n\s*(.*?)\n[ \t]*\n", path.read_text("utf-8"), re.S
        )
        if match:
            found[path.stem] = " ".join(match.group(1).split())
    text = (rules / "condities-constraints" / "Condities_constraints_per_data-element.md").read_text("utf-8")
    for section in re.finditer(r"# Regel ((?:CS|CD|RS)\d+)[^\n]*\n(.*?)(?=\n# Regel |\Z)", text, re.S):
        rule = re.search(r"## Regel\s*\n(.*?)(?:\n## |\Z)", section.group(2), re.S)
        if rule:
            found.setdefault(section.group(1), " ".join(rule.group(1).split()))
    for path in sorted((rules / "bedrijfsregels").glob("OP*.md")):
        title = path.read_text("utf-8").splitlines()[0]
        heading = re.match(r"^#\s*(?:Bedrijfsregel\s+)?(OP\w+)\s*(?:[—–:-]\s*)?(.*)$", title)
        if heading and heading.group(1) == path.stem:
            found[path.stem] = " ".join(heading.group(2).split())
    return found


def test_every_text_is_the_reference_text(reference: Path) -> None:
    assert omschrijvingen() == _reference_texts(reference)


def test_every_rule_of_the_catalogue_and_every_cross_message_rule_has_its_text(reference: Path) -> None:
    cross = {
        p.stem for p in (reference / "regels" / "technische-regels" / "berichtoverstijgend").glob("TR*.md")
    }
    deadlines = {
        code for code in CHECKS if code.startswith("OP")
    }  # the official deadlines the service judges
    assert deadlines and set(load_catalog()) | cross | deadlines <= set(omschrijvingen())


def test_every_code_the_dashboard_shows_is_described_in_dutch() -> None:
    """Every finding code of the product (rules of the standard, own product code and quality checks) has a
    description on the dashboard; the own ones are Dutch too (issue 16: Dutch screens)."""
    from ijw.productcodes.own_codes import OWN_CODES
    from services.dashboard.rules import OWN, describe

    codes = set(load_catalog()) | set(CHECKS) | set(OWN_CODES)
    assert all(describe(code) for code in codes)
    assert set(OWN_CODES) | {c for c in CHECKS if not c.startswith(("TR", "OP"))} <= set(OWN)

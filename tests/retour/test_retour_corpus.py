"""Corpus test: for well over 1,000 incoming messages of all seven incoming types, valid and invalid
(``ijw_tools.corpus``), every retour produced validates against the official XSD of its type and has the
construction its control level prescribes (checked by the independent oracle in ``retour_support``).

Each XSD-valid message is answered four times: as the validator judged it; with an injected in-message
error (level 2); as if it had passed the in-message rules (randomly generated content seldom does), so
clean or with the validator's own level-4 product findings; and that again with random findings of levels
3/4 on random elements (plus, at random, classes left unassessed and, for JW323, the gemeente's rejections
of debet prestaties).
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from pathlib import Path

import pytest
from retour_support import (
    INCOMING,
    Expectation,
    assert_officially_valid,
    check_construction,
    child,
    children,
    is_class,
)

from ijw.findings import Finding
from ijw.retour import NotAnsweredError, build_retour, known_rule_codes
from ijw.validation import ValidationResult, Validator
from ijw.xmlpath import location
from ijw_tools.corpus.build import build_corpus

SEED = 20260501
PER_TYPE = 4


def _in_message(f: Finding) -> bool:
    return f.is_error and f.retourcode in (None, "0001")


def _expectation(
    result: ValidationResult,
    findings: list[Finding],
    not_checked: list[str],
    afwijzingen: dict[str, tuple[str, ...]],
) -> Expectation:
    level2 = any(_in_message(f) for f in result.findings) or any(f.retourcode == "0001" for f in findings)
    return Expectation(
        heen=result.message or "",
        root=result.root,
        validation_findings=list(result.findings),
        xsd_valid=result.xsd_valid,
        caller_findings=findings,
        not_checked=not_checked,
        afwijzingen={} if level2 else afwijzingen,
    )


def _random_level34(
    result: ValidationResult, rng: random.Random, codes: list[str]
) -> tuple[list[Finding], list[str], dict[str, tuple[str, ...]]]:
    assert result.root is not None and result.message is not None
    elements = [el for el in result.root.iter() if isinstance(el.tag, str)]
    # mostly inside the body, sometimes the header or the message as a whole
    body = [el for el in elements if location(el).split("/")[2:3] != ["Header"] and el is not result.root]
    findings = []
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.08:
            where: str | None = None
        elif roll < 0.16:
            where = location(rng.choice(elements))
        else:
            where = location(rng.choice(body))
        findings.append(Finding("TR-RANDOM", "random level 3/4 finding", rng.choice(codes), where))
    not_checked = []
    if rng.random() < 0.3:
        candidates = [location(el) for el in body if is_class(result.message, location(el))]
        not_checked = rng.sample(candidates, k=min(len(candidates), rng.randint(1, 2)))
    afwijzingen: dict[str, tuple[str, ...]] = {}
    if result.message == "JW323" and rng.random() < 0.6:
        prestaties = list(result.root.iter("{*}Prestatie"))
        refs = Counter(p.findtext("{*}ProductReferentie/{*}ReferentieNummer") for p in prestaties)
        debet = [
            p.findtext("{*}ProductReferentie/{*}ReferentieNummer") or ""
            for p in prestaties
            if child(child(p, "IngediendBedrag"), "DebetCredit").text == "D"
        ]
        unique = [r for r in debet if refs[r] == 1]
        for ref in rng.sample(unique, k=min(len(unique), rng.randint(1, 2))):
            afwijzingen[ref] = tuple(rng.sample(codes, k=rng.randint(1, 2)))
    return findings, not_checked, afwijzingen


@pytest.mark.slow
def test_corpus_retours_are_officially_valid_and_correctly_built(reference: Path) -> None:
    from ijw.retour import DeclaratieBeoordeling

    validator = Validator()
    rng = random.Random(SEED)
    codes = sorted(known_rule_codes())
    items = build_corpus(seed=SEED, per_type=PER_TYPE, messages=list(INCOMING))
    seen: Counter[tuple[str, str]] = Counter()
    messages = 0
    for item in items:
        result = validator.validate_bytes(item.data)
        messages += 1
        if result.xsd_valid and result.message not in INCOMING:
            with pytest.raises(NotAnsweredError):
                build_retour(result)
            continue
        scenarios: list[tuple[ValidationResult, list[Finding], list[str], dict[str, tuple[str, ...]]]] = [
            (result, [], [], {})
        ]
        if result.xsd_valid:
            assert result.root is not None
            target = location(rng.choice(children(result.root)))
            injected = Finding("TR-INJECTED", "injected in-message error", "0001", target)
            scenarios.append((dataclasses.replace(result, findings=[*result.findings, injected]), [], [], {}))
            # the same message as if it had passed the in-message rules (random content rarely does)
            passed = dataclasses.replace(result, findings=[f for f in result.findings if not _in_message(f)])
            scenarios.append((passed, [], [], {}))
            scenarios.append((passed, *_random_level34(passed, rng, codes)))
        for res, findings, not_checked, afwijzingen in scenarios:
            beoordeling = None
            if afwijzingen:
                beoordeling = DeclaratieBeoordeling()
                for ref, ref_codes in afwijzingen.items():
                    beoordeling.afwijzen(ref, *ref_codes)
            outcome = build_retour(res, findings, decisions=beoordeling, not_checked=not_checked)
            check_construction(_expectation(res, findings, not_checked, afwijzingen), outcome)
            if outcome.document is not None:
                assert_officially_valid(reference, outcome)
            seen[(item.message, outcome.level.name)] += 1
    print(f"{messages} incoming messages answered; outcomes per type and level: {sorted(seen.items())}")
    assert messages >= 1000
    for message in INCOMING:
        for level in ("XSD", "IN_MESSAGE", "CROSS_MESSAGE_OR_EXTERNAL", "NONE"):
            assert seen[(message, level)] > 0, (message, level, seen)

"""Scrubbing finding texts (``services.ingest.preparation.scrub`` and ``scrub_findings``): the shortcuts that
make it cheap give exactly what the plain definition gives.

The definition (the module's documentation, and what the ingest did before the shortcuts): every personal
value of at least two characters, longest first, replaced wherever it stands as a whole word, i.e. as the
regular expression ``(?<!\\w)value(?!\\w)`` finds it, then every run of exactly nine digits that passes the
BSN eleven test (python-stdnum). The reference below is that definition written with ``re`` alone.
"""

from __future__ import annotations

import random
import re

from lxml import etree
from stdnum.nl import bsn as stdnum_bsn

from ijw.findings import Finding
from services.ingest.preparation import personal_values, scrub, scrub_findings


def _reference(text: str, personal: set[str]) -> str:
    for value in sorted(set(personal), key=len, reverse=True):
        if len(value) >= 2 and value in text:
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "***", text)
    return re.sub(
        r"(?<!\d)\d{9}(?!\d)", lambda m: "***" if stdnum_bsn.is_valid(m.group(0)) else m.group(0), text
    )


# letters, digits, the underscore (a word character), Unicode letters and digits, and non-word characters
ALPHABET = "ade_vn9ü٣ \n-.'*"


def test_scrub_is_the_whole_word_definition_on_random_texts() -> None:
    rng = random.Random(17)
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))
        if rng.random() < 0.3:  # a valid BSN (eleven test) or another nine-digit number somewhere
            text = text[:5] + rng.choice(["999993653", "123456789", "1234567890"]) + text[5:]
        personal = {"".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 4))) for _ in range(3)}
        assert scrub(text, personal) == _reference(text, personal), (text, personal)


def test_scrub_keeps_a_value_inside_a_word_and_replaces_it_as_a_word() -> None:
    assert scrub("decimal code van de Dagtekening", ["de", "van"]) == "decimal code *** *** Dagtekening"
    assert scrub("de_code vanaf", ["de", "van"]) == "de_code vanaf"  # "_" is a word character
    assert scrub("BSN 999993653, nummer 1999993653", []) == "BSN ***, nummer 1999993653"


def test_scrub_findings_changes_only_the_findings_that_hold_a_personal_value() -> None:
    root = etree.fromstring(
        b"<Bericht xmlns='urn:x'><Client><Bsn>999993653</Bsn><Naam><Voorvoegsel>de</Voorvoegsel>"
        b"<Achternaam>Vries</Achternaam></Naam></Client></Bericht>"
    )
    assert personal_values(root) >= {"999993653", "de", "Vries"}
    findings = [
        Finding("TR001", "decimal code not allowed"),
        Finding("TR002", "Achternaam 'Vries' and voorvoegsel de"),
        Finding("TR003", "BSN 999993653 does not match"),
    ]
    scrubbed = scrub_findings(findings, root)
    assert [f.message for f in scrubbed] == [
        "decimal code not allowed",
        "Achternaam '***' and voorvoegsel ***",
        "BSN *** does not match",
    ]
    assert scrubbed[0] is findings[0]
    assert scrub_findings([], root) == []

"""What a finding code means: the rule catalogue first, then the own codes of ingest and of quality.

>>> describe("TR018").startswith("The Einddatum of a StopProduct")
True
>>> describe("PC-REGIONAAL-ONBEKEND").startswith("ProductCode is outside the uniform set")
True
>>> describe("GEEN-START").startswith("A toewijzing is started (JW305)")
True
>>> describe("PARSE-SYNTAX")
'Rejected: the input is not well-formed XML (no retour message; dead-letter topic)'
>>> describe("ZZ-UNKNOWN")
''
"""

from __future__ import annotations

from ijw.productcodes.own_codes import OWN_CODES
from ijw.rules.catalog import load_catalog
from services.quality.rules.catalog import CHECKS

# Codes that are not rules of the standard: the parser's and the XSD's verdicts (control level 1).
LEVEL_ONE = {
    "XSD": "Not valid against the XSD of the message (control level 1: no retour message, transport error)",
    "PARSE-SYNTAX": "Rejected: the input is not well-formed XML (no retour message; dead-letter topic)",
    "PARSE-DOCTYPE": "Rejected: the input has a DOCTYPE (DTDs and entities are refused)",
    "PARSE-EMPTY": "Rejected: empty input",
    "PARSE-ENCODING": "Rejected: the input is not in a valid encoding",
    "NOT-IJW": "Rejected: not an iJw 3.2 message (unknown namespace or root element)",
    "READ-ERROR": "Rejected: the input could not be read",
    "CONTENT-NOT-STORED": "The parsed content of the message could not be stored (the message itself is)",
}


def describe(code: str) -> str:
    """The description of a finding code; empty when nothing describes it."""
    catalog = load_catalog()
    if code in catalog:
        return catalog[code].summary
    if code in OWN_CODES:
        return OWN_CODES[code].meaning
    if code in CHECKS:
        return CHECKS[code].summary
    return LEVEL_ONE.get(code, "")


def is_official(code: str) -> bool:
    """Whether ``code`` is a rule of the standard (in the catalogue)."""
    return code in load_catalog()

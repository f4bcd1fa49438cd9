"""Retourcodes (WJ001) with a fixed meaning in the construction of retour messages, and code checks.

Most retourcodes belong to one technische regel (TR056 → 9056, TR063 → 9063, …). Four have a role in the
construction itself:

- ``0001``: the message broke an in-message rule (control level 2); it is the only code of such a retour;
- ``0200``: no remark on this berichtklasse;
- ``0233``: this berichtklasse was not assessed;
- ``8001``: the declaratie was granted in full (JW325 only, on DeclaratieAntwoord).
"""

from __future__ import annotations

from ijw.schema.model import Model, load_model

TECHNISCH_AFGEKEURD = "0001"
GEEN_OPMERKING = "0200"
NIET_BEOORDEELD = "0233"
VOLLEDIG_TOEGEWEZEN = "8001"

STATUS_CODES = frozenset({GEEN_OPMERKING, NIET_BEOORDEELD, VOLLEDIG_TOEGEWEZEN})
"""Codes that state a status rather than name a broken rule; no finding or decision may carry them."""


def known_retourcodes(model: Model | None = None) -> frozenset[str]:
    """Every code of LDT_RetourCode (WJ001) in the XSDs."""
    return frozenset((model or load_model()).simple_types["LDT_RetourCode"].enum)


def check_rule_code(code: str | None, what: str, model: Model | None = None) -> str:
    """Return ``code`` when it can report a broken rule in a retour message, else raise ValueError."""
    if code is None:
        raise ValueError(f"{what}: a finding at control level 3 or 4 needs the retourcode of its rule")
    if code in STATUS_CODES:
        raise ValueError(f"{what}: retourcode {code} states a status, it does not report a broken rule")
    if code not in known_retourcodes(model):
        raise ValueError(f"{what}: {code!r} is not a retourcode of WJ001 (LDT_RetourCode)")
    return code


def known_rule_codes(model: Model | None = None) -> frozenset[str]:
    """Retourcodes naming a broken rule of control level 3 or 4 (WJ001 without 0001 and status codes)."""
    return known_retourcodes(model) - STATUS_CODES - {TECHNISCH_AFGEKEURD}

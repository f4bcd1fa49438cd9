"""In-message rules of iJw 3.2 (control level 2), each under its official code.

Entry point for the validator: :func:`check` returns the findings of every in-message rule for an
XSD-valid message. The rules are organised per datatype and per message:

- :mod:`ijw.rules.datatypes` — constraints on basisschema datatypes (CS002 Bsn, CS139 and TR002 Geboortedatum,
  CS050 NaamGebruik, CD005/CD025/CS089 Adres, CD007 Communicatie, CS003 on a Contact's Periode, CS325
  amounts). They apply in every message carrying the datatype, retour messages included.
- :mod:`ijw.rules.jw301`, :mod:`ijw.rules.regie` (JW305/JW307), :mod:`ijw.rules.jw315`,
  :mod:`ijw.rules.jw317`, :mod:`ijw.rules.jw319`, :mod:`ijw.rules.jw323`, :mod:`ijw.rules.jw325` — the
  rules the standard lists for that heenbericht, per berichtklasse; the toewijzingsvariant and stacking
  rules shared by the product classes are in :mod:`ijw.rules.products`, TR101/TR134 helpers in
  :mod:`ijw.rules.common`. Retour messages get only the datatype constraints.

Each message is handled in a few passes over the elements that matter (``iter`` with tag filters runs in
C); a berichtklasse is read once into a dict and all of its rules work on that.

Every finding carries the rule's own code (``TR101``, ``CD041``, ``CS002``) and the retourcode the
standard gives it, ``0001`` for all in-message rules, and the location of the element the rule concerns.
The catalogue of all rules, implemented or not, is :mod:`ijw.rules.catalog` (``catalog.csv``).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ijw.findings import Finding
from ijw.rules import datatypes, jw301, jw315, jw317, jw319, jw323, jw325, regie
from ijw.rules._core import Report, ns

ClassRules = Callable[[Report, etree._Element], None]

#: Per heenbericht, the berichtklasse rules (retour messages have none).
CLASS_RULES: dict[str, ClassRules] = {
    "JW301": jw301.check,
    "JW305": regie.check_start,
    "JW307": regie.check_stop,
    "JW315": jw315.check,
    "JW317": jw317.check,
    "JW319": jw319.check,
    "JW323": jw323.check,
    "JW325": jw325.check,
}

_NAMESPACES = {message: ns(message) for message in datatypes.DATATYPES}


def check(root: etree._Element, message: str, prestaties: jw323.Prestaties | None = None) -> list[Finding]:
    """Findings of all in-message rules for ``root`` (an XSD-valid ``message`` such as ``JW301``).

    ``prestaties``: for a JW323, its Prestaties when they have been read already (the product code checks
    read the same columns).
    """
    report = Report()
    message_ns = _NAMESPACES.get(message)
    if message_ns is None:
        return report.findings
    datatypes.check(report, root, message)
    if message == "JW323":
        jw323.check(report, root, prestaties)
        return report.findings
    class_rules = CLASS_RULES.get(message)
    if class_rules is not None:
        class_rules(report, root)
    return report.findings

"""Plumbing shared by the rule modules: namespaces, field extraction and the finding collector.

The rules only see XSD-valid messages, so the structure is known: a berichtklasse element such as a
``Prestatie`` holds every leaf at most once, and :func:`fields` can flatten it into a dict of local name →
text in one C-level walk of its subtree. That keeps each berichtklasse to one pass, however many rules
look at it.

>>> from lxml import etree
>>> el = etree.fromstring(b"<p xmlns='urn:m' xmlns:b='urn:b'><b:Begindatum> 2026-04-01</b:Begindatum>"
...                      b"<!-- note --><Code>45A03</Code></p>")
>>> fields(el) == {"p": None, "Begindatum": " 2026-04-01", "Code": "45A03"}
True
"""

from __future__ import annotations

from lxml import etree

from ijw.findings import Finding
from ijw.rules.catalog import retourcodes
from ijw.xmlpath import location

NAMESPACE_TEMPLATE = "http://www.istandaarden.nl/ijw/3_2/{name}/schema"
#: Clark prefix of the basisschema namespace, e.g. ``B + "Datum"``.
B = "{" + NAMESPACE_TEMPLATE.format(name="basisschema") + "}"

_RETOURCODES = retourcodes()
_LOCAL: dict[str, str] = {}


def ns(message: str) -> str:
    """Clark prefix of a message namespace.

    >>> ns("JW323")
    '{http://www.istandaarden.nl/ijw/3_2/jw323/schema}'
    """
    return "{" + NAMESPACE_TEMPLATE.format(name=message.lower()) + "}"


def local(tag: str) -> str:
    """Local name of a Clark tag (cached: the tag set of iJw is small).

    >>> local("{urn:x}Bsn")
    'Bsn'
    """
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = tag[tag.rfind("}") + 1 :]
    return name


def fields(el: etree._Element) -> dict[str, str | None]:
    """Local name → text of ``el`` and every element below it (comments skipped)."""
    return {local(e.tag): e.text for e in el.iter(etree.Element)}  # type: ignore[arg-type]


def text(el: etree._Element | None) -> str | None:
    """Text of an optional element."""
    return None if el is None else el.text


def dagtekening(root: etree._Element, message_ns: str) -> str:
    """The Dagtekening of the message (Header/BerichtIdentificatie/Dagtekening)."""
    value = root.findtext(f"{message_ns}Header/{message_ns}BerichtIdentificatie/{B}Dagtekening")
    if value is None:  # cannot happen for an XSD-valid message
        raise ValueError("message without Header/BerichtIdentificatie/Dagtekening")
    return value


class Report:
    """Collects the findings of one message.

    ``add`` takes the element the rule concerns (plus an optional path below it, for an element that
    is not there or that is a single child) and turns it into the namespace-free location the retour
    builder resolves. The retourcode comes from the rule catalogue, so a code that is not an
    implemented rule fails loudly.
    """

    __slots__ = ("findings",)

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(self, code: str, message: str, el: etree._Element, below: str = "") -> None:
        self.findings.append(Finding(code, message, _RETOURCODES[code], location(el) + below))

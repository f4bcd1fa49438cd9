"""Plumbing shared by the rule modules: namespaces, child access and the finding collector.

The rules only see XSD-valid messages, so the structure is known: a berichtklasse element holds each
child at most once (unless the XSD repeats it), in the order of its sequence. :func:`kids` and
:func:`texts` read all children of an element in one go, which is far cheaper than one lxml ``find`` per
child (``find`` parses its path argument on every call):

>>> from lxml import etree
>>> el = etree.fromstring(b"<p xmlns='urn:m'><Begin>2026-04-01</Begin><!-- note --><Code>45A03</Code></p>")
>>> texts(el)["{urn:m}Code"]
'45A03'
>>> child(el, 1, "{urn:m}Code").text  # position 1 holds the comment: found by tag instead
'45A03'
"""

from __future__ import annotations

from operator import attrgetter

from lxml import etree

from ijw.findings import Finding
from ijw.rules.catalog import retourcodes
from ijw.xmlpath import location

NAMESPACE_TEMPLATE = "http://www.istandaarden.nl/ijw/3_2/{name}/schema"
#: Clark prefix of the basisschema namespace, e.g. ``B + "Datum"``.
B = "{" + NAMESPACE_TEMPLATE.format(name="basisschema") + "}"

_RETOURCODES = retourcodes()


def ns(message: str) -> str:
    """Clark prefix of a message namespace.

    >>> ns("JW323")
    '{http://www.istandaarden.nl/ijw/3_2/jw323/schema}'
    """
    return "{" + NAMESPACE_TEMPLATE.format(name=message.lower()) + "}"


_TAG = attrgetter("tag")
_TAG_AND_TEXT = attrgetter("tag", "text")


def kids(el: etree._Element) -> dict[object, etree._Element]:
    """Clark tag → child element, for the children of a berichtklasse or datatype element.

    Reading all children once is much cheaper than one ``find`` per child (lxml's ``find`` parses a
    path each time). Comments end up under a non-string key and are never looked up. (Built by C-level
    ``map``/``zip``/``dict`` rather than a comprehension: rules call this for every berichtklasse.)
    """
    children = list(el)
    return dict(zip(map(_TAG, children), children, strict=True))


def texts(el: etree._Element) -> dict[object, str | None]:
    """Clark tag → text of the children of ``el``."""
    return dict(map(_TAG_AND_TEXT, el))


def child(el: etree._Element, index: int, tag: str) -> etree._Element | None:
    """The child ``tag`` that the XSD sequence puts at ``index`` (found by tag when it is not there,
    e.g. because a comment precedes it)."""
    if index < len(el):
        candidate = el[index]
        if candidate.tag == tag:
            return candidate
    return next(el.iterchildren(tag), None)


def dagtekening(root: etree._Element, message_ns: str) -> str:
    """The Dagtekening of the message (Header/BerichtIdentificatie/Dagtekening)."""
    header = child(root, 0, message_ns + "Header")
    ident = None if header is None else child(header, 5, message_ns + "BerichtIdentificatie")
    value = None if ident is None else texts(ident).get(B + "Dagtekening")
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

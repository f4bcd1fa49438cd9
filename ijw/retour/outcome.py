"""What answering one heenbericht produced: a retour message, or a transport error.

The standard answers a received message according to the highest *controleniveau* (control level) at which
it found an error:

1. the message does not validate against its XSD (or cannot be read at all): no retour message; the sender
   gets a transport error with the reason;
2. an in-message rule is broken: a retour with only the header and the general retourcode 0001;
3. and 4. a cross-message rule or a check against an external source (system date, CBS gemeente list, the
   gemeente's product list) fails: the retourcode of that rule on the berichtklasse concerned.

A message without errors is answered as well: by a header without retourcodes (JW302 … JW320), or by a
fully approved declaratie-antwoord (JW325).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property

from lxml import etree

from ijw.findings import Finding
from ijw.xmlpath import local_name

XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
"""Reads back a retour message this project wrote (see :attr:`RetourOutcome.document`)."""


class ControlLevel(IntEnum):
    """The controleniveau that decided the answer (levels 3 and 4 are answered alike)."""

    NONE = 0
    """No error found: the heenbericht is fully approved."""
    XSD = 1
    """Berichtformaat: XSD failure or unreadable input; no retour message."""
    IN_MESSAGE = 2
    """Berichtinhoud: an in-message rule (technische regel, conditie, constraint) is broken: 0001."""
    CROSS_MESSAGE_OR_EXTERNAL = 3
    """Berichtoverstijgend (3) or externe bron (4): the rule's own retourcode on the failing berichtklasse."""


@dataclass(frozen=True, slots=True)
class TransportError:
    """The error reported to the sender instead of a retour message (control level 1)."""

    code: str
    """``XSD`` for an XSD failure, else the safe parser's rejection code (``PARSE-SYNTAX``, ``NOT-IJW`` …)."""
    reason: str


@dataclass(frozen=True, eq=False)
class RetourOutcome:
    """The answer to one heenbericht.

    Exactly one of the retour message (``element`` or ``serialized``; read it as :attr:`document` or with
    :meth:`to_bytes`) and ``transport_error`` is set.
    """

    heenbericht: str | None
    """The answered message type (``JW301`` …), None when the input was not recognised."""
    retourbericht: str | None
    """The retour message type (``JW302`` …), None at control level 1."""
    level: ControlLevel
    element: etree._Element | None = None
    """The retour message as built as a tree (None when it was written as bytes: see :attr:`serialized`)."""
    transport_error: TransportError | None = None
    findings: tuple[Finding, ...] = ()
    """The error findings that decided the answer (those of the deciding control level)."""
    afgewezen: tuple[str, ...] = field(default=())
    """JW325 only: ReferentieNummer of every prestatie that was not granted, in message order."""
    toegekend_bedrag: int | None = None
    """JW325 only: the signed amount granted (debet positive, credit negative): TotaalToegekendBedrag."""
    serialized: bytes | None = None
    """The retour message as :meth:`to_bytes` gives it, when it was written as bytes directly (an answer
    that is the header alone, see :mod:`ijw.retour.header_only`)."""

    @cached_property
    def document(self) -> etree._Element | None:
        """The retour message's document element (None at control level 1)."""
        if self.element is not None or self.serialized is None:
            return self.element
        return etree.fromstring(self.serialized, _PARSER)

    @property
    def has_retour(self) -> bool:
        return self.element is not None or self.serialized is not None

    def to_bytes(self) -> bytes:
        """The retour message as pretty-printed UTF-8 XML with declaration."""
        if self.serialized is not None:
            return self.serialized
        if self.element is None:
            raise ValueError("there is no retour message: the heenbericht failed at control level 1")
        return XML_DECLARATION + etree.tostring(self.element, encoding="UTF-8") + b"\n"

    def header_retourcodes(self) -> list[str]:
        """The RetourCode values in the retour's Header (empty when it has none or there is no retour)."""
        if self.document is None:
            return []
        header = self.document[0]
        return [(code.text or "") for codes in header if local_name(codes) == "RetourCodes" for code in codes]

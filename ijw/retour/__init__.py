"""Retour messages of iJw 3.2: the answer to every received heenbericht.

Every heenbericht is answered by exactly one retour message (JW301 → JW302, JW305 → JW306, JW307 → JW308,
JW315 → JW316, JW317 → JW318, JW319 → JW320) or, for a declaratie (JW323), by a declaratie-antwoord
(JW325). A message that fails its XSD gets no retour message but a transport error. The construction per
control level is described in :mod:`ijw.retour.builder` and :mod:`ijw.retour.declaratie`.

>>> from ijw.retour import build_retour, DeclaratieBeoordeling
"""

from ijw.retour.builder import build_retour, split_findings, transport_error
from ijw.retour.codes import (
    GEEN_OPMERKING,
    NIET_BEOORDEELD,
    TECHNISCH_AFGEKEURD,
    VOLLEDIG_TOEGEWEZEN,
    known_retourcodes,
    known_rule_codes,
)
from ijw.retour.declaratie import DeclaratieBeoordeling
from ijw.retour.document import default_identificatie
from ijw.retour.outcome import ControlLevel, RetourOutcome, TransportError
from ijw.retour.structure import NotAnsweredError, RetourStructure, retour_message_for, structure_for

__all__ = [
    "GEEN_OPMERKING",
    "NIET_BEOORDEELD",
    "TECHNISCH_AFGEKEURD",
    "VOLLEDIG_TOEGEWEZEN",
    "ControlLevel",
    "DeclaratieBeoordeling",
    "NotAnsweredError",
    "RetourOutcome",
    "RetourStructure",
    "TransportError",
    "build_retour",
    "default_identificatie",
    "known_retourcodes",
    "known_rule_codes",
    "retour_message_for",
    "split_findings",
    "structure_for",
    "transport_error",
]

"""Which party *sends* each iJw message type: the binding of a submission to its credential (issue 11).

The table is the reference pack's "Message types" table (``ijw-3.2/README.md``, column "Sent by"). It is not
the header's Afzender: a retour message copies the heenbericht's header unchanged (IV028), so a JW302 or
JW320 names the gemeente as Afzender although the aanbieder sends it, and a JW306, JW308, JW316 or JW318
names the aanbieder although the gemeente sends it; the sender of a retour is the heenbericht's Ontvanger.
A JW325 has its own header, with the gemeente as Afzender. Since the header names both parties of every
message (:func:`ijw.db.content.header_of` reads them as ``gemeente`` and ``aanbieder``), the sending party's
code is the header's party of the sending kind.

>>> sending_party("JW302", gemeente="0384", aanbieder="42420001")
('aanbieder', '42420001')
>>> sending_party("JW325", gemeente="0384", aanbieder="42420001")
('gemeente', '0384')
>>> sending_party("JW999", gemeente="0384", aanbieder="42420001") is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

SenderKind = Literal["gemeente", "aanbieder"]

SENT_BY: Mapping[str, SenderKind] = MappingProxyType(
    {
        "JW301": "gemeente",  # Toewijzing
        "JW302": "aanbieder",  # Retour toewijzing (header of the JW301: Afzender is the gemeente)
        "JW305": "aanbieder",  # Start jeugdhulp
        "JW306": "gemeente",  # Retour start (header of the JW305: Afzender is the aanbieder)
        "JW307": "aanbieder",  # Stop jeugdhulp
        "JW308": "gemeente",  # Retour stop
        "JW315": "aanbieder",  # Verzoek om toewijzing
        "JW316": "gemeente",  # Retour VOT
        "JW317": "aanbieder",  # Verzoek om wijziging
        "JW318": "gemeente",  # Retour VOW
        "JW319": "gemeente",  # Antwoordbericht
        "JW320": "aanbieder",  # Retour antwoordbericht (header of the JW319: Afzender is the gemeente)
        "JW323": "aanbieder",  # Declaratie
        "JW325": "gemeente",  # Declaratie-antwoord (own header, Afzender gemeente)
    }
)
"""The party kind that sends each message type (reference pack README, "Message types", "Sent by")."""


def sending_party(
    berichtsoort: str, gemeente: str | None, aanbieder: str | None
) -> tuple[SenderKind, str | None] | None:
    """``(kind, code)`` of the party that sends this message; None for a message type that is not iJw 3.2.

    ``gemeente`` and ``aanbieder`` are the message's parties as its header names them (``code`` is None
    when the header lacks that party).
    """
    kind = SENT_BY.get(berichtsoort)
    if kind is None:
        return None
    return kind, (gemeente if kind == "gemeente" else aanbieder) or None


def is_sender(kind: str, code: str, berichtsoort: str, gemeente: str | None, aanbieder: str | None) -> bool:
    """Whether the party ``kind`` ``code`` sends this message (the binding of a submission to its party;
    for HTTP see :meth:`ijw.auth.scopes.Principal.may_send`, for a Kafka producer its principal's party).

    >>> is_sender("aanbieder", "42420001", "JW302", gemeente="0384", aanbieder="42420001")
    True
    >>> is_sender("gemeente", "0384", "JW302", gemeente="0384", aanbieder="42420001")
    False
    """
    return sending_party(berichtsoort, gemeente, aanbieder) == (kind, code)

"""What a traffic run produces: messages and the ground truth of their injected defects.

Message keys are ``<afzender>/<berichtsoort>/<identificatie>`` with the Afzender of the message's header and,
for the retour messages JW302/306/308/316/318/320 (whose header copies the heenbericht's), their
IdentificatieRetour; for all other messages (JW325 included) their BerichtIdentificatie. Bytes that are not
a message (defect ``onleesbaar``) carry the key of the message they stand in for.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class GroundTruthRecord:
    """One injected defect.

    ``bericht`` is the key of the message the finding concerns: the defective message itself, for the
    deadline kinds the heenbericht that was answered late (``related``: the late answer), for
    ``toewijzing-zonder-start`` the JW301 that first carried the toewijzing, for ``stop-ontbreekt`` the JW305
    whose stop is missing. ``client_ref`` is the client's BSN (a test BSN).
    """

    defect: str
    rule: str
    bericht: str
    berichtsoort: str
    dagtekening: dt.date
    gemeente: str
    aanbieder: str
    toewijzingnummer: int | None
    client_ref: str | None
    related: str | None = None
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "defect": self.defect,
            "rule": self.rule,
            "bericht": self.bericht,
            "berichtsoort": self.berichtsoort,
            "dagtekening": self.dagtekening.isoformat(),
            "gemeente": self.gemeente,
            "aanbieder": self.aanbieder,
            "toewijzingnummer": self.toewijzingnummer,
            "client_ref": self.client_ref,
            "related": self.related,
            "detail": self.detail,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=False)


@dataclass(frozen=True, slots=True)
class GeneratedMessage:
    """One generated message.

    ``corrupt`` names the defect kind when the bytes are not a valid iJw message (XSD-invalid, breaking an
    in-message rule, or not XML at all); every other message is XSD-valid and free of in-message rule
    errors. ``defects`` are the ground-truth records that point at or were completed by this message.
    ``sequence`` is its position in the run (0, 1, …).
    """

    data: bytes
    message_type: str
    key: str
    dagtekening: dt.date
    gemeente: str
    aanbieder: str
    sequence: int
    corrupt: str | None = None
    defects: tuple[GroundTruthRecord, ...] = ()

    @property
    def identificatie(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def file_name(self) -> str:
        """``<dagtekening>-<sequence>-<berichtsoort>-<afzender>-<identificatie>.xml``.

        Names sort by Dagtekening.."""
        afzender = self.key.split("/", 1)[0]
        ident = "".join(c if c.isalnum() else "_" for c in self.identificatie)
        return f"{self.dagtekening:%Y%m%d}-{self.sequence:09d}-{self.message_type}-{afzender}-{ident}.xml"

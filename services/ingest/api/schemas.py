"""Response models of the ingest API (they are the OpenAPI schema at ``/docs``).

No model carries a BSN or a name: message metadata are header values (party codes, identificatie, dates),
finding texts were scrubbed of personal values when they were stored. The raw XML and the retour message
(which do contain BSN) are served only by their own endpoints, to the parties of the message.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

IntakeStatus = Literal["stored", "duplicate", "rejected", "published"]
StoredStatus = Literal["valid", "invalid", "rejected"]


class FindingOut(BaseModel):
    """One finding, as ``ijw validate --json`` prints it (severity added when not ``error``)."""

    rule: str = Field(examples=["TR101"])
    retourcode: str | None = Field(default=None, examples=["8001"])
    location: str | None = Field(default=None, examples=["/Bericht/Client/Bsn"])
    message: str
    severity: Literal["error", "warning", "info"] = "error"


class MessageResult(BaseModel):
    """The answer for one message: the validation result (the ``ijw validate --json`` shape: ``path``,
    ``message``, ``xsd_valid``, ``findings``), what intake did with it and, when processed directly, the
    retour message."""

    index: int = Field(description="position of the message in the request (0 for a single message)")
    path: str | None = Field(default=None, description="file name of a multipart part, else null")
    message: str | None = Field(description="message type, e.g. JW301; null when it could not be identified")
    xsd_valid: bool
    findings: list[FindingOut]
    status: IntakeStatus = Field(
        description="stored (new), duplicate (stored before), rejected (not parseable or not iJw 3.2: "
        "stored as rejected), published (Kafka mode: on the topic, processed by the ingest worker)"
    )
    bericht_id: int | None = Field(default=None, description="id for GET /berichten/{id} (not in Kafka mode)")
    key: str | None = Field(default=None, description="<afzender>/<berichtsoort>/<identificatie>")
    kafka_key: str | None = Field(
        default=None, description="Kafka mode: the record key <afzender>/<ontvanger>"
    )
    rejection: str | None = Field(default=None, description="why the message was rejected")
    retour: str | None = Field(default=None, description="the retour message (XML), when there is one")


class IntakeResponse(BaseModel):
    """The answer to ``POST /berichten``: one result per message, in the order received."""

    mode: Literal["embedded", "kafka"]
    results: list[MessageResult]


class BerichtBatch(BaseModel):
    """A batch of messages as JSON: each element is one complete XML message."""

    berichten: list[str] = Field(min_length=1)


class BerichtSummary(BaseModel):
    """A stored message in a list: header values and verdict, no personal data."""

    id: int
    key: str | None = Field(description="<afzender>/<berichtsoort>/<identificatie>; null for rejected input")
    berichtsoort: str | None
    afzender: str | None
    ontvanger: str | None
    gemeente: str | None
    aanbieder: str | None
    identificatie: str | None
    dagtekening: dt.date | None
    status: StoredStatus
    xsd_valid: bool
    received_at: dt.datetime
    has_retour: bool


class BerichtPage(BaseModel):
    """One page of ``GET /berichten``; pass ``next_after`` as ``after`` for the next page (null: last)."""

    items: list[BerichtSummary]
    next_after: int | None


class RetourOf(BaseModel):
    """The heenbericht a retour message answers."""

    afzender: str | None
    berichtsoort: str | None
    identificatie: str | None
    bericht_id: int | None


class BerichtDetail(BerichtSummary):
    """A stored message with its findings (metadata only; raw XML at ``/berichten/{id}/xml``)."""

    bericht_code: str | None
    size: int
    content_hash: str
    stored_at: dt.datetime
    rejection_code: str | None
    rejection_reason: str | None
    retour_of: RetourOf | None
    findings: list[FindingOut]


class Health(BaseModel):
    """``GET /health``: whether the service can do its work."""

    status: Literal["ok", "unavailable"]
    version: str
    mode: Literal["embedded", "kafka"]
    database: bool
    schema_revision: str | None = None

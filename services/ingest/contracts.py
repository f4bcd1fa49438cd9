"""The contract between the ways in (Kafka worker, HTTP intake, batch files) and the processing core.

Every way in hands :class:`IncomingMessage` batches to ``services.ingest.processing.IngestProcessor``
and gets one :class:`IngestOutcome` per message back, after the batch's database transaction committed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ijw.findings import Finding

Status = Literal["stored", "duplicate", "rejected"]


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """Raw bytes as received, plus where they came from (``kafka:topic/partition/offset``, ``file:path``…)."""

    data: bytes
    source: str
    received_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


@dataclass(frozen=True, slots=True)
class IngestOutcome:
    """What happened to one incoming message.

    ``status``: ``stored`` (new message, stored with its findings, also when it is invalid), ``duplicate``
    (the same message was stored before: nothing written), ``rejected`` (could not be parsed or is not an
    iJw 3.2 message: stored as rejected with ``rejection`` as reason; goes to the dead-letter topic).
    ``retour`` is the retour message to publish (None at control level 1 and for messages that have none).
    """

    status: Status
    bericht_id: int | None
    message: str | None  # "JW301" …
    key: str | None  # "<afzender>/<berichtsoort>/<identificatie>"
    xsd_valid: bool
    findings: tuple[Finding, ...] = ()
    retour: bytes | None = None
    rejection: str | None = None
    content_sha256: str | None = None
    """SHA-256 (hex) of the incoming bytes, when the processor computed it (else the worker does)."""

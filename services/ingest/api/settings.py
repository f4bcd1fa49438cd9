"""Configuration of the ingest HTTP API (environment variables with prefix ``IJW_``).

The shared settings (``IJW_DB_URL``, ``IJW_MIGRATE`` …) are those of :class:`ijw.settings.Settings`;
``IJW_BOOTSTRAP_SERVERS``, when set, switches intake to Kafka mode
(messages are published to ``IJW_TOPIC_BERICHTEN`` and answered 202 instead of processed in the request);
``IJW_MAX_MESSAGE_BYTES`` is the size limit of one message, the same limit the parser applies.

>>> ApiSettings(db_url="sqlite://").mode
'embedded'
>>> ApiSettings(db_url="sqlite://", bootstrap_servers="127.0.0.1:9092").mode
'kafka'
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ijw.safeparse import DEFAULT_MAX_BYTES
from ijw.settings import Settings


class ApiSettings(Settings):
    """Settings of ``ijw_app.http.create_app``."""

    #: Kafka bootstrap servers; unset: embedded mode (processed directly in the request).
    bootstrap_servers: str | None = None
    #: Topic of incoming messages (Kafka mode).
    topic_berichten: str = "ijw.berichten"
    #: Size limit of one message in bytes (also the limit of a request with one XML message).
    max_message_bytes: int = Field(default=DEFAULT_MAX_BYTES, ge=1024)
    #: Most messages in one batch request.
    max_batch_messages: int = Field(default=1000, ge=1)
    #: Size limit of a batch request (JSON or multipart) in bytes.
    max_batch_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    #: Seconds to wait for the broker to acknowledge published messages (Kafka mode).
    publish_timeout_s: float = Field(default=30.0, gt=0)

    @property
    def mode(self) -> Literal["embedded", "kafka"]:
        """``kafka`` when a bootstrap is configured, else ``embedded``."""
        return "kafka" if self.bootstrap_servers else "embedded"

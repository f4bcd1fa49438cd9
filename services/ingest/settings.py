"""Configuration of the Kafka side of the ingest service (environment variables with prefix ``IJW_``).

Every field can be set as ``IJW_<FIELD>``, e.g. ``IJW_BOOTSTRAP_SERVERS=kafka-1:9092,kafka-2:9092``,
``IJW_DB_URL=postgresql+psycopg://…``, ``IJW_BATCH_SIZE=500``.

>>> s = IngestSettings(bootstrap_servers="127.0.0.1:9092")
>>> s.topic_berichten, s.topic_dlq
('ijw.berichten', 'ijw.berichten.dlq')
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class IngestSettings(BaseSettings):
    """Settings of the ingest worker, the publisher and the embedded broker commands."""

    model_config = SettingsConfigDict(env_prefix="IJW_", extra="ignore")

    bootstrap_servers: str = Field("127.0.0.1:9092", description="Kafka bootstrap servers, comma separated")
    topic_berichten: str = Field("ijw.berichten", description="incoming iJw messages")
    topic_retour: str = Field("ijw.retour", description="retour messages the worker builds")
    topic_gevalideerd: str = Field("ijw.gevalideerd", description="one JSON result event per message")
    topic_dlq: str = Field("ijw.berichten.dlq", description="input that could not be processed as iJw")
    group_id: str = Field("ijw-ingest", description="consumer group of the ingest workers")
    batch_size: int = Field(500, ge=1, le=100_000, description="max records per poll and per DB transaction")
    poll_timeout_ms: int = Field(1000, ge=1, description="how long one poll waits for records")
    db_url: str = Field("sqlite:///ijw.db", description="SQLAlchemy database URL")
    partitions: int = Field(4, ge=1, description="partitions of topics the broker command creates")
    session_timeout_ms: int = Field(6000, ge=1000)
    heartbeat_interval_ms: int = Field(1000, ge=100)
    fetch_max_wait_ms: int = Field(100, ge=0)
    max_poll_interval_ms: int = Field(300_000, ge=1000)
    backoff_initial_s: float = Field(0.5, gt=0, description="first retry delay after a DB or broker error")
    backoff_max_s: float = Field(30.0, gt=0, description="cap of the exponential retry delay")
    metrics_port: int | None = Field(None, description="serve Prometheus metrics on 127.0.0.1:<port>")
    metrics_host: str = Field("127.0.0.1", description="address of the metrics endpoint")

    @property
    def topics(self) -> tuple[str, str, str, str]:
        """All four topics: berichten, retour, gevalideerd, dead letters."""
        return (self.topic_berichten, self.topic_retour, self.topic_gevalideerd, self.topic_dlq)

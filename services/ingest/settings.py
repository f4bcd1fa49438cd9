"""Configuration of the Kafka side of the ingest service (environment variables with prefix ``IJW_``).

Every field can be set as ``IJW_<FIELD>``, e.g. ``IJW_BOOTSTRAP_SERVERS=kafka-1:9092,kafka-2:9092``,
``IJW_DB_URL=postgresql+psycopg://…``, ``IJW_BATCH_SIZE=2000``.

>>> s = IngestSettings(bootstrap_servers="127.0.0.1:9092")
>>> s.topic_berichten, s.topic_dlq
('ijw.berichten', 'ijw.berichten.dlq')
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ijw.settings import Settings


class IngestSettings(Settings):
    """Settings of the ingest worker, the publisher and the embedded broker commands (and the shared ones,
    ``IJW_DB_URL`` …, of :class:`ijw.settings.Settings`)."""

    #: Kafka bootstrap servers, comma separated.
    bootstrap_servers: str = "127.0.0.1:9092"
    #: Incoming iJw messages.
    topic_berichten: str = "ijw.berichten"
    #: Retour messages the worker builds.
    topic_retour: str = "ijw.retour"
    #: One JSON result event per message.
    topic_gevalideerd: str = "ijw.gevalideerd"
    #: Input that could not be processed as iJw (raw bytes, reason header).
    topic_dlq: str = "ijw.berichten.dlq"
    #: Consumer group of the ingest workers.
    group_id: str = "ijw-ingest"
    #: Max records per poll and per database transaction. Every batch has costs of its own (look-ups,
    #: statements, commit, offsets, the pool's chunks): 1,000 instead of 500 gave 4,624 instead of 4,138–
    #: 4,167 msg/s on two CPUs (docs/benchmarks.md, fifth round) for a few MiB more; a crash re-processes up
    #: to two batches (stored as duplicates).
    batch_size: int = Field(default=1000, ge=1, le=100_000)
    #: Processes that validate and prepare the messages beside the worker's own (its transaction, offsets
    #: and publishing stay in the worker). Unset: one per CPU beyond the first, at most 4; 0: none.
    cpu_workers: int | None = Field(default=None, ge=0, le=64)
    #: How long one poll waits for records.
    poll_timeout_ms: int = Field(default=1000, ge=1)
    #: How long a poll waits while a batch prepared meanwhile is still to be stored: long enough for a
    #: fetch from a broker with a backlog (a few ms here), short enough that the last batch of a burst is
    #: not held back a whole ``poll_timeout_ms``.
    poll_in_hand_ms: int = Field(default=50, ge=0)
    #: Partitions of the topics that ``ijw broker`` creates.
    partitions: int = Field(default=4, ge=1)
    session_timeout_ms: int = Field(default=6000, ge=1000)
    heartbeat_interval_ms: int = Field(default=1000, ge=100)
    fetch_max_wait_ms: int = Field(default=100, ge=0)
    max_poll_interval_ms: int = Field(default=300_000, ge=1000)
    #: Verify the CRC32C of fetched record batches. Unset: only when the ``crc32c`` C extension is installed
    #: (kafka-python's pure-Python CRC32C costs the worker about a fifth of its time).
    check_crcs: bool | None = None
    #: First retry delay after a database or broker error; doubles per attempt up to ``backoff_max_s``.
    backoff_initial_s: float = Field(default=0.5, gt=0)
    backoff_max_s: float = Field(default=30.0, gt=0)
    #: After SIGTERM/SIGINT the worker exits within this many seconds whatever it is doing (a batch in hand
    #: that does not finish in time is abandoned uncommitted: it is redelivered, nothing is lost).
    shutdown_timeout_s: float = Field(default=10.0, gt=0)
    #: Unhealthy (log warning, ``/health`` 503) after this long without progress while records wait.
    stall_timeout_s: float = Field(default=120.0, gt=0)
    #: Exit (code 75) after being unhealthy this long, so that a restart policy restarts the worker;
    #: 0: never.
    unhealthy_exit_s: float = Field(default=0.0, ge=0)
    #: How often the group's lag over all partitions is measured.
    lag_check_interval_s: float = Field(default=10.0, gt=0)
    #: Compression of what the worker and ``ijw publish`` produce (``none``, gzip, snappy, lz4, zstd).
    compression_type: Literal["none", "gzip", "snappy", "lz4", "zstd"] = "lz4"
    #: The client the worker publishes its outputs with: librdkafka (``confluent-kafka``, C threads: a
    #: third of the worker's time less than kafka-python, see :mod:`services.ingest.outputs`) or
    #: ``kafka-python`` (the client it consumes with).
    output_client: Literal["confluent-kafka", "kafka-python"] = "confluent-kafka"
    #: Serve Prometheus metrics on ``metrics_host:metrics_port`` (off when unset).
    metrics_port: int | None = None
    metrics_host: str = "127.0.0.1"

    @property
    def topics(self) -> tuple[str, str, str, str]:
        """All four topics: berichten, retour, gevalideerd, dead letters."""
        return (self.topic_berichten, self.topic_retour, self.topic_gevalideerd, self.topic_dlq)

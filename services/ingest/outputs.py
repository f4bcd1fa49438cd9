"""The worker's producer of its outputs on librdkafka (confluent-kafka), behind kafka-python's interface.

The worker publishes about 1.5 records per message (retour, result event, dead letters). kafka-python
builds, compresses and sends those batches in Python, under the interpreter lock, and in a profile of the
worker it took a third of the time of the process that stores the batches. librdkafka does that work in
its own C threads. :class:`OutputProducer` offers what the worker uses of ``KafkaProducer``: ``send``
(a future per record), ``flush`` and ``close``, with the same errors (``kafka.errors``), so the worker's
delivery guarantee reads the same: every send acknowledged before the offsets are committed.

Settings as ``services.ingest.producer.make_producer``: acks from all replicas, the configured compression,
a 5 ms linger, 16 MiB records, 30 s to deliver; keyed records are partitioned by murmur2, as kafka-python
and the Java client do, so a key lands on the same partition whichever client publishes it.
"""

from __future__ import annotations

import time
from typing import Any

from kafka.errors import KafkaError, KafkaTimeoutError

#: How long ``send`` waits for room in a full local queue before it gives up (kafka-python's max_block_ms).
MAX_BLOCK_S = 30.0


class Delivery:
    """The future of one record: set by librdkafka's delivery report."""

    __slots__ = ("_done", "_error")

    def __init__(self) -> None:
        self._done = False
        self._error: Any = None

    def report(self, error: Any, message: Any) -> None:
        self._error = error
        self._done = True

    def get(self, timeout: float | None = None) -> None:
        """Raise when the record was not acknowledged (not delivered yet: ``KafkaTimeoutError``)."""
        if not self._done:
            raise KafkaTimeoutError("the record was not acknowledged in time")
        if self._error is not None:
            raise KafkaError(f"delivery failed: {self._error}")


class OutputProducer:
    """A confluent-kafka ``Producer`` with kafka-python's ``send``/``flush``/``close``."""

    def __init__(
        self, bootstrap_servers: str, compression: str = "lz4", client_id: str = "ijw-ingest"
    ) -> None:
        import confluent_kafka

        self._producer: Any = confluent_kafka.Producer(
            {
                "bootstrap.servers": bootstrap_servers,
                "client.id": client_id,
                "acks": "all",
                "compression.type": compression,
                "linger.ms": 5,
                "batch.size": 256 * 1024,
                "message.max.bytes": 16 * 1024 * 1024 + 4096,
                "message.timeout.ms": 30_000,
                "request.timeout.ms": 30_000,
                "partitioner": "murmur2_random",
            }
        )
        self._sent = 0

    def send(
        self, topic: str, value: bytes | None = None, key: bytes | None = None, headers: Any = None
    ) -> Delivery:
        delivery = Delivery()
        deadline = time.monotonic() + MAX_BLOCK_S
        while True:
            try:
                self._producer.produce(
                    topic, value=value, key=key, headers=headers, on_delivery=delivery.report
                )
                break
            except BufferError:  # the local queue is full: let librdkafka send, then try again
                if time.monotonic() > deadline:
                    raise KafkaTimeoutError(
                        f"no room to send to {topic} within {MAX_BLOCK_S:.0f} s"
                    ) from None
                self._producer.poll(0.05)
        self._sent += 1
        if self._sent % 256 == 0:
            self._producer.poll(0)  # serve delivery reports now and then
        return delivery

    def flush(self, timeout: float | None = None) -> None:
        """Wait until every record is acknowledged or failed; ``KafkaTimeoutError`` when time ran out."""
        remaining = self._producer.flush(-1 if timeout is None else timeout)
        if remaining:
            raise KafkaTimeoutError(f"{remaining} records not acknowledged within {timeout} s")

    def close(self, timeout: float | None = None) -> None:
        """Flush within ``timeout``; records still queued then are dropped (their offsets are not
        committed, so the batch is processed again)."""
        remaining = self._producer.flush(10.0 if timeout is None else timeout)
        if remaining:
            self._producer.purge()
            self._producer.flush(0)

"""Unit tests of the worker loop with in-memory fakes of the consumer, producer and processor.

They pin down the ordering the delivery guarantee rests on: process (DB commit) → publish → flush →
commit offsets, and on any failure: no commit, seek back, back off, retry the same records.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from kafka.structs import TopicPartition

from ijw.findings import Finding
from services.ingest.contracts import IncomingMessage, IngestOutcome
from services.ingest.settings import IngestSettings
from services.ingest.worker import (
    HEADER_BERICHT,
    HEADER_REASON,
    HEADER_RETOUR_ID,
    IngestWorker,
    backoff_delay,
)

TOPIC = "ijw.berichten"


@dataclass
class Rec:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None


@dataclass
class FakeConsumer:
    """Partitions of records; ``poll`` returns from the positions, ``commit`` records the offsets."""

    partitions: dict[int, list[bytes]]
    log: list[str]
    positions: dict[TopicPartition, int] = field(default_factory=dict)
    committed: dict[TopicPartition, int] = field(default_factory=dict)
    closed: bool = False
    fail_commit: int = 0

    def __post_init__(self) -> None:
        for p in self.partitions:
            self.positions[TopicPartition(TOPIC, p)] = 0

    def poll(self, timeout_ms: int = 0, max_records: int | None = None) -> dict[TopicPartition, list[Rec]]:
        out: dict[TopicPartition, list[Rec]] = {}
        budget = max_records or 10**9
        for tp, pos in self.positions.items():
            values = self.partitions[tp.partition][pos : pos + budget]
            if values:
                out[tp] = [Rec(TOPIC, tp.partition, pos + i, b"k", v) for i, v in enumerate(values)]
                self.positions[tp] = pos + len(values)
                budget -= len(values)
            if budget <= 0:
                break
        self.log.append(f"poll:{sum(len(v) for v in out.values())}")
        return out

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.log.append(f"seek:{tp.partition}:{offset}")
        self.positions[tp] = offset

    def assignment(self) -> set[TopicPartition]:
        return set(self.positions)

    def highwater(self, tp: TopicPartition) -> int:
        return len(self.partitions[tp.partition])

    def commit(self, offsets: dict[TopicPartition, Any], timeout_ms: int | None = None) -> None:
        if self.fail_commit:
            self.fail_commit -= 1
            from kafka.errors import KafkaTimeoutError

            raise KafkaTimeoutError("commit timed out")
        self.log.append(
            "commit:" + ",".join(f"{tp.partition}={o.offset}" for tp, o in sorted(offsets.items()))
        )
        for tp, o in offsets.items():
            self.committed[tp] = o.offset

    def close(self, autocommit: bool = True, timeout_ms: int | None = None) -> None:
        assert autocommit is False
        self.closed = True


class Future:
    def __init__(self, error: Exception | None = None) -> None:
        self.error = error

    def get(self, timeout: float | None = None) -> None:
        if self.error is not None:
            raise self.error


@dataclass
class FakeProducer:
    log: list[str]
    sent: list[tuple[str, bytes | None, bytes, dict[str, bytes]]] = field(default_factory=list)
    fail_next: int = 0

    def send(self, topic: str, value: bytes, key: bytes | None = None, headers: Any = None) -> Future:
        if self.fail_next:
            self.fail_next -= 1
            from kafka.errors import KafkaTimeoutError

            return Future(KafkaTimeoutError("send failed"))
        self.sent.append((topic, key, value, dict(headers or [])))
        return Future()

    def flush(self, timeout: float | None = None) -> None:
        self.log.append("flush")

    def close(self, timeout: float | None = None) -> None:
        pass


class FakeProcessor:
    """Idempotent on the content; ``fail`` makes the next calls raise a database-like error."""

    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.stored: dict[bytes, int] = {}
        self.fail = 0

    def process_batch(self, items: Sequence[IncomingMessage]) -> list[IngestOutcome]:
        if self.fail:
            self.fail -= 1
            self.log.append("db-error")
            from sqlalchemy.exc import OperationalError

            raise OperationalError("INSERT", {}, Exception("server closed the connection"))
        out: list[IngestOutcome] = []
        for item in items:
            if item.data.startswith(b"garbage"):
                out.append(IngestOutcome("rejected", 1, None, None, False, rejection="PARSE-SYNTAX: not XML"))
                continue
            key = "0384/JW301/" + item.data.decode()
            if item.data in self.stored:
                out.append(IngestOutcome("duplicate", self.stored[item.data], "JW301", key, True))
                continue
            self.stored[item.data] = len(self.stored) + 1
            out.append(
                IngestOutcome(
                    "stored",
                    self.stored[item.data],
                    "JW301",
                    key,
                    True,
                    (Finding("TR101", "Bsn 999900006 quoted", "9101"),),
                    retour=b"<retour/>",
                )
            )
        self.log.append(f"db-commit:{len(items)}")
        return out


@dataclass
class Rig:
    worker: IngestWorker
    consumer: FakeConsumer
    producer: FakeProducer
    processor: FakeProcessor
    log: list[str]
    sleeps: list[float]


def make(partitions: dict[int, list[bytes]], batch_size: int = 3) -> Rig:
    log: list[str] = []
    consumer = FakeConsumer(partitions, log)
    producer = FakeProducer(log)
    processor = FakeProcessor(log)
    sleeps: list[float] = []
    settings = IngestSettings(batch_size=batch_size, backoff_initial_s=0.5, backoff_max_s=2.0)
    worker = IngestWorker(
        settings,
        processor,
        consumer_factory=lambda s: consumer,
        producer_factory=lambda s: producer,
        sleep=sleeps.append,
    )
    return Rig(worker, consumer, producer, processor, log, sleeps)


def test_commit_only_after_db_commit_and_flush() -> None:
    rig = make({0: [b"1", b"2"], 1: [b"3", b"garbage!"]}, batch_size=10)
    assert rig.worker.run_once() == 4
    assert rig.log == ["poll:4", "db-commit:4", "flush", "commit:0=2,1=2"]
    topics = [t for t, *_ in rig.producer.sent]
    assert topics.count("ijw.retour") == 3
    assert topics.count("ijw.gevalideerd") == 4
    assert topics.count("ijw.berichten.dlq") == 1
    published = rig.worker.metrics.registry.get_sample_value
    assert [
        published("ijw_ingest_published_total", {"topic": t})
        for t in ("ijw.retour", "ijw.gevalideerd", "ijw.berichten.dlq")
    ] == [3, 4, 1]
    dlq = next(s for s in rig.producer.sent if s[0] == "ijw.berichten.dlq")
    assert dlq[2] == b"garbage!" and dlq[3][HEADER_REASON].startswith(b"PARSE-SYNTAX")
    retour = next(s for s in rig.producer.sent if s[0] == "ijw.retour")
    assert (
        retour[1] == b"k" and HEADER_RETOUR_ID in retour[3] and retour[3][HEADER_BERICHT] == b"0384/JW301/1"
    )


def test_result_event_has_codes_but_no_content() -> None:
    rig = make({0: [b"1"]})
    rig.worker.run_once()
    event = json.loads(next(s for s in rig.producer.sent if s[0] == "ijw.gevalideerd")[2])
    assert event["status"] == "stored" and event["message"] == "JW301" and event["xsd_valid"] is True
    assert event["findings"] == [{"rule": "TR101", "retourcode": "9101", "severity": "error"}]
    assert "999900006" not in json.dumps(event)


def test_database_error_retries_the_same_batch_without_commit() -> None:
    rig = make({0: [b"1", b"2", b"3", b"4"]})
    rig.processor.fail = 3
    for _ in range(3):
        assert rig.worker.run_once() == 0
    assert rig.consumer.committed == {}
    assert rig.log.count("seek:0:0") == 3
    assert rig.sleeps == [0.5, 1.0, 2.0]  # exponential, capped at backoff_max_s
    assert rig.worker.run_once() == 3
    assert rig.consumer.committed == {TopicPartition(TOPIC, 0): 3}
    assert rig.worker.run_once() == 1
    assert rig.consumer.committed == {TopicPartition(TOPIC, 0): 4}
    assert len(rig.processor.stored) == 4
    assert rig.worker.metrics.errors.labels("database")._value.get() == 3


def test_failed_publish_is_retried_and_nothing_committed() -> None:
    rig = make({0: [b"1", b"2"]})
    rig.producer.fail_next = 1
    assert rig.worker.run_once() == 0
    assert rig.consumer.committed == {} and rig.log[-1] == "seek:0:0"
    # The retry finds the messages stored already: duplicates, outputs published again (at least once).
    assert rig.worker.run_once() == 2
    assert rig.consumer.committed == {TopicPartition(TOPIC, 0): 2}
    assert rig.worker.stats.by_status == {"duplicate": 2}


def test_failed_commit_is_retried() -> None:
    rig = make({0: [b"1"]})
    rig.consumer.fail_commit = 1
    assert rig.worker.run_once() == 0
    assert rig.worker.run_once() == 1
    assert rig.consumer.committed == {TopicPartition(TOPIC, 0): 1}
    assert rig.sleeps == [0.5]


def test_stop_closes_consumer_without_commit() -> None:
    rig = make({0: [b"1", b"2"]})
    rig.worker.stop()
    stats = rig.worker.run()
    assert rig.consumer.closed and rig.consumer.committed == {} and stats.records == 0


def test_run_until_idle_processes_everything() -> None:
    values = {p: [f"{p}-{i}".encode() for i in range(10)] for p in range(3)}
    rig = make(values, batch_size=4)
    stats = rig.worker.run(max_idle_polls=1)
    assert stats.records == 30 and len(rig.processor.stored) == 30
    assert rig.consumer.committed == {TopicPartition(TOPIC, p): 10 for p in range(3)}
    assert rig.worker.metrics.lag.labels("0")._value.get() == 0


@pytest.mark.parametrize(("attempt", "delay"), [(0, 0.5), (3, 4.0), (10, 30.0), (1000, 30.0)])
def test_backoff_is_capped(attempt: int, delay: float) -> None:
    assert backoff_delay(attempt, 0.5, 30.0) == delay


def test_metrics_are_served_on_loopback() -> None:
    import urllib.request

    from ijw.broker import free_port
    from services.ingest.observability import start_metrics_server

    rig = make({0: [b"1", b"2", b"garbage"]}, batch_size=10)
    rig.worker.run_once()
    port = free_port()
    stop = start_metrics_server(rig.worker.metrics, port)
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            body = response.read().decode()
    finally:
        stop()
    assert "ijw_ingest_messages_in_total 3.0" in body
    assert 'ijw_ingest_messages_total{status="rejected"} 1.0' in body
    assert 'ijw_ingest_messages_by_type_total{message="JW301"} 2.0' in body
    assert 'ijw_ingest_validity_total{valid="false"} 2.0' in body
    assert "ijw_ingest_batch_processing_seconds_count 1.0" in body
    assert 'ijw_ingest_consumer_lag{partition="0"} 0.0' in body


def test_log_lines_are_json_without_message_content(caplog: pytest.LogCaptureFixture) -> None:
    from services.ingest.observability import JsonLogFormatter

    rig = make({0: [b"1", b"garbage"]}, batch_size=10)
    with caplog.at_level("INFO"):
        rig.worker.run(max_idle_polls=1)
    formatter = JsonLogFormatter()
    lines = [formatter.format(r) for r in caplog.records]
    assert lines and all(json.loads(line)["msg"] for line in lines)
    assert not any("999900006" in line for line in lines)


def test_undecodable_records_not_located_reopen_the_consumer_and_turn_unhealthy() -> None:
    """kafka-python loops forever when polled again at an undecodable batch (issue 19): a worker that cannot
    locate the batch drops its consumer (committing nothing) and says why it is unhealthy."""
    rig = make({0: [b"1"]})
    opened: list[FakeConsumer] = []

    def consumer_factory(settings: IngestSettings) -> FakeConsumer:
        opened.append(rig.consumer)
        return rig.consumer

    rig.worker._consumer_factory = consumer_factory

    def poll(timeout_ms: int = 0, max_records: int | None = None) -> dict[TopicPartition, list[Rec]]:
        raise RuntimeError("LZ4F_decompress failed")  # what a codec library raises, not a KafkaError

    rig.consumer.poll = poll  # type: ignore[method-assign]
    assert rig.worker.run_once() == 0
    assert rig.consumer.closed and rig.consumer.committed == {} and rig.sleeps == [0.5]
    assert rig.worker.liveness.reason is not None
    assert rig.worker.liveness.reason.startswith("the Kafka client cannot decode fetched records")
    assert "RuntimeError: LZ4F_decompress failed" in rig.worker.liveness.reason
    assert rig.worker.metrics.errors.labels("undecodable")._value.get() == 1
    rig.worker.run_once()
    assert len(opened) == 2  # a new consumer for the next cycle

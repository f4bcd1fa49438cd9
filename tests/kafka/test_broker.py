"""The embedded broker and the worker loop against it (with an in-test processor)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from kafka_helpers import read_topic, run_until, settings_for
from test_worker_loop import FakeProcessor

from ijw.broker import BrokerError, EmbeddedBroker
from services.ingest.producer import make_producer, partition_key, publish_many
from services.ingest.worker import IngestWorker

pytestmark = pytest.mark.kafka


def test_missing_binary_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CALF_TANSU_BIN", str(tmp_path / "no-such-tansu"))
    with pytest.raises(BrokerError, match="cannot find the Tansu broker binary"):
        EmbeddedBroker().start()


def test_broker_listens_on_loopback_and_stops(tmp_path: Path) -> None:
    broker = EmbeddedBroker(log_path=tmp_path / "b.log").start()
    try:
        assert broker.bootstrap_servers.startswith("127.0.0.1:")
        broker.create_topics(["a", "b"], partitions=3)
        broker.create_topics(["a"], partitions=3)  # existing topics are left alone
    finally:
        broker.stop()
    assert not broker.running


def test_keys_keep_a_sender_in_one_partition(broker: EmbeddedBroker) -> None:
    examples = Path(os.environ.get("IJW_REFERENCE_DIR", Path(__file__).parents[3] / "shared" / "ijw-3.2"))
    messages = [p.read_bytes() for p in sorted((examples / "examples").glob("*.xml"))] or [b"x"]
    producer = make_producer(broker.bootstrap_servers)
    publish_many(producer, "ijw.berichten", messages * 3)
    producer.close()
    records = read_topic(broker.bootstrap_servers, "ijw.berichten")
    assert len(records) == len(messages) * 3
    partitions: dict[bytes, set[int]] = {}
    for r in records:
        partitions.setdefault(r.key, set()).add(r.partition)
        assert r.key == partition_key(r.value).encode()
    assert all(len(p) == 1 for p in partitions.values())


def test_worker_with_fake_processor_commits_and_survives_db_errors(broker: EmbeddedBroker) -> None:
    values = [f"m{i}".encode() for i in range(300)] + [b"garbage-1", b"garbage-2"]
    producer = make_producer(broker.bootstrap_servers)
    publish_many(producer, "ijw.berichten", values)
    producer.close()
    log: list[str] = []
    processor = FakeProcessor(log)
    processor.fail = 2  # two failed attempts of the first batch
    worker = IngestWorker(settings_for(broker.bootstrap_servers, batch_size=50), processor)
    run_until(worker, len(values), timeout_s=60)
    assert worker.stats.retries == 2
    assert len(processor.stored) == 300
    assert worker.stats.by_status == {"stored": 300, "rejected": 2}
    dlq = read_topic(broker.bootstrap_servers, "ijw.berichten.dlq")
    assert sorted(r.value for r in dlq) == [b"garbage-1", b"garbage-2"]
    assert len(read_topic(broker.bootstrap_servers, "ijw.retour")) == 300
    assert len(read_topic(broker.bootstrap_servers, "ijw.gevalideerd")) == 302
    # A second worker of the same group finds nothing left: the offsets were committed.
    again = IngestWorker(settings_for(broker.bootstrap_servers, batch_size=50), FakeProcessor([]))
    try:
        for _ in range(8):
            again.run_once()
    finally:
        again.close()
    assert again.stats.records == 0

"""Interop: records from a second, independent Kafka client and from ``ijw publish``, with every codec.

The second client is confluent-kafka (librdkafka, C), which shares no code with kafka-python or the
product. Kafka defines four codecs for record batches: gzip, snappy, lz4 and zstd (the compression type
is the low three bits of the batch attributes: 1 gzip, 2 snappy, 3 lz4, 4 zstd; Kafka protocol guide,
"Record Batch"). Issue 19: a backoffice producing lz4 with librdkafka got nothing stored and a worker that
could not be stopped.
"""

from __future__ import annotations

import struct
import time
from pathlib import Path
from typing import Any

import confluent_kafka  # a dev dependency: the interop tests never skip
import pytest
from kafka_helpers import read_topic, run_until, settings_for
from test_pipeline import corpus, sha, stored_hashes
from typer.testing import CliRunner

from ijw.broker import EmbeddedBroker
from ijw.db import make_engine
from services.ingest.processing import IngestProcessor
from services.ingest.producer import partition_key
from services.ingest.rawfetch import RawFetcher, split_entries
from services.ingest.worker import IngestWorker

pytestmark = pytest.mark.kafka

CODES = {"gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}  # the protocol guide's compression codes
TOPIC = "ijw.berichten"


def produce_with_librdkafka(bootstrap: str, messages: list[bytes], codec: str) -> None:
    """Every message with its partition key and two headers, compressed with ``codec`` by librdkafka."""
    producer = confluent_kafka.Producer(
        {"bootstrap.servers": bootstrap, "compression.type": codec, "linger.ms": 50, "acks": "all"}
    )
    errors: list[Any] = []
    for i, data in enumerate(messages):
        producer.produce(
            TOPIC,
            value=data,
            key=partition_key(data).encode(),
            headers=[("backoffice", b"bo-7"), ("sequence", str(i).encode())],
            on_delivery=lambda err, msg: errors.append(err) if err is not None else None,
        )
    assert producer.flush(60) == 0, "librdkafka did not deliver everything"
    assert not errors, errors


def batch_codes(bootstrap: str, partitions: int) -> set[int]:
    """The compression codes of every record batch on the topic, read from the raw batch headers.

    Record batch v2: baseOffset int64, batchLength int32, partitionLeaderEpoch int32, magic int8, crc
    int32, attributes int16 (bytes 21–22 of the entry); compression = attributes & 0x07.
    """
    codes: set[int] = set()
    with RawFetcher(bootstrap) as raw:
        for p in range(partitions):
            for entry in split_entries(raw.fetch(TOPIC, p, 0, 16 * 1024 * 1024)):
                assert entry[16] == 2, "not a v2 record batch"
                codes.add(struct.unpack_from(">h", entry, 21)[0] & 0x07)
    return codes


def consume_all(bootstrap: str, sqlite_url: str, count: int) -> tuple[IngestWorker, Any]:
    engine = make_engine(sqlite_url)
    worker = IngestWorker(settings_for(bootstrap, batch_size=100), IngestProcessor(engine))
    run_until(worker, count, timeout_s=120)
    return worker, engine


@pytest.fixture(scope="module")
def messages() -> list[bytes]:
    return corpus(seed=19, per_type=25)[:300]


@pytest.mark.parametrize("codec", ["gzip", "snappy", "lz4", "zstd"])
def test_librdkafka_producer_every_codec(
    broker: EmbeddedBroker, sqlite_url: str, messages: list[bytes], codec: str
) -> None:
    produce_with_librdkafka(broker.bootstrap_servers, messages, codec)
    assert batch_codes(broker.bootstrap_servers, 4) == {CODES[codec]}
    worker, engine = consume_all(broker.bootstrap_servers, sqlite_url, len(messages))
    hashes = stored_hashes(engine)
    assert set(hashes) == {sha(m) for m in messages} and set(hashes.values()) == {1}, "not stored once each"
    assert worker.stats.retries == 0 and sum(worker.stats.by_status.values()) == len(messages)
    # The outputs keep the incoming key, and librdkafka reads what the worker produced (lz4 by default).
    keys = {sha(m): partition_key(m).encode() for m in messages}
    events = read_with_librdkafka(broker.bootstrap_servers, "ijw.gevalideerd", len(messages))
    assert len(events) == len(messages)
    for key, headers in events:
        assert key == keys[headers["ijw-content-sha256"].decode()]


def read_with_librdkafka(bootstrap: str, topic: str, count: int) -> list[tuple[bytes, dict[str, bytes]]]:
    consumer = confluent_kafka.Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"interop-{time.monotonic_ns()}",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    # Assigned, not subscribed: librdkafka's group join on the embedded broker takes about 20 s.
    consumer.assign(
        [confluent_kafka.TopicPartition(topic, p, confluent_kafka.OFFSET_BEGINNING) for p in range(4)]
    )
    out: list[tuple[bytes, dict[str, bytes]]] = []
    deadline = time.monotonic() + 90
    try:
        while len(out) < count and time.monotonic() < deadline:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            assert msg.error() is None, msg.error()
            out.append((msg.key(), dict(msg.headers() or [])))
    finally:
        consumer.close()
    return out


@pytest.mark.parametrize("codec", [None, "gzip", "snappy", "zstd", "none"])
def test_ijw_publish_every_codec(
    broker: EmbeddedBroker, sqlite_url: str, messages: list[bytes], codec: str | None, tmp_path: Path
) -> None:
    from ijw_app.cli.main import app

    folder = tmp_path / "berichten"
    folder.mkdir()
    subset = messages[:120]
    for i, data in enumerate(subset):
        (folder / f"{i:04d}.xml").write_bytes(data)
    args = ["publish", str(folder), "--bootstrap", broker.bootstrap_servers]
    if codec is not None:
        args += ["--compression", codec]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    expected = {None: CODES["lz4"], "none": 0}.get(codec, CODES.get(codec or "", -1))
    assert batch_codes(broker.bootstrap_servers, 4) == {expected}
    _, engine = consume_all(broker.bootstrap_servers, sqlite_url, len(subset))
    hashes = stored_hashes(engine)
    assert set(hashes) == {sha(m) for m in subset} and set(hashes.values()) == {1}


def test_ijw_publish_refuses_an_unknown_codec(tmp_path: Path) -> None:
    from ijw_app.cli.main import app

    (tmp_path / "a.xml").write_bytes(b"<x/>")
    result = CliRunner().invoke(app, ["publish", str(tmp_path), "--compression", "brotli"])
    assert result.exit_code == 2
    assert "--compression brotli" in result.output


def test_undecodable_batches_go_to_the_dead_letter_topic(
    broker: EmbeddedBroker, sqlite_url: str, messages: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker without the lz4 library (the issue's worker): lz4 batches become dead letters holding the
    batch bytes, everything else is stored, and the worker neither stalls nor hangs."""
    import kafka.codec
    from kafka.record import MemoryRecords

    gzip_part, lz4_part, tail = messages[:100], messages[100:200], messages[200:260]
    produce_with_librdkafka(broker.bootstrap_servers, gzip_part, "gzip")
    produce_with_librdkafka(broker.bootstrap_servers, lz4_part, "lz4")
    produce_with_librdkafka(broker.bootstrap_servers, tail, "gzip")
    monkeypatch.setattr(kafka.codec, "has_lz4", lambda: False)

    engine = make_engine(sqlite_url)
    # Its own outputs are gzip: it has no lz4 to compress them with either.
    settings = settings_for(broker.bootstrap_servers, batch_size=100, compression_type="gzip")
    worker = IngestWorker(settings, IngestProcessor(engine))
    stored_target = {sha(m) for m in gzip_part + tail}
    produced = len(gzip_part) + len(lz4_part) + len(tail)
    deadline = time.monotonic() + 120
    try:
        while set(stored_hashes(engine)) != stored_target or sum(worker.stats.committed.values()) < produced:
            assert time.monotonic() < deadline, f"stuck: {worker.stats}"
            worker.run_once()
    finally:
        worker.close()
    assert set(stored_hashes(engine)) == stored_target
    undecodable = worker.metrics.undecodable.labels("lz4")._value.get()
    assert undecodable >= 1

    monkeypatch.undo()  # the operator installs the library: the dead letters decode to the messages
    dlq = read_topic(broker.bootstrap_servers, "ijw.berichten.dlq")
    dead = [r for r in dlq if dict(r.headers)["ijw-rejection-code"] == b"UNDECODABLE"]
    assert len(dead) == undecodable
    recovered: list[bytes] = []
    for rec in dead:
        headers = dict(rec.headers)
        assert headers["ijw-kafka-codec"] == b"lz4"
        assert headers["ijw-rejection-reason"].startswith(b"UNDECODABLE: UnsupportedCodecError")
        assert headers["ijw-kafka-batch"].startswith(b"ijw.berichten/")
        batch = MemoryRecords(rec.value).next_batch()
        recovered.extend(r.value for r in batch)
    assert sorted(recovered) == sorted(lz4_part)

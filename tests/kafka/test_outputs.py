"""The worker's output producer on librdkafka (``services.ingest.outputs``, issue 17), on the embedded broker:
records arrive with their key, value and headers, on the partition kafka-python's default partitioner
(murmur2, as the Java client) gives the same key, and a broker that does not answer surfaces as
kafka-python's errors, so the worker commits nothing.
"""

from __future__ import annotations

import pytest
from kafka.errors import KafkaError, KafkaTimeoutError
from kafka.partitioner.default import murmur2
from kafka_helpers import read_topic

from ijw.broker import EmbeddedBroker, free_port
from services.ingest.outputs import OutputProducer

pytestmark = pytest.mark.kafka


def test_records_arrive_with_key_headers_and_the_java_partition(broker: EmbeddedBroker) -> None:
    producer = OutputProducer(broker.bootstrap_servers)
    keys = [f"0384/{10000000 + i}".encode() for i in range(40)]
    sent = [
        producer.send("ijw.retour", value=b"<retour %d/>" % i, key=key, headers=[("ijw-bericht", key)])
        for i, key in enumerate(keys)
    ]
    sent.append(producer.send("ijw.retour", value=b"no key", key=None, headers=[]))
    producer.flush(10)
    for delivery in sent:
        delivery.get(timeout=0)
    producer.close(5)

    records = read_topic(broker.bootstrap_servers, "ijw.retour")
    assert len(records) == len(sent)
    for rec in records:
        if rec.key is None:
            assert rec.value == b"no key"
            continue
        i = keys.index(rec.key)
        assert rec.value == b"<retour %d/>" % i
        assert dict(rec.headers) == {"ijw-bericht": rec.key}
        assert rec.partition == (murmur2(rec.key) & 0x7FFFFFFF) % 4  # kafka-python's keyed partition
    assert len({rec.partition for rec in records}) > 1


def test_an_unreachable_broker_fails_the_flush_and_the_records() -> None:
    producer = OutputProducer(f"127.0.0.1:{free_port()}")
    delivery = producer.send("ijw.retour", value=b"<retour/>", key=b"k")
    with pytest.raises(KafkaTimeoutError):
        producer.flush(1.0)
    with pytest.raises(KafkaError):
        delivery.get(timeout=0)
    producer.close(0.5)

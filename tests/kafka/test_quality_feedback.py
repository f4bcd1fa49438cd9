"""The quality service's feedback topic on a real (embedded) Kafka-protocol broker: every finding once,
keyed by the aanbieder's AGB code, without BSN; a second run announces nothing already announced."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kafka_helpers import read_topic

from ijw.broker import EmbeddedBroker
from ijw.db import make_engine, migrate
from services.ingest.producer import make_producer
from services.quality.feedback import TOPIC, publish_feedback

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "quality"))
from builder import BSN, OTHER_BSN, P, Traffic

D = __import__("datetime").date


def test_feedback_events_keyed_by_agb_once(broker: EmbeddedBroker, tmp_path: Path) -> None:
    broker.create_topics([TOPIC], partitions=2)
    url = f"sqlite:///{tmp_path / 'q.sqlite'}"
    migrate(url)
    engine = make_engine(url)
    producer = make_producer(broker.bootstrap_servers)
    try:
        mine = Traffic(engine, aanbieder="12345678")
        other = Traffic(engine, aanbieder="87654321")
        for t in (mine, other):
            t.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), eind=D(2025, 6, 30))
            t.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
        mine.jw305(D(2025, 3, 10), 1001, D(2025, 3, 10))  # TR326
        other.jw323(
            D(2025, 4, 3),
            (D(2025, 3, 1), D(2025, 3, 31)),
            [P("R1", 1001, D(2025, 3, 1), D(2025, 3, 31), bsn=OTHER_BSN)],
        )
        mine.run(as_of=D(2025, 4, 4))
        assert publish_feedback(engine, producer) == 2
        mine.run(as_of=D(2025, 4, 4))
        assert publish_feedback(engine, producer) == 0
    finally:
        producer.close()
        engine.dispose()
    records = read_topic(broker.bootstrap_servers, TOPIC)
    events = {(r.key.decode(), json.loads(r.value)["check"]) for r in records}
    assert events == {("12345678", "TR326"), ("87654321", "TR304")}
    assert len(records) == 2
    for r in records:
        event = json.loads(r.value)
        assert event["aanbieder"] == r.key.decode()
        assert BSN not in r.value.decode() and OTHER_BSN not in r.value.decode()

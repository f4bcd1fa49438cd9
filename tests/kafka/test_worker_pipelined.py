"""The worker loop when the processor has a pool (issue 17): the next batch is prepared while the one
before is stored, and the delivery guarantee holds as without a pool (in-memory fakes, as in
``test_worker_loop.py``): a batch's offsets are committed only after its database commit and its outputs;
a failure gives back both the batch being stored and the one being prepared; a partition taken away
meanwhile is not committed; stopping finishes the batch in hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kafka.structs import TopicPartition
from test_worker_loop import TOPIC, FakeConsumer, FakeProcessor, FakeProducer

from services.ingest.contracts import IncomingMessage, IngestOutcome
from services.ingest.settings import IngestSettings
from services.ingest.worker import IngestWorker


class PooledProcessor(FakeProcessor):
    """Preparation and storage split as in ``IngestProcessor`` with a pool; each step is logged."""

    pool = object()

    def prepare_async(self, items: Sequence[IncomingMessage]) -> Callable[[], list[Any]]:
        self.log.append(f"prepare:{','.join(i.data.decode() for i in items)}")
        return lambda: list(items)

    def store_batch(self, prepared: list[Any]) -> list[IngestOutcome]:
        return self.process_batch(prepared)


def rig(
    partitions: dict[int, list[bytes]], batch_size: int = 2
) -> tuple[IngestWorker, FakeConsumer, FakeProducer, PooledProcessor, list[str]]:
    log: list[str] = []
    consumer = FakeConsumer(partitions, log)
    producer = FakeProducer(log)
    processor = PooledProcessor(log)
    worker = IngestWorker(
        IngestSettings(batch_size=batch_size, backoff_initial_s=0.5, backoff_max_s=2.0),
        processor,
        consumer_factory=lambda s: consumer,
        producer_factory=lambda s: producer,
        sleep=lambda s: None,
    )
    assert worker.pipelined
    return worker, consumer, producer, processor, log


def test_the_next_batch_is_prepared_before_the_one_in_hand_is_stored_and_committed() -> None:
    worker, consumer, _, processor, log = rig({0: [b"1", b"2", b"3", b"4"]})
    assert worker.run_once() == 0  # the first batch is only taken
    assert consumer.committed == {}
    assert worker.run_once() == 2
    assert log == [
        "poll:2",
        "prepare:1,2",
        "poll:2",
        "prepare:3,4",
        "db-commit:2",
        "flush",
        "commit:0=2",
    ]
    assert worker.run_once() == 2  # nothing new: the batch in hand is finished
    assert consumer.committed == {TopicPartition(TOPIC, 0): 4}
    assert len(processor.stored) == 4


def test_a_failed_store_gives_back_both_batches_and_stores_everything_once() -> None:
    worker, consumer, producer, processor, log = rig({0: [b"1", b"2", b"3"], 1: [b"4"]}, batch_size=2)
    worker.run_once()  # takes 1,2
    processor.fail = 1
    assert worker.run_once() == 0  # takes 3,4 (the second on partition 1); storing 1,2 fails
    assert consumer.committed == {}
    assert "seek:0:0" in log and "seek:1:0" in log  # both batches given back
    stats = worker.run(max_idle_polls=2)
    assert sorted(processor.stored) == [b"1", b"2", b"3", b"4"]
    assert consumer.committed == {TopicPartition(TOPIC, 0): 3, TopicPartition(TOPIC, 1): 1}
    assert stats.by_status == {"stored": 4}
    assert sum(1 for topic, *_ in producer.sent if topic == "ijw.gevalideerd") == 4


def test_a_partition_taken_away_meanwhile_is_not_committed() -> None:
    worker, consumer, _, processor, _ = rig({0: [b"1"], 1: [b"2"]}, batch_size=2)
    worker.run_once()  # takes 1 and 2
    consumer.positions.pop(TopicPartition(TOPIC, 1))  # a rebalance gives partition 1 to another worker
    assert worker.run_once() == 2
    assert consumer.committed == {TopicPartition(TOPIC, 0): 1}  # its new owner gets 2 as a duplicate
    assert sorted(processor.stored) == [b"1", b"2"]


def test_stopping_finishes_the_batch_in_hand() -> None:
    worker, consumer, _, processor, _ = rig({0: [b"1", b"2"]})
    worker.run_once()
    worker.stop()
    worker.run()
    assert consumer.committed == {TopicPartition(TOPIC, 0): 2}
    assert consumer.closed and len(processor.stored) == 2


def test_a_failing_poll_finishes_the_batch_in_hand_first() -> None:
    worker, consumer, _, processor, _ = rig({0: [b"1", b"2"]})
    worker.run_once()
    original = consumer.poll

    def broken(timeout_ms: int = 0, max_records: int | None = None) -> Any:
        consumer.poll = original  # type: ignore[method-assign]
        raise OSError("connection reset")

    consumer.poll = broken  # type: ignore[method-assign]
    assert worker.run_once() == 2
    assert consumer.committed == {TopicPartition(TOPIC, 0): 2}
    assert len(processor.stored) == 2


def test_a_poll_while_a_batch_is_in_hand_waits_only_briefly() -> None:
    """The batch in hand is stored when the next poll returns: with nothing new on the topic that poll
    must not hold it back a whole ``poll_timeout_ms`` (the last batch of a burst waited 1 s)."""
    worker, consumer, _, _, _ = rig({0: [b"1", b"2"]})
    worker.settings = IngestSettings(batch_size=2, poll_timeout_ms=5000, poll_in_hand_ms=40)
    asked: list[int] = []
    original = consumer.poll

    def recording(timeout_ms: int = 0, max_records: int | None = None) -> Any:
        asked.append(timeout_ms)
        return original(timeout_ms, max_records)

    consumer.poll = recording  # type: ignore[method-assign]
    worker.run_once()  # nothing in hand: a full poll
    assert worker.run_once() == 2  # 1,2 in hand: a short poll, then stored
    worker.run_once()  # nothing in hand again
    assert asked == [5000, 40, 5000]

"""The Kafka ingest worker: ``ijw.berichten`` → database → ``ijw.retour`` / ``ijw.gevalideerd`` / DLQ.

One cycle of the loop:

1. ``poll()`` a batch of at most ``batch_size`` records (consumer group, auto-commit off);
2. hand it to the processor (``IngestProcessor.process_batch``): one database transaction, idempotent;
3. publish, per record: the retour message to ``ijw.retour`` (same key as the incoming record), a JSON
   result event to ``ijw.gevalideerd``, and rejected input (raw bytes plus a reason header) to
   ``ijw.berichten.dlq``;
4. ``producer.flush()`` and check every send;
5. ``consumer.commit()`` of exactly the processed offsets (last offset + 1 per partition).

Delivery guarantees
-------------------
* **Input: nothing lost, nothing stored twice.** The offset of a record is committed only after the
  database transaction that stored it and after every output of its batch was acknowledged by the broker.
  A crash anywhere before the commit makes the group redeliver the batch; the processor recognises the
  messages it stored already (afzender + berichtsoort + identificatie + content hash) and reports them as
  ``duplicate`` without writing them again.
* **Outputs: at least once.** A crash between the database commit and the offset commit re-publishes the
  batch's outputs. Every output record carries deterministic identity headers so consumers can dedupe:
  ``ijw-bericht`` (``<afzender>/<berichtsoort>/<identificatie>`` of the heenbericht),
  ``ijw-content-sha256`` (hash of the incoming bytes) and, on retour records, ``ijw-retour-id``
  (``sha256`` of heenbericht key + content hash: one retour per heenbericht, the same id on every
  re-publication). The result event carries ``bericht`` and ``content_sha256`` in its JSON body.
* **Errors.** A database or broker error (or any unexpected error) abandons the batch uncommitted, seeks the
  consumer back to the batch's first offsets, waits (exponential back-off, capped) and polls the same
  records again: the pipeline stalls rather than skipping a message. The back-off (at most
  ``backoff_max_s``) stays far below ``max_poll_interval_ms`` and kafka-python heartbeats from a background
  thread, so the consumer keeps its partitions meanwhile. A batch that fails every time (a processor bug)
  therefore holds its partitions until the bug is fixed; ``ijw_ingest_errors_total`` and the ``batch failed,
  retrying`` log lines (error type and code location, no content) show it.
* **Undecodable records.** A record batch the Kafka client cannot decode (an unknown codec, a CRC mismatch,
  corrupt compressed data) is located with a raw fetch (:mod:`services.ingest.rawfetch`), published as it
  is stored by the broker to the dead-letter topic (reason ``UNDECODABLE``, its partition and offsets in
  headers), counted in ``ijw_ingest_undecodable_batches_total`` and logged with topic, partition and
  offsets; then its offsets are committed and consumption goes on behind it. When the batch cannot be
  located, the worker reopens its consumer and turns unhealthy with the reason instead of sitting idle.
* **Shutdown.** SIGTERM/SIGINT (see :meth:`IngestWorker.install_signal_handlers`) lets the batch in hand
  finish (or, while backing off, abandons it uncommitted) and closes the consumer without auto-commit, all
  within ``shutdown_timeout_s`` (10 s): past that the process exits at once (code 70), which loses nothing
  because no offset is ever committed before its batch is stored.
* **Liveness.** Assigned partitions, the group's lag per partition and a health verdict
  (:mod:`services.ingest.liveness`) are exported; ``/health`` on the metrics port answers 503 with the
  reason when the worker makes no progress while records wait, and with ``unhealthy_exit_s`` set the worker
  exits (code 75) after being unhealthy that long, so that its restart policy restarts it.

Logs are JSON lines with counts, partition offsets, message keys and finding *codes* only: never a BSN,
name or other message content (finding texts can quote values, so they are not logged).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, Protocol, cast

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from ijw.db.blobs import sha256_hex
from services.ingest.contracts import IncomingMessage, IngestOutcome
from services.ingest.lag import GroupLagProbe
from services.ingest.liveness import Liveness
from services.ingest.rawfetch import RawFetcher, UndecodableBatch, describe, undecodable_at
from services.ingest.settings import IngestSettings

log = logging.getLogger("ijw.ingest.worker")

HEADER_BERICHT = "ijw-bericht"
HEADER_CONTENT = "ijw-content-sha256"
HEADER_RETOUR_ID = "ijw-retour-id"
HEADER_SOURCE = "ijw-source"
HEADER_REASON = "ijw-rejection-reason"
HEADER_REASON_CODE = "ijw-rejection-code"
#: On dead letters of undecodable batches: ``<topic>/<partition>/<base offset>-<last offset>``, the codec
#: and the first offset the worker had not processed yet.
HEADER_KAFKA_BATCH = "ijw-kafka-batch"
HEADER_KAFKA_CODEC = "ijw-kafka-codec"
HEADER_KAFKA_POSITION = "ijw-kafka-position"
UNDECODABLE = "UNDECODABLE"

#: Exit codes of ``ijw worker`` besides 0: the shutdown deadline passed; unhealthy for too long.
EXIT_FORCED = 70
EXIT_UNHEALTHY = 75
#: Largest record batch the worker reads (also its consumer's ``max_partition_fetch_bytes``).
MAX_FETCH_BYTES = 16 * 1024 * 1024


class BatchProcessor(Protocol):
    """What the worker needs from ``services.ingest.processing.IngestProcessor``."""

    def process_batch(self, items: Sequence[IncomingMessage]) -> list[IngestOutcome]: ...


class PipelinedProcessor(BatchProcessor, Protocol):
    """A processor that prepares a batch in a pool of processes while the worker stores the one before."""

    def prepare_async(self, items: Sequence[IncomingMessage]) -> Callable[[], list[Any]]: ...

    def store_batch(self, prepared: list[Any]) -> list[IngestOutcome]: ...


@dataclass
class _InHand:
    """A polled batch whose preparation runs in the processor's pool while the batch before it is stored."""

    records: list[Any]
    items: list[IncomingMessage]
    firsts: dict[Any, int]
    nexts: dict[Any, int]
    prepared: Callable[[], list[Any]]
    started: float


class IngestMetrics:
    """Prometheus metrics of one worker (own registry, so several workers can live in one process)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.messages_in = Counter(
            "ijw_ingest_messages_in", "Records consumed from the incoming topic", registry=r
        )
        self.by_status = Counter(
            "ijw_ingest_messages", "Processed messages by outcome status", ["status"], registry=r
        )
        self.by_type = Counter(
            "ijw_ingest_messages_by_type", "Processed messages by message type", ["message"], registry=r
        )
        self.validity = Counter(
            "ijw_ingest_validity",
            "Stored messages by verdict (valid: XSD-valid, no error)",
            ["valid"],
            registry=r,
        )
        self.processing_seconds = Histogram(
            "ijw_ingest_batch_processing_seconds",
            "Time from poll to offset commit per batch",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=r,
        )
        self.batch_size = Histogram(
            "ijw_ingest_batch_size",
            "Records per batch",
            buckets=(1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000),
            registry=r,
        )
        self.lag = Gauge(
            "ijw_ingest_consumer_lag", "Records behind the high watermark", ["partition"], registry=r
        )
        self.errors = Counter("ijw_ingest_errors", "Failed batch attempts by kind", ["kind"], registry=r)
        self.published = Counter("ijw_ingest_published", "Records published by topic", ["topic"], registry=r)
        self.assigned = Gauge(
            "ijw_ingest_assigned_partitions", "Partitions assigned to this worker", registry=r
        )
        self.group_lag = Gauge(
            "ijw_ingest_group_lag", "Records of the topic not yet committed by the group", registry=r
        )
        self.healthy = Gauge("ijw_ingest_healthy", "1 while the worker makes progress, else 0", registry=r)
        self.undecodable = Counter(
            "ijw_ingest_undecodable_batches",
            "Record batches the client could not decode, sent to the dead-letter topic",
            ["codec"],
            registry=r,
        )


@dataclass
class WorkerStats:
    """Running totals, for tests, the benchmark and the shutdown log line."""

    batches: int = 0
    records: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    retries: int = 0
    committed: dict[tuple[str, int], int] = field(default_factory=dict)


def backoff_delay(attempt: int, initial: float, cap: float) -> float:
    """Exponential back-off: ``initial * 2**attempt``, at most ``cap`` seconds.

    >>> [backoff_delay(a, 0.5, 4.0) for a in range(5)]
    [0.5, 1.0, 2.0, 4.0, 4.0]
    """
    return float(min(cap, initial * (2 ** min(attempt, 30))))


def retour_id(bericht_key: str | None, digest: str) -> str:
    """The deterministic identity of the retour to one heenbericht (the same on every re-publication)."""
    return hashlib.sha256(f"retour\x00{bericht_key or ''}\x00{digest}".encode()).hexdigest()


def result_event(outcome: IngestOutcome, source: str, digest: str) -> dict[str, Any]:
    """The JSON event on ``ijw.gevalideerd``: verdict and finding codes, never message content."""
    return {
        "source": source,
        "content_sha256": digest,
        "bericht": outcome.key,
        "bericht_id": outcome.bericht_id,
        "message": outcome.message,
        "status": outcome.status,
        "xsd_valid": outcome.xsd_valid,
        "valid": outcome.status != "rejected"
        and outcome.xsd_valid
        and not any(f.is_error for f in outcome.findings),
        "retour": outcome.retour is not None,
        "findings": [
            {"rule": f.rule, "retourcode": f.retourcode, "severity": f.severity} for f in outcome.findings
        ],
        "rejection_code": _rejection_code(outcome.rejection) if outcome.status == "rejected" else None,
    }


def _rejection_code(reason: str | None) -> str | None:
    if not reason:
        return None
    head = reason.split(":", 1)[0].strip()
    return head if head and head.replace("-", "").isalnum() and head.upper() == head else "REJECTED"


class IngestWorker:
    """Consumes ``topic_berichten`` as a member of ``group_id`` and processes it batch by batch.

    ``consumer_factory``/``producer_factory`` exist for tests; by default kafka-python clients are built
    from ``settings``. Call :meth:`run` (blocks until :meth:`stop`) or :meth:`run_once` (one poll).
    """

    def __init__(
        self,
        settings: IngestSettings,
        processor: BatchProcessor,
        metrics: IngestMetrics | None = None,
        consumer_factory: Callable[[IngestSettings], Any] | None = None,
        producer_factory: Callable[[IngestSettings], Any] | None = None,
        sleep: Callable[[float], None] | None = None,
        pipeline: bool | None = None,
    ) -> None:
        self.settings = settings
        self.processor = processor
        #: Prepare the next batch in the processor's pool while storing this one (default: when the
        #: processor has a pool; see :meth:`_step`).
        self.pipelined = (
            pipeline
            if pipeline is not None
            else getattr(processor, "pool", None) is not None and hasattr(processor, "prepare_async")
        )
        self._in_hand: _InHand | None = None
        self.metrics = metrics or IngestMetrics()
        self.stats = WorkerStats()
        self._consumer_factory = consumer_factory or _kafka_consumer
        self._producer_factory = producer_factory or _kafka_producer
        self._stop = threading.Event()
        self._sleep = sleep
        self._consumer: Any = None
        self._producer: Any = None
        self._attempt = 0
        self._deadline: float | None = None
        self.liveness = Liveness(settings.stall_timeout_s, time.monotonic())
        self.metrics.healthy.set(1)
        self._next_lag_check = 0.0
        self._group_lag: int | None = None
        self._group_committed: int | None = None
        self._lag_probe: GroupLagProbe | None = None
        #: The process exit code the loop asks for (0, or EXIT_UNHEALTHY when it gave up).
        self.exit_code = 0

    # -- lifecycle -------------------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the loop to stop after the batch in hand (safe from signal handlers and other threads)."""
        if self._deadline is None:
            self._deadline = time.monotonic() + self.settings.shutdown_timeout_s
        self._stop.set()

    def _budget(self, normal_s: float) -> float:
        """A blocking call's timeout: ``normal_s``, or what is left of the shutdown deadline once stopping."""
        if self._deadline is None:
            return normal_s
        return max(0.1, min(normal_s, self._deadline - time.monotonic() - 1.0))

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def install_signal_handlers(self) -> None:
        """Stop gracefully on SIGTERM and SIGINT (main thread only)."""

        def handler(signum: int, frame: FrameType | None) -> None:
            log.info(
                "signal received, stopping",
                extra={"signal": signal.Signals(signum).name, "timeout_s": self.settings.shutdown_timeout_s},
            )
            first = not self.stopping
            self.stop()
            if first:  # fires a little early, so that the process is gone within the timeout
                margin = min(1.0, self.settings.shutdown_timeout_s / 10)
                watchdog = threading.Timer(self.settings.shutdown_timeout_s - margin, self._force_exit)
                watchdog.daemon = True
                watchdog.start()

        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)

    def _force_exit(self) -> None:
        """The shutdown deadline passed: exit now. Safe, since no offset is committed before its batch is
        stored; the batch in hand is redelivered to the group."""
        log.error(
            "shutdown deadline passed, exiting without waiting for the batch in hand",
            extra={"timeout_s": self.settings.shutdown_timeout_s, "exit_code": EXIT_FORCED},
        )
        for handler in logging.getLogger().handlers:
            handler.flush()
        os._exit(EXIT_FORCED)

    def open(self) -> None:
        if self._producer is None:
            self._producer = self._producer_factory(self.settings)
        if self._consumer is None:
            self._consumer = self._consumer_factory(self.settings)

    def close(self) -> None:
        """Close the clients: the consumer without committing anything, the producer after a flush."""
        consumer, self._consumer = self._consumer, None
        producer, self._producer = self._producer, None
        probe, self._lag_probe = self._lag_probe, None
        if probe is not None:
            probe.close()
        if consumer is not None:
            try:
                consumer.close(autocommit=False, timeout_ms=int(self._budget(10.0) * 1000))
            except Exception:
                log.exception("closing the consumer failed")
        if producer is not None:
            try:
                producer.close(timeout=self._budget(10.0))
            except Exception:
                log.exception("closing the producer failed")

    def run(self, max_idle_polls: int | None = None) -> WorkerStats:
        """Poll and process until :meth:`stop` (or ``max_idle_polls`` empty polls in a row, for tools)."""
        self.open()
        log.info(
            "worker started",
            extra={
                "topic": self.settings.topic_berichten,
                "group": self.settings.group_id,
                "batch_size": self.settings.batch_size,
            },
        )
        idle = 0
        try:
            while not self.stopping:
                n = self.run_once()
                idle = idle + 1 if n == 0 and self._in_hand is None else 0
                if max_idle_polls is not None and idle >= max_idle_polls:
                    break
                limit = self.settings.unhealthy_exit_s
                if limit and self.liveness.unhealthy_for(time.monotonic()) > limit:
                    log.error(
                        "unhealthy for too long, exiting so that the worker is restarted",
                        extra={"reason": self.liveness.reason, "exit_code": EXIT_UNHEALTHY},
                    )
                    self.exit_code = EXIT_UNHEALTHY
                    break
        finally:
            self._drain()
            self.close()
            log.info(
                "worker stopped",
                extra={
                    "batches": self.stats.batches,
                    "records": self.stats.records,
                    "by_status": dict(self.stats.by_status),
                    "retries": self.stats.retries,
                },
            )
        return self.stats

    # -- one cycle -------------------------------------------------------------------------------------

    def run_once(self) -> int:
        """Poll once and process what came; returns the number of records committed (0: nothing/failed)."""
        count = self._cycle()
        self._observe(count)
        return count

    def _cycle(self) -> int:
        self.open()
        consumer = self._consumer
        try:
            polled: Mapping[Any, list[Any]] = consumer.poll(
                timeout_ms=self._poll_timeout_ms(), max_records=self.settings.batch_size
            )
        except Exception as exc:
            # the batch in hand precedes what the poll failed on: it is finished (or given back) first
            if self._in_hand is not None:
                return self._step([], {}, {})
            if _is_undecodable(exc):
                self._undecodable(exc)
            else:
                self._failed("poll", exc, {})
            return 0
        records = [rec for recs in polled.values() for rec in recs]
        firsts: dict[Any, int] = {}
        nexts: dict[Any, int] = {}
        for tp, recs in polled.items():
            if recs:
                firsts[tp] = recs[0].offset
                nexts[tp] = recs[-1].offset + 1
        if self.pipelined:
            return self._step(records, firsts, nexts)
        if not records:
            return 0
        started = time.perf_counter()
        try:
            self._process(records, nexts)
        except Exception as exc:
            self._failed(_error_kind(exc), exc, firsts)
            return 0
        return self._done(records, nexts, started)

    def _poll_timeout_ms(self) -> int:
        """How long the next poll may wait: shorter while a batch is in hand, which is stored when the
        poll returns (see ``poll_in_hand_ms``)."""
        s = self.settings
        return min(s.poll_in_hand_ms, s.poll_timeout_ms) if self._in_hand is not None else s.poll_timeout_ms

    def _done(self, records: list[Any], nexts: Mapping[Any, int], started: float) -> int:
        """Book a committed batch: metrics, stats, lag; the number of its records."""
        self._attempt = 0
        elapsed = time.perf_counter() - started
        self.metrics.processing_seconds.observe(elapsed)
        self.metrics.batch_size.observe(len(records))
        self.stats.batches += 1
        self.stats.records += len(records)
        for tp, off in nexts.items():
            self.stats.committed[(tp.topic, tp.partition)] = off
        self._update_lag(nexts)
        log.debug("batch committed", extra={"records": len(records), "seconds": round(elapsed, 4)})
        return len(records)

    @staticmethod
    def _items(records: list[Any]) -> list[IncomingMessage]:
        return [
            IncomingMessage(
                data=rec.value if rec.value is not None else b"",
                source=f"kafka:{rec.topic}/{rec.partition}/{rec.offset}",
            )
            for rec in records
        ]

    def _process(self, records: list[Any], nexts: Mapping[Any, int]) -> None:
        items = self._items(records)
        self._finish(records, items, self.processor.process_batch(items), nexts)

    def _finish(
        self,
        records: list[Any],
        items: list[IncomingMessage],
        outcomes: list[IngestOutcome],
        nexts: Mapping[Any, int],
    ) -> None:
        """After the database commit: publish the outputs, wait for them, commit the offsets."""
        if len(outcomes) != len(items):
            raise RuntimeError(f"the processor returned {len(outcomes)} outcomes for {len(items)} messages")
        futures = self._publish(records, items, outcomes)
        self._settle(futures)
        if nexts:
            self._commit(nexts)
        self._count(outcomes)

    # -- pipelined: the pool prepares the next batch while this process stores the one before ----------------

    def _step(self, records: list[Any], firsts: dict[Any, int], nexts: dict[Any, int]) -> int:
        """Hand the polled ``records`` to the pool, then store, publish and commit the batch in hand.

        Offsets stay safe: a batch's offsets are committed only after it is stored and published, and
        the batch polled after it is only being prepared meanwhile. When storing fails, both are given
        back (the consumer seeks to the first offset of either per partition) and polled again. A batch
        finished after a rebalance commits only the offsets of partitions still assigned; the records of
        the others are redelivered to their new owner, which finds them stored (duplicates).
        """
        in_hand, self._in_hand = self._in_hand, None
        polled: _InHand | None = None
        if records:
            items = self._items(records)
            try:
                prepared = cast(PipelinedProcessor, self.processor).prepare_async(items)
            except Exception as exc:  # the pool cannot start: give back both batches
                self._failed(_error_kind(exc), exc, _earliest(firsts, in_hand))
                return 0
            polled = _InHand(records, items, firsts, nexts, prepared, time.perf_counter())
        count = 0
        if in_hand is not None:
            count = self._complete(in_hand, polled)
            if not count:
                return 0
        self._in_hand = polled
        return count

    def _complete(self, batch: _InHand, following: _InHand | None) -> int:
        """Store, publish and commit ``batch``; 0 when that failed (then ``following`` is given back too)."""
        try:
            outcomes = cast(PipelinedProcessor, self.processor).store_batch(batch.prepared())
            assigned = set(self._consumer.assignment())
            nexts = {tp: offset for tp, offset in batch.nexts.items() if tp in assigned}
            self._finish(batch.records, batch.items, outcomes, nexts)
        except Exception as exc:
            self._failed(_error_kind(exc), exc, _earliest(batch.firsts, following))
            return 0
        return self._done(batch.records, nexts, batch.started)

    def _drain(self) -> None:
        """On stopping: finish the batch in hand if the shutdown deadline leaves time (else it is simply
        not committed, and redelivered)."""
        in_hand, self._in_hand = self._in_hand, None
        if in_hand is None or self._consumer is None:
            return
        if (
            self._deadline is not None
            and self._deadline - time.monotonic() < self.settings.shutdown_timeout_s / 2
        ):
            log.info(
                "batch in hand abandoned uncommitted at shutdown", extra={"records": len(in_hand.records)}
            )
            return
        self._complete(in_hand, None)

    def _settle(self, futures: list[tuple[str, Any]]) -> None:
        """Wait for every send; raises the broker's error for a failed one."""
        self._producer.flush(timeout=self._budget(self.settings.session_timeout_ms / 1000 * 5))
        per_topic: dict[str, int] = {}
        for topic, future in futures:
            future.get(timeout=0)
            per_topic[topic] = per_topic.get(topic, 0) + 1
        for topic, count in per_topic.items():  # a labelled counter costs a lock and a look-up per call
            self.metrics.published.labels(topic).inc(count)

    def _commit(self, nexts: Mapping[Any, int]) -> None:
        from kafka.structs import OffsetAndMetadata

        self._consumer.commit(
            {tp: OffsetAndMetadata(off, "", -1) for tp, off in nexts.items()},
            timeout_ms=int(self._budget(self.settings.session_timeout_ms * 5 / 1000) * 1000),
        )

    def _publish(
        self, records: list[Any], items: list[IncomingMessage], outcomes: list[IngestOutcome]
    ) -> list[tuple[str, Any]]:
        s = self.settings
        producer = self._producer
        futures: list[tuple[str, Any]] = []
        for rec, item, outcome in zip(records, items, outcomes, strict=True):
            digest = outcome.content_sha256 or sha256_hex(item.data)
            key: bytes | None = rec.key
            ident: list[tuple[str, bytes]] = [
                (HEADER_CONTENT, digest.encode()),
                (HEADER_SOURCE, item.source.encode()),
            ]
            if outcome.key:
                ident.insert(0, (HEADER_BERICHT, outcome.key.encode()))
            if outcome.retour is not None:
                headers = [*ident, (HEADER_RETOUR_ID, retour_id(outcome.key, digest).encode())]
                futures.append(
                    (
                        s.topic_retour,
                        producer.send(s.topic_retour, value=outcome.retour, key=key, headers=headers),
                    )
                )
            event = json.dumps(result_event(outcome, item.source, digest), separators=(",", ":")).encode()
            futures.append(
                (s.topic_gevalideerd, producer.send(s.topic_gevalideerd, value=event, key=key, headers=ident))
            )
            if outcome.status == "rejected" or (outcome.status == "duplicate" and outcome.rejection):
                reason = outcome.rejection or "rejected"
                headers = [
                    *ident,
                    (HEADER_REASON, reason.encode("utf-8", "replace")[:4000]),
                    (HEADER_REASON_CODE, (_rejection_code(reason) or "REJECTED").encode()),
                ]
                futures.append(
                    (s.topic_dlq, producer.send(s.topic_dlq, value=item.data, key=key, headers=headers))
                )
        return futures

    def _count(self, outcomes: list[IngestOutcome]) -> None:
        m = self.metrics
        m.messages_in.inc(len(outcomes))
        for o in outcomes:
            m.by_status.labels(o.status).inc()
            self.stats.by_status[o.status] = self.stats.by_status.get(o.status, 0) + 1
            if o.message:
                m.by_type.labels(o.message).inc()
            if o.status == "stored":
                valid = o.xsd_valid and not any(f.is_error for f in o.findings)
                m.validity.labels("true" if valid else "false").inc()
            if o.status == "rejected":
                log.info(
                    "message rejected",
                    extra={"code": _rejection_code(o.rejection), "bericht": o.key},
                )

    def _failed(self, kind: str, exc: BaseException, firsts: Mapping[Any, int]) -> None:
        """Abandon the batch: seek back to its first offsets, back off, let the next poll retry it."""
        self.metrics.errors.labels(kind).inc()
        self.stats.retries += 1
        delay = self._next_delay()
        log.warning(
            "batch failed, retrying",
            extra={
                "kind": kind,
                "error": type(exc).__name__,
                "detail": _safe_detail(exc),
                "attempt": self._attempt,
                "delay_s": delay,
                "where": _frames(exc),
            },
        )
        self._seek_back(firsts)
        self._wait(delay)

    def _seek_back(self, firsts: Mapping[Any, int]) -> None:
        consumer = self._consumer
        if consumer is None:
            return
        assigned = set(consumer.assignment())
        for tp, offset in firsts.items():
            if tp in assigned:
                try:
                    consumer.seek(tp, offset)
                except Exception:  # revoked meanwhile: the new owner starts from the committed offset
                    log.info("seek back skipped", extra={"partition": tp.partition})

    def _wait(self, delay: float) -> None:
        if self._sleep is not None:
            self._sleep(delay)
        else:
            self._stop.wait(delay)

    def _update_lag(self, nexts: Mapping[Any, int]) -> None:
        """Lag per partition: high watermark (from the last fetch) minus the next offset to process."""
        consumer = self._consumer
        try:
            for tp, position in nexts.items():
                high = consumer.highwater(tp)
                if high is not None:
                    self.metrics.lag.labels(str(tp.partition)).set(max(0, high - position))
        except Exception:  # metrics must never break the loop
            log.debug("lag update failed", exc_info=True)

    # -- undecodable record batches --------------------------------------------------------------------

    def _undecodable(self, exc: BaseException) -> None:
        """The client could not decode what it fetched: dead-letter the batch and go on behind it.

        The consumer must not poll the same position again (kafka-python would loop forever inside
        ``poll()``): it either seeks past the batch or is replaced by a new consumer.
        """
        self.metrics.errors.labels("undecodable").inc()
        detail = describe(exc)
        try:
            found = self._locate_undecodable()
        except Exception as probe:
            log.warning("locating the undecodable batch failed", extra={"error": type(probe).__name__})
            found = []
        if not found:
            reason = f"the Kafka client cannot decode fetched records and the batch was not found ({detail})"
            self.liveness.flag(reason)
            log.error("undecodable records not located, reopening the consumer", extra={"error": detail})
            self._reopen_consumer()
            self._wait(self._next_delay())
            return
        try:
            self._dead_letter(found)
        except Exception as failed:
            log.warning(
                "dead-lettering an undecodable batch failed, retrying",
                extra={"error": type(failed).__name__, "detail": _safe_detail(failed)},
            )
            self.metrics.errors.labels(_error_kind(failed)).inc()
            self._reopen_consumer()
            self._wait(self._next_delay())
            return
        self._attempt = 0

    def _locate_undecodable(self) -> list[UndecodableBatch]:
        """The batch each assigned partition is stuck on (raw fetch from the consumer's positions)."""
        consumer = self._consumer
        positions = {tp: consumer.position(tp, timeout_ms=5000) for tp in consumer.assignment()}
        found: list[UndecodableBatch] = []
        with RawFetcher(self.settings.bootstrap_servers) as raw:
            for tp, position in sorted(positions.items()):
                if position is None:
                    continue
                data = raw.fetch(tp.topic, tp.partition, position, MAX_FETCH_BYTES)
                batch = undecodable_at(tp.topic, tp.partition, position, data, _check_crcs(self.settings))
                if batch is not None:
                    found.append(batch)
        return found

    def _dead_letter(self, batches: list[UndecodableBatch]) -> None:
        """Publish each batch's bytes to the dead-letter topic, then commit and seek past it."""
        from kafka.structs import TopicPartition

        futures: list[tuple[str, Any]] = []
        for b in batches:
            headers = [
                (HEADER_CONTENT, sha256_hex(b.data).encode()),
                (HEADER_SOURCE, f"kafka:{b.topic}/{b.partition}/{b.position}".encode()),
                (HEADER_REASON, f"{UNDECODABLE}: {b.error}".encode("utf-8", "replace")[:4000]),
                (HEADER_REASON_CODE, UNDECODABLE.encode()),
                (HEADER_KAFKA_BATCH, f"{b.topic}/{b.partition}/{b.base_offset}-{b.next_offset - 1}".encode()),
                (HEADER_KAFKA_CODEC, b.codec.encode()),
                (HEADER_KAFKA_POSITION, str(b.position).encode()),
            ]
            future = self._producer.send(self.settings.topic_dlq, value=b.data, key=None, headers=headers)
            futures.append((self.settings.topic_dlq, future))
        self._settle(futures)
        nexts = {TopicPartition(b.topic, b.partition): b.next_offset for b in batches}
        for tp, offset in nexts.items():
            self._consumer.seek(tp, offset)
        for b in batches:
            self.metrics.undecodable.labels(b.codec).inc()
            log.warning(
                "undecodable record batch sent to the dead-letter topic",
                extra={
                    "topic": b.topic,
                    "partition": b.partition,
                    "offsets": f"{b.position}-{b.next_offset - 1}",
                    "codec": b.codec,
                    "error": b.error,
                    "dlq": self.settings.topic_dlq,
                },
            )
        self._commit(nexts)
        for tp, offset in nexts.items():
            self.stats.committed[(tp.topic, tp.partition)] = offset

    def _reopen_consumer(self) -> None:
        """Drop the consumer (committing nothing); the next cycle joins the group with a new one."""
        consumer, self._consumer = self._consumer, None
        if consumer is not None:
            try:
                consumer.close(autocommit=False, timeout_ms=int(self._budget(10.0) * 1000))
            except Exception:
                log.exception("closing the consumer failed")

    def _next_delay(self) -> float:
        delay = backoff_delay(self._attempt, self.settings.backoff_initial_s, self.settings.backoff_max_s)
        self._attempt += 1
        return delay

    # -- liveness ----------------------------------------------------------------------------------------

    def _observe(self, committed: int) -> None:
        """Update the assignment and lag metrics and the liveness verdict after one cycle."""
        now = time.monotonic()
        consumer = self._consumer
        try:
            assigned = len(consumer.assignment()) if consumer is not None else 0
        except Exception:
            assigned = 0
        self.metrics.assigned.set(assigned)
        group_moved = False
        if now >= self._next_lag_check and not self.stopping:
            self._next_lag_check = now + self.settings.lag_check_interval_s
            self._group_lag, group_moved = self._measure_group_lag()
            if self._group_lag is not None:
                self.metrics.group_lag.set(self._group_lag)
        was_healthy = self.liveness.healthy
        self.liveness.observe(now, assigned, self._group_lag, committed > 0 or group_moved)
        self.metrics.healthy.set(1 if self.liveness.healthy else 0)
        if was_healthy and not self.liveness.healthy:
            log.warning("worker unhealthy", extra={"reason": self.liveness.reason})
        elif not was_healthy and self.liveness.healthy:
            log.info("worker healthy again")

    def _measure_group_lag(self) -> tuple[int | None, bool]:
        """The group's lag over every partition of the topic, and whether its committed offsets moved.

        Measured with a separate admin client: the consumer's own ``committed()`` waits on the group
        coordinator and, called during a rebalance, kept the worker from completing its join.
        """
        consumer = self._consumer
        if consumer is None:
            return None, False
        if self._lag_probe is None:
            self._lag_probe = GroupLagProbe(
                self.settings.bootstrap_servers, self.settings.group_id, self.settings.topic_berichten
            )
        try:
            partitions = sorted(consumer.partitions_for_topic(self.settings.topic_berichten) or ())
            highwaters = {tp.partition: consumer.highwater(tp) for tp in consumer.assignment()}
            measured = self._lag_probe.measure(partitions, highwaters)
        except Exception:  # the broker does not answer: the lag is unknown
            log.debug("measuring the group's lag failed", exc_info=True)
            self._lag_probe.close()
            self._lag_probe = None
            return None, False
        for partition, lag in measured.lag.items():
            self.metrics.lag.labels(str(partition)).set(lag)
        moved = self._group_committed is not None and measured.committed > self._group_committed
        self._group_committed = measured.committed
        return sum(measured.lag.values()), moved


def _earliest(firsts: Mapping[Any, int], other: _InHand | None) -> dict[Any, int]:
    """The first offsets per partition of two batches together (the one polled later may be None)."""
    merged = dict(firsts)
    if other is not None:
        for tp, offset in other.firsts.items():
            merged[tp] = min(offset, merged.get(tp, offset))
    return merged


def _is_undecodable(exc: BaseException) -> bool:
    """Whether ``poll()`` failed on the fetched bytes (codec, CRC, record format) rather than the network."""
    from kafka.errors import CorruptRecordError, KafkaError, UnsupportedCodecError

    return isinstance(exc, UnsupportedCodecError | CorruptRecordError) or not isinstance(exc, KafkaError)


def _check_crcs(settings: IngestSettings) -> bool:
    return settings.check_crcs if settings.check_crcs is not None else _fast_crc32c()


class _AssignmentLog:
    """Logs the partitions the group assigns to and takes from the worker."""

    def on_partitions_revoked(self, revoked: Any) -> None:
        log.info("partitions revoked", extra={"partitions": sorted(tp.partition for tp in revoked)})

    def on_partitions_assigned(self, assigned: Any) -> None:
        log.info("partitions assigned", extra={"partitions": sorted(tp.partition for tp in assigned)})

    def on_partitions_lost(self, lost: Any) -> None:
        log.warning("partitions lost", extra={"partitions": sorted(tp.partition for tp in lost)})


def _error_kind(exc: BaseException) -> str:
    module = type(exc).__module__
    if module.startswith("sqlalchemy") or module.startswith("psycopg") or module.startswith("sqlite3"):
        return "database"
    if module.startswith("kafka"):
        return "broker"
    return "other"


def _frames(exc: BaseException, last: int = 4) -> list[str]:
    """Where the error came from (``file:line function`` of the innermost frames): no values, no message."""
    import traceback

    return [
        f"{Path(f.filename).name}:{f.lineno} {f.name}"
        for f in traceback.extract_tb(exc.__traceback__)[-last:]
    ]


def _safe_detail(exc: BaseException) -> str:
    """A short error description without message content (SQL parameters are never included)."""
    try:
        from sqlalchemy.exc import StatementError

        if isinstance(exc, StatementError):
            return (
                str(exc.orig.__class__.__name__ if exc.orig is not None else "")[:200]
                + ": "
                + (str(exc.orig).splitlines()[0][:300] if exc.orig is not None else "")
            )
    except ImportError:  # pragma: no cover
        pass
    return str(exc).splitlines()[0][:300] if str(exc) else ""


def _kafka_consumer(settings: IngestSettings) -> Any:
    from kafka import ConsumerRebalanceListener, KafkaConsumer

    class Listener(_AssignmentLog, ConsumerRebalanceListener):  # type: ignore[misc]
        pass

    consumer = KafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=settings.group_id,
        client_id="ijw-ingest",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=settings.batch_size,
        session_timeout_ms=settings.session_timeout_ms,
        heartbeat_interval_ms=settings.heartbeat_interval_ms,
        fetch_max_wait_ms=settings.fetch_max_wait_ms,
        max_poll_interval_ms=settings.max_poll_interval_ms,
        max_partition_fetch_bytes=MAX_FETCH_BYTES,
        check_crcs=_check_crcs(settings),
    )
    consumer.subscribe([settings.topic_berichten], listener=Listener())
    return consumer


def _fast_crc32c() -> bool:
    """Whether the ``crc32c`` C extension is there (kafka-python then verifies CRCs cheaply)."""
    import importlib.util

    return importlib.util.find_spec("crc32c") is not None


def _kafka_producer(settings: IngestSettings) -> Any:
    if settings.output_client == "confluent-kafka":
        from services.ingest.outputs import OutputProducer

        return OutputProducer(settings.bootstrap_servers, settings.compression_type, client_id="ijw-ingest")
    from services.ingest.producer import make_producer

    return make_producer(settings.bootstrap_servers, settings.compression_type, client_id="ijw-ingest")

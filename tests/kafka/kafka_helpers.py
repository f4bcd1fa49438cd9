"""Helpers of the Kafka tests: reading whole topics, running a worker until it has committed everything."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

from services.ingest.settings import IngestSettings
from services.ingest.worker import IngestWorker


def read_topic(bootstrap: str, topic: str, timeout_s: float = 30.0) -> list[Any]:
    """Every record of ``topic`` (all partitions, from the beginning to the current end)."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        fetch_max_wait_ms=100,
        max_partition_fetch_bytes=16 * 1024 * 1024,
        consumer_timeout_ms=1000,
    )
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        starts = consumer.beginning_offsets(tps)
        ends = consumer.end_offsets(tps)
        # Tansu 0.6 reports as end offset the base offset of the last record batch, not the offset after
        # its last record: read at least that far, then on until a poll comes back empty.
        next_offset = dict(starts)
        records: list[Any] = []
        deadline = time.monotonic() + timeout_s
        empty = 0
        while empty < 2 or any(next_offset[tp] < ends[tp] for tp in tps):
            if time.monotonic() > deadline:
                raise TimeoutError(f"reading {topic} timed out")
            polled = consumer.poll(timeout_ms=300)
            empty = 0 if polled else empty + 1
            for tp, recs in polled.items():
                records.extend(recs)
                next_offset[tp] = max(next_offset[tp], recs[-1].offset + 1)
        return records
    finally:
        consumer.close()


def committed_total(bootstrap: str, group: str) -> int:
    """Sum of the committed offsets of ``group`` over all partitions."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        return sum(max(0, o.offset) for o in admin.list_group_offsets(group).get(group, {}).values())
    finally:
        admin.close()


def run_until(worker: IngestWorker, records: int, timeout_s: float = 120.0) -> None:
    """Run the worker's loop until it has processed and committed ``records`` records, then close it."""
    deadline = time.monotonic() + timeout_s
    try:
        while worker.stats.records < records:
            if time.monotonic() > deadline:
                raise TimeoutError(f"processed {worker.stats.records} of {records} records in {timeout_s} s")
            worker.run_once()
    finally:
        worker.close()


def settings_for(bootstrap: str, group: str = "ijw-test", **overrides: Any) -> IngestSettings:
    """Worker settings for a test: fast back-off, the embedded broker's address."""
    values: dict[str, Any] = {
        "bootstrap_servers": bootstrap,
        "group_id": group,
        "backoff_initial_s": 0.2,
        "backoff_max_s": 2.0,
        "poll_timeout_ms": 500,
    }
    values.update(overrides)
    return IngestSettings(**values)


REPO = Path(__file__).resolve().parents[2]


def start_worker(
    bootstrap: str, db_url: str, group: str, log: Path, extra_env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.update({"IJW_SESSION_TIMEOUT_MS": "3000", "IJW_HEARTBEAT_INTERVAL_MS": "500"})
    env.pop("IJW_SHUTDOWN_TIMEOUT_S", None)
    env.update(extra_env or {})
    command = [sys.executable, "-m", "ijw_app", "worker", "--db", db_url, "--bootstrap", bootstrap]
    command += ["--group", group, "--batch-size", "50", "--no-migrate"]
    with log.open("ab") as fh:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=fh)


def in_log(log: Path, text: str) -> bool:
    return log.exists() and text in log.read_text(errors="replace")

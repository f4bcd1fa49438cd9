"""Acceptance tests of the Kafka ingest: real broker, real processor, real database.

(a) end to end: all 14 message types, valid and invalid, duplicates and garbage → every distinct message
    stored once, one retour per XSD-valid heenbericht (valid against the official XSDs), garbage on the DLQ;
(b) the worker process SIGKILLed twice in the middle of batches and restarted: every message stored once;
(c) PostgreSQL stopped and restarted while the worker consumes: every message stored once;
(d) SIGTERM: the worker stops promptly with exit code 0 and commits nothing it did not store.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kafka_helpers import committed_total, read_topic, settings_for
from sqlalchemy import create_engine, func, select, text

from ijw.broker import EmbeddedBroker
from ijw.db import make_engine, migrate
from ijw.db.models import Bericht
from ijw.safeparse import identify, parse_message
from ijw.validation import Validator
from ijw.xsd_registry import XsdRegistry
from ijw_tools.corpus.build import build_corpus
from services.ingest.processing import IngestProcessor
from services.ingest.producer import make_producer, publish_many
from services.ingest.worker import HEADER_CONTENT, HEADER_RETOUR_ID, IngestWorker

pytestmark = pytest.mark.kafka

REPO = Path(__file__).resolve().parents[2]
HEEN = {"JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323"}
GARBAGE = [
    b"this is not XML at all",
    b"\x00\x01\x02\xff\xfe binary",
    b"",
    b"<?xml version='1.0'?><jw301:Bericht xmlns:jw301='http://www.istandaarden.nl/ijw/3_2/jw301/schema'><jw3",
    b"<Bericht xmlns='http://www.istandaarden.nl/iwmo/3_2/wmo301/schema'><Header/></Bericht>",
    b"<html><body>Hello</body></html>",
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>",
]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def corpus(seed: int, per_type: int, per_kind: int | None = 1) -> list[bytes]:
    """Distinct generated messages of all 14 types: valid ones and their mutations."""
    return list(dict.fromkeys(item.data for item in build_corpus(seed, per_type, per_kind=per_kind)))


def truncated(messages: list[bytes], rng: random.Random, count: int) -> list[bytes]:
    return [m[: rng.randrange(40, len(m) - 20)] for m in rng.sample(messages, count)]


def publish(bootstrap: str, messages: list[bytes]) -> None:
    producer = make_producer(bootstrap)
    try:
        publish_many(producer, "ijw.berichten", messages)
    finally:
        producer.close()


def stored_hashes(engine: Any) -> Counter[str]:
    with engine.connect() as conn:
        return Counter(conn.execute(select(Bericht.content_hash)).scalars())


def stored_count(engine: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Bericht)).scalar_one())


def assert_exactly_once(engine: Any, distinct: set[bytes]) -> None:
    hashes = stored_hashes(engine)
    twice = [h for h, n in hashes.items() if n > 1]
    assert not twice, f"{len(twice)} messages stored more than once"
    missing = {sha(m) for m in distinct} - set(hashes)
    assert not missing, f"{len(missing)} of {len(distinct)} messages were not stored"
    assert sum(hashes.values()) == len(distinct)


def committed_were_stored(bootstrap: str, group: str, engine: Any) -> None:
    """Every record below the group's committed offsets is in the database (commit after DB commit)."""
    from kafka import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        committed = {
            tp.partition: o.offset for tp, o in admin.list_group_offsets(group).get(group, {}).items()
        }
    finally:
        admin.close()
    hashes = stored_hashes(engine)
    for rec in read_topic(bootstrap, "ijw.berichten"):
        if rec.offset < committed.get(rec.partition, 0):
            assert sha(rec.value) in hashes, f"offset {rec.partition}/{rec.offset} committed but not stored"


def wait_for(predicate: Any, timeout_s: float, what: str, interval: float = 0.05) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(interval)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    migrate(url)
    return url


def worker_process(
    bootstrap: str, db_url: str, group: str, log: Path, batch_size: int = 50
) -> subprocess.Popen[bytes]:
    """``ijw worker`` as a subprocess (its JSON log appended to ``log``)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    # A shorter session lets the group notice a killed member sooner (the default is 6 s).
    env.setdefault("IJW_SESSION_TIMEOUT_MS", "3000")
    env.setdefault("IJW_HEARTBEAT_INTERVAL_MS", "500")
    with log.open("ab") as fh:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ijw_app",
                "worker",
                "--db",
                db_url,
                "--bootstrap",
                bootstrap,
                "--group",
                group,
                "--batch-size",
                str(batch_size),
                "--no-migrate",
            ],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=fh,
        )


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait(10)


# -- (a) end to end ---------------------------------------------------------------------------------------


def test_end_to_end(broker: EmbeddedBroker, sqlite_url: str, reference: Path) -> None:
    rng = random.Random(20261123)
    messages = corpus(seed=11, per_type=6)
    garbage = GARBAGE + truncated(messages, rng, 20)
    distinct = list(dict.fromkeys(messages + garbage))
    duplicates = rng.sample(messages, 300) + garbage[:3]
    traffic = distinct + duplicates
    rng.shuffle(traffic)
    assert {identify(parse_message(m)).message for m in messages if _parses(m)} >= HEEN
    publish(broker.bootstrap_servers, traffic)

    engine = make_engine(sqlite_url)
    worker = IngestWorker(settings_for(broker.bootstrap_servers, batch_size=500), IngestProcessor(engine))
    deadline = time.monotonic() + 120
    try:
        while worker.stats.records < len(traffic):
            assert time.monotonic() < deadline, f"processed {worker.stats.records} of {len(traffic)}"
            worker.run_once()
    finally:
        worker.close()

    # The database holds every distinct message once; duplicates were recognised.
    assert_exactly_once(engine, set(distinct))
    assert worker.stats.by_status.get("duplicate", 0) == len(duplicates)

    # What the official pipeline says about each distinct message.
    validator = Validator()
    verdicts = {sha(m): validator.validate_bytes(m) for m in distinct}
    rejected = {h for h, v in verdicts.items() if v.rejection is not None}
    answered = {h for h, v in verdicts.items() if v.xsd_valid and v.message in HEEN}
    assert set(map(sha, garbage)) <= rejected

    # One retour per XSD-valid heenbericht (deduplicated by its deterministic id), official-XSD valid.
    official = XsdRegistry(reference / "xsd")
    retours = read_topic(broker.bootstrap_servers, "ijw.retour")
    by_id: dict[bytes, set[bytes]] = {}
    answered_seen: Counter[bytes] = Counter()
    for rec in retours:
        headers = dict(rec.headers)
        by_id.setdefault(headers[HEADER_RETOUR_ID], set()).add(rec.value)
        answered_seen[headers[HEADER_CONTENT]] += 1
    assert all(len(values) == 1 for values in by_id.values()), "a retour id with different contents"
    assert {h.decode() for h in answered_seen} == answered
    assert len(by_id) == len(answered)
    checked: Counter[str] = Counter()
    for values in by_id.values():
        (retour,) = values
        root = parse_message(retour)
        name = identify(root).message
        schema = official.schema(name)
        assert schema.validate(root), f"{name} retour invalid against the official XSD: {schema.error_log}"
        checked[name] += 1
    assert set(checked) == {"JW302", "JW306", "JW308", "JW316", "JW318", "JW320", "JW325"}

    # The dead-letter topic holds the rejected input with its reason; one result event per record.
    dlq = read_topic(broker.bootstrap_servers, "ijw.berichten.dlq")
    assert {sha(r.value) for r in dlq} == rejected
    assert all(dict(r.headers)["ijw-rejection-reason"] for r in dlq)
    events = read_topic(broker.bootstrap_servers, "ijw.gevalideerd")
    assert len(events) == len(traffic)


def _parses(data: bytes) -> bool:
    try:
        identify(parse_message(data))
    except Exception:
        return False
    return True


# -- (b) crash: SIGKILL in the middle of batches ---------------------------------------------------


def test_worker_killed_twice_stores_every_message_once(
    broker: EmbeddedBroker, sqlite_url: str, tmp_path: Path
) -> None:
    rng = random.Random()
    messages = corpus(seed=23, per_type=4)[:1500]
    publish(broker.bootstrap_servers, messages)
    engine = make_engine(sqlite_url)
    group = "ijw-crash"
    log = tmp_path / "worker.log"
    kills = 0
    for kill_at in (rng.uniform(0.15, 0.4), rng.uniform(0.5, 0.8)):
        proc = worker_process(broker.bootstrap_servers, sqlite_url, group, log)
        try:
            target = kill_at * len(messages)
            wait_for(lambda t=target: stored_count(engine) >= t, 90, "progress before the kill")
            # Right after a database commit: the batch's publishes and offset commit are still to come.
            before = stored_count(engine)
            wait_for(lambda b=before: stored_count(engine) != b, 30, "the next DB commit", interval=0.002)
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            kills += 1
        finally:
            stop_process(proc)
        committed_were_stored(broker.bootstrap_servers, group, engine)
    assert kills == 2
    proc = worker_process(broker.bootstrap_servers, sqlite_url, group, log)
    try:
        wait_for(
            lambda: committed_total(broker.bootstrap_servers, group) >= len(messages),
            90,
            "all committed",
            0.3,
        )
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        stop_process(proc)
    assert_exactly_once(engine, set(messages))
    # One result event per processed record: at least one per message (redelivered ones again).
    events = read_topic(broker.bootstrap_servers, "ijw.gevalideerd")
    assert len(events) >= len(messages)


# -- (d) graceful SIGTERM ------------------------------------------------------------------------------------


def test_sigterm_stops_cleanly_without_committing_unstored(
    broker: EmbeddedBroker, sqlite_url: str, tmp_path: Path
) -> None:
    messages = corpus(seed=31, per_type=3)[:800]
    publish(broker.bootstrap_servers, messages)
    engine = make_engine(sqlite_url)
    log = tmp_path / "worker.log"
    proc = worker_process(broker.bootstrap_servers, sqlite_url, "ijw-term", log, batch_size=25)
    try:
        wait_for(lambda: stored_count(engine) >= 100, 90, "processing under way")
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 0
        assert time.monotonic() - signalled < 15
    finally:
        stop_process(proc)
    lines = log.read_text()
    assert '"worker stopped"' in lines and "Traceback" not in lines
    assert stored_count(engine) < len(messages), "the worker finished before the signal: nothing tested"
    committed_were_stored(broker.bootstrap_servers, "ijw-term", engine)
    # Another worker of the group picks up where the first one stopped.
    worker = IngestWorker(settings_for(broker.bootstrap_servers, group="ijw-term"), IngestProcessor(engine))
    try:
        wait_for_committed(worker, broker.bootstrap_servers, "ijw-term", len(messages))
    finally:
        worker.close()
    assert_exactly_once(engine, set(messages))


def wait_for_committed(
    worker: IngestWorker, bootstrap: str, group: str, total: int, timeout_s: float = 90
) -> None:
    deadline = time.monotonic() + timeout_s
    while committed_total(bootstrap, group) < total:
        assert time.monotonic() < deadline, "the worker did not catch up"
        worker.run_once()


# -- (c) database outage under load (PostgreSQL) ---------------------------------------------------


def _pg_cluster(action: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "15", "main", action, *(["-m", "fast"] if action == "stop" else [])],
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database on the test PostgreSQL server (IJW_TEST_POSTGRES_URL), dropped afterwards."""
    base = os.environ.get("IJW_TEST_POSTGRES_URL")
    reason = None
    if not base:
        reason = 'IJW_TEST_POSTGRES_URL is not set (run `eval "$(bash .ci/postgres.sh)"`)'
    elif shutil.which("pg_ctlcluster") is None or os.geteuid() != 0:
        reason = "the outage test stops the cluster with pg_ctlcluster, which needs root"
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL outage test cannot run in CI: {reason}")
        pytest.skip(reason)
    assert base is not None
    name = f"ijw_kafka_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        _ensure_pg_running()
        admin.dispose()  # its pooled connection did not survive the restart
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _ensure_pg_running() -> None:
    out = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True).stdout
    if "online" not in out:
        _pg_cluster("start")


@pytest.mark.postgres
@pytest.mark.parametrize("cpu_workers", [0, 1], ids=["in-process", "pool"])
def test_database_outage_under_load(broker: EmbeddedBroker, postgres_url: str, cpu_workers: int) -> None:
    messages = corpus(seed=47, per_type=4)[:1500]
    publish(broker.bootstrap_servers, messages)
    migrate(postgres_url)
    engine = make_engine(postgres_url)
    probe = make_engine(postgres_url, pool_pre_ping=True)
    processor = IngestProcessor(engine, cpu_workers=cpu_workers)  # with a pool: pipelined batches
    worker = IngestWorker(
        settings_for(broker.bootstrap_servers, group="ijw-outage", batch_size=50, backoff_max_s=1.0),
        processor,
    )
    assert worker.pipelined == (cpu_workers > 0)
    thread = threading.Thread(target=worker.run, name="ingest-worker", daemon=True)
    thread.start()
    try:
        wait_for(lambda: stored_count(probe) >= 200, 90, "processing under way", interval=0.05)
        _pg_cluster("stop")
        try:
            time.sleep(3)
            assert worker.stats.retries > 0, "the worker did not notice the outage"
        finally:
            _pg_cluster("start")
        wait_for(
            lambda: committed_total(broker.bootstrap_servers, "ijw-outage") >= len(messages),
            120,
            f"the worker to catch up after the outage ({worker.stats})",
            interval=0.3,
        )
    finally:
        worker.stop()
        thread.join(30)
        _ensure_pg_running()
    assert not thread.is_alive()
    assert worker.metrics.errors.labels("database")._value.get() > 0
    assert_exactly_once(probe, set(messages))
    processor.close()
    probe.dispose()
    engine.dispose()

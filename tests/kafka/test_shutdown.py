"""SIGTERM ends ``ijw worker`` within its shutdown timeout (10 s by default) in every state (issue 19).

Each test runs the worker as a real subprocess, brings it into one state, sends SIGTERM and measures the
time until the process is gone: polling an idle topic; retrying a failed batch (the database refuses
connections); the database gone (a server that accepts the connection and never answers, so the batch
hangs inside the database driver); the broker gone; and the issue's own case, a worker without the lz4
library that receives lz4 batches from librdkafka. In every state nothing may be committed that was not
stored (checked against the database where the worker could store anything).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from kafka_helpers import in_log, read_topic, start_worker
from test_pipeline import (
    REPO,
    corpus,
    publish,
    stored_count,
    wait_for,
)

from ijw.broker import EmbeddedBroker, free_port
from ijw.db import make_engine

pytestmark = pytest.mark.kafka

#: The product's default bound (IJW_SHUTDOWN_TIMEOUT_S); the tests measure against it unchanged.
SHUTDOWN_TIMEOUT_S = 10.0


def terminate_and_time(proc: subprocess.Popen[bytes]) -> tuple[int, float]:
    """SIGTERM, then the exit code and the seconds until the process was gone (killed after 60 s)."""
    signalled = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
        pytest.fail("the worker was still running 60 s after SIGTERM")
    seconds = time.monotonic() - signalled
    print(f"SIGTERM: exit code {code} after {seconds:.2f} s")  # shown with -s / -rP
    return code, seconds


def test_sigterm_while_polling(
    broker: EmbeddedBroker, sqlite_url: str, tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> None:
    log = tmp_path / "worker.log"
    procs.append(proc := start_worker(broker.bootstrap_servers, sqlite_url, "g-poll", log))
    wait_for(lambda: in_log(log, '"partitions assigned"'), 90, "the worker to join the group", 0.2)
    code, seconds = terminate_and_time(proc)
    assert code == 0 and seconds < SHUTDOWN_TIMEOUT_S, (code, seconds)
    assert in_log(log, '"worker stopped"')


def test_sigterm_while_retrying_a_failed_batch(
    broker: EmbeddedBroker, tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> None:
    publish(broker.bootstrap_servers, corpus(seed=5, per_type=1)[:40])
    refused = f"postgresql+psycopg://ijw:ijw@127.0.0.1:{free_port()}/ijw"  # nothing listens there
    log = tmp_path / "worker.log"
    procs.append(proc := start_worker(broker.bootstrap_servers, refused, "g-retry", log))
    wait_for(lambda: log.read_text().count('"batch failed, retrying"') >= 2, 90, "failed attempts", 0.2)
    code, seconds = terminate_and_time(proc)
    assert code == 0 and seconds < SHUTDOWN_TIMEOUT_S, (code, seconds)
    assert _committed(broker.bootstrap_servers, "g-retry") == 0


@pytest.fixture
def silent_database() -> Iterator[tuple[str, socket.socket]]:
    """A PostgreSQL URL whose server accepts TCP connections and never answers (a hung database host)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    try:
        yield f"postgresql+psycopg://ijw:ijw@127.0.0.1:{server.getsockname()[1]}/ijw", server
    finally:
        server.close()


def test_sigterm_while_the_database_hangs(
    broker: EmbeddedBroker,
    silent_database: tuple[str, socket.socket],
    tmp_path: Path,
    procs: list[subprocess.Popen[bytes]],
) -> None:
    url, server = silent_database
    publish(broker.bootstrap_servers, corpus(seed=6, per_type=1)[:40])
    log = tmp_path / "worker.log"
    procs.append(proc := start_worker(broker.bootstrap_servers, url, "g-dbgone", log))
    server.settimeout(120)
    connection, _ = server.accept()  # the first batch is now inside the driver, waiting for an answer
    try:
        time.sleep(1)
        assert proc.poll() is None and not in_log(log, '"batch failed')
        code, seconds = terminate_and_time(proc)
    finally:
        connection.close()
    assert seconds < SHUTDOWN_TIMEOUT_S, seconds
    assert code == 70 and in_log(log, "shutdown deadline passed"), code  # the forced exit, said so
    assert _committed(broker.bootstrap_servers, "g-dbgone") == 0


def test_sigterm_with_the_broker_gone(
    broker: EmbeddedBroker, sqlite_url: str, tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> None:
    messages = corpus(seed=7, per_type=2)[:200]
    publish(broker.bootstrap_servers, messages)
    engine = make_engine(sqlite_url)
    log = tmp_path / "worker.log"
    procs.append(proc := start_worker(broker.bootstrap_servers, sqlite_url, "g-broker", log))
    wait_for(lambda: stored_count(engine) >= len(messages), 90, "the worker to store the messages", 0.2)
    broker.stop()
    time.sleep(4)  # the worker is now polling a broker that is gone
    code, seconds = terminate_and_time(proc)
    assert seconds < SHUTDOWN_TIMEOUT_S, seconds
    assert code in (0, 70), code


def test_sigterm_after_undecodable_batches(
    broker: EmbeddedBroker, sqlite_url: str, tmp_path: Path, procs: list[subprocess.Popen[bytes]]
) -> None:
    """The issue's worker: no lz4 library, 300 lz4 records from librdkafka. They become dead letters, the
    worker stays responsive and stops on SIGTERM."""
    from kafka.record import MemoryRecords
    from test_interop import produce_with_librdkafka

    shim = tmp_path / "shim" / "lz4"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text('raise ImportError("lz4 is hidden by the test")\n')
    messages = corpus(seed=8, per_type=25)[:300]
    produce_with_librdkafka(broker.bootstrap_servers, messages, "lz4")
    log = tmp_path / "worker.log"
    env = {"PYTHONPATH": f"{shim.parent}{os.pathsep}{REPO}", "IJW_COMPRESSION_TYPE": "gzip"}
    procs.append(proc := start_worker(broker.bootstrap_servers, sqlite_url, "g-lz4", log, env))
    wait_for(lambda: _committed(broker.bootstrap_servers, "g-lz4") >= len(messages), 120, "the skip", 0.5)
    code, seconds = terminate_and_time(proc)
    assert code == 0 and seconds < SHUTDOWN_TIMEOUT_S, (code, seconds)
    dead = [
        r
        for r in read_topic(broker.bootstrap_servers, "ijw.berichten.dlq")
        if dict(r.headers)["ijw-rejection-code"] == b"UNDECODABLE"
    ]
    assert in_log(log, '"undecodable record batch sent to the dead-letter topic"')
    assert stored_count(make_engine(sqlite_url)) == 0
    # Committed without being stored, but nothing is lost: the dead letters hold every record's bytes.
    recovered = [r.value for rec in dead for r in MemoryRecords(rec.value).next_batch()]
    assert sorted(recovered) == sorted(messages)


def _committed(bootstrap: str, group: str) -> int:
    from kafka_helpers import committed_total

    return committed_total(bootstrap, group)

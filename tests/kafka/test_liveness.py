"""The worker's liveness verdict, its /health endpoint and the exit after being unhealthy too long (issue 11).

The rules come from issue 11 item 2: a worker that has no assignment, or makes no progress, while records
wait (lag > 0) for longer than the configured time is unhealthy; a spare member of a group that makes
progress is not.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from test_worker_loop import make

from ijw.broker import free_port
from services.ingest.lag import group_lag
from services.ingest.liveness import Liveness
from services.ingest.observability import start_metrics_server
from services.ingest.worker import EXIT_UNHEALTHY


def test_no_progress_while_records_wait_is_unhealthy() -> None:
    live = Liveness(stall_timeout_s=30, now=0)
    live.observe(10, assigned=0, lag=100, progressed=False)
    assert live.healthy
    live.observe(31, assigned=0, lag=100, progressed=False)
    assert live.reason == "no progress for 31 s while 100 records wait (0 partitions assigned)"
    assert live.unhealthy_for(41) == 10
    live.observe(42, assigned=4, lag=60, progressed=True)
    assert live.healthy and live.unhealthy_for(50) == 0


def test_a_spare_member_of_a_moving_group_stays_healthy() -> None:
    live = Liveness(stall_timeout_s=30, now=0)
    for t in range(0, 300, 10):  # no partitions, records waiting, but the group's commits move
        live.observe(t, assigned=0, lag=500, progressed=True)
        assert live.healthy


def test_an_idle_topic_is_healthy_and_an_unmeasurable_lag_without_partitions_is_not() -> None:
    live = Liveness(stall_timeout_s=30, now=0)
    live.observe(100, assigned=4, lag=0, progressed=False)
    assert live.healthy
    live = Liveness(stall_timeout_s=30, now=0)
    live.observe(31, assigned=0, lag=None, progressed=False)
    assert live.reason == "no partitions assigned for 31 s and the lag cannot be measured"
    live.observe(32, assigned=2, lag=None, progressed=False)
    assert live.healthy


def test_a_flag_holds_until_progress() -> None:
    live = Liveness(stall_timeout_s=30, now=0)
    live.flag("undecodable records")
    live.observe(1, assigned=1, lag=0, progressed=False)
    assert live.reason == "undecodable records"
    live.observe(2, assigned=1, lag=0, progressed=True)
    assert live.healthy


def test_group_lag_takes_the_larger_end() -> None:
    # Tansu's ListOffsets answer can lag behind the high watermark of a fetch by one batch.
    lag = group_lag([0, 1, 2], ends={0: 10, 1: 8, 2: 0}, committed={0: 10, 1: 3}, highwaters={0: 14})
    assert lag.lag == {0: 4, 1: 5, 2: 0} and lag.committed == 13


def _get(url: str) -> tuple[int, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_health_endpoint_follows_the_verdict() -> None:
    rig = make({0: [b"1", b"2"]}, batch_size=10)
    port = free_port()
    stop = start_metrics_server(rig.worker.metrics, port, liveness=rig.worker.liveness)
    try:
        assert _get(f"http://127.0.0.1:{port}/health") == (200, {"status": "ok"})
        rig.worker.liveness.flag("the Kafka client cannot decode fetched records")
        rig.worker.run_once()  # nothing new: the records are processed, which is progress
        assert _get(f"http://127.0.0.1:{port}/health")[0] == 200
        rig.worker.liveness.flag("the Kafka client cannot decode fetched records")
        rig.worker.run_once()  # nothing left to poll: no progress, the flag stays
        status, body = _get(f"http://127.0.0.1:{port}/health")
        assert status == 503 and body["reason"].startswith("the Kafka client cannot decode")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            metrics = response.read().decode()
        assert "ijw_ingest_healthy 0.0" in metrics and "ijw_ingest_assigned_partitions 1.0" in metrics
    finally:
        stop()


def test_unhealthy_too_long_ends_the_loop_with_its_exit_code() -> None:
    rig = make({0: []})
    rig.worker.settings.unhealthy_exit_s = 0.2
    rig.worker.liveness.flag("stalled")
    stats = rig.worker.run()
    assert rig.worker.exit_code == EXIT_UNHEALTHY and stats.records == 0 and rig.consumer.closed

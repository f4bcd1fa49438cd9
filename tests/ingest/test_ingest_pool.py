"""The ingest processor with a pool of processes (``cpu_workers``, issue 17): the same outcomes and the same
stored rows as without one, a killed pool process costs a retried batch and nothing else, and the pool's
processes end with the process that started them.

The expected values are those of the processor without a pool on the same messages (its own behaviour is
pinned down by ``test_ingest_processing.py`` against the reference examples).
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from ijw.db import content as c
from ijw.db import decompress, make_engine, migrate
from ijw.schema.model import load_model
from ijw_tools.corpus import generate_valid
from services.ingest.contracts import IncomingMessage, IngestOutcome
from services.ingest.processing import IngestProcessor

RECEIVED = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)
TABLES = (
    "berichten",
    "findings",
    "clients",
    "toewijzingen",
    "starts",
    "stops",
    "verzoeken",
    "verzoek_producten",
    "antwoorden",
    "declaraties",
    "prestaties",
    "declaratie_antwoorden",
    "afgewezen_prestaties",
    "retourcodes",
)
PARENT_COLUMNS = {"client_id", "declaratie_id", "verzoek_id", "antwoord_id", "retour_to_id"}


def _messages(seed: int = 17) -> list[bytes]:
    """Generated messages of every type, a JW301 changed after its root under the same Identificatie (TR056,
    within a batch and across batches), a duplicate in another batch and input that is not XML."""
    model = load_model()
    rng = random.Random(seed)
    data = [generate_valid(model, name, rng) for _ in range(12) for name in model.messages]
    jw301 = data[0]
    assert b"<jw301:Bericht " in jw301
    data[5:5] = [jw301 + b"<!-- gewijzigd -->", b"not xml at all"]  # TR056 in the original's batch
    data.append(jw301 + b"<!-- weer gewijzigd -->")  # and in a later batch
    data.append(data[10])  # a duplicate in another batch
    return data


def _items(data: list[bytes]) -> list[IncomingMessage]:
    return [IncomingMessage(d, f"test:{i}", RECEIVED) for i, d in enumerate(data)]


def _run(engine: Engine, items: list[IncomingMessage], cpu_workers: int) -> list[IngestOutcome]:
    processor = IngestProcessor(engine, cpu_workers=cpu_workers)
    try:
        outcomes: list[IngestOutcome] = []
        for start in range(0, len(items), 60):
            outcomes += processor.process_batch(items[start : start + 60])
        return outcomes
    finally:
        processor.close()


def _dump(engine: Engine) -> dict[str, Counter[str]]:
    """Every table's rows without ids, times of storage and parent ids; message ids as content hashes."""
    out: dict[str, Counter[str]] = {}
    with engine.connect() as conn:
        hashes = {
            row.id: row.content_hash for row in conn.execute(text("SELECT id, content_hash FROM berichten"))
        }
        for table in TABLES:
            rows: Counter[str] = Counter()
            for row in conn.execute(text(f"SELECT * FROM {table}")).mappings():
                values: dict[str, Any] = {}
                for key, value in row.items():
                    if key in ("id", "stored_at") or key in PARENT_COLUMNS:
                        continue
                    if key == "bericht_id":
                        value = hashes[value]
                    elif key in ("raw_xml", "retour_xml") and value is not None:
                        value = decompress(value)
                    values[key] = value
                rows[repr(sorted(values.items()))] += 1
            out[table] = rows
    return out


def _engine(path: Path) -> Engine:
    url = f"sqlite:///{path}"
    migrate(url)
    return make_engine(url)


def test_a_pool_stores_what_the_process_alone_stores(tmp_path: Path) -> None:
    items = _items(_messages())
    alone, pooled = _engine(tmp_path / "alone.sqlite"), _engine(tmp_path / "pooled.sqlite")
    try:
        expected = _run(alone, items, cpu_workers=0)
        got = _run(pooled, items, cpu_workers=2)
        statuses = Counter(o.status for o in expected)
        assert statuses["duplicate"] >= 1 and statuses["rejected"] == 1  # the mix covers every path
        assert sum(any(f.rule == "TR056" for f in o.findings) for o in expected) == 2
        assert [
            (o.status, o.key, o.message, o.xsd_valid, o.findings, o.retour, o.rejection) for o in got
        ] == [(o.status, o.key, o.message, o.xsd_valid, o.findings, o.retour, o.rejection) for o in expected]
        assert _dump(pooled) == _dump(alone)
    finally:
        alone.dispose()
        pooled.dispose()


def test_a_prepared_message_travels_without_its_item_and_with_its_rows_tied_to_their_parents() -> None:
    from ijw.validation import Validator
    from services.ingest.preparation import Prepared, Preparer, load_retour_builder

    preparer = Preparer(Validator(), load_retour_builder())
    items = _items(_messages()[:30])
    prepared = [preparer.prepare(item) for item in items]
    carried = pickle.dumps([p.carried() for p in prepared])
    assert items[0].data not in carried  # the worker has the incoming bytes: they do not come back
    back = [Prepared(item, *values) for item, values in zip(items, pickle.loads(carried), strict=True)]
    assert back == prepared
    parents = 0
    for p in back:
        per_table = Counter(c.INSERT_ORDER[t] for t, _values in p.rows)
        for t, values in p.rows:
            table = c.INSERT_ORDER[t]
            assert len(values) == len(c.COLUMNS[table])
            for i in c.PARENTS[table]:
                (fk,) = table.c[c.COLUMNS[table][i]].foreign_keys
                # a parent is a row of the same message: its position among that message's rows of its table
                if values[i] is not None:
                    assert 0 <= values[i] < per_table[fk.column.table]
                    parents += 1
    assert parents > 0


def test_a_chunk_prepared_step_by_step_is_what_preparing_each_message_gives() -> None:
    """``prepare_many`` takes a step for all messages at once (in groups of STEP_GROUP): the outcome must be
    the same, message for message, as one ``prepare`` each: rejected input, retours, rows, findings."""
    from ijw.validation import Validator
    from services.ingest.preparation import STEP_GROUP, Preparer, load_retour_builder

    preparer = Preparer(Validator(), load_retour_builder())
    items = _items(_messages())
    assert len(items) > STEP_GROUP
    one_by_one = [preparer.prepare(item) for item in items]
    together = preparer.prepare_many(items)
    assert together == one_by_one
    assert sum(p.rejected for p in together) == 1 and sum(p.retour is not None for p in together) > 50


def test_a_killed_pool_process_fails_one_batch_and_the_retry_stores_it_once(tmp_path: Path) -> None:
    items = _items(_messages())
    engine = _engine(tmp_path / "ijw.sqlite")
    processor = IngestProcessor(engine, cpu_workers=1)
    try:
        assert processor.pool is not None
        processor.pool.start()
        executor = processor.pool._executor
        assert executor is not None
        for pid in list(executor._processes):
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        with pytest.raises(BrokenProcessPool):
            processor.process_batch(items[:60])
        first = processor.process_batch(items[:60])  # a new pool
        assert all(o.status in ("stored", "rejected", "duplicate") for o in first)
        again = processor.process_batch(items[:60])
        assert {o.status for o in again} == {"duplicate"}
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM berichten")).scalar_one()
        assert stored == sum(1 for o in first if o.status != "duplicate")
    finally:
        processor.close()
        engine.dispose()


CHILD_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from ijw.validation import Validator
    from services.ingest.preparation import PreparePool, Preparer

    if __name__ == "__main__":
        pool = PreparePool(2, Preparer(Validator(), None), None)
        pool.start()
        print(" ".join(str(pid) for pid in pool._executor._processes), flush=True)
        time.sleep(60)
    """
)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_pool_processes_die_with_a_killed_parent(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(CHILD_SCRIPT)
    repo = Path(__file__).resolve().parents[2]
    parent = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=repo,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(repo)},
    )
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(pid) for pid in pids)
        parent.send_signal(signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in pids)
    finally:
        parent.kill()
        parent.wait()


class _CountingPreparer:
    """Stands in for the worker's own Preparer: records what it prepares (the pool's side is not run)."""

    def __init__(self) -> None:
        from ijw.validation import Validator

        self.validator = Validator()
        self.prepared: list[str] = []

    def prepare_many(self, items: list[IncomingMessage]) -> Any:
        self.prepared.extend(item.source for item in items)
        return [item.source for item in items]


def test_a_waiting_worker_prepares_chunks_of_later_batches_the_pool_has_not_started() -> None:
    """While the worker waits for a chunk the pool has, it takes chunks of batches submitted after it from
    their end (the pool works from their start), never one a pool process has started, each only once."""
    from concurrent.futures import Future

    from services.ingest.preparation import PreparePool, _Submitted

    local = _CountingPreparer()
    pool = PreparePool(1, local, None)  # type: ignore[arg-type]
    items = [IncomingMessage(data=b"", source=f"m{n}") for n in range(6)]
    chunks = [items[0:2], items[2:4], items[4:6]]
    first = _Submitted([items[:1]], [Future()])
    later: list[Future[list[tuple[Any, ...]]]] = [Future(), Future(), Future()]
    assert later[0].set_running_or_notify_cancel()  # the pool has started the later batch's first chunk
    second = _Submitted(chunks, later)
    pool._submitted.extend([first, second])

    assert pool._steal_later(first)
    assert local.prepared == ["m4", "m5"] and list(second.stolen) == [2]
    assert pool._steal_later(first)
    assert local.prepared == ["m4", "m5", "m2", "m3"] and sorted(second.stolen) == [1, 2]
    assert not pool._steal_later(first)  # chunk 0 is the pool's
    assert not pool._steal_later(second)  # nothing is submitted after the last batch
    assert [f.cancelled() for f in later] == [False, True, True]
    assert second.stolen[1] == ["m2", "m3"] and second.stolen[2] == ["m4", "m5"]  # type: ignore[comparison-overlap]
    pool.close()
    assert pool._submitted == []


def test_batches_never_collected_are_not_kept_and_a_forgotten_batch_can_still_be_collected() -> None:
    """A worker gives back the batch being prepared when storing the one before fails and never collects
    it: the pool forgets all but the latest few, and a forgotten batch, if collected after all, is whole."""
    from ijw.validation import Validator
    from services.ingest.preparation import SUBMITTED_KEPT, PreparePool, Preparer

    pool = PreparePool(1, Preparer(Validator(), None), None)
    try:
        batches = [
            [IncomingMessage(data=b"not xml %d" % n, source=f"s{n}")] for n in range(SUBMITTED_KEPT + 2)
        ]
        collects = [pool.submit(batch) for batch in batches]
        assert len(pool._submitted) == SUBMITTED_KEPT
        first = collects[0]()
        assert [p.item.source for p in first] == ["s0"] and first[0].header is None
        assert len(pool._submitted) == SUBMITTED_KEPT
    finally:
        pool.close()

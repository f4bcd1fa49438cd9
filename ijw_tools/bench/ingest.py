"""``ijw bench pipeline``: sustained throughput broker → worker → database, measured end to end.

The run:

1. starts the embedded broker (127.0.0.1, free port) and creates the topics;
2. publishes ``N`` generated messages (seeded and deterministic) to ``ijw.berichten`` — the whole backlog
   before the worker starts — and spools them to a temporary file. ``--traffic corpus`` (the default): the
   14 types round robin, each XSD-valid but filled at random (most break an in-message rule, every message
   brings new parties), every tenth with one mutation: the hardest case per message. ``--traffic year``:
   a year of traffic as a region sends it (:mod:`ijw_tools.traffic`: clients of five gemeenten and ten
   aanbieders through the process of the standard, with its retour messages and defects at their default
   rates), in Dagtekening order;
3. migrates the database and starts ``workers`` ``ijw worker`` subprocesses in one consumer group (JSON
   logs to a file each);
4. samples the consumer group's committed offsets until all ``N`` are committed: the sustained rate is
   the committed messages divided by the time from the first to the last commit progress (startup and
   consumer-group join excluded; the wall time including them is printed too);
5. stops the workers with SIGTERM and reads their peak RSS from ``wait4`` (the largest is reported);
6. validates the same messages (read back from the spool) in-process with
   :class:`ijw.validation.Validator`: the bare validation rate of this machine in this run, for comparison.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer

from ijw_tools.bench.cpu import CpuSnapshot, snapshot

INVALID_EVERY = 10
TRAFFIC_KINDS = ("corpus", "year")
"""What ``ijw bench pipeline --traffic`` generates (see the module documentation)."""
YEAR_MESSAGES_PER_CLIENT = 6
"""A lower bound of the messages a client of :func:`year_messages` brings in a year (8.1 measured with
five gemeenten and ten aanbieders): clients enough for ``count`` messages with some to spare."""


@dataclass
class PipelineBenchResult:
    """Figures of one ``ijw bench pipeline`` run."""

    messages: int
    total_bytes: int
    db_url: str
    batch_size: int
    partitions: int
    publish_seconds: float
    sustained_seconds: float
    wall_seconds: float
    worker_peak_rss_bytes: int
    validation_per_s: float
    by_status: dict[str, int] = field(default_factory=dict)
    machine: str = ""
    date: str = ""
    workers: int = 1
    cpu_workers: int | None = None
    traffic: str = "corpus"
    load: str = ""
    cpu: CpuSnapshot = field(default_factory=CpuSnapshot)
    """CPU used per process group during the sustained phase (:mod:`ijw_tools.bench.cpu`)."""

    @property
    def sustained_per_s(self) -> float:
        return self.messages / self.sustained_seconds if self.sustained_seconds > 0 else 0.0

    @property
    def wall_per_s(self) -> float:
        return self.messages / self.wall_seconds if self.wall_seconds > 0 else 0.0


def generate_messages(count: int, seed: int) -> Iterator[bytes]:
    """``count`` messages, types round robin; every :data:`INVALID_EVERY`-th one carries one mutation."""
    from ijw.schema.model import load_model
    from ijw_tools.corpus.generator import generate_valid
    from ijw_tools.corpus.mutations import mutations

    model = load_model()
    names = list(model.messages)
    rng = random.Random(seed)
    for i in range(count):
        name = names[i % len(names)]
        data = generate_valid(model, name, rng)
        if i % INVALID_EVERY == INVALID_EVERY - 1:
            candidates = list(mutations(model, name, data, random.Random(f"{seed}:{i}"), 1))
            if candidates:
                data = rng.choice(candidates)[1]
        yield data


def year_messages(count: int, seed: int) -> Iterator[bytes]:
    """The first ``count`` messages of a year of traffic (2025) of five gemeenten and ten aanbieders, in
    Dagtekening order (:func:`ijw_tools.traffic.generate_traffic`, default defect rates)."""
    from ijw_tools.traffic import TrafficConfig, generate_traffic

    clients = count // YEAR_MESSAGES_PER_CLIENT + 20
    config = TrafficConfig.of_year(2025, gemeenten=5, aanbieders=10, clients=clients, seed=seed)
    produced = 0
    for message in generate_traffic(config):
        yield message.data
        produced += 1
        if produced == count:
            return
    raise ValueError(f"a year of {clients} clients brings {produced} messages, fewer than {count}")


def bench_messages(traffic: str, count: int, seed: int) -> Iterator[bytes]:
    """The messages of ``--traffic`` ``traffic`` (one of :data:`TRAFFIC_KINDS`)."""
    if traffic == "corpus":
        return generate_messages(count, seed)
    if traffic == "year":
        return year_messages(count, seed)
    raise ValueError(f"unknown traffic {traffic!r}: choose one of {', '.join(TRAFFIC_KINDS)}")


def describe_machine() -> str:
    """``<cpu count> CPUs, <RAM> GB RAM, <system>, Python <version>``."""
    ram = 0.0
    with contextlib.suppress(ValueError, OSError, AttributeError):
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} CPUs (nproc), {ram:.1f} GiB RAM, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )


def _committed_total(admin: Any, group: str) -> int:
    """Sum of the group's committed offsets (0 while the group has committed nothing)."""
    offsets = admin.list_group_offsets(group).get(group, {})
    return sum(max(0, o.offset) for o in offsets.values())


def run_pipeline_bench(
    messages: int,
    db_url: str,
    *,
    batch_size: int | None = None,
    partitions: int = 4,
    workers: int = 1,
    cpu_workers: int | None = None,
    seed: int = 20261123,
    traffic: str = "corpus",
    timeout_s: float = 3600.0,
    echo: bool = True,
) -> PipelineBenchResult:
    """Run the whole benchmark (see the module docstring) and return its figures."""
    from kafka import KafkaAdminClient

    from ijw.broker import EmbeddedBroker
    from services.ingest.producer import make_producer, publish_bytes
    from services.ingest.settings import IngestSettings

    def say(text: str) -> None:
        if echo:
            typer.echo(text, err=True)

    def terminate(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    settings = IngestSettings()
    batch_size = batch_size or settings.batch_size  # the worker's default unless asked otherwise
    group = f"ijw-bench-{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix="ijw-bench-"))
    with EmbeddedBroker(log_path=workdir / "broker.log") as broker:
        broker.create_topics(settings.topics, partitions=partitions)
        say(f"broker at {broker.bootstrap_servers}; publishing {messages} messages …")
        producer = make_producer(broker.bootstrap_servers)
        total_bytes = 0
        started = time.perf_counter()
        futures = []
        spool_path = workdir / "messages.bin"
        spool = spool_path.open("wb")
        for data in bench_messages(traffic, messages, seed):
            total_bytes += len(data)
            spool.write(len(data).to_bytes(4, "big") + data)
            futures.append(publish_bytes(producer, settings.topic_berichten, data))
            if len(futures) >= 5000:
                producer.flush()
                for f in futures:
                    f.get(timeout=0)
                futures = []
        producer.flush()
        for f in futures:
            f.get(timeout=0)
        producer.close()
        spool.close()
        publish_seconds = time.perf_counter() - started
        say(f"published in {publish_seconds:.1f} s; starting the worker …")

        subprocess.run(
            [sys.executable, "-c", "import sys; from ijw.db import migrate; migrate(sys.argv[1])", db_url],
            check=True,
        )
        env = dict(os.environ)
        env.update(
            {
                "IJW_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
                "IJW_DB_URL": db_url,
                "IJW_GROUP_ID": group,
                "IJW_BATCH_SIZE": str(batch_size),
            }
        )
        if cpu_workers is not None:
            env["IJW_CPU_WORKERS"] = str(cpu_workers)
        log_paths = [workdir / f"worker-{n}.log" for n in range(workers)]
        procs: list[subprocess.Popen[bytes]] = []
        rss: list[int] = []
        with contextlib.ExitStack() as logs:
            for log_path in log_paths:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "ijw_app", "worker", "--no-migrate"],
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=logs.enter_context(log_path.open("wb")),
                    )
                )
            wall_start = time.perf_counter()
            load_before = _load_average()
            admin = KafkaAdminClient(bootstrap_servers=broker.bootstrap_servers, client_id="ijw-bench")
            first_progress: float | None = None
            groups = {"worker": [p.pid for p in procs], "broker": [broker.pid] if broker.pid else []}
            servers = {"postgres": "database server"} if db_url.startswith("postgresql") else {}
            cpu_start = snapshot(groups, servers)
            committed = 0
            last_report = 0.0
            try:
                while committed < messages:
                    for proc, log_path in zip(procs, log_paths, strict=True):
                        if proc.poll() is not None:
                            raise RuntimeError(f"a worker exited with code {proc.returncode}; see {log_path}")
                    if time.perf_counter() - wall_start > timeout_s:
                        raise RuntimeError(f"timed out after {timeout_s:.0f} s; see {workdir}")
                    # finely around the first and the last commit, which bound the sustained window (at 0.2 s
                    # a window of 3 s of 20,000 messages was measured to within 6%), coarsely in between
                    near_end = committed >= messages - 2 * batch_size * workers
                    time.sleep(0.2 if first_progress is not None and not near_end else 0.01)
                    committed = _committed_total(admin, group)
                    now = time.perf_counter()
                    if committed and first_progress is None:
                        first_progress = now
                        cpu_start = snapshot(groups, servers)
                    if now - last_report > 10:
                        last_report = now
                        say(f"  committed {committed}/{messages}")
                done = time.perf_counter()
                cpu_used = snapshot(groups, servers).since(cpu_start)
                load_after = _load_average()
            finally:
                admin.close()
                for proc in procs:
                    proc.send_signal(signal.SIGTERM)
                for proc in procs:
                    _, status, rusage = os.wait4(proc.pid, 0)
                    proc.returncode = os.waitstatus_to_exitcode(status)
                    rss.append(int(rusage.ru_maxrss * 1024))
        by_status: dict[str, int] = {}
        for log_path in log_paths:
            for status_name, count in _final_stats(log_path).items():
                by_status[status_name] = by_status.get(status_name, 0) + count
    say("validating the same messages in-process …")
    validation_per_s = validation_rate(read_spool(spool_path))
    shutil.rmtree(workdir, ignore_errors=True)
    assert first_progress is not None
    # The first commit lands one batch after processing began: count that batch's time too.
    per_batch = (done - first_progress) / max(1, messages / batch_size - 1)
    return PipelineBenchResult(
        messages=messages,
        total_bytes=total_bytes,
        db_url=_redact(db_url),
        batch_size=batch_size,
        partitions=partitions,
        publish_seconds=publish_seconds,
        sustained_seconds=done - first_progress + per_batch,
        wall_seconds=done - wall_start,
        worker_peak_rss_bytes=max(rss),
        workers=workers,
        cpu_workers=cpu_workers,
        traffic=traffic,
        load=f"{load_before} at the start, {load_after} at the end",
        cpu=cpu_used,
        validation_per_s=validation_per_s,
        by_status=by_status,
        machine=describe_machine(),
        date=dt.date.today().isoformat(),
    )


def _load_average() -> str:
    """The 1-minute load average of the machine (other work running beside the benchmark shows in it)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def read_spool(path: Path) -> Iterator[bytes]:
    """The messages written to the spool file while publishing (4-byte length, then the bytes)."""
    with path.open("rb") as fh:
        while head := fh.read(4):
            yield fh.read(int.from_bytes(head, "big"))


def validation_rate(messages: Iterable[bytes], chunk: int = 10_000) -> float:
    """Messages/s of :meth:`Validator.validate_bytes` over ``messages`` (in-process, one core).

    Messages are read in chunks; only the validation is timed.
    """
    from ijw.validation import Validator

    validator = Validator()
    stream = iter(messages)
    elapsed = 0.0
    done = 0
    warmed = False
    while data := [d for _, d in zip(range(chunk), stream, strict=False)]:
        if not warmed:
            validator.validate_bytes(data[0])  # compile the XSDs outside the timing
            warmed = True
        started = time.perf_counter()
        for item in data:
            validator.validate_bytes(item)
        elapsed += time.perf_counter() - started
        done += len(data)
    return done / elapsed if elapsed > 0 else 0.0


def _final_stats(log_path: Path) -> dict[str, int]:
    for line in reversed(log_path.read_text(encoding="utf-8", errors="replace").splitlines()):
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("msg") == "worker stopped":
            return {str(k): int(v) for k, v in dict(entry.get("by_status") or {}).items()}
    return {}


def _redact(url: str) -> str:
    """The URL without its password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def print_report(result: PipelineBenchResult) -> None:
    """The figures, one per line."""
    echo = typer.echo
    echo(f"date:            {result.date}")
    echo(f"machine:         {result.machine}")
    echo(f"database:        {result.db_url}")
    echo(
        f"messages:        {result.messages} ({result.total_bytes / 1e6:.1f} MB), "
        f"batch size {result.batch_size}, {result.partitions} partitions, traffic {result.traffic}"
    )
    echo(f"outcomes:        {', '.join(f'{k} {v}' for k, v in sorted(result.by_status.items()))}")
    echo(f"publish:         {result.messages / result.publish_seconds:10.0f} msg/s")
    echo(f"pipeline:        {result.sustained_per_s:10.0f} msg/s sustained (broker → worker → database)")
    echo(f"pipeline wall:   {result.wall_per_s:10.0f} msg/s including worker start and group join")
    echo(f"workers:         {result.workers:10d} in one consumer group")
    cpu = "the worker's default" if result.cpu_workers is None else str(result.cpu_workers)
    echo(f"cpu workers:     {cpu:>10s} pool processes per worker")
    echo(f"load average:    {result.load} (1 min)")
    echo(
        f"worker peak RSS: {result.worker_peak_rss_bytes / 2**20:10.0f} MiB "
        "(the largest worker or pool process)"
    )
    echo(f"validation only: {result.validation_per_s:10.0f} msg/s (Validator in-process, same messages)")
    print_cpu(result)
    ratio = result.sustained_per_s / result.validation_per_s if result.validation_per_s else 0.0
    echo(f"ratio:           {ratio:10.2f} sustained / validation only (issue 17 bar: 0.5)")


def print_cpu(result: PipelineBenchResult) -> None:
    """CPU per process group from the first commit to the last, per message and against the machine."""
    cpu = result.cpu
    if cpu.total <= 0:
        return
    per = 1e6 / result.messages
    parts = ", ".join(
        f"{name} {seconds:.1f} s ({seconds * per:.0f} µs/msg)" for name, seconds in sorted(cpu.groups.items())
    )
    typer.echo(f"cpu (sustained): {parts}")
    typer.echo(
        f"machine busy:    {100 * cpu.busy_share:10.0f} % of {os.cpu_count()} CPUs while sustained "
        f"({cpu.busy * per:.0f} µs of CPU per message, all processes; validation alone "
        f"{1e6 / result.validation_per_s if result.validation_per_s else 0:.0f} µs)"
    )


# -- processor only (issue 17): validation and storage in-process, no broker --------------------------------


@dataclass
class ProcessorBenchResult:
    """Figures of one ``ijw bench ingest`` run: best rate of each side over the rounds (msg/s)."""

    messages: int
    total_bytes: int
    db_url: str
    batch_size: int
    rounds: int
    validation_per_s: float
    validation_cpu_per_s: float
    processor_per_s: float
    processor_cpu_per_s: float
    stored: int
    machine: str = ""
    date: str = ""
    prefill: int = 0
    """Messages stored in each round's database before the timed ones (0: an empty database)."""

    @property
    def ratio(self) -> float:
        return self.processor_per_s / self.validation_per_s if self.validation_per_s else 0.0

    @property
    def cpu_ratio(self) -> float:
        return self.processor_cpu_per_s / self.validation_cpu_per_s if self.validation_cpu_per_s else 0.0


@contextlib.contextmanager
def fresh_database(db_url: str, tag: str, template: str | None = None) -> Iterator[str]:
    """A new, migrated database for one round: a file next to the SQLite file named by ``db_url``, or a
    database ``<name>_<tag>`` created on the PostgreSQL server of ``db_url`` through its ``postgres``
    database (dropped afterwards). With ``template`` (a database made by this function and filled): a copy
    of it instead of an empty one."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from ijw.db import make_engine, migrate

    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        base = Path(url.database or tempfile.mkdtemp(prefix="ijw-bench-") + "/bench.sqlite")
        path = base.with_name(f"{base.stem}-{tag}.sqlite")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        fresh = url.set(database=str(path)).render_as_string(hide_password=False)
        if template is None:
            migrate(fresh)
        else:
            shutil.copyfile(str(make_url(template).database), path)
        try:
            yield fresh
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    name = f"{url.database or 'ijw'}_{tag}"
    admin = make_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            copy = f' TEMPLATE "{make_url(template).database}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        fresh = url.set(database=name).render_as_string(hide_password=False)
        if template is None:
            migrate(fresh)
        yield fresh
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextlib.contextmanager
def prefilled_database(db_url: str, count: int, seed: int, batch_size: int) -> Iterator[str]:
    """A database (as :func:`fresh_database`) holding ``count`` generated messages of ``seed``, stored by the
    processor in batches of ``batch_size``; on SQLite with its WAL checkpointed into the file, so that a copy
    of the file is the whole database."""
    from ijw.db import make_engine
    from services.ingest.contracts import IncomingMessage
    from services.ingest.processing import IngestProcessor

    with fresh_database(db_url, f"prefill{os.getpid()}") as url:
        engine = make_engine(url)
        try:
            processor = IngestProcessor(engine)
            received = dt.datetime.now(dt.UTC)
            batch: list[IncomingMessage] = []
            for i, data in enumerate(generate_messages(count, seed)):
                batch.append(IncomingMessage(data, f"prefill:{i}", received))
                if len(batch) == batch_size:
                    processor.process_batch(batch)
                    batch = []
            if batch:
                processor.process_batch(batch)
            processor.close()
            if engine.dialect.name == "sqlite":
                with engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            engine.dispose()
        yield url


def run_processor_bench(
    messages: int,
    db_url: str,
    *,
    rounds: int = 3,
    batch_size: int = 500,
    cpu_workers: int = 0,
    seed: int = 20261123,
    prefill: int = 0,
    echo: bool = True,
) -> ProcessorBenchResult:
    """``IngestProcessor.process_batch`` (validation, idempotency, storage, retours; batches of
    ``batch_size``, each round into a fresh database) next to ``Validator.validate_bytes`` on the same
    messages, alternating which side goes first; per side the best wall-clock and the best CPU rate count.

    ``prefill``: each round's database first holds that many other generated messages (seed ``seed + 1``,
    stored once outside the timing and copied per round), to measure storing into a database that has grown.
    """
    import gc

    from ijw.db import make_engine
    from ijw.validation import Validator
    from services.ingest.contracts import IncomingMessage
    from services.ingest.processing import IngestProcessor

    def say(text: str) -> None:
        if echo:
            typer.echo(text, err=True)

    data = list(generate_messages(messages, seed))
    received = dt.datetime.now(dt.UTC)
    items = [IncomingMessage(d, f"bench:{i}", received) for i, d in enumerate(data)]
    validator = Validator()
    validator.validate_bytes(data[0])  # compile the XSDs outside the timing
    best = {"validation": [0.0, 0.0], "processor": [0.0, 0.0]}
    stored = 0
    with contextlib.ExitStack() as outer:
        template = None
        if prefill:
            say(f"storing {prefill} other messages into the database every round starts from …")
            template = outer.enter_context(prefilled_database(db_url, prefill, seed + 1, batch_size))
        for round_ in range(rounds):
            sides = ["validation", "processor"] if round_ % 2 == 0 else ["processor", "validation"]
            for side in sides:
                gc.collect()
                with contextlib.ExitStack() as stack:
                    if side == "processor":
                        url = stack.enter_context(
                            fresh_database(db_url, f"r{os.getpid()}_{round_}", template)
                        )
                        engine = make_engine(url)
                        stack.callback(engine.dispose)
                        processor = IngestProcessor(engine, validator, cpu_workers=cpu_workers)
                        stack.callback(processor.close)
                        if processor.pool is not None:
                            processor.pool.start()  # outside the timing
                    wall, cpu = time.perf_counter(), time.process_time()
                    if side == "validation":
                        for d in data:
                            validator.validate_bytes(d)
                    else:
                        outcomes = []
                        for start in range(0, len(items), batch_size):
                            outcomes += processor.process_batch(items[start : start + batch_size])
                        stored = sum(1 for o in outcomes if o.status != "duplicate")
                    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                rates = best[side]
                rates[0] = max(rates[0], messages / wall)
                rates[1] = max(rates[1], messages / cpu)
                say(
                    f"  round {round_ + 1} {side:10s} {messages / wall:8.0f} msg/s "
                    f"({messages / cpu:.0f} per CPU s)"
                )
    return ProcessorBenchResult(
        messages=messages,
        total_bytes=sum(map(len, data)),
        db_url=_redact(db_url),
        batch_size=batch_size,
        rounds=rounds,
        validation_per_s=best["validation"][0],
        validation_cpu_per_s=best["validation"][1],
        processor_per_s=best["processor"][0],
        processor_cpu_per_s=best["processor"][1],
        stored=stored,
        machine=describe_machine(),
        date=dt.date.today().isoformat(),
        prefill=prefill,
    )


def print_processor_report(result: ProcessorBenchResult) -> None:
    """The figures of :func:`run_processor_bench`, one per line."""
    echo = typer.echo
    echo(f"date:            {result.date}")
    echo(f"machine:         {result.machine}")
    holding = f", each holding {result.prefill} other messages first" if result.prefill else ""
    echo(f"database:        {result.db_url} (a fresh database per round{holding})")
    echo(
        f"messages:        {result.messages} ({result.total_bytes / 1e6:.1f} MB), batch size "
        f"{result.batch_size}, best of {result.rounds} alternating rounds; {result.stored} stored"
    )
    echo(
        f"validation only: {result.validation_per_s:10.0f} msg/s "
        f"({result.validation_cpu_per_s:.0f} per CPU s)"
    )
    echo(
        f"processor:       {result.processor_per_s:10.0f} msg/s ({result.processor_cpu_per_s:.0f} per CPU s "
        "of this process; the database server's time is not in it)"
    )
    echo(f"ratio:           {result.ratio:.2f} wall, {result.cpu_ratio:.2f} CPU (issue 17 bar: 0.5)")

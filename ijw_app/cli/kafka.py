"""``ijw broker``, ``ijw worker``, ``ijw publish`` and ``ijw bench pipeline``: the Kafka side of ingest.

* ``ijw broker`` runs the embedded Tansu broker (in-memory: development and tests only) in the foreground.
* ``ijw worker`` consumes ``ijw.berichten`` into the database until SIGTERM/SIGINT.
* ``ijw publish`` sends message files to ``ijw.berichten`` with partition key afzender/ontvanger.
"""

from __future__ import annotations

import logging
import signal
import threading
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Any

import typer

from ijw.safeparse import MessageRejected
from ijw_app.cli.database import DB_OPTION, Reach
from ijw_app.cli.inputs import require_paths


def broker(
    port: int = typer.Option(0, help="port on 127.0.0.1 (0: a free port)"),
    partitions: int = typer.Option(4, min=1, help="partitions of the topics created"),
    log_file: Path | None = typer.Option(None, "--log", help="broker output (default: a temporary file)"),
) -> None:
    """Run the embedded Kafka-protocol broker (in-memory, development only) until Ctrl-C."""
    from ijw.broker import BrokerError, EmbeddedBroker
    from services.ingest.settings import IngestSettings

    settings = IngestSettings()
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)
    try:
        embedded = EmbeddedBroker(port=port or None, log_path=log_file).start()
    except BrokerError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    try:
        embedded.create_topics(settings.topics, partitions=partitions)
        typer.echo(f"bootstrap: {embedded.bootstrap_servers}")
        typer.echo(f"topics:    {', '.join(settings.topics)} ({partitions} partitions)")
        typer.echo(f"log:       {embedded.log_path}")
        typer.echo("in-memory broker: everything is lost when it stops. Ctrl-C to stop.", err=True)
        while not stop.wait(0.5):
            if not embedded.running:
                typer.echo("error: the broker exited", err=True)
                raise typer.Exit(1)
    finally:
        embedded.stop()


class LogLevel(StrEnum):
    """The levels of ``ijw worker --log-level``."""

    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


class BenchTraffic(StrEnum):
    """The traffic of ``ijw bench pipeline --traffic`` (``ijw_tools.bench.ingest.TRAFFIC_KINDS``)."""

    CORPUS = "corpus"
    YEAR = "year"


def worker(
    db: str | None = DB_OPTION,
    bootstrap: str | None = typer.Option(
        None, "--bootstrap", help="bootstrap servers (default: IJW_BOOTSTRAP_SERVERS)"
    ),
    group: str | None = typer.Option(
        None, "--group", help="consumer group (default: IJW_GROUP_ID or ijw-ingest)"
    ),
    batch_size: int | None = typer.Option(
        None, "--batch-size", min=1, help="records per poll and transaction"
    ),
    cpu_workers: int | None = typer.Option(
        None,
        "--cpu-workers",
        min=0,
        help="processes that validate and prepare messages beside the worker "
        "(default: IJW_CPU_WORKERS, else one per CPU beyond the first, at most 4; 0: none)",
    ),
    metrics_port: int | None = typer.Option(
        None, "--metrics-port", help="serve Prometheus metrics on this port"
    ),
    migrate_db: bool = typer.Option(
        True,
        "--migrate/--no-migrate",
        help="upgrade an older schema first (--no-migrate: refuse it, and do not wait for a PostgreSQL "
        "server at the start: the batches are retried until it answers)",
    ),
    log_level: LogLevel = typer.Option(
        LogLevel.INFO, "--log-level", case_sensitive=False, help="the least severity logged"
    ),
) -> None:
    """Consume ijw.berichten into the database until SIGTERM/SIGINT (JSON logs on stderr)."""
    from services.ingest.observability import configure_logging, start_metrics_server
    from services.ingest.settings import IngestSettings
    from services.ingest.worker import IngestWorker

    overrides: dict[str, Any] = {}
    if db is not None:
        overrides["db_url"] = db
    if bootstrap is not None:
        overrides["bootstrap_servers"] = bootstrap
    if group is not None:
        overrides["group_id"] = group
    if batch_size is not None:
        overrides["batch_size"] = batch_size
    if cpu_workers is not None:
        overrides["cpu_workers"] = cpu_workers
    if metrics_port is not None:
        overrides["metrics_port"] = metrics_port
    settings = IngestSettings(**overrides)
    # the URL, the driver, a SQLite file and its folder: nothing that waits for a server
    check_worker_database(settings.db_url, "none", given=db is not None)
    configure_logging(log_level.value)
    processor = make_processor(settings.db_url, False, settings.cpu_workers)
    ingest = IngestWorker(settings, processor)
    ingest.install_signal_handlers()
    try:  # the schema, under the signal handlers: a SIGTERM while the server hangs ends in time
        check_worker_database(
            settings.db_url, "all" if migrate_db else "local", given=db is not None, upgrade=migrate_db
        )
    except BaseException:
        processor.close()
        raise
    if ingest.stopping:
        processor.close()
        return
    stop_metrics = None
    if settings.metrics_port is not None:
        stop_metrics = start_metrics_server(
            ingest.metrics, settings.metrics_port, settings.metrics_host, ingest.liveness
        )
    try:
        ingest.run()
    except Exception as exc:  # only the start can fail: the loop retries what goes wrong inside it
        from kafka.errors import KafkaError

        if not isinstance(exc, KafkaError):
            raise
        typer.echo(f"error: cannot use the Kafka broker at {settings.bootstrap_servers}: {exc}", err=True)
        raise typer.Exit(1) from None
    finally:
        processor.close()
        if stop_metrics is not None:
            stop_metrics()
    if ingest.exit_code:
        raise typer.Exit(ingest.exit_code)


def check_worker_database(url: str, reach: Reach, *, given: bool, upgrade: bool = False) -> None:
    """Check the worker's database as far as ``reach`` (:func:`ijw_app.cli.database.check_database`),
    upgrading an older schema with ``upgrade``; a problem ends the command with one line and exit 2.

    With ``--no-migrate`` (``reach="local"``) a PostgreSQL server is not waited for at the start: the worker
    rides out a database that is not up yet as it rides out one that goes away, by retrying its batches. The
    worker keeps its own engine (the check's is disposed of).
    """
    from ijw_app.cli.database import DatabaseProblem, check_database, fail

    chatter = logging.getLogger("alembic")  # its INFO lines ("Context impl SQLiteImpl.") are noise here
    level = chatter.level
    chatter.setLevel(logging.WARNING)
    try:
        check_database(url, upgrade=upgrade, given=given, reach=reach).dispose()
    except DatabaseProblem as exc:
        raise fail(str(exc)) from None
    finally:
        chatter.setLevel(level)


def make_processor(db_url: str, migrate_db: bool = True, cpu_workers: int | None = 0) -> Any:
    """The real ``IngestProcessor`` on ``db_url`` (migrated first unless told otherwise), with a pool of
    ``cpu_workers`` processes (None: the default for this machine)."""
    from ijw.db import make_engine, migrate
    from services.ingest.preparation import default_cpu_workers
    from services.ingest.processing import IngestProcessor

    if migrate_db:
        migrate(db_url)
    workers = default_cpu_workers() if cpu_workers is None else cpu_workers
    return IngestProcessor(make_engine(db_url), cpu_workers=workers)


def publish(
    paths: list[Path] = typer.Argument(..., help="XML message files or folders of them"),
    bootstrap: str | None = typer.Option(
        None, "--bootstrap", help="bootstrap servers (default: IJW_BOOTSTRAP_SERVERS)"
    ),
    topic: str | None = typer.Option(
        None, "--topic", help="topic (default: IJW_TOPIC_BERICHTEN or ijw.berichten)"
    ),
    compression: str | None = typer.Option(
        None,
        "--compression",
        help="none, gzip, snappy, lz4 or zstd (default: IJW_COMPRESSION_TYPE or lz4)",
    ),
) -> None:
    """Publish message files to ijw.berichten, keyed by afzender/ontvanger (order kept per pair)."""
    from pydantic import ValidationError

    from services.ingest.producer import publish_files
    from services.ingest.settings import IngestSettings

    require_paths(paths)
    overrides: dict[str, Any] = {"bootstrap_servers": bootstrap} if bootstrap else {}
    if compression is not None:
        overrides["compression_type"] = compression
    try:
        settings = IngestSettings(**overrides)
    except ValidationError as exc:
        typer.echo(f"error: {exc.errors()[0]['msg']}: --compression {compression}", err=True)
        raise typer.Exit(2) from None
    refused: list[str] = []

    def report(path: Path, exc: MessageRejected) -> None:
        refused.append(str(path))
        typer.echo(f"not published: {path}: {exc.code}: {exc.reason}", err=True)

    count = publish_files(
        paths,
        settings.bootstrap_servers,
        topic or settings.topic_berichten,
        report,
        settings.compression_type,
    )
    typer.echo(
        f"published {count} messages to {topic or settings.topic_berichten} at {settings.bootstrap_servers}"
    )
    if refused:
        raise typer.Exit(1)


def bench_pipeline(
    messages: int = typer.Option(100_000, "--messages", min=1, help="generated messages to push through"),
    db: str = typer.Option(..., "--db", help="database URL (its ingest tables are written to)"),
    batch_size: int | None = typer.Option(
        None,
        "--batch-size",
        min=1,
        help="records per poll and transaction (default: the worker's, IJW_BATCH_SIZE or 1000)",
    ),
    partitions: int = typer.Option(4, "--partitions", min=1, help="partitions of ijw.berichten"),
    workers: int = typer.Option(1, "--workers", min=1, help="worker processes in the consumer group"),
    cpu_workers: int | None = typer.Option(
        None, "--cpu-workers", min=0, help="each worker's --cpu-workers (default: the worker's default)"
    ),
    seed: int = typer.Option(20261123, "--seed", help="seed of the generated messages"),
    traffic: BenchTraffic = typer.Option(
        BenchTraffic.CORPUS,
        "--traffic",
        help="corpus: random XSD-valid messages of all types, most breaking a rule; year: a year of a "
        "region's traffic through the process of the standard",
    ),
) -> None:
    """Broker → worker → database throughput, the worker's peak RSS and the bare validation rate."""
    from ijw_tools.bench.ingest import print_report, run_pipeline_bench

    result = run_pipeline_bench(
        messages,
        db,
        batch_size=batch_size,
        partitions=partitions,
        workers=workers,
        cpu_workers=cpu_workers,
        seed=seed,
        traffic=traffic.value,
    )
    print_report(result)

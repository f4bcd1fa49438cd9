"""``ijw demo``: the main job end to end on the embedded default.

Generates a year of realistic iJw traffic for a few gemeenten and aanbieders (with known injected defects and
their ground truth), starts the embedded Kafka-protocol broker, publishes the traffic to ``ijw.berichten``,
runs the ingest worker into a SQLite database, and reports what happened. Each service that lands adds its
stage here, so the README's first command always shows the whole product as far as it is built. Re-running
it is safe: the output folder is made anew.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import func, select


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def demo(
    out: Path = typer.Option(Path("out"), help="output folder (made anew)"),
    clients: int = typer.Option(400, help="clients in the generated traffic"),
    gemeenten: int = typer.Option(4),
    aanbieders: int = typer.Option(8),
    year: int = typer.Option(2025, help="the year of traffic"),
    seed: int = typer.Option(20261123),
    serve: bool = typer.Option(False, "--serve", help="afterwards keep serving the HTTP API until Ctrl-C"),
    port: int = typer.Option(8000, help="port for --serve (127.0.0.1)"),
) -> None:
    """Generate traffic, publish it through the embedded broker, ingest it into SQLite, and report."""
    import datetime as dt

    from ijw.broker import EmbeddedBroker, create_topics
    from ijw.db import make_engine, migrate
    from ijw.db import models as m
    from ijw.traffic import TrafficConfig, generate_traffic
    from services.ingest.processing import IngestProcessor
    from services.ingest.producer import make_producer, publish_many
    from services.ingest.settings import IngestSettings
    from services.ingest.worker import IngestWorker

    console = Console()
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    berichten_dir = out / "berichten"
    berichten_dir.mkdir(parents=True)

    # 1. traffic, with the ground truth of the injected defects beside it
    config = TrafficConfig(
        gemeenten=gemeenten,
        aanbieders=aanbieders,
        clients=clients,
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 12, 31),
        seed=seed,
    )
    run = generate_traffic(config)
    messages: list[bytes] = []
    with console.status("generating traffic"):
        for msg in run:
            (berichten_dir / msg.file_name).write_bytes(msg.data)
            messages.append(msg.data)
    with open(out / "ground-truth.jsonl", "w", encoding="utf-8") as fh:
        for record in run.ground_truth:
            fh.write(record.to_json() + "\n")
    console.print(f"generated {len(messages)} messages for {clients} clients in {year}: {berichten_dir}")

    # 2. database and broker
    db_path = out / "ijw.sqlite"
    db_url = f"sqlite:///{db_path}"
    migrate(db_url)
    engine = make_engine(db_url)
    with EmbeddedBroker(log_path=out / "broker.log") as broker:
        settings = IngestSettings(
            bootstrap_servers=broker.bootstrap_servers, db_url=db_url, group_id="ijw-demo"
        )
        topics = [
            settings.topic_berichten,
            settings.topic_retour,
            settings.topic_gevalideerd,
            settings.topic_dlq,
        ]
        create_topics(broker.bootstrap_servers, topics, partitions=settings.partitions)
        console.print(f"embedded broker on {broker.bootstrap_servers}, topics: {', '.join(topics)}")
        producer = make_producer(broker.bootstrap_servers)
        with console.status("publishing to ijw.berichten"):
            publish_many(producer, settings.topic_berichten, messages)
            producer.close()

        # 3. the ingest worker, until every published message is processed
        worker = IngestWorker(settings, IngestProcessor(engine))
        with _progress(console) as progress:
            task = progress.add_task("ingest worker", total=len(messages))
            idle = 0
            while worker.stats.records < len(messages) and idle < 30:
                n = worker.run_once()
                idle = 0 if n else idle + 1
                progress.update(task, completed=worker.stats.records)
        worker.close()

    # 4. what happened
    with engine.connect() as conn:
        per_type = conn.execute(
            select(m.Bericht.berichtsoort, m.Bericht.status, func.count()).group_by(
                m.Bericht.berichtsoort, m.Bericht.status
            )
        ).all()
        top = conn.execute(
            select(m.FindingRow.rule, func.count())
            .where(m.FindingRow.severity == "error")
            .group_by(m.FindingRow.rule)
            .order_by(func.count().desc())
            .limit(10)
        ).all()
        retours = conn.execute(select(func.count()).where(m.Bericht.retour_xml.is_not(None))).scalar_one()
    counts: Counter[tuple[str, str]] = Counter({(t or "-", s): n for t, s, n in per_type})
    table = Table(title="Messages per type")
    for column in ("bericht", "valid", "invalid", "rejected"):
        table.add_column(column, justify="left" if column == "bericht" else "right")
    for name in sorted({t for t, _ in counts}):
        table.add_row(name, *(str(counts[(name, s)]) for s in ("valid", "invalid", "rejected")))
    console.print(table)
    console.print("top findings: " + (", ".join(f"{rule} ×{n}" for rule, n in top) or "none"))
    summary = {
        "messages_generated": len(messages),
        "messages_processed": worker.stats.records,
        "by_status": dict(worker.stats.by_status),
        "retour_messages": retours,
        "injected_defects": len(run.ground_truth),
        "top_findings": {rule: n for rule, n in top},
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    console.print(
        f"processed {worker.stats.records} of {len(messages)} messages "
        f"({', '.join(f'{k} {v}' for k, v in sorted(worker.stats.by_status.items()))}); "
        f"{retours} retour messages; {len(run.ground_truth)} injected defects in the ground truth"
    )
    console.print(f"done in {summary['seconds']} s. Outputs:")
    for label, path in (
        ("messages", berichten_dir),
        ("ground truth", out / "ground-truth.jsonl"),
        ("database", db_path),
        ("summary", out / "summary.json"),
        ("broker log", out / "broker.log"),
    ):
        console.print(f"  {label + ':':14s} {path}")
    if worker.stats.records < len(messages):
        raise typer.Exit(1)
    if serve:
        _serve(console, db_url, port)


def _serve(console: Console, db_url: str, port: int) -> None:
    import uvicorn

    from ijw.auth.credentials import issue
    from ijw.db import make_engine
    from services.ingest.api.app import create_app
    from services.ingest.api.settings import ApiSettings

    key = issue(make_engine(db_url), "beheerder", "demo", label="ijw demo")
    console.print(f"serving http://127.0.0.1:{port}/docs — beheerder key (shown once): {key.key}")
    uvicorn.run(create_app(ApiSettings(db_url=db_url)), host="127.0.0.1", port=port, log_level="warning")

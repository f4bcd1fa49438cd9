"""``ijw demo``: the main job end to end on the embedded default.

Generates a year of realistic iJw traffic for a few gemeenten and aanbieders (with known injected defects and
their ground truth), starts the embedded Kafka-protocol broker, publishes the traffic to ``ijw.berichten``,
runs the ingest worker into a SQLite database, runs the quality service (linking, cross-message rules,
deadlines, feedback on ``ijw.kwaliteit``, the report and the Great Expectations suites), and reports what
happened. Each service that lands adds its
stage here, so the README's first command always shows the whole product as far as it is built. Re-running
it is safe: the output folder is made anew.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import Engine, func, select

from ijw.broker import EmbeddedBroker, create_topics
from ijw.pseudonym import PSEUDONYM_KEY_ENV

DEMO_PSEUDONYM_KEY = "ijw-demo-pseudonym-key-not-for-production"
"""The pseudonym key of the demo's exports and ``--serve`` (synthetic data only; never a real key)."""


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def demo(
    ctx: typer.Context,
    out: Path = typer.Option(Path("out"), help="output folder (made anew)"),
    clients: int = typer.Option(400, min=1, help="clients in the generated traffic"),
    gemeenten: int = typer.Option(4, min=1, help="gemeenten in the generated traffic"),
    aanbieders: int = typer.Option(8, min=1, help="aanbieders in the generated traffic"),
    year: int = typer.Option(2025, min=2021, help="the year of traffic"),
    seed: int = typer.Option(20261123, help="random seed of the traffic: the same seed, the same demo"),
    serve: bool = typer.Option(False, "--serve", help="afterwards keep serving the HTTP API until Ctrl-C"),
    port: int = typer.Option(8000, help="port for --serve (127.0.0.1)"),
) -> None:
    """Generate traffic, publish it through the embedded broker, ingest it into SQLite, and report."""
    from ijw.db import make_engine, migrate
    from ijw.db import models as m
    from ijw_tools.traffic import TrafficConfig, generate_traffic
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
    config = TrafficConfig.of_year(
        year, gemeenten=gemeenten, aanbieders=aanbieders, clients=clients, seed=seed
    )
    try:
        run = generate_traffic(config)
    except ValueError as exc:  # such as more clients than the gemeenten can hold
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    messages: list[bytes] = []
    with console.status("generating traffic"):
        for msg in run:
            (berichten_dir / msg.file_name).write_bytes(msg.data)
            messages.append(msg.data)
    with open(out / "ground-truth.jsonl", "w", encoding="utf-8") as fh:
        for record in run.ground_truth:
            fh.write(record.to_json() + "\n")
    console.print(f"generated {len(messages)} messages for {clients} clients in {year}: {berichten_dir}")
    _use_regional_catalogue(ctx, console, run, out / "productcodes")

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
        # iJw messages carry AGB codes only: the names the generator gave the aanbieders, for the dashboard
        from services.present.names import record_names

        record_names(engine, "aanbieder", {a.agb: a.naam for a in run.scenario.aanbieders})

        # 4. the quality service: link, judge, announce feedback per aanbieder on ijw.kwaliteit
        quality = _quality_stage(console, engine, db_url, broker.bootstrap_servers, out, config.period_end)

    # 5. the export service: BIJ records per verslagperiode, Iv3 per taakveld, reconciliation, indicators
    exports = _export_stage(console, engine, out / "export", year)

    # 6. what happened
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
        "quality": quality,
        "exports": exports,
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
        ("findings", out / "findings.jsonl"),
        ("report", out / "rapport" / "report.html"),
        ("exports", out / "export"),
        ("broker log", out / "broker.log"),
    ):
        console.print(f"  {label + ':':14s} {path}")
    if worker.stats.records < len(messages):
        raise typer.Exit(1)
    if serve:
        _serve(console, db_url, port)


def _use_regional_catalogue(ctx: typer.Context, console: Console, run: Any, folder: Path) -> None:
    """Publish the regional gemeente's catalogue (hulpvorm and taakveld of its regional codes) and load it
    through ``IJW_PRODUCTCODES_DIR`` for the rest of the demo (``--serve`` included), as a gemeente would."""
    from ijw.productcodes.loader import ENV_DIR
    from ijw_tools.traffic.catalogue import write_regional_catalogue

    path = write_regional_catalogue(run, folder)
    previous = os.environ.get(ENV_DIR)
    os.environ[ENV_DIR] = str(folder.resolve())

    def restore() -> None:
        if previous is None:
            os.environ.pop(ENV_DIR, None)
        else:
            os.environ[ENV_DIR] = previous

    ctx.call_on_close(restore)
    console.print(f"gemeente catalogue of the regional product codes: {path} ({ENV_DIR}={folder})")


def _quality_stage(
    console: Console, engine: Engine, db_url: str, bootstrap: str, out: Path, as_of: dt.date
) -> dict[str, Any]:
    """Run the quality service on the demo database; write findings, the report and the suite results."""
    from services.ingest.producer import make_producer
    from services.quality.expectations import run_suites
    from services.quality.feedback import TOPIC, publish_feedback
    from services.quality.findings import iter_findings
    from services.quality.report import write_report
    from services.quality.run import run_quality

    with console.status("quality: linking trajectories and judging cross-message rules"):
        summary = run_quality(engine, as_of=as_of)
    create_topics(bootstrap, [TOPIC], partitions=4)
    producer = make_producer(bootstrap)
    try:
        published = publish_feedback(engine, producer)
    finally:
        producer.close()
    with engine.connect() as conn, open(out / "findings.jsonl", "w", encoding="utf-8") as fh:
        for record in iter_findings(conn):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    with console.status("quality: Great Expectations suites over the linked tables"):
        suites = run_suites(db_url)
    # after the suites: the report shows their results
    write_report(engine, out / "rapport", None, None, as_of)
    failed = [r.suite for r in suites if not r.success]
    top = sorted(summary.by_check.items(), key=lambda item: (-item[1], item[0]))[:8]
    console.print(
        f"quality: linked {summary.linked} messages, {summary.aankomst_findings} cross-message and "
        f"{summary.stand_findings} deadline/completeness findings; {published} feedback events on {TOPIC}; "
        f"suites {len(suites) - len(failed)}/{len(suites)} hold"
        + (f" (not: {', '.join(failed)})" if failed else "")
    )
    console.print("top quality findings: " + (", ".join(f"{check} ×{n}" for check, n in top) or "none"))
    audit = summary.audit
    console.print(audit.headline())
    return {
        "linked": summary.linked,
        "findings_by_check": summary.by_check,
        "feedback_events": published,
        "suites": {r.suite: r.success for r in suites},
        "audit": asdict(audit),
    }


def _export_stage(console: Console, engine: Engine, folder: Path, year: int) -> dict[str, int]:
    """Write the exports of ``year`` into ``folder`` (``services/export/batch.py``, as ``ijw export run``);
    BSN pseudonymised with a demo key (never a real key). Returns the rows per file, companions included."""
    from ijw.pseudonym import Pseudonymiser
    from services.export.batch import coverage_summary, write_exports

    pseudonym = Pseudonymiser.required(DEMO_PSEUDONYM_KEY.encode())
    counts = write_exports(engine, folder, [year], bsn=pseudonym, min_cell=5)
    companions = (".unexportable.csv", ".unmapped.csv")
    shown = {name: n for name, n in counts.items() if not name.endswith(companions)}
    console.print(
        f"exports: {len(counts)} files in {folder}; "
        + ", ".join(f"{name} {n} rows" for name, n in shown.items())
    )
    console.print(coverage_summary(folder, [year]))
    return counts


def _serve(console: Console, db_url: str, port: int) -> None:
    """Serve the API and the dashboard on the demo database, with a key for each kind of party."""
    import uvicorn

    from ijw.auth.credentials import issue
    from ijw.db import make_engine
    from ijw.db import models as m
    from ijw_app.http import create_app
    from services.ingest.api.settings import ApiSettings

    # the demo's exports were pseudonymised with the demo key: the API and dashboard use it too
    os.environ.setdefault(PSEUDONYM_KEY_ENV, DEMO_PSEUDONYM_KEY)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        parties = conn.execute(select(m.Party.soort, m.Party.code).order_by(m.Party.code)).all()
    gemeente = next(code for soort, code in parties if soort == "gemeente")
    aanbieder = next(code for soort, code in parties if soort == "aanbieder")
    keys = [
        ("beheerder", issue(engine, "beheerder", "demo", label="ijw demo").key),
        (f"gemeente {gemeente}", issue(engine, "gemeente", gemeente, label="ijw demo").key),
        (f"aanbieder {aanbieder}", issue(engine, "aanbieder", aanbieder, label="ijw demo").key),
        (
            f"afnemer (iv3 and indicators of gemeente {gemeente})",
            issue(
                engine,
                "afnemer",
                "demo-regio",
                label="ijw demo",
                exports=["iv3", "indicators"],
                gemeenten=[gemeente],
            ).key,
        ),
        ("afnemer (every export)", issue(engine, "afnemer", "demo-cbs", label="ijw demo").key),
    ]
    engine.dispose()
    console.print(f"serving http://127.0.0.1:{port}/dashboard and /docs; demo keys (synthetic data only):")
    for who, key in keys:
        console.print(f"  {who + ':':48s} {key}", soft_wrap=True)
    uvicorn.run(create_app(ApiSettings(db_url=db_url)), host="127.0.0.1", port=port, log_level="warning")

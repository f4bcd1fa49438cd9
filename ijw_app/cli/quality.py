"""``ijw quality``: link the stored traffic, judge it, and report the findings.

- ``ijw quality run --db URL [--full] [--as-of DATE] [--publish --bootstrap HOST:PORT]``: link the new
  messages (all of them again with ``--full``), recompute deadlines and completeness at ``--as-of`` (default:
  the latest Dagtekening) and optionally announce new findings on the feedback topic ``ijw.kwaliteit``.
- ``ijw quality findings --db URL [--json] [--aanbieder AGB] [--gemeente CODE] [--check CODE] [--refresh]``:
  every finding, ingest and quality alike; with ``--json`` one object per line (the contract of DESIGN.md).
  When the quality service has not run since the last message was stored it says so on stderr;
  ``--refresh`` runs it first.
- ``ijw quality status --db URL [--json]``: when the quality service last ran, its as-of date, and how many
  stored messages it has not seen (exit 0 when current, 1 when behind).
- ``ijw quality evaluate``: precision and recall of the checks on generated traffic with injected defects.

Exit codes: 0 on success (findings are results, not failures); ``evaluate`` exits 1 when a check falls
below 99% precision or recall, ``status`` when the service is behind; 2 on a usage error.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Literal

import typer
from rich.console import Console
from rich.table import Table

from ijw_app.cli.database import DB_OPTION

app = typer.Typer(no_args_is_help=True)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


@app.command("run")
def run(
    db: str | None = DB_OPTION,
    full: bool = typer.Option(False, "--full", help="rebuild the linked state from every message"),
    as_of: str | None = typer.Option(None, "--as-of", help="judge deadlines on this date (YYYY-MM-DD)"),
    publish: bool = typer.Option(False, "--publish", help="announce new findings on the feedback topic"),
    bootstrap: str | None = typer.Option(None, "--bootstrap", help="Kafka bootstrap servers for --publish"),
    as_json: bool = typer.Option(False, "--json", help="print the run summary as JSON"),
    every: int = typer.Option(0, "--every", min=0, help="run again every N seconds (0: once); for a service"),
    heartbeat: Path | None = typer.Option(None, "--heartbeat", help="touch this file after every run"),
) -> None:
    """Link the stored messages and judge the cross-message rules, deadlines and completeness."""
    from ijw_app.cli.service_loop import repeat

    def once(round_: int) -> None:  # a rebuild (--full) is asked once, not on every round
        _run_once(db, full and round_ == 0, as_of, publish, bootstrap, as_json)

    repeat(once, every=every, heartbeat=heartbeat)


def _run_once(
    db: str | None, full: bool, as_of: str | None, publish: bool, bootstrap: str | None, as_json: bool
) -> None:
    from ijw_app.cli.database import open_database
    from services.quality.run import run_quality

    if publish and not bootstrap:
        raise typer.BadParameter("--publish needs --bootstrap HOST:PORT", param_hint="--bootstrap")
    engine = open_database(db, upgrade=True)
    try:
        summary = run_quality(engine, full=full, as_of=_date(as_of))
        published = None
        if publish and bootstrap:
            from services.ingest.producer import make_producer
            from services.quality.feedback import publish_feedback

            producer = make_producer(bootstrap)
            try:
                published = publish_feedback(engine, producer)
            finally:
                producer.close()
    finally:
        engine.dispose()
    if as_json:
        print(json.dumps(summary.as_dict() | {"published": published}, sort_keys=True))
        return
    console = Console()
    console.print(
        f"linked {summary.linked} messages in {summary.partitions} aanbieder partitions "
        f"({summary.seconds_linking:.1f} s); judged at {summary.as_of or '– (no messages stored yet)'} "
        f"({summary.seconds_stand:.1f} s)"
    )
    table = Table("check", "findings")
    for check, n in summary.by_check.items():
        table.add_row(check, str(n))
    console.print(table)
    console.print(summary.audit.headline())
    if published is not None:
        console.print(f"published {published} feedback events")


@app.command("findings")
def findings(
    db: str | None = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="one JSON object per finding per line"),
    aanbieder: str | None = typer.Option(None, "--aanbieder", help="only this AGB code's findings"),
    gemeente: str | None = typer.Option(None, "--gemeente", help="only this gemeentecode's findings"),
    check: str | None = typer.Option(None, "--check", help="only this check code"),
    no_info: bool = typer.Option(False, "--no-info", help="leave out informational findings"),
    refresh: bool = typer.Option(
        False, "--refresh", help="run the quality service first (new messages only)"
    ),
) -> None:
    """Every finding of the stored traffic (ingest and quality)."""
    from ijw_app.cli.database import open_database, require_party
    from services.quality.findings import FindingFilter, iter_findings
    from services.quality.run import run_quality
    from services.quality.status import quality_status

    engine = open_database(db, upgrade=refresh)
    flt = FindingFilter(aanbieder=aanbieder, gemeente=gemeente, check=check, include_info=not no_info)
    counts: dict[str, int] = {}
    try:
        require_party(engine, "aanbieder", aanbieder, "--aanbieder")
        require_party(engine, "gemeente", gemeente, "--gemeente")
        if refresh:
            run_quality(engine)
        with engine.connect() as conn:
            warning = quality_status(conn).warning()
            if warning is not None:
                typer.echo(f"warning: {warning}", err=True)
            for record in iter_findings(conn, flt):
                if as_json:
                    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    counts[record["check"]] = counts.get(record["check"], 0) + 1
    finally:
        engine.dispose()
    if not as_json:
        table = Table("check", "findings")
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            table.add_row(code, str(n))
        Console().print(table)


@app.command("status")
def status(
    db: str | None = DB_OPTION,
    as_json: bool = typer.Option(False, "--json", help="print the status as JSON"),
) -> None:
    """When the quality service last ran and how many stored messages it has not seen yet."""
    from ijw_app.cli.database import open_database
    from services.quality.status import quality_status

    engine = open_database(db)
    try:
        with engine.connect() as conn:
            state = quality_status(conn)
    finally:
        engine.dispose()
    if as_json:
        print(json.dumps(state.as_dict(), sort_keys=True))
    else:
        table = Table(show_header=False)
        table.add_column()
        table.add_column()
        table.add_row("last run", state.last_run or "never")
        table.add_row("judged at (as of)", state.as_of or "–")
        table.add_row("messages stored", str(state.messages))
        table.add_row("stored since the last run", str(state.behind))
        table.add_row("valid messages not linked", str(state.unlinked))
        table.add_row("findings current", "yes" if state.current else "no")
        Console().print(table)
    if not state.current:
        raise typer.Exit(1)


@app.command("evaluate")
def evaluate(
    clients: int = typer.Option(6000, "--clients", min=10, help="clients of the generated traffic"),
    gemeenten: int = typer.Option(4, "--gemeenten", min=1, help="gemeenten of the generated traffic"),
    aanbieders: int = typer.Option(10, "--aanbieders", min=1, help="aanbieders of the generated traffic"),
    year: int = typer.Option(2025, "--year", min=2021, help="the year of generated traffic"),
    seed: int = typer.Option(1, "--seed", help="random seed: the same seed gives the same traffic"),
    db: str | None = typer.Option(None, "--db", help="database URL (default: a fresh SQLite file in --out)"),
    out: Path = typer.Option(Path("out/evaluate"), "--out", help="folder for the database and the report"),
    as_json: bool = typer.Option(False, "--json", help="print the result as JSON"),
) -> None:
    """Precision and recall of every check against the ground truth of generated traffic."""
    from ijw_tools.evaluate import evaluate as run_evaluation
    from ijw_tools.traffic import TrafficConfig

    out.mkdir(parents=True, exist_ok=True)
    url = db
    if url is None:
        path = out / "evaluate.sqlite"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    config = TrafficConfig.of_year(
        year, gemeenten=gemeenten, aanbieders=aanbieders, clients=clients, seed=seed
    )
    console = Console(stderr=True)
    with console.status("generating, ingesting and judging traffic…") as status:
        result = run_evaluation(
            config, url, progress=lambda _stage, n: status.update(f"ingested {n} messages")
        )
    report = result.as_dict()
    (out / "evaluation.json").write_text(
        json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    if as_json:
        print(json.dumps(report, sort_keys=True))
    else:
        table = Table(
            "check", "injected", "found", "precision", "recall", title=f"{result.messages} messages"
        )
        for s in result.scores:
            table.add_row(
                s.check,
                str(s.true_positives + s.false_negatives),
                str(s.true_positives + s.false_positives),
                f"{s.precision:.4f}",
                f"{s.recall:.4f}",
            )
        Console().print(table)
        if result.unexpected:
            Console().print(f"unexpected findings (no injected defect of that kind): {result.unexpected}")
        Console().print(
            "times: " + ", ".join(f"{k} {v:.1f} s" for k, v in report["seconds"].items()),
        )
    if not result.passed:
        raise typer.Exit(1)


@app.command("suites")
def suites(
    db: str | None = DB_OPTION,
    suite: list[str] = typer.Option([], "--suite", help="run only this suite (repeatable)"),
    as_json: bool = typer.Option(False, "--json", help="print the results as JSON"),
) -> None:
    """Run the Great Expectations suites over the linked tables and store their results.

    Exit 1 when an expectation fails (the data has a problem), 0 when all hold."""
    from ijw_app.cli.database import open_database, resolve_url
    from services.quality.expectations import run_suites

    url = resolve_url(db)
    open_database(url).dispose()
    results = run_suites(url, names=suite or None)
    if as_json:
        print(
            json.dumps(
                [
                    {
                        "suite": r.suite,
                        "success": r.success,
                        "evaluated": r.evaluated,
                        "successful": r.successful,
                        "failed": [o.expectation for o in r.failed],
                    }
                    for r in results
                ],
                sort_keys=True,
            )
        )
    else:
        table = Table("suite", "table", "expectations", "held", "verdict")
        for r in results:
            table.add_row(
                r.suite, r.table, str(r.evaluated), str(r.successful), "ok" if r.success else "FAILED"
            )
        Console().print(table)
    if not all(r.success for r in results):
        raise typer.Exit(1)


@app.command("report")
def report(
    db: str | None = DB_OPTION,
    out: Path = typer.Option(Path("out/rapport"), "--out", help="folder for report.html and the CSV files"),
    aanbieder: str | None = typer.Option(None, "--aanbieder", help="the report of this AGB code"),
    gemeente: str | None = typer.Option(None, "--gemeente", help="the report of this gemeentecode"),
    as_of: str | None = typer.Option(None, "--as-of", help="judge on this date (YYYY-MM-DD)"),
) -> None:
    """Write the feedback report (HTML with trend charts, and CSV) of one aanbieder, one gemeente or all."""
    from ijw_app.cli.database import open_database, require_party
    from services.quality.report import write_report

    if aanbieder and gemeente:
        raise typer.BadParameter("give --aanbieder or --gemeente, not both")
    kind: Literal["aanbieder", "gemeente"] | None = (
        "aanbieder" if aanbieder else "gemeente" if gemeente else None
    )
    engine = open_database(db)
    try:
        require_party(engine, "aanbieder", aanbieder, "--aanbieder")
        require_party(engine, "gemeente", gemeente, "--gemeente")
        written = write_report(engine, out, kind, aanbieder or gemeente, _date(as_of))
    finally:
        engine.dispose()
    for path in written:
        print(path)

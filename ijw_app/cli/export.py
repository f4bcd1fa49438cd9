"""``ijw export``: BIJ records, Iv3 aggregates, reconciliation and monitor indicators as CSV files.

Every command reads the content of the valid messages stored by ``ijw ingest`` or the Kafka worker and writes
the same bytes for the same data. ``bij`` writes the trajectories it cannot export correctly to a companion
file ``FILE.unexportable.csv``, ``iv3`` the amounts without taakveld to ``FILE.unmapped.csv``. BSNs are those
of the messages unless ``--pseudonymise`` (keyed hash, key from ``IJW_PSEUDONYM_KEY``). Formats and decisions:
``docs/exports.md``.

``run`` writes every export of whole years into a folder (``services/export/batch.py``), BSNs pseudonymised
unless ``--bsn``; with ``--every SECONDS`` it is the long-running export service of ``docker/compose.yaml``
(stops cleanly on SIGTERM or Ctrl-C, touches ``--heartbeat FILE`` after every run).

Exit codes: 0 written, 2 usage error (bad period, missing pseudonym key) or a database that cannot be used
(missing, unreachable, older schema: one line on stderr; no command here creates a database). ``run --json``
prints each run's summary as one JSON object.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from ijw_app.cli.database import DB_OPTION

if TYPE_CHECKING:
    from services.export.privacy import BsnTransform
    from services.export.service import Exporter

app = typer.Typer(no_args_is_help=True)


def _exporter(db: str | None) -> Exporter:
    from ijw_app.cli.database import open_database
    from services.export.service import Exporter

    return Exporter(open_database(db))


def _write(out: Path, data: bytes) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


def _min_cell(value: int | None) -> int:
    from services.export.settings import ExportSettings

    return value if value is not None else ExportSettings().export_min_cell


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command("bij")
def bij(
    period: str = typer.Option(
        ..., "--period", help="verslagperiode: 2025-H1, 2025-H2 (jh, jb, jbm); 2025-Q1 … (jr)"
    ),
    out: Path = typer.Option(..., "--out", help="CSV file to write (companion: FILE.unexportable.csv)"),
    db: str | None = DB_OPTION,
    kind: str = typer.Option(
        "jh",
        "--kind",
        help="jh jeugdhulp, jb jeugdbescherming, jbm machtigingen uithuisplaatsing, jr jeugdreclassering",
    ),
    pseudonymise: bool = typer.Option(False, "--pseudonymise", help="replace BSNs by keyed-hash pseudonyms"),
) -> None:
    """Beleidsinformatie Jeugd records of one verslagperiode."""
    from ijw.pseudonym import Pseudonymiser, PseudonymKeyError
    from ijw.settings import Settings
    from services.export.bij.records import KIND_PERIODS, KINDS
    from services.export.periods import Period, PeriodError
    from services.export.privacy import identity
    from services.export.service import companion_path

    if kind not in KINDS:
        raise _fail(f"--kind must be one of {', '.join(KINDS)}")
    try:
        parsed = Period.parse(period)
    except PeriodError as exc:
        raise _fail(str(exc)) from None
    expected = KIND_PERIODS[kind]
    if parsed.kind != expected:
        example = "2025-H1" if expected == "half" else "2025-Q1"
        raise _fail(
            f"a {kind} verslagperiode is a {'half year' if expected == 'half' else 'quarter'} ({example})"
        )
    transform: BsnTransform = identity
    if pseudonymise:
        try:
            transform = Pseudonymiser.required(Settings().key_bytes())
        except PseudonymKeyError as exc:
            raise _fail(str(exc)) from None
    exporter = _exporter(db)
    try:
        result = exporter.bij(parsed, kind, transform)
    finally:
        exporter.engine.dispose()
    _write(out, result.csv())
    companion = Path(companion_path(str(out)))
    _write(companion, result.companion_csv())
    typer.echo(f"{len(result.rows)} records to {out}; {len(result.companion)} unexportable to {companion}")


@app.command("iv3")
def iv3(
    year: int = typer.Option(..., "--year", min=1900, max=9999, help="year of ProductPeriode Begindatum"),
    out: Path = typer.Option(..., "--out", help="CSV file to write (companion: FILE.unmapped.csv)"),
    db: str | None = DB_OPTION,
    quarters: bool = typer.Option(False, "--quarters", help="one row per quarter (adds a kwartaal column)"),
) -> None:
    """Iv3 taakveld aggregates per gemeente (accepted declared amounts, euros)."""
    from services.export.service import companion_path

    exporter = _exporter(db)
    try:
        result = exporter.iv3(year, quarters)
    finally:
        exporter.engine.dispose()
    _write(out, result.csv())
    _write(Path(companion_path(str(out), result.companion_label)), result.companion_csv())
    typer.echo(f"{len(result.rows)} rows to {out}; {len(result.companion)} unmapped")


def _aggregate(
    name: Literal["reconciliation", "indicators"], db: str | None, year: int, out: Path, mc: int | None
) -> None:
    exporter = _exporter(db)
    try:
        result = getattr(exporter, name)(year, _min_cell(mc))
    finally:
        exporter.engine.dispose()
    _write(out, result.csv())
    typer.echo(f"{len(result.rows)} rows to {out}")


_MIN_CELL = typer.Option(
    None, "--min-cell", min=1, help="small-cell threshold (default IJW_EXPORT_MIN_CELL or 5)"
)


@app.command("reconciliation")
def reconciliation(
    year: int = typer.Option(..., "--year", min=1900, max=9999, help="the year to report on"),
    out: Path = typer.Option(..., "--out", help="CSV file to write"),
    db: str | None = DB_OPTION,
    min_cell: int | None = _MIN_CELL,
) -> None:
    """BIJ ↔ Iv3 per gemeente and taakveld: clients, trajectories, costs and their mismatches."""
    _aggregate("reconciliation", db, year, out, min_cell)


@app.command("indicators")
def indicators(
    year: int = typer.Option(..., "--year", min=1900, max=9999, help="the year to report on"),
    out: Path = typer.Option(..., "--out", help="CSV file to write"),
    db: str | None = DB_OPTION,
    min_cell: int | None = _MIN_CELL,
) -> None:
    """Monitor indicators per gemeente, jeugdzorgregio and aanbieder."""
    _aggregate("indicators", db, year, out, min_cell)


@app.command("run")
def run(
    out: Path = typer.Option(..., "--out", help="folder to write the files into (made when missing)"),
    db: str | None = DB_OPTION,
    year: list[int] = typer.Option(
        [],
        "--year",
        min=1900,
        max=9999,
        help="export this year (repeatable; default: every year in the data)",
    ),
    every: int = typer.Option(0, "--every", min=0, help="run again every N seconds (0: once); for a service"),
    heartbeat: Path | None = typer.Option(None, "--heartbeat", help="touch this file after every run"),
    bsn: bool = typer.Option(
        False, "--bsn", help="write BSNs instead of pseudonyms (operators on the database only)"
    ),
    min_cell: int | None = _MIN_CELL,
    runs: int = typer.Option(0, "--runs", min=0, hidden=True, help="stop after N runs (tests)"),
    as_json: bool = typer.Option(False, "--json", help="print each run's summary as one JSON object"),
) -> None:
    """Every export of whole years into a folder: BIJ (jh, jb, jr), Iv3, reconciliation, indicators.

    Without --year: every year in which a delivery started or a prestatie was declared. BSNs are pseudonymised
    with IJW_PSEUDONYM_KEY (refused without it) unless --bsn."""
    from ijw.pseudonym import Pseudonymiser, PseudonymKeyError
    from ijw.settings import Settings
    from ijw_app.cli.service_loop import repeat
    from services.export.privacy import identity

    transform: BsnTransform = identity
    if not bsn:
        try:
            transform = Pseudonymiser.required(Settings().key_bytes())
        except PseudonymKeyError as exc:
            raise _fail(f"{exc} (or --bsn to write BSNs, for operators on the database only)") from None
    threshold = _min_cell(min_cell)

    def once(_round: int) -> None:
        _run_once(db, out, sorted(set(year)), transform, threshold, as_json)

    repeat(once, every=every, heartbeat=heartbeat, runs=runs)


def _run_once(
    db: str | None, out: Path, years: list[int], bsn: BsnTransform, min_cell: int, as_json: bool
) -> None:
    import datetime as dt
    import json
    import time

    from ijw_app.cli.database import open_database
    from services.export.batch import coverage_summary, write_exports, years_in_data

    started = time.perf_counter()
    engine = open_database(db)
    try:
        years = years or years_in_data(engine)
        counts = write_exports(engine, out, years, bsn=bsn, min_cell=min_cell)
    finally:
        engine.dispose()
    unexportable = sum(n for name, n in counts.items() if name.endswith(".unexportable.csv"))
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    seconds = time.perf_counter() - started
    if as_json:
        summary = {
            "at": stamp,
            "out": str(out),
            "years": years,
            "files": dict(sorted(counts.items())),
            "rows": sum(counts.values()) - unexportable,
            "unexportable": unexportable,
            "seconds": round(seconds, 3),
        }
        typer.echo(json.dumps(summary, sort_keys=True))
        return
    typer.echo(
        f"{stamp} export run: {len(counts)} files, {sum(counts.values()) - unexportable} rows "
        f"(+{unexportable} unexportable), years {' '.join(map(str, years)) or 'none'}, in {out} "
        f"({seconds:.1f} s)"
    )
    typer.echo(coverage_summary(out, years))


@app.command("bench")
def bench(
    db: str = typer.Option(..., "--db", help="database URL (PostgreSQL for the figure of record)"),
    prepare: bool = typer.Option(False, "--prepare", help="first generate and ingest a year of traffic"),
    clients: int = typer.Option(100_000, "--clients", min=1, help="clients of the traffic for --prepare"),
    gemeenten: int = typer.Option(12, "--gemeenten", min=1, help="at most 9,091 clients per gemeente"),
    year: int = typer.Option(2025, "--year", help="the year of traffic (--prepare) and of the exports"),
) -> None:
    """Time every export on a database of generated traffic (optionally generating and ingesting it first)."""
    import datetime as dt

    from ijw_tools.bench.export import prepare as do_prepare
    from ijw_tools.bench.export import run_exports
    from ijw_tools.bench.validate import describe_machine

    typer.echo(f"date:     {dt.date.today().isoformat()}")
    typer.echo(f"machine:  {describe_machine()}")
    if prepare:
        result = do_prepare(db, clients, gemeenten=gemeenten)
        typer.echo(
            f"ingested: {result.messages} messages for {result.clients} clients in {result.seconds:.0f} s"
        )
    timings = run_exports(db, year)
    for t in timings.timings:
        typer.echo(f"{t.name:<28} {t.seconds:8.2f} s  {t.rows:>9} rows")
    typer.echo(f"{'total':<28} {timings.total:8.2f} s")

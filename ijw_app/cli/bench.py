"""``ijw bench``: benchmark commands that print figures."""

from __future__ import annotations

import datetime as dt

import typer

from ijw_app.cli.kafka import bench_pipeline

app = typer.Typer(no_args_is_help=True)


@app.command("validate")
def validate(
    messages: int | None = typer.Option(
        None, help="messages in the generated mix (default: 2,000 in-process, 9,000 whole-process)"
    ),
    rounds: int | None = typer.Option(
        None,
        help="in-process: rounds over the mix, per chunk the best of each side counts (default 7); "
        "whole-process: alternating runs of each side, the best counts (default 5)",
    ),
    seed: int = typer.Option(20261123, help="random seed of the generated messages"),
    whole_process: bool = typer.Option(
        False,
        "--whole-process",
        help="time fresh processes over a folder: ijw validate --json DIR next to a plain lxml script",
    ),
    jobs: int = typer.Option(2, "--jobs", min=1, help="whole-process: also time ijw validate --jobs N"),
) -> None:
    """Full validation (parse, XSD, rules, product codes) next to bare lxml parse + XSD, same messages."""
    from ijw_tools.bench.validate import describe_machine

    typer.echo(f"date:        {dt.date.today().isoformat()}")
    typer.echo(f"machine:     {describe_machine()}")
    if whole_process:
        _whole_process(messages or 9000, rounds or 5, seed, jobs)
        return
    from ijw_tools.bench.validate import run

    result = run(messages or 2000, rounds or 7, seed)
    typer.echo(
        f"messages:    {result.messages} ({result.total_bytes / 1e6:.1f} MB, "
        f"{result.valid_share:.0%} fully valid)"
    )
    typer.echo(f"bare lxml parse + XSD: {result.bare_per_s:10.0f} msg/s")
    typer.echo(f"ijw full validation:   {result.full_per_s:10.0f} msg/s")
    typer.echo(f"ratio:       {result.ratio:.0%} of bare (bar: at least 50%)")


def _whole_process(messages: int, rounds: int, seed: int, jobs: int) -> None:
    from ijw_tools.bench.process import run

    result = run(messages, rounds, seed, jobs)
    typer.echo(f"messages:    {result.messages} files in a folder ({result.total_bytes / 1e6:.1f} MB)")
    typer.echo(f"fresh processes, best of {rounds} alternating runs each, output to /dev/null:")
    typer.echo(f"  plain lxml script (parse + XSD):      {result.bare_s:7.2f} s")
    typer.echo(f"  ijw validate --json DIR:              {result.whole_s:7.2f} s")
    if result.jobs_s is not None:
        typer.echo(f"  ijw validate --json --jobs {result.jobs} DIR:     {result.jobs_s:7.2f} s")
    typer.echo(f"  start-up: ijw validate --json ONE.xml {result.startup_s:7.2f} s")
    typer.echo(f"  start-up: python -c 'import lxml'     {result.python_lxml_startup_s:7.2f} s")
    typer.echo(
        f"  CPU time (user + system): plain lxml {result.bare_cpu_s:.2f} s, ijw {result.whole_cpu_s:.2f} s, "
        f"ratio {result.cpu_ratio:.2f}"
    )
    typer.echo(f"ratio bare / whole: {result.ratio:.2f} (bar: at least 0.50)")
    if result.jobs_s is not None:
        typer.echo(f"ratio bare / whole with --jobs {result.jobs}: {result.bare_s / result.jobs_s:.2f}")


app.command("pipeline")(bench_pipeline)


@app.command("ingest")
def ingest(
    messages: int = typer.Option(5000, help="generated messages (all 14 types, every tenth mutated)"),
    db: str = typer.Option(
        "sqlite:////tmp/ijw-bench-ingest.sqlite",
        help="SQLite file (rounds use files beside it) or PostgreSQL server URL (rounds create databases)",
    ),
    rounds: int = typer.Option(3, min=1, help="timed rounds (the best rate of each side is reported)"),
    batch_size: int = typer.Option(500, min=1, help="messages per transaction"),
    cpu_workers: int = typer.Option(0, "--cpu-workers", min=0, help="the processor's pool processes"),
    seed: int = typer.Option(20261123, help="random seed of the generated messages"),
    prefill: int = typer.Option(
        0, min=0, help="other generated messages stored in each round's database first (a grown database)"
    ),
) -> None:
    """The ingest processor in-process (validation + storage, no broker) next to validation only."""
    from ijw_tools.bench.ingest import print_processor_report, run_processor_bench

    print_processor_report(
        run_processor_bench(
            messages,
            db,
            rounds=rounds,
            batch_size=batch_size,
            cpu_workers=cpu_workers,
            seed=seed,
            prefill=prefill,
        )
    )

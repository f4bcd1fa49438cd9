"""``ijw bench``: benchmark commands that print figures."""

from __future__ import annotations

import datetime as dt

import typer

from ijw.cli.kafka import bench_pipeline

app = typer.Typer(no_args_is_help=True)
app.command("pipeline")(bench_pipeline)


@app.command("validate")
def validate(
    messages: int = typer.Option(2000, help="messages in the generated mix"),
    rounds: int = typer.Option(
        7, help="rounds over the mix; per chunk of messages the best of each side counts"
    ),
    seed: int = typer.Option(20261123),
) -> None:
    """Full validation (parse, XSD, rules, product codes) next to bare lxml parse + XSD, same messages."""
    from ijw.bench.validate import describe_machine, run

    result = run(messages, rounds, seed)
    typer.echo(f"date:        {dt.date.today().isoformat()}")
    typer.echo(f"machine:     {describe_machine()}")
    typer.echo(
        f"messages:    {result.messages} ({result.total_bytes / 1e6:.1f} MB, "
        f"{result.valid_share:.0%} fully valid)"
    )
    typer.echo(f"bare lxml parse + XSD: {result.bare_per_s:10.0f} msg/s")
    typer.echo(f"ijw full validation:   {result.full_per_s:10.0f} msg/s")
    typer.echo(f"ratio:       {result.ratio:.0%} of bare (bar: at least 50%)")

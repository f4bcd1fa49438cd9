"""``ijw traffic OUTDIR``: synthetic iJw 3.2 traffic with injected defects and their ground truth.

One file per message (names sort by Dagtekening), ``ground-truth.jsonl`` and ``summary.json``; the same
generator as ``python -m ijw_tools.traffic``. Exit codes: 0 written, 2 on a usage error (such as more clients
than the gemeenten can hold).
"""

from __future__ import annotations

from pathlib import Path

import typer


def traffic(
    outdir: Path = typer.Argument(..., metavar="OUTDIR", help="folder for the messages (made when missing)"),
    clients: int = typer.Option(1000, "--clients", min=1, help="clients in the traffic"),
    gemeenten: int = typer.Option(5, "--gemeenten", min=1, help="gemeenten"),
    aanbieders: int = typer.Option(20, "--aanbieders", min=1, help="aanbieders"),
    year: int = typer.Option(2025, "--year", min=2021, help="the year of traffic"),
    seed: int = typer.Option(1, "--seed", help="random seed: the same seed gives the same traffic"),
    no_defects: bool = typer.Option(False, "--no-defects", help="generate clean traffic"),
    defect_rate: list[str] = typer.Option(
        [], "--defect-rate", metavar="KIND=RATE", help="the rate of one defect kind, 0 to 1 (repeatable)"
    ),
    limit: int | None = typer.Option(None, "--limit", min=1, help="stop after this many messages"),
) -> None:
    """Generate a year of iJw 3.2 traffic with injected defects (and their ground truth) into OUTDIR."""
    import argparse

    from ijw_tools.traffic import TrafficConfig
    from ijw_tools.traffic import no_defects as clean
    from ijw_tools.traffic.__main__ import generate, parse_rate

    rates: dict[str, float] = clean() if no_defects else {}
    for text in defect_rate:
        try:
            rates.update([parse_rate(text)])
        except argparse.ArgumentTypeError as exc:
            raise typer.BadParameter(str(exc), param_hint="--defect-rate") from None
    config = TrafficConfig.of_year(
        year, gemeenten=gemeenten, aanbieders=aanbieders, clients=clients, seed=seed, defect_rates=rates
    )
    raise typer.Exit(generate(config, outdir, limit))

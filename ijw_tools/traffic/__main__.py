"""``python -m ijw_tools.traffic OUTDIR --clients N --gemeenten N --aanbieders N --year 2025 --seed S``.

The same generator as the ``ijw traffic`` command (``ijw_app/cli/traffic.py``)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ijw_tools.traffic.config import DEFECT_KINDS, TrafficConfig, no_defects
from ijw_tools.traffic.generator import generate_traffic
from ijw_tools.traffic.write import write_traffic


def parse_rate(text: str) -> tuple[str, float]:
    """``KIND=RATE`` of ``--defect-rate``."""
    kind, _, value = text.partition("=")
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if kind not in DEFECT_KINDS or not 0.0 <= rate <= 1.0:
        raise argparse.ArgumentTypeError(
            f"expected KIND=RATE with RATE from 0 to 1 and KIND one of {', '.join(DEFECT_KINDS)}"
        )
    return kind, rate


def generate(config: TrafficConfig, outdir: Path, limit: int | None) -> int:
    """Generate and write the traffic of ``config``; print a summary line. The exit code (2: bad config)."""
    try:
        run = generate_traffic(config)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    count = write_traffic(run, outdir, limit=limit)
    elapsed = time.perf_counter() - started
    print(
        f"{count} messages, {len(run.ground_truth)} injected defects written to {outdir} "
        f"in {elapsed:.1f} s ({count / max(elapsed, 1e-9):.0f} messages/s)"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ijw_tools.traffic", description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--gemeenten", type=int, default=5)
    parser.add_argument("--aanbieders", type=int, default=20)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-defects", action="store_true", help="generate clean traffic")
    parser.add_argument(
        "--defect-rate",
        type=parse_rate,
        action="append",
        default=[],
        metavar="KIND=RATE",
        help="override the rate of one defect kind (repeatable)",
    )
    parser.add_argument("--limit", type=int, default=None, help="stop after this many messages")
    args = parser.parse_args(argv)
    rates: dict[str, float] = no_defects() if args.no_defects else {}
    rates.update(dict(args.defect_rate))
    config = TrafficConfig(
        gemeenten=args.gemeenten,
        aanbieders=args.aanbieders,
        clients=args.clients,
        period_start=dt.date(args.year, 1, 1),
        period_end=dt.date(args.year, 12, 31),
        seed=args.seed,
        defect_rates=rates,
    )
    return generate(config, args.outdir, args.limit)


if __name__ == "__main__":
    sys.exit(main())

"""``python -m ijw_tools.corpus OUTDIR --seed N --per-type N``: write a corpus of valid and mutated
messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ijw.schema.model import load_model
from ijw_tools.corpus.build import build_corpus, write_corpus


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, build the corpus and write it; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m ijw_tools.corpus",
        description="Write a deterministic corpus of valid and mutated iJw 3.2 messages (all 14 types).",
    )
    parser.add_argument("outdir", type=Path, help="folder to write <name>.xml files and manifest.csv into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--per-type", type=int, default=10, help="valid messages per message type (default 10)"
    )
    parser.add_argument(
        "--per-kind", type=int, default=2, help="mutated copies per mutation kind (default 2)"
    )
    parser.add_argument(
        "--exhaustive",
        action="store_true",
        help="mutate every possible target of the first (fullest) valid message of each type",
    )
    parser.add_argument("--message", action="append", help="only this message type (repeatable), e.g. JW301")
    args = parser.parse_args(argv)
    if args.per_type < 0 or args.per_kind < 0:
        parser.error("--per-type and --per-kind must be >= 0")
    known = load_model().messages
    unknown = [name for name in args.message or () if name not in known]
    if unknown:
        parser.error(f"unknown message type(s) {', '.join(unknown)}; choose from {', '.join(known)}")
    items = build_corpus(
        args.seed, args.per_type, per_kind=args.per_kind, exhaustive=args.exhaustive, messages=args.message
    )
    count = write_corpus(items, args.outdir)
    print(f"wrote {count} messages to {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

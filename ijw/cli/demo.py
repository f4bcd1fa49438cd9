"""``ijw demo``: the main job end to end on the embedded default.

Generates a sample of iJw traffic, validates every message and writes the results and a summary into
the output folder. Each capability that lands (ingest, quality, export) adds its stage here, so the
README's first command always shows the whole product as far as it is built.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table


def demo(
    out: Path = typer.Option(Path("out"), help="output folder (recreated)"),
    messages: int = typer.Option(2000, help="messages to generate"),
    seed: int = typer.Option(20261123),
) -> None:
    """Generate traffic, validate it, and report: the whole product on the embedded default."""
    from ijw.corpus import build_corpus
    from ijw.validation import Validator

    console = Console()
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    sample = out / "berichten"
    sample.mkdir(parents=True)
    per_type = max(1, messages // 14 // 4)
    items = build_corpus(seed, per_type)
    random.Random(seed).shuffle(items)
    items = items[:messages]
    for i, item in enumerate(items):
        (sample / f"{i:06d}-{item.message}.xml").write_bytes(item.data)

    validator = Validator()
    per_type_counts: Counter[tuple[str, bool]] = Counter()
    rules: Counter[str] = Counter()
    results_path = out / "validatie.jsonl"
    with (
        open(results_path, "w", encoding="utf-8") as fh,
        Progress(console=console, transient=True) as progress,
    ):
        task = progress.add_task("validating", total=len(items))
        for path in sorted(sample.iterdir()):
            result = validator.validate_file(path)
            per_type_counts[(result.message or "rejected", result.valid)] += 1
            rules.update(f.rule for f in result.findings if f.is_error)
            fh.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
            progress.advance(task)

    table = Table(title="Messages per type")
    table.add_column("bericht")
    table.add_column("valid", justify="right")
    table.add_column("invalid", justify="right")
    for name in sorted({name for name, _ in per_type_counts}):
        table.add_row(name, str(per_type_counts[(name, True)]), str(per_type_counts[(name, False)]))
    console.print(table)
    console.print("Top findings: " + ", ".join(f"{r} ×{n}" for r, n in rules.most_common(8)))
    console.print(f"Done in {time.perf_counter() - started:.1f} s. Outputs:")
    console.print(f"  messages:           {sample}")
    console.print(f"  validation results: {results_path}")

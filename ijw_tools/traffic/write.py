"""Write a traffic run to a folder: one file per message and ``ground-truth.jsonl``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ijw_tools.traffic.generator import TrafficRun

GROUND_TRUTH = "ground-truth.jsonl"
SUMMARY = "summary.json"


def write_traffic(run: TrafficRun, outdir: Path, *, limit: int | None = None) -> int:
    """Write the messages of ``run`` as ``OUTDIR/<file_name>`` (streaming), the ground truth as JSON lines
    and a ``summary.json`` (counts per message type and per defect kind). Returns the number of messages."""
    outdir.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(outdir / GROUND_TRUTH, "w", encoding="utf-8") as gt:
        for message in run:
            (outdir / message.file_name).write_bytes(message.data)
            for record in message.defects:
                gt.write(record.to_json() + "\n")
            count += 1
            if limit is not None and count >= limit:
                break
    summary = {
        "messages": count,
        "per_type": dict(sorted(run.stats.items())),
        "defects": _counts(r.defect for r in run.ground_truth),
        "opportunities": dict(sorted(run.opportunities.items())),
        "seed": run.config.seed,
        "period": [run.config.period_start.isoformat(), run.config.period_end.isoformat()],
        "gemeenten": [g.code for g in run.scenario.gemeenten],
        "aanbieders": [a.agb for a in run.scenario.aanbieders],
        "clients": run.config.clients,
    }
    (outdir / SUMMARY).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return count


def _counts(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return dict(sorted(counts.items()))

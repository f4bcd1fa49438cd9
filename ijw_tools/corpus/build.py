"""A deterministic corpus of valid and mutated iJw 3.2 messages for all 14 message types.

Per message type, ``per_type`` valid messages: the first with every optional element present, the second
with none, the others with optional elements present at random. Each valid message is followed by its
mutations (:func:`ijw_tools.corpus.mutations.mutations`). The same seed always gives the same corpus.

>>> items = build_corpus(seed=1, per_type=1, messages=["JW319"])
>>> items[0].name, items[0].kind
('JW319-0000-valid', 'valid')
>>> len({item.kind for item in items}) > 20
True
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ijw.schema.model import Model, load_model
from ijw_tools.corpus.generator import OPTIONAL_PRESENT, generate_valid
from ijw_tools.corpus.mutations import mutations

VALID = "valid"


@dataclass(frozen=True)
class CorpusItem:
    """One message of the corpus: a file-name-safe ``name``, the message type, ``valid`` or the mutation
    kind, and the message bytes."""

    name: str
    message: str
    kind: str
    data: bytes


def _optional_rate(index: int) -> float:
    return 1.0 if index == 0 else 0.0 if index == 1 else OPTIONAL_PRESENT


def build_corpus(
    seed: int,
    per_type: int,
    *,
    per_kind: int | None = 2,
    exhaustive: bool = False,
    model: Model | None = None,
    messages: Iterable[str] | None = None,
) -> list[CorpusItem]:
    """Valid messages and their mutations: ``per_type`` valid messages per type, ``per_kind`` mutated copies
    per mutation kind of each valid message (every target when None). With ``exhaustive``, the first valid
    message of each type (the one with every optional element) gets a mutation of every kind on every
    possible target. ``messages`` limits the types (default: all 14)."""
    model = model or load_model()
    items: list[CorpusItem] = []
    for name in messages if messages is not None else model.messages:
        for index in range(per_type):
            stem = f"{name}-{index:04d}"
            rng = random.Random(f"{seed}:{name}:{index}")
            valid = generate_valid(model, name, rng, _optional_rate(index))
            items.append(CorpusItem(f"{stem}-{VALID}", name, VALID, valid))
            counts: dict[str, int] = {}
            mutation_rng = random.Random(f"{seed}:{name}:{index}:m")
            count = None if exhaustive and index == 0 else per_kind
            for kind, data in mutations(model, name, valid, mutation_rng, count):
                counts[kind] = counts.get(kind, 0) + 1
                items.append(CorpusItem(f"{stem}-{kind}-{counts[kind]}", name, kind, data))
    return items


def write_corpus(items: Iterable[CorpusItem], outdir: Path) -> int:
    """Write every item as ``OUTDIR/<name>.xml`` plus ``OUTDIR/manifest.csv`` (file, message, kind)."""
    outdir.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(outdir / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "message", "kind"])
        for item in items:
            file_name = f"{item.name}.xml"
            (outdir / file_name).write_bytes(item.data)
            writer.writerow([file_name, item.message, item.kind])
            count += 1
    return count

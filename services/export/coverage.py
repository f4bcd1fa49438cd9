"""Coverage of the BIJ files: per kind, verslagperiode, gemeente and aanbieder, how many linked trajectories
the file holds and how many are only in its companion file (with their reason). Nothing disappears silently
(DESIGN.md, BIJ derivation).

>>> percent(99, 100), percent(0, 0)
('99.0', '')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from services.export.bij.derive import BijExport

COLUMNS: Final = ("soort", "periode", "gemeente", "aanbieder", "gekoppeld", "geexporteerd", "dekking")


def percent(part: int, whole: int) -> str:
    """``part`` of ``whole`` in percent with one decimal; empty when there is nothing to cover."""
    return f"{100 * part / whole:.1f}" if whole else ""


def coverage_rows(exports: Iterable[BijExport]) -> list[tuple[str, ...]]:
    """One row per kind, period, gemeente and aanbieder with linked trajectories, sorted."""
    rows: list[tuple[str, ...]] = []
    for export in exports:
        cov = export.coverage
        for (gemeente, aanbieder), linked in cov.linked.items():
            exported = cov.exported.get((gemeente, aanbieder), 0)
            rows.append(
                (
                    export.kind,
                    export.period.label,
                    gemeente,
                    aanbieder,
                    str(linked),
                    str(exported),
                    percent(exported, linked),
                )
            )
    rows.sort()
    return rows


def totals(rows: Iterable[tuple[str, ...]]) -> dict[tuple[str, str], tuple[int, int]]:
    """``(linked, exported)`` per kind and period over all gemeenten and aanbieders of ``rows``."""
    result: dict[tuple[str, str], tuple[int, int]] = {}
    for kind, label, _g, _a, linked, exported, _p in rows:
        before = result.get((kind, label), (0, 0))
        result[(kind, label)] = (before[0] + int(linked), before[1] + int(exported))
    return result

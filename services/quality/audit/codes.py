"""The codes of the answer audit's findings, with their summary (English) and their description on the
dashboard and in the report (Dutch), from ``checks.csv`` beside this module.

>>> AUDIT_CHECKS["AUDIT-GOEDGEKEURD-ONTERECHT"].omschrijving.startswith("Antwoordaudit: het antwoord keurde")
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Final

CHECKS_CSV = Path(__file__).with_name("checks.csv")


@dataclass(frozen=True, slots=True)
class AuditCheck:
    code: str
    summary: str
    omschrijving: str


def _load() -> dict[str, AuditCheck]:
    with CHECKS_CSV.open(encoding="utf-8", newline="") as fh:
        return {r["code"]: AuditCheck(r["code"], r["summary"], r["omschrijving"]) for r in csv.DictReader(fh)}


AUDIT_CHECKS: Final[dict[str, AuditCheck]] = _load()

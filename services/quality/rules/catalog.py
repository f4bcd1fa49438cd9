"""What this service reports: every check code with its retourcode, severity and summary.

Official rules take their retourcode and summary from the rule catalogue of the domain library
(``ijw/rules/catalog.csv``, where they are marked as the quality service's); the project's own checks are in
``services/quality/rules/checks.csv``. Each official rule is judged from its text in the reference pack
(``regels/technische-regels/berichtoverstijgend/<code>.md``) read together with the bedrijfsregels (OP…) that
name it as a related technische regel, listed in ``services/quality/rules/sources.csv`` (checked against the
pack by ``tests/quality/test_rules_doc.py``).

>>> CHECKS["TR389"].retourcode, CHECKS["OP272"].severity, CHECKS["TR318"].bedrijfsregels
('9389', 'warning', ('OP284',))
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ijw.rules.catalog import load_catalog

OWN_CHECKS = Path(__file__).with_name("checks.csv")
SOURCES = Path(__file__).with_name("sources.csv")
#: Every cross-message rule of the reference pack (``berichtoverstijgend/``) with its status here.
LEVEL3 = Path(__file__).with_name("berichtoverstijgend.csv")
#: The statuses of a rule in LEVEL3: judged here, judged by the ingest service, not yet judged, or not
#: judgeable from the traffic (the note quotes the rule text that says why).
STATUSES: Final = ("implemented", "ingest", "not yet", "cannot be judged from traffic")

#: The official cross-message rules the linker evaluates.
LINK_RULES: Final = (
    "TR019",
    "TR063",
    "TR071",
    "TR074",
    "TR304",
    "TR307",
    "TR308",
    "TR314",
    "TR318",
    "TR321",
    "TR322",
    "TR323",
    "TR326",
    "TR332",
    "TR333",
    "TR337",
    "TR338",
    "TR339",
    "TR340",
    "TR341",
    "TR347",
    "TR349",
    "TR350",
    "TR351",
    "TR355",
    "TR357",
    "TR359",
    "TR360",
    "TR361",
    "TR365",
    "TR366",
    "TR367",
    "TR369",
    "TR371",
    "TR373",
    "TR374",
    "TR375",
    "TR376",
    "TR379",
    "TR382",
    "TR384",
    "TR385",
    "TR387",
    "TR388",
    "TR389",
    "TR390",
    "TR411",
    "TR412",
    "TR413",
    "TR414",
    "TR415",
    "TR418",
)


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    retourcode: str | None
    severity: str
    summary: str
    bedrijfsregels: tuple[str, ...] = ()


def _load() -> dict[str, Check]:
    rules = load_catalog()
    with SOURCES.open(encoding="utf-8", newline="") as fh:
        ops = {
            row["code"]: tuple(filter(None, row["bedrijfsregels"].split(";"))) for row in csv.DictReader(fh)
        }
    checks = {
        code: Check(code, rules[code].retourcode, "error", rules[code].summary, ops[code])
        for code in LINK_RULES
    }
    with OWN_CHECKS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            checks[row["code"]] = Check(
                row["code"], row["retourcode"] or None, row["severity"], row["summary"]
            )
    return checks


CHECKS: Final[dict[str, Check]] = _load()


@dataclass(frozen=True, slots=True)
class Level3Rule:
    code: str
    retourcode: str | None
    summary: str
    status: str
    note: str


def _load_level3() -> dict[str, Level3Rule]:
    rules = load_catalog()
    with LEVEL3.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    found = {
        r["code"]: Level3Rule(
            r["code"], rules[r["code"]].retourcode, rules[r["code"]].summary, r["status"], r["note"]
        )
        for r in rows
    }
    bad = [r.code for r in found.values() if r.status not in STATUSES]
    if bad:
        raise ValueError(f"{LEVEL3.name}: unknown status for {', '.join(bad)}")
    return found


#: code → status of every cross-message rule of iJw 3.2 (control level 3).
LEVEL3_RULES: Final[dict[str, Level3Rule]] = _load_level3()

"""The rule catalogue: every rule of the iJw 3.2 standard that concerns message content, as data.

``catalog.csv`` (beside this module) lists each technical rule (TR), condition (CD), constraint (CS) and
restriction (RS) once, with its official code, its retourcode, a summary, the messages it applies to,
and whether this package implements it (and why not, when it does not). The rule code is the key:

>>> rule("TR101").retourcode
'0001'
>>> rule("TR101").implemented
True
>>> rule("TR322").reason
'cross-message: quality service (control level 3)'
>>> rule("XX999")
Traceback (most recent call last):
...
ijw.rules.catalog.UnknownRule: XX999 is not in the rule catalogue

Retourcodes: every in-message rule (control level 2) has retourcode ``0001`` in the standard, because a
message that breaks one is rejected as a whole with only its header returned (IV087/IV088). The
conditions and constraints say so in their metadata; constraints that the XSD already enforces and the
restrictions (all XSD facets, control level 1, no retour message at all) have none.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOG_PATH = Path(__file__).with_name("catalog.csv")
KINDS = ("TR", "CD", "CS", "RS")


class UnknownRule(KeyError):
    """A rule code that the catalogue does not list."""

    def __str__(self) -> str:
        return f"{self.args[0]} is not in the rule catalogue"


@dataclass(frozen=True, slots=True)
class Rule:
    """One catalogue row."""

    code: str
    kind: str
    retourcode: str | None
    summary: str
    messages: tuple[str, ...]
    implemented: bool
    reason: str


def parse_row(row: dict[str, str]) -> Rule:
    """One CSV row as a :class:`Rule`.

    >>> parse_row({"code": "CS003", "kind": "CS", "retourcode": "0001", "summary": "s",
    ...            "messages": "JW301;JW315", "implemented": "yes", "reason": ""}).messages
    ('JW301', 'JW315')
    """
    kind = row["kind"]
    if kind not in KINDS or not row["code"].startswith(kind):
        raise ValueError(f"{row['code']}: bad kind {kind!r}")
    if row["implemented"] not in ("yes", "no"):
        raise ValueError(f"{row['code']}: implemented must be yes or no")
    implemented = row["implemented"] == "yes"
    if not implemented and not row["reason"]:
        raise ValueError(f"{row['code']}: a rule left out needs a reason")
    return Rule(
        code=row["code"],
        kind=kind,
        retourcode=row["retourcode"] or None,
        summary=row["summary"],
        messages=tuple(m for m in row["messages"].split(";") if m),
        implemented=implemented,
        reason=row["reason"],
    )


@lru_cache(maxsize=1)
def load_catalog(path: Path = CATALOG_PATH) -> dict[str, Rule]:
    """All catalogue rows by rule code, in file order."""
    with open(path, encoding="utf-8", newline="") as fh:
        rules = [parse_row(row) for row in csv.DictReader(fh)]
    by_code = {r.code: r for r in rules}
    if len(by_code) != len(rules):
        raise ValueError("the rule catalogue lists a code twice")
    return by_code


def rule(code: str) -> Rule:
    """The catalogue row of ``code``."""
    try:
        return load_catalog()[code]
    except KeyError:
        raise UnknownRule(code) from None


def retourcodes() -> dict[str, str | None]:
    """Retourcode per implemented rule code."""
    return {r.code: r.retourcode for r in load_catalog().values() if r.implemented}

"""The official Dutch text of each rule of the standard, for the people who read findings (dashboard, report).

``omschrijvingen.csv`` (beside this module) holds, per rule code, the rule's own sentence as the standard
states it: the Definitie (or Betekenis) of a technische regel, the Regel of a condition, constraint or
restriction, the title of a bedrijfsregel (the official deadlines are OP rules). They are facts of the
standard, checked against the reference pack by ``tests/rules/test_rule_omschrijvingen.py``; the English
summaries of ``catalog.csv`` stay the developers' paraphrase.

>>> omschrijving("TR101")
'Binnen een bericht zijn dubbele regels niet toegestaan.'
>>> omschrijving("XX999") is None
True
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

PATH = Path(__file__).with_name("omschrijvingen.csv")


@lru_cache(maxsize=1)
def omschrijvingen() -> dict[str, str]:
    """Every rule code with its official Dutch text."""
    with open(PATH, encoding="utf-8", newline="") as fh:
        return {row["code"]: row["omschrijving"] for row in csv.DictReader(fh)}


def omschrijving(code: str) -> str | None:
    """The official Dutch text of rule ``code``, or None for a code that is not a rule of the standard."""
    return omschrijvingen().get(code)

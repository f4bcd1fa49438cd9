"""What the standard prescribes for the answer to each heenbericht: the retourcodes of the rules that fail on
it, read from the findings that already judged it (nothing is judged twice here).

- control level 2 (an in-message rule, the ingest service's finding without retourcode or with 0001): the
  answer is the header with 0001 alone (IV087/IV088, ``ijw.retour.builder``);
- otherwise the error findings with a rule's retourcode: the ingest service's (TR056, …) and the quality
  service's cross-message rules, judged on arrival against the state before the heenbericht
  (``quality_findings`` of kind ``aankomst``).

A finding on a JW323 is placed on the prestatie its location names (``…/Client[i]/Prestaties/Prestatie[j]``),
on every prestatie of that client and ToewijzingNummer when it names the client's Bsn (TR304), and on the
whole declaratie otherwise (TR318, TR333, level 2).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from ijw.db.tables import FINDINGS as INGEST_FINDINGS
from ijw.db.tables import QUALITY_FINDINGS as FINDINGS
from ijw.retour.codes import TECHNISCH_AFGEKEURD

AANKOMST = "aankomst"
#: a Client and maybe a Prestatie under it; a position is left out where the element has no sibling of its
#: name (:func:`ijw.xmlpath.location`, as the ingest service's findings have them)
_PRESTATIE = re.compile(
    r"^/Bericht/Declaratie/Clienten/Client(?:\[(\d+)\])?(/Prestaties/Prestatie(?:\[(\d+)\])?)?(?:/|$)"
)


@dataclass(frozen=True, slots=True)
class Failing:
    """A rule that fails on a heenbericht: its code, retourcode, location and ToewijzingNummer."""

    rule: str
    retourcode: str
    location: str | None
    nummer: int | None


@dataclass(slots=True)
class Expected:
    """The failing rules of one heenbericht; ``level2``: the first in-message rule that failed (then the
    answer is 0001 alone)."""

    level2: str | None = None
    failing: list[Failing] = field(default_factory=list)

    def codes(self) -> list[tuple[str, int | None]]:
        """(retourcode, ToewijzingNummer) the answer must carry."""
        if self.level2 is not None:
            return [(TECHNISCH_AFGEKEURD, None)]
        return [(f.retourcode, f.nummer) for f in self.failing]

    def rule_of(self, code: str) -> str | None:
        if self.level2 is not None and code == TECHNISCH_AFGEKEURD:
            return self.level2
        return next((f.rule for f in self.failing if f.retourcode == code), None)


def expected_answers(conn: Connection, heen_ids: Sequence[int]) -> dict[int, Expected]:
    """The :class:`Expected` of every heenbericht in ``heen_ids`` that has a failing rule."""
    found: dict[int, Expected] = defaultdict(Expected)
    f, q = INGEST_FINDINGS.c, FINDINGS.c
    for start in range(0, len(heen_ids), 1000):
        chunk = heen_ids[start : start + 1000]
        for r in conn.execute(
            select(f.bericht_id, f.rule, f.retourcode, f.location).where(
                f.bericht_id.in_(chunk), f.severity == "error"
            )
        ):
            if r.retourcode in (None, TECHNISCH_AFGEKEURD):
                found[r.bericht_id].level2 = found[r.bericht_id].level2 or r.rule
            else:
                found[r.bericht_id].failing.append(Failing(r.rule, r.retourcode, r.location, None))
        for qr in conn.execute(
            select(q.bericht_id, q.check, q.retourcode, q.location, q.toewijzing_nummer).where(
                q.bericht_id.in_(chunk), q.kind == AANKOMST, q.severity == "error", q.retourcode.is_not(None)
            )
        ):
            nummer = int(qr.toewijzing_nummer) if qr.toewijzing_nummer is not None else None
            found[qr.bericht_id].failing.append(Failing(qr.check, qr.retourcode, qr.location, nummer))
    return dict(found)


def prestatie_paths(rows: Iterable[Any]) -> dict[int, tuple[int, int]]:
    """(Client index, Prestatie index within it) of every prestatie row of one JW323 (by row id), in document
    order: ``rows`` ordered by volgnummer, clients numbered as they first appear."""
    clients: dict[int, int] = {}
    per_client: dict[int, int] = defaultdict(int)
    paths: dict[int, tuple[int, int]] = {}
    for row in rows:
        ci = clients.setdefault(row.client_id, len(clients) + 1)
        per_client[ci] += 1
        paths[row.id] = (ci, per_client[ci])
    return paths


def place(location: str | None) -> tuple[int, int | None] | None:
    """(Client index, Prestatie index or None) that a location in a JW323 names; None outside the clients.

    >>> place("/Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]/GeleverdVolume")
    (2, 3)
    >>> place("/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie/ProductCode")
    (1, 1)
    >>> place("/Bericht/Declaratie/Clienten/Client[2]/Bsn"), place("/Bericht/Declaratie/DeclaratiePeriode")
    ((2, None), None)
    """
    at = _PRESTATIE.match(location or "")
    if at is None:
        return None
    return int(at.group(1) or 1), int(at.group(3) or 1) if at.group(2) else None


def per_prestatie(expected: Expected | None, rows: Sequence[Any]) -> dict[int, list[Failing]]:
    """The failing rules of each prestatie of a JW323 (by row id): its own, its client's (TR304, same
    ToewijzingNummer) and the declaratie's."""
    result: dict[int, list[Failing]] = {row.id: [] for row in rows}
    if expected is None:
        return result
    if expected.level2 is not None:  # an in-message rule: the declaratie is rejected whole with 0001
        return {row.id: [Failing(expected.level2, TECHNISCH_AFGEKEURD, None, None)] for row in rows}
    whole: list[Failing] = []
    paths = prestatie_paths(rows)
    of_client: dict[int, list[Any]] = {}  # the rows by Client, so a finding looks at its client's only
    for row in rows:
        of_client.setdefault(paths[row.id][0], []).append(row)
    for failing in expected.failing:
        at = place(failing.location)
        if at is None:
            whole.append(failing)
            continue
        ci, pi = at
        for row in of_client.get(ci, ()):
            if pi == paths[row.id][1] or (pi is None and int(row.toewijzing_nummer) == failing.nummer):
                result[row.id].append(failing)
    for found in result.values():
        found.extend(whole)
    return result

"""Judging one message against the linked state without storing it: the cross-message rules (control level 3)
it breaks, as the linker would judge it on arrival (``ijw retour --db``: the receiver's reference answer).

:func:`judge_message` takes the message's header and content rows (``ijw.db.content``, as the ingest service
parses them) and applies them with the one :class:`~services.quality.linking.linker.Linker` to the state of
its aanbieder *before* it:

- a message that is not stored, or not linked yet, is judged after everything linked, as the next quality
  run would judge it: on the stored state when the linked messages arrived in canonical order (the usual
  case), else on a replay of them in arrival order (``services/quality/run.py`` does the same);
- a message that is linked already (the same sender, message type and Identificatie) is judged on a replay
  of the messages linked before it, so it is not judged against itself.

Nothing is written: the state lives in memory for the one judgement.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection, select

from ijw.db import content as c
from services.quality.linking.events import LINKED_TYPES, BerichtEvent, load_events
from services.quality.linking.linker import Linker, LinkFinding
from services.quality.linking.model import Partition
from services.quality.linking.store import BERICHTEN, LINKED, load_partition
from services.quality.run import canonical_key

UNSTORED_ID = -1
"""The message id of the judged message in its findings (no stored message has it)."""


def judge_message(conn: Connection, header: c.Header, rows: Sequence[c.Row]) -> list[LinkFinding]:
    """The cross-message findings on the message of ``header`` with content ``rows`` (the findings'
    ``bericht_id`` is :data:`UNSTORED_ID`); none for a type the linker does not read (retour messages)."""
    if header.berichtsoort not in LINKED_TYPES or header.dagtekening is None:
        return []
    event = unstored_event(header, rows)
    linker = Linker(_state_before(conn, header))
    linker.apply(event)
    return [f for f in linker.findings if f.bericht_id == UNSTORED_ID]


def unstored_event(header: c.Header, rows: Sequence[c.Row]) -> BerichtEvent:
    """The message as the linker reads a stored one (:func:`~services.quality.linking.events.load_events`):
    each content row with every column of its table, parents referred to by id, in document order. The ids
    are negative, so they never meet a stored row's."""
    assert header.dagtekening is not None
    ids = itertools.count(-1, -1)
    for row in rows:
        row.id = next(ids)
    event = BerichtEvent(
        UNSTORED_ID,
        header.berichtsoort,
        header.gemeente or "",
        header.aanbieder or "",
        header.identificatie,
        header.dagtekening,
    )
    by_table: dict[str, list[Any]] = {}
    for row in rows:
        columns, (values,) = c.insert_rows(row.table, [(UNSTORED_ID, row)])
        record = dict(zip(columns, values, strict=True))
        record.setdefault("id", row.id)
        by_table.setdefault(row.table.name, []).append(SimpleNamespace(**record))
    for name, found in by_table.items():
        if "volgnummer" in c.TABLES[name].c:  # the order load_events reads them in
            found.sort(key=lambda r: (r.volgnummer or 0, -r.id))
        event.rows[name] = found
    return event


def _state_before(conn: Connection, header: c.Header) -> Partition:
    """The state of the aanbieder's trajectories that the message is judged against (see the module)."""
    aanbieder = header.aanbieder or ""
    b, ql = BERICHTEN.c, LINKED.c
    arrival: list[int] = []
    keys: dict[int, tuple[Any, ...]] = {}
    itself: int | None = None
    for r in conn.execute(
        select(b.id, b.afzender, b.berichtsoort, b.identificatie, b.dagtekening)
        .join(LINKED, ql.bericht_id == b.id)
        .where(b.aanbieder == aanbieder)
        .order_by(ql.seq)
    ):
        same = (r.afzender, r.berichtsoort, r.identificatie)
        if same == (header.afzender, header.berichtsoort, header.identificatie):
            itself = r.id
            break
        arrival.append(r.id)
        keys[r.id] = canonical_key(r.dagtekening, r.berichtsoort, r.id)
    if itself is None and arrival == sorted(arrival, key=keys.__getitem__):
        return load_partition(conn, aanbieder)
    replay = Linker(Partition(aanbieder))
    for event in load_events(conn, arrival):
        replay.apply(event)
    return replay.p

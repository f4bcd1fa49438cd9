"""Reading linked messages back from the database: one :class:`BerichtEvent` per message with its content.

Only messages the ingest service judged ``valid`` are linked (an XSD-invalid message or one that broke an
in-message rule, or TR056, was answered with a rejection and changes nothing). The parsed content lives in
the content tables (``toewijzingen``, ``starts`` …); this module reads it in chunks for a list of message
ids and hands it over in the order asked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, select

from ijw.db import models as m

#: The message types the linker reads; retour messages are judged by the deadline checks only.
LINKED_TYPES = ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323", "JW325")

_CONTENT: tuple[type[m.Base], ...] = (
    m.Toewijzing,
    m.Start,
    m.Stop,
    m.Verzoek,
    m.VerzoekProduct,
    m.Antwoord,
    m.Declaratie,
    m.Prestatie,
    m.DeclaratieAntwoord,
    m.AfgewezenPrestatie,
)
CHUNK = 500


@dataclass(slots=True)
class BerichtEvent:
    """A linked message: header facts and its content rows by table name (in document order)."""

    id: int
    berichtsoort: str
    gemeente: str
    aanbieder: str
    identificatie: str
    dagtekening: dt.date
    rows: dict[str, list[Any]] = field(default_factory=dict)

    def of(self, model: type[m.Base]) -> list[Any]:
        return self.rows.get(str(model.__tablename__), [])


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def load_events(conn: Connection, ids: Sequence[int]) -> Iterator[BerichtEvent]:
    """The messages ``ids`` with their content, in the order of ``ids``, read ``CHUNK`` at a time."""
    b = _table(m.Bericht).c
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        events: dict[int, BerichtEvent] = {}
        for r in conn.execute(
            select(b.id, b.berichtsoort, b.gemeente, b.aanbieder, b.identificatie, b.dagtekening).where(
                b.id.in_(chunk)
            )
        ):
            events[r.id] = BerichtEvent(
                r.id, r.berichtsoort, r.gemeente or "", r.aanbieder or "", r.identificatie, r.dagtekening
            )
        for model in _CONTENT:
            t = _table(model)
            order = [t.c.bericht_id, t.c.volgnummer] if "volgnummer" in t.c else [t.c.bericht_id]
            rows: dict[int, list[Any]] = defaultdict(list)
            for row in conn.execute(select(t).where(t.c.bericht_id.in_(chunk)).order_by(*order, t.c.id)):
                rows[row.bericht_id].append(row)
            for bid, found in rows.items():
                if bid in events:
                    events[bid].rows[t.name] = found
        for bid in chunk:
            if bid in events:
                yield events[bid]

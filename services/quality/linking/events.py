"""Reading linked messages back from the database: one :class:`BerichtEvent` per message with its content.

Only messages the ingest service judged ``valid`` are linked (an XSD-invalid message or one that broke an
in-message rule, or TR056, was answered with a rejection and changes nothing). The parsed content lives in
the content tables (``toewijzingen``, ``starts`` …); this module reads it in chunks for a list of message
ids and hands it over in the order asked.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from sqlalchemy import Connection, LargeBinary, Table, func, select

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
#: how much of a stored message is read and decompressed to read its Header (which comes first and is far
#: smaller): the first bytes of the compressed stream decompress to at least as many bytes of XML
HEADER_BYTES = 16_384


@dataclass(frozen=True, slots=True)
class XsdVersies:
    """What TR371 compares on a JW325: its XsdVersieDeclaratie, and the XsdVersie of the stored JW323 its
    DeclaratieIdentificatie names (``berichten.retour_to_id``), each as "Basisschema/Bericht"."""

    declaratie: str | None
    heen_id: int | None
    heen: str | None


def header_versie(raw: bytes | None, element: str) -> str | None:
    """The XSD versions in the Header element ``element`` (XsdVersie, XsdVersieDeclaratie) of a stored
    (zlib-compressed) message, as "BasisschemaXsdVersie/BerichtXsdVersie"; None when it has none (or there
    is no message). Only the beginning of the message is read: it holds the Header.

    >>> from ijw.db.blobs import compress
    >>> xml = (b'<Bericht xmlns="urn:x" xmlns:b="urn:b"><Header><XsdVersie>'
    ...        b'<b:BasisschemaXsdVersie>1.0.0</b:BasisschemaXsdVersie>'
    ...        b'<b:BerichtXsdVersie>1.0.2</b:BerichtXsdVersie></XsdVersie></Header>')
    >>> header_versie(compress(xml + b'<Client>' * 5000), "XsdVersie"), header_versie(compress(xml), "Other")
    ('1.0.0/1.0.2', None)
    """
    if not raw:
        return None
    try:
        head = zlib.decompressobj().decompress(raw, HEADER_BYTES)
    except zlib.error:
        return None
    parser = etree.XMLPullParser(events=("end",), recover=True)
    parser.feed(head)
    found: dict[str, str] = {}
    for _, el in parser.read_events():
        if not isinstance(el, etree._Element):
            continue
        name = etree.QName(el).localname
        if name in ("BasisschemaXsdVersie", "BerichtXsdVersie"):
            found[name] = (el.text or "").strip()
        elif name == element:
            return f"{found.get('BasisschemaXsdVersie', '')}/{found.get('BerichtXsdVersie', '')}"
        elif name in ("XsdVersie", "XsdVersieDeclaratie"):
            found.clear()
        elif name == "Header":
            break
    return None


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
    #: a JW325's XsdVersieDeclaratie and the XsdVersie of the declaratiebericht it names (TR371)
    xsd: XsdVersies | None = None

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
        _read_xsd_versies(conn, [e for e in events.values() if e.berichtsoort == "JW325"])
        for bid in chunk:
            if bid in events:
                yield events[bid]


def _read_xsd_versies(conn: Connection, antwoorden: list[BerichtEvent]) -> None:
    """Set :attr:`BerichtEvent.xsd` of the JW325 events ``antwoorden`` from the stored messages."""
    if not antwoorden:
        return
    b = _table(m.Bericht)
    heen = b.alias("heen")
    by_id = {e.id: e for e in antwoorden}
    for r in conn.execute(
        select(
            b.c.id,
            func.substr(b.c.raw_xml, 1, HEADER_BYTES, type_=LargeBinary).label("raw_xml"),
            b.c.retour_to_id,
            func.substr(heen.c.raw_xml, 1, HEADER_BYTES, type_=LargeBinary).label("heen_xml"),
        )
        .outerjoin(heen, heen.c.id == b.c.retour_to_id)
        .where(b.c.id.in_(sorted(by_id)))
    ):
        by_id[r.id].xsd = XsdVersies(
            header_versie(r.raw_xml, "XsdVersieDeclaratie"),
            r.retour_to_id,
            header_versie(r.heen_xml, "XsdVersie"),
        )

"""Builders of stored traffic shared by every test area (imported as ``stored_traffic``: ``tests/`` is on
``sys.path`` because ``tests/conftest.py`` lives there and the tests are no package).

Two ways to put traffic into a migrated database, the first wherever it can:

- :func:`ingest` sends message bytes through the real ingest (:class:`IngestProcessor`: parsing, the
  in-message rules, the storage of the content rows), one batch per call; :func:`ingest_generated` does so
  with a small year of generated traffic. Hand-written XML for it: ``tests/scenarios/ijwxml.py``.
- :class:`Rows` writes a ``berichten`` row and content rows the way the ingest stores a message, for what
  the ingest cannot be asked for in a test: a state spelled out row by row with exact values (an export's
  input, a linked traject, a finding), or rows the ingest itself would never write. The area builders
  (``tests/export/export_builders.py``, ``tests/quality/fixtures_quality.py``) write their messages with it.

Who sends which berichtsoort (:data:`GEMEENTE_SENDS`) follows the iJw 3.2 berichtenverkeer: the gemeente
sends the JW301, JW319 and JW325 and the retours on the aanbieder's heenberichten (JW306, JW308, JW316,
JW318); the aanbieder sends the JW305, JW307, JW315, JW317, JW323 and the retours JW302 and JW320.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Table, insert

from ijw.db import models as m

#: The berichtsoorten the gemeente sends (the aanbieder sends the others).
GEMEENTE_SENDS = frozenset({"JW301", "JW306", "JW308", "JW316", "JW318", "JW319", "JW325"})

#: The moment a built message was received and stored, unless a test says otherwise.
RECEIVED = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)

#: Numbers the built messages (content hash, default Identificatie): shared, so that several builders on one
#: database never store the same content hash.
_SEQ = itertools.count(1)


def table(model: type[m.Base]) -> Table:
    """The table of ``model``."""
    found = model.__table__
    assert isinstance(found, Table)
    return found


def ingest(engine: Engine, messages: Sequence[bytes], source: str = "test") -> list[int]:
    """Store ``messages`` through the real ingest in one batch; the bericht ids, in order (each message must
    be stored: a message the ingest refuses fails the test here)."""
    from services.ingest.contracts import IncomingMessage
    from services.ingest.processing import IngestProcessor

    outcomes = IngestProcessor(engine).process_batch(
        [IncomingMessage(data, source=f"{source}:{i}") for i, data in enumerate(messages)]
    )
    ids = [o.bericht_id for o in outcomes]
    assert all(o.status == "stored" for o in outcomes) and None not in ids, outcomes
    return [int(i) for i in ids if i is not None]


def ingest_generated(engine: Engine, seed: int = 11) -> int:
    """Generated traffic (2 gemeenten, 3 aanbieders, 60 clients) through ingest and the quality run; the
    number of messages."""
    from ijw_tools.traffic import TrafficConfig, generate_traffic
    from services.quality.run import run_quality

    messages = list(generate_traffic(TrafficConfig(gemeenten=2, aanbieders=3, clients=60, seed=seed)))
    ingest(engine, [msg.data for msg in messages])  # the corrupt ones too: stored as invalid or rejected
    run_quality(engine)
    return len(messages)


class Rows:
    """Writes message and content rows the way the ingest stores them; every method returns the new id.

    ``target``: an engine (each row in its own transaction) or an open connection (the caller's
    transaction).
    """

    def __init__(self, target: Engine | Connection) -> None:
        self.target = target

    def insert(self, model: type[m.Base], **values: Any) -> int:
        """One row of ``model``; its id."""
        t = table(model)
        statement = insert(t).values(**values).returning(t.c.id)
        if isinstance(self.target, Engine):
            with self.target.begin() as conn:
                return int(conn.execute(statement).scalar_one())
        return int(self.target.execute(statement).scalar_one())

    def bericht(
        self,
        soort: str,
        dagtekening: dt.date,
        gemeente: str,
        aanbieder: str,
        *,
        status: str = m.STATUS_VALID,
        xsd_valid: bool = True,
        retour_to: int | None = None,
        received_at: dt.datetime = RECEIVED,
        identificatie: str | None = None,
        retour_of: tuple[str, str, str] | None = None,
    ) -> int:
        """A ``berichten`` row of a message of ``soort`` between ``gemeente`` and ``aanbieder``; a retour
        names its heenbericht in ``retour_of`` (afzender, berichtsoort, identificatie) or by id in
        ``retour_to``."""
        n = next(_SEQ)
        by_gemeente = soort in GEMEENTE_SENDS
        return self.insert(
            m.Bericht,
            afzender=gemeente if by_gemeente else aanbieder,
            ontvanger=aanbieder if by_gemeente else gemeente,
            berichtsoort=soort,
            bericht_code=None,
            identificatie=identificatie or f"ID{n:06d}",
            dagtekening=dagtekening,
            gemeente=gemeente,
            aanbieder=aanbieder,
            content_hash=f"{n:064d}",
            raw_xml=b"",
            size=0,
            received_at=received_at,
            stored_at=received_at,
            source="test",
            status=status,
            xsd_valid=xsd_valid and status != m.STATUS_REJECTED,
            retour_of_berichtsoort=retour_of[1] if retour_of else None,
            retour_of_afzender=retour_of[0] if retour_of else None,
            retour_of_identificatie=retour_of[2] if retour_of else None,
            retour_to_id=retour_to,
        )

    def client(self, bericht_id: int, bsn: str, gemeente: str, **extra: Any) -> int:
        """The Client of a message (volgnummer 1); ``extra``: geboortedatum, geslacht, postcode, …"""
        return self.insert(m.Client, bericht_id=bericht_id, volgnummer=1, bsn=bsn, gemeente=gemeente, **extra)

    def message(
        self,
        model: type[m.Base],
        soort: str,
        dagtekening: dt.date,
        gemeente: str,
        aanbieder: str,
        bsn: str,
        *,
        status: str = m.STATUS_VALID,
        client: dict[str, Any] | None = None,
        **values: Any,
    ) -> int:
        """A message of ``soort`` (:meth:`bericht`) with its Client (:meth:`client`, ``client``: its extra
        values) and one content row of ``model`` (volgnummer 1) of that client; ``values``: the row's other
        columns. The bericht id."""
        b = self.bericht(soort, dagtekening, gemeente, aanbieder, status=status)
        c = self.client(b, bsn, gemeente, **(client or {}))
        self.insert(
            model,
            bericht_id=b,
            volgnummer=1,
            gemeente=gemeente,
            aanbieder=aanbieder,
            client_id=c,
            bsn=bsn,
            **values,
        )
        return b

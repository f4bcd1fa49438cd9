"""A partly known Geboortedatum (DatumGebruik, COD170) from the message to the BIJ file (protocol §2.3):
stored at ingest, filled for existing rows by migration 0009 from the stored XML, written as JJJJMM00 or
JJJJ0000."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from export_builders import AANBIEDER, BSN, Builder, D
from sqlalchemy import select, text

from ijw.db import compress, make_engine, migrate
from ijw.db import models as m
from ijw.validation import Validator
from services.export.periods import Period
from services.export.service import Exporter
from services.ingest.contracts import IncomingMessage
from services.ingest.processing import IngestProcessor

H1 = Period.parse("2025-H1")


def _jw301_with_datum_gebruik(reference: Path, gebruik: str) -> bytes:
    """The official JW301 example, its client's Geboortedatum marked with ``gebruik`` (not a Relatie's)."""
    data = (reference / "examples" / "JW301.xml").read_bytes()
    client_datum = re.compile(rb"(<jw301:Geboortedatum>\s*<ijw:Datum>2010-02-14</ijw:Datum>)")
    marked, count = client_datum.subn(
        rb"\1<ijw:DatumGebruik>" + gebruik.encode() + rb"</ijw:DatumGebruik>", data
    )
    assert count == 1
    return marked


@pytest.mark.parametrize(("gebruik", "bij"), [("1", "20150300"), ("2", "20150000"), (None, "20150304")])
def test_2_3_partly_known_geboortedatum(db: Builder, gebruik: str | None, bij: str) -> None:
    """§2.3: "Indien de geboortedag niet bekend is, … JJJJMM00 … Indien (ook) de geboortemaand niet bekend is,
    … JJJJ0000"."""
    db.toewijzing(1, D(2025, 2, 1), geboortedatum_gebruik=gebruik)
    db.start(1, D(2025, 2, 1))
    rows = Exporter(db.engine).bij(H1, "jh").rows
    assert rows == [(AANBIEDER, BSN, bij, "V", "1234AB", "01", "02", "02", "20250201", "", "")]


def test_ingest_stores_the_datum_gebruik_of_the_client(db_url: str, reference: Path) -> None:
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        message = IncomingMessage(_jw301_with_datum_gebruik(reference, "2"), "test")
        outcome = IngestProcessor(engine, Validator()).process(message)
        assert outcome.status == "stored" and outcome.xsd_valid
        with engine.connect() as conn:
            rows = conn.execute(select(m.Client.geboortedatum, m.Client.geboortedatum_gebruik)).all()
        assert [tuple(r) for r in rows] == [(dt.date(2010, 2, 14), "2")]
    finally:
        engine.dispose()


def test_migration_0009_fills_existing_clients_from_the_stored_xml(db_url: str, reference: Path) -> None:
    migrate(db_url, "0008")
    engine = make_engine(db_url)
    marked = _jw301_with_datum_gebruik(reference, "1")
    plain = (reference / "examples" / "JW301.xml").read_bytes()
    try:
        with engine.begin() as conn:
            for n, raw in enumerate((marked, plain), 1):
                conn.execute(
                    text(
                        "INSERT INTO berichten (id, afzender, ontvanger, berichtsoort, identificatie,"
                        " dagtekening, content_hash, raw_xml, size, received_at, stored_at, source, status,"
                        " xsd_valid)"
                        " VALUES (:id, '0363', '12345678', 'JW301', :ident, '2025-01-01', :hash, :raw, 1,"
                        " '2026-01-01', '2026-01-01', 'test', 'valid', true)"
                    ),
                    {"id": n, "ident": f"ID{n}", "hash": f"{n:064d}", "raw": compress(raw)},
                )
                conn.execute(
                    text(
                        "INSERT INTO clients (id, bericht_id, volgnummer, bsn, geboortedatum)"
                        " VALUES (:id, :id, 1, '999990019', '2010-02-14')"
                    ),
                    {"id": n},
                )
    finally:
        engine.dispose()
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(m.Client.id, m.Client.geboortedatum_gebruik).order_by(m.Client.id)
            ).all()
        assert [tuple(r) for r in rows] == [(1, "1"), (2, None)]
    finally:
        engine.dispose()

"""Migration 0010 fills ``quality_rejected_parts`` of an existing database from its arrival findings, so the
read model lists the same rejected starts and stops right after the upgrade as before it."""

from __future__ import annotations

import datetime as dt

from builder import Traffic
from sqlalchemy import insert, select

from ijw.db import make_engine, migrate
from ijw.db import models as m

D = dt.date


def _finding(bericht_id: int, soort: str, check: str, location: str) -> dict[str, object]:
    return {
        "bericht_id": bericht_id,
        "check": check,
        "kind": "aankomst",
        "severity": "error",
        "retourcode": None,
        "gemeente": "0599",
        "aanbieder": "12345678",
        "berichtsoort": soort,
        "dagtekening": D(2025, 3, 3),
        "location": location,
        "detail": "x",
    }


def test_0010_fills_the_rejected_parts_from_the_findings(db_url: str) -> None:
    migrate(db_url, "0009")
    engine = make_engine(db_url)
    try:
        t = Traffic(engine)
        t.auto_retour = False
        start = t.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
        decl = t.jw323(D(2025, 4, 3), (D(2025, 3, 1), D(2025, 3, 31)), [])
        start_product = "/Bericht/Client/StartProducten/StartProduct[2]"
        rows = [
            _finding(start, "JW305", "TR326", start_product),
            _finding(start, "JW305", "TR074", start_product + "/Begindatum"),  # the same start: kept once
            _finding(decl, "JW323", "TR318", "/Bericht/Declaratie/DeclaratiePeriode"),
            _finding(
                decl, "JW323", "TR389", "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]"
            ),
        ]
        with engine.begin() as conn:
            conn.execute(insert(m.QualityFinding.__table__), rows)
        migrate(db_url)
        rp = m.RejectedPart.__table__.c
        with engine.connect() as conn:
            found = conn.execute(
                select(rp.aanbieder, rp.bericht_id, rp.berichtsoort, rp.volgnummer, rp.check).order_by(rp.id)
            ).all()
        assert [tuple(r) for r in found] == [
            ("12345678", start, "JW305", 2, "TR074"),
            ("12345678", decl, "JW323", 0, "TR318"),
        ]
    finally:
        engine.dispose()

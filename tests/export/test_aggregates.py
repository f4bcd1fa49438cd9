"""Reconciliation and monitor indicators on hand-built traffic, and small-cell suppression."""

from __future__ import annotations

from export_builders import AANBIEDER, Builder, D

from services.export.service import Exporter


def clients(db: Builder, n: int) -> None:
    """``n`` clients with a 45A01 trajectory (6.72d) in 2025, each declared for 100.00 on its toewijzing."""
    for i in range(n):
        bsn = f"99999{i:04d}"
        nummer = 100 + i
        end = D(2025, 3, 31) if i % 2 == 0 else None
        db.trajectory(nummer, D(2025, 1, 1 + i), end, "31", bsn=bsn)
        db.declaratie(f"DECL-{i}", [("R1", nummer, "45", "45A01", D(2025, 1, 1), 10000, "D")], bsn=bsn)


def test_reconciliation(db: Builder) -> None:
    clients(db, 5)
    db.trajectory(900, D(2025, 2, 1), bsn="999991000")  # a trajectory without costs
    db.declaratie(
        "DECL-X", [("R1", 901, "45", "45A01", D(2025, 2, 1), 2500, "D")]
    )  # costs without trajectory
    rows = Exporter(db.engine).reconciliation(2025, min_cell=5)
    assert rows.rows == [("0363", "6.72d", "2025", "6", "6", "525.00", "87.50", "25.00", "1", "false")]


def test_reconciliation_suppresses_small_cells(db: Builder) -> None:
    clients(db, 2)
    rows = Exporter(db.engine).reconciliation(2025, min_cell=5)
    assert rows.rows == [("0363", "6.72d", "2025", "", "", "200.00", "", "0.00", "", "true")]


def test_indicators(db: Builder) -> None:
    clients(db, 6)  # clients 0, 2, 4 end on 2025-03-31; starts on 1, 2, … 6 January
    rows = {
        (r[0], r[2], r[3], r[4]): (r[5], r[6], r[7]) for r in Exporter(db.engine).indicators(2025, 3).rows
    }
    # trajectduur of clients 0, 2, 4: from 1, 3, 5 January to 31 March, both included: 90, 88, 86 days
    assert rows[("gemeente", "trajectduur_gemiddeld", "02", "2025")] == ("88.0", "3", "false")
    assert rows[("gemeente", "trajectduur_mediaan", "02", "2025")] == ("88.0", "3", "false")
    assert rows[("regio", "instroom", "", "2025-01")] == ("6", "6", "false")
    assert rows[("aanbieder", "uitstroom", "", "2025-03")] == ("3", "3", "false")
    assert rows[("aanbieder", "clienten_in_zorg", "", "2025-04")] == ("3", "3", "false")
    assert rows[("gemeente", "kosten_per_traject", "", "2025")] == ("100.00", "6", "false")
    # wachttijd: toewijzingsdatum is 10 days before the start
    assert rows[("gemeente", "wachttijd_mediaan", "02", "2025")] == ("10.0", "6", "false")
    assert ("aanbieder", "instroom", "", "2025-02") not in rows
    regio = [r for r in Exporter(db.engine).indicators(2025, 3).rows if r[0] == "regio"]
    assert {r[1] for r in regio} == {"Amsterdam-Amstelland"}  # the jeugdzorgregio of 0363
    assert AANBIEDER in {r[1] for r in Exporter(db.engine).indicators(2025, 3).rows}


def test_indicators_suppress_small_cells(db: Builder) -> None:
    clients(db, 2)
    rows = {
        (r[0], r[2], r[3], r[4]): (r[5], r[6], r[7]) for r in Exporter(db.engine).indicators(2025, 5).rows
    }
    assert rows[("gemeente", "instroom", "", "2025-01")] == ("", "", "true")
    assert rows[("gemeente", "trajectduur_gemiddeld", "02", "2025")] == ("", "", "true")

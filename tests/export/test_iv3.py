"""Iv3 aggregates: credit prestaties, rejected prestaties (by declaratie), default mapping, quarters.

Expected amounts worked out by hand in the comments (eurocents → euros).
"""

from __future__ import annotations

from export_builders import Builder, D

from services.export.service import Exporter


def build(db: Builder) -> None:
    db.declaratie(
        "DECL-A",
        [
            ("R1", 1, "45", "45A01", D(2025, 1, 1), 10000, "D"),  # 6.72d (default mapped)
            ("R2", 1, "45", "45A01", D(2025, 2, 1), 5000, "D"),  # rejected in the JW325 on DECL-A
            ("R3", 1, "45", "45A01", D(2025, 1, 1), 2000, "C"),  # credit: subtracts
            ("R4", 2, "46", "46A01", D(2025, 3, 1), 30000, "D"),  # 6.74b
            ("R5", 3, "35", "35X01", D(2025, 8, 1), 1234, "D"),  # 6.73a (category line, not default)
            ("R6", 1, "45", "45A01", D(2024, 12, 1), 99999, "D"),  # year 2024: left out of 2025
        ],
    )
    # another declaratie whose prestatie has the same ReferentieNummer R2: not rejected
    db.declaratie("DECL-B", [("R2", 1, "45", "45A01", D(2025, 7, 1), 7000, "D")])
    db.declaratie_antwoord("DECL-A", [("R2", 1, "45", "45A01", D(2025, 2, 1), 5000, "D")])
    # a declaratie rejected as a whole (JW325 without DeclaratieAntwoord)
    db.declaratie("DECL-C", [("R9", 1, "45", "45A01", D(2025, 4, 1), 55500, "D")])
    db.declaratie_antwoord("DECL-C", [], whole=True)
    # an invalid JW323 does not count
    db.declaratie("DECL-X", [("R1", 1, "45", "45A01", D(2025, 1, 1), 88800, "D")], status="invalid")
    # another gemeente
    db.declaratie("DECL-D", [("R1", 9, "48", "48A01", D(2025, 5, 1), 4000, "D")], gemeente="0599")


def test_iv3_year(db: Builder) -> None:
    build(db)
    result = Exporter(db.engine).iv3(2025)
    assert result.columns == ("gemeente", "taakveld", "jaar", "bedrag", "mapped_by_default")
    assert result.rows == [
        ("0363", "6.72d", "2025", "150.00", "true"),  # 10000 - 2000 + 7000
        ("0363", "6.73a", "2025", "12.34", "false"),
        ("0363", "6.74b", "2025", "300.00", "false"),
        ("0599", "6.82a", "2025", "40.00", "false"),
    ]
    assert result.companion == []
    assert result.csv() == (
        b"gemeente,taakveld,jaar,bedrag,mapped_by_default\n"
        b"0363,6.72d,2025,150.00,true\n0363,6.73a,2025,12.34,false\n"
        b"0363,6.74b,2025,300.00,false\n0599,6.82a,2025,40.00,false\n"
    )


def test_iv3_quarters(db: Builder) -> None:
    build(db)
    result = Exporter(db.engine).iv3(2025, quarters=True)
    assert result.rows == [
        ("0363", "6.72d", "2025", "1", "80.00", "true"),  # 10000 - 2000
        ("0363", "6.72d", "2025", "3", "70.00", "true"),
        ("0363", "6.73a", "2025", "3", "12.34", "false"),
        ("0363", "6.74b", "2025", "1", "300.00", "false"),
        ("0599", "6.82a", "2025", "2", "40.00", "false"),
    ]


def test_iv3_previous_year_and_unmapped(db: Builder) -> None:
    build(db)
    db.declaratie("DECL-E", [("R1", 1, "99", "99A01", D(2024, 3, 1), 100, "D")])
    result = Exporter(db.engine).iv3(2024)
    assert result.rows == [("0363", "6.72d", "2024", "999.99", "true")]
    assert result.companion == [
        ("0363", "99", "99A01", "2024", "1.00", "product heeft geen Iv3-taakveld (geen mapping)")
    ]


def test_zero_amounts_give_no_row(db: Builder) -> None:
    db.declaratie(
        "DECL-Z",
        [
            ("R1", 1, "45", "45A01", D(2025, 1, 1), 500, "D"),
            ("R2", 1, "45", "45A01", D(2025, 1, 1), 500, "C"),
        ],
    )
    assert Exporter(db.engine).iv3(2025).rows == []

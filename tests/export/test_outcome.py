"""Outcome criteria from the BIJ data (informatieprotocol v7 §4.2) in the indicators export, by hand.

§4.2: "Twee van bovenstaande outcomecriteria kunnen al afgeleid worden uit de verplichte gegevens …: 'uitval
van cliënten' (op basis van reden beëindiging jeugdhulp, zie paragraaf 3.7) en … 'mate waarin er na
beëindiging geen nieuwe start jeugdhulp plaatsvindt'." §3.7 names reden 03 (eenzijdig door de cliënt) uitval.
"""

from __future__ import annotations

from export_builders import Builder, D

from services.export.service import Exporter

OTHER = "87654321"


def _cells(db: Builder, min_cell: int) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    rows = Exporter(db.engine).indicators(2025, min_cell).rows
    return {(r[0], r[1], r[2]): (r[5], r[6], r[7]) for r in rows if r[4] == "2025"}


def test_outcome_criteria_of_the_records_that_ended_in_the_year(db: Builder) -> None:
    # Six clients end on 31 March 2025 with JZ588 32 (→03 uitval), 33 (→04), 31, 31, 34 (→02), 31.
    for i, reden in enumerate(["32", "33", "31", "31", "34", "31"]):
        db.trajectory(100 + i, D(2025, 1, 1), D(2025, 3, 31), reden, bsn=f"99999{i:04d}")
    # Client 2 starts again at another aanbieder two months later: a new start within half a year.
    db.trajectory(200, D(2025, 6, 1), bsn="999990002", aanbieder=OTHER)
    # The traffic reaches January 2026 (a declaration's Dagtekening): every window of half a year has passed.
    db.declaratie("DECL-1", [("R1", 100, "45", "45A01", D(2025, 1, 1), 100, "D")], bsn="999990000")
    cells = _cells(db, 3)
    assert cells[("gemeente", "0363", "uitval")] == ("16.7", "6", "false")  # 1 of 6
    assert cells[("gemeente", "0363", "voortijdig_beeindigd")] == ("50.0", "6", "false")  # 03, 04, 02
    assert cells[("gemeente", "0363", "geen_nieuwe_start")] == ("83.3", "6", "false")  # all but client 2
    assert ("aanbieder", OTHER, "uitval") not in cells  # its record runs: nothing ended there


def test_no_new_start_is_judged_only_when_its_half_year_has_passed(db: Builder) -> None:
    """An end on 1 December 2025 with traffic up to early January 2026 may still be followed by a start."""
    for i in range(3):
        db.trajectory(100 + i, D(2025, 1, 1), D(2025, 3, 31), "31", bsn=f"99999{i:04d}")
    for i in range(3, 6):
        db.trajectory(100 + i, D(2025, 1, 1), D(2025, 12, 1), "32", bsn=f"99999{i:04d}")
    db.declaratie("DECL-1", [("R1", 100, "45", "45A01", D(2025, 1, 1), 100, "D")], bsn="999990000")
    cells = _cells(db, 3)
    assert cells[("aanbieder", "12345678", "uitval")] == ("50.0", "6", "false")
    assert cells[("aanbieder", "12345678", "geen_nieuwe_start")] == ("100.0", "3", "false")


def test_outcome_cells_are_suppressed_below_the_minimum(db: Builder) -> None:
    for i in range(2):
        db.trajectory(100 + i, D(2025, 1, 1), D(2025, 3, 31), "32", bsn=f"99999{i:04d}")
    assert _cells(db, 5)[("gemeente", "0363", "uitval")] == ("", "", "true")

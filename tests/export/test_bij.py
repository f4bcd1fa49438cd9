"""BIJ derivation: hand-built trajectories for every rule, with the expected rows written out by hand.

Defaults of the builder: gemeente 0363, aanbieder 12345678, client 999990019 born 2015-03-04, geslacht 2 (V),
BRP postcode 1234AB, product 45A01 (hulpvorm 02). Period 2025-H1 unless said otherwise.
"""

from __future__ import annotations

import csv
import hashlib
import hmac

import pytest
from export_builders import AANBIEDER, BSN, Builder, D

from ijw.paths import data_dir
from ijw.pseudonym import Pseudonymiser
from services.export.bij import derive_bij
from services.export.mappings import REDEN_BEEINDIGING, TIJDELIJK_BEEINDIGD
from services.export.periods import Period
from services.export.service import Exporter
from services.quality.readmodel import load_traffic

H1 = Period.parse("2025-H1")
H2 = Period.parse("2025-H2")
CLIENT = (AANBIEDER, BSN, "20150304", "V", "1234AB")
PREVENTIEF = "datum_overgedragen;datum_overgedragen_gekregen"  # type 31: reden 31, no wijze beëindiging


def bij(
    db: Builder, period: Period = H1, kind: str = "jh"
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    result = Exporter(db.engine).bij(period, kind)  # type: ignore[arg-type]
    return result.rows, result.companion


def test_one_ended_trajectory(db: Builder) -> None:
    db.trajectory(1, D(2025, 2, 1), D(2025, 4, 30), "31")
    rows, companion = bij(db)
    assert rows == [(*CLIENT, "01", "02", "02", "20250201", "20250430", "01")]
    assert companion == []


def test_running_record_as_it_stands_on_the_last_day(db: Builder) -> None:
    db.trajectory(1, D(2025, 3, 1), D(2025, 8, 31), "34")
    assert bij(db, H1)[0] == [(*CLIENT, "01", "02", "02", "20250301", "", "")]
    assert bij(db, H2)[0] == [(*CLIENT, "01", "02", "02", "20250301", "20250831", "02")]


def test_record_outside_the_period_is_left_out(db: Builder) -> None:
    db.trajectory(1, D(2025, 1, 1), D(2025, 3, 31))
    db.trajectory(2, D(2025, 7, 1), code="45A02")
    assert bij(db, H2)[0] == [(*CLIENT, "01", "02", "02", "20250701", "", "")]


def test_overlapping_records_of_one_hulpvorm_are_merged(db: Builder) -> None:
    # 45A01 and 45A02 both map to hulpvorm 02; the second part has a JW315 of the huisarts (02)
    db.trajectory(1, D(2025, 1, 1), D(2025, 3, 31), "34")
    db.verzoek("REF-2", "02", D(2025, 3, 1), code="45A02")
    db.trajectory(2, D(2025, 3, 15), D(2025, 5, 31), "33", code="45A02", referentie="REF-2")
    rows, _ = bij(db)
    # verwijzer of the earliest part (gemeentelijke toegang), reden of the part that ends last (33 → 04)
    assert rows == [(*CLIENT, "01", "02", "02", "20250101", "20250531", "04")]


def test_merged_record_runs_while_any_part_runs(db: Builder) -> None:
    db.trajectory(1, D(2025, 1, 1), D(2025, 3, 31), "34")
    db.trajectory(2, D(2025, 2, 1), code="45A02")
    assert bij(db)[0] == [(*CLIENT, "01", "02", "02", "20250101", "", "")]


def test_consecutive_records_are_merged(db: Builder) -> None:
    """Protocol §3.3: modules "tegelijkertijd of na elkaar" are one record (DESIGN.md: the next part begins no
    later than the day after the previous one ends)."""
    db.trajectory(1, D(2025, 1, 1), D(2025, 3, 31), "31")
    db.trajectory(2, D(2025, 4, 1), D(2025, 5, 31), "35", code="45A02")
    assert bij(db)[0] == [(*CLIENT, "01", "02", "02", "20250101", "20250531", "05")]


def test_hulpvorm_change_gives_two_records(db: Builder) -> None:
    db.trajectory(1, D(2025, 1, 1), D(2025, 3, 31), "31")
    db.trajectory(2, D(2025, 4, 1), categorie="43", code="43A01")  # hulpvorm 14
    assert bij(db)[0] == [
        (*CLIENT, "01", "02", "02", "20250101", "20250331", "01"),
        (*CLIENT, "01", "14", "02", "20250402", "", ""),  # verblijf: the day after the first night (§3.5)
    ]


def test_stop_and_new_start_on_one_toewijzing_give_two_records(db: Builder) -> None:
    db.trajectory(1, D(2025, 1, 1), D(2025, 2, 28), "31")
    db.start(1, D(2025, 4, 1))
    assert bij(db)[0] == [
        (*CLIENT, "01", "02", "02", "20250101", "20250228", "01"),
        (*CLIENT, "01", "02", "02", "20250401", "", ""),
    ]


@pytest.mark.parametrize("verwijzer", ["01", "02", "03", "04", "05", "06", "08"])
def test_verwijzer_of_the_honoured_jw315(db: Builder, verwijzer: str) -> None:
    db.verzoek("REF-1", verwijzer, D(2025, 1, 5))
    db.trajectory(1, D(2025, 2, 1), referentie="REF-1")
    assert bij(db)[0] == [(*CLIENT, verwijzer, "02", "02", "20250201", "", "")]


def test_verwijzer_without_jw315_is_gemeentelijke_toegang(db: Builder) -> None:
    db.verzoek("REF-OTHER", "02", D(2025, 1, 5))  # a verzoek the toewijzing did not honour
    # without a ReferentieAanbieder: TR379 leaves it empty unless the toewijzing honours a VOT or VOW
    db.trajectory(1, D(2025, 2, 1))
    assert bij(db)[0] == [(*CLIENT, "01", "02", "02", "20250201", "", "")]


@pytest.mark.parametrize(
    ("jz588", "bij_code"),
    [
        ("31", "01"),
        ("34", "02"),
        ("32", "03"),
        ("38", "03"),
        ("33", "04"),
        ("35", "05"),
        ("02", "05"),
        ("39", "01"),
        ("36", "05"),  # DESIGN.md, reden beëindiging: 36→05
        ("37", "02"),  # 37→02 when the record really ends (no next part within a day)
    ],
)
def test_reden_beeindiging(db: Builder, jz588: str, bij_code: str) -> None:
    db.trajectory(1, D(2025, 1, 1), D(2025, 3, 31), jz588)
    assert bij(db)[0] == [(*CLIENT, "01", "02", "02", "20250101", "20250331", bij_code)]


def test_every_definitive_jz588_code_has_a_bij_code() -> None:
    """Every JZ588 code but 20 (tijdelijk, not an end) maps to a BIJ reden (DESIGN.md, reden beëindiging);
    a code without one would be flagged in the companion file, never guessed."""
    with open(data_dir("codelijsten") / "JZ588.csv", encoding="utf-8", newline="") as fh:
        codes = {row["code"] for row in csv.DictReader(fh)}
    assert set(REDEN_BEEINDIGING) == codes - {TIJDELIJK_BEEINDIGD}


def test_temporary_stop_is_not_an_end(db: Builder) -> None:
    db.trajectory(1, D(2025, 1, 1), D(2025, 3, 31), "20")
    assert bij(db)[0] == [(*CLIENT, "01", "02", "02", "20250101", "", "")]


def test_crisis_geslacht_and_postcode_fallback(db: Builder) -> None:
    db.trajectory(1, D(2025, 1, 10), categorie="46", code="46A01", geslacht="1", postcode=None)
    db.trajectory(2, D(2025, 1, 10), bsn="999990020", geslacht="0", geboortedatum=D(2016, 12, 1))
    rows, _ = bij(db)
    assert rows == [
        (AANBIEDER, BSN, "20150304", "M", "0363", "01", "02", "01", "20250110", "", ""),
        (AANBIEDER, "999990020", "20161201", "O", "1234AB", "01", "02", "02", "20250110", "", ""),
    ]


def test_unexportable_trajectories_are_listed_with_their_reason(db: Builder) -> None:
    db.trajectory(1, D(2025, 1, 1), categorie="50", code="50A06")  # no hulpvorm mapping
    db.start(99, D(2025, 2, 1))  # no toewijzing
    db.toewijzing(3, D(2025, 3, 1))  # no start
    db.stop(4, D(2025, 1, 1), D(2025, 2, 1), "31")  # no start
    db.trajectory(5, D(2025, 1, 1), categorie="42", code="42A01")  # vervoer: no record, not listed
    rows, companion = bij(db)
    assert rows == []
    assert companion == [
        (
            AANBIEDER,
            BSN,
            "0363",
            "1",
            "50",
            "50A06",
            "20250101",
            "",
            "",
            "product heeft geen hulpvorm (geen mapping)",
        ),
        (AANBIEDER, BSN, "0363", "3", "45", "45A01", "", "", "", "toewijzing zonder start (JW305)"),
        (
            AANBIEDER,
            BSN,
            "0363",
            "4",
            "45",
            "45A01",
            "20250101",
            "20250201",
            "31",
            "stop (JW307) zonder start",
        ),
        (AANBIEDER, BSN, "0363", "99", "45", "45A01", "20250201", "", "", "start zonder toewijzing (JW301)"),
    ]


def test_deleted_start_and_invalid_messages_do_not_count(db: Builder) -> None:
    db.toewijzing(1, D(2025, 1, 1))
    db.start(1, D(2025, 1, 1), dagtekening=D(2025, 1, 2))
    db.start(1, D(2025, 1, 1), status_aanlevering="3", dagtekening=D(2025, 1, 3))
    db.start(1, D(2025, 1, 15), dagtekening=D(2025, 1, 16))
    db.stop(
        1,
        D(2025, 1, 15),
        D(2025, 2, 1),
        "31",
    )
    db.stop(1, D(2025, 1, 15), D(2025, 2, 1), "31", status_aanlevering="3", dagtekening=D(2025, 2, 3))
    db.start(1, D(2025, 5, 1), status="invalid")
    assert bij(db)[0] == [(*CLIENT, "01", "02", "02", "20250115", "", "")]


def test_deleted_toewijzing(db: Builder) -> None:
    db.trajectory(1, D(2025, 1, 1))
    db.toewijzing(1, D(2025, 1, 1), reden="13", toewijzingsdatum=D(2025, 1, 20))
    rows, companion = bij(db)
    assert rows == []
    assert [c[-1] for c in companion] == ["start op verwijderde toewijzing (RedenWijziging 13)"]


def test_jeugdbescherming_and_jeugdreclassering(db: Builder) -> None:
    db.trajectory(1, D(2025, 1, 10), D(2025, 5, 31), "31", categorie="48", code="48A01")  # OTS (11)
    db.trajectory(2, D(2025, 2, 1), categorie="47", code="47A06")  # toezicht en begeleiding (41)
    db.trajectory(3, D(2025, 1, 5), D(2025, 3, 20), "31", categorie="49", code="49A01")  # preventief (31)
    jb_absent = "reden_beeindiging;machtiging_uithuisplaatsing;datum_overgedragen;datum_overgedragen_gekregen"
    assert bij(db, H1, "jb")[0] == [(*CLIENT, "11", "20250110", "20250531", "", "", "", jb_absent)]
    jr_absent = (
        "reden_beeindiging;wijze_beeindiging_drp;wijze_beeindiging_zorg;inzet_erkende_interventie;"
        "datum_overgedragen;datum_overgedragen_gekregen"
    )
    assert bij(db, Period.parse("2025-Q1"), "jr")[0] == [
        (*CLIENT, "31", "20250105", "20250320", "31", "", "", "", "", "", PREVENTIEF),
        (*CLIENT, "41", "20250201", "", "", "", "", "", "", "", jr_absent),
    ]
    assert bij(db, H1, "jh")[0] == []


def test_pseudonymised_bsn_is_the_keyed_hash(db: Builder) -> None:
    db.trajectory(1, D(2025, 2, 1))
    key = b"0123456789abcdef-test"
    result = derive_bij(load_traffic(db.engine), Exporter(db.engine).catalog, H1, "jh", Pseudonymiser(key))
    expected = hmac.new(key, BSN.encode(), hashlib.sha256).hexdigest()
    assert [r[1] for r in result.rows] == [expected]
    assert BSN not in repr(result.rows)

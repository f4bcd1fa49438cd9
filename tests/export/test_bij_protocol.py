"""BIJ jeugdhulp records against the CBS informatieprotocol Beleidsinformatie Jeugd v7 (reference pack
``docs/bijlage-2_Beleidsinformatie_Jeugd_CBS.md``) and DESIGN.md's BIJ derivation. Each test is named after
the protocol section it follows; the expected rows are written by hand from that section.

Builder defaults (``export_builders``): gemeente 0363, aanbieder 12345678, client 999990019 born 2015-03-04,
geslacht V, BRP postcode 1234AB, product 45A01 (hulpvorm 02). Period 2025-H1 unless said otherwise.
Row: aanbieder, bsn, geboortedatum, geslacht, postcode, verwijzer, hulpvorm, crisis, aanvang, einde, reden.
"""

from __future__ import annotations

from export_builders import AANBIEDER, BSN, Builder, D

from services.export.periods import Period
from services.export.service import Exporter

H1 = Period.parse("2025-H1")
H2 = Period.parse("2025-H2")
CLIENT = (AANBIEDER, BSN, "20150304", "V", "1234AB")
OTHER_AANBIEDER = "87654321"


def rows(db: Builder, period: Period = H1) -> list[tuple[str, ...]]:
    return Exporter(db.engine).bij(period, "jh").rows


def test_3_3_a_verlenging_with_a_new_toewijzing_is_one_trajectory(db: Builder) -> None:
    """§3.3: modules "tegelijkertijd of na elkaar" form one record; start of the first module, end of the
    last. A stop with reden 37 (wijzigingsverzoek) followed by the next toewijzing the next day is a
    verlenging, not an end: one record, einde and reden of the last part."""
    db.trajectory(1, D(2025, 1, 1), D(2025, 2, 28), "37")
    db.trajectory(2, D(2025, 3, 1), D(2025, 5, 31), "31", code="45A02")
    assert rows(db) == [(*CLIENT, "01", "02", "02", "20250101", "20250531", "01")]


def test_3_3_a_gap_of_two_days_starts_a_new_record(db: Builder) -> None:
    """DESIGN.md: a part that begins two days or more after the previous one ended starts a new record; the
    stop with reden 37 then really ends its record (37→02)."""
    db.trajectory(1, D(2025, 1, 1), D(2025, 2, 28), "37")
    db.trajectory(2, D(2025, 3, 2), D(2025, 5, 31), "31", code="45A02")
    assert rows(db) == [
        (*CLIENT, "01", "02", "02", "20250101", "20250228", "02"),
        (*CLIENT, "01", "02", "02", "20250302", "20250531", "01"),
    ]


def test_3_3_ambulant_help_during_verblijf_of_the_same_aanbieder_belongs_to_the_verblijf(db: Builder) -> None:
    """§3.3: "Alle hulpverlening en behandeling die gedurende de pleegzorg en het residentiële verblijf
    plaatsvinden en door dezelfde jeugdhulpaanbieder worden aangeboden, vallen onder de pleegzorg en het
    residentiële verblijf." 43A01 is verblijf (hulpvorm 14); 45A01 ambulant (02)."""
    db.trajectory(1, D(2025, 1, 1), categorie="43", code="43A01")
    db.trajectory(2, D(2025, 2, 1), D(2025, 3, 31), "31")
    assert rows(db) == [(*CLIENT, "01", "14", "02", "20250102", "", "")]


def test_3_3_ambulant_help_by_another_aanbieder_is_a_record_of_its_own(db: Builder) -> None:
    """§3.3: "Als een andere jeugdhulpaanbieder in deze situatie een ambulante module aanbiedt, dan levert hij
    daarover afzonderlijk gegevens aan bij het CBS. Het betreft dan jeugdhulp zonder verblijf." """
    db.trajectory(1, D(2025, 1, 1), categorie="43", code="43A01")
    db.trajectory(2, D(2025, 2, 1), D(2025, 3, 31), "31", aanbieder=OTHER_AANBIEDER)
    assert rows(db) == [
        (*CLIENT, "01", "14", "02", "20250102", "", ""),
        (OTHER_AANBIEDER, *CLIENT[1:], "01", "02", "02", "20250201", "20250331", "01"),
    ]


def test_3_3_ambulant_help_that_outlasts_the_verblijf_is_not_absorbed(db: Builder) -> None:
    """DESIGN.md: only ambulant parts that lie *entirely within* the verblijf record belong to it."""
    db.trajectory(1, D(2025, 1, 1), D(2025, 2, 28), "31", categorie="43", code="43A01")
    db.trajectory(2, D(2025, 2, 1), D(2025, 4, 30), "31")
    assert rows(db) == [
        (*CLIENT, "01", "02", "02", "20250201", "20250430", "01"),
        (*CLIENT, "01", "14", "02", "20250102", "20250228", "01"),
    ]


def test_3_5_verblijf_begins_the_day_after_the_first_night(db: Builder) -> None:
    """§3.5: "Bij jeugdhulp met verblijf wordt de dag aangehouden volgend op de eerste overnachting." A
    verblijf that ends on its first day has no night: einde = aanvang (DESIGN.md)."""
    db.trajectory(1, D(2025, 2, 10), D(2025, 4, 30), "31", categorie="43", code="43A01")
    db.trajectory(2, D(2025, 5, 5), D(2025, 5, 5), "31", categorie="43", code="43A03", bsn="999990020")
    assert rows(db) == [
        (*CLIENT, "01", "14", "02", "20250211", "20250430", "01"),
        (AANBIEDER, "999990020", "20150304", "V", "1234AB", "01", "11", "02", "20250506", "20250506", "01"),
    ]


def test_3_5_verblijf_begun_on_the_last_day_of_a_period_counts_in_the_next(db: Builder) -> None:
    """§3.5 with DESIGN.md's verslagperiode: the record begins on 1 July, the day after its first night."""
    db.trajectory(1, D(2025, 6, 30), categorie="43", code="43A01")
    assert rows(db, H1) == []
    assert rows(db, H2) == [(*CLIENT, "01", "14", "02", "20250701", "", "")]


def test_3_2_wijk_of_buurtteam_is_always_without_verwijzer(db: Builder) -> None:
    """§3.2 (06): "Als de jeugdhulp is uitgevoerd door het wijk- of buurtteam …, dan is deze per definitie
    vrij toegankelijk en dient gekozen te worden voor deze optie -06 geen verwijzer." 45B01 has hulpvorm 01;
    the toewijzing honoured a JW315 of the huisarts (02), which does not change that."""
    db.verzoek("REF-1", "02", D(2025, 1, 5), code="45B01")
    db.trajectory(1, D(2025, 2, 1), code="45B01", referentie="REF-1")
    db.trajectory(2, D(2025, 2, 1), code="45B02", bsn="999990020")
    assert rows(db) == [
        (*CLIENT, "06", "01", "02", "20250201", "", ""),
        (AANBIEDER, "999990020", "20150304", "V", "1234AB", "06", "01", "02", "20250201", "", ""),
    ]


def test_5_1_1_voorlopige_ots_and_voogdij_cannot_be_told_apart_and_are_flagged(db: Builder) -> None:
    """§5.1.1 has five types (11, 12 voorlopige OTS, 21, 22 voorlopige voogdij, 23 tijdelijke voogdij); the
    product codes of category 48 carry 11 or 21 only. DESIGN.md: "flagged in the companion file, never
    invented or silent": the record is exported with the type the product gives, and flagged."""
    db.trajectory(1, D(2025, 2, 1), categorie="48", code="48A01")  # OTS (11)
    db.trajectory(2, D(2025, 3, 1), categorie="48", code="48A03", bsn="999990020")  # voogdij (21)
    result = Exporter(db.engine).bij(H1, "jb")
    assert [(r[1], r[5]) for r in result.rows] == [(BSN, "11"), ("999990020", "21")]
    assert sorted((r[1], r[-1]) for r in result.companion) == [
        (BSN, "benadering: type maatregel 11 kan ook 12 (voorlopige ondertoezichtstelling) zijn"),
        (
            "999990020",
            "benadering: type maatregel 21 kan ook 22 (voorlopige voogdij) of 23 (tijdelijke voogdij) zijn",
        ),
    ]


def test_5_1_4_machtigingen_are_a_file_of_their_own_and_not_in_the_traffic(db: Builder) -> None:
    """§5.1.4–5.1.6: one record per machtiging uithuisplaatsing (71 gesloten, 72 uithuisplaatsing). No iJw
    message or product code carries one: the file is empty and every maatregel of the period is listed."""
    db.trajectory(1, D(2025, 2, 1), categorie="48", code="48A01")
    result = Exporter(db.engine).bij(H1, "jbm")
    assert result.columns == (
        "aanbieder_agb",
        "bsn",
        "geboortedatum",
        "geslacht",
        "postcode",
        "type_machtiging_uithuisplaatsing",
        "datum_aanvang_machtiging",
        "datum_einde_machtiging",
    )
    assert result.rows == []
    assert [r[-1] for r in result.companion] == [
        "machtigingen uithuisplaatsing zitten niet in het berichtenverkeer"
    ]


def test_5_3_1_jeugdreclassering_ends_in_two_fields(db: Builder) -> None:
    """§5.3.1: "De wijze van beëindiging bij jeugdreclassering wordt met twee gegevens in beeld gebracht": the
    DRP (41/42/43) and whether care follows (51/52). Neither is in the traffic: both empty and named."""
    db.trajectory(1, D(2025, 1, 6), D(2025, 3, 20), "31", categorie="47", code="47A06")
    row = Exporter(db.engine).bij(Period.parse("2025-Q1"), "jr").rows[0]
    columns = Exporter(db.engine).bij(Period.parse("2025-Q1"), "jr").columns
    values = dict(zip(columns, row, strict=True))
    assert (values["wijze_beeindiging_drp"], values["wijze_beeindiging_zorg"]) == ("", "")
    assert {"wijze_beeindiging_drp", "wijze_beeindiging_zorg"} <= set(
        values["niet_in_berichtenverkeer"].split(";")
    )
    assert values["datum_einde"] == "20250320"


def test_jeugdhulp_at_another_aanbieder_the_next_day_is_no_overdracht(db: Builder) -> None:
    """Only "bij jeugdigen met jeugdbescherming en jeugdreclassering" is an overdracht reported (protocol, the
    list of what the file holds: "datum overgedragen en de datum overgedragen gekregen"); jeugdhulp that
    goes on at another aanbieder is two records of two aanbieders, with nothing to flag."""
    db.trajectory(1, D(2025, 1, 10), D(2025, 3, 31), "31", categorie="45", code="45A48")  # ambulant
    db.trajectory(2, D(2025, 4, 1), categorie="45", code="45A48", aanbieder=OTHER_AANBIEDER)
    result = Exporter(db.engine).bij(H1, "jh")
    assert sorted(r[0] for r in result.rows) == sorted([AANBIEDER, OTHER_AANBIEDER])
    assert [r[-1] for r in result.companion if "overdracht" in r[-1]] == []


def test_7_5_an_overdracht_between_instellingen_is_flagged_not_invented(db: Builder) -> None:
    """§7.5: when a maatregel passes to another gecertificeerde instelling, "de maatregel eindigt niet" and
    the instellingen report datum overgedragen / overgedragen gekregen. The traffic shows only a stop at one
    and a start the next day at the other, which may also be a new maatregel: both records are flagged."""
    db.trajectory(1, D(2025, 1, 10), D(2025, 3, 31), "31", categorie="48", code="48A01")
    db.trajectory(2, D(2025, 4, 1), categorie="48", code="48A01", aanbieder=OTHER_AANBIEDER)
    result = Exporter(db.engine).bij(H1, "jb")
    assert len(result.rows) == 2
    transfers = sorted((r[0], r[-1]) for r in result.companion if "overdracht" in r[-1])
    to_other = f"mogelijke overdracht aan {OTHER_AANBIEDER} (de volgende dag gestart)"
    from_first = f"mogelijke overdracht van {AANBIEDER} (de vorige dag geëindigd)"
    assert transfers == [
        (AANBIEDER, f"benadering: {to_other}: niet als overdracht ingevuld"),
        (OTHER_AANBIEDER, f"benadering: {from_first}: niet als overdracht ingevuld"),
    ]

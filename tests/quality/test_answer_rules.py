"""Cross-message rules on what the gemeente sends (JW301 toewijzing, JW325 declaratie-antwoord) and on stops
(JW307): a scenario that breaks each rule (a finding with the official code on the right message, at the right
element) and the near misses its text allows (no finding). Each runs on SQLite and PostgreSQL.

Rule texts: ``ijw-3.2/regels/technische-regels/berichtoverstijgend/TRnnn.md``, read with the bedrijfsregels
that name them (``regels/bedrijfsregels/OPnnn.md``) and, for the stops, the worked cases of
``docs/Casusbeschrijvingen_bij_de_releases_iWmo_en_iJw_3.2.md`` ("Start- en stopzorg", cases 2 to 4).
"""

from __future__ import annotations

import datetime as dt

from builder import BSN, OTHER_BSN, P, Traffic
from sqlalchemy import select, update

from ijw.db import models as m
from ijw.db.blobs import compress

D = dt.date
MARCH = (D(2025, 3, 1), D(2025, 3, 31))
APRIL = (D(2025, 4, 1), D(2025, 4, 30))
MAY = (D(2025, 5, 1), D(2025, 5, 31))
STOP = "/Bericht/Client/StopProducten/StopProduct[1]"
PRODUCT = "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]"
ANTWOORD = "/Bericht/DeclaratieAntwoord"
#: the rules these tests are about, and the rules their rejections lead to (TR019, TR304, TR308, TR384)
MINE = ("TR332", "TR337", "TR366", "TR376", "TR379", "TR385", "TR413", "TR414", "TR415")
CONSEQUENCES = ("TR019", "TR304", "TR308", "TR384")


def _toewijzing(t: Traffic, nummer: int = 1001, **kw: object) -> int:
    values: dict[str, object] = {"ingang": D(2025, 3, 1), "eind": D(2025, 6, 30)} | kw
    return t.jw301(D(2025, 2, 24), nummer, **values)  # type: ignore[arg-type]


def _gestart(t: Traffic, nummer: int = 1001, **kw: object) -> None:
    _toewijzing(t, nummer, **kw)
    t.jw305(D(2025, 3, 3), nummer, D(2025, 3, 3))


def _of(t: Traffic, *checks: str) -> list[tuple[str, int, str | None]]:
    return [f for f in t.findings() if f[0] in checks]


def _afgewezen(t: Traffic) -> list[bool]:
    """Whether each prestatie (in storage order) is rejected by a JW325 the linker applied."""
    pb = m.PrestatieBeoordeling.__table__.c
    with t.engine.connect() as conn:
        return list(conn.execute(select(pb.afgewezen).order_by(pb.prestatie_id)).scalars())


# -- JW307: TR413, TR414 -------------------------------------------------------------------------------


def test_tr413_a_second_temporary_stop_for_the_same_start(traffic: Traffic) -> None:
    # TR413: "Als er al een StopProduct voor hetzelfde Bsn, ToewijzingNummer, Begindatum en met
    # RedenBeeindiging waarde 20 is, dan moet RedenBeeindiging <> aan waarde 20 zijn, indien StatusAanlevering
    # waarde 1 of 2 heeft." The second temporary stop is rejected: the first one stays.
    _gestart(traffic)
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20), reden="20")
    again = traffic.jw307(D(2025, 3, 25), 1001, D(2025, 3, 3), D(2025, 3, 25), reden="20")
    traffic.run(as_of=D(2025, 3, 26))
    assert _of(traffic, "TR413", "TR414", "TR415") == [("TR413", again, STOP + "/RedenBeeindiging")]
    lv = m.Levering.__table__.c
    with traffic.engine.connect() as conn:
        assert conn.execute(select(lv.einddatum, lv.tijdelijk)).all() == [(D(2025, 3, 20), True)]


def test_tr413_kept_after_a_withdrawal_a_new_start_or_with_a_definitive_stop(traffic: Traffic) -> None:
    # TR413 judges against a StopProduct that "al ... is": one withdrawn with StatusAanlevering 3 is not
    # (IV008: "eerst de betreffende berichtklasse verwijderd en vervolgens (eventueel) een nieuwe"). A new
    # start has another Begindatum, so its temporary stop is another key. OP378: "Zonder tussenkomst van een
    # startbericht is na een tijdelijke stop alleen een definitieve stop toegestaan": the definitive one is.
    _gestart(traffic)
    traffic.jw307(D(2025, 3, 10), 1001, D(2025, 3, 3), D(2025, 3, 10), reden="20")
    traffic.jw307(D(2025, 3, 12), 1001, D(2025, 3, 3), D(2025, 3, 10), reden="20", status="3")
    traffic.jw307(D(2025, 3, 14), 1001, D(2025, 3, 3), D(2025, 3, 14), reden="20")
    _gestart(traffic, 1002)
    traffic.jw307(D(2025, 3, 10), 1002, D(2025, 3, 3), D(2025, 3, 10), reden="20")
    traffic.jw305(D(2025, 3, 17), 1002, D(2025, 3, 17))
    traffic.jw307(D(2025, 3, 24), 1002, D(2025, 3, 17), D(2025, 3, 24), reden="20")
    traffic.jw307(D(2025, 3, 31), 1002, D(2025, 3, 17), D(2025, 3, 31), reden="34")
    traffic.run(as_of=D(2025, 4, 1))
    assert _of(traffic, *MINE) == []


def test_tr414_a_definitive_stop_before_the_temporary_one(traffic: Traffic) -> None:
    # TR414: "Als er al een StopProduct voor hetzelfde Bsn, ToewijzingNummer en Begindatum is, dan moet
    # Einddatum >= zijn aan Einddatum uit actuele StopProduct." The definitive stop is rejected: the delivery
    # stays stopped temporarily on 20 March.
    _gestart(traffic)
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20), reden="20")
    early = traffic.jw307(D(2025, 3, 25), 1001, D(2025, 3, 3), D(2025, 3, 18), reden="34")
    traffic.run(as_of=D(2025, 3, 26))
    assert _of(traffic, "TR413", "TR414", "TR415") == [("TR414", early, STOP + "/Einddatum")]
    lv = m.Levering.__table__.c
    with traffic.engine.connect() as conn:
        assert conn.execute(select(lv.einddatum, lv.reden_beeindiging)).all() == [(D(2025, 3, 20), "20")]


def test_tr414_with_tr415_a_rejected_stop_hides_nothing(traffic: Traffic) -> None:
    # A second definitive stop breaks TR415; ending before the first it breaks TR414 too: both are reported.
    _gestart(traffic)
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20), reden="34")
    bad = traffic.jw307(D(2025, 3, 25), 1001, D(2025, 3, 3), D(2025, 3, 15), reden="34")
    traffic.run(as_of=D(2025, 3, 26))
    assert _of(traffic, "TR413", "TR414", "TR415") == [
        ("TR414", bad, STOP + "/Einddatum"),
        ("TR415", bad, STOP + "/RedenBeeindiging"),
    ]


def test_tr414_kept_casus_equal_and_later_einddatum_and_a_corrected_stop(traffic: Traffic) -> None:
    # Casusbeschrijvingen, "Start- en stopzorg" case 2 ("een einddatum ... die gelijk is aan die van de
    # tijdelijke stop"), case 3 ("groter dan of gelijk ... (TR414)": a later one) and case 4 (a stop corrected
    # by withdrawing it, StatusAanlevering 3, and sending a new one: no StopProduct is actual in between, so
    # the new Einddatum may be earlier).
    _gestart(traffic)
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20), reden="20")
    traffic.jw307(D(2025, 3, 25), 1001, D(2025, 3, 3), D(2025, 3, 20), reden="34")
    _gestart(traffic, 1002)
    traffic.jw307(D(2025, 3, 20), 1002, D(2025, 3, 3), D(2025, 3, 20), reden="20")
    traffic.jw307(D(2025, 4, 10), 1002, D(2025, 3, 3), D(2025, 4, 9), reden="34")
    _gestart(traffic, 1003)
    traffic.jw307(D(2025, 3, 20), 1003, D(2025, 3, 3), D(2025, 3, 20), reden="33")
    traffic.jw307(D(2025, 3, 24), 1003, D(2025, 3, 3), D(2025, 3, 20), reden="33", status="3")
    traffic.jw307(D(2025, 3, 24), 1003, D(2025, 3, 3), D(2025, 3, 17), reden="19")
    traffic.run(as_of=D(2025, 4, 11))
    assert _of(traffic, *MINE) == []


# -- JW301: TR332, TR379, TR385 -------------------------------------------------------------------------


def test_tr332_a_toewijzingnummer_given_to_another_client(traffic: Traffic) -> None:
    # TR332 (OP275): "Ieder ToegewezenProduct binnen één gemeente heeft een uniek nummer per wettelijk
    # domein"; IV066: a changed toewijzing keeps "het ToewijzingNummer ... van de initiele toekenning", a new
    # toekenning "krijgt een nieuw toewijzingnummer". Number 1001 again, for another client, is rejected: the
    # toewijzing stays that of the first client, whose prestatie keeps TR304.
    _gestart(traffic)
    other = traffic.jw301(D(2025, 3, 5), 1001, ingang=D(2025, 3, 5), bsn=OTHER_BSN)
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, bsn=BSN)])
    traffic.run(as_of=D(2025, 4, 4))
    assert _of(traffic, *MINE, *CONSEQUENCES) == [("TR332", other, PRODUCT + "/ToewijzingNummer")]


def test_tr332_kept_new_version_same_client_and_same_number_in_another_gemeente(traffic: Traffic) -> None:
    # IV066: "de einddatum kan worden aangepast": a new version of 1001 for its client. TR332 is "binnen één
    # gemeente": another gemeente may use 1001 for its own client.
    _gestart(traffic)
    traffic.jw301(D(2025, 3, 10), 1001, ingang=D(2025, 3, 1), eind=D(2025, 5, 31))
    andere = Traffic(traffic.engine, gemeente="0363")
    andere.jw301(D(2025, 3, 10), 1001, ingang=D(2025, 3, 1), bsn=OTHER_BSN)
    traffic.run(as_of=D(2025, 3, 11))
    assert _of(traffic, *MINE) == []


def test_tr379_referentie_aanbieder_names_no_verzoek(traffic: Traffic) -> None:
    # TR379: "Indien ToegewezenProduct wordt verstuurd ter honorering van een VOT of VOW, dient
    # ReferentieAanbieder te worden gevuld met ReferentieAanbieder uit die VOT of VOW, anders leeglaten";
    # 9379: "ReferentieAanbieder refereert niet naar een verzoek ..., is onterecht gevuld". VZ-9 was never
    # asked; VZ-1 was asked of another gemeente. Both ToegewezenProducten are rejected: a start gets TR019.
    andere = Traffic(traffic.engine, gemeente="0363")
    andere.verzoek(D(2025, 2, 20), "VZ-1")
    nowhere = traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), ref="VZ-9")
    elsewhere = traffic.jw301(D(2025, 2, 24), 1002, ingang=D(2025, 3, 1), ref="VZ-1")
    start = traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.run(as_of=D(2025, 3, 4))
    assert _of(traffic, "TR379", "TR019") == [
        ("TR379", nowhere, PRODUCT + "/ReferentieAanbieder"),
        ("TR379", elsewhere, PRODUCT + "/ReferentieAanbieder"),
        ("TR019", start, "/Bericht/Client/StartProducten/StartProduct[1]/ToewijzingNummer"),
    ]


def test_tr379_kept_vot_and_vow_honoured_and_an_empty_referentie(traffic: Traffic) -> None:
    # TR379, Toelichting: a VOT's AangevraagdProduct gives its ReferentieAanbieder to the toewijzing; "In een
    # VOW ... Bij honorering wordt in ieder ToegewezenProduct deze ReferentieAanbieder overgenomen" (here a
    # new version of 1001). "Dit geldt alleen de eerste keer": a later version that repeats it or leaves it
    # empty is not judged, nor is an empty one (whether a toewijzing honours a verzoek without saying so, the
    # traffic does not show).
    traffic.verzoek(D(2025, 2, 20), "VZ-1")
    traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), ref="VZ-1")
    traffic.jw301(D(2025, 2, 25), 1002, ingang=D(2025, 3, 1), bsn=OTHER_BSN)
    traffic.verzoek(D(2025, 3, 3), "VOW-1", soort="JW317", wijzigen=(1001,))
    traffic.jw301(D(2025, 3, 5), 1001, ingang=D(2025, 3, 1), eind=D(2025, 9, 30), ref="VOW-1")
    traffic.jw301(D(2025, 3, 6), 1001, ingang=D(2025, 3, 1), eind=D(2025, 8, 31), ref="VOW-1")
    traffic.run(as_of=D(2025, 3, 7))
    assert _of(traffic, *MINE) == []


def test_tr385_removing_a_toewijzing_with_goedgekeurde_prestaties(traffic: Traffic) -> None:
    # TR385 (OP362): "Indien de toewijzing goedgekeurde (niet gecrediteerde) prestatiesregels met gelijk
    # ToewijzingNummer heeft, is het niet toegestaan deze toewijzing te verwijderen met RedenWijziging waarde
    # 13". March was declared and the JW325 rejected nothing (OP303: "Toegekende prestaties worden niet
    # afzonderlijk ... opgenomen"). The removal is rejected: April may still be declared (no TR384).
    _gestart(traffic)
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH)])
    removal = traffic.jw301(D(2025, 4, 10), 1001, ingang=D(2025, 3, 1), eind=D(2025, 3, 1), reden="13")
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *APRIL)])
    traffic.run(as_of=D(2025, 5, 6))
    assert _of(traffic, *MINE, *CONSEQUENCES) == [("TR385", removal, PRODUCT + "/RedenWijziging")]


def test_tr385_kept_rejected_credited_or_not_yet_answered(traffic: Traffic) -> None:
    # "goedgekeurde (niet gecrediteerde)": 1001's prestatie was rejected in the JW325; 1002's was credited;
    # 1003's declaratie has no answer yet, so nothing on it is goedgekeurd. All three may be removed.
    _gestart(traffic)
    _gestart(traffic, 1002)
    _gestart(traffic, 1003)
    rejected = P("R1", 1001, *MARCH)
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 4, 3), MARCH, [rejected, P("R2", 1002, *MARCH)])
    traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [rejected])
    traffic.auto_jw325 = True
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R3", 1002, *MARCH, credit=True, vorig="R2")])
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 6, 3), MAY, [P("R4", 1003, *MAY)])
    for nummer in (1001, 1002, 1003):
        traffic.jw301(D(2025, 6, 5), nummer, ingang=D(2025, 3, 1), eind=D(2025, 3, 1), reden="13")
    traffic.run(as_of=D(2025, 6, 6))
    assert _of(traffic, "TR385") == []


# -- JW325: TR337, TR366, TR376 -------------------------------------------------------------------------


def test_tr337_declaratie_identificatie_of_no_received_declaratiebericht(traffic: Traffic) -> None:
    # TR337: "De DeclaratieIdentificatie dient overeen te komen met de BerichtIdentificatie van een eerder
    # ontvangen Declaratiebericht" (BerichtIdentificatie: Identificatie and Dagtekening). One JW325 names an
    # Identificatie never sent, one the right Identificatie with another Dagtekening. Neither answers the
    # declaratie: the prestatie it returns still counts.
    _gestart(traffic)
    r1 = P("R1", 1001, *MARCH)
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 4, 3), MARCH, [r1])
    ident = traffic.last_declaratie
    unknown = traffic.jw325(D(2025, 4, 8), "323999999", [r1], nummer=f"D{ident}")
    wrong_day = traffic.jw325(D(2025, 4, 8), ident, [r1], dagtekening=D(2025, 4, 4))
    traffic.run(as_of=D(2025, 4, 9))
    assert _of(traffic, "TR337", "TR366", "TR367", "TR376") == [
        ("TR337", unknown, "/Bericht/Header/DeclaratieIdentificatie"),
        ("TR337", wrong_day, "/Bericht/Header/DeclaratieIdentificatie"),
    ]
    assert _afgewezen(traffic) == [False]


def test_tr337_kept_the_answer_and_a_header_rejection_of_an_unlinked_message(traffic: Traffic) -> None:
    # The JW325 naming the JW323 it answers keeps TR337 and applies its rejection. A JW325 whose Header
    # carries 0001 answers a declaratiebericht rejected as a whole (control level 2, IV087), which the
    # ingest stores without linking it: TR337 is not judged on it when it names no linked message.
    _gestart(traffic)
    r1 = P("R1", 1001, *MARCH)
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 4, 3), MARCH, [r1])
    traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [r1])
    traffic.jw325(D(2025, 4, 8), "323999998", [], header="0001")
    traffic.run(as_of=D(2025, 4, 9))
    assert _of(traffic, "TR337", "TR366", "TR367", "TR376") == []
    assert _afgewezen(traffic) == [True]


def test_tr366_returned_prestatie_of_no_declaratiebericht(traffic: Traffic) -> None:
    # TR366: "Iedere Prestatie in een declaratieantwoord is gerelateerd aan een declaratiebericht op basis van
    # ProductReferentie" (9366: "ProductReferentie komt niet voor in een Declaratiebericht"). R9 was never
    # declared; the answer's rejection of R1 still applies.
    _gestart(traffic)
    r1 = P("R1", 1001, *MARCH)
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 4, 3), MARCH, [r1])
    answer = traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [r1, P("R9", 1001, *MARCH)])
    traffic.run(as_of=D(2025, 4, 9))
    where = ANTWOORD + "/Clienten/Client[2]/Prestaties/Prestatie[1]"  # the builder: one Client per P
    assert _of(traffic, "TR337", "TR366", "TR367", "TR376") == [
        ("TR366", answer, where + "/ProductReferentie/ReferentieNummer")
    ]
    assert _afgewezen(traffic) == [True]


def test_tr366_kept_prestatie_of_an_earlier_declaratiebericht(traffic: Traffic) -> None:
    # TR366 asks a relation to "een declaratiebericht", not to the one DeclaratieIdentificatie names: R1, of
    # March's declaratie, returned in the answer to April's, keeps it (it is not that answer's to reject).
    _gestart(traffic)
    r1 = P("R1", 1001, *MARCH)
    traffic.jw323(D(2025, 4, 3), MARCH, [r1])
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *APRIL)])
    traffic.jw325(D(2025, 5, 8), traffic.last_declaratie, [r1])
    traffic.run(as_of=D(2025, 5, 9))
    assert _of(traffic, "TR337", "TR366", "TR367", "TR376") == []
    assert _afgewezen(traffic) == [False, False]


def test_tr376_declaratienummer_of_no_received_declaratie(traffic: Traffic) -> None:
    # TR376: "Het DeclaratieNummer dient overeen te komen met het DeclaratieNummer van een eerder ontvangen
    # Declaratie". DN-X was never declared, DN-A only to another gemeente. OP355: "De koppeling kan
    # plaatsvinden op berichtniveau of op declaratieniveau": the answer is related through its
    # DeclaratieIdentificatie, so its rejection applies.
    andere = Traffic(traffic.engine, gemeente="0363")
    andere.jw301(D(2025, 2, 24), 2001, ingang=D(2025, 3, 1))
    andere.jw305(D(2025, 3, 3), 2001, D(2025, 3, 3))
    andere.jw323(D(2025, 4, 3), MARCH, [P("A1", 2001, *MARCH)], nummer="DN-A")
    _gestart(traffic)
    r1 = P("R1", 1001, *MARCH)
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 4, 3), MARCH, [r1])
    x = traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [r1], nummer="DN-X")
    a = traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [], nummer="DN-A")
    traffic.run(as_of=D(2025, 4, 9))
    where = ANTWOORD + "/DeclaratieNummer"
    assert _of(traffic, "TR337", "TR366", "TR367", "TR376") == [("TR376", x, where), ("TR376", a, where)]
    assert _afgewezen(traffic) == [False, True]


def test_tr376_kept_nummer_of_another_earlier_declaratie(traffic: Traffic) -> None:
    # "een eerder ontvangen Declaratie": the text asks any earlier received one of the aanbieder, not the one
    # of the declaratiebericht DeclaratieIdentificatie names.
    _gestart(traffic)
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH)], nummer="DN-MAART")
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *APRIL)], nummer="DN-APRIL")
    traffic.jw325(D(2025, 5, 8), traffic.last_declaratie, [], nummer="DN-MAART")
    traffic.run(as_of=D(2025, 5, 9))
    assert _of(traffic, "TR337", "TR366", "TR367", "TR376") == []


def test_answer_rules_state_is_read_back_on_an_incremental_run(traffic: Traffic) -> None:
    # The state these rules read (declaratieberichten received, declaraties answered, verzoeken received) is
    # loaded back from the database: a second run judges new messages as one run over all would.
    _gestart(traffic)
    traffic.verzoek(D(2025, 2, 20), "VZ-1")
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH)], nummer="DN-1")
    traffic.run(as_of=D(2025, 4, 4))
    ident = traffic.last_declaratie
    traffic.jw301(D(2025, 4, 7), 1002, ingang=D(2025, 4, 1), ref="VZ-1")
    traffic.jw325(D(2025, 4, 8), ident, [], nummer="DN-1")
    removal = traffic.jw301(D(2025, 4, 10), 1001, ingang=D(2025, 3, 1), eind=D(2025, 3, 1), reden="13")
    traffic.run(as_of=D(2025, 4, 11))
    assert _of(traffic, *MINE, *CONSEQUENCES) == [("TR385", removal, PRODUCT + "/RedenWijziging")]


def _header(soort: str, *versies: tuple[str, str, str]) -> bytes:
    """The beginning of a stored message: a Header with the XSD versions (element, Basisschema, Bericht)."""
    ns = f"http://www.istandaarden.nl/ijw/3_2/{soort.lower()}/schema"
    basis = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
    parts = "".join(
        f"<{el}><b:BasisschemaXsdVersie>{b}</b:BasisschemaXsdVersie>"
        f"<b:BerichtXsdVersie>{v}</b:BerichtXsdVersie></{el}>"
        for el, b, v in versies
    )
    return compress(f'<Bericht xmlns="{ns}" xmlns:b="{basis}"><Header>{parts}</Header></Bericht>'.encode())


def test_tr371_xsd_versie_declaratie_against_the_declaratiebericht(traffic: Traffic) -> None:
    # TR371: "Waarde moet overeenkomen met waarde van XsdVersie uit het declaratiebericht dat gerelateerd is
    # op basis van DeclaratieIdentificatie". The JW323 was written with XsdVersie 1.0.0/1.0.0; one answer
    # repeats it in XsdVersieDeclaratie, the other says 1.0.0/1.0.1. Each answer also carries its own
    # XsdVersie (1.0.1), which TR371 does not compare.
    _gestart(traffic)
    traffic.auto_jw325 = False
    declaratie = traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH)])
    same = traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [])
    other = traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [])
    b = m.Bericht.__table__.c
    stored = {
        declaratie: _header("JW323", ("XsdVersie", "1.0.0", "1.0.0")),
        same: _header("JW325", ("XsdVersie", "1.0.1", "1.0.1"), ("XsdVersieDeclaratie", "1.0.0", "1.0.0")),
        other: _header("JW325", ("XsdVersie", "1.0.1", "1.0.1"), ("XsdVersieDeclaratie", "1.0.0", "1.0.1")),
    }
    with traffic.engine.begin() as conn:
        for bid, raw in stored.items():
            retour_to = None if bid == declaratie else declaratie  # as the ingest links a JW325 to its JW323
            conn.execute(
                update(m.Bericht.__table__).where(b.id == bid).values(raw_xml=raw, retour_to_id=retour_to)
            )
    traffic.run(as_of=D(2025, 4, 9))
    assert _of(traffic, "TR337", "TR371", "TR376") == [
        ("TR371", other, "/Bericht/Header/XsdVersieDeclaratie")
    ]

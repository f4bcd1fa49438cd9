"""Every cross-message rule and process check of the quality service: a scenario that breaks it (a finding
with the official code on the right message, at the right element) and one that keeps it (no finding).
Each runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from builder import BSN, OTHER_BSN, VP, P, Traffic
from sqlalchemy import select

from ijw.db import models as m

D = dt.date
MARCH = (D(2025, 3, 1), D(2025, 3, 31))
APRIL = (D(2025, 4, 1), D(2025, 4, 30))


def _toewijzing(t: Traffic, nummer: int = 1001, **kw: object) -> int:
    values: dict[str, object] = {"ingang": D(2025, 3, 1), "eind": D(2025, 6, 30)} | kw
    return t.jw301(D(2025, 2, 24), nummer, **values)  # type: ignore[arg-type]


# -- starts and stops ---------------------------------------------------------------------------------


def test_tr019_start_and_stop_without_toewijzing(traffic: Traffic) -> None:
    _toewijzing(traffic)
    start = traffic.jw305(D(2025, 3, 3), 9999, D(2025, 3, 3))
    stop = traffic.jw307(D(2025, 3, 20), 9999, D(2025, 3, 3), D(2025, 3, 20))
    traffic.run()
    assert (
        "TR019",
        start,
        "/Bericht/Client/StartProducten/StartProduct[1]/ToewijzingNummer",
    ) in traffic.findings()
    assert "TR019" in traffic.checks_on(stop)


def test_tr019_kept(traffic: Traffic) -> None:
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20))
    traffic.run(as_of=D(2025, 3, 21))
    assert traffic.findings() == []


def test_tr326_second_actual_start(traffic: Traffic) -> None:
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    second = traffic.jw305(D(2025, 3, 10), 1001, D(2025, 3, 10))
    traffic.run(as_of=D(2025, 3, 11))
    assert traffic.findings("TR326") == [("TR326", second, "/Bericht/Client/StartProducten/StartProduct[1]")]


def test_tr326_kept_after_a_stop_and_after_a_withdrawal(traffic: Traffic) -> None:
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 14), 1001, D(2025, 3, 3), D(2025, 3, 14), reden="20")
    traffic.jw305(D(2025, 4, 1), 1001, D(2025, 4, 1))
    traffic.jw305(D(2025, 4, 2), 1001, D(2025, 4, 1), status="3")
    traffic.jw305(D(2025, 4, 3), 1001, D(2025, 4, 2))
    traffic.run(as_of=D(2025, 4, 4))
    assert traffic.findings() == []


def test_tr074_start_resent_after_its_stop(traffic: Traffic) -> None:
    # TR074: "Indien StatusAanlevering de waarde '1' bevat, dan moet de sleutel van de betreffende aanlevering
    # niet alleen uniek zijn binnen het bericht zelf, maar ook in combinatie met alle reeds ontvangen
    # berichten": the same start again after its stop (docs/linking.md case F) is rejected.
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20))
    again = traffic.jw305(D(2025, 3, 21), 1001, D(2025, 3, 3))
    traffic.run(as_of=D(2025, 3, 22))
    assert traffic.findings() == [
        ("TR074", again, "/Bericht/Client/StartProducten/StartProduct[1]/Begindatum")
    ]


def test_tr074_kept_when_the_earlier_start_was_withdrawn(traffic: Traffic) -> None:
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw305(D(2025, 3, 4), 1001, D(2025, 3, 3), status="3")
    traffic.jw305(D(2025, 3, 5), 1001, D(2025, 3, 3))
    traffic.run(as_of=D(2025, 3, 6))
    assert traffic.findings() == []


def test_tr063_withdrawal_of_what_was_never_sent(traffic: Traffic) -> None:
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    bad_start = traffic.jw305(D(2025, 3, 4), 1001, D(2025, 3, 9), status="3")
    bad_stop = traffic.jw307(D(2025, 3, 5), 1001, D(2025, 3, 3), D(2025, 3, 5), status="3")
    traffic.run(as_of=D(2025, 3, 6))
    assert [(c, b) for c, b, _ in traffic.findings()] == [("TR063", bad_start), ("TR063", bad_stop)]


def test_tr063_kept_stop_corrected(traffic: Traffic) -> None:
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20), reden="32")
    traffic.jw307(D(2025, 3, 21), 1001, D(2025, 3, 3), D(2025, 3, 20), reden="32", status="3")
    traffic.jw307(D(2025, 3, 21), 1001, D(2025, 3, 3), D(2025, 3, 20), reden="34")
    traffic.run(as_of=D(2025, 3, 22))
    assert traffic.findings() == []


def test_tr071_start_withdrawn_after_its_stop(traffic: Traffic) -> None:
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20))
    bad = traffic.jw305(D(2025, 3, 21), 1001, D(2025, 3, 3), status="3")
    traffic.run(as_of=D(2025, 3, 22))
    assert [(c, b) for c, b, _ in traffic.findings()] == [("TR071", bad)]


def test_tr382_stop_names_no_start(traffic: Traffic) -> None:
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    bad = traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 5), D(2025, 3, 20))
    traffic.run(as_of=D(2025, 3, 21))
    assert ("TR382", bad, "/Bericht/Client/StopProducten/StopProduct[1]/Begindatum") in traffic.findings()


def test_tr415_second_definitive_stop_but_not_after_a_temporary_one(traffic: Traffic) -> None:
    _toewijzing(traffic)
    _toewijzing(traffic, 1002)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20), reden="31")
    bad = traffic.jw307(D(2025, 3, 24), 1001, D(2025, 3, 3), D(2025, 3, 24), reden="34")
    traffic.jw305(D(2025, 3, 3), 1002, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 20), 1002, D(2025, 3, 3), D(2025, 3, 20), reden="20")
    traffic.jw307(D(2025, 3, 27), 1002, D(2025, 3, 3), D(2025, 3, 27), reden="34")
    traffic.run(as_of=D(2025, 3, 28))
    assert [(c, b) for c, b, _ in traffic.findings()] == [("TR415", bad)]


# -- declaraties --------------------------------------------------------------------------------------


def _declarable(t: Traffic, **kw: object) -> None:
    _toewijzing(t, **kw)
    t.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))


def test_tr304_tr338_tr339_prestatie_against_its_toewijzing(traffic: Traffic) -> None:
    _declarable(traffic)
    bid = traffic.jw323(
        D(2025, 4, 3),
        MARCH,
        [
            P("R1", 1001, *MARCH, bsn=OTHER_BSN),
            P("R2", 7777, *MARCH),
            P("R3", 1001, *MARCH, categorie="44", code="44A01"),
            P("R4", 1001, *MARCH),
        ],
    )
    traffic.run(as_of=D(2025, 4, 4))
    where = "/Bericht/Declaratie/Clienten/Client[{}]/Prestaties/Prestatie[1]"
    assert traffic.findings() == [
        ("TR304", bid, "/Bericht/Declaratie/Clienten/Client[1]/Bsn"),
        ("TR338", bid, where.format(2) + "/ToewijzingNummer"),
        ("TR339", bid, where.format(3) + "/ProductCategorie"),
        ("TR340", bid, where.format(3) + "/ProductCode"),  # 44A01 is not the toegewezen 45A01
    ]


def test_tr304_jw325_and_jw317_name_the_client_of_what_they_answer_or_change(traffic: Traffic) -> None:
    # TR304 ("Bsn moet overeenkomen met Bsn van een Client") is used in JW317, JW323 and JW325: a returned
    # prestatie under another client's Bsn, and a verzoek om wijziging of a toewijzing of another client.
    # The JW325's rejection naming the wrong client changes nothing: the prestatie still counts.
    _declarable(traffic)
    r1 = P("R1", 1001, *MARCH)
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 4, 3), MARCH, [r1, P("R2", 1001, D(2025, 4, 1), D(2025, 4, 30))])
    wrong = traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [P("R1", 1001, *MARCH, bsn=OTHER_BSN)])
    other = traffic.verzoek(D(2025, 4, 9), "VOW1", soort="JW317", bsn=OTHER_BSN, wijzigen=(1001,))
    own = traffic.verzoek(D(2025, 4, 10), "VOW2", soort="JW317", wijzigen=(1001,))
    traffic.run(as_of=D(2025, 4, 11))
    assert [f for f in traffic.findings() if f[0] == "TR304"] == [
        ("TR304", wrong, "/Bericht/DeclaratieAntwoord/Clienten/Client[1]/Bsn"),
        ("TR304", other, "/Bericht/Client/Bsn"),
    ]
    assert own not in {b for _, b, _ in traffic.findings()}
    pb = m.PrestatieBeoordeling.__table__.c
    with traffic.engine.connect() as conn:
        assert conn.execute(select(pb.accepted, pb.afgewezen)).all() == [(True, False), (True, False)]


def test_tr367_jw325_values_equal_the_declared_prestatie(traffic: Traffic) -> None:
    # TR367 (JW325): "Waarde moet overeenkomen met waarde uit het declaratiebericht dat gerelateerd is op
    # basis van ProductReferentie": R2 is returned with another GeleverdVolume (and so another Bedrag); R1
    # as declared. The answer that does not match changes nothing: R2 still counts.
    _declarable(traffic)
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH), P("R2", 1001, D(2025, 4, 1), D(2025, 4, 30))])
    answer = traffic.jw325(
        D(2025, 4, 8),
        traffic.last_declaratie,
        [P("R1", 1001, *MARCH), P("R2", 1001, D(2025, 4, 1), D(2025, 4, 30), volume=12)],
    )
    traffic.run(as_of=D(2025, 4, 9))
    where = "/Bericht/DeclaratieAntwoord/Clienten/Client[2]/Prestaties/Prestatie[1]"  # one Client per P here
    assert [f for f in traffic.findings() if f[0].startswith("TR")] == [
        ("TR367", answer, where + "/GeleverdVolume")
    ]
    pb = m.PrestatieBeoordeling.__table__.c
    with traffic.engine.connect() as conn:
        rows = conn.execute(select(pb.afgewezen).order_by(pb.prestatie_id)).scalars().all()
    assert rows == [True, False]


def test_declaratie_kept(traffic: Traffic) -> None:
    _declarable(traffic, volume=100, eenheid="04", frequentie="6")
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, volume=40)])
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *APRIL, volume=50)])
    traffic.run(as_of=D(2025, 5, 6))
    assert traffic.findings() == []


def test_tr384_declaration_on_a_removed_toewijzing(traffic: Traffic) -> None:
    _declarable(traffic)
    traffic.jw301(D(2025, 3, 10), 1001, ingang=D(2025, 3, 1), eind=D(2025, 3, 1), reden="13")
    bid = traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH)])
    traffic.run(as_of=D(2025, 4, 4))
    assert ("TR384", bid) in {(c, b) for c, b, _ in traffic.findings()}


def test_tr307_tr387_period_before_and_not_from_the_start_of_the_month(traffic: Traffic) -> None:
    _declarable(traffic, ingang=D(2025, 3, 10))
    early = traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, D(2025, 3, 1), D(2025, 3, 31))])
    odd = traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, D(2025, 4, 5), D(2025, 4, 30))])
    traffic.run(as_of=D(2025, 5, 6))
    assert traffic.checks_on(early) == {"TR307", "TR387"}
    assert traffic.checks_on(odd) == {"TR387"}


def test_tr387_kept_when_the_toewijzing_begins_later_in_the_month(traffic: Traffic) -> None:
    _declarable(traffic, ingang=D(2025, 3, 10))
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, D(2025, 3, 10), D(2025, 3, 31))])
    traffic.run(as_of=D(2025, 4, 4))
    assert traffic.findings() == []


def test_tr308_tr388_period_after_and_short_of_the_end(traffic: Traffic) -> None:
    _declarable(traffic, eind=D(2025, 3, 31))
    late = traffic.jw323(D(2025, 5, 5), APRIL, [P("R1", 1001, *APRIL)])
    _toewijzing(traffic, 1002, eind=None)
    short = traffic.jw323(
        D(2025, 6, 3), (D(2025, 5, 1), D(2025, 5, 31)), [P("R2", 1002, D(2025, 5, 1), D(2025, 5, 20))]
    )
    traffic.run(as_of=D(2025, 5, 6))
    assert traffic.checks_on(late) == {"TR308"}
    assert traffic.checks_on(short) == {"TR388"}


def test_tr388_kept_when_the_toewijzing_ends_in_the_month(traffic: Traffic) -> None:
    _declarable(traffic, eind=D(2025, 3, 20))
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20))
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, D(2025, 3, 1), D(2025, 3, 20))])
    traffic.run(as_of=D(2025, 4, 4))
    assert traffic.findings() == []


def test_tr314_referentienummer_used_before(traffic: Traffic) -> None:
    _declarable(traffic)
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH)])
    again = traffic.jw323(D(2025, 5, 5), APRIL, [P("R1", 1001, *APRIL)])
    traffic.run(as_of=D(2025, 5, 6))
    assert traffic.findings() == [
        (
            "TR314",
            again,
            "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductReferentie/ReferentieNummer",
        )
    ]


def test_tr389_second_debet_and_kept_after_a_credit(traffic: Traffic) -> None:
    _declarable(traffic)
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH)])
    second = traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *MARCH), P("R3", 1001, *APRIL)])
    traffic.jw323(
        D(2025, 6, 3),
        (D(2025, 5, 1), D(2025, 5, 31)),
        [P("R4", 1001, *MARCH, credit=True, vorig="R1"), P("R5", 1001, *MARCH)],
    )
    traffic.run(as_of=D(2025, 6, 4))
    assert [(c, b) for c, b, _ in traffic.findings()] == [("TR389", second)]


def test_tr389_kept_after_the_gemeente_rejected_the_first_debet(traffic: Traffic) -> None:
    _declarable(traffic)
    first = P("R1", 1001, *MARCH)
    traffic.jw323(D(2025, 4, 3), MARCH, [first])
    traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [first])
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *MARCH)])
    traffic.run(as_of=D(2025, 5, 6))
    assert traffic.findings() == []


def test_tr323_tr390_credits(traffic: Traffic) -> None:
    _declarable(traffic)
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH)])
    unknown = traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *MARCH, credit=True, vorig="R9")])
    traffic.jw323(
        D(2025, 6, 3), (D(2025, 5, 1), D(2025, 5, 31)), [P("R3", 1001, *MARCH, credit=True, vorig="R1")]
    )
    twice = traffic.jw323(
        D(2025, 7, 3), (D(2025, 6, 1), D(2025, 6, 30)), [P("R4", 1001, *MARCH, credit=True, vorig="R1")]
    )
    traffic.run(as_of=D(2025, 7, 4))
    assert [(c, b) for c, b, _ in traffic.findings()] == [("TR323", unknown), ("TR390", twice)]


def test_tr322_volumes_over_the_omvang(traffic: Traffic) -> None:
    _declarable(traffic, volume=100, eenheid="04", frequentie="6")
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, volume=60)])
    over = traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *APRIL, volume=50)])
    traffic.run(as_of=D(2025, 5, 6))
    assert traffic.findings() == [
        ("TR322", over, "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/GeleverdVolume")
    ]


def test_tr322_kept_when_the_earlier_prestatie_was_rejected_or_credited(traffic: Traffic) -> None:
    _declarable(traffic, volume=100, eenheid="04", frequentie="6")
    first = P("R1", 1001, *MARCH, volume=60)
    traffic.jw323(D(2025, 4, 3), MARCH, [first])
    traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [first])
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *APRIL, volume=50)])
    traffic.jw323(
        D(2025, 6, 3),
        (D(2025, 5, 1), D(2025, 5, 31)),
        [P("R3", 1001, *APRIL, volume=50, credit=True, vorig="R2")],
    )
    traffic.jw323(D(2025, 7, 3), (D(2025, 6, 1), D(2025, 6, 30)), [P("R4", 1001, *APRIL, volume=90)])
    traffic.run(as_of=D(2025, 7, 4))
    assert traffic.findings() == []


def test_tr322_open_toewijzing_loopduur_covers_every_period_summed(traffic: Traffic) -> None:
    # TR322 (Toelichting): the sum of GeleverdVolume in all ingediende Prestaties "mag het maximale volume
    # berekend over de loopduur van de toewijzing niet overstijgen". Without an Einddatum the loopduur so far
    # reaches at least the last period summed: April declared first, then March, is two months of 10 hours.
    _declarable(traffic, eind=None, volume=10, eenheid="04", frequentie="4")
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R1", 1001, *APRIL, volume=10)])
    traffic.jw323(D(2025, 6, 3), (D(2025, 5, 1), D(2025, 5, 31)), [P("R2", 1001, *MARCH, volume=10)])
    traffic.run(as_of=D(2025, 6, 4))
    assert traffic.findings() == []


def test_tr322_open_toewijzing_over_its_months(traffic: Traffic) -> None:
    # The near miss: March and April of an open toewijzing of 10 hours per month allow 20; 6 + 15 is over
    # (and April alone is over its month: TR321).
    _declarable(traffic, eind=None, volume=10, eenheid="04", frequentie="4")
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, volume=6)])
    over = traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *APRIL, volume=15)])
    traffic.run(as_of=D(2025, 5, 6))
    assert traffic.checks_on(over) == {"TR321", "TR322"}


def test_tr322_per_week(traffic: Traffic) -> None:
    # 2 hours a week from 3 to 16 March touch three ISO weeks: at most 6
    _declarable(traffic, ingang=D(2025, 3, 3), eind=D(2025, 3, 16), volume=2, eenheid="04", frequentie="2")
    over = traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, D(2025, 3, 3), D(2025, 3, 16), volume=7)])
    traffic.run(as_of=D(2025, 4, 4))
    assert traffic.checks_on(over) == {"TR321", "TR322"}  # the one prestatie is over its weeks too


def test_tr318_tr333_declaratie_level(traffic: Traffic) -> None:
    _declarable(traffic)
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R1", 1001, *APRIL)], nummer="D1")
    earlier = traffic.jw323(D(2025, 5, 6), MARCH, [P("R2", 1001, *MARCH)], nummer="D2")
    reused = traffic.jw323(
        D(2025, 6, 3),
        (D(2025, 5, 1), D(2025, 5, 31)),
        [P("R3", 1001, D(2025, 5, 1), D(2025, 5, 31))],
        nummer="D1",
    )
    traffic.run(as_of=D(2025, 6, 4))
    assert traffic.findings() == [
        ("TR318", earlier, "/Bericht/Declaratie/DeclaratiePeriode"),
        ("TR333", reused, "/Bericht/Declaratie/DeclaratieNummer"),
    ]


def test_tr318_kept_overlap_with_the_last_period_and_gaps(traffic: Traffic) -> None:
    # TR318's Toelichting (its example is in 2022): care in May and June, none in July and August, again
    # from September: the DeclaratiePerioden May, June, September are right. OP284: "Hiaten tussen
    # declaratieperioden zijn toegestaan" and "Overlap van declaratieperioden is toegestaan voor correcties
    # op de laatst ingediende periode": a second declaratie over June (the last submitted one) is allowed.
    _toewijzing(traffic, ingang=D(2025, 3, 1), eind=D(2025, 12, 31))
    traffic.jw305(D(2025, 5, 2), 1001, D(2025, 5, 2))
    may, june, september = (
        (D(2025, 5, 1), D(2025, 5, 31)),
        (D(2025, 6, 1), D(2025, 6, 30)),
        (D(2025, 9, 1), D(2025, 9, 30)),
    )
    traffic.jw323(D(2025, 6, 3), may, [P("R1", 1001, *may)])
    traffic.jw323(D(2025, 7, 4), june, [P("R2", 1001, *june)])
    traffic.jw323(D(2025, 7, 5), june, [P("R3", 1001, *june, credit=True, vorig="R2"), P("R4", 1001, *june)])
    traffic.jw323(D(2025, 10, 3), september, [P("R5", 1001, *september)])
    traffic.run(as_of=D(2025, 10, 4))
    assert traffic.findings() == []


def test_tr318_a_period_before_the_last_one_is_rejected_but_its_prestaties_still_judged(
    traffic: Traffic,
) -> None:
    # A period before the last submitted one is neither the next month, nor a gap, nor an overlap with the
    # last submitted period (OP284): TR318. Its prestaties are still judged (a rejected part hides nothing):
    # R1 again is TR314, a second debet over March is TR389. The rejected declaratie changes nothing: a
    # later debet over February is accepted.
    _declarable(traffic, ingang=D(2025, 2, 1))
    february = (D(2025, 2, 1), D(2025, 2, 28))
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH)])
    late = traffic.jw323(D(2025, 4, 4), february, [P("R1", 1001, *february), P("R2", 1001, *MARCH)])
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R3", 1001, *february)])
    traffic.run(as_of=D(2025, 5, 6))
    where = "/Bericht/Declaratie/Clienten/Client[{}]/Prestaties/Prestatie[1]"  # one client per prestatie
    assert traffic.findings() == [
        ("TR314", late, where.format(1) + "/ProductReferentie/ReferentieNummer"),
        ("TR318", late, "/Bericht/Declaratie/DeclaratiePeriode"),
        ("TR389", late, where.format(2) + "/IngediendBedrag/DebetCredit"),
    ]


def test_tr322_minutes_on_a_toewijzing_in_hours(traffic: Traffic) -> None:
    # TR341: "Bij toewijzing in uren mag ook in minuten gedeclareerd worden"; TR322 sums the volumes with
    # their Eenheid: 10 hours in total allow 600 minutes, not 600 hours.
    _declarable(traffic, volume=10, eenheid="04", frequentie="6")
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, volume=300, eenheid="01")])
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *APRIL, volume=5, eenheid="04")])
    over = traffic.jw323(
        D(2025, 6, 3),
        (D(2025, 5, 1), D(2025, 5, 31)),
        [P("R3", 1001, D(2025, 5, 1), D(2025, 5, 31), volume=1, eenheid="01")],
    )
    traffic.run(as_of=D(2025, 6, 4))
    assert [(c, b) for c, b, _ in traffic.findings()] == [("TR322", over)]


def test_tr341_eenheid_fits_the_toewijzing_minutes_on_hours_contract_for_aspecifiek(traffic: Traffic) -> None:
    # TR341: "de eenheid in de declaratie [moet] gelijk … zijn aan de eenheid uit de toewijzing. Bij
    # toewijzing in uren mag ook in minuten gedeclareerd worden. Voor aspecifieke of generieke toewijzingen
    # geldt dat de eenheid overeen dient te komen met de eenheid in de gemaakte contractafspraken" (not in
    # the traffic).
    _declarable(traffic, volume=100, eenheid="04", frequentie="6")
    traffic.jw301(
        D(2025, 2, 24), 1002, ingang=D(2025, 3, 1), code=None, volume=100, eenheid="04", frequentie="6"
    )
    traffic.jw305(D(2025, 3, 3), 1002, D(2025, 3, 3))
    etmaal = traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, eenheid="14")])
    traffic.jw323(
        D(2025, 5, 5),
        APRIL,
        [P("R2", 1001, *APRIL, volume=90, eenheid="01"), P("R3", 1002, *APRIL, volume=2, eenheid="14")],
    )
    traffic.run(as_of=D(2025, 5, 6))
    assert [(c, b, loc) for c, b, loc in traffic.findings() if c.startswith("TR")] == [
        ("TR341", etmaal, "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]/Eenheid")
    ]


def test_tr374_no_verzoek_while_another_is_in_behandeling(traffic: Traffic) -> None:
    # TR374: "Een verzoek mag alleen worden verstuurd als er geen onderhanden verzoek is voor de betreffende
    # client van dezelfde aanbieder"; "Een verzoek is in behandeling totdat er ofwel een antwoordbericht met
    # VerzoekAntwoord 'Verzoek afgewezen' ofwel een toewijzingsbericht met dezelfde ReferentieAanbieder
    # gestuurd is".
    traffic.verzoek(D(2025, 3, 3), "VZ-1")
    second = traffic.verzoek(D(2025, 3, 4), "VZ-2")  # VZ-1 in behandeling
    traffic.verzoek(D(2025, 3, 4), "VZ-9", bsn=OTHER_BSN)  # another client: kept
    traffic.jw319(D(2025, 3, 5), "VZ-1")  # Aanvraag in onderzoek: still in behandeling
    traffic.run(as_of=D(2025, 3, 5))
    wijziging = traffic.verzoek(D(2025, 3, 6), "VZ-3", "JW317")
    traffic.jw319(D(2025, 3, 7), "VZ-1", antwoord="1")  # Verzoek afgewezen: VZ-1 ends
    traffic.verzoek(D(2025, 3, 10), "VZ-4")  # kept: VZ-2 and VZ-3 were rejected, never in behandeling
    traffic.run(as_of=D(2025, 3, 10))  # an incremental run: the state in behandeling is read back
    traffic.jw301(D(2025, 3, 12), 1001, ref="VZ-4")  # the toewijzing ends VZ-4
    traffic.verzoek(D(2025, 3, 13), "VZ-5", "JW317", producten=(VP("ongewijzigd", 1001),))  # kept
    traffic.run(as_of=D(2025, 3, 13))
    assert [(c, b) for c, b, _ in traffic.findings() if c.startswith("TR")] == [
        ("TR374", second),
        ("TR374", wijziging),
    ]


# -- process deadlines and completeness ---------------------------------------------------------------


def test_op090_retour_within_three_werkdagen(traffic: Traffic) -> None:
    # OP090: "Voor ieder ontvangen bericht wordt binnen drie werkdagen na ontvangst een retourbericht
    # verzonden"; "Een verwerking is onjuist indien: geen retourbericht wordt verzonden; het retourbericht
    # later dan drie werkdagen na ontvangst wordt verstuurd".
    traffic.auto_retour = False
    late = traffic.jw301(D(2025, 3, 3), 1001)  # a Monday: 3 werkdagen end on Thursday 6 March
    traffic.retour(D(2025, 3, 10), late)
    on_time = traffic.jw301(D(2025, 3, 3), 1002)
    traffic.retour(D(2025, 3, 6), on_time)
    missing = traffic.jw301(D(2025, 3, 3), 1003)
    traffic.auto_retour = True
    for nummer in (1001, 1002, 1003):
        traffic.jw305(D(2025, 3, 4), nummer, D(2025, 3, 4))
    traffic.run(as_of=D(2025, 3, 12))
    assert traffic.findings("OP090") == [("OP090", late, None), ("OP090", missing, None)]


def test_op274_op346_and_op090x4_answers(traffic: Traffic) -> None:
    # OP274/OP346: the gemeente sends "binnen vijf werkdagen" a toewijzingbericht or an antwoordbericht, for a
    # JW315 (OP274) and a JW317 (OP346) alike. OP090x4: "binnen tien werkdagen na ontvangst een
    # declaratie-antwoordbericht".
    traffic.auto_jw325 = False
    late = traffic.verzoek(D(2025, 3, 3), "VZ-1")
    traffic.jw319(D(2025, 3, 12), "VZ-1", antwoord="1")  # 7 werkdagen
    traffic.verzoek(D(2025, 3, 3), "VZ-2")
    traffic.jw301(D(2025, 3, 10), 1001, ref="VZ-2")  # 5 werkdagen: on time
    traffic.jw305(D(2025, 3, 11), 1001, D(2025, 3, 11))
    wijziging = traffic.verzoek(D(2025, 3, 3), "VZ-3", "JW317", wijzigen=(1001,))  # never answered
    decl = traffic.jw323(D(2025, 4, 1), MARCH, [P("R1", 1001, D(2025, 3, 10), D(2025, 3, 31))])
    traffic.jw325(D(2025, 4, 16), traffic.last_declaratie, [])  # 11 werkdagen (Goede Vrijdag is later)
    traffic.run(as_of=D(2025, 4, 17))
    found = {(c, b) for c, b, _ in traffic.findings() if c.startswith("OP") and c not in ("OP271", "OP272")}
    assert found == {("OP274", late), ("OP346", wijziging), ("OP090x4", decl)}


def test_op274_not_judged_before_the_deadline(traffic: Traffic) -> None:
    traffic.verzoek(D(2025, 3, 3), "VZ-1")  # Monday: the fifth werkdag is Monday 10 March
    traffic.run(as_of=D(2025, 3, 10))
    assert traffic.findings("OP274") == []
    traffic.run(as_of=D(2025, 3, 11))
    assert len(traffic.findings("OP274")) == 1


def test_op274_in_onderzoek_final_answer_within_eight_weeks(traffic: Traffic) -> None:
    # OP274: "Wanneer VerzoekAntwoord = 2 (In onderzoek) geldt: moet binnen acht weken alsnog een besluit
    # volgen in de vorm van een toewijzingbericht, of een antwoordbericht met VerzoekAntwoord = 1"; OP346:
    # "uiterlijk binnen acht weken na dagtekening van het verzoek".
    open_ = traffic.verzoek(D(2025, 3, 3), "VZ-1")
    traffic.jw319(D(2025, 3, 5), "VZ-1")  # in onderzoek, never decided
    traffic.verzoek(D(2025, 3, 3), "VZ-2")
    traffic.jw319(D(2025, 3, 5), "VZ-2")
    traffic.jw319(D(2025, 4, 28), "VZ-2", antwoord="1")  # afgewezen on the last day (3 March + 8 weeks)
    late = traffic.verzoek(D(2025, 3, 3), "VZ-3")
    traffic.jw319(D(2025, 3, 5), "VZ-3")
    traffic.jw301(D(2025, 4, 29), 1001, ref="VZ-3")  # toegewezen one day too late
    traffic.verzoek(D(2025, 3, 3), "VZ-4")
    traffic.jw319(D(2025, 3, 5), "VZ-4")
    traffic.jw319(D(2025, 3, 20), "VZ-4")  # still in onderzoek: no decision
    traffic.jw301(D(2025, 4, 1), 1002, ref="VZ-4")
    traffic.run(as_of=D(2025, 4, 28))  # eight weeks not passed yet for VZ-1
    assert [b for _, b, _ in traffic.findings("OP274")] == [late]
    traffic.run(as_of=D(2025, 4, 29))
    assert [b for _, b, _ in traffic.findings("OP274")] == [open_, late]


def test_op271_start_within_five_werkdagen(traffic: Traffic) -> None:
    # OP271: "binnen vijf werkdagen na daadwerkelijke start van de ondersteuning"; "Indien ondersteuning met
    # terugwerkende kracht is toegewezen: binnen vijf werkdagen na ontvangst van het toewijzingbericht".
    traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1))
    on_time = traffic.jw305(D(2025, 3, 10), 1001, D(2025, 3, 3))  # Monday 3 March + 5 werkdagen
    traffic.jw301(D(2025, 2, 24), 1002, ingang=D(2025, 3, 1))
    late = traffic.jw305(D(2025, 3, 11), 1002, D(2025, 3, 3))
    traffic.jw301(D(2025, 3, 14), 1003, ingang=D(2025, 3, 1))  # toegewezen with terugwerkende kracht
    retro = traffic.jw305(D(2025, 3, 21), 1003, D(2025, 3, 3))  # 5 werkdagen after the toewijzing
    # Design (docs/quality-rules.md): a start that replaces a withdrawn one is not judged.
    traffic.jw301(D(2025, 2, 24), 1004, ingang=D(2025, 3, 1))
    traffic.jw305(D(2025, 3, 3), 1004, D(2025, 3, 3))
    traffic.jw305(D(2025, 3, 12), 1004, D(2025, 3, 3), status="3")
    replacing = traffic.jw305(D(2025, 3, 13), 1004, D(2025, 3, 4))
    traffic.run(as_of=D(2025, 3, 31))
    assert [b for _, b, _ in traffic.findings("OP271")] == [late]
    assert "OP271" not in traffic.checks_on(on_time) | traffic.checks_on(retro) | traffic.checks_on(replacing)


def test_op272_stop_within_five_werkdagen(traffic: Traffic) -> None:
    # OP272: "binnen vijf werkdagen na daadwerkelijke beëindiging van de ondersteuning een stopbericht";
    # "Definitieve stop volgend op tijdelijke stop: binnen vijf werkdagen nadat bekend is dat de levering
    # definitief beëindigd is" (a moment the traffic does not show: not judged).
    for nummer in (1001, 1002, 1003):
        traffic.jw301(D(2025, 2, 24), nummer, ingang=D(2025, 3, 1), eind=D(2025, 6, 30))
        traffic.jw305(D(2025, 3, 3), nummer, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 21), 1001, D(2025, 3, 3), D(2025, 3, 14))  # Friday + 5 werkdagen
    late = traffic.jw307(D(2025, 3, 24), 1002, D(2025, 3, 3), D(2025, 3, 14))
    traffic.jw307(D(2025, 3, 21), 1003, D(2025, 3, 3), D(2025, 3, 14), reden="20")  # tijdelijk
    traffic.jw307(D(2025, 5, 20), 1003, D(2025, 3, 3), D(2025, 3, 14))  # definitive: not judged
    traffic.run(as_of=D(2025, 5, 31))
    assert [b for _, b, _ in traffic.findings("OP272")] == [late]


def test_geen_start_and_op272_missing_stop(traffic: Traffic) -> None:
    never = traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), eind=D(2025, 3, 31))
    traffic.jw301(D(2025, 2, 24), 1002, ingang=D(2025, 3, 1), eind=D(2025, 3, 31))
    open_start = traffic.jw305(D(2025, 3, 3), 1002, D(2025, 3, 3))
    traffic.jw301(D(2025, 2, 24), 1003, ingang=D(2025, 3, 1), eind=D(2025, 3, 31))
    traffic.jw305(D(2025, 3, 3), 1003, D(2025, 3, 3))
    traffic.jw307(D(2025, 4, 1), 1003, D(2025, 3, 3), D(2025, 3, 31))
    traffic.run(as_of=D(2025, 3, 31))  # GEEN-START: 30 days after Saturday 1 March
    assert traffic.findings("GEEN-START") == [] and traffic.findings("OP272") == []
    # OP272: care toegewezen up to Monday 31 March ended then at the latest: the stop is due by 7 April.
    traffic.run(as_of=D(2025, 4, 7))
    assert traffic.findings("GEEN-START") == [("GEEN-START", never, None)]
    assert traffic.findings("OP272") == []
    traffic.run(as_of=D(2025, 4, 8))
    assert traffic.findings("OP272") == [("OP272", open_start, None)]


def test_the_findings_never_carry_a_bsn_in_their_text(traffic: Traffic) -> None:
    _declarable(traffic)
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, bsn=OTHER_BSN)])
    traffic.jw305(D(2025, 4, 4), 4242, D(2025, 4, 4))
    traffic.run(as_of=D(2025, 6, 1))
    with traffic.engine.connect() as conn:
        from sqlalchemy import text

        details = [r[0] for r in conn.execute(text("SELECT detail FROM quality_findings"))]
    assert details and not any(BSN in d or OTHER_BSN in d for d in details)

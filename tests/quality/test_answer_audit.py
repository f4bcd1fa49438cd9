"""The answer audit (issue 14 item 3): every retour, JW325 and JW319 against what the standard prescribes.

Hand-built traffic (``builder.Traffic``), one test per outcome:

- (a) approved although a rule fails: TR389 ("Prestatie met DebetCredit in IngediendBedrag waarde Debet mag
  alleen ingezonden worden voor dezelfde ProductPeriode, ProductCategorie en ProductCode met gelijk
  ToewijzingNummer als er niet al eerder een debetprestatie is verzonden", retourcode 9389) on a JW325 that
  returns no prestatie (OP304: "Een declaratie-antwoordbericht bevat uitsluitend detailinformatie over
  cliënten waarvoor één of meer berichtklassen zijn afgekeurd", so every prestatie it does not return is
  approved), with the prestatie's IngediendBedrag at stake; TR326 ("Een Startbericht mag pas verstuurd
  worden als er géén actueel Startbericht bij een ToegewezenProduct is", 9326) on a JW306 with no code;
- (b) rejected with a retourcode whose rule holds: a first debet returned with 9389, a start with an existing
  toewijzing returned with TR019's 9019 ("de melding van de start … moet gerelateerd zijn aan een toewijzing
  op basis van het ToewijzingNummer"); a rejection that also cites a code the product cannot judge (0611,
  the contract tariff) is reported without an amount at stake;
- (c) a required answer missing or late, read from the official deadline findings: OP090x4 ("binnen tien
  werkdagen na ontvangst een declaratie-antwoordbericht") and OP090 ("binnen drie werkdagen na ontvangst een
  retourbericht").

The near misses: the second debet rejected with 9389, and answers that are in time, are as the standard
prescribes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from builder import BSN, P, Traffic, _t
from sqlalchemy import insert, select

from ijw.db import models as m

D = dt.date
JAN = (D(2025, 1, 1), D(2025, 1, 31))


def _audit(traffic: Traffic) -> list[Any]:
    b = _t(m.AuditBevinding).c
    with traffic.engine.connect() as conn:
        return list(conn.execute(select(_t(m.AuditBevinding)).order_by(b.id)))


def _answers(traffic: Traffic) -> list[Any]:
    a = _t(m.AuditAntwoord).c
    with traffic.engine.connect() as conn:
        return list(conn.execute(select(_t(m.AuditAntwoord)).order_by(a.id)))


def _set_codes(traffic: Traffic, jw325: int, codes: str) -> None:
    """The retourcodes of every prestatie the JW325 ``jw325`` returns (the builder writes 0611)."""
    with traffic.engine.begin() as conn:
        t = _t(m.AfgewezenPrestatie)
        conn.execute(t.update().where(t.c.bericht_id == jw325).values(retourcodes=codes))


def _retourcodes(traffic: Traffic, retour: int, *codes: tuple[str, int | None]) -> None:
    with traffic.engine.begin() as conn:
        conn.execute(
            insert(_t(m.RetourcodeRow)),
            [
                {
                    "bericht_id": retour,
                    "berichtklasse": "StartProduct" if nummer is not None else "Header",
                    "location": "/Bericht/Client/StartProducten/StartProduct"
                    if nummer
                    else "/Bericht/Header",
                    "retourcode": code,
                    "bsn": BSN if nummer is not None else None,
                    "toewijzing_nummer": nummer,
                    "referentie": None,
                }
                for code, nummer in codes
            ],
        )


def _declared(traffic: Traffic) -> None:
    """A toewijzing from January, its start, and the January debet R1 (approved by its own JW325)."""
    traffic.jw301(D(2025, 1, 2), 1, ingang=D(2025, 1, 1))
    traffic.jw305(D(2025, 1, 3), 1, D(2025, 1, 1))
    traffic.jw323(D(2025, 2, 3), JAN, [P("R1", 1, *JAN, volume=12)])


def test_a_jw325_approves_a_second_debet_with_its_amount(traffic: Traffic) -> None:
    _declared(traffic)
    second = P("R2", 1, *JAN, volume=7, tarief=250)  # IngediendBedrag 7 × € 2,50 = € 17,50
    decl = traffic.jw323(D(2025, 3, 3), JAN, [second])  # answered by a JW325 that returns nothing
    traffic.run()
    assert ("TR389", decl) in {(c, b) for c, b, _ in traffic.findings()}
    (found,) = [f for f in _audit(traffic) if f.check == "AUDIT-GOEDGEKEURD-ONTERECHT"]
    assert (found.rule, found.retourcode, found.referentie, found.heen_bericht_id) == (
        "TR389",
        "9389",
        "R2",
        decl,
    )
    assert found.bedrag == 7 * 250 and found.antwoorder == "gemeente" and found.berichtsoort == "JW325"
    by_heen = {a.heen_bericht_id: a for a in _answers(traffic) if a.berichtsoort == "JW325"}
    assert by_heen[decl].bedrag_goedgekeurd_onterecht == 1750 and not by_heen[decl].volgens_standaard
    assert all(a.volgens_standaard for h, a in by_heen.items() if h != decl)  # R1's answer approved R1: right


def test_a_near_miss_the_second_debet_rejected_with_9389(traffic: Traffic) -> None:
    _declared(traffic)
    traffic.auto_jw325 = False
    traffic.jw323(D(2025, 3, 3), JAN, [P("R2", 1, *JAN, volume=7)])
    answer = traffic.jw325(D(2025, 3, 4), traffic.last_declaratie, [P("R2", 1, *JAN, volume=7)])
    _set_codes(traffic, answer, "9389")
    traffic.run()
    assert not [f for f in _audit(traffic) if f.antwoord_bericht_id == answer]


def test_a_jw306_approves_a_second_actual_start(traffic: Traffic) -> None:
    traffic.jw301(D(2025, 1, 2), 1, ingang=D(2025, 1, 1))
    traffic.jw305(D(2025, 1, 3), 1, D(2025, 1, 1))
    second = traffic.jw305(D(2025, 1, 10), 1, D(2025, 1, 8))  # its JW306 carries no retourcode
    traffic.run()
    (found,) = _audit(traffic)
    assert (found.check, found.rule, found.retourcode, found.toewijzing_nummer) == (
        "AUDIT-GOEDGEKEURD-ONTERECHT",
        "TR326",
        "9326",
        1,
    )
    assert (found.heen_bericht_id, found.berichtsoort, found.bedrag) == (second, "JW306", None)


def test_b_jw325_rejects_a_first_debet_with_9389(traffic: Traffic) -> None:
    traffic.jw301(D(2025, 1, 2), 1, ingang=D(2025, 1, 1))
    traffic.jw305(D(2025, 1, 3), 1, D(2025, 1, 1))
    traffic.auto_jw325 = False
    first = P("R1", 1, *JAN, volume=12)  # 12 × € 1,00
    traffic.jw323(D(2025, 2, 3), JAN, [first])
    answer = traffic.jw325(D(2025, 2, 4), traffic.last_declaratie, [first])
    _set_codes(traffic, answer, "9389")
    traffic.run()
    (found,) = _audit(traffic)
    assert (found.check, found.rule, found.retourcode, found.referentie) == (
        "AUDIT-AFGEWEZEN-ONTERECHT",
        "TR389",
        "9389",
        "R1",
    )
    assert found.bedrag == 1200
    (unit,) = [a for a in _answers(traffic) if a.antwoord_bericht_id == answer]
    assert unit.bedrag_afgewezen_onterecht == 1200 and unit.bedrag_goedgekeurd_onterecht == 0


def test_b_a_rejection_with_a_code_the_product_cannot_judge_puts_no_amount_at_stake(traffic: Traffic) -> None:
    traffic.jw301(D(2025, 1, 2), 1, ingang=D(2025, 1, 1))
    traffic.jw305(D(2025, 1, 3), 1, D(2025, 1, 1))
    traffic.auto_jw325 = False
    first = P("R1", 1, *JAN, volume=12)
    traffic.jw323(D(2025, 2, 3), JAN, [first])
    answer = traffic.jw325(D(2025, 2, 4), traffic.last_declaratie, [first])
    _set_codes(traffic, answer, "0611,9389")  # 0611: the tariff is not the contract's (not judged here)
    traffic.run()
    (found,) = _audit(traffic)
    assert found.check == "AUDIT-AFGEWEZEN-ONTERECHT" and found.bedrag is None


def test_b_jw306_rejects_a_start_with_tr019_although_its_toewijzing_exists(traffic: Traffic) -> None:
    traffic.jw301(D(2025, 1, 2), 1, ingang=D(2025, 1, 1))
    traffic.auto_retour = False
    start = traffic.jw305(D(2025, 1, 3), 1, D(2025, 1, 1))
    retour = traffic.retour(D(2025, 1, 3), start)
    _retourcodes(traffic, retour, ("0200", None), ("9019", 1))
    traffic.run()
    (found,) = [f for f in _audit(traffic) if f.antwoord_bericht_id == retour]
    assert (found.check, found.rule, found.retourcode, found.toewijzing_nummer, found.antwoorder) == (
        "AUDIT-AFGEWEZEN-ONTERECHT",
        "TR019",
        "9019",
        1,
        "gemeente",
    )


def test_c_missing_and_late_answers_come_from_the_official_deadlines(traffic: Traffic) -> None:
    traffic.jw301(D(2025, 1, 2), 1, ingang=D(2025, 1, 1))
    traffic.auto_retour = False
    start = traffic.jw305(D(2025, 1, 3), 1, D(2025, 1, 1))  # Friday: 3 werkdagen → Wednesday 8 January
    traffic.auto_jw325 = False
    unanswered = traffic.jw323(D(2025, 2, 3), JAN, [P("R1", 1, *JAN)])
    late_decl = traffic.jw323(
        D(2025, 3, 3), (D(2025, 2, 1), D(2025, 2, 28)), [P("R2", 1, D(2025, 2, 1), D(2025, 2, 28))]
    )
    late = traffic.jw325(
        D(2025, 3, 31), traffic.last_declaratie, []
    )  # Monday 3 March + 10 werkdagen: 17 March
    traffic.run(as_of=D(2025, 4, 30))
    checks = {(c, b) for c, b, _ in traffic.findings()}
    assert {("OP090", start), ("OP090x4", unanswered), ("OP090x4", late_decl)} <= checks
    found = {
        (f.check, f.heen_bericht_id, f.antwoord_bericht_id, f.berichtsoort, f.rule) for f in _audit(traffic)
    }
    assert ("AUDIT-ANTWOORD-ONTBREEKT", start, None, "JW306", "OP090") in found
    assert ("AUDIT-ANTWOORD-ONTBREEKT", unanswered, None, "JW325", "OP090x4") in found
    assert ("AUDIT-ANTWOORD-TE-LAAT", late_decl, late, "JW325", "OP090x4") in found
    (unit,) = [a for a in _answers(traffic) if a.antwoord_bericht_id == late]
    assert not unit.volgens_standaard and unit.antwoorder == "gemeente"


def test_every_answer_in_time_and_right_is_as_the_standard_prescribes(traffic: Traffic) -> None:
    _declared(traffic)
    traffic.run()
    assert _audit(traffic) == []
    answers = _answers(traffic)
    assert answers and all(a.volgens_standaard for a in answers)
    assert {a.berichtsoort for a in answers} == {"JW302", "JW306", "JW325"}
    assert {a.antwoorder for a in answers if a.berichtsoort == "JW302"} == {"aanbieder"}


def test_a_a_retour_without_0001_on_a_message_that_broke_an_in_message_rule(traffic: Traffic) -> None:
    """Control level 2: a message that breaks an in-message rule is answered with the header and 0001 alone
    (OP286: "Wanneer de ontvanger een technische fout constateert: wordt het volledige bericht afgekeurd");
    a retour without 0001 approved it. The near miss: a retour with 0001."""
    traffic.jw301(D(2025, 1, 2), 1, ingang=D(2025, 1, 1))
    traffic.auto_retour = False
    broken = traffic.jw305(D(2025, 1, 3), 1, D(2025, 1, 1))
    approved = traffic.retour(D(2025, 1, 3), broken)
    rejected_right = traffic.jw305(D(2025, 1, 6), 1, D(2025, 1, 1))
    _retourcodes(traffic, traffic.retour(D(2025, 1, 6), rejected_right), ("0001", None))
    with traffic.engine.begin() as conn:
        for bid in (broken, rejected_right):
            conn.execute(
                _t(m.Bericht).update().where(_t(m.Bericht).c.id == bid).values(status=m.STATUS_INVALID)
            )
            conn.execute(
                insert(_t(m.FindingRow)),
                [
                    {
                        "bericht_id": bid,
                        "rule": "CS002",
                        "retourcode": None,
                        "location": "/Bericht/Client/Bsn",
                        "severity": "error",
                        "message": "the BSN fails the eleven test",
                    }
                ],
            )
    traffic.run()
    (found,) = _audit(traffic)
    assert (found.check, found.rule, found.retourcode, found.antwoord_bericht_id) == (
        "AUDIT-GOEDGEKEURD-ONTERECHT",
        "CS002",
        "0001",
        approved,
    )


def test_c_verzoek_answers_missing_and_late_from_op274(traffic: Traffic) -> None:
    """OP274: a JW315 is answered (JW301 or JW319) within 5 werkdagen; the JW319 that comes later is late,
    a verzoek never answered misses its answer (the gemeente's, berichtsoort JW319)."""
    late_verzoek = traffic.verzoek(D(2025, 1, 6), "REF-1")
    late = traffic.jw319(D(2025, 1, 31), "REF-1", antwoord="1")
    missing = traffic.verzoek(D(2025, 1, 6), "REF-2", bsn="999990020")
    traffic.run(as_of=D(2025, 3, 31))
    found = {
        (f.check, f.heen_bericht_id, f.antwoord_bericht_id, f.berichtsoort, f.rule) for f in _audit(traffic)
    }
    assert ("AUDIT-ANTWOORD-TE-LAAT", late_verzoek, late, "JW319", "OP274") in found
    assert ("AUDIT-ANTWOORD-ONTBREEKT", missing, None, "JW319", "OP274") in found
    units = {a.antwoord_bericht_id: a for a in _answers(traffic) if a.berichtsoort == "JW319"}
    assert units[late].heen_bericht_id == late_verzoek and not units[late].volgens_standaard


def test_retours_of_two_messages_sharing_an_identificatie_answer_each_its_own(traffic: Traffic) -> None:
    """TR056 ("De BerichtIdentificatie moet uniek zijn voor de verzender", 9056): the second message with a
    used Identificatie is answered by the retour that carries 9056, the first by the other, both as
    prescribed; paired the other way round, both would differ from the standard."""
    traffic.jw301(D(2025, 1, 2), 1, ingang=D(2025, 1, 1))
    traffic.auto_retour = False
    first = traffic.jw305(D(2025, 1, 3), 1, D(2025, 1, 1))
    second = traffic.jw305(D(2025, 1, 6), 1, D(2025, 1, 1))
    b = _t(m.Bericht)
    with traffic.engine.begin() as conn:
        ident = conn.execute(select(b.c.identificatie).where(b.c.id == first)).scalar_one()
        conn.execute(b.update().where(b.c.id == second).values(identificatie=ident, status=m.STATUS_INVALID))
        conn.execute(
            insert(_t(m.FindingRow)),
            [
                {
                    "bericht_id": second,
                    "rule": "TR056",
                    "retourcode": "9056",
                    "location": None,
                    "severity": "error",
                    "message": "the Identificatie was used before",
                }
            ],
        )
    _retourcodes(traffic, traffic.retour(D(2025, 1, 6), second), ("9056", None))
    traffic.retour(D(2025, 1, 3), first)  # no code: the first start was right
    traffic.run()
    assert _audit(traffic) == []
    units = {a.heen_bericht_id for a in _answers(traffic) if a.berichtsoort == "JW306"}
    assert units == {first, second}

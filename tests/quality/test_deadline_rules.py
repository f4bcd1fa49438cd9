"""Deadline rules judged on the state at a date.

OP359: a verzoek om toewijzing rejected on the woonplaatsbeginsel is rejected within two weeks.
``regels/bedrijfsregels/OP359.md``: "Indien een Verzoek om Toewijzing wordt afgewezen op basis van het
woonplaatsbeginsel: dient de gemeente dit binnen de wettelijke termijn van twee weken af te wijzen" and
(Toelichting, Wettelijke termijn) "binnen twee weken na ontvangst van het verzoek". RedenAfwijzingVerzoek
(WJ759) 8 is "Woonplaatsbeginsel". The rule speaks of a Verzoek om Toewijzing (JW315) only.

OP272 and the correction of a stop. ``regels/bedrijfsregels/OP272.md``: "Aanbieder verzendt binnen vijf
werkdagen na daadwerkelijke beëindiging van de ondersteuning een stopbericht". ``invulinstructie_IV008.md``:
a correction first withdraws the stop ("StatusAanlevering ... gevuld met de waarde 3 (verwijderen
aanlevering)") and then "(eventueel)" sends the replacement with StatusAanlevering 1, in the same message or,
when the ToewijzingIngangsdatum is corrected, "in een apart bericht". Casus 4 of
``docs/Casusbeschrijvingen_bij_de_releases_iWmo_en_iJw_3.2.md`` (OP272 among its rules) sends that
correction "Enkele dagen nadat het stopbericht verstuurd is": the stop it replaces told the gemeente of the
end, so the replacement is no (late) stop of its own. (The same correction in one JW307, through the real
ingest: ``tests/scenarios/test_scenarios.py::test_op272_casus_4_correctie_van_een_stopbericht``.)
"""

from __future__ import annotations

import datetime as dt

from builder import Traffic

D = dt.date
WOONPLAATSBEGINSEL = "8"


def test_op359_rejection_on_the_woonplaatsbeginsel_after_two_weeks(traffic: Traffic) -> None:
    late = traffic.verzoek(D(2025, 3, 3), "VZ-1")
    traffic.jw319(D(2025, 3, 5), "VZ-1")  # in onderzoek (OP274 is kept: answered within 5 werkdagen)
    traffic.jw319(D(2025, 3, 18), "VZ-1", antwoord="1", reden=WOONPLAATSBEGINSEL)  # 15 days after the verzoek
    traffic.run(as_of=D(2025, 4, 1))
    assert [(c, b) for c, b, _ in traffic.findings("OP359")] == [("OP359", late)]


def test_op359_kept_on_the_last_day_and_for_other_reasons(traffic: Traffic) -> None:
    # near misses the text allows: two weeks to the day is "binnen twee weken"; a later rejection for another
    # reason (here 7, zorginhoudelijke afkeur) is bound by OP274's eight weeks only; a JW317 is not a
    # Verzoek om Toewijzing.
    traffic.verzoek(D(2025, 3, 3), "VZ-1")
    traffic.jw319(D(2025, 3, 17), "VZ-1", antwoord="1", reden=WOONPLAATSBEGINSEL)  # 3 March + 14 days
    traffic.verzoek(D(2025, 3, 3), "VZ-2")
    traffic.jw319(D(2025, 3, 5), "VZ-2")
    traffic.jw319(D(2025, 4, 14), "VZ-2", antwoord="1", reden="7")
    traffic.jw301(D(2025, 3, 3), 1001)
    traffic.jw305(D(2025, 3, 4), 1001, D(2025, 3, 4))
    traffic.verzoek(D(2025, 3, 10), "VZ-3", "JW317", wijzigen=(1001,))
    traffic.jw319(D(2025, 3, 11), "VZ-3")
    traffic.jw319(D(2025, 4, 1), "VZ-3", antwoord="1", reden=WOONPLAATSBEGINSEL)
    traffic.run(as_of=D(2025, 5, 1))
    assert traffic.findings("OP359") == []


def test_op272_a_stop_replaced_in_a_later_message_keeps_the_deadline_of_the_first(traffic: Traffic) -> None:
    # Einddatum Tuesday 17 June 2025; the fifth werkdag after it is Tuesday 24 June.
    for nummer in (1001, 1002):
        traffic.jw301(D(2025, 4, 28), nummer, ingang=D(2025, 5, 1), eind=D(2025, 6, 30))
        traffic.jw305(D(2025, 5, 2), nummer, D(2025, 5, 1))
    # kept: stopped on time, withdrawn and replaced (another RedenBeeindiging) in separate later messages
    traffic.jw307(D(2025, 6, 18), 1001, D(2025, 5, 1), D(2025, 6, 17), reden="33")
    traffic.jw307(D(2025, 6, 26), 1001, D(2025, 5, 1), D(2025, 6, 17), reden="33", status="3")
    replacement = traffic.jw307(D(2025, 6, 27), 1001, D(2025, 5, 1), D(2025, 6, 17), reden="31")
    # broken: the stop itself came on the sixth werkdag; its replacement is not judged again
    late = traffic.jw307(D(2025, 6, 25), 1002, D(2025, 5, 1), D(2025, 6, 17), reden="33")
    traffic.jw307(D(2025, 6, 30), 1002, D(2025, 5, 1), D(2025, 6, 17), reden="33", status="3")
    traffic.jw307(D(2025, 7, 1), 1002, D(2025, 5, 1), D(2025, 6, 17), reden="31")
    traffic.run(as_of=D(2025, 7, 31))
    assert [b for _, b, _ in traffic.findings("OP272")] == [late]
    assert "OP272" not in traffic.checks_on(replacement)


def test_op272_a_stop_withdrawn_after_its_deadline_without_replacement_was_late(traffic: Traffic) -> None:
    # IV008: the replacement is "eventueel"; a late stop stays late when it is withdrawn, and a withdrawal
    # (StatusAanlevering 3) is no stop of its own.
    traffic.jw301(D(2025, 4, 28), 1001, ingang=D(2025, 5, 1), eind=D(2025, 6, 30))
    traffic.jw305(D(2025, 5, 2), 1001, D(2025, 5, 1))
    late = traffic.jw307(D(2025, 6, 25), 1001, D(2025, 5, 1), D(2025, 6, 17), reden="33")
    traffic.jw307(D(2025, 6, 30), 1001, D(2025, 5, 1), D(2025, 6, 17), reden="33", status="3")
    traffic.run(as_of=D(2025, 6, 30))
    assert [b for _, b, _ in traffic.findings("OP272")] == [late]

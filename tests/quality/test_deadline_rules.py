"""OP359: a verzoek om toewijzing rejected on the woonplaatsbeginsel is rejected within two weeks.

``regels/bedrijfsregels/OP359.md``: "Indien een Verzoek om Toewijzing wordt afgewezen op basis van het
woonplaatsbeginsel: dient de gemeente dit binnen de wettelijke termijn van twee weken af te wijzen" and
(Toelichting, Wettelijke termijn) "binnen twee weken na ontvangst van het verzoek". RedenAfwijzingVerzoek
(WJ759) 8 is "Woonplaatsbeginsel". The rule speaks of a Verzoek om Toewijzing (JW315) only.
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

"""The cases A–I of docs/linking.md, each with its one agreed behaviour, as the exports (through the read
model) and the dashboard's trajectory page see it. The behaviour follows the rule texts: a part the standard
rejects (``regels/technische-regels/berichtoverstijgend/``) does not count, and is listed, not dropped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from builder import BSN, Traffic
from sqlalchemy import select, true

from ijw.db import models as m
from services.quality.readmodel import (
    PROBLEM_NO_TOEWIJZING,
    PROBLEM_REJECTED_START,
    LinkedTraffic,
    client_trajecten,
    load_traffic,
)

D = dt.date


def _toewijzing(t: Traffic, nummer: int = 1001, day: dt.date = D(2025, 2, 24), **kw: Any) -> int:
    values: dict[str, Any] = {"ingang": D(2025, 3, 1), "eind": D(2025, 12, 31)} | kw
    return t.jw301(day, nummer, **values)


def _linked(t: Traffic) -> LinkedTraffic:
    """The read model, after checking the dashboard shows the same starts and stops per toewijzing."""
    traffic = load_traffic(t.engine)
    with t.engine.connect() as conn:
        dashboard = {(s.nummer, s.starts, s.stops) for s in client_trajecten(conn, BSN, true())}
    counted = [d for d in traffic.deliveries if d.problem is None]
    exports = {
        (nummer, len([d for d in counted if d.toewijzing_nummer == nummer]), _stops(t, nummer))
        for (_, _, nummer) in traffic.toewijzingen
    }
    assert dashboard == exports
    return traffic


def _stops(t: Traffic, nummer: int) -> int:
    lv = m.Levering.__table__.c
    with t.engine.connect() as conn:
        rows = conn.execute(
            select(lv.stop_bericht_id).where(lv.toewijzing_nummer == nummer, lv.status != "verwijderd")
        ).all()
    return len([r for r in rows if r.stop_bericht_id is not None])


def _deliveries(traffic: LinkedTraffic) -> list[tuple[Any, ...]]:
    return [(d.toewijzing_nummer, d.begindatum, d.einddatum, d.reden, d.problem) for d in traffic.deliveries]


def test_case_a_second_start_without_a_stop_is_rejected(traffic: Traffic) -> None:
    """A (TR326): "Een nieuwe start … alleen als er geen actuele start is": one delivery; the second start
    is listed with the rule."""
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw305(D(2025, 3, 10), 1001, D(2025, 3, 10))
    linked = _linked(traffic)
    assert _deliveries(linked) == [
        (1001, D(2025, 3, 3), None, None, None),
        (1001, D(2025, 3, 10), None, None, PROBLEM_REJECTED_START.format(check="TR326")),
    ]


def test_case_b_a_start_dated_before_its_toewijzing(traffic: Traffic) -> None:
    """B (TR019): a JW305 dated before the JW301 it names relates to no toewijzing: rejected, listed as a
    start without toewijzing, no delivery."""
    traffic.jw305(D(2025, 2, 20), 1001, D(2025, 3, 3))
    _toewijzing(traffic)
    linked = _linked(traffic)
    assert _deliveries(linked) == [(1001, D(2025, 3, 3), None, None, PROBLEM_NO_TOEWIJZING)]
    assert [t.nummer for t in linked.without_start] == [1001]


def test_case_c_a_stop_before_its_start(traffic: Traffic) -> None:
    """C (TR382): a stop that arrives before its start names no start: rejected and listed as a stop without
    start; the delivery runs on."""
    _toewijzing(traffic)
    traffic.jw307(D(2025, 3, 2), 1001, D(2025, 3, 3), D(2025, 3, 20))
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    linked = _linked(traffic)
    assert _deliveries(linked) == [(1001, D(2025, 3, 3), None, None, None)]
    assert [(s.begindatum, s.einddatum) for s in linked.stops_without_start] == [
        (D(2025, 3, 3), D(2025, 3, 20))
    ]


def test_case_d_a_stopped_start_withdrawn(traffic: Traffic) -> None:
    """D (TR071): a start cannot be withdrawn once its stop was sent: rejected; the delivery stays ended."""
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20))
    traffic.jw305(D(2025, 3, 21), 1001, D(2025, 3, 3), status="3")
    linked = _linked(traffic)
    assert _deliveries(linked) == [(1001, D(2025, 3, 3), D(2025, 3, 20), "31", None)]
    assert linked.stops_without_start == []


def test_case_e_a_second_definitive_stop(traffic: Traffic) -> None:
    """E (TR415): no further stop after a definitive one: the first stop stays."""
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20), reden="31")
    traffic.jw307(D(2025, 3, 25), 1001, D(2025, 3, 3), D(2025, 3, 25), reden="34")
    assert _deliveries(_linked(traffic)) == [(1001, D(2025, 3, 3), D(2025, 3, 20), "31", None)]


def test_case_f_the_same_start_resent_after_its_stop(traffic: Traffic) -> None:
    """F (TR074): a start with StatusAanlevering 1 whose key was received before: rejected; one delivery,
    ended, and the resent start listed with the rule."""
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw307(D(2025, 3, 20), 1001, D(2025, 3, 3), D(2025, 3, 20))
    traffic.jw305(D(2025, 3, 21), 1001, D(2025, 3, 3))
    assert _deliveries(_linked(traffic)) == [
        (1001, D(2025, 3, 3), D(2025, 3, 20), "31", None),
        (1001, D(2025, 3, 3), None, None, PROBLEM_REJECTED_START.format(check="TR074")),
    ]


def test_case_g_a_stop_without_product_matches_its_start(traffic: Traffic) -> None:
    """G: a stop names its start by ToewijzingNummer and Begindatum (TR382: "de sleutelelementen van de
    start"); the Product is optional in the stop and does not prevent the match."""
    _toewijzing(traffic)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    extra = {"reden_beeindiging": "31", "einddatum": D(2025, 3, 20), "status_aanlevering": "1"}
    traffic._delivery("JW307", D(2025, 3, 20), 1001, D(2025, 3, 3), extra | {"categorie": None, "code": None})
    linked = _linked(traffic)
    assert _deliveries(linked) == [(1001, D(2025, 3, 3), D(2025, 3, 20), "31", None)]
    assert linked.stops_without_start == []


def test_case_h_the_verzoek_arrives_after_the_toewijzing_that_honours_it(traffic: Traffic) -> None:
    """H: the verwijzer comes from the JW315 whose ReferentieAanbieder the toewijzing carries, also when the
    JW315 is stored after it; a JW317 is no verwijzing (its verzoek has no Verwijzer)."""
    _toewijzing(traffic, ref="REF1")
    _toewijzing(traffic, 1002, ref="REF2")
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw305(D(2025, 3, 3), 1002, D(2025, 3, 3))
    traffic.run()
    traffic.verzoek(D(2025, 2, 20), "REF1")
    traffic.verzoek(D(2025, 2, 20), "REF2", soort="JW317")
    linked = _linked(traffic)
    assert {d.toewijzing_nummer: d.verwijzer_type for d in linked.deliveries} == {1001: "02", 1002: None}


def test_case_i_an_older_version_arrives_after_a_newer_one(traffic: Traffic) -> None:
    """I (IV013): the toewijzing with the most recent Toewijzingsdatum and -tijd is the actual one."""
    _toewijzing(traffic, eind=D(2025, 6, 30), day=D(2025, 3, 10))
    _toewijzing(traffic, eind=D(2025, 12, 31), day=D(2025, 2, 24), toewijzingsdatum=D(2025, 2, 24))
    traffic.jw305(D(2025, 3, 11), 1001, D(2025, 3, 11))
    linked = _linked(traffic)
    assert [t.einddatum for t in linked.toewijzingen.values()] == [D(2025, 6, 30)]
    with traffic.engine.connect() as conn:
        assert [(s.einddatum, s.versions) for s in client_trajecten(conn, BSN, true())] == [
            (D(2025, 6, 30), 2)
        ]

"""The linked state does not depend on arrival order; the findings are judged on arrival (docs/linking.md,
DESIGN.md: "A cross-message rule is evaluated for each message against the state before it … the finding is
kept even when the message is then rejected")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from builder import P, Traffic
from sqlalchemy import select

from ijw.db import models as m
from services.quality.readmodel import PROBLEM_REJECTED_START, load_traffic

D = dt.date
MARCH = (D(2025, 3, 1), D(2025, 3, 31))


def _state(t: Traffic) -> dict[str, list[tuple[Any, ...]]]:
    """The linked state of the builder's aanbieder, without ids that differ between the two builders."""
    tr, lv, pb = m.Traject.__table__.c, m.Levering.__table__.c, m.PrestatieBeoordeling.__table__.c
    with t.engine.connect() as conn:
        return {
            "trajecten": sorted(
                tuple(r)
                for r in conn.execute(
                    select(tr.toewijzing_nummer, tr.einddatum, tr.declared_bedrag, tr.n_prestaties).where(
                        tr.aanbieder == t.a
                    )
                )
            ),
            "leveringen": sorted(
                tuple(r)
                for r in conn.execute(
                    select(lv.toewijzing_nummer, lv.begindatum, lv.status, lv.einddatum).where(
                        lv.aanbieder == t.a
                    )
                )
            ),
            "beoordelingen": sorted(
                tuple(r) for r in conn.execute(select(pb.accepted, pb.afgewezen).where(pb.aanbieder == t.a))
            ),
        }


def _send(t: Traffic, order: list[str]) -> dict[str, int]:
    """The same traffic, each message stored and linked (a quality run) in the order given."""
    sent: dict[str, int] = {}
    for name in order:
        if name == "jw301":
            sent[name] = t.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), eind=D(2025, 6, 30))
        elif name == "jw305":
            sent[name] = t.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
        elif name == "jw307":
            sent[name] = t.jw307(D(2025, 3, 28), 1001, D(2025, 3, 3), D(2025, 3, 28))
        else:
            sent[name] = t.jw323(D(2025, 4, 3), MARCH, [P(f"R{t.a}", 1001, *MARCH)])
        t.run(as_of=D(2025, 4, 4))
    return sent


def test_state_is_derived_in_canonical_order_and_findings_on_arrival(traffic: Traffic) -> None:
    in_order = traffic
    late = Traffic(traffic.engine, aanbieder="87654321")
    _send(in_order, ["jw301", "jw305", "jw307", "jw323"])
    sent = _send(late, ["jw305", "jw307", "jw323", "jw301"])  # the toewijzing arrives last
    # on arrival the start, the stop and the prestatie named no toewijzing: those findings are kept …
    assert sorted((c, b) for c, b, _ in late.findings() if b in sent.values()) == [
        ("TR019", sent["jw305"]),
        ("TR019", sent["jw307"]),
        ("TR338", sent["jw323"]),
    ]
    assert [c for c, b, _ in in_order.findings() if b not in sent.values()] == []
    # … but the linked state is the traffic as it finally stands, whatever the order it arrived in
    assert _state(late) == _state(in_order)
    assert _state(in_order)["leveringen"] == [(1001, D(2025, 3, 3), "gestopt", D(2025, 3, 28))]
    # later traffic in order is applied to the stored state of both alike
    for t in (in_order, late):
        t.jw323(
            D(2025, 5, 5),
            (D(2025, 4, 1), D(2025, 4, 30)),
            [P(f"S{t.a}", 1001, D(2025, 4, 1), D(2025, 4, 30))],
        )
        t.run(as_of=D(2025, 5, 6))
    assert _state(late) == _state(in_order)
    assert _state(in_order)["beoordelingen"] == [(True, False), (True, False)]
    # a full rebuild gives the same findings and state
    before = (late.findings(), _state(late), _state(in_order))
    traffic.run(full=True, as_of=D(2025, 4, 4))
    assert (late.findings(), _state(late), _state(in_order)) == before


def test_a_start_accepted_on_arrival_but_rejected_in_canonical_order_is_listed(traffic: Traffic) -> None:
    # the start of 10 March arrives first and is accepted; the start of 3 March arrives later and gets
    # TR326 on arrival. In canonical order the 3 March start is the delivery and the 10 March one is the
    # second start (TR326): the exports count 3 March and list 10 March, nothing disappears
    traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), eind=D(2025, 6, 30))
    first = traffic.jw305(D(2025, 3, 10), 1001, D(2025, 3, 10))
    traffic.run(as_of=D(2025, 3, 11))
    late = traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.run(as_of=D(2025, 3, 11))
    assert [(c, b) for c, b, _ in traffic.findings()] == [("TR326", late)]
    linked = load_traffic(traffic.engine)
    assert [(d.begindatum, d.problem) for d in linked.deliveries] == [
        (D(2025, 3, 3), None),
        (D(2025, 3, 10), PROBLEM_REJECTED_START.format(check="TR326")),
    ]
    assert first != late

"""Indicators on a hand-built state with known values, and on generated traffic after a real quality run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fixtures_quality import A1, A2, AS_OF, G1, G2, build_scenario
from sqlalchemy import Engine, func, select
from stored_traffic import ingest_generated

from ijw.db import make_engine, migrate
from ijw.db import models as m
from services.quality.indicators import Ratio, compute_indicators, rule_totals
from services.quality.indicators_lists import incomplete_trajecten, late_retours


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    migrate(db_url)
    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


def _by(rows: list, **match: object) -> list:
    return [r for r in rows if all(getattr(r, k) == v for k, v in match.items())]


def test_aanbieder_indicators_have_the_known_values(engine: Engine) -> None:
    build_scenario(engine)
    ind = compute_indicators(engine, aanbieder=A1, as_of=AS_OF)
    assert ind.messages == {(None, "2025-01"): 6, (None, "2025-02"): 2, (None, "2025-03"): 2}
    assert ind.messages_with_error == {(None, "2025-02"): 1}

    (jw305,) = _by(ind.linkage, berichtsoort="JW305", month="2025-01")
    assert (jw305.messages, jw305.linked, jw305.target) == (1, 1, "toewijzing")
    (jw305_feb,) = _by(ind.linkage, berichtsoort="JW305", month="2025-02")
    assert (jw305_feb.messages, jw305_feb.linked) == (1, 0)
    (jw323,) = _by(ind.linkage, berichtsoort="JW323")
    assert (jw323.messages, jw323.linked) == (1, 0)
    assert sum(x.messages for x in _by(ind.linkage, target="heenbericht")) == 4
    assert all(x.ratio.rate == 1.0 for x in _by(ind.linkage, target="heenbericht"))
    assert not _by(ind.linkage, berichtsoort="JW301")  # no ReferentieAanbieder: nothing to link to

    (start,) = ind.starts
    assert (start.month, start.toewijzingen, start.with_start, start.days) == ("2025-01", 2, 1, 30)
    assert ind.stops == []  # toewijzing 1002 ended but never started: no stop expected

    (decl,) = ind.declarations
    assert (decl.month, decl.prestaties, decl.without_toewijzing, decl.without_start) == ("2025-03", 2, 1, 0)

    (codes,) = ind.product_codes
    assert (codes.products, codes.uniform, codes.regional, codes.aspecifiek) == (2, 1, 1, 0)
    assert [(c.code, c.products) for c in ind.regional_codes] == [("X1234", 1)]

    rules = {(r.rule, r.source, r.month): r.messages_with_finding for r in ind.rules}
    assert rules == {("PC-REGIONAAL-ONBEKEND", "ingest", "2025-01"): 1, ("TR019", "quality", "2025-02"): 1}

    timely = {(r.month, r.berichtsoort): (r.retours, r.on_time, r.late, r.overdue) for r in ind.retours}
    assert timely == {
        ("2025-01", "JW302"): (2, 2, 0, 0),
        ("2025-01", "JW306"): (1, 0, 1, 0),
        ("2025-02", "JW306"): (1, 1, 0, 0),
        ("2025-03", "JW325"): (1, 1, 0, 0),
    }
    (late_jw306,) = _by(ind.retours, berichtsoort="JW306", month="2025-01")
    assert late_jw306.max_werkdagen == 6

    trend = {t.month: t for t in ind.trend()}
    assert trend["2025-01"].start_within == Ratio(1, 2)
    assert trend["2025-01"].regional_codes == Ratio(1, 2)
    assert trend["2025-03"].declarations_unmatched == Ratio(1, 2)
    assert ind.totals().messages == 10


def test_gemeente_and_per_party_selection(engine: Engine) -> None:
    build_scenario(engine)
    g2 = compute_indicators(engine, gemeente=G2, as_of=AS_OF)
    (stop,) = g2.stops
    assert (stop.month, stop.ended, stop.with_stop) == ("2025-02", 1, 0)
    assert {r.rule for r in g2.rules} == {"TR322", "XSD"}
    assert compute_indicators(engine, gemeente=G1, aanbieder=A2, as_of=AS_OF).messages == {}

    per = compute_indicators(engine, per="aanbieder", as_of=AS_OF)
    assert {party for party, _ in per.messages} == {A1, A2}
    assert sum(per.messages.values()) == 15
    assert {r.party for r in rule_totals(per.rules)} == {A1, A2}
    january = compute_indicators(engine, months=("2025-01", "2025-01"), as_of=AS_OF)
    assert [t.month for t in january.trend()] == ["2025-01"]


def test_start_window_is_a_parameter(engine: Engine) -> None:
    build_scenario(engine)
    strict = compute_indicators(engine, aanbieder=A1, as_of=AS_OF, start_days=3)
    assert strict.starts[0].with_start == 0  # started after 4 days
    with pytest.raises(ValueError):
        compute_indicators(engine, per="afnemer", as_of=AS_OF)  # type: ignore[arg-type]


def test_lists_name_trajectories_by_toewijzing_nummer(engine: Engine) -> None:
    build_scenario(engine)
    a1 = {(i.issue, i.toewijzing_nummer) for i in incomplete_trajecten(engine, aanbieder=A1, as_of=AS_OF)}
    assert a1 == {("geen-start", 1002), ("declaratie-zonder-toewijzing", 1077)}
    a2 = {(i.issue, i.toewijzing_nummer) for i in incomplete_trajecten(engine, aanbieder=A2, as_of=AS_OF)}
    assert a2 == {("geen-stop", 2001)}
    (late,) = late_retours(engine, aanbieder=A1, as_of=AS_OF)
    assert (late.retour_berichtsoort, late.werkdagen, late.deadline_werkdagen) == ("JW306", 6, 3)
    assert late.heen.startswith(f"{A1}/JW305/")


def test_indicators_on_generated_traffic_after_the_quality_run(engine: Engine) -> None:
    count = ingest_generated(engine)
    overall = compute_indicators(engine)
    per = compute_indicators(engine, per="aanbieder")
    with engine.connect() as conn:
        stored = conn.execute(select(func.count()).select_from(m.Bericht)).scalar_one()
        by_check = dict(
            conn.execute(select(m.QualityFinding.check, func.count()).group_by(m.QualityFinding.check)).all()
        )
    assert 0 < stored <= count
    assert overall.totals().messages == stored
    assert sum(per.messages.values()) == stored
    assert 2 <= len({party for party, _ in per.messages}) <= 3
    totals = overall.totals()
    assert totals.linkage.rate is not None and totals.linkage.rate > 0.9
    assert totals.start_within.denominator > 0 and totals.retour_on_time.denominator > 0
    quality_rules = {r.rule: 0 for r in overall.rules if r.source == "quality"}
    for r in overall.rules:
        if r.source == "quality":
            quality_rules[r.rule] += r.findings
    assert quality_rules == by_check

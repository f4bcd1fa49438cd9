"""Linking on generated traffic through the real ingest: incremental runs give what a full rebuild gives,
re-running changes nothing, and the checks find exactly the injected defects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import Engine, select
from stored_traffic import ingest

from ijw.db import make_engine, migrate
from ijw.db import models as m
from ijw_tools.evaluate import evaluate
from ijw_tools.traffic import DEFECT_KINDS, TrafficConfig, generate_traffic
from services.quality.run import run_quality

#: Small traffic with the cross-message and process defects injected often enough to occur in 120 clients.
RATES = {
    kind: 0.06
    for kind, info in DEFECT_KINDS.items()
    if info.level in ("berichtoverstijgend", "proces") and kind != "volume-boven-omvang"
}
CONFIG = TrafficConfig(gemeenten=2, aanbieders=3, clients=120, seed=5, defect_rates=RATES)


def _dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """The derived state without surrogate ids, sorted."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for model in (m.Traject, m.Levering, m.PrestatieBeoordeling, m.QualityFinding, m.LinkedBericht):
            table = model.__table__
            cols = [c for c in table.c if c.name != "id"]  # type: ignore[attr-defined]
            out[str(table.name)] = sorted(tuple(r) for r in conn.execute(select(*cols)))  # type: ignore[attr-defined]
    return out


def test_incremental_runs_equal_a_full_rebuild(db_url: str) -> None:
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        messages = [msg.data for msg in generate_traffic(CONFIG)]
        step = len(messages) // 4 + 1
        for start in range(0, len(messages), step):
            ingest(engine, messages[start : start + step])
            run_quality(engine, as_of=CONFIG.period_end)
        incremental = _dump(engine)
        assert incremental["trajecten"] and incremental["quality_findings"]
        again = run_quality(engine, as_of=CONFIG.period_end)
        assert again.linked == 0 and _dump(engine) == incremental
        full = run_quality(engine, full=True, as_of=CONFIG.period_end)
        assert full.linked == 0 and full.partitions > 0
        assert _dump(engine) == incremental
    finally:
        engine.dispose()


def test_checks_find_the_injected_defects(db_url: str) -> None:
    result = evaluate(CONFIG, db_url)
    assert result.messages > 800
    assert result.unexpected == {}, result.examples
    for s in result.scores:
        assert s.precision >= 0.99 and s.recall >= 0.99, (s.as_dict(), result.examples)
    checked = {s.check for s in result.scores}
    assert {"TR019", "TR304", "TR314", "TR322", "TR326", "TR389", "GEEN-START"} <= checked


@pytest.mark.parametrize("as_of", [dt.date(2025, 6, 30)])
def test_as_of_moves_the_deadline_findings(db_url: str, as_of: dt.date) -> None:
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        ingest(engine, [msg.data for msg in generate_traffic(CONFIG)])
        year_end = run_quality(engine, as_of=CONFIG.period_end)
        mid_year = run_quality(engine, as_of=as_of)
        assert mid_year.linked == 0
        assert 0 < mid_year.stand_findings < year_end.stand_findings
        assert run_quality(engine, as_of=CONFIG.period_end).stand_findings == year_end.stand_findings
    finally:
        engine.dispose()


def test_iv013_the_most_recent_version_is_actual_whatever_the_arrival_order(db_url: str) -> None:
    """IV013: the JW301 version with the most recent Toewijzingsdatum and -tijd is the actual toewijzing.

    The gemeente shortens a toewijzing (a version of 2025-06-01); the original version (2025-03-01) is resent
    and arrives after it, in a later quality run. The traject keeps the shortened einddatum, and a full
    rebuild agrees. A version of the same day but a later time replaces an earlier one.
    """
    from builder import Traffic

    migrate(db_url)
    engine = make_engine(db_url)
    t = Traffic(engine)
    day = dt.date
    t.jw301(day(2025, 3, 1), 7001, ingang=day(2025, 3, 1), eind=day(2025, 12, 31))
    t.jw301(day(2025, 6, 1), 7001, ingang=day(2025, 3, 1), eind=day(2025, 6, 30))
    t.run()
    resent = {"ingang": day(2025, 3, 1), "eind": day(2025, 12, 31), "toewijzingsdatum": day(2025, 3, 1)}
    t.jw301(day(2025, 7, 1), 7001, **resent)  # type: ignore[arg-type]
    t.jw301(day(2025, 8, 1), 7002, eind=day(2025, 9, 30), toewijzingstijd=dt.time(15))
    t.jw301(day(2025, 8, 1), 7002, eind=day(2025, 8, 31), toewijzingstijd=dt.time(10))
    t.jw301(day(2025, 8, 1), 7003, eind=day(2025, 9, 30), toewijzingstijd=dt.time(10))
    t.jw301(day(2025, 8, 1), 7003, eind=day(2025, 8, 31), toewijzingstijd=dt.time(15))
    t.run()

    def einddata() -> dict[int, tuple[dt.date, dt.date]]:
        tr = m.Traject.__table__.c
        with engine.connect() as conn:
            rows = conn.execute(select(tr.toewijzing_nummer, tr.einddatum, tr.toewijzingsdatum)).all()
        return {int(r[0]): (r[1], r[2]) for r in rows}

    expected = {
        7001: (day(2025, 6, 30), day(2025, 6, 1)),
        7002: (day(2025, 9, 30), day(2025, 8, 1)),
        7003: (day(2025, 8, 31), day(2025, 8, 1)),
    }
    assert einddata() == expected
    t.run(full=True)
    assert einddata() == expected
    engine.dispose()

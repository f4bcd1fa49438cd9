"""The Great Expectations suites on SQLite and PostgreSQL: kept by a clean state, broken by bad rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fixtures_quality import A1, G1, build_scenario, insert_broken_traject
from sqlalchemy import Engine, func, insert, select

from ijw.db import make_engine, migrate
from ijw.db import models as m
from services.quality.expectations import latest_results, run_suites, suites


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    migrate(db_url)
    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        eng.dispose()


def _failed(results: list, suite: str) -> set[str]:
    (result,) = [r for r in results if r.suite == suite]
    return {o.description for o in result.failed}


def test_suites_kept_then_broken(engine: Engine, db_url: str) -> None:
    build_scenario(engine)
    kept = run_suites(db_url)
    assert [r.suite for r in kept] == [s.name for s in suites()]
    assert all(r.success for r in kept), [(r.suite, [o.description for o in r.failed]) for r in kept]
    assert all(r.id is not None and r.evaluated == r.successful > 0 for r in kept)

    bad_bsn = "12AB"
    insert_broken_traject(engine, G1, A1, 1003, bad_bsn)
    with engine.begin() as conn:
        conn.execute(
            insert(m.Levering).values(
                gemeente=G1,
                aanbieder=A1,
                toewijzing_nummer=1001,
                bsn="999990019",
                volgnummer=2,
                begindatum=dt.date(2025, 5, 1),
                start_bericht_id=1,
                start_dagtekening=dt.date(2025, 5, 1),
                einddatum=dt.date(2025, 5, 31),
                reden_beeindiging="ZZ",
                stop_bericht_id=1,
                stop_dagtekening=dt.date(2025, 6, 1),
                tijdelijk=False,
                status="gestopt",
            )
        )
    broken = run_suites(db_url, names=["trajecten", "leveringen", "quality_findings"])
    assert _failed(broken, "trajecten") == {
        "Einddatum ligt niet vóór Ingangsdatum",
        "productcategorie staat in JZ020",
        "bsn heeft 9 cijfers",
    }
    assert _failed(broken, "leveringen") == {"RedenBeeindiging staat in JZ588"}
    assert _failed(broken, "quality_findings") == set()
    (categorie,) = [o for o in broken[0].outcomes if o.description == "productcategorie staat in JZ020"]
    assert categorie.unexpected_count == 1 and categorie.examples == ["99"]
    # the failing rows themselves, with the columns the expectation reads, never the personal columns
    (einde,) = [o for o in broken[0].outcomes if o.description == "Einddatum ligt niet vóór Ingangsdatum"]
    assert einde.columns == ["einddatum", "ingangsdatum"]
    assert [(r["toewijzing_nummer"], r["einddatum"]) for r in einde.sample_rows] == [(1003, "2025-04-01")]
    (bsn_check,) = [o for o in broken[0].outcomes if o.description == "bsn heeft 9 cijfers"]
    assert bsn_check.sample_rows and all("bsn" not in row for row in bsn_check.sample_rows)

    latest = {r.suite: r for r in latest_results(engine)}
    assert not latest["trajecten"].success and latest["toewijzingen"].success
    assert latest["trajecten"].id == broken[0].id
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.ExpectationRun)).scalar_one() == len(kept) + 3
        stored = " ".join(conn.execute(select(m.ExpectationRun.result_json)).scalars())
    assert bad_bsn not in stored and "999990019" not in stored  # personal values are never stored

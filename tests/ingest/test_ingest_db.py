"""The database schema: models, migrations (upgrade from empty, from the previous revision, round trip)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text

from ijw.db import Base, current_revision, downgrade, head_revision, make_engine, migrate
from ijw.db import models as m

PREVIOUS = "0001"
TABLES = {
    "parties",
    "credentials",
    "dashboard_sessions",
    "berichten",
    "findings",
    "clients",
    "toewijzingen",
    "starts",
    "stops",
    "verzoeken",
    "verzoek_producten",
    "antwoorden",
    "declaraties",
    "prestaties",
    "declaratie_antwoorden",
    "afgewezen_prestaties",
    "retourcodes",
}
QUALITY_TABLES = {
    "quality_linked",
    "trajecten",
    "leveringen",
    "prestatie_beoordelingen",
    "quality_rejected_parts",
    "quality_findings",
    "quality_audit_antwoorden",
    "quality_audit_bevindingen",
    "quality_state",
    "expectation_runs",
}
TABLES |= QUALITY_TABLES


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            return list(compare_metadata(ctx, Base.metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_head_from_empty_matches_models(db_url: str) -> None:
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
    assert _tables(db_url) == TABLES
    assert _diff(db_url) == [], "the models and the migrations differ: write a migration"
    migrate(db_url)  # idempotent


def test_upgrade_from_previous_revision_keeps_data(db_url: str) -> None:
    migrate(db_url, PREVIOUS)
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == PREVIOUS
        assert "naam" not in {c["name"] for c in inspect(engine).get_columns("parties")}
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO parties (soort, code, first_seen) VALUES ('gemeente', '0384', :t)"),
                {"t": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
            )
    finally:
        engine.dispose()
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            rows = conn.execute(select(m.Party.code, m.Party.naam)).all()
        assert [tuple(r) for r in rows] == [("0384", None)]
        assert "ix_findings_rule" in {ix["name"] for ix in inspect(engine).get_indexes("findings")}
    finally:
        engine.dispose()
    assert _diff(db_url) == []


def test_downgrade_upgrade_round_trip(db_url: str) -> None:
    migrate(db_url)
    downgrade(db_url, PREVIOUS)
    # credentials added by 0003, the quality tables by 0004, dashboard_sessions by 0008
    assert _tables(db_url) == TABLES - {"credentials", "dashboard_sessions"} - QUALITY_TABLES
    downgrade(db_url, "base")
    assert _tables(db_url) == set()
    migrate(db_url)
    assert _tables(db_url) == TABLES
    assert _diff(db_url) == []


def test_models_create_all_and_constraints(tmp_path: Path) -> None:
    """The models on their own (create_all only here): unique key and status check are enforced."""
    engine = create_engine(f"sqlite:///{tmp_path / 'models.sqlite'}")
    Base.metadata.create_all(engine)
    now = dt.datetime.now(dt.UTC)
    row = {
        "afzender": "0384",
        "ontvanger": "12345678",
        "berichtsoort": "JW301",
        "identificatie": "ID1",
        "content_hash": "0" * 64,
        "raw_xml": b"x",
        "size": 1,
        "received_at": now,
        "stored_at": now,
        "source": "test",
        "status": "valid",
        "xsd_valid": True,
    }
    with engine.begin() as conn:
        conn.execute(m.Bericht.__table__.insert(), row)
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(m.Bericht.__table__.insert(), row)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(m.Bericht.__table__.insert(), {**row, "content_hash": "1" * 64, "status": "weird"})
    engine.dispose()


def test_sqlite_engine_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.sqlite'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    finally:
        engine.dispose()


def test_postgres_url_gets_psycopg_driver() -> None:
    from ijw.db.engine import normalize_url

    assert normalize_url("postgresql://u:p@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("sqlite:///x.sqlite").drivername == "sqlite"

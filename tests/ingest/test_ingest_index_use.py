"""The indexes of the ingest's tables (issue 17): what revision 0016 dropped stays dropped, and the queries
that justify the indexes kept still search them (``EXPLAIN QUERY PLAN`` on SQLite, whose plans depend on the
schema only: no statistics are gathered, so a small database plans as a large one).

The table "Indexes the ingest maintains" in docs/benchmarks.md lists every index with the query that uses it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, inspect

from ijw.auth.scopes import Principal
from ijw.db import downgrade, make_engine, migrate
from ijw.pseudonym import Pseudonymiser
from ijw.schema.model import load_model
from ijw_tools.corpus import generate_valid
from services.dashboard.queries import clients_by_toewijzing
from services.export.iv3 import amounts_by_product
from services.export.periods import Period
from services.ingest.contracts import IncomingMessage
from services.ingest.processing import IngestProcessor

DROPPED_BY_0016 = {
    "berichten": {"ix_berichten_afzender_berichtsoort_identificatie"},
    "toewijzingen": {"ix_toewijzingen_client_id"},
    "starts": {"ix_starts_client_id"},
    "stops": {"ix_stops_client_id"},
    "verzoeken": {"ix_verzoeken_client_id"},
    "verzoek_producten": {"ix_verzoek_producten_verzoek_id"},
    "prestaties": {"ix_prestaties_client_id", "ix_prestaties_referentie_nummer"},
    "afgewezen_prestaties": {
        "ix_afgewezen_prestaties_antwoord_id",
        "ix_afgewezen_prestaties_client_id",
        "ix_afgewezen_prestaties_toewijzing_nummer",
    },
}
RECEIVED = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


def _index_names(url: str) -> dict[str, set[str]]:
    engine = make_engine(url)
    try:
        found = inspect(engine)
        return {t: {ix["name"] or "" for ix in found.get_indexes(t)} for t in DROPPED_BY_0016}
    finally:
        engine.dispose()


def test_0016_drops_the_unused_indexes_and_its_downgrade_restores_them(db_url: str) -> None:
    migrate(db_url)
    at_head = _index_names(db_url)
    for table, names in DROPPED_BY_0016.items():
        assert not names & at_head[table], table
    assert "ix_afgewezen_prestaties_referentie_nummer" in at_head["afgewezen_prestaties"]
    assert "ix_prestaties_toewijzing_nummer" in at_head["prestaties"]
    downgrade(db_url, "0015")
    before = _index_names(db_url)
    for table, names in DROPPED_BY_0016.items():
        assert names <= before[table], table


@contextmanager
def _statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement ``engine`` runs inside the block, with its parameters."""
    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if not many:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _plans(engine: Engine, statements: list[tuple[str, Any]]) -> list[tuple[str, list[str]]]:
    """(statement, plan lines) of every SELECT/UPDATE/DELETE among ``statements``."""
    out = []
    with engine.connect() as conn:
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH", "UPDATE", "DELETE")):
                continue
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            out.append((statement, [str(r[3]) for r in rows]))
    return out


def _full_scans(plan: list[str]) -> list[str]:
    """Plan lines that read a whole table (a json_each of the parameter is no table)."""
    return [line for line in plan if line.startswith("SCAN ") and "VIRTUAL TABLE" not in line]


def _sqlite(tmp_path: Path) -> Engine:
    url = f"sqlite:///{tmp_path / 'plans.sqlite'}"
    migrate(url)
    return make_engine(url)


def test_the_ingest_look_ups_search_an_index(tmp_path: Path) -> None:
    """Idempotency, TR056 and retour linking of a second batch (new messages and repeats, heen and retour
    messages of every type): no full scan, and the identity look-ups use the unique constraint's index (the
    prefix index dropped by 0016 served them before)."""
    model = load_model()
    rng = random.Random(20261203)
    messages = [generate_valid(model, name, rng) for name in model.messages for _ in range(3)]
    engine = _sqlite(tmp_path)
    try:
        processor = IngestProcessor(engine)
        processor.process_batch([IncomingMessage(d, "test", RECEIVED) for d in messages[::2]])
        with _statements(engine) as seen:
            processor.process_batch([IncomingMessage(d, "test", RECEIVED) for d in messages])
        plans = _plans(engine, seen)
    finally:
        engine.dispose()
    reads = [(s, p) for s, p in plans if "berichten" in s]
    assert reads, "the second batch looked nothing up"
    for statement, plan in plans:
        assert not _full_scans(plan), (statement, plan)
    identity = [p for s, p in reads if "afzender = " in s]  # TR056 and retour linking
    assert identity and all(any("sqlite_autoindex_berichten_1" in line for line in p) for p in identity)


def test_the_toewijzingnummer_search_and_the_accepted_prestaties_use_their_indexes(tmp_path: Path) -> None:
    """The dashboard's search by ToewijzingNummer (toewijzingen, starts, stops, prestaties) and the JW325
    rejections of the exports' accepted prestaties (afgewezen_prestaties by ReferentieNummer): the readers
    that keep these indexes."""
    engine = _sqlite(tmp_path)
    beheerder = Principal(key_id="t", kind="beheerder", code="beheer", scopes=frozenset())
    try:
        with _statements(engine) as seen:
            clients_by_toewijzing(engine, beheerder, Pseudonymiser(b"test-key"), 12345678)
            amounts_by_product(engine, Period.year(2025))
        searched = " ; ".join(line for _, plan in _plans(engine, seen) for line in plan)
    finally:
        engine.dispose()
    for table in ("toewijzingen", "starts", "stops", "prestaties"):
        assert f"SEARCH {table} USING INDEX ix_{table}_toewijzing_nummer" in searched, table
    assert "USING INDEX ix_afgewezen_prestaties_referentie_nummer" in searched

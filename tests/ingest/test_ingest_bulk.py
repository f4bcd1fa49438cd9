"""Bulk storage of a batch (issue 17): driver errors surface as SQLAlchemy's, a race past the idempotency
check ends as a duplicate, and the ids allocated in advance tie every content row to its own message.

Runs on SQLite and on PostgreSQL (the ``engine`` fixture of ``tests/ingest/conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from ijw.db.bulk import BulkWriter
from ijw.schema.model import load_model
from ijw_tools.corpus import generate_valid
from services.ingest.contracts import IncomingMessage
from services.ingest.processing import PARTIES, IngestProcessor

RECEIVED = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


def _item(data: bytes) -> IncomingMessage:
    return IncomingMessage(data, "test", RECEIVED)


def _generated(names: tuple[str, ...], per_name: int, seed: int) -> list[bytes]:
    model = load_model()
    rng = random.Random(seed)
    return [generate_valid(model, name, rng) for name in names for _ in range(per_name)]


def test_a_conflict_in_a_bulk_insert_raises_sqlalchemys_integrity_error(engine: Engine) -> None:
    row = ("gemeente", "0363", None, RECEIVED)
    with pytest.raises(IntegrityError), engine.begin() as conn:
        BulkWriter(conn).insert(PARTIES, ("soort", "code", "naam", "first_seen"), [row, row])
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM parties")).scalar() == 0


def test_a_message_stored_by_another_worker_after_the_check_is_a_duplicate(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other worker commits between this batch's idempotency check and its insert: the unique
    constraint stops the second copy, the batch runs again and reports the message as a duplicate."""
    (data,) = _generated(("JW301",), 1, seed=17)
    first = IngestProcessor(engine).process(_item(data))
    assert first.status == "stored"

    late = IngestProcessor(engine)
    real_existing = late._existing
    calls: list[int] = []

    def existing_before_the_other_commit(conn: Any, prepared: Any) -> Any:
        calls.append(len(prepared))
        return {} if len(calls) == 1 else real_existing(conn, prepared)

    monkeypatch.setattr(late, "_existing", existing_before_the_other_commit)
    again = late.process(_item(data))
    assert len(calls) >= 2  # the first attempt failed on the constraint and the batch ran again
    assert again.status == "duplicate" and again.bericht_id == first.bericht_id
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM berichten")).scalar() == 1
        assert (
            conn.execute(text("SELECT count(*) FROM toewijzingen")).scalar()
            == conn.execute(
                text("SELECT count(*) FROM toewijzingen WHERE bericht_id = :id"), {"id": first.bericht_id}
            ).scalar()
        )


def test_content_rows_refer_to_parents_of_their_own_message(engine: Engine) -> None:
    """Ids are allocated before the insert: every child row's parent is a row of the same message, and a
    prestatie's client carries the prestatie's BSN (the Client element it sits in)."""
    messages = _generated(("JW301", "JW305", "JW307", "JW315", "JW317", "JW323", "JW325"), 4, seed=23)
    processor = IngestProcessor(engine)
    outcomes = processor.process_batch([_item(d) for d in messages[::2]])
    outcomes += processor.process_batch([_item(d) for d in messages[1::2]])
    assert {o.status for o in outcomes} <= {"stored", "duplicate"}
    children = {
        "toewijzingen": "clients",
        "starts": "clients",
        "stops": "clients",
        "verzoeken": "clients",
        "verzoek_producten": "verzoeken",
        "prestaties": "declaraties",
        "afgewezen_prestaties": "declaratie_antwoorden",
    }
    parent_column = {
        "clients": "client_id",
        "verzoeken": "verzoek_id",
        "declaraties": "declaratie_id",
        "declaratie_antwoorden": "antwoord_id",
    }
    with engine.connect() as conn:
        total = 0
        for child, parent in children.items():
            column = parent_column[parent]
            rows = conn.execute(
                text(
                    f"SELECT c.bericht_id AS child, p.bericht_id AS parent FROM {child} c "
                    f"LEFT JOIN {parent} p ON p.id = c.{column}"
                )
            ).all()
            total += len(rows)
            assert all(r.child == r.parent for r in rows), child
        for table in ("prestaties", "afgewezen_prestaties"):
            mismatched = conn.execute(
                text(
                    f"SELECT count(*) FROM {table} x JOIN clients c ON c.id = x.client_id "
                    "WHERE c.bsn <> x.bsn OR c.bericht_id <> x.bericht_id"
                )
            ).scalar()
            assert mismatched == 0, table
        stored = conn.execute(text("SELECT count(*) FROM berichten")).scalar()
    assert total > 0
    assert stored == len({o.bericht_id for o in outcomes})

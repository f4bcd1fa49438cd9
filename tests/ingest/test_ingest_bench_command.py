"""``ijw bench ingest`` runs end to end and prints its figures (no speed is asserted: benchmark figures are
recorded in docs/benchmarks.md, never checked by timed tests)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from ijw.db import current_revision, head_revision, make_engine
from ijw_app.cli.main import app
from ijw_tools.bench.ingest import fresh_database, prefilled_database


def test_bench_ingest_prints_both_sides_and_leaves_no_round_databases(tmp_path: Path) -> None:
    db = tmp_path / "bench.sqlite"
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "ingest",
            "--messages",
            "28",
            "--rounds",
            "2",
            "--batch-size",
            "10",
            "--db",
            f"sqlite:///{db}",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = {line.split(":", 1)[0]: line for line in result.stdout.splitlines() if ":" in line}
    assert "28 (" in lines["messages"] and "batch size 10, best of 2 alternating rounds" in lines["messages"]
    assert "msg/s" in lines["validation only"] and "msg/s" in lines["processor"]
    assert "issue 17 bar: 0.5" in lines["ratio"]
    assert list(tmp_path.iterdir()) == []  # every round's database file was removed


def test_a_prefilled_round_starts_from_a_copy_of_the_filled_database(db_url: str, tmp_path: Path) -> None:
    """``--prefill``: the messages are stored once; every round's database is a copy holding all of them."""
    with (
        prefilled_database(db_url, 15, seed=5, batch_size=10) as template,
        fresh_database(db_url, "copy", template) as copy,
    ):
        engine = make_engine(copy)
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM berichten")).scalar_one() == 15
                assert current_revision(engine) == head_revision()
        finally:
            engine.dispose()
    assert [p for p in tmp_path.iterdir() if p.suffix.startswith(".sqlite")] == []


def test_bench_ingest_into_a_grown_database_says_so(tmp_path: Path) -> None:
    db = tmp_path / "bench.sqlite"
    args = ["bench", "ingest", "--messages", "12", "--rounds", "1", "--batch-size", "10", "--prefill", "15"]
    result = CliRunner().invoke(app, [*args, "--db", f"sqlite:///{db}"])
    assert result.exit_code == 0, result.output
    assert "each holding 15 other messages first" in result.stdout
    assert "; 12 stored" in result.stdout  # the timed messages are not among the 15 stored before
    assert list(tmp_path.iterdir()) == []


def test_the_year_traffic_gives_exactly_the_messages_asked_in_dagtekening_order() -> None:
    """``ijw bench pipeline --traffic year``: the first messages of a whole year of a region's traffic."""
    import re

    import pytest

    from ijw_tools.bench.ingest import bench_messages

    messages = list(bench_messages("year", 300, 7))
    assert len(messages) == 300
    assert messages == list(bench_messages("year", 300, 7))  # deterministic for its seed
    # the day a message was sent: a retour's DagtekeningRetour, else its Dagtekening
    sent = [
        re.search(rb"<\w+:DagtekeningRetour>([0-9-]{10})<", m) or re.search(rb"Dagtekening>([0-9-]{10})<", m)
        for m in messages
    ]
    days = [d.group(1) for d in sent if d]
    assert len(days) == 300 and days == sorted(days) and days[0].startswith(b"2025-")
    assert {re.search(rb"<(\w+):Bericht\b", m).group(1) for m in messages} >= {b"jw301", b"jw302"}  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="unknown traffic"):
        bench_messages("other", 1, 1)

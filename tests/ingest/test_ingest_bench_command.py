"""``ijw bench ingest`` runs end to end and prints its figures (no speed is asserted: benchmark figures are
recorded in docs/benchmarks.md, never checked by timed tests)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ijw_app.cli.main import app


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

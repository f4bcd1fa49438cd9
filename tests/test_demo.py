"""The README's first command: ``ijw demo`` runs the pipeline end to end on the embedded default."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ijw.cli.main import app


@pytest.mark.kafka
def test_demo_runs_end_to_end_twice(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):  # re-running is safe: the output folder is made anew
        result = CliRunner().invoke(app, ["demo", "--out", str(out), "--clients", "60", "--gemeenten", "2"])
        assert result.exit_code == 0, result.output
        summary = json.loads((out / "summary.json").read_text())
        assert summary["messages_processed"] == summary["messages_generated"] > 100
        files = sorted((out / "berichten").iterdir())
        assert len(files) == summary["messages_generated"]
        with sqlite3.connect(out / "ijw.sqlite") as db:
            stored = db.execute("select count(*) from berichten").fetchone()[0]
            types = {row[0] for row in db.execute("select distinct berichtsoort from berichten")}
        assert stored == summary["messages_generated"] - summary["by_status"].get("duplicate", 0)
        assert {"JW301", "JW305", "JW323", "JW325"} <= types
        assert summary["retour_messages"] > 0
        assert (out / "ground-truth.jsonl").exists()
        assert "Outputs:" in result.output

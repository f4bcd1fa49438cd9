"""Issue 16, item 6: the CLI a new user meets: ``--version``, shell completion, flags shown as flags,
documented options, ``--json`` summaries for ingest, quality run and export run, ``ijw traffic``, and
``GET /`` leading to the dashboard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ijw.db import migrate
from ijw_app.cli.main import COMMANDS, app, load_command

runner = CliRunner()


def _commands() -> list[list[str]]:
    """Every command path: ``[name]`` for a single command, ``[group, sub]`` for each command of a group."""
    paths: list[list[str]] = []
    for name in COMMANDS:
        command = load_command(name)
        subcommands = getattr(command, "commands", None)  # a group (typer's own click classes)
        if subcommands is not None:
            paths.extend([name, sub] for sub in subcommands)
        else:
            paths.append([name])
    return paths


def test_version_is_the_distribution_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"ijw {metadata.version('ijw-verwerker')}"


def test_shell_completion_completes_lazily_loaded_commands_and_options(tmp_path: Path) -> None:
    script = runner.invoke(app, ["--show-completion", "bash"])
    assert script.exit_code == 0 and "_IJW_COMPLETE=complete_bash" in script.stdout

    def complete(words: str) -> list[str]:
        env = os.environ | {
            "_IJW_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        proc = subprocess.run(
            [sys.executable, "-m", "ijw_app"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()

    assert complete("ijw qua") == ["quality"]
    assert complete("ijw quality rep") == ["report"]
    assert complete("ijw ingest --cre") == ["--create"]


def test_no_flag_is_shown_with_a_value_type() -> None:
    for path in _commands():
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (path, result.output)
        assert "<bool>" not in result.output, path


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_option_is_documented(name: str) -> None:
    """Every option of every command has its help text (issue 16: ``ijw quality evaluate``, ``ijw worker
    --log-level`` and ``ijw bench pipeline`` had options without)."""
    command = load_command(name)
    commands = list(getattr(command, "commands", {}).values()) or [command]
    assert any(p.param_type_name == "option" for each in commands for p in each.params)
    for each in commands:
        options = [p for p in each.params if p.param_type_name == "option"]
        undocumented = [
            p.name for p in options if not getattr(p, "hidden", False) and not getattr(p, "help", None)
        ]
        assert undocumented == [], each.name


def _one_json_object(stdout: str) -> dict[str, Any]:
    lines = stdout.strip().splitlines()
    assert len(lines) == 1, stdout
    value = json.loads(lines[0])
    assert isinstance(value, dict)
    return value


def test_json_summaries_of_ingest_quality_run_and_export_run(tmp_path: Path) -> None:
    traffic = runner.invoke(
        app, ["traffic", str(tmp_path / "t"), "--clients", "8", "--gemeenten", "1", "--aanbieders", "2"]
    )
    assert traffic.exit_code == 0, traffic.output
    files = len(list((tmp_path / "t").glob("*.xml")))
    assert files > 0 and (tmp_path / "t" / "ground-truth.jsonl").is_file()
    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"

    ingested = runner.invoke(app, ["ingest", "--create", "--json", "--db", url, str(tmp_path / "t")])
    assert ingested.exit_code == 0, ingested.output
    summary = _one_json_object(ingested.stdout)
    assert summary["totals"]["stored"] + summary["totals"]["rejected"] == files
    assert summary["not_processed"] == []
    assert sum(c["stored"] for c in summary["per_bericht"].values()) == summary["totals"]["stored"]

    judged = runner.invoke(app, ["quality", "run", "--json", "--db", url])
    assert judged.exit_code == 0, judged.output
    run = _one_json_object(judged.stdout)
    assert run["linked"] > 0 and run["as_of"] is not None

    exported = runner.invoke(
        app, ["export", "run", "--json", "--bsn", "--db", url, "--out", str(tmp_path / "x")]
    )
    assert exported.exit_code == 0, exported.output
    export = _one_json_object(exported.stdout)
    assert export["years"] and export["files"]
    assert sorted(export["files"]) == sorted(p.name for p in (tmp_path / "x").glob("*.csv"))


def test_traffic_refuses_a_bad_defect_rate(tmp_path: Path) -> None:
    result = runner.invoke(app, ["traffic", str(tmp_path / "t"), "--defect-rate", "geen-soort=0.1"])
    assert result.exit_code == 2
    assert "Invalid value for --defect-rate" in result.output and "bsn-elfproef" in result.output
    assert not (tmp_path / "t").exists()


def test_root_redirects_to_the_dashboard(tmp_path: Path) -> None:
    from ijw_app.http import create_app
    from services.ingest.api import ApiSettings

    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    migrate(url)
    with TestClient(create_app(ApiSettings(db_url=url, migrate=False))) as client:
        response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/dashboard/"

"""The ``ijw`` command: every sub-command of the lazy table loads and is listed; typos get a suggestion."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ijw_app.cli.main import COMMANDS, app, load_command

runner = CliRunner()


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_loads_with_its_help(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"ijw {name}" in result.output


def test_help_lists_every_command_in_order() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    listing = result.output.split("Commands", 1)[1]
    rows = [line.strip("│ ").split(" ")[0] for line in listing.splitlines()]
    positions = [rows.index(name) if name in rows else -1 for name in COMMANDS]
    assert -1 not in positions, result.output
    assert positions == sorted(positions)
    assert "pipeline" in runner.invoke(app, ["bench", "--help"]).output


def test_typo_gets_a_suggestion_from_every_command() -> None:
    result = runner.invoke(app, ["credentals"])
    assert result.exit_code == 2
    assert "Did you mean 'credentials'?" in result.output

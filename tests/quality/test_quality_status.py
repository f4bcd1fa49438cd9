"""``ijw quality status`` and the warning of ``ijw quality findings`` on a database the quality service has
not run on, or not since the last message was stored; ``--refresh`` runs it first (issue 12, Build 4)."""

from __future__ import annotations

import datetime as dt
import json

from builder import Traffic
from typer.testing import CliRunner

from ijw_app.cli.quality import app

D = dt.date


def _status(url: str) -> tuple[int, dict[str, object]]:
    result = CliRunner().invoke(app, ["status", "--db", url, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_status_findings_warning_and_refresh(traffic: Traffic, db_url: str) -> None:
    traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1))
    traffic.jw305(D(2025, 3, 3), 9999, D(2025, 3, 3))  # TR019: no toewijzing 9999
    code, state = _status(db_url)
    # the JW301 and JW305 and their retour messages are stored; the two heenberichten are linkable
    assert (code, state["last_run"], state["messages"], state["behind"], state["unlinked"]) == (
        1,
        None,
        4,
        4,
        2,
    )

    stale = CliRunner().invoke(app, ["findings", "--db", db_url, "--json"])
    assert stale.exit_code == 0
    assert "has not run on this database (4 messages stored)" in stale.stderr
    assert stale.stdout == ""  # the TR019 is not found yet

    fresh = CliRunner().invoke(app, ["findings", "--db", db_url, "--json", "--refresh"])
    assert fresh.exit_code == 0 and "warning" not in fresh.stderr
    assert [json.loads(line)["check"] for line in fresh.stdout.splitlines()] == ["TR019"]
    code, state = _status(db_url)
    assert (code, state["current"], state["behind"], state["unlinked"]) == (0, True, 0, 0)
    assert state["last_run"] and state["as_of"] == "2025-03-03"

    traffic.jw305(D(2025, 3, 4), 1001, D(2025, 3, 4))
    code, state = _status(db_url)
    assert (code, state["current"], state["behind"], state["unlinked"]) == (1, False, 2, 1)
    behind = CliRunner().invoke(app, ["findings", "--db", db_url, "--json"])
    assert "2 messages were stored since and 1 valid messages are not linked" in behind.stderr

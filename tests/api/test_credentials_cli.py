"""``ijw credentials`` and ``ijw serve``; the scope declarations and credential rules of ``ijw.auth``."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from ijw.auth import CredentialError, authenticate, issue
from ijw.auth.scopes import (
    ALLOWED_SCOPES,
    BEHEER,
    BERICHTEN_AANLEVEREN,
    BERICHTEN_LEZEN,
    DEFAULT_SCOPES,
    EXPORT_LEZEN,
    SCOPES,
    Principal,
    ScopeError,
    parse_scopes,
)
from ijw.db import make_engine, migrate
from ijw_app.cli.main import app

runner = CliRunner()


def test_issue_list_revoke(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    migrate(url)  # the commands use a database, never create one (ijw db upgrade does)
    issued = runner.invoke(app, ["credentials", "issue", "--db", url, "--kind", "gemeente", "--code", "0599"])
    assert issued.exit_code == 0, issued.output
    key = issued.stdout.strip().splitlines()[-1]
    assert key.startswith("ijw_")
    _, key_id, secret = key.split("_", 2)

    listed = runner.invoke(app, ["credentials", "list", "--db", url, "--json"])
    assert listed.exit_code == 0
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["key_id"], r["kind"], r["code"], r["revoked_at"]) for r in rows] == [
        (key_id, "gemeente", "0599", None)
    ]
    assert sorted(rows[0]["scopes"]) == sorted(s.label for s in DEFAULT_SCOPES["gemeente"])
    table = runner.invoke(app, ["credentials", "list", "--db", url])
    assert table.exit_code == 0 and key_id in table.stdout
    assert secret not in listed.stdout + table.stdout

    engine = make_engine(url)
    try:
        principal = authenticate(engine, key)
        assert principal is not None and (principal.kind, principal.code) == ("gemeente", "0599")
        assert authenticate(engine, key[:-1] + ("A" if key[-1] != "A" else "B")) is None
        revoked = runner.invoke(app, ["credentials", "revoke", "--db", url, key_id])
        assert revoked.exit_code == 0, revoked.output
        assert authenticate(engine, key) is None
    finally:
        engine.dispose()
    again = runner.invoke(app, ["credentials", "revoke", "--db", url, key_id])
    assert again.exit_code == 1
    active = runner.invoke(app, ["credentials", "list", "--db", url, "--json", "--active"])
    assert active.stdout.strip() == ""


def test_issue_with_scopes_and_bsn(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    migrate(url)  # the commands use a database, never create one (ijw db upgrade does)
    args = ["credentials", "issue", "--db", url, "--kind", "afnemer", "--code", "CBS", "--bsn-entitled"]
    ok = runner.invoke(app, [*args, "--scope", "export.lezen"])
    assert ok.exit_code == 0, ok.output
    engine = make_engine(url)
    try:
        principal = authenticate(engine, ok.stdout.strip().splitlines()[-1])
    finally:
        engine.dispose()
    assert principal is not None and principal.bsn_entitled and principal.scopes == {EXPORT_LEZEN}
    wrong = runner.invoke(app, [*args, "--scope", "berichten.lezen"])
    assert wrong.exit_code == 2
    assert "cannot have scope" in wrong.output
    bad_code = runner.invoke(
        app, ["credentials", "issue", "--db", url, "--kind", "aanbieder", "--code", "12"]
    )
    assert bad_code.exit_code == 2


def test_credential_rules(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    migrate(url)
    engine = make_engine(url)
    try:
        with pytest.raises(CredentialError):
            issue(engine, "gemeente", "0384", bsn_entitled=True)
        with pytest.raises(CredentialError):
            issue(engine, "gemeente", "0384", ["beheer"])
        with pytest.raises(CredentialError):
            issue(engine, "gemeente", "0384", ["no.such.scope"])
        with pytest.raises(CredentialError):
            issue(engine, "bank", "x")
        beheerder = issue(engine, "beheerder", "ops")
        principal = authenticate(engine, beheerder.key)
        assert principal is not None and principal.is_beheerder
        assert authenticate(engine, "ijw_000000000000_" + "x" * 43) is None
        assert authenticate(engine, "") is None
    finally:
        engine.dispose()


def test_export_grants_issue_grant_list(tmp_path: Path) -> None:
    """An afnemer's grants: given at issue, replaced by ``grant``, listed, carried by the principal."""
    url = f"sqlite:///{tmp_path / 'g.sqlite'}"
    migrate(url)  # the commands use a database, never create one (ijw db upgrade does)
    issued = runner.invoke(
        app,
        [
            *("credentials", "issue", "--db", url, "--kind", "afnemer", "--code", "regio-west"),
            *("--export", "iv3", "--export", "indicators", "--gemeente", "0363"),
        ],
    )
    assert issued.exit_code == 0, issued.output
    key = issued.stdout.strip().splitlines()[-1]
    key_id = key.split("_")[1]
    engine = make_engine(url)
    try:
        principal = authenticate(engine, key)
        assert principal is not None
        assert principal.exports == {"iv3", "indicators"} and principal.export_gemeenten == {"0363"}
        assert principal.may_export("iv3") and not principal.may_export("bij")

        changed = runner.invoke(app, ["credentials", "grant", key_id, "--db", url, "--gemeente", "0518"])
        assert changed.exit_code == 0, changed.output
        principal = authenticate(engine, key)
        assert principal is not None and principal.exports is None and principal.gemeenten == {"0518"}
        assert principal.may_export("bij")

        listed = runner.invoke(app, ["credentials", "list", "--db", url, "--json"])
        row = json.loads(listed.stdout.splitlines()[0])
        assert (row["exports"], row["gemeenten"]) == (None, ["0518"])

        wrong = runner.invoke(app, ["credentials", "grant", key_id, "--db", url, "--export", "bsn"])
        assert wrong.exit_code == 2 and "unknown export" in wrong.output
        with pytest.raises(CredentialError, match="only an afnemer"):
            issue(engine, "gemeente", "0363", gemeenten=["0363"])
        with pytest.raises(CredentialError, match="4 digits"):
            issue(engine, "afnemer", "x", gemeenten=["363"])
        gemeente_key = issue(engine, "gemeente", "0363").info.key_id
        refused = runner.invoke(app, ["credentials", "grant", gemeente_key, "--db", url, "--export", "iv3"])
        assert refused.exit_code == 2
        missing = runner.invoke(app, ["credentials", "grant", "000000000000", "--db", url])
        assert missing.exit_code == 1
    finally:
        engine.dispose()


def test_scopes_declared_in_one_place() -> None:
    assert set(SCOPES) == {
        "berichten.aanleveren",
        "berichten.lezen",
        "kwaliteit.lezen",
        "export.lezen",
        "beheer",
    }
    assert ALLOWED_SCOPES["afnemer"] == {EXPORT_LEZEN}
    assert ALLOWED_SCOPES["beheerder"] == set(SCOPES.values())
    with pytest.raises(ScopeError):
        parse_scopes("berichten.lezen nope")
    gemeente = Principal("k", "gemeente", "0384", DEFAULT_SCOPES["gemeente"])
    assert gemeente.may_access_message("0384", "12345678")
    assert not gemeente.may_access_message("0599", "12345678")
    assert not gemeente.may_access_message(None, None)
    afnemer = Principal("k", "afnemer", "CBS", DEFAULT_SCOPES["afnemer"])
    assert not afnemer.may_access_message("0384", "12345678")
    assert not afnemer.has(BERICHTEN_LEZEN)
    beheerder = Principal("k", "beheerder", "ops", frozenset({BEHEER}))
    assert beheerder.has(BERICHTEN_AANLEVEREN) and beheerder.may_access_message("0599", None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_runs_the_api(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    migrate(url)  # the commands use a database, never create one (ijw db upgrade does)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "IJW_BOOTSTRAP_SERVERS"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ijw_app", "serve", "--db", url, "--port", str(port), "--log-level", "info"],
        env=env,
        stdout=subprocess.PIPE,  # uvicorn's access log goes to standard output
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        proc.stdout.read().decode() if proc.stdout else "no output"
                    ) from None
                time.sleep(0.2)
        assert response.status_code == 200
        assert response.json()["mode"] == "embedded"
        assert httpx.get(f"http://127.0.0.1:{port}/berichten", timeout=5).status_code == 401
        # a key put into a URL (issue 11): refused as an unknown parameter, and not written to the access log
        secret = "ijw_0123456789ab_" + "S3cr3t" * 8
        assert httpx.get(f"http://127.0.0.1:{port}/berichten?api_key={secret}", timeout=5).status_code == 400
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    log = proc.stdout.read().decode() if proc.stdout else ""
    assert '"GET /berichten?[redacted] HTTP/1.1" 400' in log, log
    assert "S3cr3t" not in log

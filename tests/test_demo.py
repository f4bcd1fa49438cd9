"""The README's first command: ``ijw demo`` runs the pipeline end to end on the embedded default."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ijw_app.cli.main import app


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
        # the report is written after the suites ran: it shows their results (issue 16)
        report = (out / "rapport" / "report.html").read_text(encoding="utf-8")
        assert "Nog geen suite gedraaid" not in report
        assert all(f"<td>{suite}</td>" in report for suite in summary["quality"]["suites"])
        # the answer audit's headline figures (issue 14): answers as prescribed and amounts, in the output
        # and in the summary, consistent with the audit's own table
        audit = summary["quality"]["audit"]
        assert 0 < audit["volgens_standaard"] <= audit["answers"]
        assert f"answer audit: {audit['volgens_standaard']} of {audit['answers']} answers" in result.output
        with sqlite3.connect(out / "ijw.sqlite") as db:
            answers, cents = db.execute(
                "select count(*), sum(bedrag_goedgekeurd_onterecht) from quality_audit_antwoorden"
            ).fetchone()
        assert (answers, cents) == (audit["answers"], audit["bedrag_goedgekeurd_onterecht"])


@pytest.mark.kafka
def test_demo_serve_keeps_the_dashboard_up_with_a_key_per_party(tmp_path: Path) -> None:
    """``ijw demo --serve`` prints a key per party kind; each opens its own pages; Ctrl-C ends it."""
    import os
    import re
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = tmp_path / "demo.log"
    env = {k: v for k, v in os.environ.items() if k != "IJW_PSEUDONYM_KEY"}
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "ijw_app", "demo", "--out", str(tmp_path / "out")),
                *("--clients", "30", "--gemeenten", "2", "--serve", "--port", str(port)),
            ],
            stdin=subprocess.DEVNULL,
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 240
        while not re.search(r"afnemer \(every export\):\s+ijw_", log.read_text(errors="replace")):
            assert proc.poll() is None, log.read_text()[-3000:]
            assert time.monotonic() < deadline, "demo --serve did not start serving"
            time.sleep(0.5)
        text = log.read_text()
        keys = dict(re.findall(r"^\s+(\w+)[^\n]*?:\s+(ijw_\S+)$", text, re.M))
        assert set(keys) == {"beheerder", "gemeente", "aanbieder", "afnemer"}, text
        expected = {
            "beheerder": "/dashboard/pipeline",
            "gemeente": "/dashboard/pipeline",
            "aanbieder": "/dashboard/pipeline",
            "afnemer": "/dashboard/exports",
        }
        base = f"http://127.0.0.1:{port}"
        while True:  # the keys are printed just before the server starts listening
            assert proc.poll() is None, log.read_text()[-3000:]
            try:
                if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "demo --serve did not answer /health"
            time.sleep(0.3)
        for who, key in keys.items():
            # as a browser: the login form's CSRF token, in the form and in its cookie
            form = httpx.get(f"{base}/dashboard/login", timeout=30)
            token = re.search(r'name="csrf" value="([^"]+)"', form.text)
            assert token is not None, form.text
            login = httpx.post(
                f"{base}/dashboard/login",
                data={"api_key": key, "csrf": token.group(1)},
                headers={"Cookie": form.headers["set-cookie"].split(";")[0]},
                timeout=30,
            )
            assert login.status_code == 303, (who, login.text)
            cookie = next(
                c.split(";")[0]
                for c in login.headers.get_list("set-cookie")
                if c.startswith("ijw_dashboard=")
            )
            home = httpx.get(f"{base}/dashboard/", headers={"Cookie": cookie}, timeout=30)
            assert home.status_code == 303 and home.headers["location"] == expected[who], who
            page = httpx.get(base + expected[who], headers={"Cookie": cookie}, timeout=60)
            assert page.status_code == 200, who
        # the demo's pseudonym key is in force, so the BIJ download of the API works for an afnemer
        bij = httpx.get(
            f"{base}/exports/bij?period=2025-H1&format=csv",
            headers={"X-API-Key": keys["afnemer"]},
            timeout=60,
        )
        assert bij.status_code == 200 and bij.text.startswith("aanbieder_agb,bsn")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    assert proc.returncode == 0, log.read_text()[-2000:]

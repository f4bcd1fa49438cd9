"""``services/export/batch.py`` and ``ijw export run``: every export of whole years into a folder, once or as
a service (``--every``, ``--heartbeat``, stopped by SIGTERM or Ctrl-C), on generated traffic via ingest."""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from export_builders import Builder, D
from rich.console import Console
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from ijw.db import make_engine, migrate
from ijw.db import models as m
from ijw.pseudonym import Pseudonymiser
from ijw_app.cli.demo import _export_stage
from ijw_app.cli.main import app
from ijw_tools.traffic import TrafficConfig, generate_traffic
from services.export.batch import (
    BIJ_KINDS,
    bij_name,
    file_names,
    periods,
    write_atomic,
    write_exports,
    years_in_data,
)
from services.export.periods import Period
from services.export.privacy import identity
from services.export.service import Exporter, companion_path
from services.ingest.contracts import IncomingMessage
from services.ingest.processing import IngestProcessor

KEY = "batch-export-pseudonym-key-0123456789"
SUMMARY = re.compile(r"export run: (\d+) files, (\d+) rows \(\+(\d+) unexportable\), years 2025, in ")


@pytest.fixture
def traffic_db(db_url: str) -> Iterator[str]:
    """A migrated database holding a year (2025) of generated traffic, ingested like ``ijw ingest`` does."""
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        config = TrafficConfig(gemeenten=2, aanbieders=3, clients=60, seed=11)
        IngestProcessor(engine).process_batch(
            [IncomingMessage(msg.data, source=f"test:{i}") for i, msg in enumerate(generate_traffic(config))]
        )
    finally:
        engine.dispose()
    return db_url


def _bsns(folder: Path) -> set[str]:
    """Every value of a ``bsn`` column in the BIJ files (and companions) of ``folder``."""
    found: set[str] = set()
    for path in folder.glob("bij-*.csv"):
        found.update(r["bsn"] for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return found


def test_write_exports_writes_every_file_with_the_exporters_bytes(traffic_db: str, tmp_path: Path) -> None:
    engine = make_engine(traffic_db)
    try:
        assert years_in_data(engine) == [2025]
        pseudonym = Pseudonymiser.required(KEY.encode())
        counts = write_exports(engine, tmp_path / "out", [2025], bsn=pseudonym, min_cell=5)
        exporter = Exporter(engine)
        expected = {
            **{
                bij_name(kind, period): exporter.bij(period, kind, pseudonym)
                for kind in BIJ_KINDS
                for period in periods(kind, 2025)
            },
            "iv3-2025.csv": exporter.iv3(2025),
            "reconciliation-2025.csv": exporter.reconciliation(2025, 5),
            "indicators-2025.csv": exporter.indicators(2025, 5),
        }
    finally:
        engine.dispose()
    out = tmp_path / "out"
    assert list(counts) == file_names(2025)
    assert sorted(p.name for p in out.iterdir()) == sorted(counts)  # no temporary file left behind
    assert {"bij-jh-2025-H1.csv", "bij-jh-2025-H2.csv", "bij-jb-2025-H1.csv", "bij-jr-2025-Q4.csv"} <= set(
        counts
    )
    for name, export in expected.items():
        assert (out / name).read_bytes() == export.csv(), name
        assert counts[name] == len(export.rows), name
        if export.companion_columns:
            companion = companion_path(name, export.companion_label)
            assert (out / companion).read_bytes() == export.companion_csv(), name
            assert counts[companion] == len(export.companion), name
    # the generated traffic has records of every kind, so every kind's file is really exercised (the
    # machtigingen are not in the traffic: their file is empty, its companion lists every maatregel)
    for kind in BIJ_KINDS:
        files = [bij_name(kind, p) for p in periods(kind, 2025)]
        if kind == "jbm":
            files = [companion_path(name) for name in files]
        assert sum(counts[name] for name in files) > 0, kind


def test_demo_writes_its_exports_through_write_exports(traffic_db: str, tmp_path: Path) -> None:
    engine = make_engine(traffic_db)
    try:
        demo = _export_stage(Console(file=io.StringIO()), engine, tmp_path / "demo", 2025)
        demo_key = Pseudonymiser.required(b"ijw-demo-pseudonym-key-not-for-production")
        direct = write_exports(engine, tmp_path / "direct", [2025], bsn=demo_key, min_cell=5)
    finally:
        engine.dispose()
    assert demo == direct
    for name in direct:
        assert (tmp_path / "demo" / name).read_bytes() == (tmp_path / "direct" / name).read_bytes(), name


def test_run_pseudonymises_and_bsn_is_for_operators(
    traffic_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", KEY)
    result = runner.invoke(app, ["export", "run", "--db", traffic_db, "--out", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    assert SUMMARY.search(result.output), result.output
    result = runner.invoke(app, ["export", "run", "--db", traffic_db, "--out", str(tmp_path / "b"), "--bsn"])
    assert result.exit_code == 0, result.output

    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == sorted(file_names(2025))
    bsns = _bsns(tmp_path / "b")
    assert bsns and all(re.fullmatch(r"\d{9}", b) for b in bsns)
    pseudonymised = b"".join(p.read_bytes() for p in (tmp_path / "p").iterdir())
    for bsn in bsns:
        assert bsn.encode() not in pseudonymised
    assert all(re.fullmatch(r"[0-9a-f]{64}", b) for b in _bsns(tmp_path / "p"))
    key = Pseudonymiser.required(KEY.encode())
    assert _bsns(tmp_path / "p") == {key(b) for b in bsns}


def test_run_without_key_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IJW_PSEUDONYM_KEY", raising=False)
    db = tmp_path / "ijw.sqlite"
    result = CliRunner().invoke(
        app, ["export", "run", "--db", f"sqlite:///{db}", "--out", str(tmp_path / "out"), "--every", "60"]
    )
    assert result.exit_code == 2
    assert "IJW_PSEUDONYM_KEY" in result.output and "--bsn" in result.output
    assert not (tmp_path / "out").exists() and not db.exists()  # refused before touching anything


def test_every_runs_again_until_runs_and_touches_the_heartbeat(
    traffic_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", KEY)
    heartbeat = tmp_path / "state" / "export.ok"
    args = ["export", "run", "--db", traffic_db, "--out", str(tmp_path / "out"), "--year", "2025"]
    args += ["--every", "1", "--runs", "2", "--heartbeat", str(heartbeat)]
    started = time.monotonic()
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert len(SUMMARY.findall(result.output)) == 2, result.output
    assert time.monotonic() - started >= 1  # slept between the runs
    assert heartbeat.exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_every_stops_cleanly_on_a_signal(
    traffic_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signum: signal.Signals
) -> None:
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", KEY)
    heartbeat = tmp_path / "export.ok"
    args = ["export", "run", "--db", traffic_db, "--out", str(tmp_path / "out")]
    args += ["--every", "3600", "--heartbeat", str(heartbeat)]
    stray: list[int] = []

    def guard(signum: int, frame: FrameType | None) -> None:  # a signal after the command: not pytest's death
        stray.append(signum)

    def send() -> None:  # once the first run is done (the command's handlers are in place), stop it
        deadline = time.monotonic() + 120
        while not heartbeat.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(os.getpid(), signum)

    previous = signal.signal(signum, guard)
    sender = threading.Thread(target=send, daemon=True)
    try:
        sender.start()
        started = time.monotonic()
        result = CliRunner().invoke(app, args)
        sender.join(5)
    finally:
        signal.signal(signum, previous)
    assert result.exit_code == 0, result.output
    assert len(SUMMARY.findall(result.output)) == 1, result.output
    assert time.monotonic() - started < 120  # woke up from its hour of sleep
    assert heartbeat.exists() and not stray
    assert signal.getsignal(signum) is previous  # the command restored the handlers it replaced


def test_years_in_data_are_those_of_valid_starts_and_declared_prestaties(db: Builder) -> None:
    assert years_in_data(db.engine) == []
    db.start(1, D(2023, 3, 1))
    db.start(2, D(2021, 3, 1), status="invalid")  # invalid content does not count
    db.declaratie("DECL00000001", [("R1", 1, "45", "45A01", D(2024, 11, 1), 1000, "D")])
    db.declaratie("DECL00000002", [("R2", 1, "45", "45A01", D(2019, 1, 1), 1000, "D")], status="invalid")
    assert years_in_data(db.engine) == [2023, 2024]


def test_write_atomic_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bij-jh-2025-H1.csv"
    write_atomic(target, b"old\n")
    assert target.read_bytes() == b"old\n"

    def broken(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # the temporary file is gone


def test_write_exports_of_no_year_writes_nothing(db: Builder, tmp_path: Path) -> None:
    assert write_exports(db.engine, tmp_path / "out", [], bsn=identity, min_cell=5) == {}
    assert list((tmp_path / "out").iterdir()) == []


def _jeugdhulp_starts_in(engine: Engine, period: Period) -> set[tuple[str, str]]:
    """(aanbieder, bsn) of every stored valid JW305 start of a jeugdhulp product that begins in ``period``,
    read straight from the start rows (no linking): each such delivery is a trajectory of the period."""
    catalog = Exporter(engine).catalog
    query = (
        select(m.Start.aanbieder, m.Start.bsn, m.Start.categorie, m.Start.code, m.Start.gemeente)
        .join(m.Bericht, m.Bericht.id == m.Start.bericht_id)
        .where(m.Bericht.status == "valid", m.Start.begindatum.between(period.start, period.end))
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    domains = {c: cat.bij_domein for c, cat in catalog.categories.items()}
    return {(r.aanbieder, r.bsn) for r in rows if domains.get(r.categorie) == "jeugdhulp"}


def test_every_linked_jeugdhulp_trajectory_is_in_the_file_or_its_companion(traffic_db: str) -> None:
    """DESIGN.md: "Nothing disappears silently: every linked jeugdhulp trajectory is in the BIJ file or in its
    companion file with the reason; the export reports its coverage (exported / linked)"."""
    engine = make_engine(traffic_db)
    try:
        exporter = Exporter(engine)
        coverage = {(r[0], r[1], r[2], r[3]): r for r in exporter.coverage(2025).rows}
        for period in periods("jh", 2025):
            file = exporter.bij(period, "jh")
            listed = {(r[0], r[1]) for r in file.rows} | {(r[0], r[1]) for r in file.companion}
            starts = _jeugdhulp_starts_in(engine, period)
            assert starts, period  # the generated traffic starts jeugdhulp in every half year
            assert starts - listed == set(), period
            in_period = [r for k, r in coverage.items() if k[:2] == ("jh", period.label)]
            assert sum(int(r[5]) for r in in_period) >= len(file.rows) > 0
            assert all(int(r[5]) <= int(r[4]) for r in in_period)
    finally:
        engine.dispose()

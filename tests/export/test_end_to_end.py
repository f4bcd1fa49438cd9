"""End to end: generated messages through the real ``ijw ingest``, then ``ijw export`` on the database."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from ijw.db import make_engine
from ijw.db import models as m
from ijw_app.cli.main import app
from ijw_tools.traffic import TrafficConfig, generate_traffic, no_defects, write_traffic

KEY = "end-to-end-pseudonym-key-0123456789"


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_ingest_then_export(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = TrafficConfig(gemeenten=2, aanbieders=3, clients=40, seed=11, defect_rates=no_defects())
    write_traffic(generate_traffic(config), tmp_path / "berichten")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "--create", "--db", db_url, "-q", str(tmp_path / "berichten")])
    assert result.exit_code == 0, result.output

    out = tmp_path / "out"
    for name in ("a", "b"):
        result = runner.invoke(
            app, ["export", "bij", "--db", db_url, "--period", "2025-H2", "--out", str(out / f"{name}.csv")]
        )
        assert result.exit_code == 0, result.output
    plain = (out / "a.csv").read_bytes()
    assert plain == (out / "b.csv").read_bytes()
    assert (out / "a.unexportable.csv").read_bytes() == (out / "b.unexportable.csv").read_bytes()
    records = _rows(out / "a.csv")
    assert records and list(records[0]) == [
        "aanbieder_agb", "bsn", "geboortedatum", "geslacht", "postcode", "verwijzer", "hulpvorm",
        "gestart_met_crisis", "datum_aanvang", "datum_einde", "reden_beeindiging",
    ]  # fmt: skip
    for r in records:
        assert r["datum_aanvang"] <= "20251231" and (r["datum_einde"] == "" or r["datum_einde"] >= "20250701")
        assert (r["datum_einde"] == "") == (r["reden_beeindiging"] == "")
        assert r["geslacht"] in {"M", "V", "O"} and r["gestart_met_crisis"] in {"01", "02"}

    # pseudonymised: no BSN of the plain file survives
    result = runner.invoke(
        app,
        [
            "export",
            "bij",
            "--db",
            db_url,
            "--period",
            "2025-H2",
            "--out",
            str(out / "p.csv"),
            "--pseudonymise",
        ],
    )
    assert result.exit_code == 2  # no key configured: refused, nothing guessed
    monkeypatch.setenv("IJW_PSEUDONYM_KEY", KEY)
    result = runner.invoke(
        app,
        [
            "export",
            "bij",
            "--db",
            db_url,
            "--period",
            "2025-H2",
            "--out",
            str(out / "p.csv"),
            "--pseudonymise",
        ],
    )
    assert result.exit_code == 0, result.output
    pseudo = (out / "p.csv").read_bytes() + (out / "p.unexportable.csv").read_bytes()
    for r in records:
        assert r["bsn"].encode() not in pseudo

    # Iv3: the total equals the accepted amounts computed straight from the tables
    result = runner.invoke(
        app, ["export", "iv3", "--db", db_url, "--year", "2025", "--out", str(out / "iv3.csv")]
    )
    assert result.exit_code == 0, result.output
    total = sum(Decimal(r["bedrag"]) for r in _rows(out / "iv3.csv"))
    total += sum(Decimal(r["bedrag"]) for r in _rows(out / "iv3.unmapped.csv"))
    assert total == _accepted_total(db_url, 2025)

    for command in ("reconciliation", "indicators"):
        result = runner.invoke(
            app, ["export", command, "--db", db_url, "--year", "2025", "--out", str(out / f"{command}.csv")]
        )
        assert result.exit_code == 0, result.output
        assert _rows(out / f"{command}.csv")


def _accepted_total(db_url: str, year: int) -> Decimal:
    """Debet minus credit of valid JW323 prestaties of ``year`` not returned by a JW325 on them."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            valid = {r.id for r in conn.execute(select(m.Bericht.id).where(m.Bericht.status == "valid"))}
            declaraties = {r.id: r for r in conn.execute(select(m.Declaratie))}
            antwoorden = {
                r.id: r for r in conn.execute(select(m.DeclaratieAntwoord)) if r.bericht_id in valid
            }
            rejected = {
                (
                    antwoorden[a.antwoord_id].aanbieder,
                    antwoorden[a.antwoord_id].declaratie_identificatie,
                    a.referentie_nummer,
                )
                for a in conn.execute(select(m.AfgewezenPrestatie))
                if a.antwoord_id in antwoorden
            }
            whole = {
                (a.aanbieder, a.declaratie_identificatie)
                for a in antwoorden.values()
                if a.declaratie_nummer is None
            }
            cents = 0
            for p in conn.execute(select(m.Prestatie)):
                d = declaraties[p.declaratie_id]
                if p.bericht_id not in valid or p.periode_begin.year != year:
                    continue
                if (d.aanbieder, d.declaratie_identificatie, p.referentie_nummer) in rejected:
                    continue
                if (d.aanbieder, d.declaratie_identificatie) in whole:
                    continue
                cents += -p.bedrag if p.debet_credit == "C" else p.bedrag
    finally:
        engine.dispose()
    return Decimal(cents) / 100

"""``ijw ingest`` on a folder, twice: the second run stores nothing new."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from sqlalchemy import text
from typer.testing import CliRunner

from ijw.db import make_engine
from ijw_app.cli.ingest import header_dagtekening, ordered_files
from ijw_app.cli.main import app

TABLES = ("berichten", "findings", "clients", "toewijzingen", "prestaties", "retourcodes", "parties")


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES}
    finally:
        engine.dispose()


def _folder(tmp_path: Path, reference: Path) -> Path:
    from ijw.schema.model import load_model
    from ijw_tools.corpus import generate_valid

    folder = tmp_path / "in"
    shutil.copytree(reference / "examples", folder / "examples")
    model = load_model()
    rng = random.Random(7)
    gen = folder / "generated"
    gen.mkdir()
    for name in ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323", "JW325", "JW302"):
        for i in range(3):
            (gen / f"{name}-{i}.xml").write_bytes(generate_valid(model, name, rng))
    (folder / "garbage.xml").write_bytes(b"<not closed")
    (folder / "notes.txt").write_text("not a message")
    return folder


def test_ingest_folder_twice(db_url: str, tmp_path: Path, reference: Path) -> None:
    folder = _folder(tmp_path, reference)
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", "--create", "--db", db_url, str(folder)])
    assert first.exit_code == 0, first.output
    assert "JW301" in first.output and "total" in first.output
    after_first = _counts(db_url)
    xml_files = len(list(folder.rglob("*.xml")))
    assert after_first["berichten"] == xml_files
    second = runner.invoke(app, ["ingest", "--db", db_url, "--batch-size", "5", str(folder)])
    assert second.exit_code == 0, second.output
    assert _counts(db_url) == after_first
    total = next(line for line in second.output.splitlines() if "total" in line)
    numbers = [int(n) for n in total.replace("│", " ").split() if n.isdigit()]
    assert numbers[:3] == [0, xml_files, 0]  # stored, duplicate, rejected


def test_ingest_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ingest", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}", str(tmp_path / "nope")]
    )
    assert result.exit_code == 2


def test_files_ordered_by_dagtekening(tmp_path: Path, reference: Path) -> None:
    for name in ("JW301", "JW302", "JW323"):
        shutil.copy(reference / "examples" / f"{name}.xml", tmp_path / f"{name}.xml")
    (tmp_path / "a-garbage.xml").write_bytes(b"garbage")
    order = [p.name for p in ordered_files([tmp_path])]
    dates = [header_dagtekening(tmp_path / n) for n in order]
    known = [d for d in dates if d is not None]
    assert known == sorted(known)
    assert order[-1] == "a-garbage.xml"

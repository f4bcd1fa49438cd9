"""``ijw validate``: the JSON contract, exit codes, agreement with the official XSDs, folders."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from ijw_app.cli.main import app

runner = CliRunner()


def _official_verdict(reference: Path, path: Path) -> bool:
    doc = etree.parse(str(path))
    name = etree.QName(doc.getroot()).namespace.split("/")[-2]
    return etree.XMLSchema(etree.parse(str(reference / "xsd" / f"{name}.xsd"))).validate(doc)


def test_examples_get_the_official_xsd_verdict(reference: Path) -> None:
    examples = sorted((reference / "examples").glob("*.xml"))
    assert len(examples) == 14
    result = runner.invoke(app, ["validate", "--json", *map(str, examples)])
    assert result.exit_code == 1  # two examples are invalid as published
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(o["path"]).name for o in objects] == [p.name for p in examples]
    for obj, path in zip(objects, examples, strict=True):
        assert set(obj) == {"path", "message", "xsd_valid", "findings"}
        assert obj["message"] == path.stem
        assert obj["xsd_valid"] == _official_verdict(reference, path), path.name
        for finding in obj["findings"]:
            assert {"rule", "retourcode", "location", "message"} <= set(finding)
    invalid = {Path(o["path"]).name for o in objects if not o["xsd_valid"]}
    assert invalid == {"JW315.xml", "JW318.xml"}


def test_xsd_failure_names_the_element_and_skips_rules(reference: Path) -> None:
    result = runner.invoke(app, ["validate", "--json", str(reference / "examples" / "JW315.xml")])
    obj = json.loads(result.stdout)
    xsd = [f for f in obj["findings"] if f["rule"] == "XSD"]
    assert xsd and all(f["location"].endswith("/ToewijzingEinddatum") for f in xsd)
    assert "2027-06-31" in xsd[0]["message"]
    assert [f["rule"] for f in obj["findings"] if f["rule"] != "XSD"] == ["RULES-SKIPPED"]


def test_exit_code_zero_when_all_valid(tmp_path: Path, reference: Path) -> None:
    shutil.copy(reference / "examples" / "JW301.xml", tmp_path / "a.xml")
    result = runner.invoke(app, ["validate", str(tmp_path / "a.xml")])
    assert result.exit_code == 0, result.stdout
    assert "JW301: valid" in result.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate"]).exit_code == 2
    assert runner.invoke(app, ["validate", "--no-such-flag", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["validate", str(tmp_path / "absent")]).exit_code == 2


def test_folder_of_ten_thousand_messages(tmp_path: Path, reference: Path) -> None:
    sources = [reference / "examples" / f"{name}.xml" for name in ("JW301", "JW305", "JW307", "JW319")]
    texts = [p.read_text(encoding="utf-8") for p in sources]
    broken = 0
    for i in range(10_000):
        text = texts[i % len(texts)]
        text = re.sub(r"<ijw:Identificatie>[^<]*<", f"<ijw:Identificatie>B{i:08d}<", text, count=1)
        if i % 1000 == 999:  # one in a thousand is cut off
            text = text[: len(text) // 2]
            broken += 1
        sub = tmp_path / f"batch{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"m{i:05d}.xml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--quiet", str(tmp_path)])
    assert result.exit_code == 1
    summary = re.search(r"(\d+) messages: (\d+) valid, (\d+) invalid", result.stdout)
    assert summary is not None, result.stdout
    assert int(summary.group(1)) == 10_000
    assert int(summary.group(3)) >= broken
    assert "PARSE-TRUNCATED" in result.stdout


@pytest.mark.parametrize("flag", ["--json", "--quiet"])
def test_non_xml_files_in_folders_are_ignored(tmp_path: Path, reference: Path, flag: str) -> None:
    shutil.copy(reference / "examples" / "JW301.xml", tmp_path / "a.xml")
    (tmp_path / "notes.txt").write_text("not a message")
    result = runner.invoke(app, ["validate", flag, str(tmp_path)])
    assert result.exit_code == 0


HEAVY = ("sqlalchemy", "alembic", "psycopg", "fastapi", "starlette", "uvicorn", "kafka", "great_expectations")


@pytest.mark.parametrize("flag", ["--json", "--quiet"])
def test_validate_does_not_load_database_web_or_kafka(reference: Path, flag: str) -> None:
    """Start-up is part of every call (issue 18, item 3): validation needs lxml and the rules, nothing of
    the database, the web service or Kafka. Checked with ``python -X importtime`` in a fresh process."""
    proc = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "ijw_app",
            "validate",
            flag,
            str(reference / "examples" / "JW301.xml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "ijw.validation" in imported and "lxml.etree" in imported
    loaded = sorted(name for name in imported if name.split(".")[0] in HEAVY)
    assert not loaded, f"ijw validate imports {loaded}"


def _mixed_folder(folder: Path, reference: Path) -> list[Path]:
    examples = sorted((reference / "examples").glob("*.xml"))
    for i in range(60):
        source = examples[i % len(examples)].read_bytes()
        data = source if i % 7 else source[: len(source) // 2]  # some cut off
        sub = folder / f"part{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"m{i:03d}.xml").write_bytes(data)
    return sorted(folder.rglob("*.xml"))


@pytest.mark.parametrize("flag", ["--json", "--quiet"])
def test_jobs_gives_the_same_output_in_the_same_order(tmp_path: Path, reference: Path, flag: str) -> None:
    files = _mixed_folder(tmp_path, reference)
    single = runner.invoke(app, ["validate", flag, str(tmp_path)])
    parallel = runner.invoke(app, ["validate", flag, "--jobs", "3", str(tmp_path)])
    assert single.exit_code == parallel.exit_code == 1
    assert parallel.stdout == single.stdout
    if flag == "--json":
        assert [json.loads(line)["path"] for line in parallel.stdout.splitlines()] == list(map(str, files))
    else:
        assert f"{len(files)} messages:" in parallel.stdout


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", "--jobs", "0", str(tmp_path)]).exit_code == 2


def test_whole_process_bench_baseline_does_the_same_xsd_work(tmp_path: Path) -> None:
    """The plain lxml script of ``ijw bench validate --whole-process`` validates the same files against the
    same XSDs: it counts as many XSD-valid messages as ``ijw validate --json`` reports (no timing here)."""
    from ijw.paths import data_dir
    from ijw_tools.bench.process import BARE_SCRIPT, write_mix

    folder = tmp_path / "mix"
    files, _ = write_mix(folder, 120, seed=7)
    script = tmp_path / "bare.py"
    script.write_text(BARE_SCRIPT, encoding="utf-8")
    bare = subprocess.run(
        [sys.executable, str(script), str(folder), str(data_dir("xsd"))],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = runner.invoke(app, ["validate", "--json", str(folder)])
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == files == 120
    assert int(bare.stdout) == sum(o["xsd_valid"] for o in objects)
    assert any(not o["xsd_valid"] for o in objects), "the mix holds XSD-invalid messages"

"""``ijw validate``: the JSON contract, exit codes, agreement with the official XSDs, folders."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from ijw.cli.main import app

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

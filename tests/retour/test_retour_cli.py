"""``ijw retour PATH``: prints the retour message; level 1 goes to stderr with exit code 1."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from lxml import etree
from retour_support import child, codes_of, example_bytes, local_name, official_schema
from typer.testing import CliRunner

from ijw.retour import DeclaratieBeoordeling, build_retour
from ijw.validation import Validator
from ijw_app.cli.main import app

runner = CliRunner()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _official(reference: Path, stdout: str, message: str) -> etree._Element:
    doc = etree.fromstring(stdout.encode("utf-8"))
    schema = official_schema(reference / "xsd", message)
    assert schema.validate(doc), schema.error_log
    return doc


def test_prints_the_retour_of_a_valid_message(reference: Path) -> None:
    result = runner.invoke(app, ["retour", str(reference / "examples" / "JW305.xml")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<jw306:Bericht')
    doc = _official(reference, result.stdout, "JW306")
    assert [local_name(c) for c in doc] == ["Header"] and codes_of(doc[0]) is None


def test_level1_prints_the_transport_error_on_stderr(reference: Path) -> None:
    result = runner.invoke(app, ["retour", str(reference / "examples" / "JW315.xml")])  # invalid as published
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "control level 1" in result.stderr and "ToewijzingEinddatum" in result.stderr


def test_level2_header_with_0001(reference: Path) -> None:
    """The official JW317 breaks CS003 (Einddatum before GewensteIngangsdatum)."""
    path = reference / "examples" / "JW317.xml"
    result = runner.invoke(app, ["retour", str(path), "--xslt-versie", "1.1.1"])
    assert result.exit_code == 0, result.stderr
    expected = build_retour(Validator().validate_file(path), xslt_versie="1.1.1").to_bytes()
    assert result.stdout.encode("utf-8") == expected
    doc = _official(reference, result.stdout, "JW318")
    if Validator().validate_file(path).findings:
        assert codes_of(doc[0]) == ["0001"]


def test_level34_findings_from_a_file(reference: Path, tmp_path: Path) -> None:
    findings = [
        {"rule": "TR063", "retourcode": "9063", "location": "/Bericht/Client/StartProducten/StartProduct[2]"},
        {"rule": "PC", "retourcode": None, "location": None, "message": "info", "severity": "info"},
    ]
    file = _write(tmp_path, "findings.json", json.dumps(findings).encode())
    path = reference / "examples" / "JW305.xml"
    args = [
        "retour",
        str(path),
        "--findings",
        str(file),
        "--dagtekening",
        "2026-04-20",
        "--identificatie",
        "R1",
    ]
    out = tmp_path / "retour.xml"
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    doc = _official(reference, out.read_text(encoding="utf-8"), "JW306")
    assert child(doc[0], "IdentificatieRetour").text == "R1"
    assert child(doc[0], "DagtekeningRetour").text == "2026-04-20"
    assert [codes_of(p) for p in doc.iter("{*}StartProduct")] == [["0200"], ["9063"]]
    lines = "\n".join(json.dumps(f) for f in findings)
    again = runner.invoke(app, [*args, "--findings", str(_write(tmp_path, "f.jsonl", lines.encode()))])
    assert again.stdout == out.read_text(encoding="utf-8")


def test_declaratie_with_rejections(reference: Path, tmp_path: Path) -> None:
    root = etree.fromstring(example_bytes(reference, "JW323"))
    prestaties = list(root.iter("{*}Prestatie"))
    prestaties[-1].find("{*}ProductReferentie/{*}ReferentieNummer").text = "RN005"
    path = _write(tmp_path, "jw323.xml", etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    result = runner.invoke(
        app, ["retour", str(path), "--afwijzen", "RN001=0611", "--afwijzen", "RN003=9307,9308"]
    )
    assert result.exit_code == 0, result.stderr
    verdict = Validator().validate_file(path)
    beoordeling = DeclaratieBeoordeling().afwijzen("RN001", "0611").afwijzen("RN003", "9307", "9308")
    assert result.stdout.encode("utf-8") == build_retour(verdict, decisions=beoordeling).to_bytes()
    doc = _official(reference, result.stdout, "JW325")
    if not any(f.is_error for f in verdict.findings):
        assert [codes_of(p) for p in doc.iter("{*}Prestatie")] == [["0611"], ["9307", "9308"]]


def test_same_result_as_the_builder_api(reference: Path) -> None:
    path = reference / "examples" / "JW301.xml"
    result = runner.invoke(app, ["retour", str(path), "--dagtekening", "2026-04-02"])
    assert result.exit_code == 0
    expected = build_retour(Validator().validate_file(path), dagtekening=dt.date(2026, 4, 2)).to_bytes()
    assert result.stdout.encode("utf-8") == expected


def test_usage_errors(reference: Path, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["retour", str(tmp_path / "nope.xml")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    retour = runner.invoke(app, ["retour", str(reference / "examples" / "JW302.xml")])
    assert retour.exit_code == 2 and "not answered" in retour.stderr
    bad_date = runner.invoke(app, ["retour", str(reference / "examples" / "JW305.xml"), "--dagtekening", "x"])
    assert bad_date.exit_code == 2
    bad_finding = _write(
        tmp_path, "f.json", b'[{"rule": "TR063", "retourcode": "9063", "location": "/Bericht/X"}]'
    )
    located = runner.invoke(
        app, ["retour", str(reference / "examples" / "JW305.xml"), "--findings", str(bad_finding)]
    )
    assert located.exit_code == 2 and "does not exist" in located.stderr
    bad_afwijzen = runner.invoke(
        app, ["retour", str(reference / "examples" / "JW323.xml"), "--afwijzen", "RN001"]
    )
    assert bad_afwijzen.exit_code == 2

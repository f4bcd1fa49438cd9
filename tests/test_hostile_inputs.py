"""Hostile and broken inputs each get a specific rejection; nothing crashes or hangs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ijw.safeparse import MessageRejected, identify, parse_message
from ijw.validation import Validator
from ijw_app.cli.main import app

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(
        b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10)
        for i in range(9)
    )
    + b"]><l>&j;</l>"
)

HOSTILE: dict[str, tuple[bytes, str]] = {
    "xxe-file": (
        b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY e SYSTEM "file:///etc/passwd">]><b>&e;</b>',
        "PARSE-DOCTYPE",
    ),
    "xxe-url": (
        b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY e SYSTEM "http://127.0.0.1:9/x">]><b>&e;</b>',
        "PARSE-DOCTYPE",
    ),
    "xxe-parameter": (
        b'<?xml version="1.0"?><!DOCTYPE b [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]><b/>',
        "PARSE-DOCTYPE",
    ),
    "billion-laughs": (LAUGHS, "PARSE-DOCTYPE"),
    "invalid-utf8": (b'<?xml version="1.0" encoding="UTF-8"?><a>\xff\xfe</a>', "PARSE-ENCODING"),
    "latin1-bytes": (b"<a>caf\xe9</a>", "PARSE-ENCODING"),
    "truncated": (b'<?xml version="1.0"?><a><b>text</b', "PARSE-TRUNCATED"),
    "truncated-open": (b"<a><b>", "PARSE-TRUNCATED"),
    "mismatched-tags": (b"<a><b></c></a>", "PARSE-SYNTAX"),
    "not-xml": (b"hello world", "PARSE-SYNTAX"),
    "empty": (b"", "PARSE-EMPTY"),
    "whitespace-only": (b" \n\t", "PARSE-EMPTY"),
    "non-ijw-xml": (b"<html><body/></html>", "NOT-IJW"),
    "iwmo-namespace": (
        b'<x:Bericht xmlns:x="http://www.istandaarden.nl/iwmo/3_2/wmo301/schema"/>',
        "NOT-IJW",
    ),
    "ijw-3.1-namespace": (
        b'<x:Bericht xmlns:x="http://www.istandaarden.nl/ijw/3_1/jw301/schema"/>',
        "NOT-IJW",
    ),
    "wrong-root-name": (b'<x:Foo xmlns:x="http://www.istandaarden.nl/ijw/3_2/jw301/schema"/>', "NOT-IJW"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_rejected_with_specific_code(name: str) -> None:
    data, code = HOSTILE[name]
    started = time.perf_counter()
    with pytest.raises(MessageRejected) as info:
        identify(parse_message(data))
    assert info.value.code == code
    assert info.value.reason
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_validator_reports_rejection_as_finding(name: str) -> None:
    data, code = HOSTILE[name]
    result = Validator().validate_bytes(data, name)
    assert result.message is None and not result.xsd_valid and not result.valid
    assert [f.rule for f in result.findings] == [code]


def test_xxe_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    data = f'<!DOCTYPE b [<!ENTITY e SYSTEM "file://{secret}">]><b>&e;</b>'.encode()
    result = Validator().validate_bytes(data)
    assert "TOPSECRET" not in json.dumps(result.as_json())


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.xml"
    with open(big, "wb") as fh:  # a sparse 200 MB file: costs no disk, and is never read
        fh.truncate(200 * 1024 * 1024)
    started = time.perf_counter()
    result = Validator().validate_file(big)
    assert [f.rule for f in result.findings] == ["PARSE-SIZE"]
    assert "209715200 bytes" in result.findings[0].message
    assert time.perf_counter() - started < 1.0


def test_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IJW_MAX_MESSAGE_BYTES", "100")
    with pytest.raises(MessageRejected) as info:
        parse_message(b"<a>" + b"x" * 200 + b"</a>")
    assert info.value.code == "PARSE-SIZE"


def test_command_survives_a_folder_of_hostile_files(tmp_path: Path) -> None:
    for name, (data, _) in HOSTILE.items():
        (tmp_path / f"{name}.xml").write_bytes(data)
    with open(tmp_path / "huge.xml", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    proc = subprocess.run(
        [sys.executable, "-m", "ijw_app", "validate", "--json", str(tmp_path)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(lines) == len(HOSTILE) + 1
    codes = {Path(o["path"]).stem: o["findings"][0]["rule"] for o in lines}
    assert codes["huge"] == "PARSE-SIZE"
    for name, (_, code) in HOSTILE.items():
        assert codes[name] == code


def test_unreadable_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(tmp_path / "missing.xml")])
    assert result.exit_code == 2

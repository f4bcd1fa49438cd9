"""Every command that reads message files reads only regular files, bounded by the size limit, and never
hangs (issue 11, item 4: ``ijw validate --json /dev/zero`` grew to 4.5 GB, a FIFO without a writer hung).

Each command runs as a fresh process with a timeout, so a hang or an unbounded read fails the test instead
of stalling the run. Expected codes: ``READ-NOT-FILE`` (device, FIFO), ``READ-ERROR`` (a symbolic link loop:
the operating system's ELOOP), ``PARSE-SIZE`` (over ``IJW_MAX_MESSAGE_BYTES``), see ``ijw/files.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TIMEOUT = 60
LIMIT = 65536  # IJW_MAX_MESSAGE_BYTES in these tests; every official example is smaller
DEV_ZERO = Path("/dev/zero")

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not DEV_ZERO.exists(), reason="needs POSIX")


def _ijw(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IJW_MAX_MESSAGE_BYTES": str(LIMIT)}
    return subprocess.run(
        [sys.executable, "-m", "ijw_app", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        env=env,
    )


@pytest.fixture
def hostile_folder(tmp_path: Path, reference: Path) -> Path:
    """One valid message next to a FIFO without writer, a link to /dev/zero, a folder link loop, a link
    that points at itself and an oversize file."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(reference / "examples" / "JW301.xml", folder / "a.xml")
    os.mkfifo(folder / "fifo.xml")
    (folder / "zero.xml").symlink_to(DEV_ZERO)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "ring.xml").symlink_to(folder / "ring.xml")
    (folder / "big.xml").write_bytes(b"<a>" + b"x" * LIMIT + b"</a>")
    return folder


EXPECTED = {
    "a.xml": None,
    "big.xml": "PARSE-SIZE",
    "fifo.xml": "READ-NOT-FILE",
    "ring.xml": "READ-ERROR",
    "zero.xml": "READ-NOT-FILE",
}


def _first_rules(stdout: str) -> dict[str, str | None]:
    objects = [json.loads(line) for line in stdout.splitlines()]
    return {Path(o["path"]).name: (o["findings"][0]["rule"] if not o["xsd_valid"] else None) for o in objects}


def test_validate_dev_zero() -> None:
    proc = _ijw("validate", "--json", str(DEV_ZERO))
    assert proc.returncode == 1, proc.stderr
    (obj,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert obj["path"] == str(DEV_ZERO) and obj["message"] is None and not obj["xsd_valid"]
    (finding,) = obj["findings"]
    assert finding["rule"] == "READ-NOT-FILE"
    assert "character device" in finding["message"]


def test_validate_fifo_without_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    proc = _ijw("validate", "--json", str(fifo))
    assert proc.returncode == 1, proc.stderr
    assert _first_rules(proc.stdout) == {"pipe.xml": "READ-NOT-FILE"}
    assert "FIFO" in proc.stdout


def test_validate_folder_of_hostile_entries(hostile_folder: Path) -> None:
    """Every entry reported once, in order; the folder link loop is not followed, nothing is skipped."""
    proc = _ijw("validate", "--json", str(hostile_folder))
    assert proc.returncode == 1, proc.stderr
    paths = [json.loads(line)["path"] for line in proc.stdout.splitlines()]
    assert paths == sorted(paths)
    assert _first_rules(proc.stdout) == EXPECTED
    assert len(paths) == len(EXPECTED)


def test_validate_symlink_cycle_named_directly(tmp_path: Path) -> None:
    """Two links that point at each other (a folder link loop): a per-file READ-ERROR, not "no such file"."""
    (tmp_path / "a").symlink_to(tmp_path / "b", target_is_directory=True)
    (tmp_path / "b").symlink_to(tmp_path / "a", target_is_directory=True)
    proc = _ijw("validate", "--json", str(tmp_path / "a"))
    assert proc.returncode == 1, proc.stderr
    (obj,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert obj["findings"][0]["rule"] == "READ-ERROR"
    assert "symbolic links" in obj["findings"][0]["message"]


def test_validate_oversize_file(hostile_folder: Path) -> None:
    proc = _ijw("validate", "--json", str(hostile_folder / "big.xml"))
    assert proc.returncode == 1
    (obj,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert obj["findings"][0]["rule"] == "PARSE-SIZE"
    assert f"limit of {LIMIT} bytes" in obj["findings"][0]["message"]


@pytest.mark.parametrize("name", ["fifo.xml", "zero.xml", "ring.xml", "big.xml"])
def test_retour_refuses_what_it_cannot_read(hostile_folder: Path, name: str) -> None:
    proc = _ijw("retour", str(hostile_folder / name))
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert f"{EXPECTED[name]}:" in proc.stderr


def test_retour_dev_zero() -> None:
    proc = _ijw("retour", str(DEV_ZERO))
    assert proc.returncode == 1
    assert "READ-NOT-FILE" in proc.stderr


def test_ingest_folder_of_hostile_entries(hostile_folder: Path, tmp_path: Path) -> None:
    """The unreadable entries are reported as not processed (exit 1); the valid message and the oversize
    file (as rejected input, PARSE-SIZE, only its first limit + 1 bytes read) are stored."""
    db = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    proc = _ijw("ingest", "--create", "--quiet", "--db", db, str(hostile_folder))
    assert proc.returncode == 1, proc.stderr
    refused = {
        Path(line.split(": ")[1]).name: line.split(": ")[2]
        for line in proc.stderr.splitlines()
        if line.startswith("not processed: ")
    }
    assert refused == {"fifo.xml": "READ-NOT-FILE", "zero.xml": "READ-NOT-FILE", "ring.xml": "READ-ERROR"}
    from sqlalchemy import create_engine, text

    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            stored = conn.execute(text("select count(*) from berichten")).scalar_one()
    finally:
        engine.dispose()
    assert stored == 2


def test_folder_walk_order_is_sorted_path_order(tmp_path: Path) -> None:
    """Files in ``sorted(rglob)`` order (a subfolder's files where its name sorts), ``*.xml`` only, any case;
    a folder named like a message is walked, not read."""
    for name in [
        "b.xml",
        "a/z.xml",
        "a/b/c.XML",
        "a.xml",
        "c/notes.txt",
        "d.xml/e.xml",
        "aa.xml",
        "a-b/x.xml",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"<a/>")
    from ijw.files import iter_message_files

    expected = [p for p in sorted(tmp_path.rglob("*")) if p.suffix.lower() == ".xml" and p.is_file()]
    assert list(iter_message_files([tmp_path])) == expected
    assert len(expected) == 7

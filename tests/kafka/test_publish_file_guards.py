"""``ijw publish`` reads message files through the shared guarded reader (issue 11, item 4): a FIFO without a
writer, a link to /dev/zero, a link loop and an oversize file are each refused with a per-file error on
stderr (exit 1) and never published; nothing hangs. Codes as in ``ijw/files.py``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from kafka_helpers import read_topic

from ijw.broker import EmbeddedBroker

LIMIT = 65536


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_publish_refuses_what_it_cannot_read(broker: EmbeddedBroker, tmp_path: Path, reference: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(reference / "examples" / "JW301.xml", folder / "a.xml")
    os.mkfifo(folder / "fifo.xml")
    (folder / "zero.xml").symlink_to("/dev/zero")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "ring.xml").symlink_to(folder / "ring.xml")
    (folder / "big.xml").write_bytes(b"<a>" + b"x" * LIMIT + b"</a>")
    proc = subprocess.run(
        [sys.executable, "-m", "ijw_app", "publish", "--bootstrap", broker.bootstrap_servers, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "IJW_MAX_MESSAGE_BYTES": str(LIMIT)},
    )
    assert proc.returncode == 1, proc.stderr
    refused = {
        Path(line.split(": ")[1]).name: line.split(": ")[2]
        for line in proc.stderr.splitlines()
        if line.startswith("not published: ")
    }
    assert refused == {
        "big.xml": "PARSE-SIZE",
        "fifo.xml": "READ-NOT-FILE",
        "ring.xml": "READ-ERROR",
        "zero.xml": "READ-NOT-FILE",
    }
    assert "published 1 messages" in proc.stdout
    records = read_topic(broker.bootstrap_servers, "ijw.berichten")
    assert [r.value for r in records] == [(folder / "a.xml").read_bytes()]

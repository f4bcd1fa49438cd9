"""Whole-process benchmark of ``ijw validate`` as a user runs it, next to a plain lxml script.

A folder of generated traffic (every message type, one in fifty a large JW323, and with raised defect
rates: XSD-invalid, unreadable and rule-broken messages among the valid ones) is written once. Then, as
fresh processes with their output to ``/dev/null``:

- the baseline, :data:`BARE_SCRIPT`: a plain Python script that walks the folder in sorted order, parses
  every file with lxml and validates it against the XSD of its message type (compiled on first use, from
  the same XSD folder ijw uses);
- ``ijw validate --json DIR``: start-up, safe reading, parse, XSD, in-message rules, product codes, and the
  JSON lines;
- ``ijw validate --json --jobs N DIR``.

The sides run alternately in each round (the side that goes first alternating too) and the best time of each
side counts, so a busy spell on a shared machine hits one round, not one side. The figure of record is
bare / whole wall-clock time (bar, issue 18: at least 0.5); bare / whole CPU time (user + system, from
``wait4``) is printed next to it as a cross-check that a busy machine disturbs less.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ijw.paths import data_dir
from ijw_tools.bench.validate import message_mix

#: defect rates of the mix (traffic generator kind ids): several hundred XSD-invalid, rule-broken (CS002,
#: CS003) and unreadable messages among about 9,000
DEFECT_RATES = {"xsd-ongeldig": 0.1, "bsn-elfproef": 0.1, "datumvolgorde": 0.1, "onleesbaar": 0.01}
FILES_PER_FOLDER = 1000

BARE_SCRIPT = """\
import re
import sys
from pathlib import Path

from lxml import etree

folder, xsd_dir = Path(sys.argv[1]), Path(sys.argv[2])
parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
namespace = re.compile(r"^http://www\\.istandaarden\\.nl/ijw/3_2/(jw\\d{3})/schema$")
schemas = {}
valid = 0
for path in sorted(folder.rglob("*.xml")):
    try:
        root = etree.fromstring(path.read_bytes(), parser)
    except etree.XMLSyntaxError:
        continue
    match = namespace.match(etree.QName(root).namespace or "")
    if match is None:
        continue
    name = match.group(1)
    schema = schemas.get(name)
    if schema is None:
        schema = schemas[name] = etree.XMLSchema(etree.parse(str(xsd_dir / f"{name}.xsd")))
    valid += schema.validate(root)
print(valid)
"""


@dataclass(frozen=True)
class ProcessBench:
    messages: int
    total_bytes: int
    bare_s: float
    whole_s: float
    jobs: int
    jobs_s: float | None
    startup_s: float
    python_lxml_startup_s: float
    bare_cpu_s: float
    whole_cpu_s: float

    @property
    def ratio(self) -> float:
        """bare / whole wall-clock: 1.0 would be as fast as the plain lxml script."""
        return self.bare_s / self.whole_s

    @property
    def cpu_ratio(self) -> float:
        """bare / whole CPU time: the cross-check that a busy machine disturbs less."""
        return self.bare_cpu_s / self.whole_cpu_s


def write_mix(folder: Path, count: int, seed: int) -> tuple[int, int]:
    """Write the mix as ``folder/partNN/mNNNNN.xml``; returns (files, bytes)."""
    total = 0
    mix = message_mix(count, seed, DEFECT_RATES)
    for i, data in enumerate(mix):
        sub = folder / f"part{i // FILES_PER_FOLDER:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"m{i:05d}.xml").write_bytes(data)
        total += len(data)
    return len(mix), total


def ijw_command() -> list[str]:
    """The ``ijw`` console script next to this interpreter (as a user runs it), else ``python -m ijw_app``."""
    script = Path(sys.executable).with_name("ijw")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ijw_app"]


def _timed(cmd: Sequence[str]) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system, with the worker processes it waited for)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} exited {code}: {err.read().decode()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def _best(commands: dict[str, list[str]], rounds: int) -> dict[str, tuple[float, float]]:
    """Per command the best wall-clock and the best CPU time over ``rounds`` alternating runs."""
    best = dict.fromkeys(commands, (float("inf"), float("inf")))
    names = list(commands)
    for round_ in range(rounds):
        order = names if round_ % 2 == 0 else names[::-1]
        for name in order:
            wall, cpu = _timed(commands[name])
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def run(count: int = 9000, rounds: int = 5, seed: int = 20261123, jobs: int = 2) -> ProcessBench:
    workdir = Path(tempfile.mkdtemp(prefix="ijw-bench-"))
    try:
        folder = workdir / "messages"
        files, total = write_mix(folder, count, seed)
        script = workdir / "bare_lxml.py"
        script.write_text(BARE_SCRIPT, encoding="utf-8")
        ijw = ijw_command()
        one = str(next(folder.rglob("*.xml")))
        commands = {
            "bare": [sys.executable, str(script), str(folder), str(data_dir("xsd"))],
            "whole": [*ijw, "validate", "--json", str(folder)],
            "startup": [*ijw, "validate", "--json", one],
            "lxml-startup": [sys.executable, "-c", "import lxml.etree"],
        }
        if jobs > 1:
            commands["jobs"] = [*ijw, "validate", "--json", "--jobs", str(jobs), str(folder)]
        best = _best(commands, rounds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return ProcessBench(
        messages=files,
        total_bytes=total,
        bare_s=best["bare"][0],
        whole_s=best["whole"][0],
        jobs=jobs,
        jobs_s=best["jobs"][0] if "jobs" in best else None,
        startup_s=best["startup"][0],
        python_lxml_startup_s=best["lxml-startup"][0],
        bare_cpu_s=best["bare"][1],
        whole_cpu_s=best["whole"][1],
    )


def default_jobs() -> int:
    return max(2, os.cpu_count() or 1)

"""Session fixtures of the differential conformance test: the corpus and both verdicts on every message,
computed once per test session; the figures are printed in pytest's terminal summary."""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from conformance_corpus import SUMMARY, Comparison, Official, Project, build_samples


def conformance_seed() -> int:
    """``IJW_CONFORMANCE_SEED``, else today's date (YYYYMMDD): a new corpus every day, reproducible."""
    value = os.environ.get("IJW_CONFORMANCE_SEED")
    return int(value) if value else int(date.today().strftime("%Y%m%d"))


@pytest.fixture(scope="session")
def comparison(reference: Path) -> Comparison:
    seed = conformance_seed()
    started = time.perf_counter()
    samples = build_samples(seed, reference)
    official, project = Official(reference), Project()
    official_verdicts = [official.verdict(s) for s in samples]
    project_verdicts = [project.verdict(s) for s in samples]
    return Comparison(seed, samples, official_verdicts, project_verdicts, time.perf_counter() - started)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SUMMARY:
        terminalreporter.section("conformance with the official XSDs and validation XSLT")
        for line in SUMMARY:
            terminalreporter.write_line(line)

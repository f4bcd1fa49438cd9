"""The quality run and every export do work in proportion to the clients, never to their square (issue 17,
item 4).

On 2026-12-03 the exports over 100,000 clients took 877 s instead of 26.5 s: the BIJ companion's overdracht
flags compared every record with every other record, so that work grew with the square of the clients (10×
the clients, 100× the time). Timing would not catch that reliably on a shared machine, so this test counts
instead: it traces which lines of the project's own code (``ijw/`` and ``services/``) run, and how often,
while the quality service links a year of generated traffic and while every export of the year runs, once
for ``N`` and once for ``2N`` clients at the same gemeente and aanbieder. Doubling the clients must at most
about double how often any line runs; a loop over pairs of clients, records or messages runs its body
about four times as often and fails the test, which names the line.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from sqlalchemy import event
from stored_traffic import ingest

from ijw.db import make_engine, migrate
from ijw_tools.traffic import TrafficConfig, generate_traffic
from services.export.periods import Period
from services.export.service import Exporter
from services.quality.run import run_quality

ROOT = Path(__file__).resolve().parents[2]
#: the project's own code: the lines counted
OWN_CODE = (str(ROOT / "ijw") + "/", str(ROOT / "services") + "/")
CLIENTS = 60
#: one gemeente and one aanbieder: every client in the same linker partition and the same export cells
SHAPE: dict[str, Any] = {"gemeenten": 1, "aanbieders": 1, "seed": 17}
#: how much more often a line may run for twice the clients: twice, plus room for the generated traffic not
#: being exactly twice as much (defects are drawn at random rates) and for lines that run a few times only
FACTOR, SLACK = 2.6, 200

LineCounts = Counter[tuple[str, int]]


def _counted(work: Callable[[], object]) -> LineCounts:
    """How often each line of the project's own code runs during ``work()`` (``sys.settrace``; a tracer
    already installed, such as coverage's, is put back afterwards)."""
    counts: LineCounts = Counter()

    def line(frame: FrameType, event: str, _arg: object) -> Any:
        if event == "line":
            counts[(frame.f_code.co_filename, frame.f_lineno)] += 1
        return line

    def call(frame: FrameType, _event: str, _arg: object) -> Any:
        return line if frame.f_code.co_filename.startswith(OWN_CODE) else None

    before = sys.gettrace()
    sys.settrace(call)
    try:
        work()
    finally:
        sys.settrace(before)
    return counts


def _phases(db_url: str, clients: int) -> dict[str, LineCounts]:
    """The line counts of the quality run and of each export on a year of traffic for ``clients``."""
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        ingest(engine, [msg.data for msg in generate_traffic(TrafficConfig(clients=clients, **SHAPE))])
        exporter = Exporter(engine)
        jobs: dict[str, Callable[[], object]] = {
            "quality run": lambda: run_quality(engine),
            "read model": lambda: exporter.traffic,
            "coverage (every BIJ file of the year)": lambda: exporter.coverage(2025),
            "bij jh 2025-H2": lambda: exporter.bij(Period.parse("2025-H2"), "jh"),
            "bij jb 2025-H2": lambda: exporter.bij(Period.parse("2025-H2"), "jb"),
            "bij jbm 2025-H2": lambda: exporter.bij(Period.parse("2025-H2"), "jbm"),
            "bij jr 2025-Q4": lambda: exporter.bij(Period.parse("2025-Q4"), "jr"),
            "iv3": lambda: exporter.iv3(2025, True),
            "reconciliation": lambda: exporter.reconciliation(2025, 5),
            "indicators": lambda: exporter.indicators(2025, 5),
        }
        return {name: _counted(job) for name, job in jobs.items()}
    finally:
        engine.dispose()


def _grown(small: LineCounts, large: LineCounts) -> list[str]:
    """The lines that ran more than :data:`FACTOR` times as often (plus :data:`SLACK`) on twice the
    clients, most grown first."""
    grown = [
        (n, small.get(where, 0), where)
        for where, n in large.items()
        if n > FACTOR * small.get(where, 0) + SLACK
    ]
    return [
        f"{Path(file).relative_to(ROOT)}:{line}: {before} → {after}"
        for after, before, (file, line) in sorted(grown, reverse=True)
    ]


@pytest.fixture(scope="module")
def counts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, LineCounts], ...]]:
    folder = tmp_path_factory.mktemp("work")
    yield tuple(_phases(f"sqlite:///{folder}/n{n}.sqlite", n) for n in (CLIENTS, 2 * CLIENTS))


PHASES = (
    "quality run",
    "read model",
    "coverage (every BIJ file of the year)",
    "bij jh 2025-H2",
    "bij jb 2025-H2",
    "bij jbm 2025-H2",
    "bij jr 2025-Q4",
    "iv3",
    "reconciliation",
    "indicators",
)


@pytest.mark.parametrize("phase", PHASES)
def test_twice_the_clients_at_most_twice_the_work(
    counts: tuple[dict[str, LineCounts], dict[str, LineCounts]], phase: str
) -> None:
    small, large = counts[0][phase], counts[1][phase]
    assert sum(small.values()) > 0, "nothing of the project's own code ran: the tracer counted nothing"
    grown = _grown(small, large)
    assert not grown, (
        f"{phase}: lines that ran far more than twice as often for twice the clients:\n" + "\n".join(grown)
    )


def test_a_loop_over_pairs_is_caught() -> None:
    """The measure can fail: project code run once per pair of N items is caught, once per item is not
    (the project code here: :func:`services.export.bij.derive.merge` of no parts)."""
    from services.export.bij.derive import merge

    def pairs(n: int) -> LineCounts:
        parts = list(range(n))
        return _counted(lambda: [merge([]) for _ in parts for _ in parts])

    def once(n: int) -> LineCounts:
        return _counted(lambda: [merge([]) for _ in range(n)])

    assert _grown(once(CLIENTS), once(2 * CLIENTS)) == []
    assert _grown(pairs(CLIENTS), pairs(2 * CLIENTS)) != []


#: ``x NOT IN (SELECT …)``: PostgreSQL cannot plan it as an anti-join (NULL semantics); once the subquery's
#: rows no longer fit ``work_mem`` it scans them for every outer row. On a year of 100,000 clients the count
#: of unlinked messages (``quality_linked`` 364,517 rows) did not finish in 4 minutes; with NOT EXISTS, 1.1 s.
NOT_IN_SUBQUERY = re.compile(r"NOT\s+IN\s*\(\s*SELECT", re.IGNORECASE)


def test_no_statement_scans_a_subquery_per_row(tmp_path: Path) -> None:
    """What no row count can show: every statement of a first and an incremental quality run (the stored state
    loaded back), the status check and the read model, checked for ``NOT IN (SELECT …)``."""
    url = f"sqlite:///{tmp_path}/statements.sqlite"
    migrate(url)
    engine = make_engine(url)
    statements: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    try:
        messages = [msg.data for msg in generate_traffic(TrafficConfig(clients=CLIENTS, **SHAPE))]
        half = len(messages) // 2
        ingest(engine, messages[:half])
        run_quality(engine)
        ingest(engine, messages[half:])
        assert run_quality(engine).linked > 0  # incremental: the partition loaded from the stored state
        assert Exporter(engine).traffic.deliveries
    finally:
        engine.dispose()
    assert any("quality_linked" in s for s in statements)
    assert [s for s in statements if NOT_IN_SUBQUERY.search(s)] == []

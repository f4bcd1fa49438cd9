"""Benchmark of the exports: a year of generated traffic ingested into a database, then every export timed.

:func:`prepare` generates traffic with :mod:`ijw_tools.traffic` (12 or more gemeenten: at most 9,091 clients
per gemeente) and ingests it with :class:`services.ingest.processing.IngestProcessor` in batches, the same
processing as ``ijw ingest``; :func:`run_exports` times each export on the stored content.
``ijw export bench``
is the command line.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ijw.db import make_engine, migrate


@dataclass(slots=True)
class PrepareResult:
    """What :func:`prepare` stored and how long it took."""

    clients: int
    messages: int
    seconds: float


@dataclass(slots=True)
class ExportTiming:
    """Seconds per export and the number of output rows."""

    name: str
    seconds: float
    rows: int


@dataclass(slots=True)
class BenchResult:
    """All timings of one :func:`run_exports`."""

    timings: list[ExportTiming] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(t.seconds for t in self.timings)


def _batches(messages: Iterator[bytes], size: int) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    for data in messages:
        batch.append(data)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def prepare(
    db_url: str,
    clients: int,
    *,
    gemeenten: int = 12,
    aanbieders: int = 40,
    seed: int = 20261123,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> PrepareResult:
    """Generate a year (2025) of traffic for ``clients`` clients and ingest it into ``db_url``."""
    from ijw_tools.traffic import TrafficConfig, generate_traffic
    from services.ingest.contracts import IncomingMessage
    from services.ingest.processing import IngestProcessor

    migrate(db_url)
    engine = make_engine(db_url)
    started = time.perf_counter()
    count = 0
    try:
        processor = IngestProcessor(engine)
        config = TrafficConfig(gemeenten=gemeenten, aanbieders=aanbieders, clients=clients, seed=seed)
        run = generate_traffic(config)
        for batch in _batches((msg.data for msg in run), batch_size):
            processor.process_batch([IncomingMessage(data, "bench:export") for data in batch])
            count += len(batch)
            if progress is not None:
                progress(count)
    finally:
        engine.dispose()
    return PrepareResult(clients, count, time.perf_counter() - started)


def run_exports(db_url: str, year: int = 2025) -> BenchResult:
    """Time each export on ``db_url``: reading the linked traffic once (the quality service's linker runs
    first when valid messages are not linked yet), then every BIJ file of the year, Iv3 (per
    year and per quarter), reconciliation and indicators (all with pseudonymised BSNs where they have any)."""
    from ijw.pseudonym import Pseudonymiser
    from services.export.periods import Period
    from services.export.service import Exporter

    engine = make_engine(db_url)
    result = BenchResult()
    try:
        exporter = Exporter(engine)
        started = time.perf_counter()
        traffic = exporter.traffic
        result.timings.append(
            ExportTiming(
                "read the linked traffic (read model; links first when needed)",
                time.perf_counter() - started,
                len(traffic.deliveries),
            )
        )
        pseudonym = Pseudonymiser(b"benchmark-key-not-secret")
        jobs: list[tuple[str, Callable[[], object]]] = [
            (f"bij jh {year}-H1", lambda: exporter.bij(Period.parse(f"{year}-H1"), "jh", pseudonym)),
            (f"bij jh {year}-H2", lambda: exporter.bij(Period.parse(f"{year}-H2"), "jh", pseudonym)),
            (f"bij jb {year}-H2", lambda: exporter.bij(Period.parse(f"{year}-H2"), "jb", pseudonym)),
            (f"bij jr {year}-Q4", lambda: exporter.bij(Period.parse(f"{year}-Q4"), "jr", pseudonym)),
            (f"iv3 {year}", lambda: exporter.iv3(year)),
            (f"iv3 {year} --quarters", lambda: exporter.iv3(year, True)),
            (f"reconciliation {year}", lambda: exporter.reconciliation(year, 5)),
            (f"indicators {year}", lambda: exporter.indicators(year, 5)),
        ]
        for name, job in jobs:
            started = time.perf_counter()
            output = job()
            rows = len(getattr(output, "rows", []))
            result.timings.append(ExportTiming(name, time.perf_counter() - started, rows))
    finally:
        engine.dispose()
    return result

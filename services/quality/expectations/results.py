"""Results of suite runs: what is stored in ``expectation_runs`` and read back for the report and the API.

``result_json`` holds, per expectation, its type, arguments, description, the columns it reads, verdict,
counts and observed value, plus up to :data:`MAX_EXAMPLES` unexpected values and :data:`MAX_SAMPLE_ROWS`
failing rows — never a value of a personal column (:data:`PERSONAL_COLUMNS`), in neither.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Engine, func, insert, select

from ijw.db.tables import EXPECTATION_RUNS

MAX_EXAMPLES = 10
MAX_SAMPLE_ROWS = 5


@dataclass(frozen=True, slots=True)
class ExpectationOutcome:
    """The verdict of one expectation."""

    expectation: str
    description: str
    kwargs: dict[str, Any]
    success: bool
    element_count: int | None = None
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    observed_value: Any = None
    examples: list[Any] = field(default_factory=list)
    error: str | None = None
    columns: list[str] = field(default_factory=list)
    sample_rows: list[dict[str, Any]] = field(default_factory=list)
    """Failing rows of the table (its ``id`` and every column that is not personal)."""


@dataclass(frozen=True, slots=True)
class SuiteResult:
    """One run of one suite."""

    suite: str
    table: str
    run_at: dt.datetime
    success: bool
    evaluated: int
    successful: int
    outcomes: list[ExpectationOutcome]
    id: int | None = None

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    def to_json(self) -> str:
        return json.dumps(
            {"table": self.table, "outcomes": [asdict(o) for o in self.outcomes]}, default=str, sort_keys=True
        )


def store(engine: Engine, results: list[SuiteResult]) -> list[SuiteResult]:
    """Insert ``results`` into ``expectation_runs``; returns them with their ids."""
    stored = []
    with engine.begin() as conn:
        for r in results:
            new_id = conn.execute(
                insert(EXPECTATION_RUNS)
                .values(
                    suite=r.suite,
                    run_at=r.run_at,
                    success=r.success,
                    evaluated=r.evaluated,
                    successful=r.successful,
                    result_json=r.to_json(),
                )
                .returning(EXPECTATION_RUNS.c.id)
            ).scalar_one()
            stored.append(
                SuiteResult(
                    r.suite, r.table, r.run_at, r.success, r.evaluated, r.successful, r.outcomes, new_id
                )
            )
    return stored


def _from_row(row: Any) -> SuiteResult:
    data = json.loads(row.result_json)
    outcomes = [ExpectationOutcome(**o) for o in data.get("outcomes", [])]
    run_at = row.run_at if row.run_at.tzinfo is not None else row.run_at.replace(tzinfo=dt.UTC)
    return SuiteResult(
        row.suite,
        str(data.get("table", row.suite)),
        run_at,
        bool(row.success),
        row.evaluated,
        row.successful,
        outcomes,
        row.id,
    )


def latest_results(engine: Engine) -> list[SuiteResult]:
    """The most recent stored run of every suite, by suite name (no GX import)."""
    newest = (
        select(EXPECTATION_RUNS.c.suite, func.max(EXPECTATION_RUNS.c.id).label("id"))
        .group_by(EXPECTATION_RUNS.c.suite)
        .subquery()
    )
    stmt = (
        select(EXPECTATION_RUNS)
        .join(newest, EXPECTATION_RUNS.c.id == newest.c.id)
        .order_by(EXPECTATION_RUNS.c.suite)
    )
    with engine.connect() as conn:
        return [_from_row(r) for r in conn.execute(stmt)]


def history(engine: Engine, suite: str, limit: int = 50) -> list[SuiteResult]:
    """The stored runs of ``suite``, newest first."""
    stmt = (
        select(EXPECTATION_RUNS)
        .where(EXPECTATION_RUNS.c.suite == suite)
        .order_by(EXPECTATION_RUNS.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return [_from_row(r) for r in conn.execute(stmt)]

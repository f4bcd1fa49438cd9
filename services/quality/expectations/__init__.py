"""Great Expectations (GX Core) suites over the linked tables, their stored results and their runner.

- :mod:`.suites`: the suites as data (table, expectations, meaning) — cheap to import;
- :mod:`.runner`: :func:`run_suites` runs them with GX against SQLite or PostgreSQL (GX imported lazily)
  and stores each result in ``expectation_runs``;
- :mod:`.results`: :class:`SuiteResult` and :func:`latest_results`, read back without GX.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from services.quality.expectations.results import (
    ExpectationOutcome,
    SuiteResult,
    history,
    latest_results,
)
from services.quality.expectations.suites import ExpectationSpec, SuiteSpec, suite, suites

if TYPE_CHECKING:
    from services.quality.expectations.runner import run_suites

__all__ = [
    "ExpectationOutcome",
    "ExpectationSpec",
    "SuiteResult",
    "SuiteSpec",
    "history",
    "latest_results",
    "run_suites",
    "suite",
    "suites",
]


def __getattr__(name: str) -> Any:
    if name == "run_suites":
        from services.quality.expectations.runner import run_suites

        return run_suites
    raise AttributeError(name)

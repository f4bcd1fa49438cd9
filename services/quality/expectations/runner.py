"""Run the expectation suites with GX Core against the database and store the results.

GX is imported here, inside :func:`run_specs`, never at module import: importing it costs seconds and
hundreds of MB, which commands that do not run suites must not pay. The GX context is ephemeral (nothing
written to disk), without analytics and progress bars; the database is reached through
``context.data_sources.add_sqlite`` or ``add_postgres`` with one whole-table batch per suite.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, MetaData, Table, inspect, select
from sqlalchemy.engine import URL

from ijw.db import make_engine
from ijw.db.engine import normalize_url
from services.quality.expectations.results import (
    MAX_EXAMPLES,
    MAX_SAMPLE_ROWS,
    ExpectationOutcome,
    SuiteResult,
    store,
)
from services.quality.expectations.suites import PERSONAL_COLUMNS, ExpectationSpec, SuiteSpec, suites


def _result_format(key: str) -> dict[str, Any]:
    """GX's SUMMARY with the primary key ``key`` of the failing rows, to show sample rows of the table."""
    return {
        "result_format": "SUMMARY",
        "unexpected_index_column_names": [key],
        "partial_unexpected_count": MAX_EXAMPLES * 2,
        "return_unexpected_index_query": False,
    }


def _key(engine: Engine, table: str) -> str:
    """The (single-column) primary key of ``table``."""
    columns = inspect(engine).get_pk_constraint(table).get("constrained_columns") or ["id"]
    return str(columns[0])


log = logging.getLogger("ijw.quality.expectations")


def _context() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _data_source(context: Any, url: URL) -> Any:
    connection = url.render_as_string(hide_password=False)
    if url.get_backend_name() == "sqlite":
        return context.data_sources.add_sqlite(name="ijw", connection_string=connection)
    if url.get_backend_name() == "postgresql":
        return context.data_sources.add_postgres(name="ijw", connection_string=connection)
    raise ValueError(f"expectation suites run on SQLite or PostgreSQL, not {url.get_backend_name()}")


def _expectation(spec: ExpectationSpec) -> Any:
    import great_expectations.expectations as gxe

    cls = getattr(gxe, spec.expectation)
    return cls(**spec.kwargs)


def _number(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) else None


def _examples(spec: ExpectationSpec, result: dict[str, Any]) -> list[Any]:
    """Up to MAX_EXAMPLES distinct unexpected values, none of a personal column."""
    if spec.personal:
        return []
    counts = result.get("partial_unexpected_counts") or []
    values = [c.get("value") for c in counts] if counts else list(result.get("partial_unexpected_list") or [])
    seen: list[Any] = []
    for value in values:
        if value not in seen:
            seen.append(value)
        if len(seen) >= MAX_EXAMPLES:
            break
    return seen


def _failing_ids(result: dict[str, Any], key: str) -> list[int]:
    """The key of up to MAX_SAMPLE_ROWS failing rows (GX's partial unexpected index list)."""
    ids: list[int] = []
    for entry in result.get("partial_unexpected_index_list") or []:
        value = entry.get(key) if isinstance(entry, dict) else None
        if isinstance(value, int) and value not in ids:
            ids.append(value)
        if len(ids) >= MAX_SAMPLE_ROWS:
            break
    return ids


def sample_rows(engine: Engine, table: str, key: str, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The rows of ``table`` whose ``key`` is in ``ids``, without their personal columns (dates ISO)."""
    if not ids:
        return []
    reflected = Table(table, MetaData(), autoload_with=engine)
    columns = [c for c in reflected.columns if c.name not in PERSONAL_COLUMNS]
    with engine.connect() as conn:
        rows = conn.execute(
            select(*columns).where(reflected.c[key].in_(list(ids))).order_by(reflected.c[key])
        )
        return [
            {
                c.name: (None if v is None else v.isoformat() if hasattr(v, "isoformat") else v)
                for c, v in zip(columns, row, strict=True)
            }
            for row in rows
        ]


def _outcome(spec: ExpectationSpec, validation: dict[str, Any]) -> ExpectationOutcome:
    result = validation.get("result") or {}
    info = validation.get("exception_info") or {}
    error = info.get("exception_message") if info.get("raised_exception") else None
    observed = result.get("observed_value")
    if spec.personal or not isinstance(observed, int | float | str | bool | type(None)):
        observed = None
    percent = result.get("unexpected_percent")
    return ExpectationOutcome(
        expectation=spec.expectation,
        description=spec.description,
        kwargs={k: v for k, v in spec.kwargs.items() if k != "value_set"}
        | ({"value_set": f"{len(spec.kwargs['value_set'])} codes"} if "value_set" in spec.kwargs else {}),
        success=bool(validation.get("success")),
        element_count=_number(result.get("element_count")),
        unexpected_count=_number(result.get("unexpected_count")),
        unexpected_percent=float(percent) if isinstance(percent, int | float) else None,
        observed_value=observed,
        examples=_examples(spec, result),
        error=str(error)[:500] if error else None,
        columns=list(spec.columns),
    )


def run_specs(
    engine_url: str | URL, specs: Sequence[SuiteSpec], *, now: dt.datetime | None = None
) -> list[SuiteResult]:
    """Run ``specs`` against the database at ``engine_url`` (nothing stored)."""
    url = normalize_url(engine_url)
    engine = make_engine(url)
    try:
        return _run(url, engine, specs, now)
    finally:
        engine.dispose()


def _run(url: URL, engine: Engine, specs: Sequence[SuiteSpec], now: dt.datetime | None) -> list[SuiteResult]:
    context = _context()
    source = _data_source(context, url)
    import great_expectations as gx

    results = []
    for spec in specs:
        run_at = now or dt.datetime.now(dt.UTC)
        asset = source.add_table_asset(name=spec.name, table_name=spec.table)
        batch = asset.add_batch_definition_whole_table(f"{spec.name}-all")
        suite = context.suites.add(gx.ExpectationSuite(name=spec.name))
        for expectation in spec.expectations:
            suite.add_expectation(_expectation(expectation))
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{spec.name}-validation", data=batch, suite=suite)
        )
        key = _key(engine, spec.table)
        validation = definition.run(result_format=_result_format(key)).to_json_dict()
        by_id = {r["expectation_config"]["id"]: r for r in validation["results"]}
        outcomes = []
        for s, e in zip(spec.expectations, suite.expectations, strict=True):
            outcome = _outcome(s, by_id[e.id])
            ids = [] if outcome.success else _failing_ids(by_id[e.id].get("result") or {}, key)
            if ids:
                outcome = dataclasses.replace(outcome, sample_rows=sample_rows(engine, spec.table, key, ids))
            outcomes.append(outcome)
        successful = sum(o.success for o in outcomes)
        results.append(
            SuiteResult(
                spec.name,
                spec.table,
                run_at,
                successful == len(outcomes),
                len(outcomes),
                successful,
                outcomes,
            )
        )
        log.info("suite %s: %d of %d expectations met", spec.name, successful, len(outcomes))
    return results


def run_suites(
    engine_url: str | URL,
    *,
    names: Sequence[str] | None = None,
    save: bool = True,
    now: dt.datetime | None = None,
) -> list[SuiteResult]:
    """Run every suite (or those in ``names``) against the database and store the results.

    Returns the results in suite order, with their ``expectation_runs`` ids when stored.
    """
    chosen = [s for s in suites() if names is None or s.name in names]
    unknown = set(names or ()) - {s.name for s in chosen}
    if unknown:
        raise KeyError(f"unknown suite(s): {', '.join(sorted(unknown))}")
    results = run_specs(engine_url, chosen, now=now)
    if not save:
        return results
    engine = make_engine(engine_url)
    try:
        return store(engine, results)
    finally:
        engine.dispose()

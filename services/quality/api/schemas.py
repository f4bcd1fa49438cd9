"""Response models of the quality API (OpenAPI at ``/docs``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field


class BevindingOut(BaseModel):
    """One finding on one of the party's messages (no BSN, no name)."""

    source: Literal["ingest", "kwaliteit"] = Field(description="ingest: on arrival; kwaliteit: cross-message")
    check: str = Field(description="official rule code (TR019, …) or own check code (XSD, GEEN-START, …)")
    severity: str
    retourcode: str | None
    gemeente: str | None
    aanbieder: str | None
    bericht_id: int
    bericht: str = Field(description="<afzender>/<berichtsoort>/<identificatie>")
    berichtsoort: str | None
    dagtekening: dt.date | None
    toewijzingnummer: int | None
    location: str | None
    detail: str


class BevindingenPage(BaseModel):
    items: list[BevindingOut]
    page: int
    limit: int
    total: int


class RatioOut(BaseModel):
    numerator: int
    denominator: int
    rate: float | None


class TrendOut(BaseModel):
    party: str | None
    month: str
    messages: int
    messages_with_error: RatioOut
    linkage: RatioOut
    start_within: RatioOut
    stop_after_end: RatioOut
    declarations_unmatched: RatioOut
    regional_codes: RatioOut
    retour_on_time: RatioOut


class IndicatorenOut(BaseModel):
    """The indicators of the credential's party per month, with the detail rows behind the trend."""

    as_of: dt.date
    party_kind: str | None
    code: str | None
    per: str | None
    start_days: int
    stop_grace_days: int
    trend: list[TrendOut]
    linkage: list[dict[str, Any]]
    starts: list[dict[str, Any]]
    stops: list[dict[str, Any]]
    declarations: list[dict[str, Any]]
    product_codes: list[dict[str, Any]]
    regional_codes: list[dict[str, Any]]
    rules: list[dict[str, Any]]
    retours: list[dict[str, Any]]


class ExpectationOut(BaseModel):
    expectation: str
    description: str
    success: bool
    element_count: int | None = None
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    examples: list[Any] = Field(default_factory=list)
    error: str | None = None


class SuiteOut(BaseModel):
    """The latest run of one suite. Counts and examples only for a beheerder (the suites span all parties)."""

    suite: str
    table: str
    run_at: dt.datetime
    success: bool
    evaluated: int
    successful: int
    failed: list[ExpectationOut]

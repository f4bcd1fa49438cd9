"""``/kwaliteit…``: quality feedback scoped to the credential (scope ``kwaliteit.lezen``).

An aanbieder sees the findings and indicators of the messages whose aanbieder party is its AGB code, a
gemeente those of its gemeentecode, a beheerder everything (and may narrow with ``aanbieder``/``gemeente``).
Filters only ever narrow the party's own selection, so no filter reaches another party's findings. An
afnemer credential cannot hold the scope: 403. The expectation suites span every party's rows: a beheerder
gets their full results, another party only which suites and expectations passed.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine, func, select
from starlette.concurrency import run_in_threadpool

from ijw.auth.dependencies import deny, party_selection
from ijw.auth.dependencies import require as require_scope
from ijw.auth.scopes import KWALITEIT_LEZEN, Principal
from services.quality.api.schemas import (
    BevindingenPage,
    BevindingOut,
    ExpectationOut,
    IndicatorenOut,
    RatioOut,
    SuiteOut,
    TrendOut,
)
from services.quality.api.state import get_engine
from services.quality.expectations.results import latest_results
from services.quality.findings import FindingFilter, Source, bericht_of, findings_query
from services.quality.indicators import DEFAULT_START_DAYS, PartyKind, Ratio, compute_indicators
from services.quality.report import CSV_FILES, build_report, render_html, report_csv

router = APIRouter(prefix="/kwaliteit", tags=["kwaliteit"])

MAX_LIMIT = 500
MONTH = r"^(19|[2-9]\d)\d{2}-(0[1-9]|1[0-2])$"
"""YYYY-MM from 1900-01 to 9999-12 (as the exports' years: ``0000-01`` is no date, it answered 500)."""

_reader = require_scope(KWALITEIT_LEZEN)


def _month_range(maand: str) -> tuple[dt.date, dt.date]:
    """The first and last day of ``maand`` (``YYYY-MM``; also 9999-12, whose next month is no date)."""
    year, month = int(maand[:4]), int(maand[5:7])
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _findings(
    engine: Engine,
    aanbieder: str | None,
    gemeente: str | None,
    check: str | None,
    maand: str | None,
    source: Source | None,
    page: int,
    limit: int,
) -> BevindingenPage:
    first, last = _month_range(maand) if maand is not None else (None, None)
    flt = FindingFilter(aanbieder, gemeente, check, first=first, last=last, source=source)
    sub = findings_query(flt)
    stmt = (
        select(sub)
        .order_by(sub.c.dagtekening, sub.c.bericht_id, sub.c.source, sub.c.id)
        .limit(limit)
        .offset((page - 1) * limit)
    )
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(sub)).scalar_one()
        rows = conn.execute(stmt).all()
    items = [
        BevindingOut(
            source=r.source,
            check=r.check,
            severity=r.severity,
            retourcode=r.retourcode,
            gemeente=r.gemeente or None,
            aanbieder=r.aanbieder or None,
            bericht_id=r.bericht_id,
            bericht=bericht_of(r),
            berichtsoort=r.berichtsoort or None,
            dagtekening=r.dagtekening,
            toewijzingnummer=r.toewijzingnummer,
            location=r.location,
            detail=r.detail,
        )
        for r in rows
    ]
    return BevindingenPage(items=items, page=page, limit=limit, total=total)


@router.get("/bevindingen", response_model=BevindingenPage, summary="Findings on the party's own messages")
async def list_bevindingen(
    request: Request,
    principal: Principal = Depends(_reader),
    engine: Engine = Depends(get_engine),
    check: str | None = Query(None, max_length=40, description="rule or check code, e.g. TR019, GEEN-START"),
    maand: str | None = Query(None, pattern=MONTH, description="month of the message Dagtekening, YYYY-MM"),
    bron: Literal["ingest", "kwaliteit"] | None = Query(
        None, description="ingest or kwaliteit findings only"
    ),
    aanbieder: str | None = Query(None, pattern=r"^\d{8}$", description="narrow to this aanbieder"),
    gemeente: str | None = Query(None, pattern=r"^\d{4}$", description="narrow to this gemeente"),
    page: int = Query(1, ge=1, le=1_000_000),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
) -> BevindingenPage:
    """Ingest findings (XSD, in-message rules, product codes) and quality findings (cross-message rules,
    deadlines, completeness) of the messages of the credential's party, ordered by Dagtekening."""
    own_aanbieder, own_gemeente = party_selection(request, principal, aanbieder, gemeente)
    return await run_in_threadpool(
        _findings, engine, own_aanbieder, own_gemeente, check, maand, bron, page, limit
    )


def _ratio(r: Ratio) -> RatioOut:
    return RatioOut(numerator=r.numerator, denominator=r.denominator, rate=r.rate)


def _party(aanbieder: str | None, gemeente: str | None) -> tuple[PartyKind | None, str | None]:
    if aanbieder is not None:
        return "aanbieder", aanbieder
    if gemeente is not None:
        return "gemeente", gemeente
    return None, None


def _indicatoren(
    engine: Engine,
    aanbieder: str | None,
    gemeente: str | None,
    per: PartyKind | None,
    months: tuple[str, str] | None,
    start_days: int,
) -> IndicatorenOut:
    ind = compute_indicators(
        engine, aanbieder=aanbieder, gemeente=gemeente, per=per, months=months, start_days=start_days
    )
    kind, code = _party(aanbieder, gemeente)
    trend = [
        TrendOut(
            party=t.party,
            month=t.month,
            messages=t.messages,
            messages_with_error=_ratio(t.messages_with_error),
            linkage=_ratio(t.linkage),
            start_within=_ratio(t.start_within),
            stop_after_end=_ratio(t.stop_after_end),
            declarations_unmatched=_ratio(t.declarations_unmatched),
            regional_codes=_ratio(t.regional_codes),
            retour_on_time=_ratio(t.retour_on_time),
        )
        for t in ind.trend()
    ]

    def rows(items: list[Any]) -> list[dict[str, Any]]:
        return [asdict(i) for i in items]

    return IndicatorenOut(
        as_of=ind.as_of,
        party_kind=kind,
        code=code,
        per=per,
        start_days=ind.start_days,
        stop_grace_days=ind.stop_grace_days,
        trend=trend,
        linkage=rows(ind.linkage),
        starts=rows(ind.starts),
        stops=rows(ind.stops),
        declarations=rows(ind.declarations),
        product_codes=rows(ind.product_codes),
        regional_codes=rows(ind.regional_codes),
        rules=rows(ind.rules),
        retours=rows(ind.retours),
    )


@router.get("/indicatoren", response_model=IndicatorenOut, summary="Data-quality indicators per month")
async def get_indicatoren(
    request: Request,
    principal: Principal = Depends(_reader),
    engine: Engine = Depends(get_engine),
    van: str | None = Query(None, pattern=MONTH, description="first month, YYYY-MM"),
    tot: str | None = Query(None, pattern=MONTH, description="last month, YYYY-MM"),
    start_dagen: int = Query(DEFAULT_START_DAYS, ge=0, le=366, description="a start is due within N days"),
    per: PartyKind | None = Query(None, description="one row per aanbieder or gemeente (of the own traffic)"),
    aanbieder: str | None = Query(None, pattern=r"^\d{8}$", description="narrow to this aanbieder"),
    gemeente: str | None = Query(None, pattern=r"^\d{4}$", description="narrow to this gemeente"),
) -> IndicatorenOut:
    """Linkage per berichtsoort, starts within N days, stops after the end, declarations without a
    toewijzing or start, regional product codes, findings per rule and answer timeliness, per month."""
    own_aanbieder, own_gemeente = party_selection(request, principal, aanbieder, gemeente)
    months = (van or "0000-01", tot or "9999-12") if van or tot else None
    return await run_in_threadpool(
        _indicatoren, engine, own_aanbieder, own_gemeente, per, months, start_dagen
    )


def _report_party(
    request: Request, principal: Principal, aanbieder: str | None, gemeente: str | None
) -> tuple[PartyKind | None, str | None]:
    own_aanbieder, own_gemeente = party_selection(request, principal, aanbieder, gemeente)
    if not principal.is_beheerder and (aanbieder if principal.kind == "gemeente" else gemeente) is not None:
        raise deny(
            request,
            principal,
            "a report covers the party's own traffic as a whole; narrow with /kwaliteit/indicatoren",
            status_code=400,
        )
    if principal.kind == "aanbieder" and not principal.is_beheerder:
        return "aanbieder", own_aanbieder
    if principal.kind == "gemeente" and not principal.is_beheerder:
        return "gemeente", own_gemeente
    if own_aanbieder is not None and own_gemeente is not None:
        raise deny(request, principal, "a report is per aanbieder or per gemeente, not both", status_code=400)
    return _party(own_aanbieder, own_gemeente)


@router.get(
    "/rapport",
    response_class=HTMLResponse,
    summary="The feedback report of the party (HTML with trend charts)",
)
async def get_rapport(
    request: Request,
    principal: Principal = Depends(_reader),
    engine: Engine = Depends(get_engine),
    aanbieder: str | None = Query(None, pattern=r"^\d{8}$", description="beheerder: this aanbieder"),
    gemeente: str | None = Query(None, pattern=r"^\d{4}$", description="beheerder: this gemeente"),
) -> HTMLResponse:
    """A self-contained HTML page: trends per month as inline SVG, findings by rule, incomplete
    trajectories, late answers, product codes and the table checks."""
    kind, code = _report_party(request, principal, aanbieder, gemeente)
    data = await run_in_threadpool(build_report, engine, kind, code)
    return HTMLResponse(render_html(data))


@router.get(
    "/rapport.csv",
    response_class=Response,
    summary="One CSV file of the party's report",
    responses={200: {"content": {"text/csv": {}}}},
)
async def get_rapport_csv(
    request: Request,
    principal: Principal = Depends(_reader),
    engine: Engine = Depends(get_engine),
    bestand: Literal[CSV_FILES] = Query("trend.csv", description="which file"),  # type: ignore[valid-type]
    aanbieder: str | None = Query(None, pattern=r"^\d{8}$", description="beheerder: this aanbieder"),
    gemeente: str | None = Query(None, pattern=r"^\d{4}$", description="beheerder: this gemeente"),
) -> Response:
    """``trend.csv`` (default), ``findings-by-rule.csv``, ``incomplete-trajecten.csv``,
    ``retour-lateness.csv``, ``regional-product-codes.csv`` or ``linkage.csv``."""
    kind, code = _report_party(request, principal, aanbieder, gemeente)
    data = await run_in_threadpool(build_report, engine, kind, code)
    name = str(bestand)
    return Response(
        report_csv(data, name),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/suites", response_model=list[SuiteOut], summary="Latest Great Expectations results")
async def get_suites(
    principal: Principal = Depends(_reader),
    engine: Engine = Depends(get_engine),
) -> list[SuiteOut]:
    """The latest run of every expectation suite. The suites check whole tables (every party's rows): a
    beheerder gets counts and example values, any other party only which expectations failed."""
    results = await run_in_threadpool(latest_results, engine)
    full = principal.is_beheerder
    out = []
    for r in results:
        failed = [
            ExpectationOut(
                expectation=o.expectation,
                description=o.description,
                success=o.success,
                element_count=o.element_count if full else None,
                unexpected_count=o.unexpected_count if full else None,
                unexpected_percent=o.unexpected_percent if full else None,
                examples=o.examples if full else [],
                error=o.error if full else None,
            )
            for o in r.failed
        ]
        out.append(
            SuiteOut(
                suite=r.suite,
                table=r.table,
                run_at=r.run_at,
                success=r.success,
                evaluated=r.evaluated,
                successful=r.successful,
                failed=failed,
            )
        )
    return out

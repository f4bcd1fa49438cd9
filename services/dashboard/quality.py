"""The quality page (scope ``kwaliteit.lezen``): data-quality indicators of the party's own traffic.

The indicators come from the quality service (:func:`services.quality.indicators.compute_indicators`): per
month, the share of messages with an error finding, of linked messages, of toewijzingen started in time, of
stops after the end, of prestaties without a toewijzing or start, of regional product codes and of retour
messages in time. The page shows them per counterpart (a gemeente sees its aanbieders, an aanbieder its
gemeenten, a beheerder every aanbieder or, narrowed to one aanbieder, its gemeenten), as monthly trend
charts and with the most frequent findings. Which traffic a principal may narrow to is decided by the
quality API's :func:`services.quality.api.routes.party_selection`, so the page and ``/kwaliteit`` agree.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from ijw.auth.scopes import KWALITEIT_LEZEN, Principal
from services.dashboard import charts
from services.dashboard.rules import describe, is_official
from services.dashboard.session import access
from services.dashboard.web import NavItem, get_state, render
from services.quality.api.routes import party_selection
from services.quality.indicators import (
    MonthTrend,
    PartyKind,
    RuleRate,
    compute_indicators,
    rule_totals,
    summed,
    summed_by,
)

router = APIRouter()
NAV = NavItem("/quality", "Quality", KWALITEIT_LEZEN)
TOP_RULES = 15

#: The rates of a :class:`MonthTrend` the page shows: (attribute, column title, lower is better).
RATES: tuple[tuple[str, str, bool], ...] = (
    ("messages_with_error", "messages with an error", True),
    ("linkage", "linked messages", False),
    ("start_within", "started in time", False),
    ("stop_after_end", "stopped after the end", False),
    ("declarations_unmatched", "prestaties without toewijzing or start", True),
    ("regional_codes", "regional product codes", True),
    ("retour_on_time", "retours in time", False),
)


@dataclass(frozen=True, slots=True)
class QualityView:
    """What the quality page shows for one selection of the traffic."""

    aanbieder: str | None
    gemeente: str | None
    per: PartyKind
    as_of: str
    totals: MonthTrend
    parties: list[MonthTrend]
    months: list[MonthTrend]
    rules: list[RuleRate]


def counterpart(principal: Principal, aanbieder: str | None, gemeente: str | None) -> PartyKind:
    """Whose rows the table has: the other party than the one the selection is fixed to.

    >>> from ijw.auth.scopes import DEFAULT_SCOPES
    >>> g = Principal("k", "gemeente", "0363", DEFAULT_SCOPES["gemeente"])
    >>> counterpart(g, None, "0363"), counterpart(g, "12345678", "0363")
    ('aanbieder', 'aanbieder')
    >>> b = Principal("k", "beheerder", "ops", DEFAULT_SCOPES["beheerder"])
    >>> counterpart(b, None, None), counterpart(b, "12345678", None)
    ('aanbieder', 'gemeente')
    """
    if principal.kind == "aanbieder" and not principal.is_beheerder:
        return "gemeente"
    if principal.kind == "gemeente" and not principal.is_beheerder:
        return "aanbieder"
    return "gemeente" if aanbieder is not None and gemeente is None else "aanbieder"


def quality_view(engine: Engine, aanbieder: str | None, gemeente: str | None, per: PartyKind) -> QualityView:
    """The indicators of the selection, per counterpart and per month, and the most frequent findings."""
    indicators = compute_indicators(engine, aanbieder=aanbieder, gemeente=gemeente, per=per)
    trend = indicators.trend()
    rules = rule_totals([dataclasses.replace(r, party=None) for r in indicators.rules])
    return QualityView(
        aanbieder=aanbieder,
        gemeente=gemeente,
        per=per,
        as_of=indicators.as_of.isoformat(),
        totals=summed(trend),
        parties=summed_by(trend, "party"),
        months=summed_by(trend, "month"),
        rules=rules[:TOP_RULES],
    )


def _trend_charts(view: QualityView) -> list[Markup]:
    labels = [m.month for m in view.months]

    def series(names: tuple[str, ...]) -> dict[str, list[float | None]]:
        titles = {attr: title for attr, title, _ in RATES}
        return {titles[n]: [getattr(m, n).rate for m in view.months] for n in names}

    return [
        charts.bar_chart(
            [(m.month, m.messages) for m in view.months], label="Messages per month of Dagtekening"
        ),
        charts.line_chart(
            labels,
            series(("linkage", "start_within", "stop_after_end", "retour_on_time")),
            label="Linkage and completeness per month",
            percent=True,
        ),
        charts.line_chart(
            labels,
            series(("messages_with_error", "declarations_unmatched", "regional_codes")),
            label="Errors, unmatched prestaties and regional codes per month",
            percent=True,
        ),
    ]


@router.get("/quality", include_in_schema=False)
async def quality_page(
    request: Request,
    principal: Principal = Depends(access(KWALITEIT_LEZEN)),
    aanbieder: str = Query("", pattern=r"^(\d{8})?$"),
    gemeente: str = Query("", pattern=r"^(\d{4})?$"),
) -> HTMLResponse:
    """Indicators of the principal's own traffic, narrowed by ``aanbieder``/``gemeente`` within it."""
    own_aanbieder, own_gemeente = party_selection(request, principal, aanbieder or None, gemeente or None)
    per = counterpart(principal, own_aanbieder, own_gemeente)
    state = get_state(request)
    view = await run_in_threadpool(quality_view, state.engine, own_aanbieder, own_gemeente, per)
    return render(
        request,
        "quality.html",
        principal,
        title="Quality",
        view=view,
        rates=RATES,
        charts=_trend_charts(view),
        narrowed=bool(aanbieder or gemeente),
        describe=describe,
        is_official=is_official,
    )

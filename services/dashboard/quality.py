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
from fastapi.responses import Response
from markupsafe import Markup
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from ijw.auth.dependencies import party_selection
from ijw.auth.scopes import KWALITEIT_LEZEN, Principal
from services.dashboard.messages import Selection
from services.dashboard.rules import describe, is_official
from services.dashboard.session import access, base_path
from services.dashboard.tables import Cell, Column, DataTable
from services.dashboard.traffic import messages_link
from services.dashboard.web import TABLES, NavItem, get_state, render_tables
from services.present import formats, labels
from services.present.charts import Point, bar_chart, line_chart
from services.present.names import Names
from services.quality import (
    AuditRate,
    MonthTrend,
    PartyKind,
    Ratio,
    RuleRate,
    audit_rates,
    audit_total,
    compute_indicators,
    rule_totals,
    summed,
    summed_by,
)

router = APIRouter(dependencies=[TABLES])  # every page here offers its tables as CSV
#: who sent the answers the audit judged, in the order the page shows them
ANTWOORDERS = ("gemeente", "aanbieder")
NAV = NavItem("/quality", "Kwaliteit", KWALITEIT_LEZEN)
TOP_RULES = 15

#: The rates of a :class:`MonthTrend` the page shows: (attribute, column title, lower is better).
RATES: tuple[tuple[str, str, bool], ...] = (
    ("messages_with_error", "berichten met een fout", True),
    ("linkage", "gekoppelde berichten", False),
    ("start_within", "op tijd gestart", False),
    ("stop_after_end", "gestopt na het einde", False),
    ("declarations_unmatched", "prestaties zonder toewijzing of start", True),
    ("regional_codes", "regionale productcodes", True),
    ("retour_on_time", "retourberichten op tijd", False),
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
    #: the answer audit: totals per antwoorder (gemeente, aanbieder) and per counterpart and antwoorder
    audit: list[AuditRate]
    audit_parties: list[AuditRate]


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
    audit = audit_rates(engine, aanbieder=aanbieder, gemeente=gemeente, per=per)
    return QualityView(
        aanbieder=aanbieder,
        gemeente=gemeente,
        per=per,
        as_of=formats.long_day(indicators.as_of),
        totals=summed(trend),
        parties=summed_by(trend, "party"),
        months=summed_by(trend, "month"),
        rules=rules[:TOP_RULES],
        audit=[audit_total(audit, a) for a in ANTWOORDERS],
        audit_parties=audit,
    )


def _trend_charts(view: QualityView, base: str) -> list[Markup]:
    labels_ = [m.month for m in view.months]
    own = Selection(aanbieder=view.aanbieder or "", gemeente=view.gemeente or "")
    titles = {attr: title for attr, title, _ in RATES}

    def series(names: tuple[str, ...]) -> dict[str, list[Point]]:
        return {
            titles[n]: [
                Point(getattr(m, n).rate, getattr(m, n).denominator, messages_link(base, own, maand=m.month))
                for m in view.months
            ]
            for n in names
        }

    return [
        bar_chart(
            "Berichten per maand van de Dagtekening",
            labels_,
            {
                "berichten": [
                    Point(m.messages, m.messages, messages_link(base, own, maand=m.month))
                    for m in view.months
                ]
            },
        ),
        line_chart(
            "Koppeling en volledigheid per maand",
            labels_,
            series(("linkage", "start_within", "stop_after_end", "retour_on_time")),
        ),
        line_chart(
            "Fouten, prestaties zonder toewijzing en regionale codes per maand",
            labels_,
            series(("messages_with_error", "declarations_unmatched", "regional_codes")),
        ),
    ]


def _cell(ratio: Ratio, *, with_n: bool = False) -> Cell:
    shown = formats.percent(ratio.rate)
    if with_n and ratio.denominator:
        shown += f" (n = {formats.number(ratio.denominator)})"
    return Cell(
        shown,
        "" if ratio.rate is None else f"{ratio.rate:.4f}",
        css="num",
        title=f"{formats.number(ratio.numerator)} van {formats.number(ratio.denominator)}",
    )


def quality_tables(base: str, view: QualityView, names: Names) -> list[DataTable]:
    """The quality page's tables: per counterpart (linking to its own view and its messages), per month,
    per rule, and the answer audit."""
    own = Selection(aanbieder=view.aanbieder or "", gemeente=view.gemeente or "")
    return [
        _parties_table(base, view, names),
        _months_table(base, view, own),
        _findings_table(base, view, own),
        audit_table(base, view, names),
    ]


def _parties_table(base: str, view: QualityView, names: Names) -> DataTable:
    table = DataTable(
        "parties",
        f"Per {view.per}",
        [
            Column(view.per),
            Column("berichten", True),
            *(Column(title + (" ↓" if lower else ""), True) for _, title, lower in RATES),
        ],
        empty="Geen berichtenverkeer in deze selectie.",
        note=f"↓: lager is beter. Volg een {view.per} voor zijn eigen verloop; het aantal berichten leidt "
        "naar de berichten zelf.",
    )
    for row in view.parties:
        if row.party is None:
            continue
        narrowed = (
            Selection(aanbieder=view.aanbieder or "", gemeente=row.party)
            if view.per == "gemeente"
            else Selection(aanbieder=row.party, gemeente=view.gemeente or "")
        )
        table.rows.append(
            [
                Cell(names.party(view.per, row.party), row.party, href=f"{base}/quality?{narrowed.query()}"),
                Cell(
                    formats.number(row.messages),
                    row.messages,
                    css="num",
                    href=messages_link(base, narrowed) if row.messages else None,
                ),
                *(_cell(getattr(row, attr)) for attr, _, _ in RATES),
            ]
        )
    return table


def _months_table(base: str, view: QualityView, own: Selection) -> DataTable:
    table = DataTable(
        "months",
        "Per maand",
        [
            Column("maand"),
            Column("berichten", True),
            *(Column(title + (" ↓" if lower else ""), True) for _, title, lower in RATES),
        ],
        empty="Geen berichtenverkeer in deze selectie.",
        note="De punten van de grafieken, met n: het aantal berichten of producten dat de maand telt.",
    )
    for row in view.months:
        table.rows.append(
            [
                Cell(formats.month(row.month), row.month),
                Cell(
                    formats.number(row.messages),
                    row.messages,
                    css="num",
                    href=messages_link(base, own, maand=row.month) if row.messages else None,
                ),
                *(_cell(getattr(row, attr), with_n=True) for attr, _, _ in RATES),
            ]
        )
    return table


def _findings_table(base: str, view: QualityView, own: Selection) -> DataTable:
    table = DataTable(
        "findings",
        "Meest voorkomende bevindingen",
        [
            Column("regel"),
            Column("gevonden door"),
            Column("ernst"),
            Column("omschrijving"),
            Column("berichten", True),
            Column("bevindingen", True),
        ],
        empty="Geen bevindingen.",
        note="De code en het aantal berichten leiden naar de berichten met die bevinding.",
    )
    for r in view.rules:
        own_check = "" if is_official(r.rule) else "eigen controle"
        link = messages_link(base, own, regel=r.rule)
        table.rows.append(
            [
                Cell(r.rule, href=link, code=True, tag=own_check),
                Cell(labels.SOURCES.get(r.source, r.source), r.source),
                Cell(labels.severity(r.severity), r.severity, css=f"severity {r.severity}"),
                Cell(describe(r.rule) or formats.NOTHING, describe(r.rule)),
                Cell(formats.number(r.messages_with_finding), r.messages_with_finding, css="num", href=link),
                Cell(formats.number(r.findings), r.findings, css="num"),
            ]
        )
    return table


def audit_table(base: str, view: QualityView, names: Names) -> DataTable:
    """The answer audit per counterpart and antwoorder: answers as the standard prescribes, the findings by
    kind and the amounts approved and rejected against the rules."""
    table = DataTable(
        "audit",
        "Antwoordaudit per " + view.per,
        [
            Column(view.per),
            Column("antwoorden van"),
            Column("antwoorden", True),
            Column("volgens de standaard", True),
            Column("onterecht goedgekeurd ↓", True),
            Column("onterecht afgewezen ↓", True),
            Column("ontbreekt of te laat ↓", True),
            Column("bedrag goedgekeurd tegen de regels ↓", True),
            Column("bedrag afgewezen tegen de regels ↓", True),
        ],
        empty="Geen antwoorden beoordeeld in deze selectie.",
        note="Elk retourbericht, declaratie-antwoord (JW325) en antwoord op een verzoek (JW319) vergeleken "
        "met wat de standaard voorschrijft gegeven de stand vóór het heenbericht; een ontbrekend antwoord "
        "telt als antwoord dat niet volgens de standaard is. Bedragen: debetprestaties in euro.",
    )
    for r in view.audit_parties:
        table.rows.append(
            [
                Cell(names.party(view.per, r.party), r.party or ""),
                Cell(r.antwoorder, r.antwoorder),
                Cell(formats.number(r.answers), r.answers, css="num"),
                _cell(r.ratio),
                Cell(formats.number(r.goedgekeurd_onterecht), r.goedgekeurd_onterecht, css="num"),
                Cell(formats.number(r.afgewezen_onterecht), r.afgewezen_onterecht, css="num"),
                Cell(formats.number(r.ontbreekt + r.te_laat), r.ontbreekt + r.te_laat, css="num"),
                Cell(formats.euro(r.bedrag_goedgekeurd_onterecht), r.bedrag_goedgekeurd_onterecht, css="num"),
                Cell(formats.euro(r.bedrag_afgewezen_onterecht), r.bedrag_afgewezen_onterecht, css="num"),
            ]
        )
    return table


@router.get("/quality", include_in_schema=False)
async def quality_page(
    request: Request,
    principal: Principal = Depends(access(KWALITEIT_LEZEN)),
    aanbieder: str = Query("", pattern=r"^(\d{8})?$"),
    gemeente: str = Query("", pattern=r"^(\d{4})?$"),
) -> Response:
    """Indicators of the principal's own traffic, narrowed by ``aanbieder``/``gemeente`` within it."""
    own_aanbieder, own_gemeente = party_selection(request, principal, aanbieder or None, gemeente or None)
    per = counterpart(principal, own_aanbieder, own_gemeente)
    state = get_state(request)
    view = await run_in_threadpool(quality_view, state.engine, own_aanbieder, own_gemeente, per)
    names = await run_in_threadpool(Names.load, state.engine)
    base = base_path(request)
    return render_tables(
        request,
        "quality.html",
        principal,
        quality_tables(base, view, names),
        title="Kwaliteit",
        view=view,
        names=names,
        rates=RATES,
        charts=_trend_charts(view, base),
        narrowed=bool(aanbieder or gemeente),
        own_query=Selection(aanbieder=view.aanbieder or "", gemeente=view.gemeente or "").query(),
    )

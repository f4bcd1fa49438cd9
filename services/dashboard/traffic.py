"""The pipeline and validation pages (scope ``berichten.lezen``): the party's traffic by type, status, month
and counterpart, and the findings per rule; every figure and row links to the messages behind it
(:mod:`services.dashboard.messages`), every table downloads as CSV.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ijw.auth.scopes import BERICHTEN_LEZEN, Principal
from services.dashboard import queries
from services.dashboard.messages import Selection
from services.dashboard.rules import describe, is_official
from services.dashboard.session import access, base_path
from services.dashboard.tables import Cell, Column, DataTable
from services.dashboard.web import TABLES, get_state, render_tables
from services.present import formats, labels
from services.present.charts import STATUS_COLOURS, Point, bar_chart, line_chart
from services.present.names import Names, gemeente

router = APIRouter(dependencies=[TABLES])  # every page here offers its tables as CSV
READ = access(BERICHTEN_LEZEN)


def messages_link(base: str, selection: Selection, **changes: str) -> str:
    """The link to the message list of ``selection`` with ``changes``."""
    query = selection.query(**changes)
    return f"{base}/berichten" + (f"?{query}" if query else "")


def _count(n: int, href: str | None = None) -> Cell:
    return Cell(formats.number(n), n, href=href if n else None, css="num")


def _status_series(
    base: str,
    keys: list[str],
    counts: list[dict[str, int]],
    link: dict[str, str],
) -> dict[str, list[Point]]:
    """One series per status (Dutch name), a point per key linking to the messages of that key and status."""
    return {
        labels.status(s): [
            Point(c.get(s, 0), c.get(s, 0), messages_link(base, Selection(), status=s, **{link["field"]: k}))
            for k, c in zip(keys, counts, strict=True)
        ]
        for s in queries.STATUSES
    }


def pipeline_tables(base: str, data: queries.Pipeline, names: Names) -> list[DataTable]:
    """The pipeline page's tables: per message type, per gemeente and aanbieder, the latest arrivals."""
    none = Selection()
    per_type = DataTable(
        "per-type",
        "Per berichtsoort",
        [
            Column("berichtsoort"),
            *(Column(labels.status(s), True) for s in queries.STATUSES),
            Column("totaal", True),
            Column("laatst ontvangen"),
        ],
        empty="Nog geen berichten.",
    )
    for t in data.types:
        soort = Selection(berichtsoort=t.berichtsoort) if t.berichtsoort else none
        per_type.rows.append(
            [
                Cell(labels.berichtsoort(t.berichtsoort), t.berichtsoort),
                *(_count(t.counts.get(s, 0), messages_link(base, soort, status=s)) for s in queries.STATUSES),
                _count(t.total, messages_link(base, soort)),
                Cell(formats.moment(t.last_arrival), t.last_arrival),
            ]
        )
    pairs = DataTable(
        "pairs",
        "Per gemeente en aanbieder",
        [
            Column("gemeente"),
            Column("aanbieder"),
            Column("berichten", True),
            Column("ongeldig", True),
            Column("geweigerd", True),
        ],
        empty="Nog geen berichtenverkeer.",
    )
    for p in data.pairs:
        pair = Selection(gemeente=p.gemeente, aanbieder=p.aanbieder)
        pairs.rows.append(
            [
                Cell(gemeente(p.gemeente), p.gemeente),
                Cell(names.aanbieder(p.aanbieder), p.aanbieder),
                _count(p.total, messages_link(base, pair)),
                _count(p.invalid, messages_link(base, pair, status="invalid")),
                _count(p.rejected, messages_link(base, pair, status="rejected")),
            ]
        )
    recent = DataTable(
        "recent",
        "Laatst ontvangen berichten",
        [
            Column("ontvangen"),
            Column("berichtsoort"),
            Column("afzender"),
            Column("ontvanger"),
            Column("identificatie"),
            Column("dagtekening"),
            Column("status"),
        ],
        empty="Nog geen berichten.",
    )
    for r in data.recent:
        status = labels.status(r.status) + (f" ({r.rejection_code})" if r.rejection_code else "")
        recent.rows.append(
            [
                Cell(formats.moment(r.received_at), r.received_at, href=f"{base}/berichten/{r.id}"),
                Cell(labels.berichtsoort(r.berichtsoort), r.berichtsoort),
                Cell(r.afzender or formats.NOTHING, r.afzender),
                Cell(r.ontvanger or formats.NOTHING, r.ontvanger),
                Cell(r.identificatie or formats.NOTHING, r.identificatie),
                Cell(formats.day(r.dagtekening), r.dagtekening or ""),
                Cell(status, r.status, css=f"status {r.status}"),
            ]
        )
    return [per_type, pairs, recent]


@router.get("/pipeline", include_in_schema=False)
def pipeline_page(request: Request, principal: Principal = Depends(READ)) -> Response:
    """Pipeline status and throughput in the principal's scope."""
    state = get_state(request)
    base = base_path(request)
    data = queries.pipeline(state.engine, principal)
    days = [d.isoformat() for d, _ in data.arrivals]
    arrivals = bar_chart(
        f"Ontvangen berichten per dag, de laatste {queries.ARRIVAL_DAYS} dagen",
        [formats.day(d) for d, _ in data.arrivals],
        _status_series(base, days, [c for _, c in data.arrivals], {"field": "ontvangen"}),
        colours=STATUS_COLOURS,
    )
    months = [mo for mo, _ in data.per_month]
    monthly = bar_chart(
        "Berichten per maand van de Dagtekening",
        months,
        _status_series(base, months, [c for _, c in data.per_month], {"field": "maand"}),
        colours=STATUS_COLOURS,
    )
    intake = None
    if principal.is_beheerder and state.intake_counts is not None:
        intake = dict(state.intake_counts())
    return render_tables(
        request,
        "pipeline.html",
        principal,
        pipeline_tables(base, data, Names.load(state.engine)),
        title="Verwerking",
        data=data,
        arrivals_chart=arrivals,
        monthly_chart=monthly,
        intake=intake,
        statuses=queries.STATUSES,
    )


def validation_tables(base: str, data: queries.Validation, selected: str) -> list[DataTable]:
    """The validation page's tables: per message type and per rule."""
    types = DataTable(
        "types",
        "Per berichtsoort",
        [
            Column("berichtsoort"),
            Column("berichten", True),
            *(Column(labels.status(s), True) for s in queries.STATUSES),
            Column("met een fout", True),
            Column("aandeel met een fout", True),
        ],
        empty="Geen berichten.",
    )
    for t in data.types:
        soort = Selection(berichtsoort=t.berichtsoort)
        errors = data.with_error.get(t.berichtsoort, 0)
        types.rows.append(
            [
                Cell(labels.berichtsoort(t.berichtsoort), t.berichtsoort),
                _count(t.total, messages_link(base, soort)),
                *(_count(t.counts.get(s, 0), messages_link(base, soort, status=s)) for s in queries.STATUSES),
                _count(errors, messages_link(base, soort, ernst="error", bron="validatie")),
                Cell(
                    formats.share(errors, t.total), round(errors / t.total, 4) if t.total else "", css="num"
                ),
            ]
        )
    rules = DataTable(
        "rules",
        "Per regel",
        [
            Column("regel"),
            Column("ernst"),
            Column("retourcode"),
            Column("omschrijving"),
            Column("bevindingen", True),
            Column("berichten", True),
            Column("per berichtsoort"),
        ],
        empty="Geen bevindingen" + (f" voor {selected}." if selected else "."),
    )
    scope = Selection(berichtsoort=selected)
    for r in data.rules:
        own = "" if is_official(r.rule) else "eigen controle"
        rules.rows.append(
            [
                Cell(r.rule, href=messages_link(base, scope, regel=r.rule), code=True, tag=own),
                Cell(labels.severity(r.severity), r.severity, css=f"severity {r.severity}"),
                Cell(r.retourcode or formats.NOTHING, r.retourcode or ""),
                Cell(describe(r.rule) or formats.NOTHING, describe(r.rule)),
                _count(r.findings),
                _count(r.messages, messages_link(base, scope, regel=r.rule)),
                Cell(", ".join(f"{t} {formats.number(n)}" for t, n in sorted(r.per_type.items()))),
            ]
        )
    return [types, rules]


@router.get("/validation", include_in_schema=False)
def validation_page(
    request: Request,
    principal: Principal = Depends(READ),
    berichtsoort: str = Query("", pattern=r"^(JW\d{3})?$"),
) -> Response:
    """Validation results per message type and per rule."""
    state = get_state(request)
    base = base_path(request)
    data = queries.validation(state.engine, principal, berichtsoort or None)
    counts = data.monthly_messages
    trend = line_chart(
        "Aandeel berichten met een fout, per maand van de Dagtekening"
        + (f" ({berichtsoort})" if berichtsoort else ""),
        data.months,
        {
            "berichten met een fout": [
                Point(
                    share,
                    counts.get(month),
                    messages_link(
                        base,
                        Selection(berichtsoort=berichtsoort),
                        maand=month,
                        ernst="error",
                        bron="validatie",
                    ),
                )
                for month, share in zip(data.months, data.error_share["all types"], strict=True)
            ]
        },
    )
    return render_tables(
        request,
        "validation.html",
        principal,
        validation_tables(base, data, berichtsoort),
        title="Validatie",
        data=data,
        selected=berichtsoort,
        trend_chart=trend,
    )

"""The message pages (scope ``berichten.lezen``): the list of the messages behind a figure or a rule
(``/berichten?…``, the selection of :class:`services.dashboard.messages.Selection`) and one message with its
findings, its retour and its XML (personal values masked, the BSN as pseudonym).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import Response

from ijw.auth.scopes import BERICHTEN_LEZEN, Principal
from services.dashboard.messages import (
    CSV_LIMIT,
    LIMIT,
    Finding,
    MessageRow,
    Selection,
    list_messages,
    message_detail,
)
from services.dashboard.rules import describe
from services.dashboard.session import access, base_path
from services.dashboard.tables import Cell, Column, DataTable
from services.dashboard.web import TABLES, get_state, render_tables
from services.edge import MAX_ID
from services.present import formats, labels
from services.present.names import Names, gemeente

router = APIRouter(dependencies=[TABLES])  # every page here offers its tables as CSV
READ = access(BERICHTEN_LEZEN)

SELECTION_TITLES = {
    "berichtsoort": "berichtsoort",
    "status": "status",
    "regel": "met bevinding",
    "ernst": "met een bevinding van ernst",
    "bron": "gevonden door",
    "maand": "Dagtekening in",
    "ontvangen": "ontvangen op",
    "gemeente": "gemeente",
    "aanbieder": "aanbieder",
}


def message_table(
    table_id: str, caption: str, base: str, rows: list[MessageRow], names: Names, empty: str
) -> DataTable:
    """A list of messages, each linking to its page."""
    table = DataTable(
        table_id,
        caption,
        [
            Column("bericht"),
            Column("berichtsoort"),
            Column("dagtekening"),
            Column("gemeente"),
            Column("aanbieder"),
            Column("afzender"),
            Column("identificatie"),
            Column("status"),
            Column("bevindingen", True),
            Column("ontvangen"),
        ],
        empty=empty,
    )
    for r in rows:
        shown = labels.status(r.status) + (f" ({r.rejection_code})" if r.rejection_code else "")
        table.rows.append(
            [
                Cell(f"#{r.id}", r.id, href=f"{base}/berichten/{r.id}"),
                Cell(labels.berichtsoort(r.berichtsoort), r.berichtsoort),
                Cell(formats.day(r.dagtekening), r.dagtekening or ""),
                Cell(gemeente(r.gemeente), r.gemeente or ""),
                Cell(names.aanbieder(r.aanbieder), r.aanbieder or ""),
                Cell(r.afzender or formats.NOTHING, r.afzender),
                Cell(r.identificatie or formats.NOTHING, r.identificatie),
                Cell(shown, r.status, css=f"status {r.status}"),
                Cell(formats.number(r.findings), r.findings, css="num"),
                Cell(formats.moment(r.received_at), r.received_at or ""),
            ]
        )
    return table


def _describe_selection(selection: Selection, names: Names) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    for field, title in SELECTION_TITLES.items():
        value = getattr(selection, field)
        if not value:
            continue
        if field == "status":
            value = labels.status(value)
        elif field == "ernst":
            value = labels.severity(value)
        elif field == "bron":
            value = {"validatie": "validatie", "kwaliteit": "kwaliteitsdienst"}[value]
        elif field == "maand":
            value = formats.month(value)
        elif field == "gemeente":
            value = gemeente(value)
        elif field == "aanbieder":
            value = names.aanbieder(value)
        elif field == "regel":
            value = f"{value} ({describe(value)})" if describe(value) else value
        shown.append((title, value))
    return shown


def selection_query(
    berichtsoort: str = Query(""),
    status: str = Query(""),
    regel: str = Query(""),
    ernst: str = Query(""),
    bron: str = Query(""),
    maand: str = Query(""),
    ontvangen: str = Query(""),
    gemeente: str = Query(""),
    aanbieder: str = Query(""),
) -> Selection:
    """The :class:`Selection` of the query string, its fields declared as query parameters (a value that
    does not fit its field is dropped, as :meth:`Selection.from_query` does)."""
    return Selection.from_query(
        {
            "berichtsoort": berichtsoort,
            "status": status,
            "regel": regel,
            "ernst": ernst,
            "bron": bron,
            "maand": maand,
            "ontvangen": ontvangen,
            "gemeente": gemeente,
            "aanbieder": aanbieder,
        }
    )


@router.get("/berichten", include_in_schema=False)
def messages_page(
    request: Request, principal: Principal = Depends(READ), selection: Selection = Depends(selection_query)
) -> Response:
    """The messages of a selection within the principal's traffic, newest first."""
    state = get_state(request)
    as_csv = request.query_params.get("formaat") == "csv"
    rows, total = list_messages(state.engine, principal, selection, CSV_LIMIT if as_csv else LIMIT)
    names = Names.load(state.engine)
    table = message_table(
        "berichten", "Berichten", base_path(request), rows, names, "Geen berichten in deze selectie."
    )
    return render_tables(
        request,
        "berichten.html",
        principal,
        [table],
        title="Berichten",
        selection=_describe_selection(selection, names),
        total=total,
        shown=len(rows),
    )


def findings_table(findings: list[Finding], base: str) -> DataTable:
    table = DataTable(
        "bevindingen",
        "Bevindingen",
        [
            Column("gevonden door"),
            Column("regel"),
            Column("ernst"),
            Column("retourcode"),
            Column("omschrijving"),
            Column("plaats"),
            Column("toelichting"),
        ],
        empty="Geen bevindingen: het bericht voldoet aan elke regel van validatie en kwaliteitsdienst.",
    )
    for f in findings:
        text = f.text + (f" (zie bericht #{f.related})" if f.related else "")
        table.rows.append(
            [
                Cell(labels.SOURCES.get(f.source, f.source), f.source),
                Cell(f.code, code=True, href=f"{base}/berichten?regel={f.code}"),
                Cell(labels.severity(f.severity), f.severity, css=f"severity {f.severity}"),
                Cell(f.retourcode or formats.NOTHING, f.retourcode or ""),
                Cell(describe(f.code) or formats.NOTHING, describe(f.code)),
                Cell(f.location or formats.NOTHING, f.location or "", code=True),
                Cell(text, href=f"{base}/berichten/{f.related}" if f.related else None),
            ]
        )
    return table


@router.get("/berichten/{bericht_id}", include_in_schema=False)
def message_page(request: Request, bericht_id: int, principal: Principal = Depends(READ)) -> Response:
    """One message: header, verdict, findings, retour and XML; 404 when not in the principal's traffic."""
    if not 0 < bericht_id <= MAX_ID:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Dit bericht bestaat niet in uw berichtenverkeer.")
    state = get_state(request)
    detail = message_detail(state.engine, principal, state.pseudo, bericht_id)
    if detail is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Dit bericht bestaat niet in uw berichtenverkeer.")
    base = base_path(request)
    names = Names.load(state.engine)
    related = [detail.answers_to] if detail.answers_to is not None else []
    tables = [
        findings_table(detail.findings, base),
        message_table(
            "retourberichten",
            "Antwoorden op dit bericht en het bericht waarop dit antwoordt",
            base,
            related + detail.answers,
            names,
            "Geen ontvangen antwoord of heenbericht in uw berichtenverkeer.",
        ),
    ]
    return render_tables(
        request,
        "bericht.html",
        principal,
        tables,
        title=f"Bericht #{bericht_id}",
        detail=detail,
        names=names,
    )

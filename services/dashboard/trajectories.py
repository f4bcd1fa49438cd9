"""The trajectory pages (scope ``berichten.lezen``): find a client by pseudonym or ToewijzingNummer, and one
client's toewijzingen, steps in time order, quality findings and messages (each linking to its page).
Clients appear by pseudonym only; the trajectory comes from :func:`services.dashboard.queries.trajectory`.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import Response

from ijw.auth.scopes import BERICHTEN_LEZEN, Principal
from ijw.pseudonym import SHORT, Pseudonymiser, normalise
from services.dashboard import queries
from services.dashboard.berichten import message_table
from services.dashboard.messages import client_messages
from services.dashboard.rules import describe
from services.dashboard.session import access, base_path
from services.dashboard.tables import Cell, Column, DataTable
from services.dashboard.web import TABLES, get_state, redirect, render_tables
from services.edge import MAX_ID
from services.present import formats, labels
from services.present.names import Names, gemeente

router = APIRouter(dependencies=[TABLES])  # every page here offers its tables as CSV
READ = access(BERICHTEN_LEZEN)


def clients_table(base: str, clients: list[queries.ClientSummary], names: Names) -> DataTable:
    table = DataTable(
        "clients",
        "Meest recente cliënten",
        [
            Column("pseudoniem"),
            Column("laatste dagtekening"),
            Column("berichten", True),
            Column("gemeenten"),
            Column("aanbieders"),
        ],
        empty="Geen cliënten in uw berichtenverkeer.",
    )
    for c in clients:
        table.rows.append(
            [
                Cell(
                    c.pseudonym[:SHORT],
                    c.pseudonym,
                    href=f"{base}/trajectories/{c.pseudonym}",
                    css="pseudonym",
                ),
                Cell(formats.day(c.last_dagtekening), c.last_dagtekening or ""),
                Cell(formats.number(c.messages), c.messages, css="num"),
                Cell(
                    ", ".join(gemeente(g) for g in c.gemeenten.split(", ") if g) or formats.NOTHING,
                    c.gemeenten,
                ),
                Cell(
                    ", ".join(names.aanbieder(a) for a in c.aanbieders.split(", ") if a) or formats.NOTHING,
                    c.aanbieders,
                ),
            ]
        )
    return table


@router.get("/trajectories", include_in_schema=False)
def trajectories_page(
    request: Request,
    principal: Principal = Depends(READ),
    q: str = Query("", max_length=80),
) -> Response:
    """Search a client by pseudonym or ToewijzingNummer; without a query, the most recent clients."""
    state = get_state(request)
    query = q.strip()
    matches: list[queries.ClientKey] = []
    message = None
    if query:
        if query.isdigit() and int(query) <= MAX_ID:  # a ToewijzingNummer is a BIGINT
            matches = queries.clients_by_toewijzing(state.engine, principal, state.pseudo, int(query))
        if not matches and Pseudonymiser.looks_like(query):
            found = queries.find_client(state.engine, principal, state.pseudo, query)
            matches = [found] if found is not None else []
        if len(matches) == 1:
            return redirect(request, f"/trajectories/{matches[0].pseudonym}")
        if not matches:
            message = (
                "Geen cliënt gevonden: zoek op een ToewijzingNummer of een pseudoniem "
                f"(ten minste de eerste {SHORT} tekens), binnen uw eigen berichtenverkeer."
            )
    clients = [] if query else queries.recent_clients(state.engine, principal, state.pseudo)
    return render_tables(
        request,
        "trajectories.html",
        principal,
        [clients_table(base_path(request), clients, Names.load(state.engine))],
        title="Trajecten",
        query=query,
        matches=matches,
        message=message,
    )


def trajectory_tables(
    base: str, data: queries.Trajectory, messages: DataTable, names: Names
) -> list[DataTable]:
    """The tables of a client's trajectory page: toewijzingen, the steps in time order, the quality
    findings and the messages."""
    return [
        _toewijzingen_table(data, names),
        _events_table(data, names),
        _findings_table(base, data),
        messages,
    ]


def _toewijzingen_table(data: queries.Trajectory, names: Names) -> DataTable:
    table = DataTable(
        "toewijzingen",
        "Toewijzingen",
        [
            Column("ToewijzingNummer"),
            Column("gemeente"),
            Column("aanbieder"),
            Column("product"),
            Column("ingangsdatum"),
            Column("einddatum"),
            Column("versies", True),
            Column("starts", True),
            Column("stops", True),
            Column("gedeclareerd", True),
            Column("afgewezen", True),
        ],
        empty="Geen toewijzing in uw berichtenverkeer.",
    )
    for t in data.toewijzingen:
        table.rows.append(
            [
                Cell(str(t.nummer), t.nummer),
                Cell(gemeente(t.gemeente), t.gemeente),
                Cell(names.aanbieder(t.aanbieder), t.aanbieder),
                Cell(t.product),
                Cell(formats.day(t.ingangsdatum), t.ingangsdatum or ""),
                Cell(formats.day(t.einddatum) if t.einddatum else "open", t.einddatum or ""),
                Cell(str(t.versions), t.versions, css="num"),
                Cell(str(t.starts), t.starts, css="num"),
                Cell(str(t.stops), t.stops, css="num"),
                Cell(formats.euro(t.declared_cents), f"{t.declared_cents / 100:.2f}", css="num"),
                Cell(formats.euro(t.rejected_cents), f"{t.rejected_cents / 100:.2f}", css="num"),
            ]
        )
    return table


def _events_table(data: queries.Trajectory, names: Names) -> DataTable:
    table = DataTable(
        "events",
        "In volgorde van tijd",
        [
            Column("datum"),
            Column("stap"),
            Column("berichtsoort"),
            Column("gemeente"),
            Column("aanbieder"),
            Column("ToewijzingNummer"),
            Column("product"),
            Column("details"),
            Column("status"),
        ],
        empty="Geen stappen in uw berichtenverkeer.",
        note="Datum: de toewijzingsdatum, de begindatum van de start, de einddatum van de stop, het begin "
        "van de periode van de prestatie; verzoeken en antwoorden op de Dagtekening van hun bericht.",
    )
    for e in data.events:
        table.rows.append(
            [
                Cell(formats.day(e.day), e.day or ""),
                Cell(labels.STEPS.get(e.kind, e.kind), e.kind),
                Cell(e.berichtsoort),
                Cell(gemeente(e.gemeente), e.gemeente),
                Cell(names.aanbieder(e.aanbieder), e.aanbieder),
                Cell(
                    str(e.toewijzing_nummer) if e.toewijzing_nummer else formats.NOTHING,
                    e.toewijzing_nummer or "",
                ),
                Cell(e.product),
                Cell(e.detail),
                Cell(labels.status(e.status), e.status, css=f"status {e.status}"),
            ]
        )
    return table


def _findings_table(base: str, data: queries.Trajectory) -> DataTable:
    table = DataTable(
        "client-findings",
        "Kwaliteitsbevindingen",
        [
            Column("dagtekening"),
            Column("controle"),
            Column("ernst"),
            Column("berichtsoort"),
            Column("ToewijzingNummer"),
            Column("toelichting"),
        ],
        empty="Geen bevindingen van de kwaliteitsdienst op de berichten van deze cliënt"
        + ("." if data.events else " (geen in uw berichtenverkeer)."),
        note="Berichtoverstijgende regels en termijnen, zoals de kwaliteitsdienst ze bij de laatste run "
        "beoordeelde; de code leidt naar de berichten met die bevinding.",
    )
    for f in data.findings:
        table.rows.append(
            [
                Cell(formats.day(f.dagtekening), f.dagtekening or ""),
                Cell(f.check, code=True, title=describe(f.check), href=f"{base}/berichten?regel={f.check}"),
                Cell(labels.severity(f.severity), f.severity, css=f"severity {f.severity}"),
                Cell(f.berichtsoort),
                Cell(
                    str(f.toewijzing_nummer) if f.toewijzing_nummer else formats.NOTHING,
                    f.toewijzing_nummer or "",
                ),
                Cell(f.detail),
            ]
        )
    return table


@router.get("/trajectories/{pseudonym}", include_in_schema=False)
def trajectory_page(request: Request, pseudonym: str, principal: Principal = Depends(READ)) -> Response:
    """One client's trajectory, pseudonymised; 404 when the client is not in the principal's traffic."""
    state = get_state(request)
    client = queries.find_client(state.engine, principal, state.pseudo, normalise(pseudonym))
    if client is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Geen cliënt met dit pseudoniem in uw verkeer.")
    data = queries.trajectory(state.engine, principal, client)
    base = base_path(request)
    names = Names.load(state.engine)
    messages = message_table(
        "client-berichten",
        "Berichten over deze cliënt",
        base,
        client_messages(state.engine, principal, client.bsn),
        names,
        "Geen berichten in uw berichtenverkeer.",
    )
    return render_tables(
        request,
        "trajectory.html",
        principal,
        trajectory_tables(base, data, messages, names),
        title="Traject",
        data=data,
    )

"""The exports page (scope ``export.lezen``): the files an afnemer is granted, to download, and a preview.

An afnemer sees the exports and gemeenten of its grants (:mod:`ijw.auth.scopes`), a beheerder every export
of every gemeente. The downloads are the same files the HTTP API's ``/exports`` serves (one
:class:`services.export.service.Exporter`, same names): BSNs only to a credential entitled to them, keyed-hash
pseudonyms (``IJW_PSEUDONYM_KEY``) for everyone else, and no file with personal data when no key is set.
The preview shows the Iv3 amounts per gemeente and taakveld of the chosen year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from ijw.auth.dependencies import deny
from ijw.auth.scopes import EXPORT_LEZEN, EXPORTS, Principal
from services.dashboard.export_views import (
    coverage_table,
    outcome_table,
    reconciliation_chart,
    reconciliation_table,
)
from services.dashboard.session import access, base_path
from services.dashboard.tables import Cell, Column, DataTable
from services.dashboard.web import TABLES, NavItem, get_state, render_tables
from services.export import (
    KIND_PERIODS,
    KIND_TITLES,
    BsnTransform,
    Exporter,
    ExportFile,
    ExportSettings,
    Kind,
    Period,
    PeriodError,
    PseudonymKeyError,
    filename,
    for_recipient,
    identity,
    kind_periods,
    years_in_data,
)
from services.present.formats import NOTHING, euro
from services.present.names import gemeente, taakveld

router = APIRouter()
NAV = NavItem("/exports", "Exports", EXPORT_LEZEN)  # "export" is Dutch too
SETTINGS = "export_settings"
READ = access(EXPORT_LEZEN)

TITLES = {
    "bij": "BIJ-records (Beleidsinformatie Jeugd)",
    "iv3": "Iv3-bedragen per gemeente en taakveld",
    "reconciliation": "Aansluiting BIJ ↔ Iv3 per gemeente en taakveld",
    "indicators": "Monitorindicatoren (trajectduur, wachttijd, in- en uitstroom, kosten)",
}


@dataclass(frozen=True, slots=True)
class Download:
    """One file on the page: what it is and the query of its link."""

    export: str
    title: str
    period: str
    name: str
    query: str
    personal: bool


def downloads(principal: Principal, year: int) -> list[Download]:
    """Every file the principal may download for ``year``, in the order of :data:`EXPORTS`."""
    found: list[Download] = []
    for export in EXPORTS:
        if not principal.may_export(export):
            continue
        if export == "bij":
            for kind, kind_title in KIND_TITLES.items():
                for label in (p.label for p in kind_periods(kind, year)):
                    for companion in (False, True):
                        extra = "&companion=true" if companion else ""
                        found.append(
                            Download(
                                export,
                                f"{kind_title}{' — niet exporteerbaar, met reden' if companion else ''}",
                                label,
                                filename("bij", label, kind=kind, companion=companion),
                                f"export=bij&kind={kind}&period={label}{extra}",
                                True,
                            )
                        )
            name = filename("coverage", str(year))
            found.append(
                Download(
                    export,
                    "dekking: gekoppeld en geëxporteerd",
                    str(year),
                    name,
                    f"export=coverage&period={year}",
                    False,
                )
            )
        elif export == "iv3":
            for quarters, companion, title in (
                (False, False, "per jaar"),
                (True, False, "per kwartaal"),
                (False, True, "bedragen zonder taakveld"),
            ):
                query = f"export=iv3&period={year}&quarters={str(quarters).lower()}"
                found.append(
                    Download(
                        export,
                        title,
                        str(year),
                        filename("iv3", str(year), quarters=quarters, companion=companion),
                        query + ("&companion=true" if companion else ""),
                        False,
                    )
                )
        else:
            found.append(
                Download(
                    export,
                    "",
                    str(year),
                    filename(export, str(year)),
                    f"export={export}&period={year}",
                    False,
                )
            )
    return found


def _settings(request: Request) -> ExportSettings:
    state = get_state(request)
    settings = state.extra.get(SETTINGS)
    if settings is None:
        settings = state.extra[SETTINGS] = ExportSettings()
    assert isinstance(settings, ExportSettings)
    return settings


def _transform(principal: Principal, settings: ExportSettings) -> BsnTransform | None:
    """BSN as is for an entitled credential, else pseudonyms; None when no pseudonym key is set."""
    try:
        return for_recipient(principal.bsn_entitled, settings.key_bytes())
    except PseudonymKeyError:
        return None


def _exporter(request: Request, principal: Principal) -> Exporter:
    return Exporter(get_state(request).engine, gemeenten=principal.export_gemeenten)


def export_tables(
    base: str, files: list[Download], keyless: bool, preview: ExportFile | None, year: int
) -> list[DataTable]:
    """The exports page's tables: the files to download and the Iv3 preview."""
    downloads = DataTable(
        "downloads",
        f"Bestanden van {year}",
        [Column("export"), Column("wat"), Column("periode"), Column("bestand")],
        empty="Aan deze sleutel is geen export toegekend.",
    )
    for f in files:
        unavailable = f.personal and keyless
        downloads.rows.append(
            [
                Cell(TITLES[f.export], f.export),
                Cell(f.title or NOTHING, f.title),
                Cell(f.period, css="nowrap"),
                Cell(
                    f.name + (" (niet beschikbaar)" if unavailable else ""),
                    f.name,
                    href=None if unavailable else f"{base}/exports/file?{f.query}",
                    css="nowrap download",
                ),
            ]
        )
    tables = [downloads]
    if preview is not None:
        iv3 = DataTable(
            "iv3",
            f"Iv3-bedragen {year}",
            [
                Column("gemeente"),
                Column("taakveld"),
                Column("bedrag", True),
                Column("toewijzing aan taakveld"),
            ],
            empty=f"Geen geaccepteerde declaraties in {year}.",
        )
        for row in preview.rows:
            cents = int((Decimal(str(row[3])) * 100).to_integral_value())
            iv3.rows.append(
                [
                    Cell(gemeente(str(row[0])), row[0]),
                    Cell(taakveld(str(row[1])), row[1]),
                    Cell(euro(cents), row[3], css="num"),
                    Cell("standaard (productcategorie)" if row[4] == "true" else "productcode", row[4]),
                ]
            )
        tables.append(iv3)
    return tables


@router.get("/exports", include_in_schema=False, dependencies=[TABLES])
async def exports_page(
    request: Request, principal: Principal = Depends(READ), year: int | None = Query(None, ge=1900, le=9999)
) -> Response:
    """The granted downloads of a year and the Iv3 preview."""
    state = get_state(request)
    years = await run_in_threadpool(years_in_data, state.engine)
    chosen = year or (years[-1] if years else dt.date.today().year)
    preview: ExportFile | None = None
    exporter = _exporter(request, principal)
    if principal.may_export("iv3"):
        preview = await run_in_threadpool(lambda: exporter.iv3(chosen))
    keyless = _transform(principal, _settings(request)) is None
    tables = export_tables(base_path(request), downloads(principal, chosen), keyless, preview, chosen)
    charts = []
    if principal.may_export("bij"):
        tables.append(coverage_table(await run_in_threadpool(lambda: exporter.coverage(chosen)), chosen))
    if principal.may_export("reconciliation"):
        min_cell = _settings(request).export_min_cell
        reconciliation = await run_in_threadpool(lambda: exporter.reconciliation(chosen, min_cell))
        tables.append(reconciliation_table(reconciliation, chosen))
        if reconciliation.rows:
            charts.append(reconciliation_chart(reconciliation, chosen))
    if principal.may_export("indicators"):
        min_cell = _settings(request).export_min_cell
        indicators = await run_in_threadpool(lambda: exporter.indicators(chosen, min_cell))
        tables.append(outcome_table(indicators, chosen))
    return render_tables(
        request,
        "exports.html",
        principal,
        tables,
        charts=charts,
        title="Exports",
        years=years,
        year=chosen,
        keyless=keyless,
        exports=sorted(principal.exports) if principal.exports is not None else None,
        gemeenten=sorted(principal.export_gemeenten) if principal.export_gemeenten is not None else None,
    )


def _file(
    exporter: Exporter,
    export: str,
    period: Period,
    kind: Kind,
    quarters: bool,
    bsn: BsnTransform,
    min_cell: int,
) -> ExportFile:
    year = period.start.year
    if export == "bij":
        return exporter.bij(period, kind, bsn)
    if export == "iv3":
        return exporter.iv3(year, quarters)
    if export == "reconciliation":
        return exporter.reconciliation(year, min_cell)
    if export == "coverage":
        return exporter.coverage(year)
    return exporter.indicators(year, min_cell)


@router.get("/exports/file", include_in_schema=False)
async def export_file(
    request: Request,
    principal: Principal = Depends(READ),
    export: str = Query(..., pattern="^(bij|coverage|iv3|reconciliation|indicators)$"),
    period: str = Query(..., max_length=7),
    kind: Kind = Query("jh"),
    quarters: bool = Query(False),
    companion: bool = Query(False),
) -> Response:
    """One export as a CSV download, within the principal's grants."""
    if not principal.may_export("bij" if export == "coverage" else export):
        raise deny(request, principal, f"export {export} is niet aan deze sleutel toegekend")
    try:
        parsed = Period.parse(period)
    except PeriodError as exc:
        raise HTTPException(422, str(exc)) from None
    expected = KIND_PERIODS[kind] if export == "bij" else "year"
    if parsed.kind != expected:
        raise HTTPException(422, f"deze export vraagt een periode van het soort {expected}")
    settings = _settings(request)
    bsn = _transform(principal, settings)
    if bsn is None:
        if export == "bij":
            raise HTTPException(
                status.HTTP_503_SERVICE_UNAVAILABLE,
                "Bestanden met persoonsgegevens zijn niet beschikbaar: er is geen pseudoniemsleutel "
                "ingesteld (IJW_PSEUDONYM_KEY).",
            )
        bsn = identity  # the aggregate exports hold no BSN
    exporter = _exporter(request, principal)
    file = await run_in_threadpool(
        _file, exporter, export, parsed, kind, quarters, bsn, settings.export_min_cell
    )
    name = filename(export, parsed.label, kind=kind, quarters=quarters, companion=companion)
    body = file.companion_csv() if companion and file.companion_columns else file.csv()
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )

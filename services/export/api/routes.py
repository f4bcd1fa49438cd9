"""``GET /exports/…``: the exports for afnemers (scope ``export.lezen``; ``beheer`` implies it).

Every endpoint answers JSON (default) or CSV (``format=csv``, as a download with the same bytes as the CLI's
file for the same data). A BSN leaves the service only to a credential with ``bsn_entitled``; every other
credential (afnemers without that right, and beheerders too) gets keyed-hash pseudonyms, and when no
pseudonym key is configured the export is refused (503) rather than sent with BSNs.

An afnemer's export grants (:mod:`ijw.auth.scopes`) hold on every endpoint: an export it is not granted is
answered 403; with gemeente grants, only those gemeenten's traffic goes into the export.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from ijw.auth.dependencies import deny, require
from ijw.auth.scopes import EXPORT_LEZEN, Principal
from ijw.pseudonym import PseudonymKeyError
from services.export.api.state import ExportState, get_state
from services.export.bij.records import KIND_PERIODS, Kind
from services.export.periods import Period, PeriodError
from services.export.privacy import BsnTransform, for_recipient
from services.export.service import Exporter, ExportFile, filename

log = logging.getLogger(__name__)

router = APIRouter(prefix="/exports", tags=["exports"])

Format = Literal["json", "csv"]
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
_FORMAT = Query("json", description="json (default) or csv (a download)")
_YEAR = Query(..., ge=1900, le=9999, description="year")


def _bsn_transform(principal: Principal, state: ExportState) -> BsnTransform:
    """BSN as is for a credential entitled to it, else the pseudonym; 503 when there is no key."""
    try:
        return for_recipient(principal.bsn_entitled, state.settings.key_bytes())
    except PseudonymKeyError:
        log.error("export refused: no pseudonym key configured key_id=%s", principal.key_id)
        raise HTTPException(
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            detail="exports with personal data are unavailable: no pseudonym key configured",
        ) from None


def _respond(file: ExportFile, fmt: Format, filename: str, companion: bool = False) -> Response:
    if fmt == "csv":
        body = file.companion_csv() if companion else file.csv()
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        return Response(content=body, media_type=CSV_MEDIA_TYPE, headers=headers)
    return Response(content=file.json(), media_type="application/json")


def _granted(name: str) -> Callable[..., Principal]:
    """The dependency: a principal with ``export.lezen`` that is granted export ``name`` (else 403)."""
    reader = require(EXPORT_LEZEN)

    def dependency(request: Request, principal: Principal = Depends(reader)) -> Principal:
        if not principal.may_export(name):
            raise deny(request, principal, f"export {name} is not granted to this credential")
        return principal

    return dependency


def _exporter(state: ExportState, principal: Principal) -> Exporter:
    return Exporter(state.engine, state.catalog, gemeenten=principal.export_gemeenten)


@router.get("/bij", summary="BIJ records of a verslagperiode (scope export.lezen)")
async def bij(
    request: Request,
    period: str = Query(..., max_length=7, description="2025-H1, 2025-H2 (jh, jb) or 2025-Q1 … 2025-Q4 (jr)"),
    kind: Kind = Query(
        "jh",
        description="jh jeugdhulp, jb jeugdbescherming, jbm machtigingen uithuisplaatsing, "
        "jr jeugdreclassering",
    ),
    unexportable: bool = Query(False, description="with format=csv: the companion file instead"),
    format: Format = _FORMAT,
    principal: Principal = Depends(_granted("bij")),
    state: ExportState = Depends(get_state),
) -> Response:
    """Records per aanbieder, client and hulpvorm (JSON: with the trajectories that cannot be exported)."""
    try:
        parsed = Period.parse(period)
    except PeriodError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    if parsed.kind != KIND_PERIODS[kind]:
        raise HTTPException(
            status_code=422, detail=f"a {kind} verslagperiode is a {KIND_PERIODS[kind]} period"
        )
    transform = _bsn_transform(principal, state)
    file = await run_in_threadpool(lambda: _exporter(state, principal).bij(parsed, kind, transform))
    name = filename("bij", parsed.label, kind=kind, companion=unexportable)
    return _respond(file, format, name, companion=unexportable)


@router.get("/iv3", summary="Iv3 taakveld aggregates of a year (scope export.lezen)")
async def iv3(
    year: int = _YEAR,
    quarters: bool = Query(False, description="one row per quarter (kwartaal column)"),
    unmapped: bool = Query(False, description="with format=csv: the amounts without taakveld instead"),
    format: Format = _FORMAT,
    principal: Principal = Depends(_granted("iv3")),
    state: ExportState = Depends(get_state),
) -> Response:
    """Accepted declared amounts per gemeente and taakveld, euros."""
    file = await run_in_threadpool(lambda: _exporter(state, principal).iv3(year, quarters))
    name = filename("iv3", str(year), quarters=quarters, companion=unmapped)
    return _respond(file, format, name, companion=unmapped)


@router.get("/coverage", summary="Coverage of the BIJ files per gemeente and aanbieder (scope export.lezen)")
async def coverage(
    year: int = _YEAR,
    format: Format = _FORMAT,
    principal: Principal = Depends(_granted("bij")),
    state: ExportState = Depends(get_state),
) -> Response:
    """Per kind, verslagperiode, gemeente and aanbieder: linked trajectories, exported ones, percent
    (granted with the BIJ files: every linked trajectory is in a BIJ file or its companion)."""
    file = await run_in_threadpool(lambda: _exporter(state, principal).coverage(year))
    return _respond(file, format, filename("coverage", str(year)))


@router.get("/reconciliation", summary="BIJ ↔ Iv3 per gemeente and taakveld (scope export.lezen)")
async def reconciliation(
    year: int = _YEAR,
    format: Format = _FORMAT,
    principal: Principal = Depends(_granted("reconciliation")),
    state: ExportState = Depends(get_state),
) -> Response:
    """Clients, trajectories, costs and their mismatches; small cells suppressed."""
    min_cell = state.settings.export_min_cell
    file = await run_in_threadpool(lambda: _exporter(state, principal).reconciliation(year, min_cell))
    return _respond(file, format, filename("reconciliation", str(year)))


@router.get("/indicators", summary="Monitor indicators per gemeente, regio, aanbieder (scope export.lezen)")
async def indicators(
    year: int = _YEAR,
    format: Format = _FORMAT,
    principal: Principal = Depends(_granted("indicators")),
    state: ExportState = Depends(get_state),
) -> Response:
    """Trajectduur, wachttijd, in- en uitstroom, clients in care, kosten per traject."""
    min_cell = state.settings.export_min_cell
    file = await run_in_threadpool(lambda: _exporter(state, principal).indicators(year, min_cell))
    return _respond(file, format, filename("indicators", str(year)))

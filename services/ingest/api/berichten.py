"""``GET /berichten…``: stored messages, their findings, raw XML and retour message, per the party rules.

A gemeente sees the messages whose gemeente party is its gemeentecode, an aanbieder those whose aanbieder
party is its AGB code, plus (both) the rejected input its own keys delivered over HTTP, which has no parties;
a beheerder sees everything. A single message outside these rules is answered 404, exactly like one that
does not exist, and the denial is logged; lists are filtered.
"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.exceptions import HTTPException
from sqlalchemy import ColumnElement, Engine, and_, select
from starlette.concurrency import run_in_threadpool

from ijw import json_view
from ijw.auth.dependencies import deny, require
from ijw.auth.rows import may_read, visible
from ijw.auth.scopes import BERICHTEN_LEZEN, Principal
from ijw.db import decompress
from ijw.db.tables import BERICHTEN, FINDINGS
from ijw.safeparse import MessageRejected
from services.edge import MAX_ID, BerichtId, Day
from services.ingest.api.schemas import (
    BerichtDetail,
    BerichtPage,
    BerichtSummary,
    FindingOut,
    RetourOf,
    StoredStatus,
)
from services.ingest.api.state import ApiState, get_state

router = APIRouter(tags=["berichten"])

TIMEZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
MAX_LIMIT = 500
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such message, or not one of the credential's party"}
}

_b = BERICHTEN.c
SUMMARY_COLUMNS = (
    _b.id,
    _b.afzender,
    _b.ontvanger,
    _b.berichtsoort,
    _b.identificatie,
    _b.dagtekening,
    _b.gemeente,
    _b.aanbieder,
    _b.status,
    _b.xsd_valid,
    _b.received_at,
    _b.retour_xml.is_not(None).label("has_retour"),
)
DETAIL_COLUMNS = (
    *SUMMARY_COLUMNS,
    _b.bericht_code,
    _b.size,
    _b.content_hash,
    _b.stored_at,
    _b.rejection_code,
    _b.rejection_reason,
    _b.retour_of_afzender,
    _b.retour_of_berichtsoort,
    _b.retour_of_identificatie,
    _b.retour_to_id,
    _b.source,
)


def _utc(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in Europe/Amsterdam, in UTC."""
    return dt.datetime.combine(day, dt.time(), TIMEZONE).astimezone(dt.UTC)


def _summary_values(row: Any) -> dict[str, Any]:
    identified = bool(row.berichtsoort)
    return {
        "id": row.id,
        "key": f"{row.afzender}/{row.berichtsoort}/{row.identificatie}" if identified else None,
        "berichtsoort": row.berichtsoort or None,
        "afzender": row.afzender or None,
        "ontvanger": row.ontvanger or None,
        "gemeente": row.gemeente or None,
        "aanbieder": row.aanbieder or None,
        "identificatie": row.identificatie or None,
        "dagtekening": row.dagtekening,
        "status": row.status,
        "xsd_valid": row.xsd_valid,
        "received_at": _aware(row.received_at),
        "has_retour": bool(row.has_retour),
    }


def _aware(value: dt.datetime) -> dt.datetime:
    """SQLite gives naive datetimes back: they are UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _list(
    engine: Engine, principal: Principal, conditions: list[ColumnElement[bool]], limit: int
) -> BerichtPage:
    stmt = (
        select(*SUMMARY_COLUMNS).where(and_(visible(principal), *conditions)).order_by(_b.id).limit(limit + 1)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    more = len(rows) > limit
    rows = rows[:limit]
    items = [BerichtSummary(**_summary_values(r)) for r in rows]
    return BerichtPage(items=items, next_after=items[-1].id if more and items else None)


@router.get("/berichten", response_model=BerichtPage, summary="List the party's stored messages")
async def list_berichten(
    principal: Principal = Depends(require(BERICHTEN_LEZEN)),
    state: ApiState = Depends(get_state),
    berichtsoort: str | None = Query(None, pattern=r"^JW\d{3}$", description="e.g. JW301"),
    status_: StoredStatus | None = Query(None, alias="status", description="valid, invalid or rejected"),
    received_from: Day | None = Query(None, description="received on or after this day"),
    received_to: Day | None = Query(None, description="received on or before this day"),
    dagtekening_from: Day | None = Query(None, description="Dagtekening on or after"),
    dagtekening_to: Day | None = Query(None, description="Dagtekening on or before"),
    after: int | None = Query(
        None, ge=0, le=MAX_ID, description="continue after this id (next_after of the last page)"
    ),
    limit: int = Query(100, ge=1, le=MAX_LIMIT, description="messages per page"),
) -> BerichtPage:
    """The stored messages the credential may see, oldest first, with keyset pagination.

    Days are calendar days in Europe/Amsterdam.
    """
    conditions: list[ColumnElement[bool]] = []
    if berichtsoort is not None:
        conditions.append(_b.berichtsoort == berichtsoort)
    if status_ is not None:
        conditions.append(_b.status == status_)
    if received_from is not None:
        conditions.append(_b.received_at >= _utc(received_from))
    if received_to is not None:
        conditions.append(_b.received_at < _utc(received_to + dt.timedelta(days=1)))
    if dagtekening_from is not None:
        conditions.append(_b.dagtekening >= dagtekening_from)
    if dagtekening_to is not None:
        conditions.append(_b.dagtekening <= dagtekening_to)
    if after is not None:
        conditions.append(_b.id > after)
    return await run_in_threadpool(_list, state.engine, principal, conditions, limit)


def _fetch(engine: Engine, bericht_id: int, *columns: Any) -> Any:
    b = _b
    with engine.connect() as conn:
        return conn.execute(
            select(b.gemeente, b.aanbieder, b.source, *columns).where(b.id == bericht_id)
        ).first()


async def _readable(
    request: Request, state: ApiState, principal: Principal, bericht_id: int, *columns: Any
) -> Any:
    """The row of ``bericht_id`` when ``principal`` may read it; 404 (logged when hidden) otherwise."""
    row = await run_in_threadpool(_fetch, state.engine, bericht_id, *columns)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="not found")
    if not may_read(principal, row):
        raise deny(
            request,
            principal,
            f"bericht {bericht_id}: {principal.why_not(row.gemeente, row.aanbieder)}",
            status_code=status.HTTP_404_NOT_FOUND,
        )
    return row


def _findings(engine: Engine, bericht_id: int) -> list[FindingOut]:
    f = FINDINGS.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(f.rule, f.retourcode, f.location, f.severity, f.message)
            .where(f.bericht_id == bericht_id)
            .order_by(f.id)
        ).all()
    return [
        FindingOut(
            rule=r.rule, retourcode=r.retourcode, location=r.location, message=r.message, severity=r.severity
        )
        for r in rows
    ]


def _wants_json_view(request: Request) -> bool:
    """Whether the Accept header names the JSON view of the message itself (:data:`json_view.MEDIA_TYPE`)."""
    ranges = request.headers.get("accept", "").split(",")
    return any(r.split(";")[0].strip().lower() == json_view.MEDIA_TYPE for r in ranges)


async def _json_view(request: Request, state: ApiState, principal: Principal, bericht_id: int) -> Response:
    """The stored message as JSON decoded by its XSD types; 406 when it cannot be (XSD-invalid, rejected)."""
    row = await _readable(request, state, principal, bericht_id, _b.raw_xml)
    try:
        view = await run_in_threadpool(json_view.message_json, decompress(row.raw_xml))
    except MessageRejected as exc:
        raise HTTPException(status.HTTP_406_NOT_ACCEPTABLE, detail=f"{exc.code}: {exc.reason}") from None
    content = json.dumps(view, ensure_ascii=False).encode("utf-8")
    return Response(content=content, media_type=json_view.MEDIA_TYPE)


@router.get(
    "/berichten/{bericht_id}",
    response_model=BerichtDetail,
    summary="Metadata and findings of one message (no personal data); or the message as JSON",
    responses={
        200: {"content": {json_view.MEDIA_TYPE: {}}},
        406: {"description": "the JSON view was asked for a message that is not XSD-valid"},
        **_NOT_FOUND,
    },
)
async def get_bericht(
    bericht_id: BerichtId,
    request: Request,
    principal: Principal = Depends(require(BERICHTEN_LEZEN)),
    state: ApiState = Depends(get_state),
) -> BerichtDetail | Response:
    """Header values, verdict, rejection reason and findings of one stored message.

    With ``Accept: application/vnd.ijw.bericht+json``: the message itself (personal data: parties of the
    message only, as ``/xml``) as JSON decoded by the types of its XSD, for BI tools (``ijw.json_view``)."""
    if _wants_json_view(request):
        return await _json_view(request, state, principal, bericht_id)
    row = await _readable(request, state, principal, bericht_id, *DETAIL_COLUMNS)
    findings = await run_in_threadpool(_findings, state.engine, bericht_id)
    retour_of = None
    if row.retour_of_berichtsoort:
        retour_of = RetourOf(
            afzender=row.retour_of_afzender,
            berichtsoort=row.retour_of_berichtsoort,
            identificatie=row.retour_of_identificatie,
            bericht_id=row.retour_to_id,
        )
    return BerichtDetail(
        **_summary_values(row),
        bericht_code=row.bericht_code,
        size=row.size,
        content_hash=row.content_hash,
        stored_at=_aware(row.stored_at),
        rejection_code=row.rejection_code,
        rejection_reason=row.rejection_reason,
        retour_of=retour_of,
        findings=findings,
    )


@router.get(
    "/berichten/{bericht_id}/xml",
    response_class=Response,
    summary="The message as received (contains personal data: parties of the message only)",
    responses={200: {"content": {"application/xml": {}}}, **_NOT_FOUND},
)
async def get_bericht_xml(
    bericht_id: BerichtId,
    request: Request,
    principal: Principal = Depends(require(BERICHTEN_LEZEN)),
    state: ApiState = Depends(get_state),
) -> Response:
    """The raw bytes of the message, exactly as received."""
    row = await _readable(request, state, principal, bericht_id, _b.raw_xml)
    return Response(content=decompress(row.raw_xml), media_type="application/xml")


@router.get(
    "/berichten/{bericht_id}/retour",
    response_class=Response,
    summary="The retour message built for a heenbericht",
    responses={200: {"content": {"application/xml": {}}}, **_NOT_FOUND},
)
async def get_bericht_retour(
    bericht_id: BerichtId,
    request: Request,
    principal: Principal = Depends(require(BERICHTEN_LEZEN)),
    state: ApiState = Depends(get_state),
) -> Response:
    """The retour message (JW302/306/308/316/318/320) ingest built for this message; 404 when it has none
    (a retour message itself, an XSD-invalid or rejected message: control level 1 has no retour)."""
    row = await _readable(request, state, principal, bericht_id, _b.retour_xml)
    if row.retour_xml is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="this message has no retour message")
    return Response(content=decompress(row.retour_xml), media_type="application/xml")

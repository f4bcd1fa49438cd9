"""``GET /kwaliteit/audit``: the answer audit of the party's own traffic (scope ``kwaliteit.lezen``).

Per antwoorder (the party that sent the answers) and, with ``per``, per counterpart: the answers judged, the
share as the standard prescribes and the amounts approved or rejected against the rules; and a page of the
audit findings behind them, the largest amounts first. Party rules as ``/kwaliteit/indicatoren``: filters
only narrow the credential's own traffic.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from ijw.auth.dependencies import party_selection
from ijw.auth.dependencies import require as require_scope
from ijw.auth.scopes import KWALITEIT_LEZEN, Principal
from services.quality.api.state import get_engine
from services.quality.audit import AUDIT_CHECKS
from services.quality.audit.indicators import AuditRate, audit_findings, audit_rates, audit_total
from services.quality.indicators import PartyKind

router = APIRouter(prefix="/kwaliteit", tags=["kwaliteit"])
_reader = require_scope(KWALITEIT_LEZEN)
MAX_LIMIT = 500


class AuditRateOut(BaseModel):
    """The answers one party sent, as judged by the audit (amounts in eurocents)."""

    party: str | None = Field(description="the counterpart (with per), else null")
    antwoorder: str = Field(description="gemeente or aanbieder: who sent these answers")
    answers: int
    volgens_standaard: int
    rate: float | None = Field(description="volgens_standaard / answers")
    goedgekeurd_onterecht: int
    afgewezen_onterecht: int
    ontbreekt: int
    te_laat: int
    bedrag_goedgekeurd_onterecht: int = Field(description="eurocents of debets approved against the rules")
    bedrag_afgewezen_onterecht: int = Field(description="eurocents of debets rejected with a holding rule")


class AuditFindingOut(BaseModel):
    """One audit finding (no BSN, no name)."""

    check: str = Field(description="AUDIT-GOEDGEKEURD-ONTERECHT, AUDIT-AFGEWEZEN-ONTERECHT, …")
    rule: str | None = Field(description="the official rule or deadline the decision contradicts")
    retourcode: str | None
    gemeente: str
    aanbieder: str
    antwoorder: str
    berichtsoort: str = Field(description="the answer's berichtsoort")
    heenbericht: str = Field(description="<afzender>/<berichtsoort>/<identificatie>")
    antwoord: str | None = Field(description="the answer, null when it is missing")
    toewijzing_nummer: int | None
    referentie: str | None = Field(description="ReferentieNummer of the prestatie")
    bedrag: int | None = Field(description="eurocents at stake")
    detail: str


class AuditOut(BaseModel):
    totals: list[AuditRateOut]
    per: PartyKind | None
    rates: list[AuditRateOut]
    checks: dict[str, str] = Field(description="the audit codes with their description (Dutch)")
    findings: list[AuditFindingOut]
    page: int
    limit: int


def _rate(r: AuditRate) -> AuditRateOut:
    return AuditRateOut(
        party=r.party,
        antwoorder=r.antwoorder,
        answers=r.answers,
        volgens_standaard=r.volgens_standaard,
        rate=r.ratio.rate,
        goedgekeurd_onterecht=r.goedgekeurd_onterecht,
        afgewezen_onterecht=r.afgewezen_onterecht,
        ontbreekt=r.ontbreekt,
        te_laat=r.te_laat,
        bedrag_goedgekeurd_onterecht=r.bedrag_goedgekeurd_onterecht,
        bedrag_afgewezen_onterecht=r.bedrag_afgewezen_onterecht,
    )


def _audit(
    engine: Engine,
    aanbieder: str | None,
    gemeente: str | None,
    per: PartyKind | None,
    check: str | None,
    page: int,
    limit: int,
) -> AuditOut:
    with engine.connect() as conn:
        totals = audit_rates(conn, aanbieder=aanbieder, gemeente=gemeente)
        rates = audit_rates(conn, aanbieder=aanbieder, gemeente=gemeente, per=per) if per else []
        found = audit_findings(
            conn, aanbieder=aanbieder, gemeente=gemeente, check=check, limit=limit, offset=(page - 1) * limit
        )
    return AuditOut(
        totals=[_rate(audit_total(totals, a)) for a in ("gemeente", "aanbieder")],
        per=per,
        rates=[_rate(r) for r in rates],
        checks={code: c.omschrijving for code, c in AUDIT_CHECKS.items()},
        findings=[
            AuditFindingOut(
                check=f.check,
                rule=f.rule,
                retourcode=f.retourcode,
                gemeente=f.gemeente,
                aanbieder=f.aanbieder,
                antwoorder=f.antwoorder,
                berichtsoort=f.berichtsoort,
                heenbericht=f.heenbericht,
                antwoord=f.antwoord,
                toewijzing_nummer=f.toewijzing_nummer,
                referentie=f.referentie,
                bedrag=f.bedrag,
                detail=f.detail,
            )
            for f in found
        ],
        page=page,
        limit=limit,
    )


@router.get("/audit", response_model=AuditOut, summary="The answer audit of the party's own traffic")
async def get_audit(
    request: Request,
    principal: Principal = Depends(_reader),
    engine: Engine = Depends(get_engine),
    per: PartyKind | None = Query(None, description="one row per aanbieder or gemeente (of the own traffic)"),
    check: Literal[tuple(AUDIT_CHECKS)] | None = Query(None, description="only this audit code"),  # type: ignore[valid-type]
    aanbieder: str | None = Query(None, pattern=r"^\d{8}$", description="narrow to this aanbieder"),
    gemeente: str | None = Query(None, pattern=r"^\d{4}$", description="narrow to this gemeente"),
    page: int = Query(1, ge=1, le=1_000_000),
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
) -> AuditOut:
    """Answers as the standard prescribes per antwoorder, the amounts approved or rejected against the
    rules (eurocents), and the audit findings (largest amount first)."""
    own_aanbieder, own_gemeente = party_selection(request, principal, aanbieder, gemeente)
    return await run_in_threadpool(
        _audit, engine, own_aanbieder, own_gemeente, per, None if check is None else str(check), page, limit
    )

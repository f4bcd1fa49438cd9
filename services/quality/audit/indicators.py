"""The answer audit as an indicator per gemeente and aanbieder: the share of answers as the standard
prescribes ("antwoorden volgens de standaard") and the amounts approved or rejected against the rules, for
the answers each party sent (``antwoorder``), and the audit findings behind them.

Read from the tables the audit fills (``quality_audit_antwoorden``, ``quality_audit_bevindingen``); a
selection narrows by the parties of the traffic (both are on every row), as the other indicators do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Select, Table, case, func, select

from ijw.db.tables import BERICHTEN, QUALITY_AUDIT_ANTWOORDEN, QUALITY_AUDIT_BEVINDINGEN
from services.quality.audit import decisions as dc
from services.quality.indicators import PartyKind, Ratio

AN, BV, B = QUALITY_AUDIT_ANTWOORDEN, QUALITY_AUDIT_BEVINDINGEN, BERICHTEN
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class AuditRate:
    """The answers of one ``antwoorder`` (gemeente or aanbieder) in the traffic with ``party`` (None: all)."""

    party: str | None
    antwoorder: str
    answers: int = 0
    volgens_standaard: int = 0
    goedgekeurd_onterecht: int = 0
    afgewezen_onterecht: int = 0
    ontbreekt: int = 0
    te_laat: int = 0
    #: eurocents of debet prestaties approved although a rule fails
    bedrag_goedgekeurd_onterecht: int = 0
    #: eurocents of debet prestaties rejected with a retourcode whose rule holds (and no other reason)
    bedrag_afgewezen_onterecht: int = 0

    @property
    def ratio(self) -> Ratio:
        """Answers as the standard prescribes, of all answers judged."""
        return Ratio(self.volgens_standaard, self.answers)

    def __add__(self, other: AuditRate) -> AuditRate:
        party = self.party if self.party == other.party else None
        antwoorder = self.antwoorder if self.antwoorder == other.antwoorder else ""
        return AuditRate(party, antwoorder, **{f: getattr(self, f) + getattr(other, f) for f in _COUNTS})


_COUNTS = (
    "answers",
    "volgens_standaard",
    "goedgekeurd_onterecht",
    "afgewezen_onterecht",
    "ontbreekt",
    "te_laat",
    "bedrag_goedgekeurd_onterecht",
    "bedrag_afgewezen_onterecht",
)


@dataclass(frozen=True, slots=True)
class AuditFinding:
    """One audit finding as the API and the report list it (no BSN)."""

    check: str
    rule: str | None
    retourcode: str | None
    gemeente: str
    aanbieder: str
    antwoorder: str
    berichtsoort: str
    heenbericht: str
    antwoord: str | None
    dagtekening: Any
    toewijzing_nummer: int | None
    referentie: str | None
    bedrag: int | None
    detail: str


def _narrow(q: Select[Any], t: Table, aanbieder: str | None, gemeente: str | None) -> Select[Any]:
    if aanbieder is not None:
        q = q.where(t.c.aanbieder == aanbieder)
    if gemeente is not None:
        q = q.where(t.c.gemeente == gemeente)
    return q


def audit_rates(
    engine: Engine | Connection,
    *,
    aanbieder: str | None = None,
    gemeente: str | None = None,
    per: PartyKind | None = None,
) -> list[AuditRate]:
    """Per antwoorder (and per counterpart ``per``): the answers judged, as prescribed, and the amounts."""
    party = AN.c[per] if per is not None else None
    keys = [party.label("party")] if party is not None else []
    answers = _narrow(
        select(
            *keys,
            AN.c.antwoorder,
            func.count().label("answers"),
            func.sum(case((AN.c.volgens_standaard, 1), else_=0)).label("volgens"),
            func.sum(AN.c.bedrag_goedgekeurd_onterecht).label("bedrag_goed"),
            func.sum(AN.c.bedrag_afgewezen_onterecht).label("bedrag_af"),
        ).group_by(*keys, AN.c.antwoorder),
        AN,
        aanbieder,
        gemeente,
    )
    bparty = BV.c[per] if per is not None else None
    bkeys = [bparty.label("party")] if bparty is not None else []
    findings = _narrow(
        select(*bkeys, BV.c.antwoorder, BV.c.check, func.count().label("n")).group_by(
            *bkeys, BV.c.antwoorder, BV.c.check
        ),
        BV,
        aanbieder,
        gemeente,
    )
    field = {
        dc.GOEDGEKEURD_ONTERECHT: "goedgekeurd_onterecht",
        dc.AFGEWEZEN_ONTERECHT: "afgewezen_onterecht",
        dc.ANTWOORD_ONTBREEKT: "ontbreekt",
        dc.ANTWOORD_TE_LAAT: "te_laat",
    }

    def run(conn: Connection) -> list[AuditRate]:
        counts: dict[tuple[str | None, str], dict[str, int]] = {}
        for r in conn.execute(findings):
            key = (r.party if per is not None else None, r.antwoorder)
            counts.setdefault(key, {})[field[r.check]] = int(r.n)
        rates = []
        for r in conn.execute(answers):
            key = (r.party if per is not None else None, r.antwoorder)
            rates.append(
                AuditRate(
                    key[0],
                    r.antwoorder,
                    int(r.answers),
                    int(r.volgens or 0),
                    bedrag_goedgekeurd_onterecht=int(r.bedrag_goed or 0),
                    bedrag_afgewezen_onterecht=int(r.bedrag_af or 0),
                    **counts.get(key, {}),
                )
            )
        return sorted(rates, key=lambda x: (x.party or "", x.antwoorder))

    return _on(engine, run)


def audit_total(rates: Iterable[AuditRate], antwoorder: str | None = None) -> AuditRate:
    """The sum of ``rates`` (of one ``antwoorder`` when given)."""
    total = AuditRate(None, antwoorder or "")
    for r in rates:
        if antwoorder is None or r.antwoorder == antwoorder:
            total = replace(total + r, party=None, antwoorder=antwoorder or "")
    return total


def audit_findings(
    engine: Engine | Connection,
    *,
    aanbieder: str | None = None,
    gemeente: str | None = None,
    check: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[AuditFinding]:
    """The audit findings of the selection, the largest amounts first, then by heenbericht."""
    heen, antwoord = B.alias("heen"), B.alias("antwoord")

    def key(t: Any) -> Any:
        return t.c.afzender + "/" + t.c.berichtsoort + "/" + t.c.identificatie

    q = _narrow(
        select(BV, key(heen).label("heenbericht"), key(antwoord).label("antwoord"))
        .join(heen, heen.c.id == BV.c.heen_bericht_id)
        .outerjoin(antwoord, antwoord.c.id == BV.c.antwoord_bericht_id)
        .order_by(func.coalesce(BV.c.bedrag, 0).desc(), BV.c.heen_bericht_id, BV.c.id),
        BV,
        aanbieder,
        gemeente,
    )
    if check is not None:
        q = q.where(BV.c.check == check)
    if limit is not None:
        q = q.limit(limit).offset(offset)

    def run(conn: Connection) -> list[AuditFinding]:
        return [
            AuditFinding(
                r.check,
                r.rule,
                r.retourcode,
                r.gemeente,
                r.aanbieder,
                r.antwoorder,
                r.berichtsoort,
                r.heenbericht,
                r.antwoord,
                r.dagtekening,
                r.toewijzing_nummer,
                r.referentie,
                r.bedrag,
                r.detail,
            )
            for r in conn.execute(q)
        ]

    return _on(engine, run)


def _on(engine: Engine | Connection, run: Callable[[Connection], T]) -> T:
    """``run`` on ``engine`` (a connection of its own) or on the open connection ``engine``."""
    if isinstance(engine, Connection):
        return run(engine)
    with engine.connect() as conn:
        return run(conn)

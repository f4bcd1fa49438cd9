"""The dashboard's reads of the database, each filtered by the party rules of the logged-in principal.

Every query joins ``berichten`` and applies :func:`services.ingest.api.berichten.visible`, the very condition
the HTTP API uses for ``GET /berichten``: a gemeente sees the messages of its gemeentecode, an aanbieder those
of its AGB code, a beheerder everything, an afnemer nothing. Product rows (toewijzingen, starts, stops,
prestaties…) are reached through their message, so they follow the same rule.

BSNs leave this module only inside :class:`ClientKey` (never rendered) and as pseudonyms.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Table, and_, case, func, select

from ijw.auth.rows import visible
from ijw.auth.scopes import Principal
from ijw.codelists import load_codelists
from ijw.db.tables import (
    AFGEWEZEN_PRESTATIES,
    ANTWOORDEN,
    BERICHTEN,
    CLIENTS,
    FINDINGS,
    PRESTATIES,
    STARTS,
    STOPS,
    TOEWIJZINGEN,
    VERZOEKEN,
)
from ijw.pseudonym import Pseudonymiser
from services.dashboard.messages import MessageRow, Selection, list_messages
from services.present import formats
from services.quality import FindingFilter, client_trajecten, finding_selects

_b = BERICHTEN.c
STATUSES = ("valid", "invalid", "rejected")
ARRIVAL_DAYS = 30
RECENT_MESSAGES = 15
RECENT_CLIENTS = 50
TOP_PAIRS = 40


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive datetimes back: they are UTC."""
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _day(value: Any) -> dt.date | None:
    """A ``date()`` result: a date on PostgreSQL, an ISO string on SQLite."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# -- pipeline --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class TypeCounts:
    """Stored messages of one berichtsoort by status, and its last arrival."""

    berichtsoort: str
    counts: dict[str, int] = field(default_factory=dict)
    last_arrival: dt.datetime | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(slots=True)
class PartyPair:
    """Traffic between one gemeente and one aanbieder."""

    gemeente: str
    aanbieder: str
    total: int
    invalid: int
    rejected: int


@dataclass(slots=True)
class Pipeline:
    """Everything the pipeline page shows."""

    types: list[TypeCounts]
    totals: dict[str, int]
    last_arrival: dt.datetime | None
    retours: int
    arrivals: list[tuple[dt.date, dict[str, int]]]
    per_month: list[tuple[str, dict[str, int]]]
    pairs: list[PartyPair]
    recent: list[MessageRow]

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def pipeline(engine: Engine, principal: Principal) -> Pipeline:
    """Counts per type and status, arrivals per day, traffic per month and per party pair, recent messages."""
    seen = visible(principal)
    with engine.connect() as conn:
        rows = conn.execute(
            select(_b.berichtsoort, _b.status, func.count(), func.max(_b.received_at))
            .where(seen)
            .group_by(_b.berichtsoort, _b.status)
        ).all()
        retours = conn.execute(
            select(func.count()).select_from(BERICHTEN).where(seen, _b.retour_xml.is_not(None))
        ).scalar_one()
        arrived = [a for a in (_aware(r[3]) for r in rows) if a is not None]
        last = max(arrived, default=None)
        arrivals: list[tuple[dt.date, dict[str, int]]] = []
        if last is not None:
            first_day = (last - dt.timedelta(days=ARRIVAL_DAYS - 1)).date()
            day = func.date(_b.received_at)
            per_day: dict[dt.date, dict[str, int]] = defaultdict(dict)
            for d, status, n in conn.execute(
                select(day, _b.status, func.count())
                .where(seen, _b.received_at >= dt.datetime.combine(first_day, dt.time(), dt.UTC))
                .group_by(day, _b.status)
            ).all():
                parsed = _day(d)
                if parsed is not None:
                    per_day[parsed][status] = n
            arrivals = [
                (first_day + dt.timedelta(days=i), per_day.get(first_day + dt.timedelta(days=i), {}))
                for i in range(ARRIVAL_DAYS)
            ]
        months: dict[str, Counter[str]] = defaultdict(Counter)
        for dagtekening, status, n in conn.execute(
            select(_b.dagtekening, _b.status, func.count())
            .where(seen, _b.dagtekening.is_not(None))
            .group_by(_b.dagtekening, _b.status)
        ).all():
            months[dagtekening.strftime("%Y-%m")][status] += n
        pair_rows = conn.execute(
            select(
                _b.gemeente,
                _b.aanbieder,
                func.count(),
                func.sum(case((_b.status == "invalid", 1), else_=0)),
                func.sum(case((_b.status == "rejected", 1), else_=0)),
            )
            .where(seen, _b.gemeente.is_not(None), _b.aanbieder.is_not(None))
            .group_by(_b.gemeente, _b.aanbieder)
            .order_by(func.count().desc(), _b.gemeente, _b.aanbieder)
            .limit(TOP_PAIRS)
        ).all()
    by_type: dict[str, TypeCounts] = {}
    totals: Counter[str] = Counter()
    for soort, status, n, latest in rows:
        entry = by_type.setdefault(soort or "", TypeCounts(soort or ""))
        entry.counts[status] = entry.counts.get(status, 0) + n
        latest = _aware(latest)
        if latest is not None and (entry.last_arrival is None or latest > entry.last_arrival):
            entry.last_arrival = latest
        totals[status] += n
    return Pipeline(
        types=sorted(by_type.values(), key=lambda t: (t.berichtsoort == "", t.berichtsoort)),
        totals={s: totals.get(s, 0) for s in STATUSES},
        last_arrival=last,
        retours=int(retours),
        arrivals=arrivals,
        per_month=[(month, dict(months[month])) for month in sorted(months)],
        pairs=[PartyPair(g, a, int(n), int(inv or 0), int(rej or 0)) for g, a, n, inv, rej in pair_rows],
        recent=list_messages(engine, principal, Selection(), RECENT_MESSAGES)[0],
    )


# -- validation ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class RuleCount:
    """Findings of one rule (and severity) in the principal's messages."""

    rule: str
    severity: str
    retourcode: str | None
    findings: int
    messages: int
    per_type: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Validation:
    """What the validation page shows: per type, per rule and the monthly share of messages with errors."""

    types: list[TypeCounts]
    with_error: dict[str, int]
    rules: list[RuleCount]
    months: list[str]
    error_share: dict[str, list[float]]
    message_types: list[str]
    monthly_messages: dict[str, int] = field(default_factory=dict)


def validation(engine: Engine, principal: Principal, berichtsoort: str | None = None) -> Validation:
    """Findings per message type and per rule; ``berichtsoort`` narrows everything to one type."""
    f = FINDINGS.c
    conditions: list[ColumnElement[bool]] = [visible(principal)]
    if berichtsoort:
        conditions.append(_b.berichtsoort == berichtsoort)
    seen = and_(*conditions)
    joined = FINDINGS.join(BERICHTEN, f.bericht_id == _b.id)
    with engine.connect() as conn:
        all_types = sorted(
            t
            for (t,) in conn.execute(
                select(_b.berichtsoort).where(visible(principal)).group_by(_b.berichtsoort)
            ).all()
            if t
        )
        type_rows = conn.execute(
            select(_b.berichtsoort, _b.status, func.count()).where(seen).group_by(_b.berichtsoort, _b.status)
        ).all()
        error_rows = conn.execute(
            select(_b.berichtsoort, func.count(func.distinct(_b.id)))
            .select_from(joined)
            .where(seen, f.severity == "error")
            .group_by(_b.berichtsoort)
        ).all()
        rule_rows = conn.execute(
            select(
                f.rule,
                f.severity,
                func.max(f.retourcode),
                _b.berichtsoort,
                func.count(),
                func.count(func.distinct(_b.id)),
            )
            .select_from(joined)
            .where(seen)
            .group_by(f.rule, f.severity, _b.berichtsoort)
        ).all()
        monthly_all = conn.execute(
            select(_b.berichtsoort, _b.dagtekening, func.count())
            .where(seen, _b.dagtekening.is_not(None))
            .group_by(_b.berichtsoort, _b.dagtekening)
        ).all()
        monthly_err = conn.execute(
            select(_b.berichtsoort, _b.dagtekening, func.count(func.distinct(_b.id)))
            .select_from(joined)
            .where(seen, f.severity == "error", _b.dagtekening.is_not(None))
            .group_by(_b.berichtsoort, _b.dagtekening)
        ).all()
    by_type: dict[str, TypeCounts] = {}
    for soort, status, n in type_rows:
        by_type.setdefault(soort or "", TypeCounts(soort or "")).counts[status] = n
    rules: dict[tuple[str, str], RuleCount] = {}
    for rule, severity, retourcode, soort, n, distinct in rule_rows:
        entry = rules.setdefault((rule, severity), RuleCount(rule, severity, retourcode, 0, 0))
        entry.findings += n
        entry.messages += distinct
        entry.per_type[soort or "-"] = entry.per_type.get(soort or "-", 0) + n
        entry.retourcode = entry.retourcode or retourcode
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    errors: dict[str, Counter[str]] = defaultdict(Counter)
    for soort, day, n in monthly_all:
        totals[day.strftime("%Y-%m")][soort or "-"] += n
    for soort, day, n in monthly_err:
        errors[day.strftime("%Y-%m")][soort or "-"] += n
    months = sorted(totals)
    share: dict[str, list[float]] = {}
    share["all types"] = [sum(errors[mo].values()) / max(sum(totals[mo].values()), 1) for mo in months]
    severity_order = {"error": 0, "warning": 1, "info": 2}
    return Validation(
        types=sorted(by_type.values(), key=lambda t: (t.berichtsoort == "", t.berichtsoort)),
        with_error={soort or "": n for soort, n in error_rows},
        rules=sorted(rules.values(), key=lambda r: (severity_order.get(r.severity, 3), -r.findings, r.rule)),
        months=months,
        error_share=share,
        message_types=all_types,
        monthly_messages={mo: sum(totals[mo].values()) for mo in months},
    )


# -- trajectories ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientKey:
    """A client as the dashboard finds it: the BSN stays inside, only the pseudonym is shown."""

    bsn: str = field(repr=False)
    pseudonym: str


@dataclass(slots=True)
class ClientSummary:
    """A row of the client list."""

    pseudonym: str
    last_dagtekening: dt.date | None
    messages: int
    gemeenten: str
    aanbieders: str


@dataclass(slots=True)
class Event:
    """One step of a trajectory, in time order."""

    day: dt.date | None
    kind: str
    berichtsoort: str
    gemeente: str
    aanbieder: str
    toewijzing_nummer: int | None
    product: str
    detail: str
    status: str
    order: int = 0


@dataclass(slots=True)
class ToewijzingSummary:
    """One toewijzing of the client as the linker stands it: its actual version, accepted starts and stops,
    the amount that counts and the amount that does not (rejected by a rule or in the JW325)."""

    nummer: int
    gemeente: str
    aanbieder: str
    product: str
    ingangsdatum: dt.date | None
    einddatum: dt.date | None
    versions: int
    starts: int = 0
    stops: int = 0
    declared_cents: int = 0
    rejected_cents: int = 0


@dataclass(frozen=True, slots=True)
class ClientFinding:
    """A finding of the quality service on one of the client's messages (no BSN: the detail names none)."""

    dagtekening: dt.date | None
    check: str
    severity: str
    berichtsoort: str
    toewijzing_nummer: int | None
    detail: str


@dataclass(slots=True)
class Trajectory:
    """The trajectory page of one client."""

    pseudonym: str
    toewijzingen: list[ToewijzingSummary]
    events: list[Event]
    findings: list[ClientFinding] = field(default_factory=list)


def _client_bsns(conn: Any, principal: Principal) -> list[str]:
    """Every BSN in a message the principal may read (kept in memory only to compare pseudonyms)."""
    c = CLIENTS.c
    rows = conn.execute(
        select(c.bsn)
        .select_from(CLIENTS.join(BERICHTEN, c.bericht_id == _b.id))
        .where(visible(principal))
        .group_by(c.bsn)
    ).all()
    return [r[0] for r in rows]


def recent_clients(engine: Engine, principal: Principal, pseudo: Pseudonymiser) -> list[ClientSummary]:
    """The clients with the most recent messages in the principal's scope, pseudonymised."""
    c = CLIENTS.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(c.bsn, func.max(_b.dagtekening), func.count(func.distinct(_b.id)))
            .select_from(CLIENTS.join(BERICHTEN, c.bericht_id == _b.id))
            .where(visible(principal))
            .group_by(c.bsn)
            .order_by(func.max(_b.dagtekening).desc(), func.count(func.distinct(_b.id)).desc())
            .limit(RECENT_CLIENTS)
        ).all()
        parties: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
        if rows:
            for bsn, gemeente, aanbieder in conn.execute(
                select(c.bsn, _b.gemeente, _b.aanbieder)
                .select_from(CLIENTS.join(BERICHTEN, c.bericht_id == _b.id))
                .where(visible(principal), c.bsn.in_([r[0] for r in rows]))
                .group_by(c.bsn, _b.gemeente, _b.aanbieder)
            ).all():
                if gemeente:
                    parties[bsn][0].add(gemeente)
                if aanbieder:
                    parties[bsn][1].add(aanbieder)
    return [
        ClientSummary(
            pseudonym=pseudo.pseudonym(bsn),
            last_dagtekening=last,
            messages=int(n),
            gemeenten=", ".join(sorted(parties[bsn][0])),
            aanbieders=", ".join(sorted(parties[bsn][1])),
        )
        for bsn, last, n in rows
    ]


def find_client(
    engine: Engine, principal: Principal, pseudo: Pseudonymiser, pseudonym: str
) -> ClientKey | None:
    """The client with this pseudonym among the principal's messages (None: unknown or out of scope)."""
    if not Pseudonymiser.looks_like(pseudonym):
        return None
    with engine.connect() as conn:
        bsn = pseudo.find(pseudonym, _client_bsns(conn, principal))
    return None if bsn is None else ClientKey(bsn, pseudo.pseudonym(bsn))


def clients_by_toewijzing(
    engine: Engine, principal: Principal, pseudo: Pseudonymiser, nummer: int
) -> list[ClientKey]:
    """The clients of the toewijzingen, starts, stops and prestaties with this ToewijzingNummer in scope."""
    bsns: set[str] = set()
    with engine.connect() as conn:
        for table in (TOEWIJZINGEN, STARTS, STOPS, PRESTATIES):
            t = table.c
            bsns.update(
                r[0]
                for r in conn.execute(
                    select(t.bsn)
                    .select_from(table.join(BERICHTEN, t.bericht_id == _b.id))
                    .where(visible(principal), t.toewijzing_nummer == nummer)
                    .group_by(t.bsn)
                ).all()
            )
    return sorted((ClientKey(b, pseudo.pseudonym(b)) for b in bsns), key=lambda k: k.pseudonym)


def _code(lijst: str, code: str | None) -> str:
    """``code (description)`` from the code list ``lijst``; the code alone when the list lacks it."""
    if not code:
        return "-"
    description = load_codelists().description(lijst, code)
    return f"{code} ({description})" if description else code


def _product(categorie: str | None, code: str | None) -> str:
    return "/".join(p for p in (categorie, code) if p) or "-"


EUROS = "83"
"""WJ756 Eenheid "Euro's": the Volume is then an amount in eurocents."""


def _volume(volume: int, eenheid: str | None) -> str:
    """``volume 12 04 (Uur)``; an amount in euros (eenheid 83, Volume in cents) as one.

    >>> _volume(320000, "83"), _volume(12, "04")
    ('volume €\xa03.200,00', 'volume 12 04 (Uur)')
    """
    if eenheid == EUROS:
        return f"volume {formats.euro(volume)}"
    return f"volume {formats.number(volume)} {_code('WJ756', eenheid)}"


_KIND_ORDER = {
    "verzoek": 0,
    "antwoord": 1,
    "toewijzing": 2,
    "start": 3,
    "stop": 4,
    "prestatie": 5,
    "afgewezen": 6,
}


class _ClientEvents:
    """The events of one client's messages that the principal may see (``seen``), per kind of message."""

    def __init__(self, conn: Connection, seen: ColumnElement[bool], bsn: str) -> None:
        self.conn, self.seen, self.bsn = conn, seen, bsn
        self.events: list[Event] = []

    def rows(self, table: Table, *columns: Any) -> list[Any]:
        """``columns`` of the client's rows of ``table`` with their message's parties, soort, day, status."""
        t = table.c
        stmt = (
            select(*columns, _b.gemeente, _b.aanbieder, _b.berichtsoort, _b.dagtekening, _b.status)
            .select_from(table.join(BERICHTEN, t.bericht_id == _b.id))
            .where(self.seen, t.bsn == self.bsn)
            .order_by(_b.dagtekening, t.id)
        )
        return list(self.conn.execute(stmt).all())

    def add(
        self, kind: str, day: dt.date | None, r: Any, nummer: int | None, product: str, detail: str
    ) -> None:
        self.events.append(
            Event(
                day=day,
                kind=kind,
                berichtsoort=r.berichtsoort,
                gemeente=r.gemeente,
                aanbieder=r.aanbieder,
                toewijzing_nummer=nummer,
                product=product,
                detail=detail,
                status=r.status,
                order=_KIND_ORDER[kind],
            )
        )

    def verzoeken(self) -> None:
        """JW315/JW317 verzoeken and the JW319 answers on their referenties."""
        v = VERZOEKEN.c
        referenties: set[tuple[str, str]] = set()
        for r in self.rows(VERZOEKEN, v.referentie_aanbieder, v.categorie, v.code, v.reden_verzoek):
            referenties.add((r.aanbieder, r.referentie_aanbieder))
            detail = f"referentie {r.referentie_aanbieder}"
            if r.reden_verzoek:
                detail += f", reden {_code('WJ758', r.reden_verzoek)}"
            self.add("verzoek", r.dagtekening, r, None, _product(r.categorie, r.code), detail)
        if referenties:
            a = ANTWOORDEN.c
            for r in self.conn.execute(
                select(
                    a.gemeente,
                    a.aanbieder,
                    a.referentie_aanbieder,
                    a.verzoek_antwoord,
                    a.reden_afwijzing,
                    _b.berichtsoort,
                    _b.dagtekening,
                    _b.status,
                )
                .select_from(ANTWOORDEN.join(BERICHTEN, a.bericht_id == _b.id))
                .where(self.seen, a.referentie_aanbieder.in_(sorted({ref for _, ref in referenties})))
            ).all():
                if (r.aanbieder, r.referentie_aanbieder) not in referenties:
                    continue
                detail = f"referentie {r.referentie_aanbieder}: {_code('WJ760', r.verzoek_antwoord)}"
                if r.reden_afwijzing:
                    detail += f", reden {_code('WJ759', r.reden_afwijzing)}"
                self.add("antwoord", r.dagtekening, r, None, "-", detail)

    def toewijzingen(self) -> None:
        t = TOEWIJZINGEN.c
        for r in self.rows(
            TOEWIJZINGEN,
            t.toewijzing_nummer,
            t.categorie,
            t.code,
            t.toewijzingsdatum,
            t.ingangsdatum,
            t.einddatum,
            t.reden_wijziging,
            t.volume,
            t.eenheid,
            t.frequentie,
        ):
            product = _product(r.categorie, r.code)
            period = f"{formats.day(r.ingangsdatum)} – {formats.day(r.einddatum) if r.einddatum else 'open'}"
            detail = period
            if r.volume is not None:
                detail += f", {_volume(r.volume, r.eenheid)}, {_code('WMO757', r.frequentie)}"
            if r.reden_wijziging:
                detail += f", reden wijziging {_code('JZ002', r.reden_wijziging)}"
            self.add("toewijzing", r.toewijzingsdatum, r, r.toewijzing_nummer, product, detail)

    def starts(self) -> None:
        s = STARTS.c
        for r in self.rows(
            STARTS,
            s.toewijzing_nummer,
            s.categorie,
            s.code,
            s.begindatum,
            s.status_aanlevering,
        ):
            detail = f"begindatum {formats.day(r.begindatum)}, {_code('COD467', r.status_aanlevering)}"
            self.add("start", r.begindatum, r, r.toewijzing_nummer, _product(r.categorie, r.code), detail)

    def stops(self) -> None:
        p = STOPS.c
        for r in self.rows(
            STOPS,
            p.toewijzing_nummer,
            p.categorie,
            p.code,
            p.begindatum,
            p.einddatum,
            p.reden_beeindiging,
            p.status_aanlevering,
        ):
            detail = (
                f"einddatum {formats.day(r.einddatum)}, reden {_code('JZ588', r.reden_beeindiging)}, "
                f"{_code('COD467', r.status_aanlevering)}"
            )
            self.add("stop", r.einddatum, r, r.toewijzing_nummer, _product(r.categorie, r.code), detail)

    def prestaties(self) -> None:
        """Declared prestaties (on their period) and the rejected ones (on the JW325's day)."""
        for table, kind in ((PRESTATIES, "prestatie"), (AFGEWEZEN_PRESTATIES, "afgewezen")):
            q = table.c
            extra = (q.retourcodes,) if table is AFGEWEZEN_PRESTATIES else ()
            for r in self.rows(
                table,
                q.toewijzing_nummer,
                q.categorie,
                q.code,
                q.periode_begin,
                q.periode_eind,
                q.volume,
                q.eenheid,
                q.bedrag,
                q.debet_credit,
                q.referentie_nummer,
                *extra,
            ):
                sign = -1 if r.debet_credit == "C" else 1
                detail = (
                    f"{formats.day(r.periode_begin)} – {formats.day(r.periode_eind)}, "
                    f"{_volume(r.volume, r.eenheid)}, {formats.euro(sign * r.bedrag)}, "
                    f"referentie {r.referentie_nummer}"
                )
                if kind == "afgewezen":
                    detail += f", retourcodes {r.retourcodes}"
                day = r.periode_begin if kind == "prestatie" else r.dagtekening
                self.add(kind, day, r, r.toewijzing_nummer, _product(r.categorie, r.code), detail)


def trajectory(engine: Engine, principal: Principal, client: ClientKey) -> Trajectory:
    """Verzoeken, toewijzingen, starts, stops and declared prestaties of ``client`` in time order (the
    messages as they came), and its toewijzingen as the linker stands them (``services.quality.readmodel``:
    this page links nothing itself)."""
    seen = visible(principal)
    with engine.connect() as conn:
        found = _ClientEvents(conn, seen, client.bsn)
        found.verzoeken()
        found.toewijzingen()
        found.starts()
        found.stops()
        found.prestaties()
        toewijzingen = [
            ToewijzingSummary(
                t.nummer,
                t.gemeente,
                t.aanbieder,
                _product(t.categorie, t.code),
                t.ingangsdatum,
                t.einddatum,
                t.versions,
                t.starts,
                t.stops,
                t.declared_cents,
                t.rejected_cents,
            )
            for t in client_trajecten(conn, client.bsn, seen)
        ]
        quality = finding_selects(FindingFilter(source="kwaliteit", client_ref=client.bsn))["kwaliteit"]
        findings = [
            ClientFinding(r.dagtekening, r.check, r.severity, r.berichtsoort, r.toewijzingnummer, r.detail)
            for r in conn.execute(
                quality.where(seen).order_by(
                    quality.selected_columns.dagtekening, quality.selected_columns.id
                )
            )
        ]
    return Trajectory(
        pseudonym=client.pseudonym,
        toewijzingen=toewijzingen,
        events=sorted(found.events, key=lambda e: (e.day or dt.date.min, e.order)),
        findings=findings,
    )

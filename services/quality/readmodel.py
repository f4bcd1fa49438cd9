"""The read model of the linked trajectories: what the exports and the dashboard know about them.

The quality service's linker (:mod:`services.quality.linking`) is the one trajectory model: it writes
``trajecten`` (a toegewezen product as its actual JW301 version stands), ``leveringen`` (its accepted starts
and the stops that ended them) and ``prestatie_beoordelingen``, with the state derived in canonical order so
it does not depend on arrival order. This module only reads those tables (with the content rows they point
at) into the shapes the exports use; it links nothing itself. :func:`load_traffic` runs the linker first
when valid messages are not linked yet, so an export never reads a stale state.

What the standard rejects does not count (docs/linking.md, cases A–I): a second start (TR326), a start
resent after its stop (TR074), a start or stop without toewijzing (TR019), a stop naming no start (TR382), a
withdrawal of a stopped start (TR071) and a second definitive stop (TR415) change nothing. Rejected starts and
stops that would have mattered are listed, not dropped: a start without toewijzing or a rejected start is a
:class:`Delivery` with a ``problem`` (the exports put it in their companion file), a definitive stop without a
start is an :class:`OpenStop`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from ijw.codelists import codes
from ijw.db import models as m
from ijw.db.tables import (
    BERICHTEN,
    CLIENTS,
    PRESTATIE_BEOORDELINGEN,
    PRESTATIES,
    STARTS,
    STOPS,
    TOEWIJZINGEN,
    VERZOEKEN,
)
from services.quality.linking.model import GESTOPT, TIJDELIJK, VERWIJDERD, VERWIJDERD_REDEN
from services.quality.linking.store import LEVERINGEN, REJECTED, TRAJECTEN

ToewijzingKey = tuple[str, str, int]
"""(gemeente, aanbieder, ToewijzingNummer)."""

PROBLEM_NO_TOEWIJZING = "start zonder toewijzing (JW301)"
PROBLEM_DELETED = "start op verwijderde toewijzing (RedenWijziging 13)"
PROBLEM_NO_START = "toewijzing zonder start (JW305)"
PROBLEM_STOP_WITHOUT_START = "stop (JW307) zonder start"
PROBLEM_REJECTED_START = "start afgewezen ({check}): telt niet"
#: the rules that reject a start or stop as not linkable to a toewijzing or start (→ companion lists)
START_REJECTIONS = ("TR019", "TR074", "TR326")
STOP_REJECTIONS = ("TR019", "TR382")


@dataclass(slots=True)
class ToewijzingState:
    """A toegewezen product as the linker's ``trajecten`` row describes it, with its client's data."""

    gemeente: str
    aanbieder: str
    nummer: int
    bsn: str
    categorie: str | None
    code: str | None
    toewijzingsdatum: dt.date
    first_toewijzingsdatum: dt.date
    ingangsdatum: dt.date
    einddatum: dt.date | None
    reden_wijziging: str | None
    geboortedatum: dt.date | None
    geboortedatum_gebruik: str | None
    geslacht: str | None
    postcode: str | None
    referenties: list[str] = field(default_factory=list)
    verwijzer_type: str | None = None
    verzoek_dagtekening: dt.date | None = None

    @property
    def deleted(self) -> bool:
        return self.reden_wijziging == VERWIJDERD_REDEN


@dataclass(slots=True)
class Delivery:
    """An accepted start of a toegewezen product with its definitive stop, or a rejected start (problem)."""

    gemeente: str
    aanbieder: str
    bsn: str
    toewijzing_nummer: int | None
    categorie: str | None
    code: str | None
    begindatum: dt.date
    einddatum: dt.date | None
    reden: str | None
    geboortedatum: dt.date | None
    geboortedatum_gebruik: str | None
    geslacht: str | None
    toewijzing: ToewijzingState | None
    problem: str | None = None

    @property
    def postcode(self) -> str | None:
        return self.toewijzing.postcode if self.toewijzing is not None else None

    @property
    def verwijzer_type(self) -> str | None:
        return self.toewijzing.verwijzer_type if self.toewijzing is not None else None

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.aanbieder,
            self.bsn,
            self.begindatum,
            self.einddatum or dt.date.max,
            self.gemeente,
            self.toewijzing_nummer or 0,
            self.categorie or "",
            self.code or "",
            self.problem or "",
        )


@dataclass(slots=True)
class OpenStop:
    """A definitive stop the linker could not apply to a start (TR019, TR382)."""

    gemeente: str
    aanbieder: str
    bsn: str
    toewijzing_nummer: int | None
    categorie: str | None
    code: str | None
    begindatum: dt.date
    einddatum: dt.date
    reden: str


@dataclass(slots=True)
class LinkedTraffic:
    """The deliveries of the linked traffic and what could not be linked, in a deterministic order."""

    deliveries: list[Delivery]
    toewijzingen: dict[ToewijzingKey, ToewijzingState]
    without_start: list[ToewijzingState]
    stops_without_start: list[OpenStop]

    def of_gemeenten(self, gemeenten: frozenset[str]) -> LinkedTraffic:
        """Only the traffic of ``gemeenten`` (for an afnemer granted those gemeenten)."""
        return LinkedTraffic(
            [d for d in self.deliveries if d.gemeente in gemeenten],
            {key: t for key, t in self.toewijzingen.items() if key[0] in gemeenten},
            [t for t in self.without_start if t.gemeente in gemeenten],
            [s for s in self.stops_without_start if s.gemeente in gemeenten],
        )


def ensure_linked(engine: Engine) -> None:
    """Run the quality service when valid messages are not linked yet (the read model must be current)."""
    from services.quality.run import run_quality
    from services.quality.status import quality_status

    with engine.connect() as conn:
        unlinked = quality_status(conn).unlinked
    if unlinked:
        run_quality(engine)


def load_traffic(engine: Engine) -> LinkedTraffic:
    """The linked trajectories as the exports read them (linking first when needed)."""
    ensure_linked(engine)
    with engine.connect() as conn:
        states = _toewijzingen(conn)
        deliveries, started = _deliveries(conn, states)
        deliveries += _rejected_starts(conn, states)
        open_stops = _open_stops(conn)
    deliveries.sort(key=Delivery.sort_key)
    without_start = sorted(
        (s for k, s in states.items() if k not in started and not s.deleted),
        key=lambda s: (s.aanbieder, s.bsn, s.ingangsdatum, s.gemeente, s.nummer),
    )
    open_stops.sort(key=lambda s: (s.aanbieder, s.bsn, s.begindatum, s.gemeente, s.toewijzing_nummer or 0))
    return LinkedTraffic(deliveries, states, without_start, open_stops)


def _toewijzingen(conn: Connection) -> dict[ToewijzingKey, ToewijzingState]:
    tr, c, t, b, v = TRAJECTEN.c, CLIENTS.c, TOEWIJZINGEN.c, BERICHTEN.c, VERZOEKEN.c
    first = {
        (r.gemeente, r.aanbieder, int(r.toewijzing_nummer)): r.first
        for r in conn.execute(
            select(t.gemeente, t.aanbieder, t.toewijzing_nummer, func.min(t.toewijzingsdatum).label("first"))
            .join(BERICHTEN, b.id == t.bericht_id)
            .where(b.status == m.STATUS_VALID)
            .group_by(t.gemeente, t.aanbieder, t.toewijzing_nummer)
        )
    }
    verzoeken = {
        r.bericht_id: (r.verwijzer_type, r.dagtekening, r.referentie_aanbieder)
        for r in conn.execute(
            select(v.bericht_id, v.referentie_aanbieder, v.verwijzer_type, b.dagtekening)
            .join(BERICHTEN, b.id == v.bericht_id)
            .where(v.berichtsoort == "JW315", v.bericht_id.in_(select(tr.verzoek_bericht_id)))
        )
    }
    states: dict[ToewijzingKey, ToewijzingState] = {}
    for r in conn.execute(
        select(TRAJECTEN, c.geboortedatum, c.geboortedatum_gebruik, c.geslacht, c.postcode).outerjoin(
            CLIENTS, c.id == tr.client_id
        )
    ):
        key = (r.gemeente, r.aanbieder, int(r.toewijzing_nummer))
        state = ToewijzingState(
            gemeente=r.gemeente,
            aanbieder=r.aanbieder,
            nummer=int(r.toewijzing_nummer),
            bsn=r.bsn,
            categorie=r.categorie,
            code=r.code,
            toewijzingsdatum=r.toewijzingsdatum,
            first_toewijzingsdatum=first.get(key, r.toewijzingsdatum),
            ingangsdatum=r.ingangsdatum,
            einddatum=r.einddatum,
            reden_wijziging=r.reden_wijziging,
            geboortedatum=r.geboortedatum,
            geboortedatum_gebruik=r.geboortedatum_gebruik,
            geslacht=r.geslacht,
            postcode=r.postcode,
            referenties=[r.referentie_aanbieder] if r.referentie_aanbieder else [],
        )
        verzoek = verzoeken.get(r.verzoek_bericht_id)
        if verzoek is not None and verzoek[2] == r.referentie_aanbieder:  # the JW315 it honoured
            state.verwijzer_type, state.verzoek_dagtekening = verzoek[0], verzoek[1]
        states[key] = state
    return states


def _start_rows(conn: Connection, bericht_ids: Iterable[int]) -> dict[tuple[int, int], Any]:
    """Start rows with their client data, by (bericht id, volgnummer)."""
    s, c = STARTS.c, CLIENTS.c
    ids, rows = sorted(set(bericht_ids)), {}
    for at in range(0, len(ids), 500):
        for r in conn.execute(
            select(STARTS, c.geboortedatum, c.geboortedatum_gebruik, c.geslacht)
            .outerjoin(CLIENTS, c.id == s.client_id)
            .where(s.bericht_id.in_(ids[at : at + 500]))
        ):
            rows[(r.bericht_id, r.volgnummer)] = r
    return rows


def _delivery(start: Any, state: ToewijzingState | None, problem: str | None, lev: Any = None) -> Delivery:
    definitive = lev is not None and lev.status == GESTOPT and not lev.tijdelijk
    born = state if state is not None and state.geboortedatum else start
    return Delivery(
        gemeente=start.gemeente,
        aanbieder=start.aanbieder,
        bsn=start.bsn,
        toewijzing_nummer=None if start.toewijzing_nummer is None else int(start.toewijzing_nummer),
        categorie=start.categorie,
        code=start.code,
        begindatum=start.begindatum,
        einddatum=lev.einddatum if definitive else None,
        reden=lev.reden_beeindiging if definitive else None,
        geboortedatum=born.geboortedatum,
        geboortedatum_gebruik=born.geboortedatum_gebruik,
        geslacht=state.geslacht if state is not None and state.geslacht else start.geslacht,
        toewijzing=state,
        problem=problem,
    )


def _deliveries(
    conn: Connection, states: dict[ToewijzingKey, ToewijzingState]
) -> tuple[list[Delivery], set[ToewijzingKey]]:
    """One delivery per levering that was not withdrawn; the toewijzingen that have one."""
    lv = LEVERINGEN.c
    leveringen = list(conn.execute(select(LEVERINGEN).where(lv.status != VERWIJDERD)))
    starts = _start_rows(conn, (lev.start_bericht_id for lev in leveringen))
    by_message: dict[int, list[Any]] = {}
    for (bid, _), row in sorted(starts.items()):
        by_message.setdefault(bid, []).append(row)
    deliveries, started = [], set()
    for lev in leveringen:
        key = (lev.gemeente, lev.aanbieder, int(lev.toewijzing_nummer))
        start = next(
            r
            for r in by_message.get(lev.start_bericht_id, [])
            if r.toewijzing_nummer == lev.toewijzing_nummer and r.begindatum == lev.begindatum
        )
        state = states.get(key)
        started.add(key)
        problem = PROBLEM_DELETED if state is not None and state.deleted else None
        deliveries.append(_delivery(start, state, problem, lev))
    return deliveries, started


def _rejected(conn: Connection, soort: str, checks: tuple[str, ...]) -> dict[tuple[int, int], str]:
    """(bericht id, volgnummer) → the rule that rejected a start or stop of ``soort`` in the linked state."""
    rp = REJECTED.c
    return {
        (r.bericht_id, r.volgnummer): r.check
        for r in conn.execute(
            select(rp.bericht_id, rp.volgnummer, rp.check).where(
                rp.berichtsoort == soort, rp.check.in_(checks)
            )
        )
    }


def _rejected_starts(conn: Connection, states: dict[ToewijzingKey, ToewijzingState]) -> list[Delivery]:
    """Starts the linked state rejected (in canonical order: a start that arrived before its toewijzing
    counts once the toewijzing is there, a start accepted on arrival may be rejected by an earlier one that
    arrived late)."""
    rejected = _rejected(conn, "JW305", START_REJECTIONS)
    lv = LEVERINGEN.c
    taken = {
        (r.start_bericht_id, int(r.toewijzing_nummer), r.begindatum)
        for r in conn.execute(select(lv.start_bericht_id, lv.toewijzing_nummer, lv.begindatum))
    }
    starts = _start_rows(conn, (bid for bid, _ in rejected))
    out = []
    for (bid, volgnummer), check in sorted(rejected.items()):
        start = starts.get((bid, volgnummer))
        if start is None or start.status_aanlevering != codes.STATUS_AANLEVERING_EERSTE:
            continue
        nummer = None if start.toewijzing_nummer is None else int(start.toewijzing_nummer)
        if (bid, nummer, start.begindatum) in taken:
            continue
        state = states.get((start.gemeente, start.aanbieder, nummer)) if nummer is not None else None
        problem = PROBLEM_NO_TOEWIJZING if check == "TR019" else PROBLEM_REJECTED_START.format(check=check)
        out.append(_delivery(start, state, problem))
    return out


def _open_stops(conn: Connection) -> list[OpenStop]:
    """Definitive stops the linked state rejected for naming no toewijzing or start."""
    rejected = _rejected(conn, "JW307", STOP_REJECTIONS)
    lv, p = LEVERINGEN.c, STOPS.c
    applied = {
        (r.stop_bericht_id, int(r.toewijzing_nummer), r.begindatum)
        for r in conn.execute(select(lv.stop_bericht_id, lv.toewijzing_nummer, lv.begindatum))
    }
    ids = sorted({bid for bid, _ in rejected})
    out = []
    for at in range(0, len(ids), 500):
        for r in conn.execute(select(STOPS).where(p.bericht_id.in_(ids[at : at + 500]))):
            nummer = None if r.toewijzing_nummer is None else int(r.toewijzing_nummer)
            if (r.bericht_id, r.volgnummer) not in rejected or r.reden_beeindiging == TIJDELIJK:
                continue
            if (
                r.status_aanlevering != codes.STATUS_AANLEVERING_EERSTE
                or (r.bericht_id, nummer, r.begindatum) in applied
            ):
                continue
            out.append(
                OpenStop(
                    r.gemeente,
                    r.aanbieder,
                    r.bsn,
                    nummer,
                    r.categorie,
                    r.code,
                    r.begindatum,
                    r.einddatum,
                    r.reden_beeindiging,
                )
            )
    return out


@dataclass(slots=True)
class TrajectSummary:
    """A toegewezen product of one client as the linker stands it (the dashboard's trajectory page)."""

    gemeente: str
    aanbieder: str
    nummer: int
    categorie: str | None
    code: str | None
    ingangsdatum: dt.date
    einddatum: dt.date | None
    verwijderd: bool
    versions: int
    starts: int
    stops: int
    #: counted debets minus their credits (accepted, not rejected by the gemeente), in cents
    declared_cents: int
    #: prestaties that do not count (rejected by a cross-message rule or in the gemeente's JW325), in cents
    rejected_cents: int


def client_trajecten(conn: Connection, bsn: str, visible: Any) -> list[TrajectSummary]:
    """The trajecten of the client ``bsn`` whose actual JW301 passes ``visible`` (a condition on
    ``berichten``, e.g. the reader's scope), with their leveringen and judged prestaties, by Ingangsdatum."""
    tr, lv, b, t = TRAJECTEN.c, LEVERINGEN.c, BERICHTEN.c, TOEWIJZINGEN.c
    pb, p = PRESTATIE_BEOORDELINGEN.c, PRESTATIES.c
    rows = conn.execute(
        select(TRAJECTEN).join(BERICHTEN, b.id == tr.last_bericht_id).where(tr.bsn == bsn, visible)
    ).all()
    if not rows:
        return []
    keys = {(r.gemeente, r.aanbieder, int(r.toewijzing_nummer)) for r in rows}
    nummers = sorted({k[2] for k in keys})

    def per_key(query: Any) -> dict[ToewijzingKey, Any]:
        return {(r.gemeente, r.aanbieder, int(r.toewijzing_nummer)): r for r in conn.execute(query)}

    versions = per_key(
        select(t.gemeente, t.aanbieder, t.toewijzing_nummer, func.count().label("n"))
        .join(BERICHTEN, b.id == t.bericht_id)
        .where(b.status == m.STATUS_VALID, t.toewijzing_nummer.in_(nummers))
        .group_by(t.gemeente, t.aanbieder, t.toewijzing_nummer)
    )
    leveringen = per_key(
        select(
            lv.gemeente,
            lv.aanbieder,
            lv.toewijzing_nummer,
            func.count().label("starts"),
            func.count(lv.stop_bericht_id).label("stops"),
        )
        .where(lv.status != VERWIJDERD, lv.toewijzing_nummer.in_(nummers))
        .group_by(lv.gemeente, lv.aanbieder, lv.toewijzing_nummer)
    )
    bedrag = select(
        pb.gemeente, pb.aanbieder, pb.toewijzing_nummer, pb.accepted, pb.afgewezen, p.bedrag, p.debet_credit
    )
    not_counted: dict[ToewijzingKey, int] = {}
    for r in conn.execute(
        bedrag.join(PRESTATIES, p.id == pb.prestatie_id).where(pb.toewijzing_nummer.in_(nummers))
    ):
        key = (r.gemeente, r.aanbieder, int(r.toewijzing_nummer))
        if r.accepted and not r.afgewezen:
            continue
        not_counted[key] = not_counted.get(key, 0) + (-1 if r.debet_credit == "C" else 1) * int(r.bedrag)
    out = []
    for r in rows:
        key = (r.gemeente, r.aanbieder, int(r.toewijzing_nummer))
        lev = leveringen.get(key)
        out.append(
            TrajectSummary(
                gemeente=r.gemeente,
                aanbieder=r.aanbieder,
                nummer=key[2],
                categorie=r.categorie,
                code=r.code,
                ingangsdatum=r.ingangsdatum,
                einddatum=r.einddatum,
                verwijderd=bool(r.verwijderd),
                versions=int(versions[key].n) if key in versions else 1,
                starts=int(lev.starts) if lev is not None else 0,
                stops=int(lev.stops) if lev is not None else 0,
                declared_cents=int(r.declared_bedrag),
                rejected_cents=not_counted.get(key, 0),
            )
        )
    return sorted(out, key=lambda s: (s.ingangsdatum, s.gemeente, s.aanbieder, s.nummer))

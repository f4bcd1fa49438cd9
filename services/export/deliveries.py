"""Deliveries: what the linked traffic says was actually delivered, one per started toegewezen product.

A *delivery* is an actual start (JW305 StartProduct) of a toegewezen product for a client, with its
definitive stop (JW307) when there is one: client, gemeente, aanbieder, toewijzing, product, begindatum,
einddatum and reden beëindiging. Every export is derived from deliveries, so this module is the one place
of the exports that knows how messages link. The quality service links too, with other results where the
standard rejects a part (a second start, a stop before its start): ``docs/linking.md`` lists the differences
and the plan to replace this module by a reader of the quality service's tables.

Linking rules (only content of messages with status ``valid`` counts):

- A toewijzing is identified by gemeente, aanbieder and ToewijzingNummer; its versions (JW301
  ToegewezenProduct, also wijziging and intrekking) are ordered by Toewijzingsdatum and Toewijzingstijd, and
  the last one is the actual state. RedenWijziging 13 (verwijderd) in the last version deletes it.
- A start or stop is identified by its logical key (IV008): client, ToewijzingNummer, Product and
  Begindatum. Messages are applied in Dagtekening order: StatusAanlevering 1 adds, 2 replaces, 3 deletes the
  class with that key. A stop belongs to the start with the same key (its Begindatum is the start's).
- A stop with RedenBeeindiging 20 (levering tijdelijk beëindigd) is not definitive: the delivery still runs.
- Geboortedatum, geslacht and postcode (of the BRP-adres, Contact Soort 01) come from the client of the
  toewijzing's last JW301; geboortedatum and geslacht from the start when there is no toewijzing.
- The verwijzer is the Verwijzer/Type of the JW315 whose ReferentieAanbieder a version of the toewijzing
  carries (the verzoek it honoured); without one the toewijzing came from the gemeentelijke toegang.

What cannot be linked is kept, not dropped: starts without a (living) toewijzing are deliveries with a
``problem``; toewijzingen without any start and stops without a start are listed in :class:`LinkedTraffic`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select

from ijw.db import models as m
from services.export.mappings import TIJDELIJK_BEEINDIGD

VERWIJDERD = "13"
"""JZ002 RedenWijziging 'Verwijderd'."""

ToewijzingKey = tuple[str, str, int]
"""(gemeente, aanbieder, ToewijzingNummer)."""

DeliveryKey = tuple[str, str, str, int | None, str | None, str | None, dt.date]
"""Logical key of a start or stop: gemeente, aanbieder, bsn, ToewijzingNummer, categorie, code, Begindatum."""

PROBLEM_NO_TOEWIJZING = "start zonder toewijzing (JW301)"
PROBLEM_DELETED = "start op verwijderde toewijzing (RedenWijziging 13)"
PROBLEM_NO_START = "toewijzing zonder start (JW305)"
PROBLEM_STOP_WITHOUT_START = "stop (JW307) zonder start"


@dataclass(slots=True)
class ToewijzingState:
    """The actual version of a toegewezen product, with what the exports need from its history."""

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
        return self.reden_wijziging == VERWIJDERD


@dataclass(slots=True)
class Delivery:
    """One actual start of a toegewezen product and its definitive stop (see the module documentation)."""

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
        )


@dataclass(slots=True)
class OpenStop:
    """A definitive stop without an actual start with the same key."""

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
    """The deliveries of the stored traffic and what could not be linked, in a deterministic order."""

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


def _valid(table: Any) -> Any:
    b = m.Bericht.__table__.c
    return table.join(m.Bericht.__table__, (b.id == table.c.bericht_id) & (b.status == m.STATUS_VALID))


def _toewijzingen(engine: Engine) -> dict[ToewijzingKey, ToewijzingState]:
    t = m.Toewijzing.__table__
    c = m.Client.__table__
    b = m.Bericht.__table__
    query = (
        select(
            t.c.gemeente,
            t.c.aanbieder,
            t.c.toewijzing_nummer,
            t.c.bsn,
            t.c.referentie_aanbieder,
            t.c.categorie,
            t.c.code,
            t.c.toewijzingsdatum,
            t.c.toewijzingstijd,
            t.c.ingangsdatum,
            t.c.einddatum,
            t.c.reden_wijziging,
            c.c.geboortedatum,
            c.c.geboortedatum_gebruik,
            c.c.geslacht,
            c.c.postcode,
            b.c.id,
            t.c.volgnummer,
        )
        .select_from(_valid(t).join(c, c.c.id == t.c.client_id))
        .order_by(t.c.toewijzingsdatum, t.c.toewijzingstijd, b.c.id, t.c.volgnummer)
    )
    states: dict[ToewijzingKey, ToewijzingState] = {}
    with engine.connect() as conn:
        for row in conn.execute(query).all():
            key = (row.gemeente, row.aanbieder, int(row.toewijzing_nummer))
            previous = states.get(key)
            state = ToewijzingState(
                gemeente=row.gemeente,
                aanbieder=row.aanbieder,
                nummer=int(row.toewijzing_nummer),
                bsn=row.bsn,
                categorie=row.categorie,
                code=row.code,
                toewijzingsdatum=row.toewijzingsdatum,
                first_toewijzingsdatum=previous.first_toewijzingsdatum if previous else row.toewijzingsdatum,
                ingangsdatum=row.ingangsdatum,
                einddatum=row.einddatum,
                reden_wijziging=row.reden_wijziging,
                geboortedatum=row.geboortedatum,
                geboortedatum_gebruik=row.geboortedatum_gebruik,
                geslacht=row.geslacht,
                postcode=row.postcode,
                referenties=list(previous.referenties) if previous else [],
            )
            if row.referentie_aanbieder and row.referentie_aanbieder not in state.referenties:
                state.referenties.append(row.referentie_aanbieder)
            states[key] = state
    return states


def _link_verzoeken(engine: Engine, states: dict[ToewijzingKey, ToewijzingState]) -> None:
    """Give each toewijzing the verwijzer and date of the JW315 it honoured (first that has one)."""
    v = m.Verzoek.__table__
    b = m.Bericht.__table__
    query = (
        select(v.c.gemeente, v.c.aanbieder, v.c.referentie_aanbieder, v.c.verwijzer_type, b.c.dagtekening)
        .select_from(_valid(v))
        .where(v.c.berichtsoort == "JW315")
        .order_by(b.c.dagtekening, b.c.id, v.c.volgnummer)
    )
    verzoeken: dict[tuple[str, str, str], tuple[str | None, dt.date | None]] = {}
    with engine.connect() as conn:
        for row in conn.execute(query).all():
            verzoeken.setdefault(
                (row.gemeente, row.aanbieder, row.referentie_aanbieder), (row.verwijzer_type, row.dagtekening)
            )
    for state in states.values():
        for referentie in state.referenties:
            found = verzoeken.get((state.gemeente, state.aanbieder, referentie))
            if found is not None:
                state.verwijzer_type, state.verzoek_dagtekening = found
                break


def _apply(rows: Any, actual: dict[DeliveryKey, Any]) -> None:
    """Apply StatusAanlevering in message order: 1 adds, 2 replaces, 3 deletes the class with the key."""
    for row in rows:
        key: DeliveryKey = (
            row.gemeente,
            row.aanbieder,
            row.bsn,
            None if row.toewijzing_nummer is None else int(row.toewijzing_nummer),
            row.categorie,
            row.code,
            row.begindatum,
        )
        if row.status_aanlevering == "3":
            actual.pop(key, None)
        else:
            actual[key] = row


def _starts_and_stops(engine: Engine) -> tuple[dict[DeliveryKey, Any], dict[DeliveryKey, Any]]:
    s = m.Start.__table__
    p = m.Stop.__table__
    c = m.Client.__table__
    b = m.Bericht.__table__
    common = (
        b.c.dagtekening,
        b.c.id,
    )
    start_query = (
        select(
            s.c.gemeente,
            s.c.aanbieder,
            s.c.bsn,
            s.c.toewijzing_nummer,
            s.c.categorie,
            s.c.code,
            s.c.begindatum,
            s.c.status_aanlevering,
            c.c.geboortedatum,
            c.c.geboortedatum_gebruik,
            c.c.geslacht,
            *common,
        )
        .select_from(_valid(s).join(c, c.c.id == s.c.client_id))
        .order_by(b.c.dagtekening, b.c.id, s.c.volgnummer)
    )
    stop_query = (
        select(
            p.c.gemeente,
            p.c.aanbieder,
            p.c.bsn,
            p.c.toewijzing_nummer,
            p.c.categorie,
            p.c.code,
            p.c.begindatum,
            p.c.status_aanlevering,
            p.c.reden_beeindiging,
            p.c.einddatum,
            *common,
        )
        .select_from(_valid(p))
        .order_by(b.c.dagtekening, b.c.id, p.c.volgnummer)
    )
    starts: dict[DeliveryKey, Any] = {}
    stops: dict[DeliveryKey, Any] = {}
    with engine.connect() as conn:
        _apply(conn.execute(start_query).all(), starts)
        _apply(conn.execute(stop_query).all(), stops)
    return starts, stops


def load_traffic(engine: Engine) -> LinkedTraffic:
    """Link the stored valid traffic into deliveries (see the module documentation)."""
    states = _toewijzingen(engine)
    _link_verzoeken(engine, states)
    starts, stops = _starts_and_stops(engine)
    deliveries: list[Delivery] = []
    started: set[ToewijzingKey] = set()
    for key, start in starts.items():
        stop = stops.pop(key, None)
        definitive = stop is not None and stop.reden_beeindiging != TIJDELIJK_BEEINDIGD
        nummer = key[3]
        state = states.get((start.gemeente, start.aanbieder, nummer)) if nummer is not None else None
        problem = None
        if state is None:
            problem = PROBLEM_NO_TOEWIJZING
        else:
            started.add((state.gemeente, state.aanbieder, state.nummer))
            if state.deleted:
                problem = PROBLEM_DELETED
        born = state if state and state.geboortedatum else start  # the toewijzing's client, else the start's
        deliveries.append(
            Delivery(
                gemeente=start.gemeente,
                aanbieder=start.aanbieder,
                bsn=start.bsn,
                toewijzing_nummer=nummer,
                categorie=start.categorie,
                code=start.code,
                begindatum=start.begindatum,
                einddatum=stop.einddatum if definitive else None,
                reden=stop.reden_beeindiging if definitive else None,
                geboortedatum=born.geboortedatum,
                geboortedatum_gebruik=born.geboortedatum_gebruik,
                geslacht=state.geslacht if state and state.geslacht else start.geslacht,
                toewijzing=state,
                problem=problem,
            )
        )
    deliveries.sort(key=Delivery.sort_key)
    without_start = sorted(
        (s for k, s in states.items() if k not in started and not s.deleted),
        key=lambda s: (s.aanbieder, s.bsn, s.ingangsdatum, s.gemeente, s.nummer),
    )
    open_stops = sorted(
        (
            OpenStop(
                s.gemeente,
                s.aanbieder,
                s.bsn,
                k[3],
                s.categorie,
                s.code,
                s.begindatum,
                s.einddatum,
                s.reden_beeindiging,
            )
            for k, s in stops.items()
            if s.reden_beeindiging != TIJDELIJK_BEEINDIGD
        ),
        key=lambda s: (s.aanbieder, s.bsn, s.begindatum, s.gemeente, s.toewijzing_nummer or 0),
    )
    return LinkedTraffic(deliveries, states, without_start, open_stops)

"""Row-level lists behind the indicators, for the feedback report: incomplete trajectories, late retours.

Each row names a toegewezen product by gemeente, aanbieder and ToewijzingNummer and a message by afzender,
berichtsoort and identificatie — never by BSN or name — so a party can find it in its own administration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Engine, Select, and_, case, exists, literal, or_, select

from ijw.db import models as m
from ijw.db.dialect import days_between
from ijw.db.tables import BERICHTEN, DECLARATIES, LEVERINGEN, PRESTATIES, TRAJECTEN
from ijw.retour.pairs import RETOUR_OF
from ijw.werkdagen import add_werkdagen
from services.quality.indicators import (
    DEADLINE_WERKDAGEN,
    DEFAULT_START_DAYS,
    DEFAULT_STOP_GRACE_DAYS,
    _as_date,
    _started,
    _werkdagen,
    default_as_of,
    prestatie_links,
)

Issue = Literal["geen-start", "geen-stop", "declaratie-zonder-toewijzing", "declaratie-zonder-start"]

ISSUE_LABELS: dict[str, str] = {
    "geen-start": "toewijzing without a start (JW305)",
    "geen-stop": "ended toewijzing without a stop (JW307)",
    "declaratie-zonder-toewijzing": "prestatie declared without a toewijzing",
    "declaratie-zonder-start": "prestatie declared without a start",
}


@dataclass(frozen=True, slots=True)
class IncompleteTraject:
    """A toegewezen product whose trajectory misses a step."""

    issue: Issue
    gemeente: str
    aanbieder: str
    toewijzing_nummer: int
    date: dt.date | None
    detail: str


@dataclass(frozen=True, slots=True)
class LateRetour:
    """A heenbericht answered after its deadline, or not answered while the deadline has passed."""

    gemeente: str | None
    aanbieder: str | None
    heen: str
    heen_dagtekening: dt.date
    retour_berichtsoort: str
    retour_dagtekening: dt.date | None
    werkdagen: int | None
    deadline_werkdagen: int


def _party(table: Any, aanbieder: str | None, gemeente: str | None) -> list[Any]:
    conditions = []
    if aanbieder is not None:
        conditions.append(table.c.aanbieder == aanbieder)
    if gemeente is not None:
        conditions.append(table.c.gemeente == gemeente)
    return conditions


def incomplete_trajecten(
    engine: Engine,
    *,
    aanbieder: str | None = None,
    gemeente: str | None = None,
    as_of: dt.date | None = None,
    start_days: int = DEFAULT_START_DAYS,
    stop_grace_days: int = DEFAULT_STOP_GRACE_DAYS,
    limit: int | None = None,
) -> list[IncompleteTraject]:
    """Toewijzingen without a timely start, ended ones without a stop and prestaties outside them."""
    as_of = as_of or default_as_of(engine)
    own_t = _party(TRAJECTEN, aanbieder, gemeente)
    rows: list[IncompleteTraject] = []
    no_start = _no_start(own_t, as_of, start_days, limit)
    no_stop = _no_stop(own_t, as_of, stop_grace_days, limit)
    declared = _declared_without_start(aanbieder, gemeente, limit)
    with engine.connect() as conn:
        for r in conn.execute(no_start):
            detail = f"no start within {start_days} days (Ingangsdatum {r.ingangsdatum})"
            rows.append(
                IncompleteTraject(
                    "geen-start", r.gemeente, r.aanbieder, r.toewijzing_nummer, r.ingangsdatum, detail
                )
            )
        for r in conn.execute(no_stop):
            detail = f"Einddatum {r.einddatum} passed; a start is still actual"
            rows.append(
                IncompleteTraject(
                    "geen-stop", r.gemeente, r.aanbieder, r.toewijzing_nummer, r.einddatum, detail
                )
            )
        for r in conn.execute(declared):
            issue: Issue = "declaratie-zonder-start" if r.has_traject else "declaratie-zonder-toewijzing"
            detail = f"prestatie {r.referentie_nummer} for the period from {r.periode_begin}"
            rows.append(
                IncompleteTraject(
                    issue, r.gemeente, r.aanbieder, r.toewijzing_nummer, r.periode_begin, detail
                )
            )
    return rows


def _no_start(own: list[Any], as_of: dt.date, start_days: int, limit: int | None) -> Select[Any]:
    """Trajecten without a start ``start_days`` after their Ingangsdatum (or their toewijzing, if later)."""
    reference = case(
        (TRAJECTEN.c.ingangsdatum > TRAJECTEN.c.first_dagtekening, TRAJECTEN.c.ingangsdatum),
        else_=TRAJECTEN.c.first_dagtekening,
    )
    return (
        select(
            TRAJECTEN.c.gemeente,
            TRAJECTEN.c.aanbieder,
            TRAJECTEN.c.toewijzing_nummer,
            TRAJECTEN.c.ingangsdatum,
        )
        .where(
            TRAJECTEN.c.verwijderd.is_(False),
            or_(TRAJECTEN.c.einddatum.is_(None), TRAJECTEN.c.einddatum >= TRAJECTEN.c.ingangsdatum),
            days_between(reference, literal(as_of)) >= start_days,
            ~_started(reference, start_days),
            *own,
        )
        .order_by(TRAJECTEN.c.ingangsdatum, TRAJECTEN.c.toewijzing_nummer)
        .limit(limit)
    )


def _no_stop(own: list[Any], as_of: dt.date, grace_days: int, limit: int | None) -> Select[Any]:
    """Ended trajecten whose start is still actual ``grace_days`` after the Einddatum."""
    running = exists().where(
        LEVERINGEN.c.gemeente == TRAJECTEN.c.gemeente,
        LEVERINGEN.c.aanbieder == TRAJECTEN.c.aanbieder,
        LEVERINGEN.c.toewijzing_nummer == TRAJECTEN.c.toewijzing_nummer,
        LEVERINGEN.c.status == "actueel",
    )
    return (
        select(
            TRAJECTEN.c.gemeente, TRAJECTEN.c.aanbieder, TRAJECTEN.c.toewijzing_nummer, TRAJECTEN.c.einddatum
        )
        .where(
            TRAJECTEN.c.verwijderd.is_(False),
            TRAJECTEN.c.einddatum.is_not(None),
            days_between(TRAJECTEN.c.einddatum, literal(as_of)) >= grace_days,
            running,
            *own,
        )
        .order_by(TRAJECTEN.c.einddatum, TRAJECTEN.c.toewijzing_nummer)
        .limit(limit)
    )


def _declared_without_start(aanbieder: str | None, gemeente: str | None, limit: int | None) -> Select[Any]:
    """Debet prestaties without their toewijzing or start."""
    traject, start = prestatie_links()
    return (
        select(
            DECLARATIES.c.gemeente,
            DECLARATIES.c.aanbieder,
            PRESTATIES.c.toewijzing_nummer,
            PRESTATIES.c.periode_begin,
            PRESTATIES.c.referentie_nummer,
            traject.label("has_traject"),
        )
        .select_from(PRESTATIES.join(DECLARATIES, DECLARATIES.c.id == PRESTATIES.c.declaratie_id))
        .where(
            PRESTATIES.c.debet_credit == "D", ~and_(traject, start), *_party(DECLARATIES, aanbieder, gemeente)
        )
        .order_by(PRESTATIES.c.periode_begin, PRESTATIES.c.toewijzing_nummer)
        .limit(limit)
    )


#: The retour berichtsoort that answers each heenbericht.
_RETOUR_ON = {h: r for r, h in RETOUR_OF.items()}


def _answered_after_three_days(heen: Any, retour: Any, own: list[Any]) -> Select[Any]:
    """Retours more than three days after their heenbericht (werkdagen never exceed days: the candidates)."""
    return (
        select(
            heen.c.gemeente,
            heen.c.aanbieder,
            heen.c.afzender,
            heen.c.berichtsoort.label("heen_soort"),
            heen.c.identificatie,
            heen.c.dagtekening.label("heen_dag"),
            retour.c.berichtsoort,
            retour.c.dagtekening.label("retour_dag"),
        )
        .select_from(retour.join(heen, heen.c.id == retour.c.retour_to_id))
        .where(
            retour.c.berichtsoort.in_(list(RETOUR_OF)),
            heen.c.dagtekening.is_not(None),
            retour.c.dagtekening.is_not(None),
            days_between(heen.c.dagtekening, retour.c.dagtekening) > 3,
            *own,
        )
        .order_by(heen.c.dagtekening, heen.c.id)
    )


def _unanswered(heen: Any, retour: Any, own: list[Any], as_of: dt.date) -> Select[Any]:
    """Valid heenberichten before ``as_of`` without a retour."""
    answered = exists().where(retour.c.retour_to_id == heen.c.id, retour.c.berichtsoort.in_(list(RETOUR_OF)))
    return (
        select(
            heen.c.gemeente,
            heen.c.aanbieder,
            heen.c.afzender,
            heen.c.berichtsoort.label("heen_soort"),
            heen.c.identificatie,
            heen.c.dagtekening.label("heen_dag"),
        )
        .where(
            heen.c.berichtsoort.in_(list(_RETOUR_ON)),
            heen.c.xsd_valid.is_(True),
            heen.c.status != m.STATUS_REJECTED,
            heen.c.dagtekening.is_not(None),
            heen.c.dagtekening < as_of,
            ~answered,
            *own,
        )
        .order_by(heen.c.dagtekening, heen.c.id)
    )


def late_retours(
    engine: Engine,
    *,
    aanbieder: str | None = None,
    gemeente: str | None = None,
    as_of: dt.date | None = None,
    limit: int | None = None,
) -> list[LateRetour]:
    """Answers received after their deadline, and heenberichten still unanswered after it (oldest first)."""
    as_of = as_of or default_as_of(engine)
    heen = BERICHTEN.alias("heen")
    retour = BERICHTEN.alias("retour")
    own = _party(heen, aanbieder, gemeente)
    received = _answered_after_three_days(heen, retour, own)
    missing = _unanswered(heen, retour, own, as_of)
    rows: list[LateRetour] = []
    with engine.connect() as conn:
        for r in conn.execute(received):
            deadline = DEADLINE_WERKDAGEN[r.berichtsoort]
            used = _werkdagen(_as_date(r.heen_dag), _as_date(r.retour_dag))
            if used > deadline:
                rows.append(
                    LateRetour(
                        r.gemeente,
                        r.aanbieder,
                        f"{r.afzender}/{r.heen_soort}/{r.identificatie}",
                        _as_date(r.heen_dag),
                        r.berichtsoort,
                        _as_date(r.retour_dag),
                        used,
                        deadline,
                    )
                )
        for u in conn.execute(missing):
            soort = _RETOUR_ON[u.heen_soort]
            deadline = DEADLINE_WERKDAGEN[soort]
            if add_werkdagen(_as_date(u.heen_dag), deadline) < as_of:
                rows.append(
                    LateRetour(
                        u.gemeente,
                        u.aanbieder,
                        f"{u.afzender}/{u.heen_soort}/{u.identificatie}",
                        _as_date(u.heen_dag),
                        soort,
                        None,
                        None,
                        deadline,
                    )
                )
    rows.sort(key=lambda x: (x.heen_dagtekening, x.heen))
    return rows[:limit] if limit is not None else rows

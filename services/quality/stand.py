"""The checks judged on the state at a date: process deadlines and completeness (``kind = 'stand'``).

They are recomputed on every run from the stored messages and the linked state, so they follow the
``as_of`` date: an answer that is not late yet today can be tomorrow.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, select

from ijw.db import models as m
from services.ingest.processing import TR056, TR056_RETOURCODE
from services.quality.linking.model import ACTUEEL, GESTOPT, VERWIJDERD
from services.quality.linking.store import LEVERINGEN, TRAJECTEN, table
from services.quality.rules import process as pr

BERICHTEN = table(m.Bericht)
INGEST_FINDINGS = table(m.FindingRow)
#: Heenberichten answered by a retour message (JW323 is answered by a JW325: its own deadline).
RETOUR_OF = ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319")


@dataclass(frozen=True, slots=True)
class StandFinding:
    check: str
    bericht_id: int
    detail: str
    toewijzing_nummer: int | None = None
    bsn: str | None = None
    related_bericht_id: int | None = None


def _first_on_or_after(answers: list[tuple[dt.date, int]], day: dt.date) -> tuple[dt.date, int] | None:
    i = bisect.bisect_left(answers, (day, -1))
    return answers[i] if i < len(answers) else None


def retour_deadlines(conn: Connection, as_of: dt.date, werkdagen: int) -> Iterator[StandFinding]:
    """TERMIJN-RETOUR for every XSD-valid heenbericht: its first retour dated on or after it.

    Two heenberichten can share a key when the second broke TR056 (its Identificatie was used before): the
    second is answered by the retour that carries 9056, the first by one that does not.
    """
    b = BERICHTEN.c
    tr056_heen = set(
        conn.execute(select(INGEST_FINDINGS.c.bericht_id).where(INGEST_FINDINGS.c.rule == TR056)).scalars()
    )
    rc = table(m.RetourcodeRow).c
    tr056_retour = set(conn.execute(select(rc.bericht_id).where(rc.retourcode == TR056_RETOURCODE)).scalars())
    retours: dict[tuple[str, str, str, bool], list[tuple[dt.date, int]]] = defaultdict(list)
    for r in conn.execute(
        select(
            b.id, b.dagtekening, b.retour_of_afzender, b.retour_of_berichtsoort, b.retour_of_identificatie
        ).where(b.retour_of_berichtsoort.in_(RETOUR_OF), b.dagtekening.is_not(None))
    ):
        key = (
            r.retour_of_afzender,
            r.retour_of_berichtsoort,
            r.retour_of_identificatie,
            r.id in tr056_retour,
        )
        retours[key].append((r.dagtekening, r.id))
    for found in retours.values():
        found.sort()
    for r in conn.execute(
        select(b.id, b.afzender, b.berichtsoort, b.identificatie, b.dagtekening).where(
            b.berichtsoort.in_(RETOUR_OF), b.xsd_valid.is_(True), b.dagtekening.is_not(None)
        )
    ):
        key = (r.afzender, r.berichtsoort, r.identificatie, r.id in tr056_heen)
        answer = _first_on_or_after(retours.get(key, []), r.dagtekening)
        problem = pr.lateness(r.dagtekening, answer[0] if answer else None, werkdagen, as_of)
        if problem is not None:
            yield StandFinding(
                "TERMIJN-RETOUR", r.id, f"retour {problem}", related_bericht_id=answer[1] if answer else None
            )


def antwoord_deadlines(conn: Connection, as_of: dt.date, werkdagen: int) -> Iterator[StandFinding]:
    """TERMIJN-ANTWOORD for every valid verzoek: the first JW319 or JW301 with its ReferentieAanbieder."""
    b, v, a, t = BERICHTEN.c, table(m.Verzoek).c, table(m.Antwoord).c, table(m.Toewijzing).c
    answers: dict[tuple[str, str, str], list[tuple[dt.date, int]]] = defaultdict(list)
    valid = b.status == m.STATUS_VALID
    sources: list[Select[Any]] = [
        select(a.gemeente, a.aanbieder, a.referentie_aanbieder, b.dagtekening, b.id).join(
            BERICHTEN, and_(b.id == a.bericht_id, valid)
        ),
        select(t.gemeente, t.aanbieder, t.referentie_aanbieder, b.dagtekening, b.id)
        .join(BERICHTEN, and_(b.id == t.bericht_id, valid))
        .where(t.referentie_aanbieder.is_not(None)),
    ]
    for src in sources:
        for r in conn.execute(src):
            answers[(r.gemeente, r.aanbieder, r.referentie_aanbieder)].append((r.dagtekening, r.id))
    for found in answers.values():
        found.sort()
    judged: set[int] = set()
    for r in conn.execute(
        select(v.gemeente, v.aanbieder, v.referentie_aanbieder, v.bsn, b.dagtekening, b.id)
        .join(BERICHTEN, and_(b.id == v.bericht_id, valid))
        .order_by(b.id, v.volgnummer)
    ):
        if r.id in judged:
            continue
        answer = _first_on_or_after(
            answers.get((r.gemeente, r.aanbieder, r.referentie_aanbieder), []), r.dagtekening
        )
        problem = pr.lateness(r.dagtekening, answer[0] if answer else None, werkdagen, as_of)
        if problem is not None:
            judged.add(r.id)
            yield StandFinding(
                "TERMIJN-ANTWOORD",
                r.id,
                f"verzoek {r.referentie_aanbieder} {problem}",
                bsn=r.bsn,
                related_bericht_id=answer[1] if answer else None,
            )


def declaratie_antwoord_deadlines(conn: Connection, as_of: dt.date, werkdagen: int) -> Iterator[StandFinding]:
    """TERMIJN-DECLARATIE-ANTWOORD for every XSD-valid JW323: the first JW325 that names it."""
    b, da = BERICHTEN.c, table(m.DeclaratieAntwoord).c
    answers: dict[tuple[str, str, str], list[tuple[dt.date, int]]] = defaultdict(list)
    for r in conn.execute(
        select(da.gemeente, da.aanbieder, da.declaratie_identificatie, b.dagtekening, b.id).join(
            BERICHTEN, b.id == da.bericht_id
        )
    ):
        answers[(r.gemeente, r.aanbieder, r.declaratie_identificatie)].append((r.dagtekening, r.id))
    for found in answers.values():
        found.sort()
    for r in conn.execute(
        select(b.id, b.gemeente, b.aanbieder, b.identificatie, b.dagtekening).where(
            b.berichtsoort == "JW323", b.xsd_valid.is_(True), b.dagtekening.is_not(None)
        )
    ):
        answer = _first_on_or_after(
            answers.get((r.gemeente, r.aanbieder, r.identificatie), []), r.dagtekening
        )
        problem = pr.lateness(r.dagtekening, answer[0] if answer else None, werkdagen, as_of)
        if problem is not None:
            yield StandFinding(
                "TERMIJN-DECLARATIE-ANTWOORD",
                r.id,
                f"JW325 {problem}",
                related_bericht_id=answer[1] if answer else None,
            )


def completeness(conn: Connection, as_of: dt.date, th: pr.Thresholds) -> Iterator[StandFinding]:
    """GEEN-START and GEEN-STOP for every linked toegewezen product."""
    t, lv = TRAJECTEN.c, LEVERINGEN.c
    leveringen: dict[tuple[str, str, int], list[tuple[int, str, bool, int]]] = defaultdict(list)
    for r in conn.execute(
        select(
            lv.gemeente,
            lv.aanbieder,
            lv.toewijzing_nummer,
            lv.volgnummer,
            lv.status,
            lv.tijdelijk,
            lv.start_bericht_id,
        )
    ):
        leveringen[(r.gemeente, r.aanbieder, int(r.toewijzing_nummer))].append(
            (r.volgnummer, r.status, bool(r.tijdelijk), r.start_bericht_id)
        )
    for tr in conn.execute(
        select(
            t.gemeente,
            t.aanbieder,
            t.toewijzing_nummer,
            t.bsn,
            t.ingangsdatum,
            t.einddatum,
            t.first_bericht_id,
            t.first_dagtekening,
        ).where(t.verwijderd.is_(False))
    ):
        nummer = int(tr.toewijzing_nummer)
        standing = sorted(
            x for x in leveringen.get((tr.gemeente, tr.aanbieder, nummer), []) if x[1] != VERWIJDERD
        )
        problem = pr.geen_start(tr.ingangsdatum, tr.first_dagtekening, bool(standing), as_of, th.start_days)
        if problem is not None:
            yield StandFinding("GEEN-START", tr.first_bericht_id, problem, nummer, tr.bsn)
            continue
        if not standing:
            continue
        _, status, tijdelijk, start_bericht = standing[-1]
        stopped = status == GESTOPT and not tijdelijk
        assert status in (ACTUEEL, GESTOPT)
        problem = pr.geen_stop(tr.einddatum, stopped, as_of, th.stop_days)
        if problem is not None:
            yield StandFinding("GEEN-STOP", start_bericht, problem, nummer, tr.bsn)


def stand_findings(conn: Connection, as_of: dt.date, th: pr.Thresholds) -> Iterator[StandFinding]:
    """Every deadline and completeness finding at ``as_of``."""
    yield from retour_deadlines(conn, as_of, th.retour)
    yield from antwoord_deadlines(conn, as_of, th.antwoord)
    yield from declaratie_antwoord_deadlines(conn, as_of, th.declaratie_antwoord)
    yield from completeness(conn, as_of, th)

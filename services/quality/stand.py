"""The checks judged on the state at a date: the official deadlines (OP…) and GEEN-START (``kind = 'stand'``).

They are recomputed on every run from the stored messages and the linked state, so they follow the
``as_of`` date: an answer that is not late yet today can be tomorrow.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, select

from ijw.codelists import codes
from ijw.db import models as m
from ijw.db.tables import (
    ANTWOORDEN,
    BERICHTEN,
    DECLARATIE_ANTWOORDEN,
    LEVERINGEN,
    RETOURCODES,
    STARTS,
    STOPS,
    TOEWIJZINGEN,
    TRAJECTEN,
    VERZOEKEN,
)
from ijw.db.tables import FINDINGS as INGEST_FINDINGS
from ijw.retour.pairs import HEEN_WITH_RETOUR
from ijw.rules.tr056 import TR056, TR056_RETOURCODE
from services.quality.linking.model import ACTUEEL, GESTOPT, VERWIJDERD
from services.quality.rules import process as pr

#: StatusAanlevering (COD467): 1 a first delivery, 3 a withdrawal (corrections keep the first's deadline).
EERSTE_AANLEVERING, VERWIJDEREN = "1", "3"


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
    """OP090 for every XSD-valid heenbericht: its first retour dated on or after it.

    Two heenberichten can share a key when the second broke TR056 (its Identificatie was used before): the
    second is answered by the retour that carries 9056, the first by one that does not.
    """
    b = BERICHTEN.c
    tr056_heen = set(
        conn.execute(select(INGEST_FINDINGS.c.bericht_id).where(INGEST_FINDINGS.c.rule == TR056)).scalars()
    )
    rc = RETOURCODES.c
    tr056_retour = set(conn.execute(select(rc.bericht_id).where(rc.retourcode == TR056_RETOURCODE)).scalars())
    retours: dict[tuple[str, str, str, bool], list[tuple[dt.date, int]]] = defaultdict(list)
    for r in conn.execute(
        select(
            b.id, b.dagtekening, b.retour_of_afzender, b.retour_of_berichtsoort, b.retour_of_identificatie
        ).where(b.retour_of_berichtsoort.in_(HEEN_WITH_RETOUR), b.dagtekening.is_not(None))
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
            b.berichtsoort.in_(HEEN_WITH_RETOUR), b.xsd_valid.is_(True), b.dagtekening.is_not(None)
        )
    ):
        key = (r.afzender, r.berichtsoort, r.identificatie, r.id in tr056_heen)
        answer = _first_on_or_after(retours.get(key, []), r.dagtekening)
        problem = pr.lateness(r.dagtekening, answer[0] if answer else None, werkdagen, as_of)
        if problem is not None:
            yield StandFinding(
                "OP090", r.id, f"retour {problem}", related_bericht_id=answer[1] if answer else None
            )


IN_ONDERZOEK = codes.VERZOEK_IN_ONDERZOEK


@dataclass(frozen=True, slots=True, order=True)
class _Answer:
    dagtekening: dt.date
    bericht_id: int
    final: bool  # a JW301, or a JW319 that is not "Aanvraag in onderzoek"
    reden: str | None = None  # the RedenAfwijzingVerzoek of a JW319


def _answers(conn: Connection) -> dict[tuple[str, str, str], list[_Answer]]:
    """Every valid JW319 and every JW301 product with a ReferentieAanbieder, by the verzoek they answer."""
    b, a, t = BERICHTEN.c, ANTWOORDEN.c, TOEWIJZINGEN.c
    valid = b.status == m.STATUS_VALID
    answers: dict[tuple[str, str, str], list[_Answer]] = defaultdict(list)
    for r in conn.execute(
        select(
            a.gemeente,
            a.aanbieder,
            a.referentie_aanbieder,
            a.verzoek_antwoord,
            a.reden_afwijzing,
            b.dagtekening,
            b.id,
        ).join(BERICHTEN, and_(b.id == a.bericht_id, valid))
    ):
        key = (r.gemeente, r.aanbieder, r.referentie_aanbieder)
        final = r.verzoek_antwoord != IN_ONDERZOEK
        answers[key].append(_Answer(r.dagtekening, r.id, final, r.reden_afwijzing))
    for w in conn.execute(
        select(t.gemeente, t.aanbieder, t.referentie_aanbieder, b.dagtekening, b.id)
        .join(BERICHTEN, and_(b.id == t.bericht_id, valid))
        .where(t.referentie_aanbieder.is_not(None))
    ):
        answers[(w.gemeente, w.aanbieder, w.referentie_aanbieder)].append(_Answer(w.dagtekening, w.id, True))
    for found in answers.values():
        found.sort()
    return answers


def antwoord_deadlines(conn: Connection, as_of: dt.date, th: pr.Thresholds) -> Iterator[StandFinding]:
    """OP274 (JW315) and OP346 (JW317) for every valid verzoek: its first answer (a JW319 or a JW301 with
    its ReferentieAanbieder) within 5 werkdagen and, when that answer is "Aanvraag in onderzoek", a final one
    (a JW301 or a JW319 Verzoek afgewezen) within eight weeks after the verzoek."""
    b, v = BERICHTEN.c, VERZOEKEN.c
    answers = _answers(conn)
    judged: set[int] = set()
    for r in conn.execute(
        select(v.gemeente, v.aanbieder, v.referentie_aanbieder, v.bsn, b.berichtsoort, b.dagtekening, b.id)
        .join(BERICHTEN, and_(b.id == v.bericht_id, b.status == m.STATUS_VALID))
        .order_by(b.id, v.volgnummer)
    ):
        if r.id in judged:
            continue
        judged.add(r.id)
        rule = pr.ANTWOORD_RULE[r.berichtsoort]
        found = [
            x
            for x in answers.get((r.gemeente, r.aanbieder, r.referentie_aanbieder), [])
            if x.dagtekening >= r.dagtekening
        ]
        yield from _woonplaatsbeginsel(r, found)
        first = found[0] if found else None
        problem = pr.lateness(r.dagtekening, first.dagtekening if first else None, th.antwoord, as_of)
        if problem is not None:
            yield StandFinding(
                rule,
                r.id,
                f"verzoek {r.referentie_aanbieder} {problem}",
                bsn=r.bsn,
                related_bericht_id=first.bericht_id if first else None,
            )
        if first is None or first.final:
            continue
        final = next((x for x in found if x.final), None)
        problem = pr.in_onderzoek_lateness(
            r.dagtekening, final.dagtekening if final else None, as_of, th.in_onderzoek_weken
        )
        if problem is not None:
            yield StandFinding(
                rule,
                r.id,
                f"verzoek {r.referentie_aanbieder} in onderzoek: final answer {problem}",
                bsn=r.bsn,
                related_bericht_id=final.bericht_id if final else first.bericht_id,
            )


def _woonplaatsbeginsel(verzoek: Any, found: list[_Answer]) -> Iterator[StandFinding]:
    """OP359 for a JW315: its rejection on the woonplaatsbeginsel, when there is one, within two weeks."""
    if verzoek.berichtsoort != "JW315":
        return
    rejection = next((x for x in found if x.final and x.reden == pr.REDEN_WOONPLAATSBEGINSEL), None)
    if rejection is None:
        return
    problem = pr.op359_lateness(verzoek.dagtekening, rejection.dagtekening)
    if problem is not None:
        yield StandFinding(
            "OP359",
            verzoek.id,
            f"verzoek {verzoek.referentie_aanbieder} rejected on the woonplaatsbeginsel: {problem}",
            bsn=verzoek.bsn,
            related_bericht_id=rejection.bericht_id,
        )


def declaratie_antwoord_deadlines(conn: Connection, as_of: dt.date, werkdagen: int) -> Iterator[StandFinding]:
    """OP090x4 for every XSD-valid JW323: the first JW325 that names it."""
    b, da = BERICHTEN.c, DECLARATIE_ANTWOORDEN.c
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
                "OP090x4",
                r.id,
                f"JW325 {problem}",
                related_bericht_id=answer[1] if answer else None,
            )


def completeness(conn: Connection, as_of: dt.date, th: pr.Thresholds) -> Iterator[StandFinding]:
    """GEEN-START and OP272 (a stop that never came) for every linked toegewezen product."""
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
        problem = pr.op272_missing_stop(tr.einddatum, stopped, as_of, th.start_stop)
        if problem is not None:
            yield StandFinding("OP272", start_bericht, problem, nummer, tr.bsn)


def _first_deliveries(rows: Iterable[Any]) -> Iterator[Any]:
    """The starts or stops (rows in the order sent) whose deadline is judged (OP271, OP272).

    IV008 corrects a start or stop by withdrawing it (StatusAanlevering 3) and then, in the same message or
    a later one, sending its replacement (StatusAanlevering 1); casus 4 of the Casusbeschrijvingen 3.2 sends
    both in one JW307 "enkele dagen" after the stop. A delivery sent again with the same key (breaking TR074
    or TR415) keeps the deadline of the first, and a delivery that replaces a withdrawn one of the same
    toegewezen product is not judged: the gemeente learned of the start or the end from the delivery it
    replaces (judged itself), and the correction procedure (OP033) sets no deadline of its own. Within a
    message a withdrawal counts before the delivery that replaces it, whatever their order.
    """
    judged: set[tuple[str, str, int, dt.date]] = set()
    replacing: set[tuple[str, str, int]] = set()
    for r in rows:
        product = (r.gemeente, r.aanbieder, int(r.toewijzing_nummer))
        if r.status_aanlevering == VERWIJDEREN:
            replacing.add(product)
            continue
        key = (*product, r.begindatum)
        if r.status_aanlevering != EERSTE_AANLEVERING or key in judged:
            continue
        judged.add(key)
        if product in replacing:
            replacing.discard(product)
            continue
        yield r


def start_deadlines(conn: Connection, werkdagen: int) -> Iterator[StandFinding]:
    """OP271 for the first delivery (StatusAanlevering 1) of every start on a linked toewijzing, except a
    start sent again or one that replaces a withdrawn start (:func:`_first_deliveries`)."""
    b, s, t = BERICHTEN.c, STARTS.c, TRAJECTEN.c
    received = {
        (r.gemeente, r.aanbieder, int(r.toewijzing_nummer)): r.first_dagtekening
        for r in conn.execute(select(t.gemeente, t.aanbieder, t.toewijzing_nummer, t.first_dagtekening))
    }
    rows = conn.execute(
        select(
            s.gemeente,
            s.aanbieder,
            s.toewijzing_nummer,
            s.begindatum,
            s.status_aanlevering,
            s.bsn,
            b.dagtekening,
            b.id,
        )
        .join(BERICHTEN, and_(b.id == s.bericht_id, b.status == m.STATUS_VALID))
        .where(s.toewijzing_nummer.is_not(None))
        .order_by(b.dagtekening, b.id, s.status_aanlevering.desc(), s.volgnummer)
    )
    for r in _first_deliveries(rows):
        nummer = int(r.toewijzing_nummer)
        toegewezen = received.get((r.gemeente, r.aanbieder, nummer))
        if toegewezen is None:
            continue
        last = pr.op271_start_deadline(r.begindatum, toegewezen, werkdagen)
        if r.dagtekening > last:
            yield StandFinding(
                "OP271",
                r.id,
                f"start of {r.begindatum} (toewijzing sent {toegewezen}) sent {r.dagtekening}, after the "
                f"deadline {last} ({werkdagen} werkdagen)",
                nummer,
                r.bsn,
            )


def stop_deadlines(conn: Connection, werkdagen: int) -> Iterator[StandFinding]:
    """OP272 for the first delivery of every stop, except a stop sent again or one that replaces a withdrawn
    stop (:func:`_first_deliveries`). A definitive stop after a temporary stop of the same start (the same
    key) is one of those sent again: it is due after it became known that the care ended for good, which
    the traffic does not show."""
    b, s = BERICHTEN.c, STOPS.c
    rows = conn.execute(
        select(
            s.gemeente,
            s.aanbieder,
            s.toewijzing_nummer,
            s.begindatum,
            s.einddatum,
            s.status_aanlevering,
            s.bsn,
            b.dagtekening,
            b.id,
        )
        .join(BERICHTEN, and_(b.id == s.bericht_id, b.status == m.STATUS_VALID))
        .where(s.toewijzing_nummer.is_not(None))
        .order_by(b.dagtekening, b.id, s.status_aanlevering.desc(), s.volgnummer)
    )
    for r in _first_deliveries(rows):
        last = pr.deadline(r.einddatum, werkdagen)
        if r.dagtekening > last:
            yield StandFinding(
                "OP272",
                r.id,
                f"stop of {r.einddatum} sent {r.dagtekening}, "
                f"after the deadline {last} ({werkdagen} werkdagen)",
                int(r.toewijzing_nummer),
                r.bsn,
            )


def stand_findings(conn: Connection, as_of: dt.date, th: pr.Thresholds) -> Iterator[StandFinding]:
    """Every deadline finding and GEEN-START at ``as_of``."""
    yield from retour_deadlines(conn, as_of, th.retour)
    yield from antwoord_deadlines(conn, as_of, th)
    yield from declaratie_antwoord_deadlines(conn, as_of, th.declaratie_antwoord)
    yield from start_deadlines(conn, th.start_stop)
    yield from stop_deadlines(conn, th.start_stop)
    yield from completeness(conn, as_of, th)

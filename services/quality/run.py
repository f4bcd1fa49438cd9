"""One run of the quality service: link the new messages, then judge deadlines and completeness.

``run_quality(engine)`` links every valid message that was not linked before, one aanbieder partition per
transaction (a crash loses at most the partition in progress; the next run continues), and recomputes the
findings that depend on the date.

Two orders (docs/linking.md): the cross-message findings are judged in *arrival* order (the order messages
were linked: per run, the new ones in canonical order after everything linked before), each against the
state before it, as the receiving backoffice would on arrival; the linked *state* (``trajecten``,
``leveringen``, ``prestatie_beoordelingen``), which the exports and the dashboard read, is derived in
*canonical* order (Dagtekening, message type, storage order), so it does not depend on the order the traffic
arrived in. ``full=True`` throws the derived state away and replays every linked message: the same result as
the incremental runs gave.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from ijw.db import models as m
from ijw.db.tables import BERICHTEN, QUALITY_STATE
from services.quality.audit.run import AuditSummary, run_audit
from services.quality.linking.events import LINKED_TYPES, BerichtEvent, load_events
from services.quality.linking.linker import Linker, LinkFinding
from services.quality.linking.model import Partition
from services.quality.linking.store import (
    BEOORDELINGEN,
    FINDINGS,
    LEVERINGEN,
    LINKED,
    REJECTED,
    TRAJECTEN,
    load_partition,
    not_linked,
    save_partition,
)
from services.quality.rules import process
from services.quality.rules.catalog import CHECKS
from services.quality.stand import StandFinding, stand_findings
from services.quality.status import AS_OF, LAST_RUN, SEEN, max_bericht_id, now_iso

log = logging.getLogger(__name__)
STATE = QUALITY_STATE
AANKOMST, STAND = "aankomst", "stand"


@dataclass
class QualityRunSummary:
    """What a run did."""

    as_of: dt.date | None
    full: bool
    linked: int = 0
    partitions: int = 0
    aankomst_findings: int = 0
    stand_findings: int = 0
    by_check: dict[str, int] = field(default_factory=dict)
    seconds_linking: float = 0.0
    seconds_stand: float = 0.0
    #: the answer audit (services/quality/audit), run after the deadlines it reads
    audit: AuditSummary = field(default_factory=AuditSummary)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["as_of"] = self.as_of.isoformat() if self.as_of else None
        return d


def run_quality(
    engine: Engine,
    *,
    full: bool = False,
    as_of: dt.date | None = None,
    thresholds: process.Thresholds | None = None,
    progress: Callable[[int], None] | None = None,
) -> QualityRunSummary:
    """Link new messages (all, with ``full``) and recompute the date-dependent findings at ``as_of``
    (default: the latest Dagtekening in the database)."""
    th = thresholds or process.Thresholds()
    summary = QualityRunSummary(as_of=as_of, full=full)
    started = time.perf_counter()
    with engine.begin() as conn:
        if full:
            for tbl in (TRAJECTEN, LEVERINGEN, BEOORDELINGEN, REJECTED):
                conn.execute(delete(tbl))
            conn.execute(delete(FINDINGS).where(FINDINGS.c.kind == AANKOMST))
        seen = max_bericht_id(conn)
        plan = _plan(conn, replay=full)
    counts: dict[str, int] = defaultdict(int)
    for step in plan:
        with engine.begin() as conn:
            findings, events = _link_partition(conn, step, full)
            if step.new:
                conn.execute(insert(LINKED), [{"bericht_id": i, "seq": q} for i, q in step.new])
            _insert_findings(conn, AANKOMST, [_link_row(f, events[f.bericht_id]) for f in findings])
        for f in findings:
            counts[f.check] += 1
        summary.linked += len(step.new)
        summary.partitions += 1
        summary.aankomst_findings += len(findings)
        if progress is not None:
            progress(len(step.arrival))
    summary.seconds_linking = time.perf_counter() - started
    started = time.perf_counter()
    with engine.begin() as conn:
        summary.as_of = as_of = as_of or _latest_dagtekening(conn)
        stand = list(stand_findings(conn, as_of, th)) if as_of is not None else []
        _replace_stand(conn, stand)
        summary.audit = run_audit(conn)
        summary.stand_findings = len(stand)
        for sf in stand:
            counts[sf.check] += 1
        _set_state(conn, AS_OF, as_of.isoformat() if as_of else "")
        _set_state(conn, LAST_RUN, now_iso())
        _set_state(conn, SEEN, str(seen))
        _set_state(conn, "thresholds", json.dumps(asdict(th), sort_keys=True))
    summary.seconds_stand = time.perf_counter() - started
    summary.by_check = dict(sorted(counts.items()))
    log.info(
        "quality run linked=%d partitions=%d aankomst=%d stand=%d",
        summary.linked,
        summary.partitions,
        summary.aankomst_findings,
        summary.stand_findings,
    )
    return summary


#: The canonical order of message types on one Dagtekening (docs/linking.md): a verzoek before the toewijzing
#: that honours it, a toewijzing before its start, a start before its stop, a declaratie before its answer.
TYPE_ORDER = {"JW315": 0, "JW317": 1, "JW319": 2, "JW301": 3, "JW305": 4, "JW307": 5, "JW323": 6, "JW325": 7}
CanonicalKey = tuple[dt.date, int, int]


def canonical_key(dagtekening: dt.date, berichtsoort: str, bericht_id: int) -> CanonicalKey:
    """Where a message stands in the canonical order: Dagtekening, then message type, then storage order."""
    return (dagtekening, TYPE_ORDER.get(berichtsoort, len(TYPE_ORDER)), bericht_id)


@dataclass
class PartitionPlan:
    """One aanbieder's messages: ``arrival`` in linking (arrival) order, ``canonical`` in canonical order, and
    the (id, seq) of those linked for the first time (``new``, at the end of ``arrival``)."""

    aanbieder: str
    arrival: list[int]
    canonical: list[int]
    new: list[tuple[int, int]]


def _link_partition(
    conn: Connection, step: PartitionPlan, full: bool
) -> tuple[list[LinkFinding], dict[int, BerichtEvent]]:
    """Judge the new messages (all, with ``full``) in arrival order, derive the partition's state in canonical
    order and store it; return the findings to store and the events they are on.

    When arrival order is canonical order (the usual case: messages arrive in Dagtekening order), one pass
    does both, and an incremental run applies only the new messages to the stored state. Otherwise the
    findings come from a replay in arrival order, and the state from a replay in canonical order (or, when
    the new messages come after every linked one in canonical order, from the stored state with the new
    messages applied), so the linked state (and every export that reads it) does not depend on the order the
    traffic arrived in.
    """
    new_ids = {i for i, _ in step.new}
    if step.arrival == step.canonical:
        part = Partition(step.aanbieder) if full else load_partition(conn, step.aanbieder)
        todo = step.arrival if full else [i for i in step.arrival if i in new_ids]
        linker = Linker(part)
        events = {}
        for event in load_events(conn, todo):
            events[event.id] = event
            linker.apply(event)
        save_partition(conn, part)
        return linker.findings, events
    events = {event.id: event for event in load_events(conn, step.arrival)}
    judge = Linker(Partition(step.aanbieder))
    for i in step.arrival:
        judge.apply(events[i])
    linked = len(step.arrival) - len(step.new)
    if not full and step.canonical[linked:] == step.arrival[linked:]:
        # the new messages all come after the linked ones in canonical order: the stored (canonical) state
        # only needs them applied, as in the usual case
        state = Linker(load_partition(conn, step.aanbieder))
        for i in step.canonical[linked:]:
            state.apply(events[i])
    else:
        state = Linker(Partition(step.aanbieder))
        for i in step.canonical:
            state.apply(events[i])
    save_partition(conn, state.p)
    findings = [f for f in judge.findings if full or f.bericht_id in new_ids]
    return findings, events


def _plan(conn: Connection, *, replay: bool) -> list[PartitionPlan]:
    """Per aanbieder with new messages (every aanbieder with ``replay``): its messages in arrival and in
    canonical order, and the new ones with their sequence numbers (given in canonical order)."""
    b, ql = BERICHTEN.c, LINKED.c
    keys: dict[int, CanonicalKey] = {}
    fresh: list[tuple[CanonicalKey, str]] = []
    for r in conn.execute(
        select(b.id, b.aanbieder, b.dagtekening, b.berichtsoort).where(
            b.status == m.STATUS_VALID, b.berichtsoort.in_(LINKED_TYPES), not_linked()
        )
    ):
        keys[r.id] = canonical_key(r.dagtekening, r.berichtsoort, r.id)
        fresh.append((keys[r.id], r.aanbieder or ""))
    seq = conn.execute(select(func.coalesce(func.max(ql.seq), 0))).scalar_one()
    new: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key, aanbieder in sorted(fresh):
        seq += 1
        new[aanbieder].append((key[2], seq))
    linked: dict[str, list[int]] = defaultdict(list)
    query = select(ql.bericht_id, b.aanbieder, b.dagtekening, b.berichtsoort).join(
        BERICHTEN, b.id == ql.bericht_id
    )
    if not replay:
        query = query.where(b.aanbieder.in_(sorted(new)) | b.aanbieder.is_(None))
    for r in conn.execute(query.order_by(ql.seq)):
        if replay or (r.aanbieder or "") in new:
            keys[r.bericht_id] = canonical_key(r.dagtekening, r.berichtsoort, r.bericht_id)
            linked[r.aanbieder or ""].append(r.bericht_id)
    plans = []
    for aanbieder in sorted(set(new) | set(linked)):
        arrival = linked.get(aanbieder, []) + [i for i, _ in new.get(aanbieder, [])]
        canonical = sorted(arrival, key=keys.__getitem__)
        plans.append(PartitionPlan(aanbieder, arrival, canonical, new.get(aanbieder, [])))
    return plans


def _latest_dagtekening(conn: Connection) -> dt.date | None:
    b = BERICHTEN.c
    value = conn.execute(select(func.max(b.dagtekening)).where(b.status != m.STATUS_REJECTED)).scalar_one()
    return value if isinstance(value, dt.date) else None


def _link_row(f: LinkFinding, e: BerichtEvent) -> dict[str, Any]:
    return {
        "bericht_id": f.bericht_id,
        "check": f.check,
        "gemeente": e.gemeente,
        "aanbieder": e.aanbieder,
        "berichtsoort": e.berichtsoort,
        "dagtekening": e.dagtekening,
        "toewijzing_nummer": f.toewijzing_nummer,
        "bsn": f.bsn,
        "location": f.location,
        "detail": f.detail,
        "related_bericht_id": f.related_bericht_id,
    }


def _stand_rows(conn: Connection, found: list[StandFinding]) -> list[dict[str, Any]]:
    b = BERICHTEN.c
    ids = sorted({f.bericht_id for f in found})
    header: dict[int, Any] = {}
    for start in range(0, len(ids), 1000):
        for r in conn.execute(
            select(b.id, b.gemeente, b.aanbieder, b.berichtsoort, b.dagtekening).where(
                b.id.in_(ids[start : start + 1000])
            )
        ):
            header[r.id] = r
    rows = []
    for f in found:
        h = header[f.bericht_id]
        rows.append(
            {
                "bericht_id": f.bericht_id,
                "check": f.check,
                "gemeente": h.gemeente or "",
                "aanbieder": h.aanbieder or "",
                "berichtsoort": h.berichtsoort,
                "dagtekening": h.dagtekening,
                "toewijzing_nummer": f.toewijzing_nummer,
                "bsn": f.bsn,
                "location": None,
                "detail": f.detail,
                "related_bericht_id": f.related_bericht_id,
            }
        )
    return rows


def _replace_stand(conn: Connection, stand: list[StandFinding]) -> None:
    """Make the stored stand findings those of ``stand``: a finding that stays keeps its row (and id, so the
    feedback topic does not announce it again), one that went away is deleted, a new one is inserted."""
    q = FINDINGS.c
    existing = {
        (r.check, r.bericht_id): (r.id, r.detail)
        for r in conn.execute(select(q.id, q.check, q.bericht_id, q.detail).where(q.kind == STAND))
    }
    current = {(f.check, f.bericht_id): f for f in stand}
    gone = [row_id for key, (row_id, _) in existing.items() if key not in current]
    for start in range(0, len(gone), 1000):
        conn.execute(delete(FINDINGS).where(q.id.in_(gone[start : start + 1000])))
    for key, f in current.items():
        if key in existing and existing[key][1] != f.detail:
            conn.execute(update(FINDINGS).where(q.id == existing[key][0]).values(detail=f.detail))
    _insert_findings(conn, STAND, _stand_rows(conn, [f for key, f in current.items() if key not in existing]))


def _insert_findings(conn: Connection, kind: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        check = CHECKS[row["check"]]
        row["kind"] = kind
        row["severity"] = check.severity
        row["retourcode"] = check.retourcode
    for start in range(0, len(rows), 2000):
        conn.execute(insert(FINDINGS), rows[start : start + 2000])


def _set_state(conn: Connection, key: str, value: str) -> None:
    conn.execute(delete(STATE).where(STATE.c.key == key))
    conn.execute(insert(STATE), [{"key": key, "value": value}])

"""The processing core of the ingest service: validate a batch of messages and store it in one transaction.

Every way in (Kafka worker, HTTP intake, ``ijw ingest``) hands :class:`IncomingMessage` batches to
:meth:`IngestProcessor.process_batch` and gets one :class:`IngestOutcome` per message back after the commit.

Per message: safe parse, identification, XSD, in-message rules and product codes (:class:`Validator`);
then, inside the batch transaction, the idempotency check, TR056 (Identificatie unique per berichtsoort for
the sender), the retour message (:func:`ijw.retour.build_retour`, when that package is present), and the
inserts: the message (raw XML zlib-compressed), its findings, the parties and, for every XSD-valid message
(also one whose rules fail), its parsed content.

Idempotency: a message is identified by (afzender, berichtsoort, identificatie, SHA-256 of its bytes); input
that is not an identifiable iJw message has empty strings for the first three, so it is keyed by its content
hash. The same key again, earlier or in the same batch, gives ``duplicate`` and writes nothing. Concurrent
workers are safe: on PostgreSQL the transaction first takes an advisory transaction lock per
(afzender, berichtsoort, identificatie) in sorted order, so two transactions handling the same message or the
same identificatie run one after the other and the second sees the first's rows; on SQLite the transaction
starts with BEGIN IMMEDIATE (one writer at a time). Beneath that, the unique constraint turns any remaining
race into an IntegrityError, which makes the whole batch run again, re-checking what is stored (the message
is then a duplicate).

Storage is in bulk (:class:`ijw.db.bulk.BulkWriter`): one round trip per table per batch (COPY on
PostgreSQL, executemany on SQLite), with the ids of the new messages and of the content rows that others
refer to allocated beforehand in one round trip.

No BSN or name is written to a log line or to a finding text: log lines carry message keys and counts only,
and finding texts are scrubbed of the message's personal values (BSN, names, address, contact data).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    Tuple,
    any_,
    func,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError, OperationalError

from ijw.db import content as c
from ijw.db import models as m
from ijw.db import walcheckpoint
from ijw.db.blobs import compress, decompress
from ijw.db.bulk import BulkWriter
from ijw.db.engine import WRITE_OPTION
from ijw.findings import Finding
from ijw.rules.tr056 import TR056, TR056_LOCATION, TR056_RETOURCODE
from ijw.validation import Validator
from services.ingest.contracts import IncomingMessage, IngestOutcome
from services.ingest.preparation import (
    CONTENT_NOT_STORED,
    Prepared,
    PreparePool,
    Preparer,
    RetourBuilder,
    load_retour_builder,
    personal_values,
    scrub,
)

log = logging.getLogger(__name__)

BERICHTEN = cast(Table, m.Bericht.__table__)
FINDINGS = cast(Table, m.FindingRow.__table__)
PARTIES = cast(Table, m.Party.__table__)
BERICHT_COLUMNS = (
    "afzender",
    "ontvanger",
    "berichtsoort",
    "bericht_code",
    "identificatie",
    "dagtekening",
    "gemeente",
    "aanbieder",
    "content_hash",
    "raw_xml",
    "size",
    "received_at",
    "stored_at",
    "source",
    "status",
    "xsd_valid",
    "rejection_code",
    "rejection_reason",
    "retour_xml",
    "retour_of_berichtsoort",
    "retour_of_afzender",
    "retour_of_identificatie",
)
"""The columns of a new ``berichten`` row (besides ``id`` and ``retour_to_id``), in the order of
``_bericht_values``."""
FINDING_COLUMNS = ("bericht_id", "rule", "retourcode", "location", "severity", "message")

MAX_ATTEMPTS = 3
KNOWN_PARTIES_LIMIT = 20_000
"""At most this many committed parties are remembered by a processor (a few hundred gemeenten and a few
thousand aanbieders take part in real traffic)."""
CHUNK = 400
SOURCE_LIMIT = 500

__all__ = ["CONTENT_NOT_STORED", "IngestProcessor", "personal_values", "scrub"]


class IngestProcessor:
    """Validates and stores batches of incoming messages; see the module documentation.

    Create one per process and reuse it (the validator caches compiled XSDs). Thread-safe as far as the
    engine is; separate processes may share one database.
    """

    def __init__(
        self,
        engine: Engine,
        validator: Validator | None = None,
        *,
        retour_builder: RetourBuilder | bool | None = True,
        cpu_workers: int = 0,
    ) -> None:
        self.engine = engine
        self.validator = validator or Validator()
        self.model = self.validator.model
        if retour_builder is True:
            self.build_retour = load_retour_builder()
        elif retour_builder is False:
            self.build_retour = None
        else:
            self.build_retour = retour_builder
        self.preparer = Preparer(self.validator, self.build_retour)
        #: ``cpu_workers`` processes prepare the batches (validation, content, retours) beside this one.
        self.pool = (
            PreparePool(cpu_workers, self.preparer, retour_builder if self.build_retour else None)
            if cpu_workers > 0
            else None
        )
        self._postgres = engine.dialect.name == "postgresql"
        #: SQLite: the WAL is checkpointed in a thread, not in the batch's commit (ijw.db.walcheckpoint).
        self._checkpointer = walcheckpoint.for_engine(engine)
        if self._checkpointer is not None:
            weakref.finalize(self, self._checkpointer.stop)
        self._known_parties: set[tuple[str, str]] = set()

    # -- public ---------------------------------------------------------------------------------------------

    def process(self, item: IncomingMessage) -> IngestOutcome:
        """Process a single message (a batch of one)."""
        return self.process_batch([item])[0]

    def close(self) -> None:
        """Stop the pool's processes and the WAL checkpointer (a new batch starts them again)."""
        if self.pool is not None:
            self.pool.close()
        if self._checkpointer is not None:
            self._checkpointer.stop()

    def prepare(self, items: Sequence[IncomingMessage]) -> list[Prepared]:
        """Everything before the transaction (see :mod:`services.ingest.preparation`), shared with the pool
        when there is one."""
        if self.pool is not None:
            return self.pool.prepare(items)
        return self.preparer.prepare_many(items)

    def prepare_async(self, items: Sequence[IncomingMessage]) -> Callable[[], list[Prepared]]:
        """Start preparing ``items`` in the pool (without one: when the result is asked for); the returned
        function gives the prepared messages, in order, for :meth:`store_batch`."""
        if self.pool is not None:
            return self.pool.submit(items)
        return lambda: self.prepare(items)

    def process_batch(self, items: Sequence[IncomingMessage]) -> list[IngestOutcome]:
        """Validate ``items`` and store them in one transaction; one outcome per item, in order."""
        if not items:
            return []
        started = time.perf_counter()
        return self.store_batch(self.prepare(items), started)

    def store_batch(self, prepared: list[Prepared], started: float | None = None) -> list[IngestOutcome]:
        """Store prepared messages in one transaction; one outcome per message, in order."""
        if not prepared:
            return []
        started = time.perf_counter() if started is None else started
        attempt = 0
        while True:
            attempt += 1
            try:
                with (
                    self.engine.connect().execution_options(**{WRITE_OPTION: True}) as conn,
                    conn.begin(),
                ):
                    if self._checkpointer is not None:
                        self._checkpointer.attach(conn)
                    outcomes, parties = self._store(conn, prepared)
                break
            except (IntegrityError, OperationalError) as exc:
                if attempt >= MAX_ATTEMPTS:
                    raise
                log.warning(
                    "ingest batch retry attempt=%d error=%s size=%d",
                    attempt,
                    type(exc).__name__,
                    len(prepared),
                )
                time.sleep(0.05 * attempt)
        if len(self._known_parties) + len(parties) > KNOWN_PARTIES_LIMIT:
            self._known_parties.clear()  # bounded memory whatever the traffic; they are inserted again
        self._known_parties |= parties  # committed: later batches need not insert them again
        counts = Counter(o.status for o in outcomes)
        log.info(
            "ingest batch size=%d stored=%d duplicate=%d rejected=%d invalid=%d ms=%.1f",
            len(prepared),
            counts["stored"],
            counts["duplicate"],
            counts["rejected"],
            sum(1 for o in outcomes if o.status == "stored" and not _valid(o)),
            (time.perf_counter() - started) * 1000,
        )
        for o in outcomes:
            log.debug(
                "ingest message key=%s status=%s xsd_valid=%s findings=%d bericht_id=%s",
                o.key,
                o.status,
                o.xsd_valid,
                len(o.findings),
                o.bericht_id,
            )
        return outcomes

    # -- inside the transaction ---------------------------------------------------------------------------

    def _store(
        self, conn: Connection, prepared: list[Prepared]
    ) -> tuple[list[IngestOutcome], set[tuple[str, str]]]:
        """Store the batch; the outcomes and the parties (soort, code) it stored or found stored."""
        if self._postgres:
            self._lock(conn, {p.name_key for p in prepared})
        now = dt.datetime.now(dt.UTC)
        existing = self._existing(conn, prepared)
        tr056_names = {p.name_key for p in prepared if p.checks_tr056}
        answered = {key for p in prepared if (key := _answers(p)) is not None}
        stored_names = self._stored_names(conn, tr056_names | answered)
        same_name = {  # TR056: content hashes of the stored XSD-valid messages of each name
            name: {content_hash for _, content_hash, xsd_valid in stored_names[name] if xsd_valid}
            for name in tr056_names & stored_names.keys()
        }
        targets = {
            name: min(id_ for id_, _, _ in stored_names[name]) for name in answered & stored_names.keys()
        }

        first_of: dict[tuple[str, str, str, str], int] = {}
        duplicate_of: dict[int, int] = {}  # index in batch → index of its first occurrence
        new: list[int] = []
        seen_names: dict[tuple[str, str, str], set[str]] = {}
        extra: dict[int, list[Finding]] = {}
        for i, p in enumerate(prepared):
            identity = p.identity
            if identity in existing:
                continue
            if identity in first_of:
                duplicate_of[i] = first_of[identity]
                continue
            first_of[identity] = i
            new.append(i)
            if p.checks_tr056:
                earlier = same_name.get(p.name_key, set()) | seen_names.get(p.name_key, set())
                earlier.discard(p.content_hash)
                if earlier:
                    extra[i] = [_tr056_finding(p)]
                seen_names.setdefault(p.name_key, set()).add(p.content_hash)

        # the retour was built beforehand; a message with a finding of this batch (TR056) gets a new one
        retours = {
            i: self.preparer.retour(prepared[i], None, extra[i]) if i in extra else prepared[i].retour
            for i in new
        }
        writer = BulkWriter(conn)
        ids, content_ids = self._insert_berichten(writer, prepared, new, extra, retours, now, targets)
        stored = new
        parties = self._insert_parties(conn, [prepared[i] for i in stored], now)
        self._insert_findings(
            writer, [(ids[prepared[i].identity], prepared[i].findings + extra.get(i, [])) for i in stored]
        )
        self._insert_content(
            writer, [(ids[prepared[i].identity], prepared[i].rows) for i in stored], content_ids
        )
        self._link_waiting_retours(conn, [prepared[i] for i in stored])

        stored_findings, stored_retours = self._stored_answers(
            conn, [existing[p.identity][0] for p in prepared if p.identity in existing]
        )
        outcomes: list[IngestOutcome] = []
        for i, p in enumerate(prepared):
            if i in duplicate_of or p.identity in existing:
                first = duplicate_of.get(i)
                if first is not None:
                    bericht_id = ids[prepared[first].identity]
                    findings = tuple(prepared[first].findings + extra.get(first, []))
                    retour = retours.get(first)
                else:
                    bericht_id = existing[p.identity][0]
                    findings = tuple(stored_findings.get(bericht_id, ()))
                    retour = stored_retours.get(bericht_id)
                outcomes.append(self._outcome(p, "duplicate", bericht_id, findings, retour))
                continue
            status = "rejected" if p.rejected else "stored"
            findings = tuple(p.findings + extra.get(i, []))
            outcomes.append(self._outcome(p, status, ids[p.identity], findings, retours.get(i)))
        return outcomes, parties

    def _outcome(
        self,
        p: Prepared,
        status: str,
        bericht_id: int,
        findings: tuple[Finding, ...],
        retour: bytes | None,
    ) -> IngestOutcome:
        rejection = None
        if p.rejection_code is not None:
            rejection = f"{p.rejection_code}: {p.rejection_reason}"
        return IngestOutcome(
            status=cast(Any, status),
            bericht_id=bericht_id,
            message=p.message,
            key=p.key,
            xsd_valid=p.xsd_valid,
            findings=findings,
            retour=retour,
            rejection=rejection,
            content_sha256=p.content_hash,
        )

    def _lock(self, conn: Connection, names: set[tuple[str, str, str]]) -> None:
        """PostgreSQL: advisory transaction locks per (afzender, berichtsoort, identificatie), sorted."""
        keys = sorted("\x1f".join(name) for name in names)
        conn.execute(
            text(
                "SELECT pg_advisory_xact_lock(h) FROM "
                "(SELECT DISTINCT hashtextextended(k, 20261123) AS h FROM unnest(CAST(:keys AS text[])) AS k "
                "ORDER BY h) AS s"
            ),
            {"keys": keys},
        )

    def _existing(
        self, conn: Connection, prepared: list[Prepared]
    ) -> dict[tuple[str, str, str, str], tuple[int, str]]:
        """Stored messages with the same identity: identity → (id, status)."""
        wanted = {p.identity for p in prepared}
        found: dict[tuple[str, str, str, str], tuple[int, str]] = {}
        hashes = sorted({p.content_hash for p in prepared})
        b = BERICHTEN.c
        for condition in self._in(b.content_hash, hashes):
            rows = conn.execute(
                select(b.id, b.afzender, b.berichtsoort, b.identificatie, b.content_hash, b.status).where(
                    condition
                )
            )
            for row in rows:
                identity = (row.afzender, row.berichtsoort, row.identificatie, row.content_hash)
                if identity in wanted:
                    found[identity] = (row.id, row.status)
        return found

    def _stored_names(
        self, conn: Connection, names: set[tuple[str, str, str]]
    ) -> dict[tuple[str, str, str], list[tuple[int, str, bool]]]:
        """The stored messages of each (afzender, berichtsoort, identificatie) of ``names``, as (id, content
        hash, XSD-valid): for TR056 and for the heenberichten that retour messages answer."""
        found: dict[tuple[str, str, str], list[tuple[int, str, bool]]] = {}
        b = BERICHTEN.c
        name = (b.afzender, b.berichtsoort, b.identificatie)
        for condition in self._in(tuple_(*name), sorted(names)):
            for row in conn.execute(select(*name, b.id, b.content_hash, b.xsd_valid).where(condition)):
                found.setdefault((row[0], row[1], row[2]), []).append((row[3], row[4], bool(row[5])))
        return found

    def _in(self, column: Any, values: Sequence[Any]) -> list[ColumnElement[bool]]:
        """Conditions that together pick the rows whose ``column`` (or tuple of columns) is one of
        ``values``: on PostgreSQL one, with an array parameter per column (a fixed statement that plans as a
        join); on SQLite one ``IN`` per chunk of :data:`CHUNK` values, or for a tuple one match against a JSON
        parameter (see :func:`_rows_matching`)."""
        if not values:
            return []
        if not self._postgres:
            if isinstance(column, Tuple):
                return [_rows_matching(column, values)]
            return [column.in_(chunk) for chunk in _chunks(values)]
        if isinstance(column, Tuple):
            arrays = [
                sql_cast(list(part), ARRAY(col.type))
                for col, part in zip(column.clauses, zip(*values, strict=True), strict=True)
            ]
            return [column.in_(select(*(func.unnest(array) for array in arrays)))]
        return [column == any_(sql_cast(list(values), ARRAY(column.type)))]

    def _insert(self, table: Table) -> Any:
        return (postgresql.insert if self._postgres else sqlite.insert)(table)

    def _insert_berichten(
        self,
        writer: BulkWriter,
        prepared: list[Prepared],
        new: list[int],
        extra: dict[int, list[Finding]],
        retours: dict[int, bytes | None],
        now: dt.datetime,
        heenberichten: dict[tuple[str, str, str], int],
    ) -> tuple[dict[tuple[str, str, str, str], int], dict[Table, list[int]]]:
        """Insert the new messages; identity → id, and the ids of their content rows that others refer to
        (allocated in the same round trip as theirs).

        A retour message is inserted pointing to the heenbericht it answers when that is stored already
        (``heenberichten``: the first stored message per name) or comes earlier in this batch (its first
        message of that name, whose id is larger than any stored one): the row is written once, not inserted
        and then updated (an update of an indexed column writes the row and every index entry again). A
        retour before its heenbericht in the batch is linked by :meth:`_link_waiting_retours` (SQLite checks
        the reference row by row).
        """
        if not new:
            return {}, {}
        rows = [self._bericht_values(prepared[i], extra.get(i, []), retours.get(i), now) for i in new]
        counts = c.referenced_counts([prepared[i].rows for i in new])
        allocated = writer.allocate_ids({BERICHTEN: len(rows), **counts})
        ids = allocated.pop(BERICHTEN)
        first_in_batch: dict[tuple[str, str, str], int] = {}
        for i, id_ in zip(new, ids, strict=True):
            first_in_batch.setdefault(prepared[i].name_key, id_)
        values = []
        for i, id_, row in zip(new, ids, rows, strict=True):
            answers = _answers(prepared[i])
            target = None
            if answers is not None:
                target = heenberichten.get(answers)
                if target is None and first_in_batch.get(answers, id_) < id_:
                    target = first_in_batch[answers]
            values.append((id_, *row, target))
        writer.insert(BERICHTEN, ("id", *BERICHT_COLUMNS, "retour_to_id"), values)
        return {prepared[i].identity: id_ for i, id_ in zip(new, ids, strict=True)}, allocated

    def _bericht_values(
        self, p: Prepared, extra: list[Finding], retour: bytes | None, now: dt.datetime
    ) -> tuple[Any, ...]:
        """The values of a ``berichten`` row in the order of :data:`BERICHT_COLUMNS`."""
        h = p.header
        errors = any(f.is_error for f in p.findings) or any(f.is_error for f in extra)
        status = (
            m.STATUS_REJECTED
            if p.rejected
            else (m.STATUS_VALID if p.xsd_valid and not errors else m.STATUS_INVALID)
        )
        return (
            h.afzender if h else "",
            h.ontvanger if h else "",
            h.berichtsoort if h else "",
            h.bericht_code if h else None,
            h.identificatie if h else "",
            h.dagtekening if h else None,
            h.gemeente if h else None,
            h.aanbieder if h else None,
            p.content_hash,
            p.raw,
            len(p.item.data),
            p.item.received_at,
            now,
            p.item.source[:SOURCE_LIMIT],
            status,
            p.xsd_valid,
            p.rejection_code,
            p.rejection_reason,
            p.retour_stored if retour is p.retour else (compress(retour) if retour is not None else None),
            h.retour_of_berichtsoort if h else None,
            h.retour_of_afzender if h else None,
            h.retour_of_identificatie if h else None,
        )

    def _insert_parties(
        self, conn: Connection, prepared: list[Prepared], now: dt.datetime
    ) -> set[tuple[str, str]]:
        """Insert the parties of the batch not yet known to this processor (a party stored concurrently is
        skipped by the unique constraint); the parties of the batch."""
        parties: set[tuple[str, str]] = set()
        for p in prepared:
            if p.header is not None and p.xsd_valid:
                if p.header.gemeente:
                    parties.add(("gemeente", p.header.gemeente))
                if p.header.aanbieder:
                    parties.add(("aanbieder", p.header.aanbieder))
        unknown = parties - self._known_parties
        if unknown:
            rows = [{"soort": soort, "code": code, "first_seen": now} for soort, code in sorted(unknown)]
            conn.execute(self._insert(PARTIES).on_conflict_do_nothing(), rows)
        return parties

    def _insert_findings(self, writer: BulkWriter, per_bericht: list[tuple[int, list[Finding]]]) -> None:
        rows = [
            (bericht_id, f.rule[:40], f.retourcode, f.location, f.severity, f.message)
            for bericht_id, findings in per_bericht
            for f in findings
        ]
        writer.insert(FINDINGS, FINDING_COLUMNS, rows)

    def _insert_content(
        self,
        writer: BulkWriter,
        per_bericht: list[tuple[int, tuple[c.PackedRow, ...]]],
        ids: dict[Table, list[int]],
    ) -> None:
        """All content rows of the batch, one bulk insert per table, parents first (their ids allocated with
        the messages' ids, so children refer to them without a round trip per row)."""
        for table, columns, values in c.insert_packed(per_bericht, ids):
            writer.insert(table, columns, values)

    def _link_waiting_retours(self, conn: Connection, prepared: list[Prepared]) -> None:
        """Point stored retour messages that arrived before their heenbericht, now in ``prepared``, to it
        (the retours of the batch itself were inserted pointing to theirs)."""
        heen = sorted({p.name_key for p in prepared if p.header and p.answered and p.header.identificatie})
        if not heen:
            return
        b = BERICHTEN.c
        h = BERICHTEN.alias("heen")
        target = (
            select(h.c.id)
            .where(
                h.c.afzender == b.retour_of_afzender,
                h.c.berichtsoort == b.retour_of_berichtsoort,
                h.c.identificatie == b.retour_of_identificatie,
            )
            .order_by(h.c.id)
            .limit(1)
            .scalar_subquery()
        )
        answering = tuple_(b.retour_of_afzender, b.retour_of_berichtsoort, b.retour_of_identificatie)
        # "retour_to_id + 0": an expression, so that SQLite (without statistics) does not choose the index on
        # retour_to_id, where nearly every row is NULL, over the one the condition can use. Only rows whose
        # heenbericht is there are written (a retour still waiting for it would be rewritten unchanged).
        for condition in self._in(answering, heen):
            conn.execute(
                update(BERICHTEN)
                .where(
                    (b.retour_to_id + 0).is_(None),
                    b.retour_of_identificatie.is_not(None),
                    condition,
                    target.is_not(None),
                )
                .values(retour_to_id=target)
            )

    def _stored_answers(
        self, conn: Connection, bericht_ids: list[int]
    ) -> tuple[dict[int, list[Finding]], dict[int, bytes]]:
        """Findings and retour message of already stored messages (for duplicate outcomes)."""
        findings: dict[int, list[Finding]] = {}
        retours: dict[int, bytes] = {}
        f = FINDINGS.c
        b = BERICHTEN.c
        for chunk in _chunks(sorted(set(bericht_ids))):
            for row in conn.execute(
                select(f.bericht_id, f.rule, f.message, f.retourcode, f.location, f.severity)
                .where(f.bericht_id.in_(chunk))
                .order_by(f.id)
            ):
                findings.setdefault(row.bericht_id, []).append(
                    Finding(row.rule, row.message, row.retourcode, row.location, row.severity)
                )
            for rrow in conn.execute(
                select(b.id, b.retour_xml).where(b.id.in_(chunk), b.retour_xml.is_not(None))
            ):
                retours[rrow.id] = decompress(rrow.retour_xml)
        return findings, retours


def _rows_matching(columns: Tuple, values: Sequence[Sequence[Any]]) -> ColumnElement[bool]:
    """SQLite: the rows of the table of ``columns`` whose values are one of ``values``, as ``id IN`` a join of
    ``json_each`` (one JSON parameter) with the table, which SQLite plans as an index search per value. (A
    row-value ``IN`` list makes it scan the whole table; ORed equalities cost ≈ 50 ms per batch of 500 to
    build in SQLAlchemy.)"""
    cols = list(columns.clauses)
    table = cast(Table, cols[0].table)
    on = " AND ".join(f"m.{col.name} = json_extract(j.value, '$[{i}]')" for i, col in enumerate(cols))
    matching = text(f"SELECT m.id FROM json_each(:rows) AS j JOIN {table.name} AS m ON {on}").bindparams(
        rows=json.dumps([list(value) for value in values])
    )
    return table.c.id.in_(matching.columns(table.c.id))


def _tr056_finding(p: Prepared) -> Finding:
    h = p.header
    assert h is not None
    return Finding(
        TR056,
        f"Identificatie {h.identificatie} was used before by afzender {h.afzender} for another "
        f"{h.berichtsoort} message: an Identificatie must be unique per berichtsoort for the sender",
        TR056_RETOURCODE,
        TR056_LOCATION,
    )


def _answers(p: Prepared) -> tuple[str, str, str] | None:
    """(afzender, berichtsoort, identificatie) of the heenbericht that the retour message ``p`` answers
    (None for a message that answers none)."""
    h = p.header
    if h is None or not h.retour_of_identificatie:
        return None
    if h.retour_of_afzender is None or h.retour_of_berichtsoort is None:  # as SQL compares NULL: no match
        return None
    return (h.retour_of_afzender, h.retour_of_berichtsoort, h.retour_of_identificatie)


def _valid(outcome: IngestOutcome) -> bool:
    return outcome.xsd_valid and not any(f.is_error for f in outcome.findings)


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]

"""What the ingest does to a message before its batch transaction, and a process pool that does it.

Per message (:meth:`Preparer.prepare`): safe parse, identification, XSD, in-message rules and product codes
(:class:`Validator`); the header; the findings scrubbed of personal values; the parsed content as rows of the
content tables; the retour message (for a heenbericht); the raw bytes compressed as they are stored. All of
it is CPU work on the message alone, without the database, so it can run in other processes.

:class:`PreparePool` runs it in a pool of ``workers`` processes (``IJW_CPU_WORKERS``): a batch is cut into
contiguous chunks, the pool prepares them and the results come back in the batch's order as plain values
(:meth:`Prepared.carried`: no parsed tree, and not the incoming bytes, which the worker has; pickling is a
good part of what a pool costs). The transaction, the idempotency and TR056 checks, the
offsets and the publishing stay with the process that owns the batch, so a pool changes nothing in what is
stored or when an offset is committed. The pool's processes die with the process that started them (Linux:
``PR_SET_PDEATHSIG``), so a worker killed with SIGKILL leaves none behind, and they ignore SIGINT/SIGTERM: the
worker decides when to stop.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import multiprocessing
import operator
import os
import re
import signal
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, cast

from lxml import etree
from stdnum.nl import bsn as stdnum_bsn

from ijw.db import content as c
from ijw.db.blobs import compress, sha256_hex
from ijw.findings import Finding
from ijw.model import MessageModelError, parse_record
from ijw.pseudonym import PERSONAL_ELEMENTS
from ijw.validation import ValidationResult, Validator
from services.ingest.contracts import IncomingMessage

log = logging.getLogger("services.ingest.processing")

CONTENT_NOT_STORED = "CONTENT-NOT-STORED"
TIMEZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
_PERSONAL_TAGS = tuple(f"{{*}}{name}" for name in sorted(PERSONAL_ELEMENTS))
_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
_DIGIT_RUN = re.compile(r"\d{9}")
"""Nine digits in a row: where :data:`_NINE_DIGITS` matches, this does (and it is found 2.5 times faster)."""
SCRUBBED = "***"
MIN_CHUNK = 25
"""A pool task holds at least this many messages (fewer tasks cost less in pickling and waiting)."""
CHUNKS = 8
"""A batch is cut into this many pool tasks (fewer when they would hold less than :data:`MIN_CHUNK`)."""
STEP_GROUP = 128
"""At most this many messages are prepared step by step together (:meth:`Preparer.prepare_many`)."""
STEP_GROUP_BYTES = 2 * 1024 * 1024
"""... and at most this many bytes of them, unless one message is larger (their parsed documents are held at
once, at several times their size)."""
SUBMITTED_KEPT = 4
"""Batches submitted and not collected that the pool remembers for stealing (a worker has two)."""

RetourBuilder = Callable[..., Any]


def load_retour_builder() -> RetourBuilder | None:
    try:
        from ijw.retour import build_retour
    except ImportError:  # the retour package is not there: store without retour messages
        return None
    return cast(RetourBuilder, build_retour)


def scrub(text: str, personal: Iterable[str] = ()) -> str:
    """``text`` without the given personal values (as whole words) and without any nine-digit number that
    passes the BSN eleven test.

    >>> scrub("'Jansen' is too long; BSN 999993653 invalid; nummer 123456789", ["Jansen"])
    "'***' is too long; BSN *** invalid; nummer 123456789"
    >>> scrub("de code van de Dagtekening", ["de", "van"])
    '*** code *** *** Dagtekening'
    >>> scrub("decimal codes vanaf", ["de", "van"])
    'decimal codes vanaf'
    """
    for value in sorted(set(personal), key=len, reverse=True):
        if len(value) >= 2 and _word_in(value, text):
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", SCRUBBED, text)
    if _DIGIT_RUN.search(text) is None:  # no nine digits in a row: nothing more to replace
        return text
    return _NINE_DIGITS.sub(lambda mt: SCRUBBED if stdnum_bsn.is_valid(mt.group(0)) else mt.group(0), text)


def _word_in(value: str, text: str) -> bool:
    """Whether ``value`` occurs in ``text`` as a whole word, as ``(?<!\\w)value(?!\\w)`` finds it (``\\w``
    is a character that is alphanumeric or ``_``); cheaper than the regular expression where the value
    mostly occurs inside words ("de" in "decimal")."""
    start = text.find(value)
    while start >= 0:
        end = start + len(value)
        if (start == 0 or not _is_word(text[start - 1])) and (end == len(text) or not _is_word(text[end])):
            return True
        start = text.find(value, start + 1)
    return False


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def personal_values(root: etree._Element | None) -> set[str]:
    """The values of personal elements in a message (BSN, names, address, contact data, comments)."""
    if root is None:
        return set()
    found: set[str] = set()
    for el in root.iter(*_PERSONAL_TAGS):
        value = (el.text or "").strip()
        if value:
            found.add(value)
    return found


def scrub_findings(findings: Sequence[Finding], root: etree._Element) -> list[Finding]:
    """``findings`` with their texts scrubbed of the personal values of the message ``root`` (see
    :func:`scrub`); a finding whose text does not change is kept as it is. The values and a run of nine
    digits are first looked for in all texts at once: most findings hold neither."""
    if not findings:
        return []
    texts = "\n".join(f.message for f in findings)
    personal = personal_values(root)
    present = tuple(v for v in personal if len(v) >= 2 and v in texts)
    digits = _DIGIT_RUN.search(texts) is not None
    if not present and not digits:
        return list(findings)
    scrubbed: list[Finding] = []
    for f in findings:
        if (digits and _NINE_DIGITS.search(f.message)) or any(v in f.message for v in present):
            text = scrub(f.message, personal)
            scrubbed.append(f if text == f.message else replace(f, message=text))
        else:
            scrubbed.append(f)
    return scrubbed


@dataclass(slots=True)
class Prepared:
    """One incoming message after validation, before the transaction (picklable: plain values only)."""

    item: IncomingMessage
    message: str | None
    xsd_valid: bool
    content_hash: str
    header: c.Header | None
    findings: list[Finding]
    raw: bytes
    """The incoming bytes compressed as ``berichten.raw_xml`` stores them."""
    rejection_code: str | None = None
    rejection_reason: str | None = None
    """Why the input was rejected (scrubbed of BSNs), None when it was not."""
    answered: bool = False
    """Whether the message is a heenbericht that a retour message answers."""
    retour: bytes | None = None
    """The retour message built without the batch's own findings (TR056), None when there is none."""
    retour_stored: bytes | None = None
    """:attr:`retour` compressed as ``berichten.retour_xml`` stores it."""
    rows: tuple[c.PackedRow, ...] = ()
    """The parsed content as rows of the content tables (:func:`ijw.db.content.pack_rows`)."""

    def carried(self) -> tuple[Any, ...]:
        """What a pool process sends back: every field but :attr:`item`, which the worker has already
        (``Prepared(item, *carried)`` is this message again)."""
        values: tuple[Any, ...] = _CARRIED(self)
        return values

    @property
    def identity(self) -> tuple[str, str, str, str]:
        h = self.header
        if h is None:
            return ("", "", "", self.content_hash)
        return (h.afzender, h.berichtsoort, h.identificatie, self.content_hash)

    @property
    def name_key(self) -> tuple[str, str, str]:
        return self.identity[:3]

    @property
    def key(self) -> str | None:
        return self.header.key if self.header is not None else None

    @property
    def rejected(self) -> bool:
        return self.rejection_code is not None

    @property
    def checks_tr056(self) -> bool:
        h = self.header
        return (
            h is not None and self.xsd_valid and bool(h.identificatie) and h.berichtsoort in c.TR056_MESSAGES
        )


_CARRIED = operator.attrgetter(*(f.name for f in fields(Prepared) if f.name != "item"))
"""The fields of :class:`Prepared` after ``item``, in order (``item`` is the first)."""
if fields(Prepared)[0].name != "item":  # Prepared(item, *carried) depends on it
    raise TypeError("Prepared must have item as its first field")


class Preparer:
    """Prepares messages one by one (see the module documentation); one per process, reused."""

    def __init__(self, validator: Validator, retour_builder: RetourBuilder | None) -> None:
        self.validator = validator
        self.model = validator.model
        self.build_retour = retour_builder

    def prepare(self, item: IncomingMessage) -> Prepared:
        return self.prepare_many([item])[0]

    def prepare_many(self, items: Sequence[IncomingMessage]) -> list[Prepared]:
        """``items`` prepared, in order, one step at a time for all of them (validation of every message,
        then every header, every retour, every record): each step's code and data stay in the CPU's caches,
        which makes a chunk about a tenth cheaper than preparing its messages one after the other."""
        groups = _step_groups([len(item.data) for item in items])
        if len(groups) > 1:
            return [p for start, end in groups for p in self.prepare_many(items[start:end])]
        validate = self.validator.validate_bytes
        results = [validate(item.data) for item in items]
        prepared = [self._verdict(item, result) for item, result in zip(items, results, strict=True)]
        valid = [(p, result) for p, result in zip(prepared, results, strict=True) if p.xsd_valid and p.header]
        for p, result in valid:
            p.retour = self.retour(p, result, [])
        for p, _result in valid:
            if p.retour is not None:
                p.retour_stored = compress(p.retour)
        for p, result in valid:
            self._content(p, result)
        return prepared

    def _verdict(self, item: IncomingMessage, result: ValidationResult) -> Prepared:
        """The message with its validation's verdict, header and findings (no retour, no content yet)."""
        content_hash = sha256_hex(item.data)
        raw = compress(item.data)
        if result.rejection is not None or result.message is None or result.root is None:
            reason = scrub(result.rejection.reason if result.rejection else "not an iJw message")
            code = result.rejection.code if result.rejection else "NOT-IJW"
            return Prepared(
                item,
                result.message,
                result.xsd_valid,
                content_hash,
                None,
                [Finding(code, reason)],
                raw,
                rejection_code=code if result.rejection else None,
                rejection_reason=reason if result.rejection else None,
            )
        info = self.model.messages[result.message]
        header = c.header_of(result.root, result.message, info.retour_of, info.afzender)
        findings = scrub_findings(result.findings, result.root)
        answered = info.answered_by is not None
        return Prepared(
            item, result.message, result.xsd_valid, content_hash, header, findings, raw, answered=answered
        )

    def _content(self, p: Prepared, result: ValidationResult) -> None:
        """Set the parsed content of the XSD-valid message ``p`` as rows (a warning when it cannot be)."""
        assert p.header is not None and result.root is not None and result.message is not None
        try:
            record = (
                parse_record(result.root, result.message) if result.message in c.RECORD_MESSAGES else None
            )
            p.rows = c.pack_rows(c.content_rows(record, p.header, result.root))
        except (MessageModelError, ValueError, TypeError) as exc:
            log.error("ingest content not parsed key=%s error=%s", p.header.key, type(exc).__name__)
            p.findings.append(
                Finding(
                    CONTENT_NOT_STORED,
                    "the parsed content of this message could not be stored",
                    severity="warning",
                )
            )

    def retour(self, p: Prepared, result: ValidationResult | None, extra: list[Finding]) -> bytes | None:
        """The retour message to the heenbericht ``p`` with the batch's own findings ``extra`` (None when
        there is none or no builder). Without ``result`` the message is validated again (rare: TR056)."""
        if self.build_retour is None or not p.answered or not p.xsd_valid:
            return None
        try:
            if result is None:
                result = self.validator.validate_bytes(p.item.data)
            outcome = self.build_retour(
                result, extra or None, dagtekening=p.item.received_at.astimezone(TIMEZONE).date()
            )
            if not outcome.has_retour:
                return None
            return cast(bytes, outcome.to_bytes())
        except Exception as exc:  # a retour problem must not stop the message from being stored
            log.error("ingest retour not built key=%s error=%s", p.key, type(exc).__name__)
            return None


# -- the pool ------------------------------------------------------------------------------------------

_preparer: Preparer | None = None


def _start_child(
    parent: int, xsd_dir: Path | None, check_rules: bool, check_products: bool, retours: Any
) -> None:
    """Initialiser of a pool process: die with the parent, leave signals to it, build its own Preparer."""
    global _preparer
    with contextlib.suppress(Exception):  # Linux only; elsewhere the pool's own management ends them
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above: no signal will come
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    validator = Validator(xsd_dir, check_rules=check_rules, check_products=check_products)
    for message in validator.model.messages:  # compiled now, not while the first batches wait
        validator.registry.schema(message)
    builder = load_retour_builder() if retours is True else (retours or None)
    _preparer = Preparer(validator, builder)


def _ready() -> bool:
    return _preparer is not None


def _prepare_chunk(items: list[tuple[bytes, str, dt.datetime]]) -> list[tuple[Any, ...]]:
    """The chunk (items as tuples of their fields: cheaper to pickle) prepared, as :meth:`Prepared.carried`
    values (the worker has the items)."""
    assert _preparer is not None, "the pool process was not initialised"
    return [p.carried() for p in _preparer.prepare_many([IncomingMessage(*item) for item in items])]


def default_cpu_workers() -> int:
    """One pool process per CPU beyond the worker's own, at most 4 (0 on a single CPU: no pool)."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


class PreparePool:
    """``workers`` processes that prepare chunks of a batch; the results come back in the batch's order.

    ``local`` (the caller's own :class:`Preparer`) prepares the chunks the pool has not started when the
    result is asked for.
    """

    def __init__(self, workers: int, local: Preparer, retours: RetourBuilder | bool | None) -> None:
        if workers < 1:
            raise ValueError("a pool needs at least one process")
        self.workers = workers
        self.local = local
        validator = local.validator
        self._initargs = (
            validator.registry.xsd_dir,
            validator.check_rules,
            validator.check_products,
            retours if retours is True or callable(retours) else None,
        )
        self._executor: ProcessPoolExecutor | None = None
        self._submitted: list[_Submitted] = []
        """Batches submitted and not collected yet, in order."""

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_child,
                initargs=(os.getpid(), *self._initargs),
            )
        return self._executor

    def start(self) -> None:
        """Start the processes now and wait until they are ready (else the first batch waits for them)."""
        pool = self._pool()
        if not all(future.result() for future in [pool.submit(_ready) for _ in range(self.workers)]):
            raise RuntimeError("a pool process did not initialise")

    def prepare(self, items: Sequence[IncomingMessage]) -> list[Prepared]:
        """``items`` prepared, in order; the calling process prepares chunks the pool has not started."""
        return self.submit(items)()

    def submit(self, items: Sequence[IncomingMessage]) -> Callable[[], list[Prepared]]:
        """Start preparing ``items`` in the pool; the returned function gives them, in order.

        The batch is cut into :data:`CHUNKS` chunks. When the result is asked for, the calling process takes
        the chunks from the end that no pool process has started yet (work stealing) and prepares them
        itself; while it then waits for the chunks the pool has, it prepares chunks of batches submitted
        after this one that no pool process has started (from their end, as the pool works from their
        start), so neither side idles while the other finishes. The work is shared by whoever is free, in
        whatever proportion the machine allows.
        """
        chunks = _split(list(items), CHUNKS)
        try:
            futures: list[Future[list[tuple[Any, ...]]]] = [
                self._pool().submit(_prepare_chunk, [(it.data, it.source, it.received_at) for it in ch])
                for ch in chunks
            ]
        except BaseException:
            self.close()  # a broken pool (a process killed) is replaced on the next batch
            raise
        batch = _Submitted(chunks, futures)
        self._submitted.append(batch)
        del self._submitted[:-SUBMITTED_KEPT]  # batches given back after a failure are never collected

        def collect() -> list[Prepared]:
            try:
                while batch.steal_last(self.local):
                    pass
                for future in futures:
                    while not future.done() and self._steal_later(batch):
                        pass
                prepared = batch.results()
            except BaseException:
                for future in futures:
                    future.cancel()
                self.close()
                raise
            finally:
                with contextlib.suppress(ValueError):
                    self._submitted.remove(batch)
            return prepared

        return collect

    def _steal_later(self, batch: _Submitted) -> bool:
        """Prepare one chunk, not started by the pool, of a batch submitted after ``batch`` (the last
        chunk of the latest such batch first); False when there is none."""
        submitted = self._submitted
        later = submitted[submitted.index(batch) + 1 :] if batch in submitted else submitted
        return any(other.steal_last(self.local) for other in reversed(later))

    def close(self) -> None:
        self._submitted.clear()
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)


class _Submitted:
    """A batch in the pool: its chunks, their futures and the chunks the calling process prepared."""

    __slots__ = ("chunks", "futures", "stolen")

    def __init__(self, chunks: list[list[IncomingMessage]], futures: list[Future[list[tuple[Any, ...]]]]):
        self.chunks = chunks
        self.futures = futures
        self.stolen: dict[int, list[Prepared]] = {}

    def steal_last(self, local: Preparer) -> bool:
        """Prepare with ``local`` the last chunk that neither a pool process nor ``local`` has started;
        False when there is none (the pool works from the first chunk on, so it has every chunk before
        the one it would not give up)."""
        for index in range(len(self.futures) - 1, -1, -1):
            if index in self.stolen:
                continue
            if not self.futures[index].cancel():
                return False
            self.stolen[index] = local.prepare_many(self.chunks[index])
            return True
        return False

    def results(self) -> list[Prepared]:
        """Every chunk's prepared messages, in order (waits for the pool's)."""
        prepared: list[Prepared] = []
        for index, future in enumerate(self.futures):
            stolen = self.stolen.get(index)
            if stolen is not None:
                prepared.extend(stolen)
            else:
                prepared.extend(
                    Prepared(item, *values)
                    for item, values in zip(self.chunks[index], future.result(), strict=True)
                )
        return prepared


def _step_groups(sizes: Sequence[int]) -> list[tuple[int, int]]:
    """``(start, end)`` of the groups of messages of these sizes that are prepared step by step together: in
    order, at most :data:`STEP_GROUP` messages and :data:`STEP_GROUP_BYTES` bytes each (a larger message
    alone).

    >>> _step_groups([1000] * 300)
    [(0, 128), (128, 256), (256, 300)]
    >>> _step_groups([1000, 3_000_000, 1000, 1000])
    [(0, 1), (1, 2), (2, 4)]
    >>> _step_groups([])
    []
    """
    groups: list[tuple[int, int]] = []
    start, held = 0, 0
    for index, size in enumerate(sizes):
        if index > start and (index - start >= STEP_GROUP or held + size > STEP_GROUP_BYTES):
            groups.append((start, index))
            start, held = index, 0
        held += size
    if sizes:
        groups.append((start, len(sizes)))
    return groups


def _split(items: list[IncomingMessage], parts: int) -> list[list[IncomingMessage]]:
    """``items`` cut into at most ``parts`` contiguous chunks of about equal size (at least
    :data:`MIN_CHUNK` each), first chunk first.

    >>> [len(p) for p in _split(list(range(100)), 3)]
    [34, 33, 33]
    >>> [len(p) for p in _split(list(range(30)), 3)]
    [30]
    """
    parts = max(1, min(parts, len(items) // MIN_CHUNK))
    size, rest = divmod(len(items), parts)
    chunks: list[list[IncomingMessage]] = []
    start = 0
    for n in range(parts):
        end = start + size + (1 if n < rest else 0)
        chunks.append(items[start:end])
        start = end
    return chunks

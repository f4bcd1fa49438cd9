"""The messages behind a figure: the selection the drill-down links carry, the message list and one message
with its XML (personal values masked), its findings and its retour.

Every read applies :func:`services.ingest.api.berichten.visible`, the rule of ``GET /berichten``: a party
reaches only its own messages, whatever the link says. A :class:`Selection` is what a page's figure or rule
row puts in the link (``/berichten?regel=TR018&maand=2025-03``); it is read back from the query string by
:meth:`Selection.from_query` and written by :meth:`Selection.query`, so the two cannot drift apart.

>>> Selection(regel="TR018", maand="2025-03").query()
'regel=TR018&maand=2025-03'
>>> Selection.from_query({"status": "invalid", "onbekend": "x"}).status
'invalid'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from lxml import etree
from sqlalchemy import ColumnElement, Engine, and_, exists, func, or_, select

from ijw.auth.rows import visible
from ijw.auth.scopes import Principal
from ijw.db import decompress
from ijw.db.tables import BERICHTEN, CLIENTS, FINDINGS, QUALITY_FINDINGS
from ijw.pseudonym import PERSONAL_ELEMENTS, Pseudonymiser
from services.quality import FindingFilter, finding_selects

_b = BERICHTEN.c
LIMIT = 500
"""Messages per list page (the CSV download holds every message of the selection)."""
CSV_LIMIT = 100_000
MASKED = "***"
MASKED_ELEMENTS = PERSONAL_ELEMENTS - {"Bsn"}
"""Elements whose values the XML view masks, besides everything inside a Geboortedatum; the Bsn becomes the
client's pseudonym."""

_PATTERNS = {
    "berichtsoort": r"^JW\d{3}$",
    "status": r"^(valid|invalid|rejected)$",
    "regel": r"^[A-Za-z0-9-]{2,40}$",
    "ernst": r"^(error|warning|info)$",
    "bron": r"^(validatie|kwaliteit)$",
    "maand": r"^\d{4}-(0[1-9]|1[0-2])$",
    "ontvangen": r"^\d{4}-\d{2}-\d{2}$",
    "gemeente": r"^\d{4}$",
    "aanbieder": r"^\d{8}$",
}


@dataclass(frozen=True, slots=True)
class Selection:
    """Which messages a link means (every field optional; all given ones must hold).

    ``regel``: a finding of validation (rule) or of the quality service (check) with this code;
    ``ernst``: a finding of this severity, of validation or of the quality service or of the one ``bron``
    names; ``maand``: the month of the Dagtekening; ``ontvangen``: the day of arrival (the stored UTC day).
    """

    berichtsoort: str = ""
    status: str = ""
    regel: str = ""
    ernst: str = ""
    bron: str = ""
    maand: str = ""
    ontvangen: str = ""
    gemeente: str = ""
    aanbieder: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> Selection:
        """The selection of a query string; a value that does not fit its field is dropped."""
        values = {
            name: params.get(name, "")
            for name, pattern in _PATTERNS.items()
            if re.match(pattern, params.get(name, ""))
        }
        return cls(**values)

    def query(self, **changes: str) -> str:
        """The query string of this selection (with ``changes``), empty fields left out."""
        chosen = dataclasses.replace(self, **changes)
        return urlencode({k: v for k, v in dataclasses.asdict(chosen).items() if v})

    def __bool__(self) -> bool:
        return any(dataclasses.astuple(self))

    def condition(self, principal: Principal) -> ColumnElement[bool]:
        """The SQL condition: the principal's own messages that this selection means."""
        parts: list[ColumnElement[bool]] = [visible(principal)]
        if self.berichtsoort:
            parts.append(_b.berichtsoort == self.berichtsoort)
        if self.status:
            parts.append(_b.status == self.status)
        if self.gemeente:
            parts.append(_b.gemeente == self.gemeente)
        if self.aanbieder:
            parts.append(_b.aanbieder == self.aanbieder)
        if self.maand:
            first = dt.date.fromisoformat(f"{self.maand}-01")
            following = (first + dt.timedelta(days=32)).replace(day=1)
            parts.append(and_(_b.dagtekening >= first, _b.dagtekening < following))
        if self.ontvangen:
            day = dt.date.fromisoformat(self.ontvangen)
            start = dt.datetime.combine(day, dt.time(), dt.UTC)
            parts.append(and_(_b.received_at >= start, _b.received_at < start + dt.timedelta(days=1)))
        f, q = FINDINGS.c, QUALITY_FINDINGS.c
        if self.regel:
            parts.append(
                or_(
                    exists().where(f.bericht_id == _b.id, f.rule == self.regel),
                    exists().where(q.bericht_id == _b.id, q.check == self.regel),
                )
            )
        if self.ernst:
            validation = exists().where(f.bericht_id == _b.id, f.severity == self.ernst)
            quality = exists().where(q.bericht_id == _b.id, q.severity == self.ernst)
            chosen = {"validatie": validation, "kwaliteit": quality}.get(self.bron)
            parts.append(chosen if chosen is not None else or_(validation, quality))
        return and_(*parts)


@dataclass(frozen=True, slots=True)
class MessageRow:
    """A message in a list: its header and verdict (no personal data)."""

    id: int
    berichtsoort: str
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: dt.date | None
    gemeente: str | None
    aanbieder: str | None
    status: str
    received_at: dt.datetime | None
    rejection_code: str | None
    findings: int


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


_ROW_COLUMNS = (
    _b.id,
    _b.berichtsoort,
    _b.afzender,
    _b.ontvanger,
    _b.identificatie,
    _b.dagtekening,
    _b.gemeente,
    _b.aanbieder,
    _b.status,
    _b.received_at,
    _b.rejection_code,
)


_FINDINGS_COUNT = select(func.count()).where(FINDINGS.c.bericht_id == _b.id).scalar_subquery().label("n")
"""The number of validation findings of each listed message."""


def _row(r: Any, findings: int = 0) -> MessageRow:
    return MessageRow(
        r.id,
        r.berichtsoort or "",
        r.afzender or "",
        r.ontvanger or "",
        r.identificatie or "",
        r.dagtekening,
        r.gemeente,
        r.aanbieder,
        r.status,
        _aware(r.received_at),
        r.rejection_code,
        findings,
    )


def list_messages(
    engine: Engine, principal: Principal, selection: Selection, limit: int = LIMIT
) -> tuple[list[MessageRow], int]:
    """The newest ``limit`` messages of the selection in the principal's traffic, and how many there are."""
    seen = selection.condition(principal)
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(BERICHTEN).where(seen)).scalar_one()
        rows = conn.execute(
            select(*_ROW_COLUMNS, _FINDINGS_COUNT)
            .where(seen)
            .order_by(_b.received_at.desc(), _b.id.desc())
            .limit(limit)
        ).all()
    return [_row(r, int(r.n)) for r in rows], int(total)


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding on one message: of validation (``source`` ingest) or of the quality service."""

    source: str
    code: str
    severity: str
    retourcode: str | None
    location: str | None
    text: str
    related: int | None = None


_SOURCES = {"ingest": "ingest", "kwaliteit": "quality"}
"""The findings read model's sources as the dashboard names them (``services.present.labels.SOURCES``)."""


@dataclass(frozen=True, slots=True)
class MessageDetail:
    """One message: header, verdict, findings, retour, and its XML with personal values masked."""

    row: MessageRow
    rejection_reason: str | None
    findings: list[Finding]
    xml: str | None
    retour_xml: str | None
    answers: list[MessageRow] = field(default_factory=list)
    answers_to: MessageRow | None = None
    size: int = 0


def masked_xml(data: bytes, pseudo: Pseudonymiser) -> str | None:
    """The message as indented XML, its Bsn replaced by the client's pseudonym and the values of
    :data:`MASKED_ELEMENTS` by ``***``; None for input that is not XML (it is not shown: nothing says where
    a name or BSN would be in it).

    >>> masked_xml(b"<a><Bsn>999990019</Bsn><Achternaam>Jansen</Achternaam></a>", Pseudonymiser(b"k" * 16))
    '<a>\\n  <Bsn>pseudoniem ...</Bsn>\\n  <Achternaam>***</Achternaam>\\n</a>'
    >>> masked_xml(b"\\x00\\xff not xml 999990019", Pseudonymiser(b"k" * 16)) is None
    True
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_blank_text=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name == "Bsn" and element.text:
            element.text = f"pseudoniem {pseudo.pseudonym(element.text.strip())[:12]}…"
        elif (
            (name in MASKED_ELEMENTS or _inside(element, "Geboortedatum"))
            and element.text
            and element.text.strip()
        ):
            element.text = MASKED
    etree.indent(root, space="  ")
    return str(etree.tostring(root, encoding="unicode"))


def _inside(element: etree._Element, name: str) -> bool:
    parent = element.getparent()
    return parent is not None and etree.QName(parent).localname == name


def message_detail(
    engine: Engine, principal: Principal, pseudo: Pseudonymiser, bericht_id: int
) -> MessageDetail | None:
    """The message ``bericht_id`` when the principal may read it (None: unknown or another party's)."""
    seen = visible(principal)
    with engine.connect() as conn:
        r = conn.execute(
            select(
                *_ROW_COLUMNS, _b.raw_xml, _b.size, _b.retour_xml, _b.rejection_reason, _b.retour_to_id
            ).where(seen, _b.id == bericht_id)
        ).first()
        if r is None:
            return None
        findings = [
            Finding(
                _SOURCES[x.source],
                x.check,
                x.severity,
                x.retourcode,
                x.location,
                x.detail,
                x.related_bericht_id,
            )
            for query in finding_selects(FindingFilter(bericht_id=bericht_id)).values()
            for x in conn.execute(query.order_by(query.selected_columns.id))
        ]
        answers = [
            _row(a)
            for a in conn.execute(
                select(*_ROW_COLUMNS).where(seen, _b.retour_to_id == bericht_id).order_by(_b.id)
            )
        ]
        answers_to = None
        if r.retour_to_id is not None:
            heen = conn.execute(select(*_ROW_COLUMNS).where(seen, _b.id == r.retour_to_id)).first()
            answers_to = _row(heen) if heen is not None else None
    return MessageDetail(
        row=_row(r, len(findings)),
        rejection_reason=r.rejection_reason,
        findings=findings,
        xml=masked_xml(decompress(r.raw_xml), pseudo),
        retour_xml=masked_xml(decompress(r.retour_xml), pseudo) if r.retour_xml is not None else None,
        size=r.size,
        answers=answers,
        answers_to=answers_to,
    )


def client_messages(engine: Engine, principal: Principal, bsn: str) -> list[MessageRow]:
    """Every message of the principal's traffic about the client ``bsn``, in Dagtekening order."""
    clients = CLIENTS.c
    about = select(clients.bericht_id).where(clients.bsn == bsn)
    with engine.connect() as conn:
        rows = conn.execute(
            select(*_ROW_COLUMNS, _FINDINGS_COUNT)
            .where(visible(principal), _b.id.in_(about))
            .order_by(_b.dagtekening, _b.id)
        ).all()
    return [_row(r, int(r.n)) for r in rows]

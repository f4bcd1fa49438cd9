"""The findings read model: every finding of the stored traffic in one shape, those of the ingest service
(XSD, in-message rules, product codes, TR056, rejections) and those of the quality service (cross-message
rules, deadlines, completeness). The readers of findings go through it: ``ijw quality findings``, the
results API (``/kwaliteit/bevindingen``), the findings per rule of the indicators (the dashboard's
quality page) and the dashboard's message and client pages.

:func:`finding_selects` gives one query per source with the columns of :data:`COLUMNS`, narrowed by a
:class:`FindingFilter`; :func:`findings_query` their union. :func:`iter_findings` yields the records of the
``ijw quality findings --json`` contract (DESIGN.md): ``check``, ``severity``, ``gemeente``, ``aanbieder``,
``bericht`` (``<afzender>/<berichtsoort>/<identificatie>``, empty for input that could not be identified),
``toewijzingnummer``, ``client_ref``, ``detail``.
``client_ref`` is the client's BSN: this is the operator's view of the database, and an aanbieder or gemeente
reading its own findings through the API gets the BSN of its own clients. It never goes into a log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, Select, Subquery, Table, literal, null, select, union_all

from ijw.db.tables import BERICHTEN, QUALITY_FINDINGS
from ijw.db.tables import FINDINGS as INGEST_FINDINGS

Source = Literal["ingest", "kwaliteit"]
SOURCES: tuple[Source, ...] = ("ingest", "kwaliteit")
"""Where a finding comes from: the ingest service (on arrival) or the quality service (across messages)."""
_TABLES: dict[Source, Table] = {"ingest": INGEST_FINDINGS, "kwaliteit": QUALITY_FINDINGS}

COLUMNS = (
    "source",
    "id",
    "check",
    "severity",
    "retourcode",
    "location",
    "detail",
    "gemeente",
    "aanbieder",
    "bericht_id",
    "afzender",
    "bericht_berichtsoort",
    "identificatie",
    "berichtsoort",
    "dagtekening",
    "toewijzingnummer",
    "client_ref",
    "related_bericht_id",
)
"""The columns of every findings query. ``id`` is the finding's id within its source; ``gemeente``,
``aanbieder``, ``berichtsoort`` and ``dagtekening`` are the finding's own (a quality finding may name the
trajectory's parties), ``afzender``/``bericht_berichtsoort``/``identificatie`` those of the message it is
on; ``client_ref`` (BSN), ``toewijzingnummer`` and ``related_bericht_id`` only quality findings have."""


@dataclass(frozen=True, slots=True)
class FindingFilter:
    """Which findings: by party (an aanbieder's AGB code, a gemeente's code), check code, severities, the
    Dagtekening (``first``..``last``, both included), the source, one message, one client (BSN)."""

    aanbieder: str | None = None
    gemeente: str | None = None
    check: str | None = None
    include_info: bool = True
    first: dt.date | None = None
    last: dt.date | None = None
    source: Source | None = None
    bericht_id: int | None = None
    client_ref: str | None = None


def bericht_key(afzender: str | None, berichtsoort: str | None, identificatie: str | None) -> str:
    if not afzender and not berichtsoort and not identificatie:
        return ""
    return f"{afzender or ''}/{berichtsoort or ''}/{identificatie or ''}"


def bericht_of(row: Any) -> str:
    """``<afzender>/<berichtsoort>/<identificatie>`` of the message a findings row is on."""
    return bericht_key(row.afzender, row.bericht_berichtsoort, row.identificatie)


def _columns(source: Source) -> dict[str, ColumnElement[Any]]:
    b = BERICHTEN.c
    message = {
        "afzender": b.afzender,
        "bericht_berichtsoort": b.berichtsoort,
        "identificatie": b.identificatie,
    }
    if source == "ingest":
        f = INGEST_FINDINGS.c
        number = null().cast(QUALITY_FINDINGS.c.toewijzing_nummer.type)
        return {
            "source": literal("ingest"),
            "id": f.id,
            "check": f.rule,
            "severity": f.severity,
            "retourcode": f.retourcode,
            "location": f.location,
            "detail": f.message,
            "gemeente": b.gemeente,
            "aanbieder": b.aanbieder,
            "bericht_id": f.bericht_id,
            **message,
            "berichtsoort": b.berichtsoort,
            "dagtekening": b.dagtekening,
            "toewijzingnummer": number,
            "client_ref": null().cast(QUALITY_FINDINGS.c.bsn.type),
            "related_bericht_id": null().cast(QUALITY_FINDINGS.c.related_bericht_id.type),
        }
    q = QUALITY_FINDINGS.c
    return {
        "source": literal("kwaliteit"),
        "id": q.id,
        "check": q.check,
        "severity": q.severity,
        "retourcode": q.retourcode,
        "location": q.location,
        "detail": q.detail,
        "gemeente": q.gemeente,
        "aanbieder": q.aanbieder,
        "bericht_id": q.bericht_id,
        **message,
        "berichtsoort": q.berichtsoort,
        "dagtekening": q.dagtekening,
        "toewijzingnummer": q.toewijzing_nummer,
        "client_ref": q.bsn,
        "related_bericht_id": q.related_bericht_id,
    }


def _conditions(cols: dict[str, ColumnElement[Any]], flt: FindingFilter) -> list[ColumnElement[bool]]:
    wanted: list[ColumnElement[bool]] = []
    for name in ("aanbieder", "gemeente", "check", "bericht_id", "client_ref"):
        value = getattr(flt, name)
        if value is not None:
            wanted.append(cols[name] == value)
    if flt.first is not None:
        wanted.append(cols["dagtekening"] >= flt.first)
    if flt.last is not None:
        wanted.append(cols["dagtekening"] <= flt.last)
    if not flt.include_info:
        wanted.append(cols["severity"] != "info")
    return wanted


def finding_selects(flt: FindingFilter | None = None) -> dict[Source, Select[Any]]:
    """One query per source (``flt.source``: only that one), columns :data:`COLUMNS`, narrowed by ``flt``."""
    flt = flt or FindingFilter()
    queries: dict[Source, Select[Any]] = {}
    for source in SOURCES:
        if flt.source not in (None, source):
            continue
        cols, table = _columns(source), _TABLES[source]
        queries[source] = (
            select(*(cols[name].label(name) for name in COLUMNS))
            .select_from(table.join(BERICHTEN, BERICHTEN.c.id == table.c.bericht_id))
            .where(*_conditions(cols, flt))
        )
    return queries


def findings_query(flt: FindingFilter | None = None) -> Subquery:
    """All findings ``flt`` selects, of both sources, as one subquery with the columns :data:`COLUMNS`."""
    parts = list(finding_selects(flt).values())
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()


def iter_findings(conn: Connection, flt: FindingFilter | None = None) -> Iterator[dict[str, Any]]:
    """Every finding as a contract record: ingest findings first (by message), then the quality service's."""
    for query in finding_selects(flt).values():
        ordered = query.order_by(query.selected_columns.bericht_id, query.selected_columns.id)
        for r in conn.execute(ordered):
            yield {
                "check": r.check,
                "severity": r.severity,
                "gemeente": r.gemeente,
                "aanbieder": r.aanbieder,
                "bericht": bericht_of(r),
                "toewijzingnummer": r.toewijzingnummer,
                "client_ref": r.client_ref,
                "detail": r.detail,
            }

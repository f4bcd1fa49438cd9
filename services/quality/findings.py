"""All findings of the stored traffic in one shape: those of the ingest service (XSD, in-message rules,
product codes, TR056, rejections) and those of the quality service (cross-message rules, deadlines,
completeness).

:func:`iter_findings` yields the records of the ``ijw quality findings --json`` contract (DESIGN.md):
``check``, ``severity``, ``gemeente``, ``aanbieder``, ``bericht``
(``<afzender>/<berichtsoort>/<identificatie>``, empty for input that could not be identified),
``toewijzingnummer``, ``client_ref``, ``detail``.
``client_ref`` is the client's BSN: this is the operator's view of the database, and an aanbieder or gemeente
reading its own findings through the API gets the BSN of its own clients. It never goes into a log.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, null, select

from ijw.db import models as m
from services.quality.linking.store import FINDINGS, table

BERICHTEN = table(m.Bericht)
INGEST_FINDINGS = table(m.FindingRow)


@dataclass(frozen=True, slots=True)
class FindingFilter:
    """Which findings: by party (an aanbieder's AGB code, a gemeente's code), check code, severities."""

    aanbieder: str | None = None
    gemeente: str | None = None
    check: str | None = None
    include_info: bool = True


def bericht_key(afzender: str | None, berichtsoort: str | None, identificatie: str | None) -> str:
    if not afzender and not berichtsoort and not identificatie:
        return ""
    return f"{afzender or ''}/{berichtsoort or ''}/{identificatie or ''}"


def _scoped(q: Select[Any], gemeente_col: Any, aanbieder_col: Any, flt: FindingFilter) -> Select[Any]:
    if flt.aanbieder is not None:
        q = q.where(aanbieder_col == flt.aanbieder)
    if flt.gemeente is not None:
        q = q.where(gemeente_col == flt.gemeente)
    return q


def iter_findings(conn: Connection, flt: FindingFilter | None = None) -> Iterator[dict[str, Any]]:
    """Every finding as a contract record: ingest findings first (by message), then the quality service's."""
    flt = flt or FindingFilter()
    b, f, q = BERICHTEN.c, INGEST_FINDINGS.c, FINDINGS.c
    sources = (
        # (columns as contract fields, finding table, its check column, gemeente and aanbieder columns)
        (
            (
                f.rule.label("check"),
                f.severity,
                f.message.label("detail"),
                b.gemeente,
                b.aanbieder,
                null().label("toewijzingnummer"),
                null().label("client_ref"),
            ),
            f,
            f.rule,
            b.gemeente,
            b.aanbieder,
        ),
        (
            (
                q.check,
                q.severity,
                q.detail,
                q.gemeente,
                q.aanbieder,
                q.toewijzing_nummer.label("toewijzingnummer"),
                q.bsn.label("client_ref"),
            ),
            q,
            q.check,
            q.gemeente,
            q.aanbieder,
        ),
    )
    for columns, t, check, gemeente, aanbieder in sources:
        query = _scoped(
            select(*columns, b.afzender, b.berichtsoort, b.identificatie).join(
                BERICHTEN, b.id == t.bericht_id
            ),
            gemeente,
            aanbieder,
            flt,
        ).order_by(t.bericht_id, t.id)
        if flt.check is not None:
            query = query.where(check == flt.check)
        if not flt.include_info:
            query = query.where(t.severity != "info")
        for r in conn.execute(query):
            yield {
                "check": r.check,
                "severity": r.severity,
                "gemeente": r.gemeente,
                "aanbieder": r.aanbieder,
                "bericht": bericht_key(r.afzender, r.berichtsoort, r.identificatie),
                "toewijzingnummer": r.toewijzingnummer,
                "client_ref": r.client_ref,
                "detail": r.detail,
            }

"""One run of the answer audit: every retour message, JW325 and JW319 in the stored traffic compared with
what the standard prescribes, and the required answers that are missing or late; the results replace those
of the previous run (``quality_audit_antwoorden``, ``quality_audit_bevindingen``).

Runs after the linker and the deadlines of the same ``ijw quality run``: what the standard prescribes is read
from the findings on the heenbericht (:mod:`.expected`), the deadlines from the official deadline findings
(OP090, OP090x4, OP274, OP346, OP359 of kind ``stand``), so no rule and no deadline is judged twice.

The unit counted by the indicator ("antwoorden volgens de standaard") is one answer: a retour message, a
JW325, a JW319, a JW301 that answered a verzoek late, or an answer that is missing. A JW319's content
(VerzoekAntwoord, RedenAfwijzing) is the gemeente's decision on the care, which no rule of the standard
prescribes: it is judged on its deadlines only (OP274, OP346, OP359); the rules on the JW319 itself are the
aanbieder's to judge in its JW320, a retour the audit reads as any other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from ijw.db import models as m
from ijw.db.tables import (
    AFGEWEZEN_PRESTATIES,
    ANTWOORDEN,
    BERICHTEN,
    DECLARATIE_ANTWOORDEN,
    DECLARATIES,
    PRESTATIES,
    QUALITY_AUDIT_ANTWOORDEN,
    QUALITY_AUDIT_BEVINDINGEN,
    QUALITY_FINDINGS,
    RETOURCODES,
    VERZOEKEN,
)
from ijw.retour.pairs import RETOUR_OF
from ijw.rules.tr056 import TR056, TR056_RETOURCODE
from services.quality.audit import decisions as dc
from services.quality.audit.expected import Expected, expected_answers, per_prestatie
from services.quality.rules.catalog import CHECKS

#: the retour messages an aanbieder sends (the others, and the JW325 and JW319, are the gemeente's)
BY_AANBIEDER = frozenset({"JW302", "JW320"})
#: the deadline findings the audit reads: what answer each one is about (OP359: a JW319 that rejects a JW315
#: on the woonplaatsbeginsel, when the deadline service judges it)
DEADLINES = ("OP090", "OP090x4", "OP274", "OP346", "OP359")
#: rules judged only with data the traffic does not carry (TR418: the gemeente's contract tariffs, when it
#: has a file): a rejection with their code may be right where the product did not judge, so (b) leaves them
NOT_ALWAYS_JUDGED = frozenset({"TR418"})
WHOLE_ACCEPTED = "0200"


def rules_by_retourcode() -> dict[str, str]:
    """Retourcode → the rule whose failure it reports, for the rules the product judges on every message it
    stores (the quality service's cross-message rules but :data:`NOT_ALWAYS_JUDGED`, and TR056 at ingest);
    0001 (an in-message rule) is judged by the ingest service for every message as well."""
    found = {
        c.retourcode: code
        for code, c in CHECKS.items()
        if c.retourcode and c.severity == "error" and code not in NOT_ALWAYS_JUDGED
    }
    found[TR056_RETOURCODE] = TR056
    return found


@dataclass
class Unit:
    """One answer the audit judged, with its findings."""

    heen: int
    antwoord: int | None
    gemeente: str
    aanbieder: str
    antwoorder: str
    berichtsoort: str
    dagtekening: dt.date | None
    findings: list[dict[str, Any]] = field(default_factory=list)

    def add(self, check: str, detail: str, **values: Any) -> None:
        self.findings.append({"check": check, "detail": detail, **values})

    def row(self) -> dict[str, Any]:
        def total(check: str) -> int:
            return sum(f.get("bedrag") or 0 for f in self.findings if f["check"] == check)

        return {
            "heen_bericht_id": self.heen,
            "antwoord_bericht_id": self.antwoord,
            "gemeente": self.gemeente,
            "aanbieder": self.aanbieder,
            "antwoorder": self.antwoorder,
            "berichtsoort": self.berichtsoort,
            "dagtekening": self.dagtekening,
            "volgens_standaard": not self.findings,
            "bedrag_goedgekeurd_onterecht": total(dc.GOEDGEKEURD_ONTERECHT),
            "bedrag_afgewezen_onterecht": total(dc.AFGEWEZEN_ONTERECHT),
        }

    def finding_rows(self) -> Iterator[dict[str, Any]]:
        base = {k: v for k, v in self.row().items() if k in _FINDING_BASE}
        for f in self.findings:
            yield {
                **base,
                "rule": None,
                "retourcode": None,
                "toewijzing_nummer": None,
                "referentie": None,
                "bsn": None,
                "bedrag": None,
                **f,
            }


_FINDING_BASE = (
    "heen_bericht_id",
    "antwoord_bericht_id",
    "gemeente",
    "aanbieder",
    "antwoorder",
    "berichtsoort",
    "dagtekening",
)


@dataclass
class AuditSummary:
    """What a run of the audit found."""

    answers: int = 0
    volgens_standaard: int = 0
    by_check: dict[str, int] = field(default_factory=dict)
    bedrag_goedgekeurd_onterecht: int = 0
    bedrag_afgewezen_onterecht: int = 0

    def headline(self) -> str:
        """The audit's headline figures in one line (``ijw quality run``, ``ijw demo``).

        >>> audit = AuditSummary(200, 190, {dc.GOEDGEKEURD_ONTERECHT: 2}, 123456, 0)
        >>> print(audit.headline())  # doctest: +NORMALIZE_WHITESPACE
        answer audit: 190 of 200 answers as the standard prescribes (95.0%); approved against the rules 2
        (EUR 1,234.56), rejected against the rules 0 (EUR 0.00), missing or late 0
        """
        by = self.by_check
        share = f" ({self.volgens_standaard / self.answers:.1%})" if self.answers else ""
        late = by.get(dc.ANTWOORD_ONTBREEKT, 0) + by.get(dc.ANTWOORD_TE_LAAT, 0)
        return (
            f"answer audit: {self.volgens_standaard} of {self.answers} answers as the standard prescribes"
            f"{share}; approved against the rules {by.get(dc.GOEDGEKEURD_ONTERECHT, 0)} "
            f"(EUR {self.bedrag_goedgekeurd_onterecht / 100:,.2f}), rejected against the rules "
            f"{by.get(dc.AFGEWEZEN_ONTERECHT, 0)} (EUR {self.bedrag_afgewezen_onterecht / 100:,.2f}), "
            f"missing or late {late}"
        )


def run_audit(conn: Connection) -> AuditSummary:
    """Audit every answer in the database and store the result (replacing the previous one)."""
    units: dict[tuple[Any, ...], Unit] = {}
    judged = rules_by_retourcode()
    for unit in _retours(conn, judged):
        units[("antwoord", unit.antwoord)] = unit
    for unit in _declaratie_antwoorden(conn, judged):
        units[("antwoord", unit.antwoord)] = unit
    for unit in _verzoek_antwoorden(conn):
        units.setdefault(("antwoord", unit.antwoord), unit)
    _deadlines(conn, units)
    conn.execute(delete(QUALITY_AUDIT_BEVINDINGEN))
    conn.execute(delete(QUALITY_AUDIT_ANTWOORDEN))
    ordered = sorted(units.values(), key=lambda u: (u.heen, u.antwoord or 0, u.berichtsoort))
    rows = [u.row() for u in ordered]
    findings = [f for u in ordered for f in u.finding_rows()]
    for tbl, batch in ((QUALITY_AUDIT_ANTWOORDEN, rows), (QUALITY_AUDIT_BEVINDINGEN, findings)):
        for start in range(0, len(batch), 2000):
            conn.execute(insert(tbl), batch[start : start + 2000])
    summary = AuditSummary(answers=len(rows), volgens_standaard=sum(r["volgens_standaard"] for r in rows))
    counts: dict[str, int] = defaultdict(int)
    for f in findings:
        counts[f["check"]] += 1
    summary.by_check = dict(sorted(counts.items()))
    summary.bedrag_goedgekeurd_onterecht = sum(r["bedrag_goedgekeurd_onterecht"] for r in rows)
    summary.bedrag_afgewezen_onterecht = sum(r["bedrag_afgewezen_onterecht"] for r in rows)
    return summary


# -- retour messages ------------------------------------------------------------------------------------


def _retours(conn: Connection, judged: dict[str, str]) -> Iterator[Unit]:
    """JW302 … JW320: each retour against the rules failing on its heenbericht."""
    b = BERICHTEN.c
    heen: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for h in conn.execute(
        select(b.id, b.afzender, b.berichtsoort, b.identificatie, b.dagtekening, b.gemeente, b.aanbieder)
        .where(b.berichtsoort.in_(set(RETOUR_OF.values()) - {"JW323"}), b.xsd_valid.is_(True))
        .order_by(b.id)
    ):
        heen[(h.afzender, h.berichtsoort, h.identificatie)].append(h)
    retours = conn.execute(
        select(
            b.id, b.berichtsoort, b.retour_of_afzender, b.retour_of_berichtsoort, b.retour_of_identificatie
        ).where(b.berichtsoort.in_(set(RETOUR_OF) - {"JW325"}), b.xsd_valid.is_(True))
    ).all()
    rc = RETOURCODES.c
    codes: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    ids = [r.id for r in retours]
    for start in range(0, len(ids), 1000):
        for c in conn.execute(
            select(rc.bericht_id, rc.retourcode, rc.toewijzing_nummer).where(
                rc.bericht_id.in_(ids[start : start + 1000])
            )
        ):
            nummer = int(c.toewijzing_nummer) if c.toewijzing_nummer is not None else None
            codes[c.bericht_id].append((c.retourcode, nummer))
    candidates = {
        r.id: heen.get((r.retour_of_afzender, r.retour_of_berichtsoort, r.retour_of_identificatie), [])
        for r in retours
    }
    expected = expected_answers(conn, sorted({h.id for found in candidates.values() for h in found}))
    for r in retours:
        h = _heen_of(candidates[r.id], codes[r.id], expected)
        if h is None:
            continue
        unit = Unit(
            h.id,
            r.id,
            h.gemeente or "",
            h.aanbieder or "",
            "aanbieder" if r.berichtsoort in BY_AANBIEDER else "gemeente",
            r.berichtsoort,
            h.dagtekening,
        )
        exp = expected.get(h.id, Expected())
        for v in dc.judge_retour(exp.codes(), codes[r.id], set(judged) | {"0001"}):
            part = f"toewijzing {v.nummer}" if v.nummer is not None else f"the {h.berichtsoort}"
            if v.check == dc.GOEDGEKEURD_ONTERECHT:
                rule = exp.rule_of(v.code)
                detail = (
                    f"{r.berichtsoort} does not reject {part} although {rule} fails (retourcode {v.code})"
                )
            else:
                rule = judged.get(v.code)
                detail = (
                    f"{r.berichtsoort} rejects {part} with retourcode {v.code}"
                    f"{f' ({rule})' if rule else ''}, which no failing rule of the {h.berichtsoort} carries"
                )
            unit.add(v.check, detail, rule=rule, retourcode=v.code, toewijzing_nummer=v.nummer)
        yield unit


def _heen_of(found: list[Any], codes: list[tuple[str, int | None]], expected: dict[int, Expected]) -> Any:
    """The heenbericht a retour answers among those with its key: two share it when the second broke TR056
    (its Identificatie was used before), and that one is answered by the retour that carries 9056."""
    if len(found) <= 1:
        return found[0] if found else None
    carries = any(c == TR056_RETOURCODE for c, _ in codes)
    for h in found:
        exp = expected.get(h.id)
        if (exp is not None and any(f.rule == TR056 for f in exp.failing)) == carries:
            return h
    return found[0]


# -- JW325 -----------------------------------------------------------------------------------------------


def _declaratie_antwoorden(conn: Connection, judged: dict[str, str]) -> Iterator[Unit]:
    """Every JW325: each prestatie of the JW323 it answers, approved or rejected, against its failing
    rules."""
    b, da, dcl = BERICHTEN.c, DECLARATIE_ANTWOORDEN.c, DECLARATIES.c
    declaraties: dict[tuple[str, str, str], int] = {}
    dagtekening: dict[int, dt.date | None] = {}
    for r in conn.execute(
        select(dcl.bericht_id, dcl.gemeente, dcl.aanbieder, dcl.declaratie_identificatie, b.dagtekening)
        .join(BERICHTEN, b.id == dcl.bericht_id)
        .order_by(b.status != m.STATUS_VALID, dcl.bericht_id)
    ):
        declaraties.setdefault((r.gemeente, r.aanbieder, r.declaratie_identificatie), r.bericht_id)
        dagtekening[r.bericht_id] = r.dagtekening
    answers = conn.execute(
        select(
            da.id,
            da.bericht_id,
            da.gemeente,
            da.aanbieder,
            da.declaratie_identificatie,
            da.header_retourcodes,
            da.declaratie_nummer,
        ).order_by(da.bericht_id)
    ).all()
    heen_ids = sorted({declaraties[k] for a in answers if (k := _key(a)) in declaraties})
    expected = expected_answers(conn, heen_ids)
    prestaties = _rows_by(conn, PRESTATIES, heen_ids)
    afgewezen = _rows_by(conn, AFGEWEZEN_PRESTATIES, [a.bericht_id for a in answers])
    for a in answers:
        heen = declaraties.get(_key(a))
        if heen is None:
            continue  # answers no declaratie received (TR337): nothing to audit
        unit = Unit(heen, a.bericht_id, a.gemeente, a.aanbieder, "gemeente", "JW325", dagtekening.get(heen))
        rows = prestaties.get(heen, [])
        failing = per_prestatie(expected.get(heen), rows)
        header = set(filter(None, (a.header_retourcodes or "").split(",")))
        whole = a.declaratie_nummer is None and WHOLE_ACCEPTED not in header
        returned = {
            row.referentie_nummer: set(filter(None, row.retourcodes.split(",")))
            for row in afgewezen.get(a.bericht_id, [])
            if row.antwoord_id == a.id
        }
        for row in rows:
            rejection = header if whole else returned.get(row.referentie_nummer)
            fails = failing[row.id]
            verdict = dc.judge_prestatie({f.retourcode for f in fails}, rejection, set(judged) | {"0001"})
            if verdict is not None:
                unit.add(**_prestatie_finding(verdict, row, fails, judged))
        yield unit


def _key(a: Any) -> tuple[str, str, str]:
    return (a.gemeente, a.aanbieder, a.declaratie_identificatie)


def _rows_by(conn: Connection, tbl: Any, bericht_ids: list[int]) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = defaultdict(list)
    for start in range(0, len(bericht_ids), 1000):
        for row in conn.execute(
            select(tbl)
            .where(tbl.c.bericht_id.in_(bericht_ids[start : start + 1000]))
            .order_by(tbl.c.bericht_id, tbl.c.volgnummer, tbl.c.id)
        ):
            found[row.bericht_id].append(row)
    return found


def _prestatie_finding(
    verdict: dc.Verdict, row: Any, fails: list[Any], judged: dict[str, str]
) -> dict[str, Any]:
    debet = row.debet_credit != "C"
    kind = "debet" if debet else "credit"
    if verdict.check == dc.GOEDGEKEURD_ONTERECHT:
        rules = sorted({f.rule for f in fails})
        rule = next(f.rule for f in fails if f.retourcode == verdict.codes[0])
        detail = (
            f"{kind} prestatie {row.referentie_nummer} approved although {', '.join(rules)} "
            f"{'fails' if len(rules) == 1 else 'fail'} (retourcode {', '.join(verdict.codes)})"
        )
    else:
        rule = judged.get(verdict.codes[0])
        detail = (
            f"{kind} prestatie {row.referentie_nummer} rejected with retourcode {', '.join(verdict.codes)}, "
            "whose rule holds"
            + ("" if verdict.at_stake else "; another reason of the rejection may justify it")
        )
    return {
        "check": verdict.check,
        "detail": detail,
        "rule": rule,
        "retourcode": verdict.codes[0],
        "toewijzing_nummer": int(row.toewijzing_nummer),
        "referentie": row.referentie_nummer,
        "bsn": row.bsn,
        "bedrag": int(row.bedrag) if debet and verdict.at_stake else None,
    }


# -- JW319 and the deadlines -----------------------------------------------------------------------------


def _verzoek_antwoorden(conn: Connection) -> Iterator[Unit]:
    """Every valid JW319 as the answer to the verzoek it names (its latest verzoek dated on or before it)."""
    b, a, v = BERICHTEN.c, ANTWOORDEN.c, VERZOEKEN.c
    verzoeken: dict[tuple[str, str, str], list[tuple[dt.date, int]]] = defaultdict(list)
    for r in conn.execute(
        select(v.gemeente, v.aanbieder, v.referentie_aanbieder, b.dagtekening, b.id).join(
            BERICHTEN, b.id == v.bericht_id
        )
    ):
        verzoeken[(r.gemeente, r.aanbieder, r.referentie_aanbieder)].append((r.dagtekening, r.id))
    seen: set[int] = set()
    for r in conn.execute(
        select(a.gemeente, a.aanbieder, a.referentie_aanbieder, b.dagtekening, b.id)
        .join(BERICHTEN, b.id == a.bericht_id)
        .where(b.status == m.STATUS_VALID)
        .order_by(b.id, a.volgnummer)
    ):
        if r.id in seen:
            continue
        seen.add(r.id)
        before = sorted(
            x
            for x in verzoeken.get((r.gemeente, r.aanbieder, r.referentie_aanbieder), [])
            if x[0] <= r.dagtekening
        )
        heen = before[-1] if before else (r.dagtekening, r.id)
        yield Unit(heen[1], r.id, r.gemeente, r.aanbieder, "gemeente", "JW319", heen[0])


def _deadlines(conn: Connection, units: dict[tuple[Any, ...], Unit]) -> None:
    """(c): every official deadline finding on an answer: on the unit of the late answer, or a unit of its
    own for an answer that is missing (or a JW301 that answered a verzoek late)."""
    q, b = QUALITY_FINDINGS.c, BERICHTEN.c
    related = select(b.berichtsoort).where(b.id == q.related_bericht_id).scalar_subquery()
    for r in conn.execute(
        select(
            q.bericht_id,
            q.check,
            q.detail,
            q.related_bericht_id,
            q.gemeente,
            q.aanbieder,
            q.berichtsoort,
            q.dagtekening,
            q.bsn,
            related.label("related_soort"),
        )
        .where(q.kind == "stand", q.check.in_(DEADLINES))
        .order_by(q.bericht_id, q.check, q.id)
    ):
        absent = dc.missing(r.detail)
        answer = r.related_bericht_id  # the late answer; after "in onderzoek", the JW319 that said so
        soort = _answer_soort(r.check, r.berichtsoort, r.related_soort)
        key: tuple[Any, ...] = (
            ("antwoord", answer) if answer is not None else ("ontbreekt", r.bericht_id, soort)
        )
        unit = units.get(key)
        if unit is None:
            antwoorder = "aanbieder" if soort in BY_AANBIEDER else "gemeente"
            unit = units[key] = Unit(
                r.bericht_id, answer, r.gemeente, r.aanbieder, antwoorder, soort, r.dagtekening
            )
        check = dc.ANTWOORD_ONTBREEKT if absent else dc.ANTWOORD_TE_LAAT
        unit.add(check, f"{r.check}: {r.detail}", rule=r.check, bsn=r.bsn)


def _answer_soort(check: str, heen_soort: str, related_soort: str | None) -> str:
    """The berichtsoort of the answer a deadline is about."""
    if check == "OP090":
        return next(r for r, h in RETOUR_OF.items() if h == heen_soort)
    if check == "OP090x4":
        return "JW325"
    return related_soort or "JW319"

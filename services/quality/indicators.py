"""Data-quality indicators per aanbieder, per gemeente and per month, from the stored and linked traffic.

Every indicator is a set-based SQL aggregate (SQLAlchemy Core, the same on SQLite and PostgreSQL) over the
content tables of ingest (``berichten``, ``findings``, ``starts``, ``stops``, ``prestaties`` …) and the linked
tables of the quality service (``trajecten``, ``leveringen``, ``quality_findings``). Rows are grouped by
calendar month (``YYYY-MM``) and, when asked (``per``), by the aanbieder's AGB code or the gemeentecode.

===========================  ==========================================================  =====================
indicator                    definition                                                  month of
===========================  ==========================================================  =====================
linkage per berichtsoort     share of messages all of whose products link: JW305/JW307   message Dagtekening
                             and JW317 products to a toewijzing, JW323 prestaties to a
                             toewijzing, JW319 to its verzoek, JW301 with a
                             ReferentieAanbieder to its verzoek, JW325 to its JW323,
                             retour messages to their heenbericht
start within N days          toewijzingen (not verwijderd) with a JW305 dated at most N  toewijzing (first
                             days after the later of Ingangsdatum and the toewijzing's   JW301 Dagtekening)
                             Dagtekening; only toewijzingen at least N days old
stop after end               ended toewijzingen that were started and have no start      Einddatum
                             left without a stop; only those ended ``stop_grace_days``
                             before ``as_of``
declarations                 debet prestaties without a toewijzing, or with one but      JW323 Dagtekening
                             without a start on or before the end of the ProductPeriode
product codes                products of JW301 messages: uniform set (JZ21), regional     JW301 Dagtekening
                             (outside it), aspecifiek (no ProductCode)
rules                        messages with a finding of each rule (ingest: XSD, in-       message Dagtekening
                             message rules, product codes; quality: cross-message rules,
                             deadlines, completeness) per message of the party
retour timeliness            retours within their deadline in werkdagen (3; JW325: 10)   heenbericht
                             and heenberichten whose retour is overdue at ``as_of``      Dagtekening
===========================  ==========================================================  =====================

:func:`compute_indicators` returns them as typed rows; :meth:`Indicators.trend` condenses them into one row
per month (and party). Nothing here reads or returns a BSN.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, cast

from sqlalchemy import (
    ColumnElement,
    Engine,
    Select,
    and_,
    case,
    distinct,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union,
)
from sqlalchemy.sql.selectable import FromClause

from ijw.db import models as m
from ijw.db.dialect import days_between, month_of
from ijw.db.tables import (
    ANTWOORDEN,
    BERICHTEN,
    DECLARATIE_ANTWOORDEN,
    DECLARATIES,
    FINDINGS,
    LEVERINGEN,
    PRESTATIES,
    QUALITY_FINDINGS,
    QUALITY_STATE,
    STARTS,
    STOPS,
    TOEWIJZINGEN,
    TRAJECTEN,
    VERZOEK_PRODUCTEN,
    VERZOEKEN,
)
from ijw.productcodes.loader import ProductCatalog, load_catalog
from ijw.retour.pairs import RETOUR_OF
from ijw.werkdagen import add_werkdagen, werkdagen_between
from services.quality.findings import FindingFilter, finding_selects

PartyKind = Literal["aanbieder", "gemeente"]
PARTY_KINDS: tuple[PartyKind, ...] = ("aanbieder", "gemeente")

DEFAULT_START_DAYS = 30
DEFAULT_STOP_GRACE_DAYS = 10

DEADLINE_WERKDAGEN: dict[str, int] = {**{r: 3 for r in RETOUR_OF if r != "JW325"}, "JW325": 10}
"""The deadline of each answer in werkdagen after its heenbericht (procesbeschrijving iJw)."""

LINK_TARGETS: dict[str, str] = {
    "JW301": "verzoek",
    "JW305": "toewijzing",
    "JW307": "toewijzing",
    "JW317": "toewijzing",
    "JW319": "verzoek",
    "JW323": "toewijzing",
    "JW325": "declaratie",
    **{r: "heenbericht" for r in RETOUR_OF if r != "JW325"},
}
"""What a message of each berichtsoort must link to."""


@dataclass(frozen=True, slots=True)
class Ratio:
    """``numerator`` of ``denominator``; ``rate`` is None when there is nothing to count."""

    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.numerator + other.numerator, self.denominator + other.denominator)


ZERO = Ratio(0, 0)


@dataclass(frozen=True, slots=True)
class Linkage:
    """Messages of one berichtsoort in a month and how many of them link to ``target``."""

    party: str | None
    month: str
    berichtsoort: str
    target: str
    messages: int
    linked: int

    @property
    def ratio(self) -> Ratio:
        return Ratio(self.linked, self.messages)


@dataclass(frozen=True, slots=True)
class StartWithin:
    """Toewijzingen of a month that were due to start, and those started within ``days`` days."""

    party: str | None
    month: str
    days: int
    toewijzingen: int
    with_start: int

    @property
    def ratio(self) -> Ratio:
        return Ratio(self.with_start, self.toewijzingen)


@dataclass(frozen=True, slots=True)
class StopAfterEnd:
    """Started toewijzingen that ended in a month, and those whose every start was stopped."""

    party: str | None
    month: str
    ended: int
    with_stop: int

    @property
    def ratio(self) -> Ratio:
        return Ratio(self.with_stop, self.ended)


@dataclass(frozen=True, slots=True)
class DeclarationCoverage:
    """Debet prestaties declared in a month: without a toewijzing, or with one but without a start."""

    party: str | None
    month: str
    prestaties: int
    without_toewijzing: int
    without_start: int

    @property
    def unmatched(self) -> Ratio:
        return Ratio(self.without_toewijzing + self.without_start, self.prestaties)


@dataclass(frozen=True, slots=True)
class ProductCodeShare:
    """Toegewezen products (JW301) of a month by kind of product code."""

    party: str | None
    month: str
    products: int
    uniform: int
    regional: int
    aspecifiek: int

    @property
    def regional_ratio(self) -> Ratio:
        """Regional codes among the products that carry a code."""
        return Ratio(self.regional, self.uniform + self.regional)


@dataclass(frozen=True, slots=True)
class RegionalCode:
    """A product code outside the uniform set and how many toegewezen products carried it."""

    party: str | None
    categorie: str | None
    code: str
    products: int


@dataclass(frozen=True, slots=True)
class RuleRate:
    """Messages of a month with a finding of ``rule`` (``source`` ingest or quality), per message."""

    party: str | None
    month: str
    rule: str
    source: Literal["ingest", "quality"]
    severity: str
    messages_with_finding: int
    findings: int
    messages: int

    @property
    def ratio(self) -> Ratio:
        return Ratio(self.messages_with_finding, self.messages)


@dataclass(frozen=True, slots=True)
class RetourTimeliness:
    """Answers (``berichtsoort``) to heenberichten of a month: on time, late, and overdue (none received)."""

    party: str | None
    month: str
    berichtsoort: str
    deadline_werkdagen: int
    retours: int
    on_time: int
    late: int
    max_werkdagen: int
    overdue: int

    @property
    def ratio(self) -> Ratio:
        """Answers in time among those due (received plus overdue)."""
        return Ratio(self.on_time, self.retours + self.overdue)


@dataclass(frozen=True, slots=True)
class MonthTrend:
    """The headline indicators of one month (and party), for charts and the trend CSV."""

    party: str | None
    month: str
    messages: int
    messages_with_error: Ratio
    linkage: Ratio
    start_within: Ratio
    stop_after_end: Ratio
    declarations_unmatched: Ratio
    regional_codes: Ratio
    retour_on_time: Ratio


@dataclass(frozen=True, slots=True)
class Indicators:
    """Every indicator for one selection of the traffic (``aanbieder``/``gemeente`` filters, ``per``)."""

    as_of: dt.date
    per: PartyKind | None
    aanbieder: str | None
    gemeente: str | None
    start_days: int
    stop_grace_days: int
    messages: dict[tuple[str | None, str], int] = field(default_factory=dict)
    messages_with_error: dict[tuple[str | None, str], int] = field(default_factory=dict)
    linkage: list[Linkage] = field(default_factory=list)
    starts: list[StartWithin] = field(default_factory=list)
    stops: list[StopAfterEnd] = field(default_factory=list)
    declarations: list[DeclarationCoverage] = field(default_factory=list)
    product_codes: list[ProductCodeShare] = field(default_factory=list)
    regional_codes: list[RegionalCode] = field(default_factory=list)
    rules: list[RuleRate] = field(default_factory=list)
    retours: list[RetourTimeliness] = field(default_factory=list)

    def months(self) -> list[str]:
        """Every month any indicator has a row for, ascending."""
        found: set[str] = {month for _, month in self.messages}
        for rows in (self.linkage, self.starts, self.stops, self.declarations, self.product_codes):
            found.update(r.month for r in rows)
        found.update(r.month for r in self.retours)
        return sorted(found)

    def trend(self) -> list[MonthTrend]:
        """One row per (party, month), ordered by party then month."""
        keys: set[tuple[str | None, str]] = set(self.messages)
        acc: dict[str, dict[tuple[str | None, str], Ratio]] = defaultdict(lambda: defaultdict(lambda: ZERO))

        def add(name: str, rows: Iterable[Any], ratio: str) -> None:
            for r in rows:
                key = (r.party, r.month)
                keys.add(key)
                acc[name][key] = acc[name][key] + getattr(r, ratio)

        add("linkage", self.linkage, "ratio")
        add("start", self.starts, "ratio")
        add("stop", self.stops, "ratio")
        add("decl", self.declarations, "unmatched")
        add("regional", self.product_codes, "regional_ratio")
        add("retour", self.retours, "ratio")
        rows = []
        for key in sorted(keys, key=lambda k: (k[0] or "", k[1])):
            total = self.messages.get(key, 0)
            rows.append(
                MonthTrend(
                    party=key[0],
                    month=key[1],
                    messages=total,
                    messages_with_error=Ratio(self.messages_with_error.get(key, 0), total),
                    linkage=acc["linkage"][key],
                    start_within=acc["start"][key],
                    stop_after_end=acc["stop"][key],
                    declarations_unmatched=acc["decl"][key],
                    regional_codes=acc["regional"][key],
                    retour_on_time=acc["retour"][key],
                )
            )
        return rows

    def totals(self) -> MonthTrend:
        """The trend rows added up over every party and month."""
        return summed(self.trend())


def summed(rows: Iterable[MonthTrend], party: str | None = None, month: str = "") -> MonthTrend:
    """``rows`` added up into one row, labelled ``party`` and ``month`` (counts and ratios add up)."""
    total = MonthTrend(party, month, 0, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO)
    for r in rows:
        total = MonthTrend(
            party,
            month,
            total.messages + r.messages,
            total.messages_with_error + r.messages_with_error,
            total.linkage + r.linkage,
            total.start_within + r.start_within,
            total.stop_after_end + r.stop_after_end,
            total.declarations_unmatched + r.declarations_unmatched,
            total.regional_codes + r.regional_codes,
            total.retour_on_time + r.retour_on_time,
        )
    return total


def summed_by(rows: Iterable[MonthTrend], by: Literal["party", "month"]) -> list[MonthTrend]:
    """``rows`` added up per party (over the months) or per month (over the parties), in key order."""
    groups: dict[str, list[MonthTrend]] = defaultdict(list)
    for r in rows:
        groups[(r.party or "") if by == "party" else r.month].append(r)
    if by == "party":
        return [summed(group, party=key or None) for key, group in sorted(groups.items())]
    return [summed(group, month=key) for key, group in sorted(groups.items())]


def default_as_of(engine: Engine) -> dt.date:
    """The as-of date of the last quality run (``quality_state`` key ``as_of``), else the latest
    Dagtekening in the database (as the quality run chooses it), else today."""
    state = QUALITY_STATE
    with engine.connect() as conn:
        value = conn.execute(select(state.c.value).where(state.c.key == "as_of")).scalar()
        latest = conn.execute(select(func.max(BERICHTEN.c.dagtekening))).scalar()
    if value:
        try:
            return dt.date.fromisoformat(str(value)[:10])
        except ValueError:
            pass
    return _as_date(latest) if latest is not None else dt.date.today()


class _Selection:
    """Filters and grouping of one indicator computation, applied to the tables' party columns."""

    def __init__(
        self,
        per: PartyKind | None,
        aanbieder: str | None,
        gemeente: str | None,
        months: tuple[str, str] | None,
    ) -> None:
        self.per = per
        self.aanbieder = aanbieder
        self.gemeente = gemeente
        self.months = months

    def where(self, table: FromClause, month: ColumnElement[Any] | None = None) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.aanbieder is not None:
            conditions.append(table.c.aanbieder == self.aanbieder)
        if self.gemeente is not None:
            conditions.append(table.c.gemeente == self.gemeente)
        if month is not None and self.months is not None:
            conditions.append(month.between(self.months[0], self.months[1]))
        return conditions

    def keys(self, table: FromClause, month: ColumnElement[Any]) -> list[ColumnElement[Any]]:
        party = table.c[self.per] if self.per is not None else null()
        return [party.label("party"), month.label("month")]

    def group(self, table: FromClause, month: ColumnElement[Any]) -> list[ColumnElement[Any]]:
        return ([table.c[self.per]] if self.per is not None else []) + [month]


def _traject_of(gemeente: Any, aanbieder: Any, nummer: Any) -> ColumnElement[bool]:
    return exists().where(
        TRAJECTEN.c.gemeente == gemeente,
        TRAJECTEN.c.aanbieder == aanbieder,
        TRAJECTEN.c.toewijzing_nummer == nummer,
    )


def _bad(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """1 for a product that does not link, 0 for one that does."""
    return func.max(case((condition, 0), else_=1))


def _product_links() -> dict[str, Select[Any]]:
    """Per berichtsoort: ``(bericht_id, bad)`` with bad 1 when any product of the message fails to link."""
    p_traject = exists().where(
        DECLARATIES.c.id == PRESTATIES.c.declaratie_id,
        TRAJECTEN.c.gemeente == DECLARATIES.c.gemeente,
        TRAJECTEN.c.aanbieder == DECLARATIES.c.aanbieder,
        TRAJECTEN.c.toewijzing_nummer == PRESTATIES.c.toewijzing_nummer,
    )
    w_verzoek = exists().where(
        VERZOEKEN.c.gemeente == TOEWIJZINGEN.c.gemeente,
        VERZOEKEN.c.aanbieder == TOEWIJZINGEN.c.aanbieder,
        VERZOEKEN.c.referentie_aanbieder == TOEWIJZINGEN.c.referentie_aanbieder,
    )
    a_verzoek = exists().where(
        VERZOEKEN.c.gemeente == ANTWOORDEN.c.gemeente,
        VERZOEKEN.c.aanbieder == ANTWOORDEN.c.aanbieder,
        VERZOEKEN.c.referentie_aanbieder == ANTWOORDEN.c.referentie_aanbieder,
    )
    da_declaratie = exists().where(
        DECLARATIES.c.gemeente == DECLARATIE_ANTWOORDEN.c.gemeente,
        DECLARATIES.c.aanbieder == DECLARATIE_ANTWOORDEN.c.aanbieder,
        DECLARATIES.c.declaratie_identificatie == DECLARATIE_ANTWOORDEN.c.declaratie_identificatie,
    )
    vp_traject = exists().where(
        VERZOEKEN.c.id == VERZOEK_PRODUCTEN.c.verzoek_id,
        TRAJECTEN.c.gemeente == VERZOEKEN.c.gemeente,
        TRAJECTEN.c.aanbieder == VERZOEKEN.c.aanbieder,
        TRAJECTEN.c.toewijzing_nummer == VERZOEK_PRODUCTEN.c.toewijzing_nummer,
    )
    return {
        "JW301": select(TOEWIJZINGEN.c.bericht_id, _bad(w_verzoek).label("bad"))
        .where(TOEWIJZINGEN.c.referentie_aanbieder.is_not(None))
        .group_by(TOEWIJZINGEN.c.bericht_id),
        "JW305": select(
            STARTS.c.bericht_id,
            _bad(_traject_of(STARTS.c.gemeente, STARTS.c.aanbieder, STARTS.c.toewijzing_nummer)).label("bad"),
        ).group_by(STARTS.c.bericht_id),
        "JW307": select(
            STOPS.c.bericht_id,
            _bad(_traject_of(STOPS.c.gemeente, STOPS.c.aanbieder, STOPS.c.toewijzing_nummer)).label("bad"),
        ).group_by(STOPS.c.bericht_id),
        "JW317": select(
            VERZOEK_PRODUCTEN.c.bericht_id,
            func.max(
                case((VERZOEK_PRODUCTEN.c.toewijzing_nummer.is_(None), 0), (vp_traject, 0), else_=1)
            ).label("bad"),
        ).group_by(VERZOEK_PRODUCTEN.c.bericht_id),
        "JW319": select(ANTWOORDEN.c.bericht_id, _bad(a_verzoek).label("bad")).group_by(
            ANTWOORDEN.c.bericht_id
        ),
        "JW323": select(PRESTATIES.c.bericht_id, _bad(p_traject).label("bad")).group_by(
            PRESTATIES.c.bericht_id
        ),
        "JW325": select(DECLARATIE_ANTWOORDEN.c.bericht_id, _bad(da_declaratie).label("bad")).group_by(
            DECLARATIE_ANTWOORDEN.c.bericht_id
        ),
    }


def _linkage(conn: Any, sel: _Selection) -> list[Linkage]:
    month = month_of(BERICHTEN.c.dagtekening)
    rows: list[Linkage] = []
    for soort, inner_select in _product_links().items():
        inner = inner_select.subquery()
        stmt = (
            select(
                *sel.keys(BERICHTEN, month),
                func.count().label("n"),
                func.sum(1 - inner.c.bad).label("linked"),
            )
            .select_from(inner.join(BERICHTEN, BERICHTEN.c.id == inner.c.bericht_id))
            .where(BERICHTEN.c.dagtekening.is_not(None), *sel.where(BERICHTEN, month))
            .group_by(*sel.group(BERICHTEN, month))
        )
        for r in conn.execute(stmt):
            rows.append(Linkage(r.party, r.month, soort, LINK_TARGETS[soort], r.n, int(r.linked or 0)))
    retour_types = [s for s in RETOUR_OF if s != "JW325"]
    stmt = (
        select(
            *sel.keys(BERICHTEN, month),
            BERICHTEN.c.berichtsoort,
            func.count().label("n"),
            func.count(BERICHTEN.c.retour_to_id).label("linked"),
        )
        .where(
            BERICHTEN.c.berichtsoort.in_(retour_types),
            BERICHTEN.c.xsd_valid.is_(True),
            BERICHTEN.c.dagtekening.is_not(None),
            *sel.where(BERICHTEN, month),
        )
        .group_by(*sel.group(BERICHTEN, month), BERICHTEN.c.berichtsoort)
    )
    for r in conn.execute(stmt):
        rows.append(Linkage(r.party, r.month, r.berichtsoort, "heenbericht", r.n, r.linked))
    rows.sort(key=lambda x: (x.party or "", x.month, x.berichtsoort))
    return rows


def _started(reference: ColumnElement[Any], within: int | None) -> ColumnElement[bool]:
    conditions = [
        LEVERINGEN.c.gemeente == TRAJECTEN.c.gemeente,
        LEVERINGEN.c.aanbieder == TRAJECTEN.c.aanbieder,
        LEVERINGEN.c.toewijzing_nummer == TRAJECTEN.c.toewijzing_nummer,
        LEVERINGEN.c.status != "verwijderd",
    ]
    if within is not None:
        conditions.append(days_between(reference, LEVERINGEN.c.start_dagtekening) <= within)
    return exists().where(*conditions)


def _starts(conn: Any, sel: _Selection, as_of: dt.date, days: int) -> list[StartWithin]:
    reference = case(
        (TRAJECTEN.c.ingangsdatum > TRAJECTEN.c.first_dagtekening, TRAJECTEN.c.ingangsdatum),
        else_=TRAJECTEN.c.first_dagtekening,
    )
    month = month_of(TRAJECTEN.c.first_dagtekening)
    stmt = (
        select(
            *sel.keys(TRAJECTEN, month),
            func.count().label("n"),
            func.sum(case((_started(reference, days), 1), else_=0)).label("started"),
        )
        .where(
            TRAJECTEN.c.verwijderd.is_(False),
            or_(TRAJECTEN.c.einddatum.is_(None), TRAJECTEN.c.einddatum >= TRAJECTEN.c.ingangsdatum),
            days_between(reference, literal(as_of)) >= days,
            *sel.where(TRAJECTEN, month),
        )
        .group_by(*sel.group(TRAJECTEN, month))
    )
    return sorted(
        (StartWithin(r.party, r.month, days, r.n, int(r.started or 0)) for r in conn.execute(stmt)),
        key=lambda x: (x.party or "", x.month),
    )


def _stops(conn: Any, sel: _Selection, as_of: dt.date, grace: int) -> list[StopAfterEnd]:
    month = month_of(TRAJECTEN.c.einddatum)
    running = exists().where(
        LEVERINGEN.c.gemeente == TRAJECTEN.c.gemeente,
        LEVERINGEN.c.aanbieder == TRAJECTEN.c.aanbieder,
        LEVERINGEN.c.toewijzing_nummer == TRAJECTEN.c.toewijzing_nummer,
        LEVERINGEN.c.status == "actueel",
    )
    stmt = (
        select(
            *sel.keys(TRAJECTEN, month),
            func.count().label("n"),
            func.sum(case((running, 0), else_=1)).label("stopped"),
        )
        .where(
            TRAJECTEN.c.verwijderd.is_(False),
            TRAJECTEN.c.einddatum.is_not(None),
            days_between(TRAJECTEN.c.einddatum, literal(as_of)) >= grace,
            _started(TRAJECTEN.c.ingangsdatum, None),
            *sel.where(TRAJECTEN, month),
        )
        .group_by(*sel.group(TRAJECTEN, month))
    )
    return sorted(
        (StopAfterEnd(r.party, r.month, r.n, int(r.stopped or 0)) for r in conn.execute(stmt)),
        key=lambda x: (x.party or "", x.month),
    )


def prestatie_links() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """For a prestatie (``PRESTATIES`` joined to its declaratie in ``DECLARATIES``): whether its toewijzing is
    linked, and whether a delivery (a start that is not deleted) began on or before the end of its
    ProductPeriode."""
    traject = _traject_of(DECLARATIES.c.gemeente, DECLARATIES.c.aanbieder, PRESTATIES.c.toewijzing_nummer)
    start = exists().where(
        LEVERINGEN.c.gemeente == DECLARATIES.c.gemeente,
        LEVERINGEN.c.aanbieder == DECLARATIES.c.aanbieder,
        LEVERINGEN.c.toewijzing_nummer == PRESTATIES.c.toewijzing_nummer,
        LEVERINGEN.c.status != "verwijderd",
        LEVERINGEN.c.begindatum <= PRESTATIES.c.periode_eind,
    )
    return traject, start


def _declarations(conn: Any, sel: _Selection) -> list[DeclarationCoverage]:
    month = month_of(BERICHTEN.c.dagtekening)
    traject, start = prestatie_links()
    stmt = (
        select(
            *sel.keys(DECLARATIES, month),
            func.count().label("n"),
            func.sum(case((traject, 0), else_=1)).label("no_toewijzing"),
            func.sum(case((and_(traject, ~start), 1), else_=0)).label("no_start"),
        )
        .select_from(
            PRESTATIES.join(DECLARATIES, DECLARATIES.c.id == PRESTATIES.c.declaratie_id).join(
                BERICHTEN, BERICHTEN.c.id == PRESTATIES.c.bericht_id
            )
        )
        .where(
            PRESTATIES.c.debet_credit == "D",
            BERICHTEN.c.dagtekening.is_not(None),
            *sel.where(DECLARATIES, month),
        )
        .group_by(*sel.group(DECLARATIES, month))
    )
    return sorted(
        (
            DeclarationCoverage(r.party, r.month, r.n, int(r.no_toewijzing or 0), int(r.no_start or 0))
            for r in conn.execute(stmt)
        ),
        key=lambda x: (x.party or "", x.month),
    )


def _product_codes(
    conn: Any, sel: _Selection, catalog: ProductCatalog
) -> tuple[list[ProductCodeShare], list[RegionalCode]]:
    month = month_of(BERICHTEN.c.dagtekening)
    stmt = (
        select(
            *sel.keys(TOEWIJZINGEN, month),
            TOEWIJZINGEN.c.categorie,
            TOEWIJZINGEN.c.code,
            func.count().label("n"),
        )
        .select_from(TOEWIJZINGEN.join(BERICHTEN, BERICHTEN.c.id == TOEWIJZINGEN.c.bericht_id))
        .where(BERICHTEN.c.dagtekening.is_not(None), *sel.where(TOEWIJZINGEN, month))
        .group_by(*sel.group(TOEWIJZINGEN, month), TOEWIJZINGEN.c.categorie, TOEWIJZINGEN.c.code)
    )
    shares: dict[tuple[str | None, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    regional: dict[tuple[str | None, str | None, str], int] = defaultdict(int)
    for r in conn.execute(stmt):
        counts = shares[(r.party, r.month)]
        if r.code is None:
            counts[2] += r.n
        elif catalog.in_uniform_set(r.code):
            counts[0] += r.n
        else:
            counts[1] += r.n
            regional[(r.party, r.categorie, r.code)] += r.n
    return (
        [
            ProductCodeShare(party, month_, sum(c), c[0], c[1], c[2])
            for (party, month_), c in sorted(shares.items(), key=lambda kv: (kv[0][0] or "", kv[0][1]))
        ],
        sorted(
            (RegionalCode(party, cat, code, n) for (party, cat, code), n in regional.items()),
            key=lambda x: (x.party or "", -x.products, x.code),
        ),
    )


def _messages(conn: Any, sel: _Selection) -> tuple[dict[tuple[str | None, str], int], dict[Any, int]]:
    month = month_of(BERICHTEN.c.dagtekening)
    totals = {
        (r.party, r.month): r.n
        for r in conn.execute(
            select(*sel.keys(BERICHTEN, month), func.count().label("n"))
            .where(BERICHTEN.c.dagtekening.is_not(None), *sel.where(BERICHTEN, month))
            .group_by(*sel.group(BERICHTEN, month))
        )
    }
    with_error = union(
        select(FINDINGS.c.bericht_id.label("bericht_id")).where(FINDINGS.c.severity == "error"),
        select(QUALITY_FINDINGS.c.bericht_id.label("bericht_id")).where(
            QUALITY_FINDINGS.c.severity == "error"
        ),
    ).subquery()
    errors = {
        (r.party, r.month): r.n
        for r in conn.execute(
            select(*sel.keys(BERICHTEN, month), func.count().label("n"))
            .select_from(with_error.join(BERICHTEN, BERICHTEN.c.id == with_error.c.bericht_id))
            .where(BERICHTEN.c.dagtekening.is_not(None), *sel.where(BERICHTEN, month))
            .group_by(*sel.group(BERICHTEN, month))
        )
    }
    return totals, errors


def _rules(conn: Any, sel: _Selection, totals: dict[tuple[str | None, str], int]) -> list[RuleRate]:
    """Per party, month, rule and severity: the messages with a finding of the rule, and the findings
    (read through the findings read model, one query per source)."""
    rows: list[RuleRate] = []
    selected = finding_selects(FindingFilter(aanbieder=sel.aanbieder, gemeente=sel.gemeente))
    for source, query in selected.items():
        found = query.where(query.selected_columns.dagtekening.is_not(None)).subquery()
        month = month_of(found.c.dagtekening)
        counted = (
            select(
                *sel.keys(found, month),
                found.c.check.label("rule"),
                found.c.severity,
                func.count(distinct(found.c.bericht_id)).label("berichten"),
                func.count().label("n"),
            )
            .where(*sel.where(found, month))
            .group_by(*sel.group(found, month), found.c.check, found.c.severity)
        )
        kind: Literal["ingest", "quality"] = "ingest" if source == "ingest" else "quality"
        for r in conn.execute(counted):
            total = totals.get((r.party, r.month), 0)
            rows.append(RuleRate(r.party, r.month, r.rule, kind, r.severity, r.berichten, r.n, total))
    rows.sort(key=lambda x: (x.party or "", x.month, x.rule))
    return rows


@lru_cache(maxsize=65536)
def _werkdagen(first: dt.date, last: dt.date) -> int:
    return werkdagen_between(first, last)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _retours(conn: Any, sel: _Selection, as_of: dt.date) -> list[RetourTimeliness]:
    heen = BERICHTEN.alias("heen")
    retour = BERICHTEN.alias("retour")
    month = month_of(heen.c.dagtekening)
    # [retours, on_time, late, max_werkdagen, overdue]
    acc: dict[tuple[str | None, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    received = (
        select(
            *sel.keys(heen, month),
            retour.c.berichtsoort,
            heen.c.dagtekening.label("heen_dag"),
            retour.c.dagtekening.label("retour_dag"),
            func.count().label("n"),
        )
        .select_from(retour.join(heen, heen.c.id == retour.c.retour_to_id))
        .where(
            retour.c.berichtsoort.in_(list(RETOUR_OF)),
            heen.c.dagtekening.is_not(None),
            retour.c.dagtekening.is_not(None),
            *sel.where(heen, month),
        )
        .group_by(*sel.group(heen, month), retour.c.berichtsoort, heen.c.dagtekening, retour.c.dagtekening)
    )
    for r in conn.execute(received):
        deadline = DEADLINE_WERKDAGEN[r.berichtsoort]
        used = _werkdagen(_as_date(r.heen_dag), _as_date(r.retour_dag))
        counts = acc[(r.party, r.month, r.berichtsoort)]
        counts[0] += r.n
        counts[1 if used <= deadline else 2] += r.n
        counts[3] = max(counts[3], used)
    answered = exists().where(retour.c.retour_to_id == heen.c.id, retour.c.berichtsoort.in_(list(RETOUR_OF)))
    heen_types = {h: r for r, h in RETOUR_OF.items()}
    missing = (
        select(
            *sel.keys(heen, month),
            heen.c.berichtsoort,
            heen.c.dagtekening.label("heen_dag"),
            func.count().label("n"),
        )
        .where(
            heen.c.berichtsoort.in_(list(heen_types)),
            heen.c.xsd_valid.is_(True),
            heen.c.status != m.STATUS_REJECTED,
            heen.c.dagtekening.is_not(None),
            ~answered,
            *sel.where(heen, month),
        )
        .group_by(*sel.group(heen, month), heen.c.berichtsoort, heen.c.dagtekening)
    )
    for r in conn.execute(missing):
        soort = heen_types[r.berichtsoort]
        if add_werkdagen(_as_date(r.heen_dag), DEADLINE_WERKDAGEN[soort]) < as_of:
            acc[(r.party, r.month, soort)][4] += r.n
    return [
        RetourTimeliness(party, month_, soort, DEADLINE_WERKDAGEN[soort], c[0], c[1], c[2], c[3], c[4])
        for (party, month_, soort), c in sorted(acc.items(), key=lambda kv: (kv[0][0] or "", *kv[0][1:]))
    ]


def compute_indicators(
    engine: Engine,
    *,
    aanbieder: str | None = None,
    gemeente: str | None = None,
    per: PartyKind | None = None,
    months: tuple[str, str] | None = None,
    as_of: dt.date | None = None,
    start_days: int = DEFAULT_START_DAYS,
    stop_grace_days: int = DEFAULT_STOP_GRACE_DAYS,
    catalog: ProductCatalog | None = None,
) -> Indicators:
    """Every indicator for the traffic of ``aanbieder`` and/or ``gemeente`` (None: all traffic).

    ``per``: one row per aanbieder or per gemeente (and month); None: one row per month. ``months``: an
    inclusive ``(YYYY-MM, YYYY-MM)`` range. ``as_of``: the day the deadlines and completeness are judged on
    (default: the as-of date of the last quality run, else today).
    """
    if per is not None and per not in PARTY_KINDS:
        raise ValueError(f"per must be one of {PARTY_KINDS}, not {per!r}")
    if start_days < 0 or stop_grace_days < 0:
        raise ValueError("start_days and stop_grace_days must not be negative")
    as_of = as_of or default_as_of(engine)
    catalog = catalog or load_catalog()
    sel = _Selection(per, aanbieder, gemeente, months)
    result = Indicators(as_of, per, aanbieder, gemeente, start_days, stop_grace_days)
    with engine.connect() as conn:
        totals, errors = _messages(conn, sel)
        result.messages.update(totals)
        result.messages_with_error.update(errors)
        result.linkage.extend(_linkage(conn, sel))
        result.starts.extend(_starts(conn, sel, as_of, start_days))
        result.stops.extend(_stops(conn, sel, as_of, stop_grace_days))
        result.declarations.extend(_declarations(conn, sel))
        shares, regional = _product_codes(conn, sel, catalog)
        result.product_codes.extend(shares)
        result.regional_codes.extend(regional)
        result.rules.extend(_rules(conn, sel, totals))
        result.retours.extend(_retours(conn, sel, as_of))
    return result


def rule_totals(rows: Sequence[RuleRate]) -> list[RuleRate]:
    """``rows`` added up over the months: one row per (party, rule, source, severity), most frequent first."""
    acc: dict[tuple[str | None, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for r in rows:
        counts = acc[(r.party, r.rule, r.source, r.severity)]
        counts[0] += r.messages_with_finding
        counts[1] += r.findings
    return sorted(
        (
            RuleRate(party, "", rule, cast(Literal["ingest", "quality"], source), severity, c[0], c[1], 0)
            for (party, rule, source, severity), c in acc.items()
        ),
        key=lambda x: (x.party or "", -x.messages_with_finding, x.rule),
    )

"""The feedback report per aanbieder or gemeente: an HTML page in Dutch with SVG trend charts (pygal, via
:mod:`services.present.charts`), the results of the Great Expectations suites, and CSV files.

``render_report(engine, "aanbieder", "12345678")`` returns the page; ``write_report(engine, out_dir, …)``
writes ``report.html`` and the CSV files of :data:`CSV_FILES` with Dutch headers (:mod:`.columns`), for the
report's readers; ``report_csv(data, name)`` renders one CSV with the English column names of the API's
contract (the HTTP API serves them so). The page is self-contained: no JavaScript, no external stylesheet,
font or image. It names trajectories by ToewijzingNummer and messages by afzender/berichtsoort/identificatie,
never by BSN or name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import Engine

from ijw.productcodes.tarieven import load_tarieven
from services.present import formats, labels
from services.present.charts import Point, bar_chart, line_chart
from services.present.names import Names, gemeente
from services.quality.audit.indicators import (
    AuditFinding,
    AuditRate,
    audit_findings,
    audit_rates,
    audit_total,
)
from services.quality.expectations.results import SuiteResult, latest_results
from services.quality.indicators import (
    DEFAULT_START_DAYS,
    DEFAULT_STOP_GRACE_DAYS,
    Indicators,
    MonthTrend,
    PartyKind,
    Ratio,
    RuleRate,
    compute_indicators,
    default_as_of,
    rule_totals,
)
from services.quality.indicators_lists import (
    IncompleteTraject,
    LateRetour,
    incomplete_trajecten,
    late_retours,
)
from services.quality.report.columns import dutch_header

HTML_LIMIT = 500
"""Rows per list on the HTML page (the CSV files hold them all)."""

CSV_FILES = (
    "trend.csv",
    "findings-by-rule.csv",
    "incomplete-trajecten.csv",
    "retour-lateness.csv",
    "regional-product-codes.csv",
    "linkage.csv",
)

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the report shows, for one party (or, with ``party_kind`` None, the whole traffic)."""

    party_kind: PartyKind | None
    code: str | None
    as_of: dt.date
    generated_at: dt.datetime
    indicators: Indicators
    trend: list[MonthTrend]
    totals: MonthTrend
    rules: list[RuleRate]
    incomplete: list[IncompleteTraject]
    late: list[LateRetour]
    suites: list[SuiteResult]
    names: Names = field(default_factory=Names)
    #: the answer audit: totals per antwoorder (gemeente, aanbieder) and its findings, largest amount first
    audit: list[AuditRate] = field(default_factory=list)
    audit_findings: list[AuditFinding] = field(default_factory=list)

    def aanbieder(self, code: str | None) -> str:
        """An AGB code with the aanbieder's name where the database knows it."""
        return self.names.aanbieder(code)

    @property
    def title(self) -> str:
        if self.party_kind is None:
            return "al het berichtenverkeer"
        if self.party_kind == "gemeente":
            return f"gemeente {gemeente(self.code)}"
        return f"aanbieder {self.aanbieder(self.code)}"


def _check_party(party_kind: PartyKind | None, code: str | None) -> None:
    if party_kind not in (None, "aanbieder", "gemeente"):
        raise ValueError(f"party_kind must be aanbieder, gemeente or None, not {party_kind!r}")
    if (party_kind is None) != (code is None):
        raise ValueError("give both party_kind and code, or neither")


def build_report(
    engine: Engine,
    party_kind: PartyKind | None,
    code: str | None,
    as_of: dt.date | None = None,
    *,
    start_days: int = DEFAULT_START_DAYS,
    stop_grace_days: int = DEFAULT_STOP_GRACE_DAYS,
    months: tuple[str, str] | None = None,
) -> ReportData:
    """Gather the report's data for ``code`` of ``party_kind`` (both None: all traffic)."""
    _check_party(party_kind, code)
    as_of = as_of or default_as_of(engine)
    aanbieder = code if party_kind == "aanbieder" else None
    gemeente = code if party_kind == "gemeente" else None
    audits = audit_rates(engine, aanbieder=aanbieder, gemeente=gemeente)
    indicators = compute_indicators(
        engine,
        aanbieder=aanbieder,
        gemeente=gemeente,
        as_of=as_of,
        start_days=start_days,
        stop_grace_days=stop_grace_days,
        months=months,
    )
    return ReportData(
        party_kind=party_kind,
        code=code,
        as_of=as_of,
        generated_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
        indicators=indicators,
        trend=indicators.trend(),
        totals=indicators.totals(),
        rules=rule_totals(indicators.rules),
        incomplete=incomplete_trajecten(
            engine,
            aanbieder=aanbieder,
            gemeente=gemeente,
            as_of=as_of,
            start_days=start_days,
            stop_grace_days=stop_grace_days,
        ),
        late=late_retours(engine, aanbieder=aanbieder, gemeente=gemeente, as_of=as_of),
        suites=latest_results(engine),
        names=Names.load(engine),
        audit=[audit_total(audits, a) for a in ("gemeente", "aanbieder")],
        audit_findings=audit_findings(engine, aanbieder=aanbieder, gemeente=gemeente, limit=HTML_LIMIT),
    )


def _pct(ratio: Ratio) -> str:
    return formats.percent(ratio.rate)


def _rate(ratio: Ratio) -> str:
    rate = ratio.rate
    return "" if rate is None else f"{rate:.4f}"


def _charts(data: ReportData) -> dict[str, Any]:
    months = [t.month for t in data.trend]

    def series(get: Callable[[MonthTrend], Ratio]) -> list[Point]:
        return [Point(get(t).rate, get(t).denominator) for t in data.trend]

    return {
        "messages": bar_chart(
            "Berichten per maand van de Dagtekening",
            months,
            {"berichten": [Point(t.messages, t.messages) for t in data.trend]},
        ),
        "completeness": line_chart(
            "Koppeling en volledigheid per maand",
            months,
            {
                "gekoppelde berichten": series(lambda t: t.linkage),
                "op tijd gestart": series(lambda t: t.start_within),
                "gestopt na het einde": series(lambda t: t.stop_after_end),
                "antwoorden op tijd": series(lambda t: t.retour_on_time),
            },
        ),
        "problems": line_chart(
            "Fouten, prestaties zonder toewijzing en regionale codes per maand",
            months,
            {
                "berichten met een fout": series(lambda t: t.messages_with_error),
                "prestaties zonder toewijzing of start": series(lambda t: t.declarations_unmatched),
                "regionale productcodes": series(lambda t: t.regional_codes),
            },
        ),
    }


def render_html(data: ReportData) -> str:
    """The report page for ``data``."""
    template = _env.get_template("report.html")
    return template.render(
        data=data,
        charts=_charts(data),
        pct=_pct,
        f=formats,
        labels=labels,
        gemeente=gemeente,
        issue_labels=labels.ISSUES,
        limit=HTML_LIMIT,
        csv_files=CSV_FILES,
        full_suites=data.party_kind is None,
        # TR418 is judged only for the gemeenten with contract tariffs (productcodes/tarieven/)
        tarieven=[gemeente(g) for g in sorted(load_tarieven().gemeenten)],
    )


def render_report(
    engine: Engine,
    party_kind: PartyKind | None,
    code: str | None,
    as_of: dt.date | None = None,
    **options: Any,
) -> str:
    """The HTML report of ``code`` of ``party_kind`` (both None: all traffic, the beheerder's view)."""
    return render_html(build_report(engine, party_kind, code, as_of, **options))


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def report_csv(data: ReportData, name: str, *, dutch: bool = False) -> str:
    """One of :data:`CSV_FILES` for ``data``: with the English column names of the API's contract
    (``docs/api.md``), or with ``dutch`` the Dutch headers of :mod:`.columns` (the files of the report)."""
    header, rows = _report_table(data, name)
    return _csv(dutch_header(header) if dutch else header, rows)


def _report_table(data: ReportData, name: str) -> tuple[list[str], list[list[Any]]]:
    """The column names (English, as the API names them) and the rows of one of :data:`CSV_FILES`."""
    ind = data.indicators
    if name == "trend.csv":
        return _trend_table(data)
    if name == "findings-by-rule.csv":
        return (
            ["month", "rule", "source", "severity", "messages_with_finding", "findings", "messages", "rate"],
            [
                [
                    r.month,
                    r.rule,
                    r.source,
                    r.severity,
                    r.messages_with_finding,
                    r.findings,
                    r.messages,
                    _rate(r.ratio),
                ]
                for r in ind.rules
            ],
        )
    if name == "incomplete-trajecten.csv":
        return (
            ["issue", "gemeente", "aanbieder", "toewijzing_nummer", "date", "detail"],
            [
                [i.issue, i.gemeente, i.aanbieder, i.toewijzing_nummer, i.date, i.detail]
                for i in data.incomplete
            ],
        )
    if name == "retour-lateness.csv":
        return (
            [
                *("heenbericht", "heen_dagtekening", "retour_berichtsoort", "retour_dagtekening"),
                *("werkdagen", "deadline_werkdagen", "gemeente", "aanbieder"),
            ],
            [
                [
                    *(x.heen, x.heen_dagtekening, x.retour_berichtsoort, x.retour_dagtekening),
                    *(x.werkdagen, x.deadline_werkdagen, x.gemeente, x.aanbieder),
                ]
                for x in data.late
            ],
        )
    if name == "regional-product-codes.csv":
        return (
            ["month", "products", "uniform", "regional", "aspecifiek", "regional_share"],
            [
                [p.month, p.products, p.uniform, p.regional, p.aspecifiek, _rate(p.regional_ratio)]
                for p in ind.product_codes
            ],
        )
    if name == "linkage.csv":
        return (
            ["month", "berichtsoort", "target", "messages", "linked", "rate"],
            [[x.month, x.berichtsoort, x.target, x.messages, x.linked, _rate(x.ratio)] for x in ind.linkage],
        )
    raise KeyError(f"no report file {name!r}; one of {', '.join(CSV_FILES)}")


def _trend_table(data: ReportData) -> tuple[list[str], list[list[Any]]]:
    """``trend.csv``: per month the messages with an error and each ratio (numerator, denominator, rate)."""
    header = ["month", "messages", "messages_with_error", "error_rate"]
    names = (
        "linkage",
        "start_within",
        "stop_after_end",
        "declarations_unmatched",
        "regional_codes",
        "retour_on_time",
    )
    for n in names:
        header += [f"{n}_numerator", f"{n}_denominator", f"{n}_rate"]
    rows = []
    for t in data.trend:
        row: list[Any] = [
            t.month,
            t.messages,
            t.messages_with_error.numerator,
            _rate(t.messages_with_error),
        ]
        for n in names:
            r: Ratio = getattr(t, n)
            row += [r.numerator, r.denominator, _rate(r)]
        rows.append(row)
    return header, rows


def write_report(
    engine: Engine,
    out_dir: Path,
    party_kind: PartyKind | None,
    code: str | None,
    as_of: dt.date | None = None,
    **options: Any,
) -> list[Path]:
    """Write ``report.html`` and the CSV files into ``out_dir`` (created); returns the paths written."""
    data = build_report(engine, party_kind, code, as_of, **options)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / "report.html"]
    written[0].write_text(render_html(data), encoding="utf-8")
    for name in CSV_FILES:  # for the report's readers: Dutch headers
        path = out_dir / name
        path.write_text(report_csv(data, name, dutch=True), encoding="utf-8")
        written.append(path)
    return written


__all__ = [
    "CSV_FILES",
    "ReportData",
    "build_report",
    "render_html",
    "render_report",
    "report_csv",
    "write_report",
]

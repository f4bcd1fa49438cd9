"""The quality service: links the valid messages of each aanbieder into trajectories, judges the
cross-message rules and the official deadlines on them, and reports data quality (findings, indicators,
expectation suites, the HTML report). ``ijw quality`` on the command line, ``/kwaliteit`` over HTTP.

This module is its public surface for the other services (import-linter keeps them out of the rest):

- the read model of the linked trajectories (:mod:`services.quality.readmodel`), the one way to read them;
- the quality indicators per party and month (:mod:`services.quality.indicators`);
- the findings read model, ingest and quality findings in one shape (:mod:`services.quality.findings`);
- the catalogue of every check it reports (:mod:`services.quality.rules.catalog`);
- the answer audit's indicator, findings and codes (:mod:`services.quality.audit`);
- the judgement of one message against the linked state without storing it (:mod:`services.quality.preview`,
  for ``ijw retour --db``).
"""

from services.quality.audit import AUDIT_CHECKS
from services.quality.audit.indicators import (
    AuditFinding,
    AuditRate,
    audit_findings,
    audit_rates,
    audit_total,
)
from services.quality.findings import FindingFilter, finding_selects
from services.quality.indicators import (
    MonthTrend,
    PartyKind,
    Ratio,
    RuleRate,
    compute_indicators,
    rule_totals,
    summed,
    summed_by,
)
from services.quality.linking.linker import LinkFinding
from services.quality.preview import judge_message
from services.quality.readmodel import (
    PROBLEM_NO_START,
    PROBLEM_STOP_WITHOUT_START,
    Delivery,
    LinkedTraffic,
    client_trajecten,
    load_traffic,
)
from services.quality.rules.catalog import CHECKS

__all__ = [
    "AUDIT_CHECKS",
    "CHECKS",
    "PROBLEM_NO_START",
    "PROBLEM_STOP_WITHOUT_START",
    "AuditFinding",
    "AuditRate",
    "Delivery",
    "FindingFilter",
    "LinkFinding",
    "LinkedTraffic",
    "MonthTrend",
    "PartyKind",
    "Ratio",
    "RuleRate",
    "audit_findings",
    "audit_rates",
    "audit_total",
    "client_trajecten",
    "compute_indicators",
    "finding_selects",
    "judge_message",
    "load_traffic",
    "rule_totals",
    "summed",
    "summed_by",
]

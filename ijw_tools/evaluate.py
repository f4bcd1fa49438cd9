"""Precision and recall of the checks against the ground truth of generated traffic.

``evaluate(config)`` generates traffic with injected defects (:mod:`ijw_tools.traffic`), ingests it in
Dagtekening order through the ingest service's processing core, runs the quality service and compares, per
check code, the (check, message) pairs found with those injected. Findings of checks the generator never
injects are counted as *unexpected*: on generated traffic they are false alarms too.

Ingest reports ``XSD`` as such and input that is no XML as ``PARSE-…``; both are compared under the
ground truth's codes (``XSD``, ``PARSE``). Unidentifiable input is matched through its source, which this
evaluation sets to the message key the generator gave it.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select

from ijw.db import make_engine, migrate
from ijw.db.tables import BERICHTEN, QUALITY_FINDINGS
from ijw.db.tables import FINDINGS as INGEST_FINDINGS
from ijw_tools.traffic import TrafficConfig, generate_traffic
from services.ingest.contracts import IncomingMessage
from services.ingest.processing import IngestProcessor
from services.quality.findings import bericht_key
from services.quality.run import QualityRunSummary, run_quality

SOURCE_PREFIX = "traffic:"


@dataclass
class CheckScore:
    check: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "injected": self.true_positives + self.false_negatives,
            "found": self.true_positives + self.false_positives,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "false_negatives": self.false_negatives,
            "precision": round(self.precision, 5),
            "recall": round(self.recall, 5),
        }


@dataclass
class Evaluation:
    messages: int
    scores: list[CheckScore]
    unexpected: dict[str, int]
    quality: QualityRunSummary | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(s.precision >= 0.99 and s.recall >= 0.99 for s in self.scores) and not self.unexpected

    def as_dict(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "passed": self.passed,
            "checks": [s.as_dict() for s in self.scores],
            "unexpected": self.unexpected,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
            "quality": self.quality.as_dict() if self.quality else None,
        }


def _compared(code: str) -> str:
    return "PARSE" if code.startswith("PARSE-") else code


def found_pairs(engine: Engine) -> set[tuple[str, str]]:
    """(check, message key) of every error and warning in the database (info findings are no defects)."""
    b, f, q = BERICHTEN.c, INGEST_FINDINGS.c, QUALITY_FINDINGS.c
    pairs: set[tuple[str, str]] = set()
    with engine.connect() as conn:
        for r in conn.execute(
            select(f.rule, b.afzender, b.berichtsoort, b.identificatie, b.source)
            .join(BERICHTEN, b.id == f.bericht_id)
            .where(f.severity != "info")
        ):
            key = bericht_key(r.afzender, r.berichtsoort, r.identificatie)
            if not key and r.source.startswith(SOURCE_PREFIX):
                key = r.source[len(SOURCE_PREFIX) :]
            pairs.add((_compared(r.rule), key))
        for qr in conn.execute(
            select(q.check, b.afzender, b.berichtsoort, b.identificatie).join(BERICHTEN, b.id == q.bericht_id)
        ):
            pairs.add((qr.check, bericht_key(qr.afzender, qr.berichtsoort, qr.identificatie)))
    return pairs


def score(found: Iterable[tuple[str, str]], expected: Iterable[tuple[str, str]]) -> Evaluation:
    """Per-check scores of ``found`` against ``expected`` (both sets of (check, message key))."""
    found_set, expected_set = set(found), set(expected)
    checks = sorted({c for c, _ in expected_set})
    scores = {c: CheckScore(c) for c in checks}
    unexpected: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for check, key in found_set:
        if check not in scores:
            unexpected[check] += 1
            if len(examples[check]) < 5:
                examples[check].append(key)
        elif (check, key) in expected_set:
            scores[check].true_positives += 1
        else:
            scores[check].false_positives += 1
            if len(examples[f"{check} false positive"]) < 5:
                examples[f"{check} false positive"].append(key)
    for check, key in expected_set - found_set:
        scores[check].false_negatives += 1
        if len(examples[f"{check} missed"]) < 5:
            examples[f"{check} missed"].append(key)
    return Evaluation(0, list(scores.values()), dict(sorted(unexpected.items())), examples=dict(examples))


def evaluate(
    config: TrafficConfig,
    db_url: str,
    *,
    batch_size: int = 500,
    progress: Callable[[str, int], None] | None = None,
) -> Evaluation:
    """Generate, ingest, link and score (see the module documentation)."""
    migrate(db_url)
    engine = make_engine(db_url)
    seconds: dict[str, float] = {}
    try:
        processor = IngestProcessor(engine)
        run = generate_traffic(config)
        started = time.perf_counter()
        batch: list[IncomingMessage] = []
        count = 0
        for msg in run:
            batch.append(IncomingMessage(msg.data, SOURCE_PREFIX + msg.key))
            if len(batch) >= batch_size:
                processor.process_batch(batch)
                count += len(batch)
                batch = []
                if progress is not None:
                    progress("ingest", count)
        if batch:
            processor.process_batch(batch)
            count += len(batch)
        seconds["generate_and_ingest"] = time.perf_counter() - started
        started = time.perf_counter()
        summary = run_quality(engine, as_of=config.period_end)
        seconds["quality"] = time.perf_counter() - started
        seconds["linking"] = summary.seconds_linking
        seconds["deadlines_and_completeness"] = summary.seconds_stand
        expected = {(r.rule, r.bericht) for r in run.ground_truth}
        result = score(found_pairs(engine), expected)
        result.messages = count
        result.quality = summary
        result.seconds = seconds
        return result
    finally:
        engine.dispose()

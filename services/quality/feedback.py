"""Feedback events for aanbieders on a Kafka topic (``ijw.kwaliteit``), keyed by the aanbieder's AGB code.

Every quality finding is announced once: :func:`publish_feedback` sends the findings stored since the last
publication (a watermark in ``quality_state``) and moves the watermark only after the producer flushed, so
a crash announces a finding again rather than never (consumers deduplicate on ``finding_id``). A deadline
finding that stays open from run to run keeps its row and is not announced again. Events carry no BSN: the
client is named by ToewijzingNummer and message key.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from sqlalchemy import Engine, delete, insert, select

from ijw.db.tables import BERICHTEN, QUALITY_FINDINGS, QUALITY_STATE
from services.quality.findings import bericht_key

TOPIC = "ijw.kwaliteit"
WATERMARK = "feedback_published_id"
STATE = QUALITY_STATE


class Producer(Protocol):
    def send(self, topic: str, value: bytes, key: bytes) -> Any: ...

    def flush(self, timeout: float | None = None) -> None: ...


def feedback_event(row: Any) -> dict[str, Any]:
    """The event of one stored quality finding (no BSN)."""
    return {
        "finding_id": row.id,
        "check": row.check,
        "kind": row.kind,
        "severity": row.severity,
        "retourcode": row.retourcode,
        "gemeente": row.gemeente,
        "aanbieder": row.aanbieder,
        "bericht": bericht_key(row.afzender, row.berichtsoort, row.identificatie),
        "dagtekening": row.dagtekening.isoformat() if row.dagtekening else None,
        "toewijzingnummer": row.toewijzing_nummer,
        "detail": row.detail,
    }


def publish_feedback(engine: Engine, producer: Producer, topic: str = TOPIC, batch: int = 5000) -> int:
    """Publish the findings stored since the last publication; returns how many were sent."""
    q, b = QUALITY_FINDINGS.c, BERICHTEN.c
    with engine.connect() as conn:
        value = conn.execute(select(STATE.c.value).where(STATE.c.key == WATERMARK)).scalar_one_or_none()
    last = int(value) if value else 0
    sent = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(
                select(QUALITY_FINDINGS, b.afzender, b.identificatie)
                .join(BERICHTEN, b.id == q.bericht_id)
                .where(q.id > last)
                .order_by(q.id)
                .limit(batch)
            ).all()
        if not rows:
            return sent
        for row in rows:
            producer.send(
                topic,
                json.dumps(feedback_event(row), ensure_ascii=False, sort_keys=True).encode(),
                key=row.aanbieder.encode(),
            )
        producer.flush(timeout=60)
        last = rows[-1].id
        sent += len(rows)
        with engine.begin() as conn:
            conn.execute(delete(STATE).where(STATE.c.key == WATERMARK))
            conn.execute(insert(STATE), [{"key": WATERMARK, "value": str(last)}])

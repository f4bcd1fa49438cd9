"""``quality_rejected_parts``: the starts and stops, and the declaraties rejected whole (TR318, TR333), that
the linker's state rejected (derived in canonical order, docs/linking.md), so the exports list every rejected
start and stop in their companion files, also one that was accepted on arrival and rejected only once the
traffic stood in canonical order.

Existing databases are filled from the arrival findings (what the linker and the read model used before);
``ijw quality run --full`` rederives them in canonical order.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 08:20:00
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = re.compile(r"/(?:StartProduct|StopProduct)\[(\d+)\]")
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "quality_rejected_parts",
        sa.Column("id", _ID, nullable=False),
        sa.Column("aanbieder", sa.String(length=64), nullable=False),
        sa.Column("bericht_id", _ID, nullable=False),
        sa.Column("berichtsoort", sa.String(length=5), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("check", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["bericht_id"], ["berichten.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("quality_rejected_parts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quality_rejected_parts_aanbieder"), ["aanbieder"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_quality_rejected_parts_bericht_id"), ["bericht_id"], unique=False
        )
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    findings = sa.table(
        "quality_findings",
        sa.column("id", sa.Integer),
        sa.column("bericht_id", sa.Integer),
        sa.column("aanbieder", sa.String),
        sa.column("berichtsoort", sa.String),
        sa.column("check", sa.String),
        sa.column("kind", sa.String),
        sa.column("location", sa.Text),
    )
    parts = sa.table(
        "quality_rejected_parts",
        sa.column("aanbieder", sa.String),
        sa.column("bericht_id", sa.Integer),
        sa.column("berichtsoort", sa.String),
        sa.column("volgnummer", sa.Integer),
        sa.column("check", sa.String),
    )
    rows = []
    seen: set[tuple[int, int]] = set()
    for r in conn.execute(
        sa.select(findings)
        .where(findings.c.kind == "aankomst", findings.c.berichtsoort.in_(("JW305", "JW307", "JW323")))
        .order_by(findings.c.bericht_id, findings.c.check, findings.c.id)
    ):
        if r.berichtsoort == "JW323":
            volgnummer = 0 if r.check in ("TR318", "TR333") else None  # 0: the declaratie as a whole
        else:
            at = _INDEX.search(r.location or "")
            volgnummer = int(at.group(1)) if at is not None else None
        if volgnummer is None or (r.bericht_id, volgnummer) in seen:
            continue
        seen.add((r.bericht_id, volgnummer))
        rows.append(
            {
                "aanbieder": r.aanbieder,
                "bericht_id": r.bericht_id,
                "berichtsoort": r.berichtsoort,
                "volgnummer": volgnummer,
                "check": r.check,
            }
        )
    for start in range(0, len(rows), 1000):
        conn.execute(parts.insert(), rows[start : start + 1000])


def downgrade() -> None:
    with op.batch_alter_table("quality_rejected_parts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quality_rejected_parts_bericht_id"))
        batch_op.drop_index(batch_op.f("ix_quality_rejected_parts_aanbieder"))
    op.drop_table("quality_rejected_parts")

"""``quality_audit_antwoorden`` and ``quality_audit_bevindingen``: the answer audit of the quality service
(every retour, JW325 and JW319 compared with what the standard prescribes, and required answers that are
missing or late), kept apart from the findings on the sender's messages. Both are recomputed by every
``ijw quality run``; an existing database gets them filled by its next run.

Revision ID: 0015
Revises: 0010
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _common() -> list[sa.Column[object]]:
    return [
        sa.Column("id", _ID, nullable=False),
        sa.Column("heen_bericht_id", _ID, nullable=False),
        sa.Column("antwoord_bericht_id", _ID, nullable=True),
        sa.Column("gemeente", sa.String(length=64), nullable=False),
        sa.Column("aanbieder", sa.String(length=64), nullable=False),
        sa.Column("antwoorder", sa.String(length=9), nullable=False),
        sa.Column("berichtsoort", sa.String(length=5), nullable=False),
        sa.Column("dagtekening", sa.Date(), nullable=True),
    ]


def upgrade() -> None:
    for name, columns in (
        (
            "quality_audit_antwoorden",
            [
                sa.Column("volgens_standaard", sa.Boolean(), nullable=False),
                sa.Column("bedrag_goedgekeurd_onterecht", sa.BigInteger(), nullable=False),
                sa.Column("bedrag_afgewezen_onterecht", sa.BigInteger(), nullable=False),
            ],
        ),
        (
            "quality_audit_bevindingen",
            [
                sa.Column("check", sa.String(length=40), nullable=False),
                sa.Column("rule", sa.String(length=40), nullable=True),
                sa.Column("retourcode", sa.String(length=4), nullable=True),
                sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=True),
                sa.Column("referentie", sa.String(length=36), nullable=True),
                sa.Column("bsn", sa.String(length=9), nullable=True),
                sa.Column("bedrag", sa.BigInteger(), nullable=True),
                sa.Column("detail", sa.Text(), nullable=False),
            ],
        ),
    ):
        op.create_table(
            name,
            *_common(),
            *columns,
            sa.CheckConstraint("antwoorder IN ('gemeente', 'aanbieder')", name=op.f(f"ck_{name}_antwoorder")),
            sa.ForeignKeyConstraint(
                ["heen_bericht_id"],
                ["berichten.id"],
                name=op.f(f"fk_{name}_heen_bericht_id_berichten"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
        )
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{name}_heen_bericht_id"), ["heen_bericht_id"], unique=False)
            batch_op.create_index(f"ix_{name}_aanbieder_gemeente", ["aanbieder", "gemeente"], unique=False)
            if name == "quality_audit_bevindingen":
                batch_op.create_index(batch_op.f(f"ix_{name}_check"), ["check"], unique=False)


def downgrade() -> None:
    for name in ("quality_audit_bevindingen", "quality_audit_antwoorden"):
        op.drop_table(name)

"""API credentials of the HTTP services (ijw.auth): hashed keys with party kind, code and scopes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "credentials",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=9), nullable=False),
        sa.Column("code", sa.String(length=200), nullable=False),
        sa.Column("scopes", sa.String(length=400), nullable=False),
        sa.Column("bsn_entitled", sa.Boolean(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('gemeente', 'aanbieder', 'afnemer', 'beheerder')", name=op.f("ck_credentials_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credentials")),
        sa.UniqueConstraint("key_id", name=op.f("uq_credentials_key_id")),
    )


def downgrade() -> None:
    op.drop_table("credentials")

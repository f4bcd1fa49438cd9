"""Export grants of afnemer credentials: which exports and which gemeenten.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 13:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.add_column(sa.Column("export_grants", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("gemeente_grants", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("credentials", schema=None) as batch_op:
        batch_op.drop_column("gemeente_grants")
        batch_op.drop_column("export_grants")

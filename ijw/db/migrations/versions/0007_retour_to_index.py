"""An index on ``berichten.retour_to_id``: the quality indicators and the deadline checks look up the retour
of each heenbericht (without it, "is this message answered?" scanned every message for every message).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 14:25:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("berichten", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_berichten_retour_to_id"), ["retour_to_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("berichten", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_berichten_retour_to_id"))

"""The Toewijzingstijd of a traject's actual version, so that an older JW301 version arriving late does not
replace a more recent one (IV013). Rows linked before this revision get it at the next ``ijw quality run
--full``; until then the date alone decides.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 14:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("trajecten", schema=None) as batch_op:
        batch_op.add_column(sa.Column("toewijzingstijd", sa.Time(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("trajecten", schema=None) as batch_op:
        batch_op.drop_column("toewijzingstijd")

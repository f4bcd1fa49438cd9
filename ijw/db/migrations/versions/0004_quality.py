"""The quality service: linked trajectories (trajecten, leveringen), prestatie judgements, findings,
state and Great Expectations results.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 16:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "expectation_runs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("suite", sa.String(length=100), nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("evaluated", sa.Integer(), nullable=False),
        sa.Column("successful", sa.Integer(), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expectation_runs")),
    )
    with op.batch_alter_table("expectation_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expectation_runs_suite"), ["suite"], unique=False)

    op.create_table(
        "leveringen",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("begindatum", sa.Date(), nullable=False),
        sa.Column("start_bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("start_dagtekening", sa.Date(), nullable=False),
        sa.Column("einddatum", sa.Date(), nullable=True),
        sa.Column("reden_beeindiging", sa.String(length=2), nullable=True),
        sa.Column("stop_bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("stop_dagtekening", sa.Date(), nullable=True),
        sa.Column("tijdelijk", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            "status IN ('actueel', 'gestopt', 'verwijderd')", name=op.f("ck_leveringen_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leveringen")),
    )
    with op.batch_alter_table("leveringen", schema=None) as batch_op:
        batch_op.create_index(
            "ix_leveringen_traject", ["gemeente", "aanbieder", "toewijzing_nummer"], unique=False
        )

    op.create_table(
        "quality_state",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_quality_state")),
    )
    op.create_table(
        "trajecten",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("ingangsdatum", sa.Date(), nullable=False),
        sa.Column("einddatum", sa.Date(), nullable=True),
        sa.Column("toewijzingsdatum", sa.Date(), nullable=False),
        sa.Column("volume", sa.BigInteger(), nullable=True),
        sa.Column("eenheid", sa.String(length=2), nullable=True),
        sa.Column("frequentie", sa.String(length=1), nullable=True),
        sa.Column("budget", sa.BigInteger(), nullable=True),
        sa.Column("reden_wijziging", sa.String(length=2), nullable=True),
        sa.Column("referentie_aanbieder", sa.String(length=36), nullable=True),
        sa.Column("verzoek_bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("first_bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("first_dagtekening", sa.Date(), nullable=False),
        sa.Column("last_bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("verwijderd", sa.Boolean(), nullable=False),
        sa.Column("declared_volume", sa.BigInteger(), nullable=False),
        sa.Column("declared_bedrag", sa.BigInteger(), nullable=False),
        sa.Column("n_prestaties", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trajecten")),
        sa.UniqueConstraint(
            "gemeente",
            "aanbieder",
            "toewijzing_nummer",
            name=op.f("uq_trajecten_gemeente_aanbieder_toewijzing_nummer"),
        ),
    )
    with op.batch_alter_table("trajecten", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trajecten_aanbieder"), ["aanbieder"], unique=False)
        batch_op.create_index(batch_op.f("ix_trajecten_bsn"), ["bsn"], unique=False)

    op.create_table(
        "quality_findings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("check", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("severity", sa.String(length=7), nullable=False),
        sa.Column("retourcode", sa.String(length=4), nullable=True),
        sa.Column("gemeente", sa.String(length=64), nullable=False),
        sa.Column("aanbieder", sa.String(length=64), nullable=False),
        sa.Column("berichtsoort", sa.String(length=5), nullable=False),
        sa.Column("dagtekening", sa.Date(), nullable=True),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=True),
        sa.Column("bsn", sa.String(length=9), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("related_bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.CheckConstraint("kind IN ('aankomst', 'stand')", name=op.f("ck_quality_findings_kind")),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_quality_findings_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_findings")),
    )
    with op.batch_alter_table("quality_findings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_quality_findings_aanbieder_dagtekening", ["aanbieder", "dagtekening"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_quality_findings_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quality_findings_check"), ["check"], unique=False)
        batch_op.create_index(
            "ix_quality_findings_gemeente_dagtekening", ["gemeente", "dagtekening"], unique=False
        )

    op.create_table(
        "quality_linked",
        sa.Column(
            "bericht_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_quality_linked_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bericht_id", name=op.f("pk_quality_linked")),
        sa.UniqueConstraint("seq", name=op.f("uq_quality_linked_seq")),
    )
    op.create_table(
        "prestatie_beoordelingen",
        sa.Column(
            "prestatie_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("afgewezen", sa.Boolean(), nullable=False),
        sa.Column("afwijzing_codes", sa.String(length=200), nullable=True),
        sa.Column("gecrediteerd", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["prestatie_id"],
            ["prestaties.id"],
            name=op.f("fk_prestatie_beoordelingen_prestatie_id_prestaties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("prestatie_id", name=op.f("pk_prestatie_beoordelingen")),
    )
    with op.batch_alter_table("prestatie_beoordelingen", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_prestatie_beoordelingen_bericht_id"), ["bericht_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("prestatie_beoordelingen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prestatie_beoordelingen_bericht_id"))

    op.drop_table("prestatie_beoordelingen")
    op.drop_table("quality_linked")
    with op.batch_alter_table("quality_findings", schema=None) as batch_op:
        batch_op.drop_index("ix_quality_findings_gemeente_dagtekening")
        batch_op.drop_index(batch_op.f("ix_quality_findings_check"))
        batch_op.drop_index(batch_op.f("ix_quality_findings_bericht_id"))
        batch_op.drop_index("ix_quality_findings_aanbieder_dagtekening")

    op.drop_table("quality_findings")
    with op.batch_alter_table("trajecten", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trajecten_bsn"))
        batch_op.drop_index(batch_op.f("ix_trajecten_aanbieder"))

    op.drop_table("trajecten")
    op.drop_table("quality_state")
    with op.batch_alter_table("leveringen", schema=None) as batch_op:
        batch_op.drop_index("ix_leveringen_traject")

    op.drop_table("leveringen")
    with op.batch_alter_table("expectation_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expectation_runs_suite"))

    op.drop_table("expectation_runs")

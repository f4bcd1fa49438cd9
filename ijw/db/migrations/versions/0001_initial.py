"""Initial schema: berichten, findings, parties and the parsed message content.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 13:13:08.399700
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "berichten",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("afzender", sa.String(length=64), nullable=False),
        sa.Column("ontvanger", sa.String(length=64), nullable=False),
        sa.Column("berichtsoort", sa.String(length=5), nullable=False),
        sa.Column("bericht_code", sa.String(length=64), nullable=True),
        sa.Column("identificatie", sa.String(length=64), nullable=False),
        sa.Column("dagtekening", sa.Date(), nullable=True),
        sa.Column("gemeente", sa.String(length=64), nullable=True),
        sa.Column("aanbieder", sa.String(length=64), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("raw_xml", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("xsd_valid", sa.Boolean(), nullable=False),
        sa.Column("rejection_code", sa.String(length=40), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("retour_xml", sa.LargeBinary(), nullable=True),
        sa.Column("retour_of_berichtsoort", sa.String(length=5), nullable=True),
        sa.Column("retour_of_afzender", sa.String(length=64), nullable=True),
        sa.Column("retour_of_identificatie", sa.String(length=64), nullable=True),
        sa.Column("retour_to_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.CheckConstraint("status IN ('valid', 'invalid', 'rejected')", name=op.f("ck_berichten_status")),
        sa.ForeignKeyConstraint(
            ["retour_to_id"],
            ["berichten.id"],
            name=op.f("fk_berichten_retour_to_id_berichten"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_berichten")),
        sa.UniqueConstraint(
            "afzender",
            "berichtsoort",
            "identificatie",
            "content_hash",
            name=op.f("uq_berichten_afzender_berichtsoort_identificatie_content_hash"),
        ),
    )
    with op.batch_alter_table("berichten", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_berichten_aanbieder"), ["aanbieder"], unique=False)
        batch_op.create_index(
            "ix_berichten_afzender_berichtsoort_identificatie",
            ["afzender", "berichtsoort", "identificatie"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_berichten_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_berichten_gemeente"), ["gemeente"], unique=False)
        batch_op.create_index(
            "ix_berichten_retour_of",
            ["retour_of_afzender", "retour_of_berichtsoort", "retour_of_identificatie"],
            unique=False,
        )

    op.create_table(
        "parties",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("soort", sa.String(length=9), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("soort IN ('gemeente', 'aanbieder')", name=op.f("ck_parties_soort")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parties")),
        sa.UniqueConstraint("soort", "code", name=op.f("uq_parties_soort_code")),
    )
    op.create_table(
        "antwoorden",
        sa.Column("referentie_aanbieder", sa.String(length=36), nullable=False),
        sa.Column("verzoek_antwoord", sa.String(length=1), nullable=False),
        sa.Column("reden_afwijzing", sa.String(length=2), nullable=True),
        sa.Column("woonplaatsbeginsel_gemeente", sa.String(length=4), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_antwoorden_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_antwoorden")),
    )
    with op.batch_alter_table("antwoorden", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_antwoorden_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_antwoorden_referentie_aanbieder"), ["referentie_aanbieder"], unique=False
        )

    op.create_table(
        "clients",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("geboortedatum", sa.Date(), nullable=True),
        sa.Column("geslacht", sa.String(length=1), nullable=True),
        sa.Column("postcode", sa.String(length=8), nullable=True),
        sa.Column("gemeente", sa.String(length=4), nullable=True),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["berichten.id"], name=op.f("fk_clients_bericht_id_berichten"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
    )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clients_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_clients_bsn"), ["bsn"], unique=False)

    op.create_table(
        "declaratie_antwoorden",
        sa.Column("declaratie_identificatie", sa.String(length=64), nullable=False),
        sa.Column("declaratie_dagtekening", sa.Date(), nullable=False),
        sa.Column("header_retourcodes", sa.String(length=200), nullable=False),
        sa.Column("declaratie_nummer", sa.String(length=12), nullable=True),
        sa.Column("totaal_ingediend_bedrag", sa.BigInteger(), nullable=True),
        sa.Column("ingediend_debet_credit", sa.String(length=1), nullable=True),
        sa.Column("totaal_toegekend_bedrag", sa.BigInteger(), nullable=True),
        sa.Column("toegekend_debet_credit", sa.String(length=1), nullable=True),
        sa.Column("antwoord_retourcodes", sa.String(length=200), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_declaratie_antwoorden_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaratie_antwoorden")),
    )
    with op.batch_alter_table("declaratie_antwoorden", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_declaratie_antwoorden_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_declaratie_antwoorden_declaratie_identificatie"),
            ["declaratie_identificatie"],
            unique=False,
        )

    op.create_table(
        "declaraties",
        sa.Column("declaratie_identificatie", sa.String(length=64), nullable=False),
        sa.Column("declaratie_nummer", sa.String(length=12), nullable=False),
        sa.Column("periode_begin", sa.Date(), nullable=False),
        sa.Column("periode_eind", sa.Date(), nullable=False),
        sa.Column("declaratie_dagtekening", sa.Date(), nullable=False),
        sa.Column("totaal_bedrag", sa.BigInteger(), nullable=False),
        sa.Column("debet_credit", sa.String(length=1), nullable=False),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_declaraties_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declaraties")),
    )
    with op.batch_alter_table("declaraties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_declaraties_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_declaraties_declaratie_identificatie"), ["declaratie_identificatie"], unique=False
        )

    op.create_table(
        "findings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("rule", sa.String(length=40), nullable=False),
        sa.Column("retourcode", sa.String(length=4), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("severity", sa.String(length=7), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_findings_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_bericht_id"), ["bericht_id"], unique=False)

    op.create_table(
        "retourcodes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("berichtklasse", sa.String(length=40), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("retourcode", sa.String(length=4), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=True),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=True),
        sa.Column("referentie", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_retourcodes_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retourcodes")),
    )
    with op.batch_alter_table("retourcodes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_retourcodes_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_retourcodes_retourcode"), ["retourcode"], unique=False)

    op.create_table(
        "afgewezen_prestaties",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("antwoord_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("retourcodes", sa.String(length=200), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("referentie_nummer", sa.String(length=20), nullable=False),
        sa.Column("vorig_referentie_nummer", sa.String(length=20), nullable=True),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=False),
        sa.Column("categorie", sa.String(length=2), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("periode_begin", sa.Date(), nullable=False),
        sa.Column("periode_eind", sa.Date(), nullable=False),
        sa.Column("volume", sa.BigInteger(), nullable=False),
        sa.Column("eenheid", sa.String(length=2), nullable=False),
        sa.Column("tarief", sa.BigInteger(), nullable=True),
        sa.Column("bedrag", sa.BigInteger(), nullable=False),
        sa.Column("debet_credit", sa.String(length=1), nullable=False),
        sa.ForeignKeyConstraint(
            ["antwoord_id"],
            ["declaratie_antwoorden.id"],
            name=op.f("fk_afgewezen_prestaties_antwoord_id_declaratie_antwoorden"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_afgewezen_prestaties_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_afgewezen_prestaties_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_afgewezen_prestaties")),
    )
    with op.batch_alter_table("afgewezen_prestaties", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_afgewezen_prestaties_antwoord_id"), ["antwoord_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_afgewezen_prestaties_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_afgewezen_prestaties_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_afgewezen_prestaties_referentie_nummer"), ["referentie_nummer"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_afgewezen_prestaties_toewijzing_nummer"), ["toewijzing_nummer"], unique=False
        )

    op.create_table(
        "prestaties",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("declaratie_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("referentie_nummer", sa.String(length=20), nullable=False),
        sa.Column("vorig_referentie_nummer", sa.String(length=20), nullable=True),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=False),
        sa.Column("categorie", sa.String(length=2), nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("periode_begin", sa.Date(), nullable=False),
        sa.Column("periode_eind", sa.Date(), nullable=False),
        sa.Column("volume", sa.BigInteger(), nullable=False),
        sa.Column("eenheid", sa.String(length=2), nullable=False),
        sa.Column("tarief", sa.BigInteger(), nullable=True),
        sa.Column("bedrag", sa.BigInteger(), nullable=False),
        sa.Column("debet_credit", sa.String(length=1), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_prestaties_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_prestaties_client_id_clients"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["declaratie_id"],
            ["declaraties.id"],
            name=op.f("fk_prestaties_declaratie_id_declaraties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prestaties")),
    )
    with op.batch_alter_table("prestaties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prestaties_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prestaties_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_prestaties_declaratie_id"), ["declaratie_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_prestaties_referentie_nummer"), ["referentie_nummer"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_prestaties_toewijzing_nummer"), ["toewijzing_nummer"], unique=False
        )

    op.create_table(
        "starts",
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=True),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("toewijzing_ingangsdatum", sa.Date(), nullable=True),
        sa.Column("begindatum", sa.Date(), nullable=False),
        sa.Column("status_aanlevering", sa.String(length=1), nullable=False),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["berichten.id"], name=op.f("fk_starts_bericht_id_berichten"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_starts_client_id_clients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_starts")),
    )
    with op.batch_alter_table("starts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_starts_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_starts_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_starts_toewijzing_nummer"), ["toewijzing_nummer"], unique=False)

    op.create_table(
        "stops",
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=True),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("toewijzing_ingangsdatum", sa.Date(), nullable=True),
        sa.Column("begindatum", sa.Date(), nullable=False),
        sa.Column("reden_beeindiging", sa.String(length=2), nullable=False),
        sa.Column("einddatum", sa.Date(), nullable=False),
        sa.Column("status_aanlevering", sa.String(length=1), nullable=False),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"], ["berichten.id"], name=op.f("fk_stops_bericht_id_berichten"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_stops_client_id_clients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stops")),
    )
    with op.batch_alter_table("stops", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stops_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stops_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stops_toewijzing_nummer"), ["toewijzing_nummer"], unique=False)

    op.create_table(
        "toewijzingen",
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=False),
        sa.Column("referentie_aanbieder", sa.String(length=36), nullable=True),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("toewijzingsdatum", sa.Date(), nullable=False),
        sa.Column("toewijzingstijd", sa.Time(), nullable=False),
        sa.Column("ingangsdatum", sa.Date(), nullable=False),
        sa.Column("einddatum", sa.Date(), nullable=True),
        sa.Column("reden_wijziging", sa.String(length=2), nullable=True),
        sa.Column("volume", sa.BigInteger(), nullable=True),
        sa.Column("eenheid", sa.String(length=2), nullable=True),
        sa.Column("frequentie", sa.String(length=1), nullable=True),
        sa.Column("budget", sa.BigInteger(), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_toewijzingen_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_toewijzingen_client_id_clients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_toewijzingen")),
    )
    with op.batch_alter_table("toewijzingen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_toewijzingen_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_toewijzingen_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_toewijzingen_toewijzing_nummer"), ["toewijzing_nummer"], unique=False
        )

    op.create_table(
        "verzoeken",
        sa.Column("berichtsoort", sa.String(length=5), nullable=False),
        sa.Column("client_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bsn", sa.String(length=9), nullable=False),
        sa.Column("referentie_aanbieder", sa.String(length=36), nullable=False),
        sa.Column("reden_verzoek", sa.String(length=1), nullable=True),
        sa.Column("beschikking_nummer", sa.BigInteger(), nullable=True),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("beschikking_ingangsdatum", sa.Date(), nullable=True),
        sa.Column("toewijzing_ingangsdatum", sa.Date(), nullable=True),
        sa.Column("toewijzing_einddatum", sa.Date(), nullable=True),
        sa.Column("volume", sa.BigInteger(), nullable=True),
        sa.Column("eenheid", sa.String(length=2), nullable=True),
        sa.Column("frequentie", sa.String(length=1), nullable=True),
        sa.Column("budget", sa.BigInteger(), nullable=True),
        sa.Column("verwijzer_type", sa.String(length=2), nullable=True),
        sa.Column("verwijzer_zorgverlener_code", sa.String(length=8), nullable=True),
        sa.Column("raamcontract", sa.String(length=1), nullable=True),
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("gemeente", sa.String(length=4), nullable=False),
        sa.Column("aanbieder", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_verzoeken_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_verzoeken_client_id_clients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verzoeken")),
    )
    with op.batch_alter_table("verzoeken", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verzoeken_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_verzoeken_client_id"), ["client_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_verzoeken_referentie_aanbieder"), ["referentie_aanbieder"], unique=False
        )

    op.create_table(
        "verzoek_producten",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("bericht_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("verzoek_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("volgnummer", sa.Integer(), nullable=False),
        sa.Column("soort", sa.String(length=11), nullable=False),
        sa.Column("toewijzing_nummer", sa.BigInteger(), nullable=True),
        sa.Column("categorie", sa.String(length=2), nullable=True),
        sa.Column("code", sa.String(length=5), nullable=True),
        sa.Column("gewenste_ingangsdatum", sa.Date(), nullable=True),
        sa.Column("einddatum", sa.Date(), nullable=True),
        sa.Column("volume", sa.BigInteger(), nullable=True),
        sa.Column("eenheid", sa.String(length=2), nullable=True),
        sa.Column("frequentie", sa.String(length=1), nullable=True),
        sa.Column("budget", sa.BigInteger(), nullable=True),
        sa.CheckConstraint(
            "soort IN ('ongewijzigd', 'te_wijzigen', 'nieuw')", name=op.f("ck_verzoek_producten_soort")
        ),
        sa.ForeignKeyConstraint(
            ["bericht_id"],
            ["berichten.id"],
            name=op.f("fk_verzoek_producten_bericht_id_berichten"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["verzoek_id"],
            ["verzoeken.id"],
            name=op.f("fk_verzoek_producten_verzoek_id_verzoeken"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verzoek_producten")),
    )
    with op.batch_alter_table("verzoek_producten", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verzoek_producten_bericht_id"), ["bericht_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_verzoek_producten_verzoek_id"), ["verzoek_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("verzoek_producten", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verzoek_producten_verzoek_id"))
        batch_op.drop_index(batch_op.f("ix_verzoek_producten_bericht_id"))

    op.drop_table("verzoek_producten")
    with op.batch_alter_table("verzoeken", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verzoeken_referentie_aanbieder"))
        batch_op.drop_index(batch_op.f("ix_verzoeken_client_id"))
        batch_op.drop_index(batch_op.f("ix_verzoeken_bericht_id"))

    op.drop_table("verzoeken")
    with op.batch_alter_table("toewijzingen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_toewijzingen_toewijzing_nummer"))
        batch_op.drop_index(batch_op.f("ix_toewijzingen_client_id"))
        batch_op.drop_index(batch_op.f("ix_toewijzingen_bericht_id"))

    op.drop_table("toewijzingen")
    with op.batch_alter_table("stops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stops_toewijzing_nummer"))
        batch_op.drop_index(batch_op.f("ix_stops_client_id"))
        batch_op.drop_index(batch_op.f("ix_stops_bericht_id"))

    op.drop_table("stops")
    with op.batch_alter_table("starts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_starts_toewijzing_nummer"))
        batch_op.drop_index(batch_op.f("ix_starts_client_id"))
        batch_op.drop_index(batch_op.f("ix_starts_bericht_id"))

    op.drop_table("starts")
    with op.batch_alter_table("prestaties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prestaties_toewijzing_nummer"))
        batch_op.drop_index(batch_op.f("ix_prestaties_referentie_nummer"))
        batch_op.drop_index(batch_op.f("ix_prestaties_declaratie_id"))
        batch_op.drop_index(batch_op.f("ix_prestaties_client_id"))
        batch_op.drop_index(batch_op.f("ix_prestaties_bericht_id"))

    op.drop_table("prestaties")
    with op.batch_alter_table("afgewezen_prestaties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_afgewezen_prestaties_toewijzing_nummer"))
        batch_op.drop_index(batch_op.f("ix_afgewezen_prestaties_referentie_nummer"))
        batch_op.drop_index(batch_op.f("ix_afgewezen_prestaties_client_id"))
        batch_op.drop_index(batch_op.f("ix_afgewezen_prestaties_bericht_id"))
        batch_op.drop_index(batch_op.f("ix_afgewezen_prestaties_antwoord_id"))

    op.drop_table("afgewezen_prestaties")
    with op.batch_alter_table("retourcodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retourcodes_retourcode"))
        batch_op.drop_index(batch_op.f("ix_retourcodes_bericht_id"))

    op.drop_table("retourcodes")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_bericht_id"))

    op.drop_table("findings")
    with op.batch_alter_table("declaraties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaraties_declaratie_identificatie"))
        batch_op.drop_index(batch_op.f("ix_declaraties_bericht_id"))

    op.drop_table("declaraties")
    with op.batch_alter_table("declaratie_antwoorden", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaratie_antwoorden_declaratie_identificatie"))
        batch_op.drop_index(batch_op.f("ix_declaratie_antwoorden_bericht_id"))

    op.drop_table("declaratie_antwoorden")
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clients_bsn"))
        batch_op.drop_index(batch_op.f("ix_clients_bericht_id"))

    op.drop_table("clients")
    with op.batch_alter_table("antwoorden", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_antwoorden_referentie_aanbieder"))
        batch_op.drop_index(batch_op.f("ix_antwoorden_bericht_id"))

    op.drop_table("antwoorden")
    op.drop_table("parties")
    with op.batch_alter_table("berichten", schema=None) as batch_op:
        batch_op.drop_index("ix_berichten_retour_of")
        batch_op.drop_index(batch_op.f("ix_berichten_gemeente"))
        batch_op.drop_index(batch_op.f("ix_berichten_content_hash"))
        batch_op.drop_index("ix_berichten_afzender_berichtsoort_identificatie")
        batch_op.drop_index(batch_op.f("ix_berichten_aanbieder"))

    op.drop_table("berichten")

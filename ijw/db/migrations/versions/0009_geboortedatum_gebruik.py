"""``clients.geboortedatum_gebruik``: the DatumGebruik (COD170) of the client's Geboortedatum, so that the BIJ
export writes a partly known birth date as JJJJMM00 or JJJJ0000 (informatieprotocol §2.3).

Existing rows are filled from the stored raw XML of their message: only messages that carry a DatumGebruik at
all are parsed (a byte search on the decompressed XML first), and of those the Geboortedatum of the message's
Client (one per JW301/JW305/JW307/JW315/JW317; a Relatie's Geboortedatum is not the client's).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 08:10:00
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import cast

import sqlalchemy as sa
from alembic import op
from lxml import etree

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_CLIENT_DATUM_GEBRUIK = etree.XPath(
    "/*/*[local-name()='Client']/*[local-name()='Geboortedatum']/*[local-name()='DatumGebruik']/text()"
)


def upgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("geboortedatum_gebruik", sa.String(length=1), nullable=True))
    _backfill(op.get_bind())


def _backfill(conn: sa.Connection) -> None:
    clients = sa.table(
        "clients",
        sa.column("id", sa.Integer),
        sa.column("bericht_id", sa.Integer),
        sa.column("geboortedatum", sa.Date),
        sa.column("geboortedatum_gebruik", sa.String),
    )
    berichten = sa.table("berichten", sa.column("id", sa.Integer), sa.column("raw_xml", sa.LargeBinary))
    query = (
        sa.select(clients.c.id, berichten.c.raw_xml)
        .select_from(clients.join(berichten, berichten.c.id == clients.c.bericht_id))
        .where(clients.c.geboortedatum.is_not(None))
        .order_by(clients.c.id)
    )
    last = 0
    while True:
        rows = conn.execute(query.where(clients.c.id > last).limit(_BATCH)).all()
        if not rows:
            return
        last = rows[-1].id
        updates = []
        for row in rows:
            raw = zlib.decompress(row.raw_xml)
            if b"DatumGebruik" not in raw:
                continue
            found = cast(list[str], _CLIENT_DATUM_GEBRUIK(etree.fromstring(raw, _PARSER)))
            if found:
                updates.append({"client": row.id, "gebruik": str(found[0]).strip()})
        if updates:
            conn.execute(
                clients.update()
                .where(clients.c.id == sa.bindparam("client"))
                .values(geboortedatum_gebruik=sa.bindparam("gebruik")),
                updates,
            )


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("geboortedatum_gebruik")

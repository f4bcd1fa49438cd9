"""Drop the indexes of the ingest's tables that no query uses (issue 17): every insert maintained them.

Measured with ``EXPLAIN QUERY PLAN`` (SQLite) and ``EXPLAIN`` (PostgreSQL) of every statement the services
issue (ingest, quality run/findings/report/suites, exports, dashboard pages, HTTP APIs) on a database of a
year of traffic; the table is in docs/benchmarks.md ("Indexes the ingest maintains"). Dropped:

- ``ix_berichten_afzender_berichtsoort_identificatie``: a prefix of the unique constraint's index, which
  serves the same look-ups (idempotency, TR056, retour linking);
- the indexes on ``client_id``, ``verzoek_producten.verzoek_id`` and ``afgewezen_prestaties.antwoord_id``:
  every join goes from the content row to its parent's primary key, never the other way, and no parent row
  is ever deleted (the ON DELETE CASCADE would be the only other reader);
- ``prestaties.referentie_nummer`` and ``afgewezen_prestaties.toewijzing_nummer``: no query filters or joins
  on them (the JW325 rejections are matched on ``afgewezen_prestaties.referentie_nummer``, which stays).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DROPPED: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "berichten",
        "ix_berichten_afzender_berichtsoort_identificatie",
        ("afzender", "berichtsoort", "identificatie"),
    ),
    ("toewijzingen", "ix_toewijzingen_client_id", ("client_id",)),
    ("starts", "ix_starts_client_id", ("client_id",)),
    ("stops", "ix_stops_client_id", ("client_id",)),
    ("verzoeken", "ix_verzoeken_client_id", ("client_id",)),
    ("verzoek_producten", "ix_verzoek_producten_verzoek_id", ("verzoek_id",)),
    ("prestaties", "ix_prestaties_client_id", ("client_id",)),
    ("prestaties", "ix_prestaties_referentie_nummer", ("referentie_nummer",)),
    ("afgewezen_prestaties", "ix_afgewezen_prestaties_antwoord_id", ("antwoord_id",)),
    ("afgewezen_prestaties", "ix_afgewezen_prestaties_client_id", ("client_id",)),
    ("afgewezen_prestaties", "ix_afgewezen_prestaties_toewijzing_nummer", ("toewijzing_nummer",)),
)
"""(table, index, columns) of every index this revision drops."""


def upgrade() -> None:
    for table, name, _columns in DROPPED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for table, name, columns in DROPPED:
        op.create_index(name, table, list(columns), unique=False)

"""The database of the ingest, quality and export services: models, engines and migrations.

- :mod:`ijw.db.models`: the tables (SQLAlchemy 2 typed models);
- :func:`make_engine`: an engine for SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (psycopg 3);
- :func:`migrate`: upgrade a database to the newest schema (Alembic, ``ijw/db/migrations``).
"""

from ijw.db.blobs import compress, decompress, sha256_hex
from ijw.db.engine import DEFAULT_DB_URL, default_db_url, make_engine
from ijw.db.migrate import current_revision, downgrade, head_revision, migrate
from ijw.db.models import Base

__all__ = [
    "DEFAULT_DB_URL",
    "Base",
    "compress",
    "current_revision",
    "decompress",
    "default_db_url",
    "downgrade",
    "head_revision",
    "make_engine",
    "migrate",
    "sha256_hex",
]

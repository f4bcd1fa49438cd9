"""The database of the ingest, quality and export services: models, engines and migrations.

- :mod:`ijw.db.models`: the tables (SQLAlchemy 2 typed models);
- :func:`make_engine`: an engine for SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (psycopg 3);
- :func:`migrate`: upgrade a database to the newest schema (Alembic, ``ijw/db/migrations``).
"""

from ijw.db.blobs import compress, decompress, sha256_hex
from ijw.db.engine import make_engine
from ijw.db.migrate import current_revision, downgrade, head_revision, migrate
from ijw.db.models import Base

__all__ = [
    "Base",
    "compress",
    "current_revision",
    "decompress",
    "downgrade",
    "head_revision",
    "make_engine",
    "migrate",
    "sha256_hex",
]

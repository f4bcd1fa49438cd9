"""Configuration of the export service (environment variables with prefix ``IJW_``).

``IJW_PSEUDONYM_KEY``: the secret key of the BSN pseudonyms (at least 16 bytes; never stored with the data);
``IJW_EXPORT_MIN_CELL``: the small-cell threshold of aggregate outputs (default 5).

>>> ExportSettings(db_url="sqlite://", pseudonym_key=None).export_min_cell
5
"""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from ijw.db.engine import DEFAULT_DB_URL


class ExportSettings(BaseSettings):
    """Settings of the export service (CLI and HTTP)."""

    model_config = SettingsConfigDict(env_prefix="IJW_", extra="ignore")

    #: SQLAlchemy database URL.
    db_url: str = DEFAULT_DB_URL
    #: Key of the BSN pseudonyms (HMAC-SHA256); unset: exports that must be pseudonymised are refused.
    pseudonym_key: SecretStr | None = None
    #: Cells of aggregate outputs resting on fewer persons than this (but more than none) are suppressed.
    export_min_cell: int = Field(default=5, ge=1)
    #: Upgrade the database schema when the HTTP app starts.
    migrate: bool = True

    def key_bytes(self) -> bytes | None:
        """The pseudonym key as bytes, or None."""
        return self.pseudonym_key.get_secret_value().encode("utf-8") if self.pseudonym_key else None

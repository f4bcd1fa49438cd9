"""The settings every part of the product shares, from the environment (prefix ``IJW_``), with overrides.

One object, :class:`Settings`, holds what more than one service reads: the database URL, whether to
migrate at start, the pseudonymisation key and the limits of authentication failures. The services' own
settings (``IngestSettings``, ``ApiSettings``, ``ExportSettings``) derive from it and add their fields, so an
``IJW_`` variable means the same everywhere. A command-line option overrides the environment:
``Settings.of(db_url="sqlite:///other.sqlite")`` (None values are no override). The variables and their
defaults are listed in ``docs/operations.md`` (Configuration).

>>> Settings.of(db_url="sqlite:///x.sqlite").db_url
'sqlite:///x.sqlite'
>>> Settings(db_url="").db_url  # an empty IJW_DB_URL is the default, as it always was
'sqlite:///ijw.sqlite'
>>> Settings(pseudonym_key="a-key-of-16-bytes").key_bytes()
b'a-key-of-16-bytes'

Not here, on purpose: ``IJW_MAX_MESSAGE_BYTES`` is read by :func:`ijw.safeparse.max_message_bytes` itself and
the folders (``IJW_XSD_DIR``, ``IJW_CODELIJSTEN_DIR``, ``IJW_PRODUCTCODES_DIR``, ``IJW_REFERENCE_DIR``) by
their loaders: ``ijw validate`` reads them without loading pydantic-settings (0.13 s of import time).
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_URL = "sqlite:///ijw.sqlite"
"""The database when neither ``--db`` nor ``IJW_DB_URL`` names one: ``ijw.sqlite`` in the current folder."""
DEFAULT_AUTH_MAX_FAILURES = 10
DEFAULT_AUTH_WINDOW_S = 60.0


class Settings(BaseSettings):
    """The shared settings; every field is ``IJW_<FIELD>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="IJW_", extra="ignore")

    #: SQLAlchemy database URL (``sqlite:///FILE`` or ``postgresql+psycopg://USER:PASSWORD@HOST/NAME``).
    db_url: str = DEFAULT_DB_URL
    #: Upgrade the database schema when an HTTP app starts.
    migrate: bool = True
    #: Key of the BSN pseudonyms (HMAC-SHA256, at least 16 bytes); never stored with the data.
    pseudonym_key: SecretStr | None = None
    #: Failed authentications per client address and per key id within the window before 429.
    auth_max_failures: int = Field(default=DEFAULT_AUTH_MAX_FAILURES, ge=1)
    auth_window_s: float = Field(default=DEFAULT_AUTH_WINDOW_S, gt=0)

    @field_validator("db_url", mode="before")
    @classmethod
    def _empty_is_default(cls, value: Any) -> Any:
        return value or DEFAULT_DB_URL

    @classmethod
    def of(cls, **overrides: Any) -> Self:
        """The settings from the environment with ``overrides`` (command-line options; None: not given)."""
        return cls(**{name: value for name, value in overrides.items() if value is not None})

    def key_bytes(self) -> bytes | None:
        """The pseudonym key as UTF-8 bytes, or None when there is none."""
        return self.pseudonym_key.get_secret_value().encode("utf-8") if self.pseudonym_key else None


def db_url(override: str | None = None) -> str:
    """``override`` (``--db``), else ``IJW_DB_URL``, else :data:`DEFAULT_DB_URL`."""
    return Settings.of(db_url=override).db_url

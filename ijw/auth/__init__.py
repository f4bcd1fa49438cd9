"""Access control shared by the HTTP APIs of the ingest, quality and export services.

- :mod:`ijw.auth.scopes`: the scopes and party rules, declared in one place, and :class:`Principal`;
- :mod:`ijw.auth.credentials`: API keys stored hashed in the ``credentials`` table (issue, grant,
  revoke, list, authenticate); ``ijw credentials`` is its command line;
- :mod:`ijw.auth.dependencies`: the FastAPI dependency ``require(scope)`` and the denial log (imported
  lazily, so the CLI does not need FastAPI).
"""

from ijw.auth.credentials import (
    CredentialError,
    CredentialInfo,
    IssuedKey,
    authenticate,
    grant,
    issue,
    list_credentials,
    revoke,
)
from ijw.auth.scopes import (
    BEHEER,
    BERICHTEN_AANLEVEREN,
    BERICHTEN_LEZEN,
    EXPORT_LEZEN,
    EXPORTS,
    KWALITEIT_LEZEN,
    SCOPES,
    PartyKind,
    Principal,
    Scope,
)

__all__ = [
    "BEHEER",
    "BERICHTEN_AANLEVEREN",
    "BERICHTEN_LEZEN",
    "EXPORTS",
    "EXPORT_LEZEN",
    "KWALITEIT_LEZEN",
    "SCOPES",
    "CredentialError",
    "CredentialInfo",
    "IssuedKey",
    "PartyKind",
    "Principal",
    "Scope",
    "authenticate",
    "grant",
    "issue",
    "list_credentials",
    "revoke",
]

"""Access control shared by the HTTP APIs of the ingest, quality and export services.

- :mod:`ijw.auth.scopes`: the scopes and party rules, declared in one place, and :class:`Principal`;
- :mod:`ijw.auth.credentials`: API keys stored hashed in the ``credentials`` table (issue, grant,
  rotate, revoke, list, authenticate; optional expiry); ``ijw credentials`` is its command line;
- :mod:`ijw.auth.senders`: which party sends each message type (the binding of a submission);
- :mod:`ijw.auth.ratelimit`: failed authentications limited per client address and key id;
- :mod:`ijw.auth.sessions`: server-side dashboard sessions (hashed random ids, idle and absolute expiry);
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
    rotate,
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
    "rotate",
]

"""API keys: issue, revoke, list and authenticate, stored hashed in the ``credentials`` table.

A key reads ``ijw_<key_id>_<secret>``: ``key_id`` is 12 random hex digits (public: it names the credential in
logs and in ``ijw credentials list``), ``secret`` 32 random bytes, URL-safe base64. Only the SHA-256 of
``<key_id>:<secret>`` is stored (the secret has 256 bits of entropy, so a fast hash is enough: there is
nothing to brute-force), and it is compared in constant time. The full key is shown once, at issue.

>>> key_id, secret = split_key("ijw_0123456789ab_c2VjcmV0LXNlY3JldC1zZWNyZXQ")
>>> key_id, secret
('0123456789ab', 'c2VjcmV0LXNlY3JldC1zZWNyZXQ')
>>> split_key("Bearer nonsense") is None
True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update

from ijw.auth.scopes import (
    DEFAULT_SCOPES,
    PARTY_KINDS,
    SCOPES,
    PartyKind,
    Principal,
    Scope,
    ScopeError,
    check_scopes,
    format_scopes,
    parse_scopes,
)
from ijw.db import models as m

PREFIX = "ijw"
KEY_ID_BYTES = 6
SECRET_BYTES = 32
_KEY = re.compile(r"^ijw_([0-9a-f]{12})_([A-Za-z0-9_-]{16,128})$")
_GEMEENTECODE = re.compile(r"^\d{4}$")
_AGB = re.compile(r"^\d{8}$")
_NAME = re.compile(r"^[\w.\- ]{1,200}$")
# A syntactically valid hash that no secret has (compared when the key id is unknown, so that an unknown
# key id costs the same time as a wrong secret).
_NO_HASH = "0" * 64


class CredentialError(ValueError):
    """A credential that cannot be issued as asked (bad kind, code or scopes)."""


@dataclass(frozen=True, slots=True)
class CredentialInfo:
    """What ``ijw credentials list`` shows of a credential (no secret, no hash)."""

    key_id: str
    kind: str
    code: str
    scopes: str
    bsn_entitled: bool
    label: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A newly issued credential: ``key`` is the full API key, to be shown once and never again."""

    key: str
    info: CredentialInfo


def secret_hash(key_id: str, secret: str) -> str:
    """The stored form of a secret: SHA-256 hex of ``<key_id>:<secret>``."""
    return hashlib.sha256(f"{key_id}:{secret}".encode()).hexdigest()


def split_key(key: str) -> tuple[str, str] | None:
    """``(key_id, secret)`` of a well-formed key, else None."""
    match = _KEY.match(key.strip())
    if match is None:
        return None
    return match.group(1), match.group(2)


def key_id_of(key: str) -> str | None:
    """The key id of a well-formed key (for logs), else None. Never returns any part of the secret."""
    parts = split_key(key)
    return parts[0] if parts else None


def check_party(kind: str, code: str) -> PartyKind:
    """``kind`` as a :data:`PartyKind` after checking ``code`` fits it; raises :class:`CredentialError`."""
    if kind not in PARTY_KINDS:
        raise CredentialError(f"unknown party kind {kind!r}; one of {', '.join(PARTY_KINDS)}")
    if kind == "gemeente" and not _GEMEENTECODE.match(code):
        raise CredentialError(f"a gemeente code is a CBS gemeentecode of 4 digits, not {code!r}")
    if kind == "aanbieder" and not _AGB.match(code):
        raise CredentialError(f"an aanbieder code is an AGB code of 8 digits, not {code!r}")
    if kind in ("afnemer", "beheerder") and not _NAME.match(code):
        raise CredentialError(f"a {kind} code is a name of letters, digits, '.', '-', '_' or spaces")
    return kind


def issue(
    engine: Engine,
    kind: str,
    code: str,
    scopes: frozenset[Scope] | list[str] | None = None,
    *,
    bsn_entitled: bool = False,
    label: str | None = None,
    now: dt.datetime | None = None,
) -> IssuedKey:
    """Create a credential and return its key (shown once). ``scopes`` default per kind."""
    party = check_party(kind, code)
    try:
        if scopes is None:
            chosen = DEFAULT_SCOPES[party]
        elif isinstance(scopes, frozenset):
            chosen = scopes
        else:
            chosen = parse_scopes(scopes)
        if not chosen:
            raise CredentialError("a credential needs at least one scope")
        check_scopes(party, chosen)
    except ScopeError as exc:
        raise CredentialError(str(exc)) from None
    if bsn_entitled and party != "afnemer":
        raise CredentialError("only an afnemer credential can be entitled to BSN (exports)")
    key_id = secrets.token_hex(KEY_ID_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    created = now or dt.datetime.now(dt.UTC)
    labels = format_scopes(chosen)
    values = {
        "key_id": key_id,
        "secret_hash": secret_hash(key_id, secret),
        "kind": party,
        "code": code,
        "scopes": labels,
        "bsn_entitled": bsn_entitled,
        "label": label,
        "created_at": created,
        "revoked_at": None,
    }
    with engine.begin() as conn:
        conn.execute(insert(m.Credential), values)
    info = CredentialInfo(key_id, party, code, labels, bsn_entitled, label, created, None)
    return IssuedKey(f"{PREFIX}_{key_id}_{secret}", info)


def revoke(engine: Engine, key_id: str, now: dt.datetime | None = None) -> bool:
    """Revoke the credential ``key_id``; False when there is no active credential with that id."""
    c = m.Credential
    with engine.begin() as conn:
        result = conn.execute(
            update(c)
            .where(c.key_id == key_id, c.revoked_at.is_(None))
            .values(revoked_at=now or dt.datetime.now(dt.UTC))
        )
    return bool(result.rowcount)


def list_credentials(engine: Engine, include_revoked: bool = True) -> list[CredentialInfo]:
    """Every credential, oldest first, without secrets."""
    c = m.Credential
    stmt = select(
        c.key_id, c.kind, c.code, c.scopes, c.bsn_entitled, c.label, c.created_at, c.revoked_at
    ).order_by(c.id)
    if not include_revoked:
        stmt = stmt.where(c.revoked_at.is_(None))
    with engine.connect() as conn:
        return [CredentialInfo(*row) for row in conn.execute(stmt).all()]


def authenticate(engine: Engine, key: str) -> Principal | None:
    """The principal of an active credential with this key, or None (unknown, revoked, malformed)."""
    parts = split_key(key)
    if parts is None:
        return None
    key_id, secret = parts
    c = m.Credential
    with engine.connect() as conn:
        row = conn.execute(
            select(c.secret_hash, c.kind, c.code, c.scopes, c.bsn_entitled, c.revoked_at).where(
                c.key_id == key_id
            )
        ).first()
    stored = row.secret_hash if row is not None else _NO_HASH
    matches = hmac.compare_digest(stored.encode(), secret_hash(key_id, secret).encode())
    if row is None or not matches or row.revoked_at is not None:
        return None
    # a scope since removed from ijw.auth.scopes is ignored; the others still hold
    scopes = frozenset(SCOPES[label] for label in str(row.scopes).split() if label in SCOPES)
    return Principal(
        key_id=key_id,
        kind=check_party(row.kind, row.code),
        code=row.code,
        scopes=scopes,
        bsn_entitled=bool(row.bsn_entitled),
    )

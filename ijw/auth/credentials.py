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
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update

from ijw.auth.scopes import (
    DEFAULT_SCOPES,
    EXPORTS,
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
    export_grants: str | None = None
    gemeente_grants: str | None = None

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


def grants_text(
    kind: str, exports: Iterable[str] | None, gemeenten: Iterable[str] | None
) -> tuple[str | None, str | None]:
    """The stored form of export grants (sorted, separated by spaces; None: everything), checked.

    >>> grants_text("afnemer", ["iv3", "bij"], ["0363"])
    ('bij iv3', '0363')
    >>> grants_text("afnemer", None, None)
    (None, None)
    >>> grants_text("afnemer", ["bsn"], None)
    Traceback (most recent call last):
    ...
    ijw.auth.credentials.CredentialError: unknown export(s) bsn; known: bij, iv3, reconciliation, indicators
    """
    if exports is None and gemeenten is None:
        return None, None
    if kind != "afnemer":
        raise CredentialError("only an afnemer credential has export grants")
    export_text = None
    if exports is not None:
        chosen = set(exports)
        unknown = sorted(chosen - set(EXPORTS))
        if unknown:
            raise CredentialError(f"unknown export(s) {', '.join(unknown)}; known: {', '.join(EXPORTS)}")
        if not chosen:
            raise CredentialError("grant at least one export (or none named: every export)")
        export_text = " ".join(sorted(chosen))
    gemeente_text = None
    if gemeenten is not None:
        codes = set(gemeenten)
        wrong = sorted(c for c in codes if not _GEMEENTECODE.match(c))
        if wrong:
            raise CredentialError(f"a gemeente grant is a CBS gemeentecode of 4 digits, not {wrong[0]!r}")
        if not codes:
            raise CredentialError("grant at least one gemeente (or none named: every gemeente)")
        gemeente_text = " ".join(sorted(codes))
    return export_text, gemeente_text


def _grant_set(text: str | None) -> frozenset[str] | None:
    return None if text is None else frozenset(text.split())


def issue(
    engine: Engine,
    kind: str,
    code: str,
    scopes: frozenset[Scope] | list[str] | None = None,
    *,
    bsn_entitled: bool = False,
    label: str | None = None,
    exports: Iterable[str] | None = None,
    gemeenten: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> IssuedKey:
    """Create a credential and return its key (shown once). ``scopes`` default per kind.

    ``exports`` and ``gemeenten`` (afnemers only) restrict what it may fetch; None grants everything.
    """
    party = check_party(kind, code)
    export_grants, gemeente_grants = grants_text(party, exports, gemeenten)
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
        "export_grants": export_grants,
        "gemeente_grants": gemeente_grants,
    }
    with engine.begin() as conn:
        conn.execute(insert(m.Credential), values)
    info = CredentialInfo(
        key_id, party, code, labels, bsn_entitled, label, created, None, export_grants, gemeente_grants
    )
    return IssuedKey(f"{PREFIX}_{key_id}_{secret}", info)


def grant(
    engine: Engine, key_id: str, exports: Iterable[str] | None, gemeenten: Iterable[str] | None
) -> bool:
    """Replace the export grants of the active afnemer credential ``key_id`` (None: everything).

    False when there is no active credential with that id; :class:`CredentialError` for one that is not
    an afnemer's or for unknown exports or malformed gemeentecodes.
    """
    c = m.Credential
    with engine.begin() as conn:
        kind = conn.execute(select(c.kind).where(c.key_id == key_id, c.revoked_at.is_(None))).scalar()
        if kind is None:
            return False
        if kind != "afnemer":
            raise CredentialError("only an afnemer credential has export grants")
        export_grants, gemeente_grants = grants_text(kind, exports, gemeenten)
        conn.execute(
            update(c)
            .where(c.key_id == key_id)
            .values(export_grants=export_grants, gemeente_grants=gemeente_grants)
        )
    return True


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
        c.key_id,
        c.kind,
        c.code,
        c.scopes,
        c.bsn_entitled,
        c.label,
        c.created_at,
        c.revoked_at,
        c.export_grants,
        c.gemeente_grants,
    ).order_by(c.id)
    if not include_revoked:
        stmt = stmt.where(c.revoked_at.is_(None))
    with engine.connect() as conn:
        return [CredentialInfo(**row._asdict()) for row in conn.execute(stmt).all()]


def authenticate(engine: Engine, key: str) -> Principal | None:
    """The principal of an active credential with this key, or None (unknown, revoked, malformed)."""
    parts = split_key(key)
    if parts is None:
        return None
    key_id, secret = parts
    c = m.Credential
    with engine.connect() as conn:
        row = conn.execute(
            select(
                c.secret_hash,
                c.kind,
                c.code,
                c.scopes,
                c.bsn_entitled,
                c.revoked_at,
                c.export_grants,
                c.gemeente_grants,
            ).where(c.key_id == key_id)
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
        exports=_grant_set(row.export_grants),
        gemeenten=_grant_set(row.gemeente_grants),
    )

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
from typing import Any

from sqlalchemy import Engine, insert, or_, select, update

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
    expires_at: dt.datetime | None = None

    @property
    def active(self) -> bool:
        """Not revoked and not expired (now)."""
        return self.revoked_at is None and not expired(self.expires_at, dt.datetime.now(dt.UTC))


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A newly issued credential: ``key`` is the full API key, to be shown once and never again."""

    key: str
    info: CredentialInfo


def utc(value: dt.datetime) -> dt.datetime:
    """``value`` as an aware datetime (SQLite gives naive datetimes back: they are UTC)."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def expired(expires_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether a credential with this expiry no longer works at ``now`` (None: it never expires).

    >>> now = dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC)
    >>> expired(None, now), expired(now, now), expired(now + dt.timedelta(seconds=1), now)
    (False, True, False)
    """
    return expires_at is not None and utc(expires_at) <= now


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
    expires_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> IssuedKey:
    """Create a credential and return its key (shown once). ``scopes`` default per kind.

    ``exports`` and ``gemeenten`` (afnemers only) restrict what it may fetch; None grants everything.
    ``expires_at``: the key stops working then (None: until it is revoked).
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
    created = now or dt.datetime.now(dt.UTC)
    if expires_at is not None and utc(expires_at) <= created:
        raise CredentialError("the expiry of a new key must lie in the future")
    key_id = secrets.token_hex(KEY_ID_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
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
        "expires_at": expires_at,
    }
    with engine.begin() as conn:
        conn.execute(insert(m.Credential), values)
    info = CredentialInfo(
        key_id,
        party,
        code,
        labels,
        bsn_entitled,
        label,
        created,
        None,
        export_grants,
        gemeente_grants,
        expires_at,
    )
    return IssuedKey(f"{PREFIX}_{key_id}_{secret}", info)


def rotate(
    engine: Engine,
    key_id: str,
    grace: dt.timedelta = dt.timedelta(0),
    *,
    expires_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> IssuedKey | None:
    """Replace the active credential ``key_id`` by a new key with the same party, scopes, BSN entitlement,
    grants and label; the old key keeps working for ``grace`` (0: revoked at once), never longer than it
    would have. ``expires_at``: the new key's expiry. None when there is no active credential ``key_id``.
    """
    moment = now or dt.datetime.now(dt.UTC)
    c = m.Credential
    with engine.connect() as conn:
        old = conn.execute(
            select(c.kind, c.code, c.scopes, c.bsn_entitled, c.label, c.export_grants, c.gemeente_grants)
            .where(c.key_id == key_id, c.revoked_at.is_(None))
            .where(or_(c.expires_at.is_(None), c.expires_at > moment))
        ).first()
    if old is None:
        return None
    new = issue(
        engine,
        old.kind,
        old.code,
        frozenset(SCOPES[label] for label in str(old.scopes).split() if label in SCOPES),
        bsn_entitled=bool(old.bsn_entitled),
        label=old.label,
        exports=_grant_set(old.export_grants),
        gemeenten=_grant_set(old.gemeente_grants),
        expires_at=expires_at,
        now=moment,
    )
    with engine.begin() as conn:
        if grace <= dt.timedelta(0):
            conn.execute(update(c).where(c.key_id == key_id).values(revoked_at=moment))
        else:
            end = moment + grace
            conn.execute(
                update(c)
                .where(c.key_id == key_id)
                .where(or_(c.expires_at.is_(None), c.expires_at > end))
                .values(expires_at=end)
            )
    return new


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
        c.expires_at,
    ).order_by(c.id)
    if not include_revoked:
        stmt = stmt.where(c.revoked_at.is_(None))
    with engine.connect() as conn:
        return [CredentialInfo(**row._asdict()) for row in conn.execute(stmt).all()]


PRINCIPAL_COLUMNS = (
    m.Credential.key_id,
    m.Credential.kind,
    m.Credential.code,
    m.Credential.scopes,
    m.Credential.bsn_entitled,
    m.Credential.revoked_at,
    m.Credential.expires_at,
    m.Credential.export_grants,
    m.Credential.gemeente_grants,
)
"""The columns :func:`principal_of` needs (selected by :func:`authenticate` and the dashboard sessions)."""


def principal_of(row: Any, now: dt.datetime | None = None) -> Principal | None:
    """The principal of a credential row (:data:`PRINCIPAL_COLUMNS`); None when revoked or expired."""
    if row.revoked_at is not None or expired(row.expires_at, now or dt.datetime.now(dt.UTC)):
        return None
    # a scope since removed from ijw.auth.scopes is ignored; the others still hold
    scopes = frozenset(SCOPES[label] for label in str(row.scopes).split() if label in SCOPES)
    return Principal(
        key_id=row.key_id,
        kind=check_party(row.kind, row.code),
        code=row.code,
        scopes=scopes,
        bsn_entitled=bool(row.bsn_entitled),
        exports=_grant_set(row.export_grants),
        gemeenten=_grant_set(row.gemeente_grants),
    )


def authenticate(engine: Engine, key: str, now: dt.datetime | None = None) -> Principal | None:
    """The principal of an active credential with this key, or None (unknown, revoked, expired, malformed)."""
    parts = split_key(key)
    if parts is None:
        return None
    key_id, secret = parts
    c = m.Credential
    with engine.connect() as conn:
        row = conn.execute(select(c.secret_hash, *PRINCIPAL_COLUMNS).where(c.key_id == key_id)).first()
    stored = row.secret_hash if row is not None else _NO_HASH
    matches = hmac.compare_digest(stored.encode(), secret_hash(key_id, secret).encode())
    if row is None or not matches:
        return None
    return principal_of(row, now)

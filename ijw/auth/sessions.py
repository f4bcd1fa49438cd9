"""Server-side dashboard sessions (issue 11): random ids, stored hashed, with idle and absolute expiry.

A login (an API key checked by :func:`ijw.auth.credentials.authenticate`) opens a session for that key's
credential; the browser gets only the session id, 32 random bytes (URL-safe base64), never the key. The
``dashboard_sessions`` table keeps the SHA-256 of the id, so a copy of the database does not let anyone in.
A session ends when it has been idle for :data:`IDLE` (every page view moves ``last_seen_at``), after
:data:`ABSOLUTE` whatever happens, at logout (:func:`revoke_session`), and when its credential is revoked or
expires: the principal is read from the credential on every request, like an API call.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import Engine, delete, insert, select, update

from ijw.auth.credentials import PRINCIPAL_COLUMNS, principal_of, utc
from ijw.auth.scopes import Principal
from ijw.db import models as m

IDLE = dt.timedelta(minutes=30)
"""A session unused this long ends."""
ABSOLUTE = dt.timedelta(hours=8)
"""A session ends this long after login, however active."""
TOUCH_EVERY = dt.timedelta(seconds=60)
"""``last_seen_at`` is written at most this often (one write per minute, not per page view)."""
KEEP_ENDED = dt.timedelta(days=30)
"""Sessions are deleted this long after their absolute expiry (until then they tell who was logged in)."""
SESSION_BYTES = 32


def session_hash(session_id: str) -> str:
    """The stored form of a session id: its SHA-256, hex (the id has 256 bits: nothing to brute-force)."""
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def create_session(
    engine: Engine, key_id: str, *, absolute: dt.timedelta = ABSOLUTE, now: dt.datetime | None = None
) -> str | None:
    """Open a session for the active credential ``key_id``; its id (to give to the browser only), or None
    when there is no active credential with that key id. Deletes the sessions that ended long ago."""
    moment = _now(now)
    c = m.Credential
    with engine.begin() as conn:
        conn.execute(delete(m.DashboardSession).where(m.DashboardSession.expires_at < moment - KEEP_ENDED))
        row = conn.execute(select(c.id, *PRINCIPAL_COLUMNS).where(c.key_id == key_id)).first()
        if row is None or principal_of(row, moment) is None:
            return None
        session_id = secrets.token_urlsafe(SESSION_BYTES)
        conn.execute(
            insert(m.DashboardSession),
            {
                "session_hash": session_hash(session_id),
                "credential_id": row.id,
                "created_at": moment,
                "last_seen_at": moment,
                "expires_at": moment + absolute,
                "revoked_at": None,
            },
        )
    return session_id


def session_principal(
    engine: Engine, session_id: str, *, idle: dt.timedelta = IDLE, now: dt.datetime | None = None
) -> Principal | None:
    """The principal of a live session (not revoked, not idle too long, not past its absolute expiry, its
    credential active); None otherwise. Moves the session's ``last_seen_at``."""
    if not session_id or len(session_id) > 200:
        return None
    moment = _now(now)
    s, c = m.DashboardSession, m.Credential
    with engine.connect() as conn:
        row = conn.execute(
            select(
                s.id.label("session"),
                s.last_seen_at,
                s.expires_at.label("session_expires"),
                *PRINCIPAL_COLUMNS,
            )
            .join(c, c.id == s.credential_id)
            .where(s.session_hash == session_hash(session_id), s.revoked_at.is_(None))
        ).first()
    if row is None:
        return None
    last_seen = utc(row.last_seen_at)
    if utc(row.session_expires) <= moment or last_seen + idle <= moment:
        return None
    principal = principal_of(row, moment)
    if principal is not None and moment - last_seen >= TOUCH_EVERY:
        with engine.begin() as conn:
            conn.execute(update(s).where(s.id == row.session).values(last_seen_at=moment))
    return principal


def revoke_session(engine: Engine, session_id: str, now: dt.datetime | None = None) -> bool:
    """End the session ``session_id`` (logout); False when it was not open."""
    s = m.DashboardSession
    with engine.begin() as conn:
        result = conn.execute(
            update(s)
            .where(s.session_hash == session_hash(session_id), s.revoked_at.is_(None))
            .values(revoked_at=_now(now))
        )
    return bool(result.rowcount)

"""The rows a party may read: the per-party filters that go with the scopes of :mod:`ijw.auth.scopes`.

Every reader of stored messages (the results API, the dashboard, the exports' drill-down, the CLI acting for a
party) selects through these, so a party's view is defined once: a beheerder reads everything, a gemeente or
an aanbieder the messages it sent or received and those submitted with any of its keys, and an afnemer (a
statistics office) no messages at all (it reads exports).

>>> source_prefix(Principal(key_id="k1", kind="aanbieder", code="12345678", scopes=frozenset()))
'http:aanbieder:12345678:'
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, true

from ijw.auth.scopes import Principal
from ijw.db.tables import BERICHTEN

_b = BERICHTEN.c


def source_prefix(principal: Principal) -> str:
    """What every source of messages from ``principal``'s party starts with (any of its keys)."""
    return f"http:{principal.kind}:{principal.code}:"


def visible(principal: Principal) -> ColumnElement[bool]:
    """The SQL condition on ``berichten`` of the messages ``principal`` may read."""
    if principal.is_beheerder:
        return true()
    column = principal.party_column
    if column is None:
        return _b.id.is_(None)  # nothing: afnemers read exports, not messages
    return or_(_b[column] == principal.code, _b.source.startswith(source_prefix(principal), autoescape=True))


def may_read(principal: Principal, row: Any) -> bool:
    """Whether ``principal`` may read the stored message ``row`` (the Python twin of :func:`visible`)."""
    if principal.may_access_message(row.gemeente, row.aanbieder):
        return True
    return principal.party_column is not None and str(row.source).startswith(source_prefix(principal))

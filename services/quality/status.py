"""Whether the quality service is up to date with the stored traffic: ``ijw quality status`` and the warning
of ``ijw quality findings``.

A run records (in ``quality_state``) when it ran, the as-of date it judged at and the highest ``berichten.id``
it had seen when it started. Messages stored after that (any status: a retour message, or an invalid one,
changes the deadline findings too) are *behind*; valid messages of a linked type that were never linked are
*unlinked*. Findings read while either is non-zero do not describe the stored traffic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from ijw.db import models as m
from ijw.db.tables import BERICHTEN, QUALITY_STATE
from services.quality.linking.events import LINKED_TYPES
from services.quality.linking.store import not_linked

STATE = QUALITY_STATE
#: quality_state keys written by :func:`services.quality.run.run_quality`
LAST_RUN, AS_OF, SEEN = "last_run", "as_of", "last_bericht_id"


@dataclass(frozen=True, slots=True)
class QualityStatus:
    """The quality service's state against the stored traffic."""

    last_run: str | None
    as_of: str | None
    messages: int
    behind: int
    unlinked: int

    @property
    def current(self) -> bool:
        """Whether the last run saw every stored message."""
        return self.last_run is not None and self.behind == 0 and self.unlinked == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "last_run": self.last_run,
            "as_of": self.as_of,
            "messages": self.messages,
            "behind": self.behind,
            "unlinked": self.unlinked,
            "current": self.current,
        }

    def warning(self) -> str | None:
        """What to tell a reader of the findings when they are not current (None when they are)."""
        if self.last_run is None:
            if self.messages == 0:
                return None
            return (
                f"the quality service has not run on this database ({self.messages} messages stored): the "
                "findings are those of ingest only; run `ijw quality run` or use --refresh"
            )
        if self.current:
            return None
        return (
            f"the quality service last ran {self.last_run}; {self.behind} messages were stored since and "
            f"{self.unlinked} valid messages are not linked: the cross-message findings are not current; run "
            "`ijw quality run` or use --refresh"
        )


def max_bericht_id(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(BERICHTEN.c.id), 0))).scalar_one())


def quality_status(conn: Connection) -> QualityStatus:
    """The state of the quality service on the database behind ``conn``."""
    state = {r.key: r.value for r in conn.execute(select(STATE.c.key, STATE.c.value))}
    b = BERICHTEN.c
    messages = int(conn.execute(select(func.count()).select_from(BERICHTEN)).scalar_one())
    seen = int(state.get(SEEN) or 0)
    behind = (
        int(conn.execute(select(func.count()).where(b.id > seen)).scalar_one())
        if state.get(LAST_RUN)
        else messages
    )
    unlinked = int(
        conn.execute(
            select(func.count()).where(
                b.status == m.STATUS_VALID,
                b.berichtsoort.in_(LINKED_TYPES),
                not_linked(),
            )
        ).scalar_one()
    )
    return QualityStatus(state.get(LAST_RUN) or None, state.get(AS_OF) or None, messages, behind, unlinked)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

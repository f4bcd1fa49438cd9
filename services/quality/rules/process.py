"""The process deadlines of the procesbeschrijving iJw and the completeness of trajectories, judged on the
linked state at a date (``as_of``): the project's own check codes, since the standard names no TR for them.

Deadlines count Dutch werkdagen (:mod:`ijw.werkdagen`) from the Dagtekening of the message that starts
them; an answer dated on the deadline itself is on time. A message that arrives on a weekend or holiday
starts counting on the next werkdag.

- ``TERMIJN-RETOUR``: the retour message (JW302/306/308/316/318/320) within 3 werkdagen;
- ``TERMIJN-ANTWOORD``: the first answer to a verzoek (JW315, JW317) — a JW319 or a JW301 that carries its
  ReferentieAanbieder — within 5 werkdagen;
- ``TERMIJN-DECLARATIE-ANTWOORD``: the JW325 within 10 werkdagen after the JW323;
- ``GEEN-START``: a toewijzing that was not started within ``start_days`` days after its Ingangsdatum (or
  after it was sent, when that is later);
- ``GEEN-STOP``: a started toewijzing whose Einddatum passed ``stop_days`` days ago without a definitive stop.

>>> import datetime as dt
>>> deadline(dt.date(2025, 4, 17), 3)  # Thursday before Easter: Goede Vrijdag and Easter Monday are free
datetime.date(2025, 4, 24)
>>> lateness(dt.date(2025, 4, 17), dt.date(2025, 4, 25), 3, dt.date(2025, 6, 1))
'answered 2025-04-25, after the deadline 2025-04-24 (3 werkdagen)'
>>> lateness(dt.date(2025, 4, 17), None, 3, dt.date(2025, 4, 23)) is None  # deadline not reached yet
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ijw.werkdagen import add_werkdagen

RETOUR_WERKDAGEN = 3
ANTWOORD_WERKDAGEN = 5
DECLARATIE_ANTWOORD_WERKDAGEN = 10


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The deadlines and grace periods (the werkdagen are the standard's; the day counts are ours)."""

    retour: int = RETOUR_WERKDAGEN
    antwoord: int = ANTWOORD_WERKDAGEN
    declaratie_antwoord: int = DECLARATIE_ANTWOORD_WERKDAGEN
    start_days: int = 30
    stop_days: int = 10


def deadline(sent: dt.date, werkdagen: int) -> dt.date:
    """The last werkdag on which an answer to a message dated ``sent`` is on time."""
    return add_werkdagen(sent, werkdagen)


def lateness(sent: dt.date, answered: dt.date | None, werkdagen: int, as_of: dt.date) -> str | None:
    """Why an answer is late (None when on time, or when the deadline has not passed at ``as_of``)."""
    last = deadline(sent, werkdagen)
    if answered is not None:
        if answered > last:
            return f"answered {answered}, after the deadline {last} ({werkdagen} werkdagen)"
        return None
    if as_of > last:
        return f"not answered by {as_of}; the deadline was {last} ({werkdagen} werkdagen)"
    return None


def geen_start(
    ingangsdatum: dt.date, sent: dt.date, started: bool, as_of: dt.date, start_days: int
) -> str | None:
    """GEEN-START: no start within ``start_days`` days after the toewijzing took effect."""
    effect = max(ingangsdatum, sent)
    if not started and effect + dt.timedelta(days=start_days) < as_of:
        return f"no start by {as_of}, {start_days} days after the toewijzing took effect ({effect})"
    return None


def geen_stop(einddatum: dt.date | None, stopped: bool, as_of: dt.date, stop_days: int) -> str | None:
    """GEEN-STOP: the toewijzing ended more than ``stop_days`` days ago and its delivery was never stopped."""
    if einddatum is None or stopped:
        return None
    if einddatum + dt.timedelta(days=stop_days) < as_of:
        return f"the toewijzing ended {einddatum} and no definitive stop was received by {as_of}"
    return None

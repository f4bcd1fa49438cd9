"""Cross-message rules on starts (JW305) and stops (JW307).

A start or stop names its toegewezen product by ToewijzingNummer (with the gemeente and aanbieder of the
message); a stop, and a withdrawal (StatusAanlevering 3) of a start or stop, names the delivery by the
Begindatum of its start.

>>> import datetime as dt
>>> from services.quality.linking.model import LeveringState
>>> actual = LeveringState(1, dt.date(2025, 3, 1), 10, dt.date(2025, 3, 3))
>>> tr326(actual) is None, tr326(None) is None
(False, True)
"""

from __future__ import annotations

import datetime as dt

from services.quality.linking.model import (
    ACTUEEL,
    GESTOPT,
    TIJDELIJK,
    LeveringState,
    TrajectState,
)


def tr019(traject: TrajectState | None, nummer: int) -> str | None:
    """TR019: a start or stop relates to a toewijzing through its ToewijzingNummer."""
    if traject is None:
        return f"ToewijzingNummer {nummer} names no toewijzing of this gemeente to this aanbieder"
    return None


def tr074(levering: LeveringState | None) -> str | None:
    """TR074: a start with StatusAanlevering 1 has a key (ToewijzingNummer, Begindatum) not received before
    (a withdrawn start no longer counts: it may be sent again)."""
    if levering is not None:
        return (
            f"a start with Begindatum {levering.begindatum} was received before for this toegewezen product"
        )
    return None


def tr326(actual: LeveringState | None) -> str | None:
    """TR326: a new start (StatusAanlevering 1) only when the toegewezen product has no actual start."""
    if actual is not None:
        return (
            f"the toegewezen product already has an actual start (Begindatum {actual.begindatum}) "
            "that was neither stopped nor withdrawn"
        )
    return None


def tr063(levering: LeveringState | None, what: str) -> str | None:
    """TR063: StatusAanlevering 3 withdraws an earlier delivery with the same logical key."""
    if levering is None:
        return f"StatusAanlevering 3 withdraws a {what} that was never sent"
    return None


def tr071(levering: LeveringState) -> str | None:
    """TR071: a start cannot be withdrawn (StatusAanlevering 3) once a stop was sent for it."""
    if levering.status == GESTOPT:
        return "the start is withdrawn with StatusAanlevering 3 although a stop was already sent for it"
    return None


def tr382(levering: LeveringState | None) -> str | None:
    """TR382: a stop carries the key of its start unchanged (ToewijzingNummer and Begindatum)."""
    if levering is None:
        return "no start of this toegewezen product has the Begindatum the stop names"
    return None


def tr415(levering: LeveringState, reden: str) -> str | None:
    """TR415: no second definitive stop (RedenBeeindiging other than 20) for the same start."""
    if levering.status == GESTOPT and not levering.tijdelijk and reden != TIJDELIJK:
        return "the delivery was already stopped definitively; a second definitive stop is not allowed"
    return None


def tr413(levering: LeveringState, reden: str) -> str | None:
    """TR413 (OP378): "Als er al een StopProduct voor hetzelfde Bsn, ToewijzingNummer, Begindatum en met
    RedenBeeindiging waarde 20 is, dan moet RedenBeeindiging <> aan waarde 20 zijn" (StatusAanlevering 1 or
    2). A withdrawn stop (StatusAanlevering 3) is no longer there; a new start has another Begindatum."""
    if levering.status == GESTOPT and levering.tijdelijk and reden == TIJDELIJK:
        return "the delivery was already stopped temporarily (RedenBeeindiging 20); a second temporary stop"
    return None


def tr414(levering: LeveringState, einddatum: dt.date) -> str | None:
    """TR414 (OP377): "Als er al een StopProduct voor hetzelfde Bsn, ToewijzingNummer en Begindatum is, dan
    moet Einddatum >= zijn aan Einddatum uit actuele StopProduct"."""
    if levering.status == GESTOPT and levering.einddatum is not None and einddatum < levering.einddatum:
        return f"Einddatum {einddatum} lies before the Einddatum {levering.einddatum} of the actual stop"
    return None


def may_stop(levering: LeveringState) -> bool:
    """Whether a stop can apply to ``levering`` (actual, or only temporarily stopped)."""
    return levering.status == ACTUEEL or (levering.status == GESTOPT and levering.tijdelijk)

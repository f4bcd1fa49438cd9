"""The deadlines of iJw 3.2 under their official codes (bedrijfsregels OP…) and the one completeness check
the standard has no rule for, judged on the linked state at a date (``as_of``).

Deadlines count Dutch werkdagen (:mod:`ijw.werkdagen`) from the day that starts them; an answer dated on the
deadline itself is on time, and a day that is no werkdag starts counting on the next werkdag. The traffic
shows when a message was sent (its Dagtekening), not when it was received: receipt is taken as the
Dagtekening of the message received.

- ``OP090``: "Voor ieder ontvangen bericht wordt binnen drie werkdagen na ontvangst een retourbericht
  verzonden" — the JW302/306/308/316/318/320 within 3 werkdagen;
- ``OP090x4``: "binnen tien werkdagen na ontvangst een declaratie-antwoordbericht" — the JW325 within 10;
- ``OP274`` (JW315) and ``OP346`` (JW317): a JW301 or JW319 within 5 werkdagen after the verzoek, and after
  a JW319 with VerzoekAntwoord 2 (Aanvraag in onderzoek) a JW301 or a JW319 with VerzoekAntwoord 1 within
  eight weeks after the Dagtekening of the verzoek;
- ``OP359``: a verzoek om toewijzing (JW315) that the gemeente rejects on the woonplaatsbeginsel (JW319
  with RedenAfwijzingVerzoek 8) is rejected "binnen de wettelijke termijn van twee weken" after receipt of
  the verzoek: calendar weeks after its Dagtekening, judged once the rejection is there (before it, nothing
  shows that the rejection will be on the woonplaatsbeginsel; OP274 still asks an answer within 5 werkdagen);
- ``OP271``: the JW305 within 5 werkdagen after the Begindatum of the start, or after receipt of the
  toewijzing when that came later ("met terugwerkende kracht toegewezen");
- ``OP272``: the JW307 within 5 werkdagen after its Einddatum; and a started toewijzing whose Einddatum
  passed more than 5 werkdagen ago without a stop breaks it too (care that was toegewezen up to the Einddatum
  ended on that day at the latest). A definitive stop after a temporary one is due "nadat bekend is dat de
  levering definitief beëindigd is", a moment the traffic does not show: it is not judged;
- ``GEEN-START`` (own check): a toewijzing not started within ``start_days`` days after it took effect.
  OP271 counts from the actual start of the care, which the traffic only shows through the JW305 itself, so
  a missing start has no official deadline.

>>> import datetime as dt
>>> deadline(dt.date(2025, 4, 17), 3)  # Thursday before Easter: Goede Vrijdag and Easter Monday are free
datetime.date(2025, 4, 24)
>>> lateness(dt.date(2025, 4, 17), dt.date(2025, 4, 25), 3, dt.date(2025, 6, 1))
'answered 2025-04-25, after the deadline 2025-04-24 (3 werkdagen)'
>>> lateness(dt.date(2025, 4, 17), None, 3, dt.date(2025, 4, 23)) is None  # deadline not reached yet
True
>>> op359_lateness(dt.date(2025, 3, 3), dt.date(2025, 3, 17)) is None  # two weeks to the day: on time
True
>>> op359_lateness(dt.date(2025, 3, 3), dt.date(2025, 3, 18))
'answered 2025-03-18, after the deadline 2025-03-17 (2 weeks after the verzoek, woonplaatsbeginsel)'
>>> op271_start_deadline(dt.date(2025, 3, 3), dt.date(2025, 2, 20))  # started Monday: due Monday after
datetime.date(2025, 3, 10)
>>> op271_start_deadline(dt.date(2025, 3, 3), dt.date(2025, 3, 14))  # toegewezen later, retroactively
datetime.date(2025, 3, 21)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ijw.werkdagen import add_werkdagen

#: OP090: retourberichten within three werkdagen.
RETOUR_WERKDAGEN = 3
#: OP274, OP346: a JW301 or JW319 within five werkdagen after the verzoek.
ANTWOORD_WERKDAGEN = 5
#: OP090x4: the declaratie-antwoordbericht within ten werkdagen.
DECLARATIE_ANTWOORD_WERKDAGEN = 10
#: OP271, OP272: start and stop within five werkdagen.
START_STOP_WERKDAGEN = 5
#: OP274, OP346: the final answer after "Aanvraag in onderzoek" within eight weeks after the verzoek.
IN_ONDERZOEK_WEKEN = 8
#: OP359: a rejection on the woonplaatsbeginsel within the statutory two weeks after the verzoek.
WOONPLAATSBEGINSEL_WEKEN = 2
#: RedenAfwijzingVerzoek (WJ759) 8: the verzoek is rejected on the woonplaatsbeginsel.
REDEN_WOONPLAATSBEGINSEL = "8"
#: The rule that sets the answer deadline of each verzoek.
ANTWOORD_RULE = {"JW315": "OP274", "JW317": "OP346"}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The deadlines (the werkdagen and weeks are the standard's; ``start_days`` is ours)."""

    retour: int = RETOUR_WERKDAGEN
    antwoord: int = ANTWOORD_WERKDAGEN
    declaratie_antwoord: int = DECLARATIE_ANTWOORD_WERKDAGEN
    start_stop: int = START_STOP_WERKDAGEN
    in_onderzoek_weken: int = IN_ONDERZOEK_WEKEN
    start_days: int = 30


def deadline(sent: dt.date, werkdagen: int) -> dt.date:
    """The last werkdag on which an answer to a message dated ``sent`` is on time."""
    return add_werkdagen(sent, werkdagen)


def late_after(last: dt.date, answered: dt.date | None, as_of: dt.date, due: str) -> str | None:
    """Why an answer due by ``last`` (described as ``due``) is late; None when on time or not yet due."""
    if answered is not None:
        return f"answered {answered}, after the deadline {last} ({due})" if answered > last else None
    if as_of > last:
        return f"not answered by {as_of}; the deadline was {last} ({due})"
    return None


def lateness(sent: dt.date, answered: dt.date | None, werkdagen: int, as_of: dt.date) -> str | None:
    """Why an answer is late (None when on time, or when the deadline has not passed at ``as_of``)."""
    return late_after(deadline(sent, werkdagen), answered, as_of, f"{werkdagen} werkdagen")


def in_onderzoek_lateness(
    verzoek_sent: dt.date, final: dt.date | None, as_of: dt.date, weken: int
) -> str | None:
    """OP274/OP346: the final answer after "Aanvraag in onderzoek", due ``weken`` weeks after the verzoek."""
    last = verzoek_sent + dt.timedelta(weeks=weken)
    return late_after(last, final, as_of, f"{weken} weeks after the verzoek, in onderzoek")


def op359_lateness(
    verzoek_sent: dt.date, rejected: dt.date, weken: int = WOONPLAATSBEGINSEL_WEKEN
) -> str | None:
    """OP359: why a rejection on the woonplaatsbeginsel dated ``rejected`` is late (None when on time)."""
    last = verzoek_sent + dt.timedelta(weeks=weken)
    return late_after(last, rejected, rejected, f"{weken} weeks after the verzoek, woonplaatsbeginsel")


def op271_start_deadline(begindatum: dt.date, toewijzing_sent: dt.date, werkdagen: int = 5) -> dt.date:
    """OP271: the last day for the JW305 of care that began on ``begindatum``."""
    return deadline(max(begindatum, toewijzing_sent), werkdagen)


def geen_start(
    ingangsdatum: dt.date, sent: dt.date, started: bool, as_of: dt.date, start_days: int
) -> str | None:
    """GEEN-START: no start within ``start_days`` days after the toewijzing took effect."""
    effect = max(ingangsdatum, sent)
    if not started and effect + dt.timedelta(days=start_days) < as_of:
        return f"no start by {as_of}, {start_days} days after the toewijzing took effect ({effect})"
    return None


def op272_missing_stop(
    einddatum: dt.date | None, stopped: bool, as_of: dt.date, werkdagen: int = 5
) -> str | None:
    """OP272 for a delivery never stopped: the toewijzing's Einddatum is the latest end of the care."""
    if einddatum is None or stopped:
        return None
    last = deadline(einddatum, werkdagen)
    if as_of > last:
        return (
            f"the toewijzing ended {einddatum} and no stop was received by {as_of}; "
            f"the deadline was {last} ({werkdagen} werkdagen)"
        )
    return None

"""The outcome criteria that the BIJ data itself gives (informatieprotocol v7, §4.2), per level and year.

§4.2 names four criteria and says two of them "kunnen al afgeleid worden uit de verplichte gegevens": uitval
(from the reden beëindiging, §3.7) and "de mate waarin er na beëindiging geen nieuwe start jeugdhulp
plaatsvindt" (3.2). From the jeugdhulp records whose datum einde falls in the year:

- ``uitval``: percent ended "voortijdig afgesloten: eenzijdig door de cliënt" (BIJ reden 03; §3.7 calls
  exactly this "uitval": "hoe vaak je cliënten verliest waarmee je dacht nog vooruitgang te kunnen boeken");
- ``voortijdig_beeindigd``: percent ended early for any reason (reden 02–05, "voortijdig afgesloten");
- ``geen_nieuwe_start``: percent after which no new jeugdhulp record of the same client (any aanbieder, any
  hulpvorm) begins within :data:`WINDOW_DAYS` after datum einde. **Decision** (the protocol names no window):
  half a year, one verslagperiode; only ends whose window has passed by the data's horizon (the latest
  Dagtekening of the stored traffic) count, so an end that may still be followed by a start is never
  counted as "no new start".

Records are derived over the year and beyond, up to the horizon, so a verlenging in January still merges
with the record it continues. ``aantal`` is the number of ended records the percentage rests on.

>>> r = _Ended("0363", "12345678", "999990019", dt.date(2025, 3, 31), "03")
>>> _no_new_start(r, {"999990019": [dt.date(2025, 11, 1)]})
True
>>> _no_new_start(r, {"999990019": [dt.date(2025, 9, 1)]})
False
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Final, NamedTuple

from services.export.bij.derive import BijRecord
from services.export.mappings import REDEN_BEEINDIGING

WINDOW_DAYS: Final = 182
UITVAL: Final = frozenset({"03"})
VOORTIJDIG: Final = frozenset({"02", "03", "04", "05"})

Level = tuple[str, str]  # niveau, code


class _Ended(NamedTuple):
    gemeente: str
    aanbieder: str
    bsn: str
    einddatum: dt.date
    reden: str | None  # BIJ reden beëindiging (§3.7)


class Outcome(NamedTuple):
    """One outcome cell: level, indicator, value (percent with one decimal) and the records it rests on."""

    niveau: str
    code: str
    indicator: str
    waarde: str
    aantal: int


def _no_new_start(ended: _Ended, starts: dict[str, list[dt.date]]) -> bool:
    last = ended.einddatum + dt.timedelta(days=WINDOW_DAYS)
    return not any(ended.einddatum < begin <= last for begin in starts.get(ended.bsn, ()))


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}"


def outcomes(
    records: Iterable[BijRecord],
    year_start: dt.date,
    year_end: dt.date,
    horizon: dt.date,
    levels: Callable[[str, str], list[Level]],
) -> list[Outcome]:
    """The outcome cells of the jeugdhulp ``records`` that ended between ``year_start`` and ``year_end``."""
    starts: dict[str, list[dt.date]] = defaultdict(list)
    ended: list[_Ended] = []
    for r in records:
        starts[r.bsn].append(r.begindatum)
        if r.einddatum is not None and year_start <= r.einddatum <= year_end:
            reden = REDEN_BEEINDIGING.get(r.reden or "")  # the BIJ code of the JZ588 reden
            ended.append(_Ended(r.gemeente, r.aanbieder, r.bsn, r.einddatum, reden))
    tallies: dict[tuple[Level, str], list[int]] = defaultdict(lambda: [0, 0])
    for e in ended:
        judged_start = e.einddatum + dt.timedelta(days=WINDOW_DAYS) <= horizon
        for level in levels(e.gemeente, e.aanbieder):
            for name, hit, counts in (
                ("uitval", e.reden in UITVAL, True),
                ("voortijdig_beeindigd", e.reden in VOORTIJDIG, True),
                ("geen_nieuwe_start", judged_start and _no_new_start(e, starts), judged_start),
            ):
                if counts:
                    tally = tallies[(level, name)]
                    tally[0] += hit
                    tally[1] += 1
    return [
        Outcome(niveau, code, name, _percent(hits, total), total)
        for ((niveau, code), name), (hits, total) in sorted(tallies.items())
    ]

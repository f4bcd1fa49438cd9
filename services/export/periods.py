"""Verslagperiodes: half years for jeugdhulp and jeugdbescherming, quarters for jeugdreclassering, years.

>>> Period.parse("2025-H1")
Period(label='2025-H1', start=datetime.date(2025, 1, 1), end=datetime.date(2025, 6, 30))
>>> Period.parse("2025-Q4").end, Period.parse("2025").kind
(datetime.date(2025, 12, 31), 'year')
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, NamedTuple

PeriodKind = Literal["half", "quarter", "year"]
_PERIOD = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]))?$")


class PeriodError(ValueError):
    """A period label that is not ``YYYY``, ``YYYY-H1|H2`` or ``YYYY-Q1..Q4``."""


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


class Period(NamedTuple):
    """A verslagperiode: first and last day (inclusive)."""

    label: str
    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, label: str) -> Period:
        match = _PERIOD.match(label.strip())
        if not match:
            raise PeriodError(f"period {label!r} is not YYYY, YYYY-H1, YYYY-H2 or YYYY-Q1 … YYYY-Q4")
        year = int(match.group(1))
        part = match.group(2)
        if part is None:
            return cls(f"{year}", dt.date(year, 1, 1), dt.date(year, 12, 31))
        if part[0] == "H":
            first = 1 if part == "H1" else 7
            return cls(f"{year}-{part}", dt.date(year, first, 1), _month_end(year, first + 5))
        first = 3 * (int(part[1]) - 1) + 1
        return cls(f"{year}-{part}", dt.date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls.parse(f"{year}")

    @property
    def kind(self) -> PeriodKind:
        if "-H" in self.label:
            return "half"
        if "-Q" in self.label:
            return "quarter"
        return "year"

    def months(self) -> list[tuple[dt.date, dt.date]]:
        """First and last day of every month of the period."""
        result = []
        month = self.start.month
        while month <= self.end.month:
            result.append((dt.date(self.start.year, month, 1), _month_end(self.start.year, month)))
            month += 1
        return result


_PARTS: dict[PeriodKind, tuple[str, ...]] = {
    "half": ("H1", "H2"),
    "quarter": ("Q1", "Q2", "Q3", "Q4"),
    "year": ("",),
}


def periods_in(year: int, kind: PeriodKind) -> list[Period]:
    """The periods of ``kind`` in ``year``, in order.

    >>> [p.label for p in periods_in(2025, "quarter")], [p.label for p in periods_in(2025, "half")]
    (['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'], ['2025-H1', '2025-H2'])
    """
    return [Period.parse(f"{year}-{part}" if part else f"{year}") for part in _PARTS[kind]]


def quarter_of(day: dt.date) -> int:
    """The quarter (1–4) of ``day``.

    >>> quarter_of(dt.date(2025, 7, 1))
    3
    """
    return (day.month - 1) // 3 + 1

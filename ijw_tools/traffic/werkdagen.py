"""Werkdagen and calendar months for the traffic generator, computed here on purpose.

The quality service judges the process deadlines with the domain library's :mod:`ijw.werkdagen`; the
generator writes the ground truth those judgements are scored against (``ijw quality evaluate``). If both
used one implementation, a mistake in it would be invisible to the evaluation. So the generator counts
werkdagen its own way, from the definition in the procesbeschrijving (Monday to Friday, not a Dutch public
holiday), taking only the list of public holidays from the ``holidays`` package.

>>> add_werkdagen(dt.date(2025, 4, 17), 1)  # Goede Vrijdag and Easter Monday are no werkdagen
datetime.date(2025, 4, 22)
>>> month_end(dt.date(2024, 2, 10)), next_month(dt.date(2024, 12, 1))
(datetime.date(2024, 2, 29), datetime.date(2025, 1, 1))
"""

from __future__ import annotations

import calendar
import datetime as dt

import holidays

__all__ = ["add_werkdagen", "is_werkdag", "month_end", "month_start", "next_month", "next_werkdag"]

_FEESTDAGEN = holidays.country_holidays("NL")  # grows by year on lookup
_SATURDAY = 6  # ISO weekday


def is_werkdag(day: dt.date) -> bool:
    """Monday to Friday and not a Dutch public holiday."""
    return day.isoweekday() < _SATURDAY and day not in _FEESTDAGEN


def next_werkdag(day: dt.date) -> dt.date:
    """``day`` when it is a werkdag, else the first werkdag after it."""
    return day if is_werkdag(day) else next_werkdag(day + dt.timedelta(days=1))


def add_werkdagen(day: dt.date, count: int) -> dt.date:
    """The ``count``-th werkdag after ``day`` (counting from the first werkdag on or after it)."""
    found, current = 0, next_werkdag(day)
    while found < count:
        current += dt.timedelta(days=1)
        if is_werkdag(current):
            found += 1
    return current


def month_start(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def month_end(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s."""
    return month_end(day) + dt.timedelta(days=1)

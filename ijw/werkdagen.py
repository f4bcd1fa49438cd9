"""Werkdagen (Monday to Friday, not a Dutch public holiday) and calendar months.

The process deadlines of iJw are counted in werkdagen: a retour within 3 werkdagen, a JW319 within 5
werkdagen after a JW315, a JW325 within 10 werkdagen. Dutch public holidays come from the maintained
``holidays`` package (Nieuwjaarsdag, Pasen, Koningsdag, Bevrijdingsdag in lustrum years, Hemelvaart,
Pinksteren, Kerstmis).

>>> add_werkdagen(dt.date(2025, 4, 17), 1)  # Goede Vrijdag and Easter Monday are no werkdagen
datetime.date(2025, 4, 22)
>>> month_end(dt.date(2024, 2, 10))
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("NL", years=[year]).keys())


def is_werkdag(day: dt.date) -> bool:
    """Whether ``day`` is a werkdag."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_werkdag(day: dt.date) -> dt.date:
    """``day`` itself when it is a werkdag, else the first werkdag after it."""
    while not is_werkdag(day):
        day += dt.timedelta(days=1)
    return day


def add_werkdagen(day: dt.date, count: int) -> dt.date:
    """The werkdag ``count`` werkdagen after ``day`` (``count`` 0: ``next_werkdag(day)``)."""
    day = next_werkdag(day)
    for _ in range(count):
        day = next_werkdag(day + dt.timedelta(days=1))
    return day


def werkdagen_between(first: dt.date, last: dt.date) -> int:
    """The number of werkdagen after ``first`` up to and including ``last`` (0 when ``last <= first``).

    A retour dated on the next werkdag came 1 werkdag after its heenbericht:

    >>> werkdagen_between(dt.date(2025, 4, 17), dt.date(2025, 4, 22))  # Thursday to Tuesday after Easter
    1
    >>> werkdagen_between(dt.date(2025, 3, 3), dt.date(2025, 3, 10))  # Monday to next Monday
    5
    """
    count = 0
    day = first + dt.timedelta(days=1)
    while day <= last:
        if is_werkdag(day):
            count += 1
        day += dt.timedelta(days=1)
    return count


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s month."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return next_month(day) - dt.timedelta(days=1)

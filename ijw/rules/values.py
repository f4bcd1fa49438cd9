"""Small value helpers shared by the in-message rules: dates, periods and signed amounts.

The rules only run on XSD-valid messages, so every value already has its lexical form: a date is an
``xs:date`` without time zone (``LDT_Datum``), an amount is a non-negative ``xs:integer`` in eurocents.
These helpers turn such values into things that compare and add up correctly.

Dates are compared through a sortable key instead of :class:`datetime.date` objects, which keeps the
hot paths (thousands of prestaties in one JW323) cheap and also copes with the years outside 1–9999 that
``xs:date`` allows:

>>> date_key("2026-04-01") < date_key("2026-04-30")
True
>>> date_key(" 2026-04-01 ") == date_key("2026-04-01")
True
>>> date_key("10000-01-01") > date_key("9999-12-31")
True

A period is a pair of keys, the end ``None`` when it is open:

>>> overlaps(("2026-01-01", "2026-03-31"), ("2026-03-31", None))
True
>>> overlaps(("2026-01-01", "2026-03-30"), ("2026-03-31", None))
False

Amounts with an indicator debet/credit become signed integers:

>>> signed("12500", "C")
-12500
"""

from __future__ import annotations

import calendar
from functools import lru_cache

#: Dates on or before this day belong to the old (pre-2021) way of assigning products; several
#: conditions only apply to toewijzingen running after it.
END_OF_2020 = "2020-12-31"


def date_key(value: str) -> str:
    """A string that sorts like the date ``value`` (``YYYY-MM-DD``, possibly padded by whitespace).

    The common four-digit year gets the cheap path; other years (``xs:date`` allows them) are padded
    so that all keys sort together.

    >>> date_key("2026-02-14")
    '102026-02-14'
    >>> date_key("-0001-01-01") < date_key("0001-01-01")
    True
    """
    if len(value) != 10:
        value = value.strip()
        if len(value) != 10 or value[0] == "-":
            year, rest = value[:-6], value[-6:]
            return f"{int(year) + 100000:06d}{rest}"
    return "10" + value


def key_of(value: str | None) -> str | None:
    """:func:`date_key` for an optional date."""
    return None if value is None else date_key(value)


def year_month(value: str) -> tuple[int, int]:
    """Year and month of a date.

    >>> year_month("2026-04-30")
    (2026, 4)
    """
    value = value.strip()
    return int(value[:-6]), int(value[-5:-3])


def day(value: str) -> int:
    """Day of the month of a date.

    >>> day("2026-04-30")
    30
    """
    return int(value.strip()[-2:])


def last_day_of_month(year: int, month: int) -> int:
    """Number of days in the month.

    >>> last_day_of_month(2028, 2)
    29
    """
    if 1 <= year <= 9999:
        return calendar.monthrange(year, month)[1]
    return calendar.monthrange(2000 if year % 4 == 0 else 2001, month)[1]


@lru_cache(maxsize=8192)
def shift_years(value: str, years: int) -> str:
    """The date ``years`` years before (negative) or after ``value``, same month and day.

    Only used for comparisons, so 29 February may land on a year without it; it still sorts right.
    Cached: the same Dagtekeningen recur in message after message.

    >>> shift_years("2026-05-06", -120)
    '1906-05-06'
    """
    year, month = year_month(value)
    return f"{year + years:04d}-{month:02d}-{day(value):02d}"


def plain_dates(*columns: list[str]) -> bool:
    """Whether every date in the columns has the plain ``YYYY-MM-DD`` form (so plain strings sort as dates).

    >>> plain_dates(["2026-04-01"], ["2026-04-30"]), plain_dates(["2026-04-01 "])
    (True, False)
    """
    return all(set(map(len, column)) <= {10} for column in columns)


def overlaps(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Whether two periods of whole days share at least one day; ``None`` is an open side.

    The period sides may be raw dates or :func:`date_key` keys (as long as both periods use the same).

    >>> overlaps(("2026-01-01", None), (None, "2025-12-31"))
    False
    """
    a_start, a_end = a
    b_start, b_end = b
    if a_start is not None and b_end is not None and b_end < a_start:
        return False
    return not (b_start is not None and a_end is not None and a_end < b_start)


def signed(amount: str, debet_credit: str) -> int:
    """An amount (eurocents) with its debet/credit indicator as a signed integer.

    >>> signed("0", "D")
    0
    >>> signed("+700", "D")
    700
    """
    value = int(amount)
    return -value if debet_credit == "C" else value


def integer(value: str) -> int:
    """An ``xs:integer`` value (leading zeros and a plus sign are allowed lexically).

    >>> integer("007")
    7
    """
    return int(value)

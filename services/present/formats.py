"""Dutch number, amount, percentage and date formats (Babel, locale ``nl_NL``), one place for all pages.

>>> print(number(1234567), euro(125984), euro(-5000), percent(0.1254), percent(None), sep=" | ")
1.234.567 | € 1.259,84 | € -50,00 | 12,5% | –

Amounts keep a no-break space between the euro sign and the number.
>>> day(dt.date(2026, 12, 3)), long_day(dt.date(2026, 12, 3)), month("2026-03"), month("2026-13")
('3 dec 2026', '3 december 2026', 'mrt 2026', '2026-13')
>>> moment(dt.datetime(2026, 12, 3, 8, 5, 9, tzinfo=dt.UTC))
'3 dec 2026 09:05:09'
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE = "nl_NL"
TIMEZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOTHING = "–"
"""What an empty value shows (a dash, never "None")."""


def number(value: int | float | None) -> str:
    """A count (or any number, rounded to a whole one) with Dutch thousands separators."""
    if value is None:
        return NOTHING
    return _whole(round(value))


@lru_cache(maxsize=8192)
def _whole(value: int) -> str:
    """Babel's formatting costs tens of microseconds a call; a chart asks for the same counts many times."""
    return format_decimal(value, locale=LOCALE)


def decimal(value: float | None, digits: int = 1) -> str:
    """A number with ``digits`` decimals, Dutch style.

    >>> decimal(1234.5), decimal(2, 2)
    ('1.234,5', '2,00')
    """
    if value is None:
        return NOTHING
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=LOCALE)


def euro(cents: int | None) -> str:
    """An amount in euro cents as Dutch currency."""
    if cents is None:
        return NOTHING
    return format_currency(cents / 100, "EUR", locale=LOCALE)


def percent(ratio: float | None, digits: int = 1) -> str:
    """A fraction (0–1) as a Dutch percentage."""
    if ratio is None:
        return NOTHING
    pattern = "#,##0." + "0" * digits + "%" if digits else "#,##0%"
    return format_percent(ratio, format=pattern, locale=LOCALE)


def share(part: int, whole: int) -> str:
    """``part`` of ``whole`` as a percentage; a dash when ``whole`` is 0.

    >>> share(1, 8), share(3, 0)
    ('12,5%', '–')
    """
    return percent(part / whole) if whole else NOTHING


def day(value: dt.date | None) -> str:
    """A date as in a table: ``3 dec 2026``."""
    if value is None:
        return NOTHING
    return format_date(value, "d MMM y", locale=LOCALE)


def long_day(value: dt.date | None) -> str:
    """A date as in a sentence: ``3 december 2026``."""
    if value is None:
        return NOTHING
    return format_date(value, "d MMMM y", locale=LOCALE)


@lru_cache(maxsize=1024)
def month(label: str) -> str:
    """A month ``YYYY-MM`` as ``mrt 2026`` (the label itself when it is not one)."""
    try:
        first = dt.date.fromisoformat(f"{label}-01")
    except ValueError:
        return label
    return format_date(first, "MMM y", locale=LOCALE)


def moment(value: dt.datetime | None) -> str:
    """A point in time in Dutch local time: ``3 dec 2026 09:05:09`` (naive values are UTC)."""
    if value is None:
        return NOTHING
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(TIMEZONE)
    return f"{day(local.date())} {local:%H:%M:%S}"

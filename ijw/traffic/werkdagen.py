"""Werkdagen and calendar months for the traffic generator: the domain library's :mod:`ijw.werkdagen`."""

from ijw.werkdagen import add_werkdagen, is_werkdag, month_end, month_start, next_month, next_werkdag

__all__ = ["add_werkdagen", "is_werkdag", "month_end", "month_start", "next_month", "next_werkdag"]

"""What differs between the two databases, in one place: which one a connection is, its INSERT with ON
CONFLICT, and portable SQL constructs for dates (the calendar month of a date, a difference in days).

SQLite stores dates as ``YYYY-MM-DD`` text and PostgreSQL as ``date``; :class:`month_of` and
:class:`days_between` compile to the native form on each, so that queries group and compare in the
database, not in Python.

>>> from sqlalchemy import column, select
>>> str(select(month_of(column("d"))).compile(dialect=sqlite.dialect()))
'SELECT substr(d, 1, 7) AS month_of_1'
>>> str(select(days_between(column("a"), column("b"))).compile(dialect=postgresql.dialect()))
'SELECT (b - a) AS days_between_1'
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, Integer, String, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


def is_postgres(bind: Connection | Engine) -> bool:
    """Whether ``bind`` talks to PostgreSQL (else it is SQLite: the only other supported database)."""
    return bind.dialect.name == "postgresql"


def is_sqlite(bind: Connection | Engine) -> bool:
    """Whether ``bind`` talks to SQLite."""
    return bind.dialect.name == "sqlite"


def dialect_insert(bind: Connection | Engine, table: Table) -> postgresql.Insert | sqlite.Insert:
    """The INSERT of ``bind``'s dialect into ``table``, which has ``on_conflict_do_nothing/do_update``."""
    return (postgresql.insert if is_postgres(bind) else sqlite.insert)(table)


class month_of(FunctionElement[str]):
    """``YYYY-MM`` of a date column (its calendar month)."""

    type = String()
    inherit_cache = True
    name = "month_of"

    def __init__(self, value: ColumnElement[Any]) -> None:
        super().__init__(value)


class days_between(FunctionElement[int]):
    """The number of days from the first date to the second (negative when the second is earlier)."""

    type = Integer()
    inherit_cache = True
    name = "days_between"

    def __init__(self, first: ColumnElement[Any], second: ColumnElement[Any]) -> None:
        super().__init__(first, second)


def _args(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> list[str]:
    return [compiler.process(arg, **kw) for arg in element.clauses]


@compiles(month_of)
def _month_of_default(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"substr({value}, 1, 7)"


@compiles(month_of, "postgresql")
def _month_of_pg(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    (value,) = _args(element, compiler, **kw)
    return f"to_char({value}, 'YYYY-MM')"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    first, second = _args(element, compiler, **kw)
    return f"CAST(julianday({second}) - julianday({first}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_between_pg(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    first, second = _args(element, compiler, **kw)
    return f"({second} - {first})"

"""Bulk writes through the database driver: one round trip per table per batch, no per-row statements.

Used by the ingest processor inside its batch transaction (a SQLAlchemy :class:`~sqlalchemy.Connection` in
a transaction). Rows are plain tuples in the order of the columns named with them; values are converted
with the column types' own bind processors for the dialect (so SQLite stores dates, times and timestamps in
exactly the form SQLAlchemy writes and reads), then handed to the driver:

- PostgreSQL (psycopg 3): ``COPY … FROM STDIN`` (3× faster than a multi-row or ``unnest`` insert of the
  same 500 messages), in PostgreSQL's binary format where every column has a built-in type this module
  knows (:func:`_binary_oids`): blobs travel as they are instead of hex-encoded, numbers and dates without
  text conversion on either side;
- SQLite: ``executemany`` of one prepared ``INSERT`` (the batch transaction holds the write lock).

A conflict with a unique constraint is not skipped: it raises, and the caller runs its batch again. Errors of
the driver are raised as SQLAlchemy's (``IntegrityError``, ``OperationalError`` …), as a statement executed
through the connection would raise them; a lost connection is invalidated.

Ids are allocated in advance (:meth:`BulkWriter.allocate_ids`) where later rows must refer to new rows: one
``nextval`` query per table on PostgreSQL, ``max(id)`` under the write lock on SQLite, so no
``RETURNING`` per row is needed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast

from sqlalchemy import Connection, LargeBinary, Table
from sqlalchemy import types as sqltypes
from sqlalchemy.exc import DBAPIError

from ijw.db.dialect import is_postgres

Processor = Callable[[Any], Any]


class BulkWriter:
    """Bulk inserts on the driver connection under ``conn`` (in its current transaction)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect
        self.postgres = is_postgres(conn)
        self._raw: Any = conn.connection.dbapi_connection
        self._processors: dict[tuple[str, tuple[str, ...]], list[tuple[int, Processor]]] = {}

    # -- ids ----------------------------------------------------------------------------------------------

    def allocate_ids(self, counts: dict[Table, int]) -> dict[Table, list[int]]:
        """Unused ids per table, as many as ``counts`` asks (reserved from each table's sequence in one
        query on PostgreSQL, above the table's largest id on SQLite)."""
        wanted = {table: n for table, n in counts.items() if n > 0}
        ids: dict[Table, list[int]] = {table: [] for table in counts}
        if not wanted:
            return ids
        with self._cursor("allocate ids") as cur:
            if self.postgres:
                by_name = {table.name: table for table in wanted}
                cur.execute(
                    "SELECT t.name, ARRAY(SELECT nextval(pg_get_serial_sequence(t.name, 'id')) "
                    "FROM generate_series(1, t.n)) "
                    "FROM unnest(CAST(%s AS text[]), CAST(%s AS int[])) AS t(name, n)",
                    (list(by_name), [wanted[table] for table in by_name.values()]),
                )
                for name, values in cur.fetchall():
                    ids[by_name[name]] = [int(v) for v in values]
                return ids
            for table, n in wanted.items():
                cur.execute(f'SELECT coalesce(max(id), 0) FROM "{table.name}"')
                start = int(cur.fetchone()[0]) + 1
                ids[table] = list(range(start, start + n))
            return ids

    # -- inserts ------------------------------------------------------------------------------------------

    def insert(self, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert ``rows`` (tuples in the order of ``columns``) into ``table``."""
        if not rows:
            return
        rows = self._convert(table, columns, rows)
        with self._cursor(f"insert into {table.name}") as cur:
            if self.postgres:
                from psycopg import sql

                oids = _binary_oids(table, columns)
                copy_sql = sql.SQL("COPY {} ({}) FROM STDIN{}").format(
                    sql.Identifier(table.name),
                    sql.SQL(", ").join(map(sql.Identifier, columns)),
                    sql.SQL(" (FORMAT BINARY)" if oids else ""),
                )
                with cur.copy(copy_sql) as copy:
                    if oids:
                        copy.set_types(oids)
                    for row in rows:
                        copy.write_row(row)
            else:
                cur.executemany(_sqlite_insert(table, columns), rows)

    @contextlib.contextmanager
    def _cursor(self, what: str) -> Iterator[Any]:
        """A driver cursor; its errors raised as SQLAlchemy's, a lost connection invalidated."""
        dbapi_error: type[Exception] = self.dialect.loaded_dbapi.Error
        cur = self._raw.cursor()
        try:
            yield cur
        except dbapi_error as exc:
            lost = self.dialect.is_disconnect(cast(Any, exc), self._raw, cur)
            if lost:
                self.conn.invalidate(exc)
            raise DBAPIError.instance(
                what, None, exc, dbapi_error, connection_invalidated=lost, dialect=self.dialect
            ) from exc
        finally:
            with contextlib.suppress(Exception):
                cur.close()

    def _convert(
        self, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
    ) -> list[tuple[Any, ...]]:
        """``rows`` with every value passed through its column type's bind processor (where it has one)."""
        key = (table.name, tuple(columns))
        processors = self._processors.get(key)
        if processors is None:
            processors = []
            for index, name in enumerate(columns):
                impl = table.c[name].type.dialect_impl(self.dialect)
                if isinstance(impl, LargeBinary):  # both drivers take bytes as they are
                    continue
                bind = impl.bind_processor(self.dialect)
                if bind is not None:
                    processors.append((index, bind))
            self._processors[key] = processors
        if not processors:
            return rows
        converted = []
        for row in rows:
            values = list(row)
            for index, convert in processors:
                value = values[index]
                if value is not None:
                    values[index] = convert(value)
            converted.append(tuple(values))
        return converted


# PostgreSQL's built-in type OIDs (pg_type.dat; the same in every database), most specific SQLAlchemy type
# first (Text is a String, BigInteger an Integer, Float a Numeric).
_OIDS: tuple[tuple[type[sqltypes.TypeEngine[Any]], int], ...] = (
    (sqltypes.BigInteger, 20),  # int8
    (sqltypes.SmallInteger, 21),  # int2
    (sqltypes.Integer, 23),  # int4
    (sqltypes.Boolean, 16),  # bool
    (sqltypes.Date, 1082),  # date
    (sqltypes.LargeBinary, 17),  # bytea
    (sqltypes.Text, 25),  # text
    (sqltypes.String, 1043),  # varchar
)
_BINARY_OIDS: dict[tuple[str, tuple[str, ...]], list[int] | None] = {}


def _binary_oids(table: Table, columns: Sequence[str]) -> list[int] | None:
    """The type OID of each column for a binary ``COPY``, or None when a column has a type not listed here
    (then the text format is used).

    >>> from sqlalchemy import Column, Date, DateTime, MetaData, String
    >>> t = Table("t", MetaData(), Column("d", Date), Column("s", String(5)), Column("ts", DateTime(True)))
    >>> _binary_oids(t, ["d", "s", "ts"])
    [1082, 1043, 1184]
    >>> _binary_oids(t, ["d", "s"])
    [1082, 1043]
    >>> from sqlalchemy import JSON
    >>> _binary_oids(Table("u", MetaData(), Column("j", JSON)), ["j"]) is None  # not listed: text format
    True
    """
    key = (table.name, tuple(columns))
    if key in _BINARY_OIDS:
        return _BINARY_OIDS[key]
    from sqlalchemy.dialects.postgresql import psycopg

    dialect = psycopg.dialect()  # type: ignore[no-untyped-call]
    found: list[int | None] = []
    for name in columns:
        impl = table.c[name].type.dialect_impl(dialect)
        if isinstance(impl, sqltypes.DateTime):
            found.append(1184 if impl.timezone else 1114)  # timestamptz, timestamp
        elif isinstance(impl, sqltypes.Time):
            found.append(1266 if impl.timezone else 1083)  # timetz, time
        else:
            found.append(next((oid for kind, oid in _OIDS if isinstance(impl, kind)), None))
    oids = None if None in found else [oid for oid in found if oid is not None]
    _BINARY_OIDS[key] = oids
    return oids


def _sqlite_insert(table: Table, columns: Sequence[str], suffix: str = "") -> str:
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" for _ in columns)
    return f'INSERT INTO "{table.name}" ({names}) VALUES ({marks}) {suffix}'.rstrip()

"""Tables as data: one :class:`DataTable` is both the HTML table of a page and its CSV download, so the
download holds exactly the rows the page shows, under the same selection.

A page builds its tables, passes them to :func:`services.dashboard.web.render_tables`, which renders the page
or, for ``?formaat=csv&tabel=<id>``, answers that one table as CSV. The CSV has the column titles of the page
and the raw values (codes, whole numbers, ISO dates, ratios as fractions), not the Dutch display texts.

>>> t = DataTable("t", "Voorbeeld", [Column("code"), Column("aantal", numeric=True)],
...               [[Cell("JW301"), Cell("1.234", 1234)]])
>>> t.csv()
'code,aantal\\r\\nJW301,1234\\r\\n'
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its title (also the CSV header) and whether it holds numbers (right-aligned)."""

    title: str
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell: the text shown, the raw value for the CSV (default: the text), a link, CSS classes, a
    ``title`` (tooltip), a ``tag`` shown after the text (not in the CSV)."""

    text: str
    value: Any = None
    href: str | None = None
    css: str = ""
    code: bool = False
    title: str = ""
    tag: str = ""

    @property
    def raw(self) -> str:
        value = self.text if self.value is None else self.value
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        return str(value)


@dataclass(slots=True)
class DataTable:
    """A table of a page: ``id`` (the HTML id and the ``tabel`` of its CSV link), a caption, columns, rows."""

    id: str
    caption: str
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    empty: str = "Geen gegevens."
    note: str = ""

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([c.title for c in self.columns])
        for row in self.rows:
            writer.writerow([cell.raw for cell in row])
        return out.getvalue()

    @property
    def filename(self) -> str:
        return f"{self.id}.csv"

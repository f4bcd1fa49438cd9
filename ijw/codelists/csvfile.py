"""Reading the project's CSV data files with errors that name the file and the line.

All data files of ``codelijsten/`` and ``productcodes/`` are UTF-8 CSV with a header line, ``,`` as
delimiter and ``"`` as quote character. Files brought in by an import may also use ``;`` and carry a
byte order mark (as spreadsheet programs write them); :func:`read_rows` accepts those when asked to.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     p = pathlib.Path(d, "x.csv")
...     _ = p.write_text("lijst,code,omschrijving\\nJZ020,31,Wijkteam\\n", encoding="utf-8")
...     [(row.line, row["code"]) for row in read_rows(p, ("lijst", "code", "omschrijving"))]
[(2, '31')]
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class DataFileError(ValueError):
    """A project data file (or a file offered for import) is malformed.

    ``path`` and ``line`` (1-based, ``None`` when the problem concerns the whole file) locate the problem.
    """

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.detail = message
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Row(Mapping[str, str]):
    """One data line: its values by column name (stripped), with the file and line it came from."""

    path: Path
    line: int
    data: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    def error(self, message: str) -> DataFileError:
        """An error about this line."""
        return DataFileError(self.path, self.line, message)

    def required(self, key: str) -> str:
        """The value of ``key``; an error when it is empty."""
        value = self.data[key]
        if not value:
            raise self.error(f"column {key!r} is empty")
        return value

    def optional(self, key: str) -> str | None:
        """The value of ``key``, ``None`` when empty."""
        return self.data[key] or None

    def date(self, key: str) -> dt.date:
        """The ISO date (YYYY-MM-DD) in ``key``."""
        value = self.required(key)
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(f"column {key!r}: {value!r} is not a date (YYYY-MM-DD)") from None

    def optional_date(self, key: str) -> dt.date | None:
        """The ISO date in ``key``, ``None`` when empty."""
        return self.date(key) if self.data[key] else None


def read_rows(
    path: Path,
    header: Sequence[str],
    *,
    any_order: bool = False,
    lenient_dialect: bool = False,
) -> Iterator[Row]:
    """Yield the data lines of ``path`` after checking its header against ``header``.

    ``any_order`` accepts the columns in another order (imports); ``lenient_dialect`` accepts ``;`` as
    delimiter and a byte order mark. Blank lines are skipped; a line with another number of fields than
    the header is an error.
    """
    try:
        text = path.read_text(encoding="utf-8-sig" if lenient_dialect else "utf-8")
    except FileNotFoundError:
        raise DataFileError(path, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(path, None, f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    if not lenient_dialect and text.startswith("\ufeff"):
        raise DataFileError(path, 1, "file starts with a byte order mark; write UTF-8 without BOM")
    delimiter = ","
    if lenient_dialect:
        first = text.split("\n", 1)[0]
        if first.count(";") > first.count(","):
            delimiter = ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    try:
        found = next(reader)
    except StopIteration:
        raise DataFileError(path, None, "file is empty (no header line)") from None
    except csv.Error as exc:
        raise DataFileError(path, 1, f"CSV syntax: {exc}") from None
    found = [name.strip() for name in found]
    expected = list(header)
    if any_order:
        if sorted(found) != sorted(expected) or len(set(found)) != len(found):
            raise DataFileError(path, 1, f"header {found} does not have the columns {expected}")
    elif found != expected:
        raise DataFileError(path, 1, f"header {found} is not {expected}")
    count = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DataFileError(path, reader.line_num, f"CSV syntax: {exc}") from None
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(found):
            raise DataFileError(
                path, reader.line_num, f"{len(fields)} fields where the header has {len(found)}"
            )
        count += 1
        yield Row(
            path, reader.line_num, {name: value.strip() for name, value in zip(found, fields, strict=True)}
        )
    if count == 0:
        raise DataFileError(path, None, "file has a header but no data lines")


def write_rows(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Write a data file in the project's dialect (UTF-8, ``,``, ``\\n``); refuses to overwrite."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)

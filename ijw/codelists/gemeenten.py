"""The CBS gemeente-indeling with the jeugdzorgregio of each gemeente.

Each indeling is one file ``cbs-gemeenten-YYYY-MM-DD.csv`` in ``codelijsten/`` (the date is the CBS
peildatum) with the columns ``gemeentecode,naam,provincie,jeugdzorgregio``. Several indelingen may be
present: TR378 allows the list that was current on the Ingangsdatum of the product, so after a gemeentelijke
herindeling the older list stays in use for older products.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ijw.codelists.csvfile import DataFileError, read_rows

GEMEENTEN_HEADER = ("gemeentecode", "naam", "provincie", "jeugdzorgregio")
GEMEENTEN_FILE = re.compile(r"^cbs-gemeenten-(\d{4}-\d{2}-\d{2})\.csv$")
_GEMEENTECODE = re.compile(r"^[0-9]{4}$")


@dataclass(frozen=True, slots=True)
class Gemeente:
    """A gemeente in one CBS indeling."""

    code: str
    naam: str
    provincie: str
    jeugdzorgregio: str


@dataclass(frozen=True, slots=True)
class GemeenteIndeling:
    """The gemeenten of one CBS peildatum."""

    peildatum: dt.date
    gemeenten: dict[str, Gemeente]
    path: Path


def read_indeling(path: Path) -> GemeenteIndeling:
    """Read and check one ``cbs-gemeenten-YYYY-MM-DD.csv`` file."""
    match = GEMEENTEN_FILE.match(path.name)
    if not match:
        raise DataFileError(path, None, "file name is not cbs-gemeenten-YYYY-MM-DD.csv")
    try:
        peildatum = dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise DataFileError(path, None, f"{match.group(1)!r} in the file name is not a date") from None
    gemeenten: dict[str, Gemeente] = {}
    first_line: dict[str, int] = {}
    for row in read_rows(path, GEMEENTEN_HEADER):
        code = row.required("gemeentecode")
        if not _GEMEENTECODE.match(code):
            raise row.error(f"gemeentecode {code!r} is not four digits")
        if code in gemeenten:
            raise row.error(f"gemeentecode {code} occurs again (first on line {first_line[code]})")
        gemeenten[code] = Gemeente(
            code, row.required("naam"), row.required("provincie"), row.required("jeugdzorgregio")
        )
        first_line[code] = row.line
    return GemeenteIndeling(peildatum, gemeenten, path)

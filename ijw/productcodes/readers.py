"""Reading the product code data files: one reader per kind, each checking its own rows and reporting a
problem as a :class:`ProductCodeError` naming the file and line. The files are checked against each other by
:mod:`ijw.productcodes.build`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from ijw.codelists.csvfile import DataFileError, Row, read_rows
from ijw.productcodes.model import (
    BIJ_DOMEINEN,
    UITVOERINGSVARIANTEN,
    Category,
    HulpvormRule,
    Product,
    RegionalProduct,
    Source,
    Taakveld,
    TaakveldRule,
)
from ijw.productcodes.versions import Kind

CATEGORIES_HEADER: Final = ("productcategorie", "omschrijving", "bij_domein")
TAAKVELDEN_HEADER: Final = ("taakveld", "omschrijving", "oud_taakveld", "geldig_vanaf", "hulpvormen")
HEADERS: Final[dict[Kind, tuple[str, ...]]] = {
    Kind.UNIFORM: (
        "productcategorie",
        "productcode",
        "omschrijving",
        "uitvoeringsvariant",
        "dimensie_hulpvorm_code",
        "eenheid",
        "ingangsdatum",
        "einddatum",
    ),
    Kind.GEMEENTE_CATALOGUS: (
        "gemeentecode",
        "productcategorie",
        "productcode",
        "omschrijving",
        "hulpvorm",
        "taakveld",
        "ingangsdatum",
        "einddatum",
    ),
    Kind.HULPVORM_MAPPING: ("productcategorie", "productcode", "hulpvorm", "geldig_vanaf", "geldig_tot"),
    Kind.TAAKVELD_MAPPING: (
        "productcategorie",
        "productcode",
        "taakveld",
        "default",
        "geldig_vanaf",
        "geldig_tot",
    ),
}

_CATEGORIE = re.compile(r"^[0-9]{2}$")
_TWO_DIGITS = re.compile(r"^[0-9]{2}$")
_GEMEENTECODE = re.compile(r"^[0-9]{4}$")
_TAAKVELD = re.compile(r"^[0-9]\.[0-9]{2}[a-z]?$")
_BOOL: Final = {"true": True, "false": False}


class ProductCodeError(DataFileError):
    """A product code data file (or a file offered for import) is malformed; names file and line."""


def _error(exc: DataFileError) -> ProductCodeError:
    return exc if isinstance(exc, ProductCodeError) else ProductCodeError(exc.path, exc.line, exc.detail)


def _productcode(row: Row, key: str = "productcode") -> str:
    code = row.required(key)
    if len(code) > 5:
        raise row.error(f"productcode {code!r} is longer than 5 positions (LDT_ProductCode)")
    return code


def _categorie(row: Row) -> str:
    code = row.required("productcategorie")
    if not _CATEGORIE.match(code):
        raise row.error(f"productcategorie {code!r} is not two digits")
    return code


def _two_digits(row: Row, key: str) -> str | None:
    value = row.optional(key)
    if value is not None and not _TWO_DIGITS.match(value):
        raise row.error(f"column {key!r}: {value!r} is not a two-digit code")
    return value


def _period(row: Row, start: str, end: str) -> tuple[dt.date, dt.date | None]:
    begin = row.date(start)
    finish = row.optional_date(end)
    if finish is not None and finish < begin:
        raise row.error(f"{end} {finish} lies before {start} {begin}")
    return begin, finish


def _taakveld_code(row: Row, key: str) -> str | None:
    value = row.optional(key)
    if value is not None and not _TAAKVELD.match(value):
        raise row.error(f"column {key!r}: {value!r} is not an Iv3 taakveld code such as 6.72a")
    return value


def _rows(path: Path, header: tuple[str, ...], lenient: bool) -> Iterable[Row]:
    return read_rows(path, header, any_order=lenient, lenient_dialect=lenient)


def read_categories(path: Path) -> dict[str, Category]:
    """``categorieen.csv``: productcategorie, omschrijving, bij_domein."""
    result: dict[str, Category] = {}
    try:
        for row in _rows(path, CATEGORIES_HEADER, False):
            code = _categorie(row)
            if code in result:
                raise row.error(f"productcategorie {code} occurs again")
            domein = row.required("bij_domein")
            if domein not in BIJ_DOMEINEN:
                raise row.error(f"bij_domein {domein!r} is not one of {', '.join(BIJ_DOMEINEN)}")
            result[code] = Category(code, row.required("omschrijving"), domein)
    except DataFileError as exc:
        raise _error(exc) from None
    return result


def read_taakvelden(path: Path) -> dict[str, Taakveld]:
    """``iv3-taakvelden.csv``: taakveld, omschrijving, oud_taakveld, geldig_vanaf, hulpvormen.

    ``hulpvormen`` lists (space-separated) the BIJ jeugdhulp hulpvormen whose products go to the taakveld
    when no mapping line names the product or its category; a hulpvorm belongs to one taakveld at most.
    """
    result: dict[str, Taakveld] = {}
    owner: dict[str, str] = {}
    try:
        for row in _rows(path, TAAKVELDEN_HEADER, False):
            code = _taakveld_code(row, "taakveld")
            if code is None:
                raise row.error("column 'taakveld' is empty")
            if code in result:
                raise row.error(f"taakveld {code} occurs again")
            hulpvormen = tuple((row.optional("hulpvormen") or "").split())
            for hulpvorm in hulpvormen:
                if not _TWO_DIGITS.match(hulpvorm):
                    raise row.error(f"column 'hulpvormen': {hulpvorm!r} is not a two-digit BIJ hulpvorm")
                if hulpvorm in owner:
                    raise row.error(f"hulpvorm {hulpvorm} is already listed under taakveld {owner[hulpvorm]}")
                owner[hulpvorm] = code
            result[code] = Taakveld(
                code,
                row.required("omschrijving"),
                row.required("oud_taakveld"),
                row.date("geldig_vanaf"),
                hulpvormen,
            )
    except DataFileError as exc:
        raise _error(exc) from None
    return result


def read_uniform(path: Path, *, lenient: bool = False) -> list[Product]:
    """A version of the uniform product code set."""
    result = []
    try:
        for row in _rows(path, HEADERS[Kind.UNIFORM], lenient):
            variant = row.optional("uitvoeringsvariant")
            if variant is not None and variant not in UITVOERINGSVARIANTEN:
                raise row.error(
                    f"uitvoeringsvariant {variant!r} is not one of {', '.join(UITVOERINGSVARIANTEN)}"
                )
            start, end = _period(row, "ingangsdatum", "einddatum")
            result.append(
                Product(
                    categorie=_categorie(row),
                    code=_productcode(row),
                    omschrijving=row.required("omschrijving"),
                    uitvoeringsvariant=variant,
                    dimensie_hulpvorm_code=_two_digits(row, "dimensie_hulpvorm_code"),
                    eenheid=_two_digits(row, "eenheid"),
                    ingangsdatum=start,
                    einddatum=end,
                    source=Source(row.path, row.line),
                )
            )
    except DataFileError as exc:
        raise _error(exc) from None
    return result


def read_catalogue(path: Path, name: str, *, lenient: bool = False) -> list[RegionalProduct]:
    """A version of a gemeente (or regional) catalogue."""
    result = []
    try:
        for row in _rows(path, HEADERS[Kind.GEMEENTE_CATALOGUS], lenient):
            gemeente = row.required("gemeentecode")
            if not _GEMEENTECODE.match(gemeente):
                raise row.error(f"gemeentecode {gemeente!r} is not four digits")
            start, end = _period(row, "ingangsdatum", "einddatum")
            result.append(
                RegionalProduct(
                    gemeente=gemeente,
                    categorie=_categorie(row),
                    code=_productcode(row),
                    omschrijving=row.required("omschrijving"),
                    hulpvorm=_two_digits(row, "hulpvorm"),
                    taakveld=_taakveld_code(row, "taakveld"),
                    ingangsdatum=start,
                    einddatum=end,
                    catalogus=name,
                    source=Source(row.path, row.line),
                )
            )
    except DataFileError as exc:
        raise _error(exc) from None
    return result


def read_hulpvorm_mapping(path: Path, *, lenient: bool = False) -> list[HulpvormRule]:
    """A version of the hulpvorm mapping."""
    result = []
    try:
        for row in _rows(path, HEADERS[Kind.HULPVORM_MAPPING], lenient):
            hulpvorm = _two_digits(row, "hulpvorm")
            if hulpvorm is None:
                raise row.error("column 'hulpvorm' is empty")
            start, end = _period(row, "geldig_vanaf", "geldig_tot")
            code = _productcode(row) if row["productcode"] else None
            result.append(
                HulpvormRule(_categorie(row), code, hulpvorm, start, end, Source(row.path, row.line))
            )
    except DataFileError as exc:
        raise _error(exc) from None
    return result


def read_taakveld_mapping(path: Path, *, lenient: bool = False) -> list[TaakveldRule]:
    """A version of the taakveld mapping."""
    result = []
    try:
        for row in _rows(path, HEADERS[Kind.TAAKVELD_MAPPING], lenient):
            taakveld = _taakveld_code(row, "taakveld")
            if taakveld is None:
                raise row.error("column 'taakveld' is empty")
            default = _BOOL.get(row["default"].lower())
            if default is None:
                raise row.error(f"column 'default': {row['default']!r} is not true or false")
            start, end = _period(row, "geldig_vanaf", "geldig_tot")
            code = _productcode(row) if row["productcode"] else None
            result.append(
                TaakveldRule(_categorie(row), code, taakveld, default, start, end, Source(row.path, row.line))
            )
    except DataFileError as exc:
        raise _error(exc) from None
    return result

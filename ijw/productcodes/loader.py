"""Loading and checking the product code data into a :class:`ProductCatalog`.

The data come from the project's ``productcodes/`` folder and, when ``IJW_PRODUCTCODES_DIR`` is set, from
that folder as well (a writable place for imported versions in a deployment; its versions count alongside
the shipped ones, the highest version of each kind is active, and its ``categorieen.csv`` or
``iv3-taakvelden.csv`` replace the shipped ones when present). Every problem is reported as a
:class:`ProductCodeError` naming the file and line.

>>> catalog = load_catalog()
>>> catalog.product("45A01").categorie
'45'
>>> catalog.category("48").omschrijving
'Jeugdbescherming'
>>> catalog.hulpvorm("35", None)
HulpvormMapping(hulpvorm='11', bij_domein='jeugdhulp', source='productcategorie')
>>> catalog.taakveld("45", "45A01", dt.date(2026, 1, 1))
TaakveldMapping(taakveld='6.72d', mapped_by_default=True)
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Final, TypeVar

from ijw.codelists.csvfile import DataFileError, Row, read_rows
from ijw.paths import data_dir
from ijw.productcodes.model import (
    BIJ_DOMEINEN,
    JEUGDHULP,
    UITVOERINGSVARIANTEN,
    Category,
    HulpvormMapping,
    HulpvormRule,
    Period,
    Product,
    RegionalProduct,
    Source,
    Taakveld,
    TaakveldMapping,
    TaakveldRule,
)
from ijw.productcodes.versions import (
    CATEGORIES_FILE,
    FOLDERS,
    TAAKVELDEN_FILE,
    Kind,
    VersionFile,
    VersionNameError,
    discover,
)

ENV_DIR: Final = "IJW_PRODUCTCODES_DIR"
ENV_EXAMPLES: Final = "IJW_PRODUCTCODES_EXAMPLES"

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


@dataclass
class CatalogParts:
    """The active files of every kind, parsed but not yet checked against each other."""

    categories: dict[str, Category]
    taakvelden: dict[str, Taakveld]
    uniform: list[Product]
    catalogues: dict[str, list[RegionalProduct]]
    hulpvorm: list[HulpvormRule]
    taakveld: list[TaakveldRule]
    files: dict[str, Path] = field(default_factory=dict)  # "uniform", "gemeente-catalogus/<name>", … → file


K = TypeVar("K")
R = TypeVar("R")


def _group(
    records: Iterable[R],
    key: Callable[[R], K],
    period: Callable[[R], Period],
    source: Callable[[R], Source],
    what: str,
) -> dict[K, tuple[R, ...]]:
    """Group by key, sorted by start; overlapping periods of one key are an error."""
    groups: dict[K, list[R]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    result: dict[K, tuple[R, ...]] = {}
    for k, items in groups.items():
        items.sort(key=lambda r: period(r).start)
        for i, later in enumerate(items):
            for earlier in items[:i]:
                if period(earlier).overlaps(period(later)):
                    src = source(later)
                    raise ProductCodeError(
                        src.path, src.line, f"{what} {k} overlaps in time with line {source(earlier).line}"
                    )
        result[k] = tuple(items)
    return result


def _key_text(key: tuple[str, str | None]) -> str:
    return f"{key[0]}/{key[1]}" if key[1] else f"{key[0]} (whole category)"


def build_catalog(parts: CatalogParts) -> ProductCatalog:
    """Check the parts against each other and build the catalogue."""
    categories = parts.categories
    for product in parts.uniform:
        if product.categorie not in categories:
            raise ProductCodeError(
                product.source.path,
                product.source.line,
                f"productcategorie {product.categorie} is not in {CATEGORIES_FILE}",
            )
    products = _group(parts.uniform, lambda p: p.code, lambda p: p.period, lambda p: p.source, "productcode")
    for code, rows in products.items():
        for row in rows[1:]:
            if row.categorie != rows[0].categorie:
                raise ProductCodeError(
                    row.source.path,
                    row.source.line,
                    f"productcode {code} has productcategorie {rows[0].categorie} on line "
                    f"{rows[0].source.line}",
                )

    regional_rows: list[RegionalProduct] = []
    for rows_of_catalogue in parts.catalogues.values():
        for item in rows_of_catalogue:
            src = item.source
            if item.categorie not in categories:
                raise ProductCodeError(
                    src.path, src.line, f"productcategorie {item.categorie} is not in {CATEGORIES_FILE}"
                )
            if item.code in products:
                raise ProductCodeError(
                    src.path,
                    src.line,
                    f"productcode {item.code} is in the uniform set (productcategorie "
                    f"{products[item.code][0].categorie}); a gemeente catalogue holds only codes outside it",
                )
            if item.taakveld is not None and item.taakveld not in parts.taakvelden:
                raise ProductCodeError(
                    src.path, src.line, f"taakveld {item.taakveld} is not in {TAAKVELDEN_FILE}"
                )
            regional_rows.append(item)
    regional = _group(
        regional_rows,
        lambda r: (r.gemeente, r.code),
        lambda r: r.period,
        lambda r: r.source,
        "gemeente/productcode",
    )
    for (gemeente, code), entries in regional.items():
        for entry in entries[1:]:
            if entry.categorie != entries[0].categorie:
                raise ProductCodeError(
                    entry.source.path,
                    entry.source.line,
                    f"productcode {code} of gemeente {gemeente} has productcategorie {entries[0].categorie} "
                    f"in {entries[0].source}",
                )

    def check_rule(categorie: str, code: str | None, src: Source) -> None:
        if categorie not in categories:
            raise ProductCodeError(
                src.path, src.line, f"productcategorie {categorie} is not in {CATEGORIES_FILE}"
            )
        if code is not None:
            rows = products.get(code)
            if rows is None:
                raise ProductCodeError(
                    src.path,
                    src.line,
                    f"productcode {code} is not in the uniform set "
                    "(map regional codes in their gemeente catalogue)",
                )
            if rows[0].categorie != categorie:
                raise ProductCodeError(
                    src.path, src.line, f"productcode {code} belongs to productcategorie {rows[0].categorie}"
                )

    for rule in parts.hulpvorm:
        check_rule(rule.categorie, rule.code, rule.source)
    for tv_rule in parts.taakveld:
        check_rule(tv_rule.categorie, tv_rule.code, tv_rule.source)
        if tv_rule.taakveld not in parts.taakvelden:
            raise ProductCodeError(
                tv_rule.source.path,
                tv_rule.source.line,
                f"taakveld {tv_rule.taakveld} is not in {TAAKVELDEN_FILE}",
            )
    hulpvorm = _group(
        parts.hulpvorm,
        lambda r: (r.categorie, r.code),
        lambda r: r.period,
        lambda r: r.source,
        "hulpvorm mapping of",
    )
    taakveld = _group(
        parts.taakveld,
        lambda r: (r.categorie, r.code),
        lambda r: r.period,
        lambda r: r.source,
        "taakveld mapping of",
    )
    return ProductCatalog(
        categories=MappingProxyType(dict(categories)),
        products=MappingProxyType(products),
        regional_products=MappingProxyType(regional),
        catalogue_gemeenten=frozenset(g for g, _ in regional),
        hulpvorm_rules=MappingProxyType(hulpvorm),
        taakveld_rules=MappingProxyType(taakveld),
        taakvelden=MappingProxyType(dict(parts.taakvelden)),
        files=MappingProxyType(dict(parts.files)),
    )


def _pick(rows: tuple[R, ...] | None, period: Callable[[R], Period], on: dt.date | None) -> R | None:
    """The row valid on ``on``; without a date the one that starts last."""
    if not rows:
        return None
    if on is None:
        return rows[-1]
    for row in rows:
        if period(row).contains(on):
            return row
    return None


@dataclass(frozen=True)
class ProductCatalog:
    """The loaded product code data: categories, uniform set, gemeente catalogues and mappings."""

    categories: Mapping[str, Category]
    products: Mapping[str, tuple[Product, ...]]  # by productcode, each sorted by ingangsdatum
    regional_products: Mapping[tuple[str, str], tuple[RegionalProduct, ...]]  # by (gemeentecode, productcode)
    catalogue_gemeenten: frozenset[str]
    hulpvorm_rules: Mapping[tuple[str, str | None], tuple[HulpvormRule, ...]]
    taakveld_rules: Mapping[tuple[str, str | None], tuple[TaakveldRule, ...]]
    taakvelden: Mapping[str, Taakveld]
    files: Mapping[str, Path]

    def category(self, code: str) -> Category | None:
        """The productcategorie ``code`` (JZ020), or ``None``."""
        return self.categories.get(code)

    def product(self, code: str, on: dt.date | None = None) -> Product | None:
        """The uniform product ``code`` valid on ``on`` (without a date: its latest period), or ``None``."""
        return _pick(self.products.get(code), lambda p: p.period, on)

    def in_uniform_set(self, code: str) -> bool:
        """Whether ``code`` is in the uniform set in any period."""
        return code in self.products

    def is_valid_on(self, code: str, on: dt.date) -> bool:
        """Whether the uniform product ``code`` is valid on ``on``."""
        return self.product(code, on) is not None

    def has_catalogue(self, gemeente: str | None) -> bool:
        """Whether a catalogue is loaded for this gemeente (then TR381 is checked for it)."""
        return gemeente is not None and gemeente in self.catalogue_gemeenten

    def regional(self, gemeente: str, code: str, on: dt.date | None = None) -> RegionalProduct | None:
        """The product ``code`` of the gemeente's catalogue valid on ``on`` (no date: latest), or ``None``."""
        return _pick(self.regional_products.get((gemeente, code)), lambda p: p.period, on)

    def regional_in_any_period(self, gemeente: str, code: str) -> tuple[RegionalProduct, ...]:
        return self.regional_products.get((gemeente, code), ())

    def hulpvorm(
        self, categorie: str, code: str | None, on: dt.date | None = None, *, gemeente: str | None = None
    ) -> HulpvormMapping | None:
        """The BIJ hulpvorm (or type maatregel) of a product, or ``None`` when nothing maps it.

        Order: a productcode line of the hulpvorm mapping; the hulpvorm of a regional code in the gemeente's
        catalogue; a productcategorie line of the mapping. The code must belong to ``categorie``.
        """
        cat = self.categories.get(categorie)
        if cat is None:
            return None
        if code is not None:
            rule = _pick(self.hulpvorm_rules.get((categorie, code)), lambda r: r.period, on)
            if rule is not None:
                return HulpvormMapping(rule.hulpvorm, cat.bij_domein, "productcode")
            if gemeente is not None:
                regional = self.regional(gemeente, code, on)
                if regional is not None and regional.categorie == categorie and regional.hulpvorm is not None:
                    return HulpvormMapping(regional.hulpvorm, cat.bij_domein, "gemeente-catalogus")
        rule = _pick(self.hulpvorm_rules.get((categorie, None)), lambda r: r.period, on)
        if rule is not None:
            return HulpvormMapping(rule.hulpvorm, cat.bij_domein, "productcategorie")
        return None

    def taakveld(
        self, categorie: str, code: str | None, on: dt.date | None = None, *, gemeente: str | None = None
    ) -> TaakveldMapping | None:
        """The Iv3 taakveld of a product as ``(taakveld, mapped_by_default)``, or ``None``.

        The first that applies (DESIGN.md, Iv3 aggregates): a productcode line of the taakveld mapping or the
        taakveld of a regional code in the gemeente's catalogue; a productcategorie line that is not a default
        (46, 47, 48, 51/52/54, 55, 42); the taakveld that lists the product's BIJ jeugdhulp hulpvorm (11
        pleegzorg 6.73a, 12 gezinsgericht 6.73b, 13 gesloten 6.74c, 14 overig verblijf 6.73c, 03 daghulp
        6.72c; the 2015 categories 35–38 get theirs through their hulpvorm); only then the productcategorie's
        default line, marked ``mapped_by_default``.

        >>> catalog = load_catalog()
        >>> on = dt.date(2026, 1, 1)
        >>> catalog.taakveld("43", "43A03", on), catalog.taakveld("44", "44A05", on)
        (TaakveldMapping(taakveld='6.73a', mapped_by_default=False), \
TaakveldMapping(taakveld='6.73b', mapped_by_default=False))
        """
        if code is not None:
            rule = _pick(self.taakveld_rules.get((categorie, code)), lambda r: r.period, on)
            if rule is not None:
                return TaakveldMapping(rule.taakveld, rule.default)
            if gemeente is not None:
                regional = self.regional(gemeente, code, on)
                if regional is not None and regional.categorie == categorie and regional.taakveld is not None:
                    return TaakveldMapping(regional.taakveld, False)
        rule = _pick(self.taakveld_rules.get((categorie, None)), lambda r: r.period, on)
        if rule is not None and not rule.default:
            return TaakveldMapping(rule.taakveld, False)
        by_hulpvorm = self._taakveld_of_hulpvorm(categorie, code, on, gemeente)
        if by_hulpvorm is not None:
            return TaakveldMapping(by_hulpvorm, False)
        if rule is not None:
            return TaakveldMapping(rule.taakveld, rule.default)
        return None

    def _taakveld_of_hulpvorm(
        self, categorie: str, code: str | None, on: dt.date | None, gemeente: str | None
    ) -> str | None:
        mapping = self.hulpvorm(categorie, code, on, gemeente=gemeente)
        if mapping is None or mapping.bij_domein != JEUGDHULP:
            return None
        for taakveld in self.taakvelden.values():
            if mapping.hulpvorm in taakveld.hulpvormen and (on is None or on >= taakveld.geldig_vanaf):
                return taakveld.code
        return None

    def products_on(self, on: dt.date | None = None, categorie: str | None = None) -> list[Product]:
        """Uniform products (valid on ``on`` when given; otherwise their latest period), by code."""
        result = []
        for code in sorted(self.products):
            product = self.product(code, on)
            if product is not None and (categorie is None or product.categorie == categorie):
                result.append(product)
        return result


def default_dirs() -> list[Path]:
    """The shipped ``productcodes/`` folder, plus ``IJW_PRODUCTCODES_DIR`` when set."""
    dirs = [data_dir("productcodes")]
    env = os.environ.get(ENV_DIR)
    if env and Path(env).resolve() != dirs[0].resolve():
        dirs.append(Path(env))
    return dirs


def examples_requested() -> bool:
    return os.environ.get(ENV_EXAMPLES, "").lower() in ("1", "true", "yes")


def _last_existing(dirs: list[Path], name: str) -> Path:
    found = [d / name for d in dirs if (d / name).is_file()]
    if not found:
        raise ProductCodeError(dirs[0] / name, None, "file not found")
    return found[-1]


def read_parts(dirs: list[Path], include_examples: bool) -> CatalogParts:
    """Parse the active version of every kind in ``dirs`` (not yet checked against each other)."""
    try:
        versions = discover(dirs)
    except VersionNameError as exc:
        raise ProductCodeError(exc.path, None, str(exc).split(": ", 1)[-1]) from None
    parts = CatalogParts(
        categories=read_categories(_last_existing(dirs, CATEGORIES_FILE)),
        taakvelden=read_taakvelden(_last_existing(dirs, TAAKVELDEN_FILE)),
        uniform=[],
        catalogues={},
        hulpvorm=[],
        taakveld=[],
    )
    parts.files["categorieen"] = _last_existing(dirs, CATEGORIES_FILE)
    parts.files["iv3-taakvelden"] = _last_existing(dirs, TAAKVELDEN_FILE)
    for kind in (Kind.UNIFORM, Kind.HULPVORM_MAPPING, Kind.TAAKVELD_MAPPING):
        files = versions.get((kind, None))
        if not files:
            raise ProductCodeError(dirs[0] / FOLDERS[kind], None, "no version file vYYYY-MM.csv found")
        active = files[-1]
        parts.files[str(kind)] = active.path
        if kind is Kind.UNIFORM:
            parts.uniform = read_uniform(active.path)
        elif kind is Kind.HULPVORM_MAPPING:
            parts.hulpvorm = read_hulpvorm_mapping(active.path)
        else:
            parts.taakveld = read_taakveld_mapping(active.path)
    for (kind, name), files in sorted(versions.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if kind is not Kind.GEMEENTE_CATALOGUS or name is None or not files:
            continue
        active = files[-1]
        if active.is_example and not include_examples:
            continue
        parts.files[f"{kind}/{name}"] = active.path
        parts.catalogues[name] = read_catalogue(active.path, name)
    return parts


def all_version_files(dirs: list[Path]) -> dict[tuple[Kind, str | None], list[VersionFile]]:
    """Every version file of every kind (for ``ijw productcodes check``)."""
    try:
        return discover(dirs)
    except VersionNameError as exc:
        raise ProductCodeError(exc.path, None, str(exc).split(": ", 1)[-1]) from None


def load_catalog(
    dirs: Iterable[Path] | Path | None = None, *, include_examples: bool | None = None
) -> ProductCatalog:
    """Load and check the product code data (cached per folders and example setting).

    ``dirs`` defaults to :func:`default_dirs`; ``include_examples`` to ``IJW_PRODUCTCODES_EXAMPLES``.
    Example catalogues (folders ``gemeente-catalogi/voorbeeld*``) are left out unless asked for, so that
    a demo catalogue never decides TR381 for real traffic.
    """
    if dirs is None and include_examples is None:
        # the hot path (a check per product in every message): skip resolving folders when nothing changed
        key = (os.environ.get(ENV_DIR), os.environ.get(ENV_EXAMPLES))
        cached = _default_memo.get(key)
        if cached is None:
            cached = _load(tuple(default_dirs()), examples_requested())
            _default_memo[key] = cached
        return cached
    if dirs is None:
        folders = tuple(default_dirs())
    elif isinstance(dirs, Path):
        folders = (dirs,)
    else:
        folders = tuple(Path(d) for d in dirs)
    examples = examples_requested() if include_examples is None else include_examples
    return _load(folders, examples)


_default_memo: dict[tuple[str | None, str | None], ProductCatalog] = {}


@lru_cache(maxsize=8)
def _load(dirs: tuple[Path, ...], include_examples: bool) -> ProductCatalog:
    for folder in dirs:
        if not folder.is_dir():
            raise ProductCodeError(folder, None, "product code folder not found")
    return build_catalog(read_parts(list(dirs), include_examples))


def clear_cache() -> None:
    """Forget loaded catalogues (after an import)."""
    _default_memo.clear()
    _load.cache_clear()

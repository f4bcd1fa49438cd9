"""Building the :class:`~ijw.productcodes.catalogue.ProductCatalog` from the parsed files: every file is
checked against the others (categories, the uniform set, the gemeente catalogues, the mappings) and the rows
of one key must not overlap in time."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from ijw.productcodes.catalogue import ProductCatalog
from ijw.productcodes.model import (
    Category,
    HulpvormRule,
    Period,
    Product,
    RegionalProduct,
    Source,
    Taakveld,
    TaakveldRule,
)
from ijw.productcodes.readers import ProductCodeError
from ijw.productcodes.versions import CATEGORIES_FILE, TAAKVELDEN_FILE


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


def build_catalog(parts: CatalogParts) -> ProductCatalog:
    """Check the parts against each other and build the catalogue."""
    products = _uniform_set(parts)
    regional = _gemeente_catalogues(parts, products)
    _check_mappings(parts, products)
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
        categories=MappingProxyType(dict(parts.categories)),
        products=MappingProxyType(products),
        regional_products=MappingProxyType(regional),
        catalogue_gemeenten=frozenset(g for g, _ in regional),
        hulpvorm_rules=MappingProxyType(hulpvorm),
        taakveld_rules=MappingProxyType(taakveld),
        taakvelden=MappingProxyType(dict(parts.taakvelden)),
        files=MappingProxyType(dict(parts.files)),
    )


def _uniform_set(parts: CatalogParts) -> dict[str, tuple[Product, ...]]:
    """The uniform products by code: known categories, one categorie per code, no overlapping periods."""
    for product in parts.uniform:
        if product.categorie not in parts.categories:
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
    return products


def _gemeente_catalogues(
    parts: CatalogParts, products: dict[str, tuple[Product, ...]]
) -> dict[tuple[str, str], tuple[RegionalProduct, ...]]:
    """The regional products by (gemeentecode, productcode): codes outside the uniform set, known categories
    and taakvelden, one categorie per code, no overlapping periods."""
    regional_rows: list[RegionalProduct] = []
    for rows_of_catalogue in parts.catalogues.values():
        for item in rows_of_catalogue:
            src = item.source
            if item.categorie not in parts.categories:
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
    return regional


def _check_mappings(parts: CatalogParts, products: dict[str, tuple[Product, ...]]) -> None:
    """Every mapping line names a known categorie, a uniform code of that categorie, a known taakveld."""

    def check_rule(categorie: str, code: str | None, src: Source) -> None:
        if categorie not in parts.categories:
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

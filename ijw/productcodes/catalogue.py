"""The loaded product code data (:class:`ProductCatalog`) and its look-ups: a product valid on a date, the
BIJ hulpvorm and the Iv3 taakveld of a product."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ijw.productcodes.model import (
    JEUGDHULP,
    Category,
    HulpvormMapping,
    HulpvormRule,
    Period,
    Product,
    RegionalProduct,
    Taakveld,
    TaakveldMapping,
    TaakveldRule,
)

R = TypeVar("R")


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

        >>> from ijw.productcodes import load_catalog
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

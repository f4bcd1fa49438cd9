"""Checks of the product code data beyond file syntax: against the code lists, and over all versions.

:func:`check_data` is what ``ijw productcodes check`` runs: every version file of every kind must parse,
the active versions must fit together (:func:`ijw.productcodes.build.build_catalog`), and the data must
agree with the code lists (categories = JZ020, eenheid in WJ756, catalogue gemeenten in the CBS list). The
contract tariffs (``tarieven/``, TR418) are checked too: every version parses, and the active versions load
without overlapping periods, with WJ756 Eenheden (OP262 for inspanningsgericht products), CBS gemeentecodes
and productcodes that exist in their productcategorie on the ingangsdatum (:func:`tariff_problems`, also run
by the import).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ijw.codelists import CodeLists, DataFileError, codes, load_codelists
from ijw.productcodes.build import build_catalog
from ijw.productcodes.catalogue import ProductCatalog
from ijw.productcodes.loader import all_version_files, default_dirs, read_parts
from ijw.productcodes.model import UITVOERINGSVARIANTEN, Product, RegionalProduct
from ijw.productcodes.readers import (
    ProductCodeError,
    read_catalogue,
    read_hulpvorm_mapping,
    read_taakveld_mapping,
    read_uniform,
)
from ijw.productcodes.tarieven import Tarief, Tarieven, active_files, read_tarieven
from ijw.productcodes.versions import EXAMPLE_PREFIX, Kind


@dataclass
class CheckReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def product_problems(products: list[Product], codelists: CodeLists) -> list[ProductCodeError]:
    """Eenheid codes outside WJ756."""
    units = codelists.get("WJ756")
    return [
        ProductCodeError(p.source.path, p.source.line, f"eenheid {p.eenheid!r} is not a code of WJ756")
        for p in products
        if p.eenheid is not None and p.eenheid not in units
    ]


def catalogue_problems(rows: list[RegionalProduct], codelists: CodeLists) -> list[ProductCodeError]:
    """Gemeentecodes that no loaded CBS indeling knows."""
    return [
        ProductCodeError(
            r.source.path, r.source.line, f"gemeentecode {r.gemeente} is not in the CBS gemeente list"
        )
        for r in rows
        if not codelists.known_gemeente(r.gemeente)
    ]


def _product_problem(t: Tarief, catalog: ProductCatalog, examples: bool) -> str | None:
    """Why the productcode of ``t`` is not a product of its productcategorie on its ingangsdatum, or None.

    A code of the uniform set, or of the catalogue of the line's own gemeente (an example catalogue counts
    only for a tariff folder that is an example itself).
    """
    regional = [
        r
        for r in catalog.regional_in_any_period(t.gemeente, t.code)
        if examples or not r.catalogus.startswith(EXAMPLE_PREFIX)
    ]
    periods: list[Product | RegionalProduct] = [*catalog.products.get(t.code, ()), *regional]
    on = t.ingangsdatum
    if any(p.categorie == t.categorie and p.valid_on(on) for p in periods):
        return None
    if not periods:
        return (
            f"productcode {t.code} is neither in the uniform set nor in a catalogue of gemeente {t.gemeente}"
        )
    categories = sorted({p.categorie for p in periods})
    if t.categorie not in categories:
        return f"productcode {t.code} belongs to productcategorie {'/'.join(categories)}, not {t.categorie}"
    valid = ", ".join(
        f"{p.ingangsdatum} – {p.einddatum or 'open'}" for p in periods if p.categorie == t.categorie
    )
    return f"productcode {t.code} is not valid on the ingangsdatum {on} (valid {valid})"


def op262(t: Tarief, catalog: ProductCatalog) -> str | None:
    """OP262: "Voor ondersteuningsproducten met een inspanningsgerichte uitvoering wordt een tarief per
    tijdseenheid afgesproken", except "stuks (inspanning)": a tarief per stuk. So no tariff per 82 stuks
    (output) for a product that the uniform set marks Inspanningsgericht (83 euro's has no tariff at all)."""
    product = catalog.product(t.code, t.ingangsdatum)
    if (
        product is None
        or product.uitvoeringsvariant != UITVOERINGSVARIANTEN[0]
        or t.eenheid != codes.EENHEID_STUKS_OUTPUT
    ):
        return None
    return (
        f"productcode {t.code} is inspanningsgericht: OP262 agrees a tariff per tijdseenheid, or per stuk "
        f"for eenheid 84 stuks (inspanning), not per eenheid 82 stuks (output)"
    )


def tariff_problems(
    lines: Iterable[Tarief], codelists: CodeLists, catalog: ProductCatalog, *, examples: bool
) -> list[ProductCodeError]:
    """Contract tariffs with an Eenheid outside WJ756, a gemeentecode no loaded CBS indeling knows, or a
    productcode that is no product of its productcategorie on the ingangsdatum (uniform set or the
    gemeente's catalogue; example catalogues only when ``examples``), or an Eenheid that :func:`op262`
    excludes for the product.

    The product must exist on the ingangsdatum, not merely at some time in the tariff's period: the first
    day of a tariff is a day it is meant to apply, and a line that starts before its product exists is
    most likely a wrong date or code; a code that ends later does not invalidate an open tariff.
    """
    units = codelists.get("WJ756")
    problems: list[ProductCodeError] = []
    for t in lines:
        found: list[str] = []
        if t.eenheid not in units:
            found.append(f"eenheid {t.eenheid!r} is not a code of WJ756")
        if not codelists.known_gemeente(t.gemeente):
            found.append(f"gemeentecode {t.gemeente} is not in the CBS gemeente list")
        product = _product_problem(t, catalog, examples) or op262(t, catalog)
        if product is not None:
            found.append(product)
        path, line = (t.source.path, t.source.line) if t.source else (Path("tarieven"), None)
        problems.extend(ProductCodeError(path, line, message) for message in found)
    return problems


def check_against_codelists(catalog: ProductCatalog, codelists: CodeLists) -> CheckReport:
    """Categories = JZ020 (code and omschrijving), eenheid in WJ756, catalogue gemeenten known to CBS."""
    report = CheckReport()
    jz020 = codelists.get("JZ020")
    categories_file = catalog.files.get("categorieen", Path("categorieen.csv"))
    for code, omschrijving in jz020.items():
        category = catalog.categories.get(code)
        if category is None:
            report.errors.append(f"{categories_file}: productcategorie {code} of JZ020 is missing")
        elif category.omschrijving != omschrijving:
            report.errors.append(
                f"{categories_file}: productcategorie {code} omschrijving {category.omschrijving!r} "
                f"differs from JZ020 {omschrijving!r}"
            )
    for code in catalog.categories:
        if code not in jz020:
            report.errors.append(f"{categories_file}: productcategorie {code} is not in JZ020")
    report.errors.extend(
        str(e) for e in product_problems([p for v in catalog.products.values() for p in v], codelists)
    )
    report.errors.extend(
        str(e)
        for e in catalogue_problems([r for v in catalog.regional_products.values() for r in v], codelists)
    )
    today = dt.date.today()
    for code in catalog.categories:
        if catalog.taakveld(code, None, today) is None:
            report.warnings.append(f"productcategorie {code} has no taakveld mapping valid today ({today})")
    return report


def check_data(dirs: list[Path] | None = None, codelists_dir: Path | None = None) -> CheckReport:
    """Check every product code data file in ``dirs`` (default: the shipped folder and the overlay)."""
    folders = dirs if dirs is not None else default_dirs()
    report = CheckReport()
    try:
        codelists = load_codelists(codelists_dir)
    except DataFileError as exc:
        report.errors.append(str(exc))
        return report
    try:
        versions = all_version_files(folders)
    except DataFileError as exc:
        report.errors.append(str(exc))
        return report
    for (kind, name), files in sorted(versions.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        for vf in files:
            try:
                if kind is Kind.UNIFORM:
                    report.errors.extend(str(e) for e in product_problems(read_uniform(vf.path), codelists))
                elif kind is Kind.GEMEENTE_CATALOGUS:
                    found = catalogue_problems(read_catalogue(vf.path, name or ""), codelists)
                    report.errors.extend(str(e) for e in found)
                elif kind is Kind.HULPVORM_MAPPING:
                    read_hulpvorm_mapping(vf.path)
                elif kind is Kind.TAAKVELD_MAPPING:
                    read_taakveld_mapping(vf.path)
                else:
                    read_tarieven(vf.path)
            except DataFileError as exc:
                report.errors.append(str(exc))
        if files and kind is not Kind.TARIEVEN:  # the active tariff versions are listed below
            label = f"{kind}/{name}" if name else str(kind)
            report.summary.append(
                f"{label}: {len(files)} version(s), active {files[-1].version} ({files[-1].path})"
            )
    try:
        catalog = build_catalog(read_parts(folders, include_examples=True))
    except DataFileError as exc:
        report.errors.append(str(exc))
        return report
    cross = check_against_codelists(catalog, codelists)
    report.errors.extend(cross.errors)
    report.warnings.extend(cross.warnings)
    try:
        tariff_files = active_files(folders, include_examples=True)
        tariffs = {name: read_tarieven(path) for name, path in sorted(tariff_files.items())}
        Tarieven.of(t for lines in tariffs.values() for t in lines)
    except DataFileError as exc:
        report.errors.append(str(exc))
        return report
    for name, lines in tariffs.items():
        found = tariff_problems(lines, codelists, catalog, examples=name.startswith(EXAMPLE_PREFIX))
        report.errors.extend(str(e) for e in found)
    report.summary.extend(f"tarieven/{name}: active {path}" for name, path in sorted(tariff_files.items()))
    regional = sum(len(v) for v in catalog.regional_products.values())
    hulpvorm = sum(len(v) for v in catalog.hulpvorm_rules.values())
    taakveld = sum(len(v) for v in catalog.taakveld_rules.values())
    report.summary.append(
        f"{len(catalog.categories)} productcategorieën, {len(catalog.products)} uniform productcodes, "
        f"{regional} regional codes of {len(catalog.catalogue_gemeenten)} gemeente(n), "
        f"{hulpvorm} hulpvorm and {taakveld} taakveld mapping lines, {len(catalog.taakvelden)} Iv3 taakvelden"
    )
    return report

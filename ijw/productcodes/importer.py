"""Importing a new version of product code data from a CSV file.

:func:`import_csv` reads a CSV of one kind (``uniform``, ``gemeente-catalogus``, ``hulpvorm-mapping``,
``taakveld-mapping``, ``tarieven``), checks it like the loader does, checks that the whole catalogue (for
contract tariffs: the tariffs of every folder, against the catalogue) still fits together with it as the
active version, and writes it as a new version file into the product code folder
(``IJW_PRODUCTCODES_DIR`` when set, else the project's ``productcodes/``). An existing version is never
overwritten, and a new version must sort after every existing version of its kind.

The file may have its columns in any order, ``;`` as delimiter and a byte order mark (spreadsheet
exports), and a tarief with a decimal comma; it is written in the project's dialect with the columns in
their documented order (a tarief as ``87.50``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ijw.codelists import CodeLists, load_codelists
from ijw.codelists.csvfile import write_rows
from ijw.paths import data_dir
from ijw.productcodes import tarieven
from ijw.productcodes.build import CatalogParts, build_catalog
from ijw.productcodes.catalogue import ProductCatalog
from ijw.productcodes.loader import ENV_DIR, clear_cache, default_dirs, read_parts
from ijw.productcodes.model import HulpvormRule, Product, RegionalProduct, TaakveldRule
from ijw.productcodes.readers import (
    HEADERS,
    ProductCodeError,
    read_catalogue,
    read_hulpvorm_mapping,
    read_taakveld_mapping,
    read_uniform,
)
from ijw.productcodes.tarieven import Tarief
from ijw.productcodes.validate import catalogue_problems, product_problems, tariff_problems
from ijw.productcodes.versions import (
    CATALOGUE_NAME,
    EXAMPLE_PREFIX,
    FOLDERS,
    Kind,
    Version,
    discover,
    parse_version_label,
)


class ImportRefused(ProductCodeError):
    """The import would overwrite a version, or would not become the active version."""


@dataclass(frozen=True)
class ImportResult:
    kind: Kind
    version: Version
    path: Path
    rows: int
    catalogue: str | None
    warnings: tuple[str, ...]


def default_target() -> Path:
    """Where imports are written: ``IJW_PRODUCTCODES_DIR`` when set, else the project's folder."""
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else data_dir("productcodes")


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _s(value: str | None) -> str:
    return value or ""


def _uniform_row(p: Product) -> list[str]:
    return [
        p.categorie,
        p.code,
        p.omschrijving,
        _s(p.uitvoeringsvariant),
        _s(p.dimensie_hulpvorm_code),
        _s(p.eenheid),
        _d(p.ingangsdatum),
        _d(p.einddatum),
    ]


def _catalogue_row(r: RegionalProduct) -> list[str]:
    return [
        r.gemeente,
        r.categorie,
        r.code,
        r.omschrijving,
        _s(r.hulpvorm),
        _s(r.taakveld),
        _d(r.ingangsdatum),
        _d(r.einddatum),
    ]


def _hulpvorm_row(r: HulpvormRule) -> list[str]:
    return [r.categorie, _s(r.code), r.hulpvorm, _d(r.geldig_vanaf), _d(r.geldig_tot)]


def _taakveld_row(r: TaakveldRule) -> list[str]:
    return [
        r.categorie,
        _s(r.code),
        r.taakveld,
        "true" if r.default else "false",
        _d(r.geldig_vanaf),
        _d(r.geldig_tot),
    ]


def _tarief_row(t: Tarief) -> list[str]:
    return [
        t.gemeente,
        _s(t.aanbieder),
        t.categorie,
        t.code,
        t.eenheid,
        tarieven.euros(t.cents),
        _d(t.ingangsdatum),
        _d(t.einddatum),
    ]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _folder_name(kind: Kind, given: str | None, gemeenten: set[str], source: Path) -> str:
    """The folder of a named kind: ``given``, else ``<gemeentecode>-<naam>`` of the file's one gemeente."""
    name = given
    if name is None:
        if len(gemeenten) != 1:
            raise ProductCodeError(
                source,
                None,
                f"the file holds {len(gemeenten)} gemeenten; name its {FOLDERS[kind]} folder (--name)",
            )
        (gemeente,) = gemeenten
        naam = load_codelists().gemeente_naam(gemeente)
        name = f"{gemeente}-{_slug(naam)}" if naam else gemeente
    if not CATALOGUE_NAME.match(name):
        raise ProductCodeError(
            source, None, f"{FOLDERS[kind]} folder name {name!r}: use lower case letters, digits and '-'"
        )
    return name


def _choose_version(existing: Sequence[Version], wanted: str | None, today: dt.date, folder: Path) -> Version:
    latest = max(existing) if existing else None
    if wanted is not None:
        version = parse_version_label(wanted)
        if version is None:
            raise ImportRefused(folder, None, f"version {wanted!r} is not vYYYY-MM or vYYYY-MM.N (N ≥ 2)")
        if version in existing:
            raise ImportRefused(
                folder / version.filename, None, f"version {version} exists; it is never overwritten"
            )
        if latest is not None and version < latest:
            raise ImportRefused(
                folder / version.filename,
                None,
                f"version {version} is older than the active version {latest}",
            )
        return version
    version = Version(today.year, today.month)
    if latest is not None and version <= latest:
        version = latest.next()
    return version


def import_csv(
    kind: Kind | str,
    path: Path,
    *,
    target: Path | None = None,
    version: str | None = None,
    catalogue: str | None = None,
    skip_uniform: bool = False,
    today: dt.date | None = None,
) -> ImportResult:
    """Check ``path`` as data of ``kind`` and write it as a new version; returns what was written.

    ``catalogue`` names the folder of a gemeente catalogue or of contract tariffs (default:
    ``<gemeentecode>-<naam>`` when the file holds one gemeente). With ``skip_uniform``, lines of a gemeente
    catalogue that repeat a uniform code under its own productcategorie are left out (with a warning)
    instead of refused. Raises :class:`ProductCodeError`
    (file and line) for invalid content and :class:`ImportRefused` when the version exists or is older.
    """
    try:
        kind = Kind(kind)
    except ValueError:
        raise ProductCodeError(
            path, None, f"unknown kind {kind!r}; one of {', '.join(k.value for k in Kind)}"
        ) from None
    path = Path(path)
    target_dir = Path(target) if target is not None else default_target()
    dirs = default_dirs()
    if all(d.resolve() != target_dir.resolve() for d in dirs):
        dirs.append(target_dir)
    parts = read_parts(dirs, include_examples=True)
    warnings: list[str] = []
    rows: list[list[str]]
    name: str | None = None
    problems: list[ProductCodeError] = []
    if kind is Kind.TARIEVEN:
        name, rows = _tarieven_import(path, dirs, build_catalog(parts), catalogue, load_codelists())
    else:
        if kind is Kind.UNIFORM:
            rows, problems = _uniform_import(path, parts, warnings)
        elif kind is Kind.GEMEENTE_CATALOGUS:
            name, rows, problems = _catalogue_import(path, parts, catalogue, skip_uniform, warnings)
        elif kind is Kind.HULPVORM_MAPPING:
            hulpvorm_rules = read_hulpvorm_mapping(path, lenient=True)
            parts.hulpvorm = hulpvorm_rules
            rows = [_hulpvorm_row(r) for r in hulpvorm_rules]
        else:
            taakveld_rules = read_taakveld_mapping(path, lenient=True)
            parts.taakveld = taakveld_rules
            rows = [_taakveld_row(r) for r in taakveld_rules]
        if problems:
            raise problems[0]
        build_catalog(parts)  # the whole catalogue must still fit together

    folder = target_dir / FOLDERS[kind] / name if name else target_dir / FOLDERS[kind]
    existing = [vf.version for vf in discover(dirs).get((kind, name), [])]
    chosen = _choose_version(existing, version, today or dt.date.today(), folder)
    out = folder / chosen.filename
    try:
        write_rows(out, tarieven.HEADER if kind is Kind.TARIEVEN else HEADERS[kind], rows)
    except FileExistsError:
        raise ImportRefused(out, None, f"version {chosen} exists; it is never overwritten") from None
    clear_cache()
    tarieven.clear_cache()
    return ImportResult(kind, chosen, out, len(rows), name, tuple(warnings))


def _uniform_import(
    path: Path, parts: CatalogParts, warnings: list[str]
) -> tuple[list[list[str]], list[ProductCodeError]]:
    """A new uniform set in ``parts``: its rows and problems; a warning for codes left out."""
    products = read_uniform(path, lenient=True)
    problems = product_problems(products, load_codelists())
    dropped = sorted({p.code for p in parts.uniform} - {p.code for p in products})
    if dropped:
        listed = ", ".join(dropped[:10]) + (" …" if len(dropped) > 10 else "")
        warnings.append(
            f"{len(dropped)} code(s) of the active version are not in the new one (end them with an "
            f"einddatum instead of leaving them out): {listed}"
        )
    parts.uniform = products
    return [_uniform_row(p) for p in products], problems


def _catalogue_import(
    path: Path, parts: CatalogParts, catalogue: str | None, skip_uniform: bool, warnings: list[str]
) -> tuple[str, list[list[str]], list[ProductCodeError]]:
    """A gemeente catalogue in ``parts``: its name, rows and problems (uniform codes left out with a warning
    when ``skip_uniform``)."""
    entries = read_catalogue(path, catalogue or "", lenient=True)
    name = _folder_name(Kind.GEMEENTE_CATALOGUS, catalogue, {e.gemeente for e in entries}, path)
    entries = [replace(e, catalogus=name) for e in entries]
    if skip_uniform:
        uniform_category = {p.code: p.categorie for p in parts.uniform}
        kept = []
        for e in entries:
            if uniform_category.get(e.code) == e.categorie:
                warnings.append(f"{e.source}: productcode {e.code} is in the uniform set; line left out")
            else:
                kept.append(e)
        entries = kept
        if not entries:
            raise ProductCodeError(path, None, "no lines left after leaving out the uniform codes")
    problems = catalogue_problems(entries, load_codelists())
    parts.catalogues[name] = entries
    return name, [_catalogue_row(e) for e in entries], problems


def _tarieven_import(
    path: Path, dirs: list[Path], catalog: ProductCatalog, given: str | None, codelists: CodeLists
) -> tuple[str, list[list[str]]]:
    """Contract tariffs: the folder name and the rows, after checking each line (:func:`read_tarieven`
    and :func:`tariff_problems`) and the lines together with the active tariffs of every other folder
    (no overlapping periods, as :func:`ijw.productcodes.tarieven.load_tarieven` and ``check`` demand)."""
    lines = tarieven.read_tarieven(path, lenient=True)
    name = _folder_name(Kind.TARIEVEN, given, {t.gemeente for t in lines}, path)
    problems = tariff_problems(lines, codelists, catalog, examples=name.startswith(EXAMPLE_PREFIX))
    if problems:
        raise problems[0]
    active = tarieven.active_files(dirs, include_examples=True)
    others = [
        t for other, file in sorted(active.items()) if other != name for t in tarieven.read_tarieven(file)
    ]
    new = {id(t) for t in lines}
    for earlier, later in tarieven.overlapping([*others, *lines]):
        line, other = (later, earlier) if id(later) in new else (earlier, later)
        raise tarieven.overlap_error(line, other)
    return name, [_tarief_row(t) for t in lines]

"""Loading and checking the product code data into a :class:`ProductCatalog`.

The data come from the project's ``productcodes/`` folder and, when ``IJW_PRODUCTCODES_DIR`` is set, from
that folder as well (a writable place for imported versions in a deployment; its versions count alongside
the shipped ones, the highest version of each kind is active, and its ``categorieen.csv`` or
``iv3-taakvelden.csv`` replace the shipped ones when present). Every problem is reported as a
:class:`ProductCodeError` naming the file and line.

>>> import datetime as dt
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

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Final

from ijw.paths import data_dir
from ijw.productcodes.build import CatalogParts, build_catalog
from ijw.productcodes.catalogue import ProductCatalog
from ijw.productcodes.readers import (
    HEADERS,
    ProductCodeError,
    read_catalogue,
    read_categories,
    read_hulpvorm_mapping,
    read_taakveld_mapping,
    read_taakvelden,
    read_uniform,
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

#: Imported from here by existing callers; they live in :mod:`~ijw.productcodes.readers` and
#: :mod:`~ijw.productcodes.catalogue`.
__all__ = [
    "ENV_DIR",
    "ENV_EXAMPLES",
    "HEADERS",
    "ProductCatalog",
    "ProductCodeError",
    "all_version_files",
    "clear_cache",
    "default_dirs",
    "examples_requested",
    "load_catalog",
    "read_catalogue",
    "read_parts",
]

ENV_DIR: Final = "IJW_PRODUCTCODES_DIR"
ENV_EXAMPLES: Final = "IJW_PRODUCTCODES_EXAMPLES"


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

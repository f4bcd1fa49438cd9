"""Kinds of versioned product code data, version labels and where their files are found.

Each kind is a folder of complete versions, one file each, named ``vYYYY-MM.csv`` or, for a further
version in the same month, ``vYYYY-MM.N.csv`` (N ≥ 2). The highest version is the active one; older
versions stay as the record of what was in force before. Gemeente catalogues and contract tariffs
(:data:`NAMED_KINDS`) have one folder per catalogue or contract set under ``gemeente-catalogi/`` and
``tarieven/``; a folder whose name starts with ``voorbeeld`` is an example and is loaded only on request.

>>> parse_version("v2026-01.csv")
Version(year=2026, month=1, number=1)
>>> str(parse_version("v2026-03.2.csv"))
'v2026-03.2'
>>> parse_version("2026-01.csv") is None
True
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Final

_VERSION = re.compile(r"^v(\d{4})-(\d{2})(?:\.(\d+))?\.csv$")
CATALOGUE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EXAMPLE_PREFIX: Final = "voorbeeld"


class Kind(StrEnum):
    """The versioned data kinds, by the name the CLI and :func:`import_csv` use."""

    UNIFORM = "uniform"
    GEMEENTE_CATALOGUS = "gemeente-catalogus"
    HULPVORM_MAPPING = "hulpvorm-mapping"
    TAAKVELD_MAPPING = "taakveld-mapping"
    TARIEVEN = "tarieven"  # contract tariffs (TR418), :mod:`ijw.productcodes.tarieven`; no catalogue part


FOLDERS: Final[dict[Kind, PurePosixPath]] = {
    Kind.UNIFORM: PurePosixPath("uniforme-productcodes"),
    Kind.GEMEENTE_CATALOGUS: PurePosixPath("gemeente-catalogi"),  # + /<catalogue name>
    Kind.HULPVORM_MAPPING: PurePosixPath("mappings/hulpvorm"),
    Kind.TAAKVELD_MAPPING: PurePosixPath("mappings/taakveld"),
    Kind.TARIEVEN: PurePosixPath("tarieven"),  # + /<name of the gemeente or region>
}

#: Kinds with a folder of versions per name, and what such a folder holds (for messages).
NAMED_KINDS: Final[dict[Kind, str]] = {
    Kind.GEMEENTE_CATALOGUS: "catalogue",
    Kind.TARIEVEN: "gemeente or region",
}

CATEGORIES_FILE: Final = "categorieen.csv"
TAAKVELDEN_FILE: Final = "iv3-taakvelden.csv"


@dataclass(frozen=True, order=True, slots=True)
class Version:
    year: int
    month: int
    number: int = 1

    def __str__(self) -> str:
        base = f"v{self.year:04d}-{self.month:02d}"
        return base if self.number == 1 else f"{base}.{self.number}"

    @property
    def filename(self) -> str:
        return f"{self}.csv"

    def next(self) -> Version:
        return Version(self.year, self.month, self.number + 1)


def parse_version(name: str) -> Version | None:
    """The version of a file name ``vYYYY-MM[.N].csv``, or ``None`` when it is not one."""
    match = _VERSION.match(name)
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    number = int(match.group(3)) if match.group(3) else 1
    if not 1 <= month <= 12 or number < 1 or (match.group(3) and number == 1):
        return None
    return Version(year, month, number)


def parse_version_label(label: str) -> Version | None:
    """The version of a label ``vYYYY-MM[.N]`` (as given on the command line)."""
    return parse_version(label if label.endswith(".csv") else f"{label}.csv")


@dataclass(frozen=True, slots=True)
class VersionFile:
    kind: Kind
    version: Version
    path: Path
    catalogue: str | None = None  # the folder name of a named kind (catalogue, tariff folder)

    @property
    def is_example(self) -> bool:
        return self.catalogue is not None and self.catalogue.startswith(EXAMPLE_PREFIX)


class VersionNameError(ValueError):
    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


def _versions_in(folder: Path, kind: Kind, catalogue: str | None) -> list[VersionFile]:
    found = []
    for path in sorted(folder.iterdir()):
        if path.is_dir() or path.suffix.lower() != ".csv":
            continue
        version = parse_version(path.name)
        if version is None:
            raise VersionNameError(path, "file name is not a version vYYYY-MM.csv or vYYYY-MM.N.csv (N ≥ 2)")
        found.append(VersionFile(kind, version, path, catalogue))
    return found


def discover(dirs: list[Path]) -> dict[tuple[Kind, str | None], list[VersionFile]]:
    """All version files per (kind, catalogue name) across ``dirs``, each list sorted oldest first.

    The same version of the same kind in two folders is an error.
    """
    result: dict[tuple[Kind, str | None], list[VersionFile]] = {}
    for root in dirs:
        for kind, rel in FOLDERS.items():
            folder = root / rel
            if not folder.is_dir():
                continue
            what = NAMED_KINDS.get(kind)
            if what is not None:
                for loose in sorted(folder.glob("*.csv")):
                    raise VersionNameError(loose, f"a {kind} version belongs in a folder per {what}")
                for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
                    if not CATALOGUE_NAME.match(sub.name):
                        raise VersionNameError(
                            sub, f"{rel} folder name must be lower case letters, digits, '-'"
                        )
                    result.setdefault((kind, sub.name), []).extend(_versions_in(sub, kind, sub.name))
            else:
                result.setdefault((kind, None), []).extend(_versions_in(folder, kind, None))
    for files in result.values():
        files.sort(key=lambda f: f.version)
        for older, newer in itertools.pairwise(files):
            if older.version == newer.version:
                raise VersionNameError(newer.path, f"version {newer.version} also exists as {older.path}")
    return result

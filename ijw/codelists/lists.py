"""Loading the code lists of ``codelijsten/``.

Every code list is one file ``<LIJST>.csv`` (``JZ020.csv``, ``WJ001.csv``, …) with the columns
``lijst,code,omschrijving``; the ``lijst`` column repeats the file name so that lines copied between
files are caught. The CBS gemeente-indelingen are the ``cbs-gemeenten-YYYY-MM-DD.csv`` files
(see :mod:`ijw.codelists.gemeenten`).

>>> lists = load_codelists()
>>> lists.get("JZ020")["45"]
'Jeugdhulp ambulant'
>>> lists.contains("WJ001", "S329"), lists.contains("WJ001", "S330")
(True, False)
>>> lists.gemeente("0599").jeugdzorgregio
'Rijnmond'
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from ijw.codelists.csvfile import DataFileError, read_rows
from ijw.codelists.gemeenten import GEMEENTEN_FILE, Gemeente, GemeenteIndeling, read_indeling
from ijw.paths import data_dir

CODELIST_HEADER = ("lijst", "code", "omschrijving")
_LIST_FILE = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)\.csv$")


class CodeListError(DataFileError):
    """A code list file is malformed (the message names the file and line)."""


class UnknownCodeList(KeyError):
    """The code list asked for is not loaded."""


@dataclass(frozen=True)
class CodeLists:
    """The loaded code lists and CBS gemeente-indelingen (immutable)."""

    lists: Mapping[str, Mapping[str, str]]
    indelingen: tuple[GemeenteIndeling, ...]  # by peildatum, oldest first
    root: Path

    def names(self) -> tuple[str, ...]:
        """The names of the loaded lists, sorted."""
        return tuple(sorted(self.lists))

    def get(self, lijst: str) -> Mapping[str, str]:
        """Codes of ``lijst`` with their omschrijving (read-only); ``UnknownCodeList`` if not loaded."""
        try:
            return self.lists[lijst]
        except KeyError:
            raise UnknownCodeList(f"code list {lijst!r} is not loaded from {self.root}") from None

    def contains(self, lijst: str, code: str) -> bool:
        """Whether ``code`` is in ``lijst``."""
        return code in self.get(lijst)

    def description(self, lijst: str, code: str) -> str | None:
        """The omschrijving of ``code`` in ``lijst``, or ``None``."""
        return self.get(lijst).get(code)

    def indeling(self, on: dt.date | None = None) -> GemeenteIndeling:
        """The CBS indeling current on ``on``: the latest with peildatum ≤ ``on``.

        Without a date, or for a date before every loaded peildatum, the nearest loaded indeling is used
        (the latest, respectively the oldest).
        """
        if on is None:
            return self.indelingen[-1]
        chosen = self.indelingen[0]
        for indeling in self.indelingen:
            if indeling.peildatum <= on:
                chosen = indeling
        return chosen

    def gemeenten(self, on: dt.date | None = None) -> Mapping[str, Gemeente]:
        """Gemeenten by gemeentecode in the indeling current on ``on``."""
        return MappingProxyType(self.indeling(on).gemeenten)

    def gemeente(self, code: str, on: dt.date | None = None) -> Gemeente | None:
        """The gemeente with this CBS code in the indeling current on ``on``, or ``None``."""
        return self.indeling(on).gemeenten.get(code)

    def gemeente_naam(self, code: str, on: dt.date | None = None) -> str | None:
        gemeente = self.gemeente(code, on)
        return gemeente.naam if gemeente else None

    def jeugdzorgregio(self, code: str, on: dt.date | None = None) -> str | None:
        gemeente = self.gemeente(code, on)
        return gemeente.jeugdzorgregio if gemeente else None

    def known_gemeente(self, code: str) -> bool:
        """Whether ``code`` is a gemeente in any loaded indeling."""
        return any(code in indeling.gemeenten for indeling in self.indelingen)


def read_codelist(path: Path) -> dict[str, str]:
    """Read and check one ``<LIJST>.csv`` file; its codes with their omschrijving, in file order."""
    match = _LIST_FILE.match(path.name)
    if not match:
        raise CodeListError(path, None, "file name is not <LIJST>.csv (e.g. JZ020.csv)")
    name = match.group(1)
    codes: dict[str, str] = {}
    first_line: dict[str, int] = {}
    try:
        for row in read_rows(path, CODELIST_HEADER):
            if row["lijst"] != name:
                raise row.error(f"lijst {row['lijst']!r} in a file of list {name}")
            code = row.required("code")
            if code in codes:
                raise row.error(f"code {code!r} occurs again (first on line {first_line[code]})")
            codes[code] = row.required("omschrijving")
            first_line[code] = row.line
    except CodeListError:
        raise
    except DataFileError as exc:
        raise CodeListError(exc.path, exc.line, exc.detail) from None
    return codes


def default_codelists_dir() -> Path:
    """``IJW_CODELIJSTEN_DIR`` when set, else the project's ``codelijsten/`` folder."""
    env = os.environ.get("IJW_CODELIJSTEN_DIR")
    return Path(env) if env else data_dir("codelijsten")


def load_codelists(root: Path | None = None) -> CodeLists:
    """Load and check all code lists and gemeente-indelingen of ``root`` (cached per folder)."""
    return _load(Path(root) if root is not None else default_codelists_dir())


@lru_cache(maxsize=8)
def _load(root: Path) -> CodeLists:
    if not root.is_dir():
        raise CodeListError(root, None, "code list folder not found")
    lists: dict[str, Mapping[str, str]] = {}
    indelingen: list[GemeenteIndeling] = []
    for path in sorted(root.glob("*.csv")):
        if GEMEENTEN_FILE.match(path.name) or path.name.startswith("cbs-gemeenten"):
            try:
                indelingen.append(read_indeling(path))
            except DataFileError as exc:
                raise CodeListError(exc.path, exc.line, exc.detail) from None
        else:
            name = path.stem
            lists[name] = MappingProxyType(read_codelist(path))
    if not lists:
        raise CodeListError(root, None, "no code list files (<LIJST>.csv) found")
    if not indelingen:
        raise CodeListError(root, None, "no CBS gemeente-indeling (cbs-gemeenten-YYYY-MM-DD.csv) found")
    indelingen.sort(key=lambda i: i.peildatum)
    return CodeLists(MappingProxyType(lists), tuple(indelingen), root)


def clear_cache() -> None:
    """Forget loaded code lists (after files changed)."""
    _load.cache_clear()

"""Contract tariffs per gemeente (TR418): versioned CSV files next to the product catalogues.

TR418 ("ProductTarief in Prestatie dient overeen te komen met het contractuele tarief van ProductCode")
needs the tariffs a gemeente agreed with its aanbieders, which no message carries. A gemeente that wants
TR418 judged ships them as ``productcodes/tarieven/<name>/vYYYY-MM.csv`` (a folder per contract set, like
``gemeente-catalogi/``; a regional contract lists its lines once per gemeentecode). The highest version is
the active one; ``IJW_PRODUCTCODES_DIR`` adds versions as for the catalogues; folders whose name starts with
``voorbeeld`` are examples, loaded only on request. Columns (``productcodes/README.md``):

``gemeentecode,aanbieder,productcategorie,productcode,eenheid,tarief,ingangsdatum,einddatum``

- ``aanbieder``: the AGB code of the aanbieder the tariff was agreed with, or empty for every aanbieder of
  the gemeente (a line for the aanbieder itself wins);
- ``eenheid``: the WJ756 Eenheid the tariff is per (IV081: "Voor die eenheid dient in het contract een tarief
  voor het betreffende product te zijn vastgelegd");
- ``tarief``: euros with two decimals (``87.50``); read as eurocents, as ProductTarief is (LDT_Bedrag). A
  file offered for import (``lenient``) may write it as a spreadsheet does: ``87,50``, ``87,5`` or ``87``;
- ``ingangsdatum``/``einddatum``: inclusive validity (empty einddatum: open); the lines of one gemeente,
  aanbieder, productcode and eenheid may not overlap in time.

Written by ``ijw productcodes import tarieven`` (:func:`ijw.productcodes.importer.import_csv`), which also
checks each line's productcode against the catalogue (:func:`ijw.productcodes.validate.tariff_problems`).

>>> book = Tarieven.of([Tarief("0599", None, "45", "45A03", "04", 8750, dt.date(2025, 1, 1), None)])
>>> book.contract_tarief("0599", "12345678", "45A03", "04", dt.date(2025, 6, 1))
8750
>>> book.contract_tarief("0599", "12345678", "45A03", "01", dt.date(2025, 6, 1))  # IV081: 87.50 / 60
146
>>> book.has_tarieven("0599"), book.has_tarieven("0363")
(True, False)
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

from ijw.codelists import codes
from ijw.codelists.csvfile import DataFileError, Row, read_rows
from ijw.productcodes.loader import ProductCodeError, all_version_files, default_dirs, examples_requested
from ijw.productcodes.model import Period, Source
from ijw.productcodes.readers import _GEMEENTECODE, _TWO_DIGITS, _categorie, _error, _period, _productcode
from ijw.productcodes.versions import FOLDERS, Kind

FOLDER: Final = str(FOLDERS[Kind.TARIEVEN])
HEADER: Final = (
    "gemeentecode",
    "aanbieder",
    "productcategorie",
    "productcode",
    "eenheid",
    "tarief",
    "ingangsdatum",
    "einddatum",
)
_AGB = re.compile(r"^[0-9]{8}$")
_EUROS = re.compile(r"^[0-9]+\.[0-9]{2}$")
_SPREADSHEET_EUROS = re.compile(r"^[0-9]+(?:[.,][0-9]{1,2})?$")
_MINUTES_PER_HOUR: Final = 60

#: (gemeente, aanbieder or None, productcode, eenheid)
TariefKey = tuple[str, str | None, str, str]


@dataclass(frozen=True, slots=True)
class Tarief:
    """A contract tariff: eurocents per unit of ``eenheid``, from ``ingangsdatum`` up to ``einddatum``."""

    gemeente: str
    aanbieder: str | None
    categorie: str
    code: str
    eenheid: str
    cents: int
    ingangsdatum: dt.date
    einddatum: dt.date | None
    source: Source | None = None

    @property
    def key(self) -> TariefKey:
        return (self.gemeente, self.aanbieder, self.code, self.eenheid)

    @property
    def period(self) -> Period:
        return Period(self.ingangsdatum, self.einddatum)


@dataclass(frozen=True)
class Tarieven:
    """The loaded contract tariffs of every gemeente that has a file."""

    by_key: Mapping[TariefKey, tuple[Tarief, ...]]
    gemeenten: frozenset[str]

    @classmethod
    def of(cls, tarieven: Iterable[Tarief]) -> Tarieven:
        """Group by gemeente, aanbieder, productcode and eenheid; overlapping periods are an error."""
        groups = _grouped(tarieven)
        for earlier, later in _overlapping(groups):
            raise overlap_error(later, earlier)
        return cls(
            MappingProxyType({k: tuple(v) for k, v in groups.items()}), frozenset(k[0] for k in groups)
        )

    def has_tarieven(self, gemeente: str) -> bool:
        """Whether contract tariffs are loaded for ``gemeente`` (only then TR418 is judged for it)."""
        return gemeente in self.gemeenten

    def _on(self, key: TariefKey, on: dt.date) -> Tarief | None:
        return next((t for t in self.by_key.get(key, ()) if t.period.contains(on)), None)

    def line(self, gemeente: str, aanbieder: str, code: str, eenheid: str, on: dt.date) -> Tarief | None:
        """The tariff line agreed for the aanbieder itself, else for every aanbieder of the gemeente."""
        return self._on((gemeente, aanbieder, code, eenheid), on) or self._on(
            (gemeente, None, code, eenheid), on
        )

    def contract_tarief(
        self, gemeente: str, aanbieder: str, code: str, eenheid: str, on: dt.date
    ) -> int | None:
        """The ProductTarief (eurocents) the contract prescribes for ``code`` in ``eenheid`` on ``on``.

        IV081: with a tariff per hour and a declaration in minutes "wordt in de Prestatie het ProductTarief
        omgerekend naar een tarief per minuut (tarief delen door 60 minuten) en afgerond op 2 decimalen
        volgens de rekenkundige regels" (half up: 1,455 → 1,46). None: no tariff applies.
        """
        line = self.line(gemeente, aanbieder, code, eenheid, on)
        if line is not None:
            return line.cents
        if eenheid == codes.EENHEID_MINUUT:
            hourly = self.line(gemeente, aanbieder, code, codes.EENHEID_UUR, on)
            if hourly is not None:
                per_minute = Decimal(hourly.cents) / _MINUTES_PER_HOUR
                return int(per_minute.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return None


def _grouped(tarieven: Iterable[Tarief]) -> dict[TariefKey, list[Tarief]]:
    """The lines by gemeente, aanbieder, productcode and eenheid, each group sorted by ingangsdatum."""
    groups: dict[TariefKey, list[Tarief]] = {}
    for t in tarieven:
        groups.setdefault(t.key, []).append(t)
    for items in groups.values():
        items.sort(key=lambda t: t.ingangsdatum)
    return groups


def _overlapping(groups: Mapping[TariefKey, list[Tarief]]) -> Iterator[tuple[Tarief, Tarief]]:
    """(earlier, later) for lines of one key whose periods overlap (neighbours by ingangsdatum: when no
    neighbours overlap, no two lines do)."""
    for items in groups.values():
        for earlier, later in itertools.pairwise(items):
            if earlier.period.overlaps(later.period):
                yield earlier, later


def overlapping(tarieven: Iterable[Tarief]) -> Iterator[tuple[Tarief, Tarief]]:
    """Pairs of lines of one gemeente, aanbieder, productcode and eenheid whose periods overlap."""
    return _overlapping(_grouped(tarieven))


def overlap_error(line: Tarief, other: Tarief) -> ProductCodeError:
    """The error for ``line`` overlapping ``other`` in time; it names the file and line of ``line``."""
    key = "/".join(k or "*" for k in line.key)
    where = other.source or "another line"
    message = (
        f"tariff of {key} overlaps in time with {where} ({other.period.start} – {other.period.end or 'open'})"
    )
    if line.source is None:
        return ProductCodeError(FOLDER, None, message)
    return ProductCodeError(line.source.path, line.source.line, message)


def euros(cents: int) -> str:
    """Eurocents as the ``tarief`` column writes them.

    >>> euros(8750), euros(5), euros(12000)
    ('87.50', '0.05', '120.00')
    """
    return f"{cents // 100}.{cents % 100:02d}"


def _cents(row: Row, lenient: bool) -> int:
    text = row.required("tarief")
    if lenient:
        if not _SPREADSHEET_EUROS.match(text):
            raise row.error(
                f"tarief {text!r} is not an amount in euros such as 87,50 or 87.50 "
                "(at most two decimals, no thousands separator or currency sign)"
            )
        text = text.replace(",", ".")
    elif not _EUROS.match(text):
        raise row.error(f"tarief {text!r} is not euros with two decimals such as 87.50")
    try:
        return int(Decimal(text) * 100)
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid numbers
        raise row.error(f"tarief {text!r} is not a number") from None


def _code(row: Row, key: str, pattern: re.Pattern[str], what: str) -> str:
    value = row.required(key)
    if not pattern.match(value):
        raise row.error(f"{key} {value!r} is not {what}")
    return value


def read_tarieven(path: Path, *, lenient: bool = False) -> list[Tarief]:
    """One version file of contract tariffs; errors name the file and the line.

    ``lenient`` (a file offered for import): columns in any order, ``;`` and a byte order mark accepted,
    and the tarief as a spreadsheet writes it (decimal comma, fewer decimals).
    """
    result = []
    try:
        for row in read_rows(path, HEADER, any_order=lenient, lenient_dialect=lenient):
            aanbieder = row.optional("aanbieder")
            if aanbieder is not None and not _AGB.match(aanbieder):
                raise row.error(f"aanbieder {aanbieder!r} is not an eight-digit AGB code")
            eenheid = _code(row, "eenheid", _TWO_DIGITS, "a two-digit WJ756 Eenheid")
            if eenheid == codes.EENHEID_EURO:
                raise row.error("eenheid 83 (euro's) has no tariff (CD087: ProductTarief stays empty)")
            begin, end = _period(row, "ingangsdatum", "einddatum")
            result.append(
                Tarief(
                    gemeente=_code(row, "gemeentecode", _GEMEENTECODE, "four digits"),
                    aanbieder=aanbieder,
                    categorie=_categorie(row),
                    code=_productcode(row),
                    eenheid=eenheid,
                    cents=_cents(row, lenient),
                    ingangsdatum=begin,
                    einddatum=end,
                    source=Source(path, row.line),
                )
            )
    except DataFileError as exc:
        raise _error(exc) from None
    return result


def active_files(dirs: Iterable[Path], include_examples: bool) -> dict[str, Path]:
    """The active (highest) version file of every tariff folder across ``dirs``, by folder name.

    Found by the discovery of every versioned kind (:func:`ijw.productcodes.versions.discover`)."""
    return {
        name: files[-1].path
        for (kind, name), files in all_version_files(list(dirs)).items()
        if kind is Kind.TARIEVEN
        and name is not None
        and files
        and (include_examples or not files[-1].is_example)
    }


def load_tarieven(dirs: Iterable[Path] | None = None, *, include_examples: bool | None = None) -> Tarieven:
    """The contract tariffs of the active versions (default folders: those of :func:`load_catalog`)."""
    folders = tuple(default_dirs() if dirs is None else dirs)
    examples = examples_requested() if include_examples is None else include_examples
    return _load(folders, examples)


@lru_cache(maxsize=8)
def _load(dirs: tuple[Path, ...], include_examples: bool) -> Tarieven:
    files = active_files(dirs, include_examples)
    return Tarieven.of(t for name in sorted(files) for t in read_tarieven(files[name]))


def clear_cache() -> None:
    """Forget loaded tariffs (after a file changed)."""
    _load.cache_clear()

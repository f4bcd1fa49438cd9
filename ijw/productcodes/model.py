"""Typed records of the product code data (see ``productcodes/README.md`` for the files).

Validity periods are inclusive on both ends, like Ingangsdatum/Einddatum in the messages: a product with
ingangsdatum 2026-01-01 and einddatum 2026-12-31 is valid on both dates. An empty end date means open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, NamedTuple

BIJ_DOMEINEN: Final = (
    "jeugdhulp",
    "jeugdbescherming",
    "jeugdreclassering",
    "preventief-justitieel-kader",
    "geen",
)
"""What a productcategorie becomes in the Beleidsinformatie Jeugd: a jeugdhulp record (hulpvorm), a
kinderbeschermingsmaatregel or jeugdreclassering (type maatregel), activiteiten in het preventief
justitieel kader (type maatregel 31), or no BIJ record at all (vervoer)."""

JEUGDHULP: Final = BIJ_DOMEINEN[0]
"""The BIJ domain whose records carry a hulpvorm (01–04 ambulant, 11–14 verblijf)."""

UITVOERINGSVARIANTEN: Final = ("Inspanningsgericht", "Outputgericht", "Taakgericht")


@dataclass(frozen=True, slots=True)
class Source:
    """The file and line a record was read from (for error messages)."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class Period(NamedTuple):
    start: dt.date
    end: dt.date | None  # inclusive; None = open

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, other: Period) -> bool:
        return (self.end is None or other.start <= self.end) and (
            other.end is None or self.start <= other.end
        )


class _Validity:
    """A code valid from ``ingangsdatum`` up to and including ``einddatum`` (open when None)."""

    __slots__ = ()
    ingangsdatum: dt.date
    einddatum: dt.date | None

    @property
    def period(self) -> Period:
        return Period(self.ingangsdatum, self.einddatum)

    def valid_on(self, day: dt.date) -> bool:
        return self.period.contains(day)


@dataclass(frozen=True, slots=True)
class Category:
    """A landelijke productcategorie (JZ020)."""

    code: str
    omschrijving: str
    bij_domein: str


@dataclass(frozen=True, slots=True)
class Product(_Validity):
    """A code of the uniform product code set in one validity period."""

    categorie: str
    code: str
    omschrijving: str
    uitvoeringsvariant: str | None
    dimensie_hulpvorm_code: str | None
    eenheid: str | None
    ingangsdatum: dt.date
    einddatum: dt.date | None
    source: Source


@dataclass(frozen=True, slots=True)
class RegionalProduct(_Validity):
    """A code of a gemeente (or regional) catalogue, outside the uniform set."""

    gemeente: str
    categorie: str
    code: str
    omschrijving: str
    hulpvorm: str | None
    taakveld: str | None
    ingangsdatum: dt.date
    einddatum: dt.date | None
    catalogus: str
    source: Source


@dataclass(frozen=True, slots=True)
class HulpvormRule:
    """One line of the hulpvorm mapping: productcategorie (and productcode) → BIJ hulpvorm."""

    categorie: str
    code: str | None  # None: the whole category
    hulpvorm: str
    geldig_vanaf: dt.date
    geldig_tot: dt.date | None
    source: Source

    @property
    def period(self) -> Period:
        return Period(self.geldig_vanaf, self.geldig_tot)


@dataclass(frozen=True, slots=True)
class TaakveldRule:
    """One line of the taakveld mapping: productcategorie (and productcode) → Iv3 taakveld."""

    categorie: str
    code: str | None
    taakveld: str
    default: bool  # a documented default, not a real mapping: exports report "mapped by default"
    geldig_vanaf: dt.date
    geldig_tot: dt.date | None
    source: Source

    @property
    def period(self) -> Period:
        return Period(self.geldig_vanaf, self.geldig_tot)


@dataclass(frozen=True, slots=True)
class Taakveld:
    """An Iv3 taakveld of the jeugd domain."""

    code: str
    omschrijving: str
    oud_taakveld: str
    geldig_vanaf: dt.date
    hulpvormen: tuple[str, ...] = ()  # the BIJ jeugdhulp hulpvormen whose help goes here unless mapped


HulpvormSource = Literal["productcode", "gemeente-catalogus", "productcategorie"]


@dataclass(frozen=True, slots=True)
class HulpvormMapping:
    """The result of a hulpvorm lookup.

    ``hulpvorm`` is a BIJ hulpvorm (01–04, 11–14) when ``bij_domein`` is jeugdhulp, else the type maatregel
    of that domain (e.g. 11 ondertoezichtstelling and 21 voogdij in jeugdbescherming). ``source`` tells
    which data gave it.
    """

    hulpvorm: str
    bij_domein: str
    source: HulpvormSource


class TaakveldMapping(NamedTuple):
    """The result of a taakveld lookup: ``(taakveld, mapped_by_default)``."""

    taakveld: str
    mapped_by_default: bool

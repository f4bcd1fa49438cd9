"""The scenario model: gemeenten, aanbieders, clients, toegewezen producten and prestaties.

These records are what the shard simulation (:mod:`ijw_tools.traffic.shard`) plans and what the renderer
(:mod:`ijw_tools.traffic.render`) writes as iJw 3.2 messages. Mutable records (:class:`Toewijzing`,
:class:`Prestatie`) change as the simulated time passes: a toewijzing's ``einddatum`` is the one the
aanbieder knows at that moment, ``final_einddatum`` the one it will have at the end of its plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class Gemeente:
    """A gemeente (CBS gemeentecode)."""

    code: str
    naam: str
    index: int
    postcode_base: int  # first four postcode digits of its (synthetic) streets


@dataclass(frozen=True, slots=True)
class Aanbieder:
    """A jeugdhulpaanbieder (AGB code)."""

    agb: str
    naam: str
    index: int


@dataclass(frozen=True, slots=True)
class Relatie:
    """The gezagsdrager of a client (a Relatie in JW301)."""

    nummer: str
    soort: str  # COD472: 10 ouder, 11 voogd, 13 pleegouder
    achternaam: str
    voorletters: str
    telefoon: str


@dataclass(frozen=True, slots=True)
class Client:
    """A jeugdige with a test BSN and a BRP-adres in the gemeente."""

    bsn: str
    geboortedatum: dt.date
    geslacht: str  # COD046
    achternaam: str
    voorvoegsel: str | None
    voornamen: str
    voorletters: str
    straat: str
    huisnummer: int
    postcode: str
    plaats: str
    relatie: Relatie | None
    index: int


@dataclass(frozen=True, slots=True)
class ProductSpec:
    """What a toewijzing assigns.

    Specific toewijzingen have ``code`` and an Omvang (``volume``, ``eenheid``, ``frequentie``);
    aspecifieke ones only ``categorie`` and a ``budget`` (in cents). ``declare_code``/``declare_eenheid``
    are what the aanbieder declares (for aspecifieke toewijzingen a code of the category, in euro's).
    ``tarief`` is the price per eenheid in cents (None for euro's).
    """

    categorie: str
    code: str | None
    eenheid: str | None
    frequentie: str | None
    volume: int | None
    budget: int | None
    declare_code: str
    declare_eenheid: str
    tarief: int | None
    duration_days: int


PrestatieStatus = Literal["pending", "approved", "rejected"]


@dataclass(slots=True, eq=False)
class Toewijzing:
    """A ToegewezenProduct as it evolves through the JW301 messages of its client."""

    nummer: int
    product: ProductSpec
    client: Client
    ingangsdatum: dt.date
    einddatum: dt.date | None
    final_einddatum: dt.date | None
    toewijzingsdatum: dt.date | None = None
    toewijzingstijd: str = "09:00:00"
    reden: str | None = None
    referentie: str | None = None  # ReferentieAanbieder to send with the next JW301 (only once, TR379)
    deleted: bool = False
    first_sent: dt.date | None = None
    delivery: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    start_begin: dt.date | None = None
    no_start: bool = False  # defect toewijzing-zonder-start
    no_stop: bool = False  # defect stop-ontbreekt
    usage: float = 0.5  # share of the allowed volume the aanbieder delivers
    decl_from: dt.date | None = None  # first calendar month not yet declared
    debets: list[Prestatie] = field(default_factory=list)
    redebet: list[Prestatie] = field(default_factory=list)  # credited prestaties to declare again
    declared_volume: int = 0  # debet minus credit volume submitted so far
    declaring_closed: bool = False
    tr308_done: bool = False

    def actual_on(self, day: dt.date) -> bool:
        """Whether the toewijzing is actual on ``day`` (OP087: not deleted, not ended before ``day``)."""
        return not self.deleted and (self.einddatum is None or self.einddatum >= day)


@dataclass(slots=True, eq=False)
class Prestatie:
    """A prestatie of a JW323 (debet or credit)."""

    referentie: str
    vorig: str | None
    toewijzing: Toewijzing
    bsn: str
    begin: dt.date
    end: dt.date
    volume: int
    eenheid: str
    tarief: int | None
    bedrag: int
    credit: bool
    categorie: str
    code: str
    status: PrestatieStatus = "pending"
    reject_code: str | None = None
    credited: bool = False
    creditable: bool = True

    @property
    def signed_bedrag(self) -> int:
        return -self.bedrag if self.credit else self.bedrag


@dataclass(frozen=True, slots=True)
class StartItem:
    """A StartProduct (JW305)."""

    toewijzing: Toewijzing
    begindatum: dt.date
    status: str = "1"
    nummer: int | None = None  # overrides the toewijzing's number (TR019 defect)


@dataclass(frozen=True, slots=True)
class StopItem:
    """A StopProduct (JW307)."""

    toewijzing: Toewijzing
    begindatum: dt.date
    einddatum: dt.date
    reden: str
    status: str = "1"

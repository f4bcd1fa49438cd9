"""The column layouts of the BIJ exports and the formatting of their values.

Jeugdhulp (``jh``) has the columns of the issue, in this order; jeugdbescherming (``jb``: the
kinderbeschermingsmaatregelen, §5.1.1–5.1.3), the machtigingen uithuisplaatsing (``jbm``: a file of their own,
one record per machtiging, §5.1.4–5.1.6) and jeugdreclassering (``jr``, with the activiteiten in het
preventief justitieel kader, §5.2, 5.4; its end as the two fields of §5.3.1, DRP 41/42/43 and zorg 51/52)
follow section 5 of the informatieprotocol. Fields the iJw traffic cannot carry (machtigingen, overdrachten,
erkende interventie, the reden or wijze beëindiging of a maatregel) stay empty and are named in the column
``niet_in_berichtenverkeer``: reported as absent, never invented.

>>> yyyymmdd(dt.date(2025, 1, 31)), yyyymmdd(None)
('20250131', '')
>>> [geboortedatum(dt.date(2015, 3, 4), g) for g in (None, "1", "2", "3")]
['20150304', '20150300', '20150000', '00000000']
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from services.export.periods import PeriodKind

Kind = Literal["jh", "jb", "jbm", "jr"]

KIND_TITLES: Final[dict[Kind, str]] = {
    "jh": "jeugdhulp",
    "jb": "jeugdbescherming",
    "jbm": "machtigingen uithuisplaatsing",
    "jr": "jeugdreclassering",
}
"""Every kind of BIJ file, in the order they are listed, with its Dutch name."""
KINDS: Final[tuple[Kind, ...]] = tuple(KIND_TITLES)

DAG_ONBEKEND: Final = "1"
"""COD170 DatumGebruik: only month and year are known (protocol §2.3: JJJJMM00)."""
DAG_EN_MAAND_ONBEKEND: Final = "2"
"""COD170 DatumGebruik: only the year is known (protocol §2.3: JJJJ0000)."""
GEHEEL_ONBEKEND: Final = "3"
"""COD170 DatumGebruik: the date is unknown. The protocol names no code for it; decision: 00000000 (eight
positions, as the unborn child's zeros in §2.3)."""

COLUMNS: Final[dict[Kind, tuple[str, ...]]] = {
    "jh": (
        "aanbieder_agb",
        "bsn",
        "geboortedatum",
        "geslacht",
        "postcode",
        "verwijzer",
        "hulpvorm",
        "gestart_met_crisis",
        "datum_aanvang",
        "datum_einde",
        "reden_beeindiging",
    ),
    "jb": (
        "aanbieder_agb",
        "bsn",
        "geboortedatum",
        "geslacht",
        "postcode",
        "type_maatregel",
        "datum_aanvang",
        "datum_einde",
        "reden_beeindiging",
        "datum_overgedragen",
        "datum_overgedragen_gekregen",
        "niet_in_berichtenverkeer",
    ),
    "jbm": (
        "aanbieder_agb",
        "bsn",
        "geboortedatum",
        "geslacht",
        "postcode",
        "type_machtiging_uithuisplaatsing",
        "datum_aanvang_machtiging",
        "datum_einde_machtiging",
    ),
    "jr": (
        "aanbieder_agb",
        "bsn",
        "geboortedatum",
        "geslacht",
        "postcode",
        "type_maatregel",
        "datum_aanvang",
        "datum_einde",
        "reden_beeindiging",
        "wijze_beeindiging_drp",
        "wijze_beeindiging_zorg",
        "inzet_erkende_interventie",
        "datum_overgedragen",
        "datum_overgedragen_gekregen",
        "niet_in_berichtenverkeer",
    ),
}
"""Columns of each kind of BIJ file."""

ABSENT: Final[dict[Kind, tuple[str, ...]]] = {
    "jh": (),
    "jb": (
        "reden_beeindiging",
        "machtiging_uithuisplaatsing",
        "datum_overgedragen",
        "datum_overgedragen_gekregen",
    ),
    "jbm": (),
    "jr": (
        "reden_beeindiging",
        "wijze_beeindiging_drp",
        "wijze_beeindiging_zorg",
        "inzet_erkende_interventie",
        "datum_overgedragen",
        "datum_overgedragen_gekregen",
    ),
}
"""Fields the iJw traffic cannot carry, per kind (empty, named in niet_in_berichtenverkeer). For the
activiteiten in het preventief justitieel kader (type 31) the reden is 31 and the jeugdreclassering's wijze
beëindiging does not apply: only the overdracht fields are absent."""

PREVENTIEF_ABSENT: Final = ("datum_overgedragen", "datum_overgedragen_gekregen")

APPROXIMATED_TYPES: Final[dict[str, str]] = {
    "11": "type maatregel 11 kan ook 12 (voorlopige ondertoezichtstelling) zijn",
    "21": "type maatregel 21 kan ook 22 (voorlopige voogdij) of 23 (tijdelijke voogdij) zijn",
}
"""The kinderbeschermingsmaatregelen of §5.1.1 the product code set cannot tell apart: the export writes the
type the product gives and flags every such record in the companion file (reason starting with
:data:`APPROXIMATION`)."""

APPROXIMATION: Final = "benadering: "
"""Start of the reason of a companion row whose record *is* in the file, with a value that may be another."""

UNEXPORTABLE_COLUMNS: Final = (
    "aanbieder_agb",
    "bsn",
    "gemeente",
    "toewijzing_nummer",
    "productcategorie",
    "productcode",
    "datum_aanvang",
    "datum_einde",
    "reden_beeindiging_jz588",
    "reden",
)
"""Columns of the companion file of trajectories that cannot be exported correctly."""

KIND_DOMAINS: Final[dict[Kind, frozenset[str]]] = {
    "jh": frozenset({"jeugdhulp"}),
    "jb": frozenset({"jeugdbescherming"}),
    "jbm": frozenset({"jeugdbescherming"}),
    "jr": frozenset({"jeugdreclassering", "preventief-justitieel-kader"}),
}
"""The ``bij_domein`` values of ``productcodes/categorieen.csv`` that each kind of file holds."""

PREVENTIEF_JUSTITIEEL_KADER: Final = "preventief-justitieel-kader"
"""Domain of the activiteiten in het preventief justitieel kader (type maatregel 31, §5.4)."""

NO_RECORD_DOMAIN: Final = "geen"
"""Domain of products that give no BIJ record at all (categorie 42, vervoer)."""

KIND_PERIODS: Final[dict[Kind, PeriodKind]] = {"jh": "half", "jb": "half", "jbm": "half", "jr": "quarter"}
"""Verslagperiode per kind (informatieprotocol 7.3): JH and JB per half year, JR per quarter."""


def yyyymmdd(day: dt.date | None) -> str:
    """A date as JJJJMMDD, empty when absent."""
    return day.strftime("%Y%m%d") if day is not None else ""


def kind_of_domain(domain: str) -> Kind | None:
    """The kind of file a ``bij_domein`` belongs to (None: no BIJ record)."""
    for kind, domains in KIND_DOMAINS.items():
        if domain in domains:
            return kind
    return None


def geboortedatum(datum: dt.date | None, gebruik: str | None) -> str:
    """The BIJ geboortedatum (protocol §2.3): JJJJMMDD, with the unknown parts as zeros per DatumGebruik."""
    if datum is None:
        return ""
    if gebruik == DAG_ONBEKEND:
        return f"{datum.year:04d}{datum.month:02d}00"
    if gebruik == DAG_EN_MAAND_ONBEKEND:
        return f"{datum.year:04d}0000"
    if gebruik == GEHEEL_ONBEKEND:
        return "00000000"
    return yyyymmdd(datum)

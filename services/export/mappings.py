"""The fixed code mappings of the BIJ protocol (data files in ``services/export/data``).

- reden beëindiging: JZ588 (iJw) → BIJ 3.7; codes outside the mapping are *flagged*, never guessed;
- geslacht: COD046 → BIJ 2.4 (M, V, O);
- verwijzer: COD327 (Verwijzer/Type of a JW315) → BIJ 3.2 (the code values coincide).

>>> REDEN_BEEINDIGING["38"], REDEN_BEEINDIGING["36"], REDEN_BEEINDIGING.get("20")
('03', '05', None)
>>> GESLACHT["2"], VERWIJZER["08"]
('V', '08')
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import MappingProxyType
from typing import Final

from ijw.codelists import codes

DATA_DIR: Final = Path(__file__).parent / "data"


def read_mapping(name: str) -> MappingProxyType[str, str]:
    """The two-column mapping ``<source>,bij`` of ``data/<name>.csv`` (the third column documents it)."""
    with open(DATA_DIR / f"{name}.csv", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        return MappingProxyType({row[0]: row[1] for row in reader if row})


REDEN_BEEINDIGING: Final = read_mapping("reden-beeindiging")
GESLACHT: Final = read_mapping("geslacht")
VERWIJZER: Final = read_mapping("verwijzer")

GEMEENTELIJKE_TOEGANG: Final = "01"
"""BIJ verwijzer of a toewijzing that honoured no JW315."""

GEEN_VERWIJZER: Final = "06"
"""BIJ verwijzer 'geen verwijzer (vrij toegankelijk)': always for hulpvorm 01 (protocol §3.2)."""

WIJK_OF_BUURTTEAM: Final = "01"
"""BIJ hulpvorm 'uitgevoerd door het wijk- of buurtteam': free access by definition (protocol §3.2)."""

AMBULANT: Final = frozenset({"01", "02", "03", "04"})
"""BIJ hulpvormen of jeugdhulp zonder verblijf (protocol §3.3)."""

VERBLIJF: Final = frozenset({"11", "12", "13", "14"})
"""BIJ hulpvormen of jeugdhulp met verblijf: aanvang is the day after the first night (protocol §3.5)."""

TIJDELIJK_BEEINDIGD: Final = codes.REDEN_BEEINDIGING_TIJDELIJK
"""JZ588 'Levering is tijdelijk beëindigd': not a definitive stop (TR413 lets a later stop replace it)."""

CRISIS_CATEGORIE: Final = "46"
"""Productcategorie jeugdhulp crisis: BIJ gestart met crisis 01."""

EINDE_PREVENTIEF_JUSTITIEEL: Final = "31"
"""BIJ 5.3.1 'Einde activiteiten in het preventief justitieel kader' (the only reden the traffic carries)."""

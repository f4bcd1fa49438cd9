"""Sample product code data for the tests (small, made up, with known quirks)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

UNIFORM_HEADER = (
    "productcategorie,productcode,omschrijving,uitvoeringsvariant,dimensie_hulpvorm_code,eenheid,"
    "ingangsdatum,einddatum"
)
CATALOGUE_HEADER = (
    "gemeentecode,productcategorie,productcode,omschrijving,hulpvorm,taakveld,ingangsdatum,einddatum"
)
HULPVORM_HEADER = "productcategorie,productcode,hulpvorm,geldig_vanaf,geldig_tot"
TAAKVELD_HEADER = "productcategorie,productcode,taakveld,default,geldig_vanaf,geldig_tot"

UNIFORM = f"""{UNIFORM_HEADER}
45,45A01,Ambulant regulier,Outputgericht,02,,2015-01-01,
45,45A02,Ambulant beëindigd,Inspanningsgericht,04,04,2015-01-01,2025-12-31
45,45A03,Ambulant toekomstig,,02,,2027-01-01,
43,43A01,Verblijf,Outputgericht,14,14,2015-01-01,
"""
CATALOGUE = f"""{CATALOGUE_HEADER}
0599,45,45R01,Regionaal ambulant,04,6.72a,2026-01-01,
0599,41,41R01,Regionaal dagbesteding,03,,2024-01-01,2025-12-31
"""
HULPVORM = f"""{HULPVORM_HEADER}
35,,11,2015-01-01,
45,45A01,02,2015-01-01,2025-12-31
45,45A01,04,2026-01-01,
43,43A01,14,2015-01-01,
"""
TAAKVELD = f"""{TAAKVELD_HEADER}
45,,6.72d,true,2023-01-01,
45,45A01,6.72b,false,2023-01-01,
43,,6.73c,true,2023-01-01,
35,,6.73a,false,2023-01-01,
"""

MakeFolder = Callable[..., Path]

"""The product code checks' finding codes: the official rule they apply and the project's own codes.

Own codes start with ``PC-`` so they never collide with the codes of the standard (TR, OP, CS, CD, RS).
They report what the standard has no code for: facts about regional codes that are not a reason to
reject a message (DESIGN.md: without a loaded gemeente catalogue a code outside the uniform set is
reported, never rejected).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from ijw.findings import Severity

TR381: Final = "TR381"
"""ProductCode vullen met een code die, volgens de gehanteerde productcodelijst, past bij de
ProductCategorie (technische regel, controleniveau externe bron)."""
S329: Final = "S329"
"""Retourcode of TR381 (WJ001: ProductCode ongeldig)."""


@dataclass(frozen=True, slots=True)
class OwnCode:
    code: str
    severity: Severity
    meaning: str


OWN_CODES: Final[dict[str, OwnCode]] = {
    c.code: c
    for c in (
        OwnCode(
            "PC-CATEGORIE-ONBEKEND",
            "error",
            "ProductCategorie is not a productcategorie of JZ020 "
            "(in a message the XSD enumeration catches it first)",
        ),
        OwnCode(
            "PC-REGIONAAL",
            "info",
            "ProductCode is outside the uniform set and in the gemeente's catalogue: a regional code",
        ),
        OwnCode(
            "PC-REGIONAAL-ONBEKEND",
            "info",
            "ProductCode is outside the uniform set and no catalogue is loaded for the gemeente: an unknown "
            "regional code; TR381 cannot be checked",
        ),
        OwnCode(
            "PC-NIET-GELDIG",
            "warning",
            "ProductCode of the uniform set is not valid on the date of the product and no catalogue is "
            "loaded for the gemeente (with a catalogue this is TR381)",
        ),
    )
}

PC_CATEGORIE_ONBEKEND: Final = "PC-CATEGORIE-ONBEKEND"
PC_REGIONAAL: Final = "PC-REGIONAAL"
PC_REGIONAAL_ONBEKEND: Final = "PC-REGIONAAL-ONBEKEND"
PC_NIET_GELDIG: Final = "PC-NIET-GELDIG"

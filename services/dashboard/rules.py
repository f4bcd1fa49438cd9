"""What a finding code means: the rule catalogue first, then the own codes of ingest and of quality.

>>> describe("TR018") == omschrijving("TR018") and describe("TR018").startswith("Einddatum")
True
>>> describe("PC-REGIONAAL-ONBEKEND").startswith("Eigen controle: de ProductCode valt buiten")
True
>>> describe("GEEN-START").startswith("Eigen controle: een toewijzing")
True
>>> describe("AUDIT-ANTWOORD-ONTBREEKT").startswith("Antwoordaudit: een verplicht antwoord ontbreekt")
True
>>> describe("PARSE-SYNTAX")
'Geweigerd: de invoer is geen welgevormde XML (geen retourbericht; dead-letter topic)'
>>> describe("ZZ-UNKNOWN")
''
"""

from __future__ import annotations

from ijw.productcodes.own_codes import OWN_CODES
from ijw.rules.catalog import load_catalog
from ijw.rules.omschrijvingen import omschrijving
from services.quality import AUDIT_CHECKS, CHECKS

# Codes that are not rules of the standard: the parser's and the XSD's verdicts (control level 1), in Dutch
# for the dashboard. A rule of the standard: its official Dutch text (ijw.rules.omschrijvingen).
LEVEL_ONE = {
    "XSD": "Niet geldig volgens het XSD van het bericht (controleniveau 1, geen retourbericht)",
    "PARSE-SYNTAX": "Geweigerd: de invoer is geen welgevormde XML (geen retourbericht; dead-letter topic)",
    "PARSE-DOCTYPE": "Geweigerd: de invoer heeft een DOCTYPE (DTD's en entities worden geweigerd)",
    "PARSE-EMPTY": "Geweigerd: lege invoer",
    "PARSE-ENCODING": "Geweigerd: de invoer heeft geen geldige tekenset",
    "NOT-IJW": "Geweigerd: geen iJw 3.2-bericht (onbekende namespace of root-element)",
    "READ-ERROR": "Geweigerd: de invoer kon niet gelezen worden",
    "CONTENT-NOT-STORED": "De inhoud van het bericht kon niet worden opgeslagen (het bericht zelf wel)",
}

# The project's own codes (not rules of the standard), in Dutch for the dashboard.
OWN = {
    "PC-CATEGORIE-ONBEKEND": "Eigen controle: de ProductCategorie komt niet voor in JZ020",
    "PC-REGIONAAL": "Eigen controle: de ProductCode valt buiten de uniforme set en staat in de "
    "productcatalogus van de gemeente (een regionale code)",
    "PC-REGIONAAL-ONBEKEND": "Eigen controle: de ProductCode valt buiten de uniforme set en van de gemeente "
    "is geen productcatalogus geladen; TR381 is niet te controleren",
    "PC-NIET-GELDIG": "Eigen controle: de ProductCode van de uniforme set is niet geldig op de datum van het "
    "product (met een productcatalogus van de gemeente is dit TR381)",
    "GEEN-START": "Eigen controle: een toewijzing is binnen 30 dagen na de ingangsdatum gestart (JW305); "
    "de standaard kent geen termijn voor een start die nooit komt",
}


def describe(code: str) -> str:
    """The description of a finding code; empty when nothing describes it."""
    official = omschrijving(code)
    if official is not None:
        return official
    if code in OWN:
        return OWN[code]
    if code in AUDIT_CHECKS:
        return AUDIT_CHECKS[code].omschrijving
    catalog = load_catalog()
    if code in catalog:
        return catalog[code].summary
    if code in OWN_CODES:
        return OWN_CODES[code].meaning
    if code in CHECKS:
        return CHECKS[code].summary
    return LEVEL_ONE.get(code, "")


def is_official(code: str) -> bool:
    """Whether ``code`` is a rule of the standard (in the catalogue)."""
    return code in load_catalog()

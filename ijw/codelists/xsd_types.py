"""Which code list each enumerated simple type of the basisschema carries.

The XSDs enumerate the codes of these lists (``LDT_RetourCode`` holds the codes of WJ001, and so on); the
tests check that the project's code lists and the enumerations of the compact model agree code for code.
BerichtCode is not enumerated but fixed per message by a pattern: its list is COD002.
"""

from __future__ import annotations

from typing import Final

XSD_TYPE_LISTS: Final[dict[str, str]] = {
    "LDT_AanduidingWoonadres": "NUM061",
    "LDT_AdresSoort": "COD757",
    "LDT_Communicatievorm": "COD747",
    "LDT_DatumGebruik": "COD170",
    "LDT_DebetCredit": "COD043",
    "LDT_Eenheid": "WJ756",
    "LDT_Frequentie": "WMO757",
    "LDT_Geslacht": "COD046",
    "LDT_JaNee": "COD260",
    "LDT_JuridischeStatus": "WJ232",
    "LDT_LandCode": "COD032",
    "LDT_NaamGebruik": "COD700",
    "LDT_ProductCategorie": "JZ020",
    "LDT_RedenAfwijzingVerzoek": "WJ759",
    "LDT_RedenBeeindiging": "JZ588",
    "LDT_RedenVerzoek": "WJ758",
    "LDT_RedenWijziging": "JZ002",
    "LDT_RetourCode": "WJ001",
    "LDT_SoortRelatie": "COD472",
    "LDT_StatusAanlevering": "COD467",
    "LDT_TypeVerwijzer": "COD327",
    "LDT_VerzoekAntwoord": "WJ760",
    "LDT_WettelijkeVertegenwoordiging": "WJ003",
}

BERICHTCODE_LIST: Final = "COD002"

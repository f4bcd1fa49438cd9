"""Code-list values the product's logic names, each named once here, with the list in ``codelijsten/`` it
comes from; ``tests/codelists/test_named_codes.py`` checks each against its list and meaning.

>>> named("JZ588", "20")
'REDEN_BEEINDIGING_TIJDELIJK'
"""

from __future__ import annotations

from typing import Final

# JZ588 RedenBeeindiging
REDEN_BEEINDIGING_TIJDELIJK: Final = "20"  # Levering is tijdelijk beëindigd
# JZ002 RedenWijziging
REDEN_WIJZIGING_VERVALLEN: Final = "01"  # Administratieve correctie (vervallen)
REDEN_WIJZIGING_VERWIJDERD: Final = "13"  # Verwijderd
# COD467 StatusAanlevering
STATUS_AANLEVERING_EERSTE: Final = "1"  # Eerste aanlevering
STATUS_AANLEVERING_VERWIJDEREN: Final = "3"  # Verwijderen aanlevering
# WJ756 Eenheid
EENHEID_MINUUT: Final = "01"
EENHEID_UUR: Final = "04"
EENHEID_STUKS_OUTPUT: Final = "82"  # Stuks (output)
EENHEID_EURO: Final = "83"  # Euro's
# WMO757 Frequentie
FREQUENTIE_PER_DAG: Final = "1"
FREQUENTIE_PER_WEEK: Final = "2"
FREQUENTIE_PER_MAAND: Final = "4"
FREQUENTIE_TOTAAL: Final = "6"  # Totaal binnen geldigheidsduur toewijzing
# WJ760 VerzoekAntwoord
VERZOEK_AFGEWEZEN: Final = "1"  # Verzoek afgewezen
VERZOEK_IN_ONDERZOEK: Final = "2"  # Aanvraag in onderzoek

#: name → (list, code, a word of its omschrijving in the list)
NAMED: Final[dict[str, tuple[str, str, str]]] = {
    "REDEN_BEEINDIGING_TIJDELIJK": ("JZ588", REDEN_BEEINDIGING_TIJDELIJK, "tijdelijk"),
    "REDEN_WIJZIGING_VERVALLEN": ("JZ002", REDEN_WIJZIGING_VERVALLEN, "vervallen"),
    "REDEN_WIJZIGING_VERWIJDERD": ("JZ002", REDEN_WIJZIGING_VERWIJDERD, "verwijderd"),
    "STATUS_AANLEVERING_EERSTE": ("COD467", STATUS_AANLEVERING_EERSTE, "eerste"),
    "STATUS_AANLEVERING_VERWIJDEREN": ("COD467", STATUS_AANLEVERING_VERWIJDEREN, "verwijderen"),
    "EENHEID_MINUUT": ("WJ756", EENHEID_MINUUT, "minuut"),
    "EENHEID_UUR": ("WJ756", EENHEID_UUR, "uur"),
    "EENHEID_STUKS_OUTPUT": ("WJ756", EENHEID_STUKS_OUTPUT, "output"),
    "EENHEID_EURO": ("WJ756", EENHEID_EURO, "euro"),
    "FREQUENTIE_PER_DAG": ("WMO757", FREQUENTIE_PER_DAG, "per dag"),
    "FREQUENTIE_PER_WEEK": ("WMO757", FREQUENTIE_PER_WEEK, "per week"),
    "FREQUENTIE_PER_MAAND": ("WMO757", FREQUENTIE_PER_MAAND, "per maand"),
    "FREQUENTIE_TOTAAL": ("WMO757", FREQUENTIE_TOTAAL, "totaal"),
    "VERZOEK_AFGEWEZEN": ("WJ760", VERZOEK_AFGEWEZEN, "afgewezen"),
    "VERZOEK_IN_ONDERZOEK": ("WJ760", VERZOEK_IN_ONDERZOEK, "onderzoek"),
}


def named(lijst: str, code: str) -> str | None:
    """The name this module gives ``code`` of ``lijst`` (None when it names none)."""
    for name, (named_list, named_code, _) in NAMED.items():
        if (named_list, named_code) == (lijst, code):
            return name
    return None

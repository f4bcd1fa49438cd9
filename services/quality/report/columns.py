"""The Dutch column headers of the report's CSV files, for the column names the API keeps in English.

``ijw quality report`` writes its CSV files for the people who read the report (gemeente backoffice staff,
aanbieder quality officers): their headers are Dutch, in the words of the report's own tables and the
dashboard. ``GET /kwaliteit/rapport.csv`` serves the same files with the English column names that
``docs/api.md`` documents as the API's contract, for programs. The values are the same in both: codes,
whole numbers, ISO dates, rates as fractions with four decimals.

>>> dutch_header(["month", "linkage_numerator", "linkage_rate", "toewijzing_nummer"])
['maand', 'gekoppelde berichten (teller)', 'gekoppelde berichten (aandeel)', 'ToewijzingNummer']
"""

from __future__ import annotations

from collections.abc import Sequence

INDICATORS: dict[str, str] = {
    "messages_with_error": "berichten met een fout",
    "linkage": "gekoppelde berichten",
    "start_within": "op tijd gestart",
    "stop_after_end": "gestopt na het einde",
    "declarations_unmatched": "prestaties zonder toewijzing of start",
    "regional_codes": "regionale productcodes",
    "retour_on_time": "retourberichten op tijd",
}
"""The trend's indicators, named as on the dashboard's quality page."""

PARTS: dict[str, str] = {"numerator": "teller", "denominator": "noemer", "rate": "aandeel"}
"""The parts of an indicator's ratio: ``<indicator>_<part>``."""

COLUMNS: dict[str, str] = {
    "month": "maand",
    "messages": "berichten",
    "messages_with_error": "berichten met een fout",
    "error_rate": "aandeel berichten met een fout",
    "rule": "regel",
    "source": "gevonden door",
    "severity": "ernst",
    "messages_with_finding": "berichten met de bevinding",
    "findings": "bevindingen",
    "rate": "aandeel",
    "issue": "wat ontbreekt",
    "gemeente": "gemeente",
    "aanbieder": "aanbieder",
    "toewijzing_nummer": "ToewijzingNummer",
    "date": "datum",
    "detail": "toelichting",
    "heenbericht": "heenbericht",
    "heen_dagtekening": "Dagtekening heenbericht",
    "retour_berichtsoort": "antwoord",
    "retour_dagtekening": "beantwoord op",
    "werkdagen": "werkdagen",
    "deadline_werkdagen": "termijn in werkdagen",
    "products": "producten",
    "uniform": "uniform (JZ21)",
    "regional": "regionaal",
    "aspecifiek": "aspecifiek",
    "regional_share": "aandeel regionaal",
    "berichtsoort": "berichtsoort",
    "target": "koppelt aan",
    "linked": "gekoppeld",
}
"""Every other column of the report's CSV files."""


def dutch_column(name: str) -> str:
    """The Dutch header of the column ``name`` (KeyError for a column this module does not know)."""
    if name in COLUMNS:
        return COLUMNS[name]
    indicator, _, part = name.rpartition("_")
    return f"{INDICATORS[indicator]} ({PARTS[part]})"


def dutch_header(names: Sequence[str]) -> list[str]:
    """The Dutch headers of the columns ``names``, in order."""
    return [dutch_column(name) for name in names]

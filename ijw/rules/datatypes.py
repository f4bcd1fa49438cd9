"""Constraints on basisschema datatypes: they hold wherever the datatype occurs.

A constraint on a datatype of the basisschema (``LDT_BurgerServicenummer``, ``CDT_Geboortedatum``,
``CDT_VolledigeNaam``, ``CDT_Adres``, ``CDT_Communicatie``, ``CDT_OpenPeriode``, the amounts with an
indicator debet/credit) is part of the type, so it is checked in every message that carries the type,
retour messages included, as the official validation XSLT checks it. So is TR002 (a Geboortedatum at
most 120 years before the Dagtekening). Rules that involve the berichtklasse around the datatype (such as
a Contact's Soort, or a Contact's Periode: CS003 in the JW301 only) are not here but in the message
modules, and only apply to the messages the official XSLT checks them in.

Each rule is a small pure function on values; :func:`check` finds the datatype elements of a message in
one C-level pass and reports the breaches.

CS002 — the Bsn passes the eleven test:

>>> bsn_valid("999900006"), bsn_valid("999900007")
(True, False)

CS139 — Geboortedatum and DatumGebruik agree: an unknown day is written as the 1st, an unknown day and
month as 1 January, a wholly unknown date as 1 January 1900:

>>> birth_date_consistent("2010-02-01", "1"), birth_date_consistent("2010-02-14", "1")
(True, False)
>>> birth_date_consistent("1900-01-01", "3"), birth_date_consistent(" 2010-01-01", "2")
(True, True)

CS050 — NaamGebruik fits the presence of a Partnernaam:

>>> naam_gebruik_allowed("4", has_partnernaam=True), naam_gebruik_allowed("4", has_partnernaam=False)
(True, False)

CS089 — a Dutch postcode:

>>> dutch_postcode("1234AB"), dutch_postcode("0123AB"), dutch_postcode("1234 AB")
(True, False, False)

CS325 — an amount of zero is debet:

>>> zero_is_debet("0", "C"), zero_is_debet("000", "D"), zero_is_debet("5", "C")
(False, True, True)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from lxml import etree
from stdnum.nl import bsn as stdnum_bsn

from ijw.rules._core import B, Report, child, dagtekening, ns, texts
from ijw.rules.values import date_key, shift_years

_POSTCODE_NL = re.compile(r"[1-9][0-9]{3}[a-zA-Z]{2}")
_PARTNER_NAAMGEBRUIK = frozenset({"1", "2", "3", "4"})
_OWN_NAAMGEBRUIK = frozenset({"1", "6"})


@lru_cache(maxsize=65536)
def bsn_valid(value: str) -> bool:
    """CS002: the value passes the eleven test (python-stdnum's ``stdnum.nl.bsn`` checksum).

    CS002 asks for the eleven test only ("De waarde moet voldoen aan de 11-proef"), as the official XSLT
    checks it: 000000000 passes it, although ``stdnum.nl.bsn.is_valid`` refuses a number of zero. The XSD
    has made sure the value is nine digits.

    >>> bsn_valid("999900006"), bsn_valid("999900007"), bsn_valid("000000000")
    (True, False, True)
    """
    digits = value.strip()
    return len(digits) == 9 and digits.isdigit() and stdnum_bsn.checksum(digits) == 0


def birth_date_consistent(datum: str, datum_gebruik: str | None) -> bool:
    """CS139: the date carries the placeholders its DatumGebruik announces.

    Without DatumGebruik the date is fully known and any date fits.
    """
    if datum_gebruik is None:
        return True
    datum = datum.strip()
    if datum_gebruik == "1":
        return datum.endswith("-01")
    if datum_gebruik == "2":
        return datum.endswith("-01-01")
    return datum == "1900-01-01"


MAX_AGE_YEARS = 120


def plausible_birth_date(datum: str, datum_gebruik: str | None, dagtekening: str) -> bool:
    """TR002: at most 120 years before the Dagtekening, or recorded as unknown.

    >>> plausible_birth_date("1906-05-06", None, "2026-05-06")
    True
    >>> plausible_birth_date("1906-05-05", None, "2026-05-06")
    False
    >>> plausible_birth_date("1900-01-01", "3", "2026-05-06")
    True
    """
    if birth_date_unknown(datum, datum_gebruik):
        return True
    return date_key(datum) >= date_key(shift_years(dagtekening, -MAX_AGE_YEARS))


def birth_date_unknown(datum: str, datum_gebruik: str | None) -> bool:
    """Whether the Geboortedatum is recorded as wholly unknown (DatumGebruik 3, 1900-01-01).

    >>> birth_date_unknown("1900-01-01", "3"), birth_date_unknown("1900-01-01", None)
    (True, False)
    """
    return datum_gebruik == "3" and datum.strip() == "1900-01-01"


def naam_gebruik_allowed(naam_gebruik: str, has_partnernaam: bool) -> bool:
    """CS050: with a Partnernaam NaamGebruik is 1–4, without one it is 1 or 6."""
    allowed = _PARTNER_NAAMGEBRUIK if has_partnernaam else _OWN_NAAMGEBRUIK
    return naam_gebruik in allowed


def dutch_postcode(value: str) -> bool:
    """CS089: four digits (not starting with 0) followed by two letters, nothing else."""
    return _POSTCODE_NL.fullmatch(value) is not None


def zero_is_debet(amount: str, debet_credit: str) -> bool:
    """CS325: an amount of 0 is never credit."""
    return debet_credit == "D" or int(amount) != 0


def end_not_before_begin(begin: str | None, end: str | None) -> bool:
    """CS003: a period's end is on or after its begin. An open end always fits; an end without a begin
    does not (the official XSLT reports it: there is no begin for the end to follow).

    >>> end_not_before_begin("2026-04-01", "2026-03-31"), end_not_before_begin(None, "2026-03-31")
    (False, False)
    >>> end_not_before_begin("2026-04-01", None)
    True
    """
    if end is None:
        return True
    return begin is not None and date_key(end) >= date_key(begin)


# --- walkers: the element of a datatype → findings ---------------------------------------------------


_DATUM = B + "Datum"
_DATUM_GEBRUIK = B + "DatumGebruik"
_NAAM_GEBRUIK = B + "NaamGebruik"
_PARTNERNAAM = B + "Partnernaam"
_HUIS = B + "Huis"
_POSTCODE = B + "Postcode"
_LANDCODE = B + "LandCode"
_VORM = B + "Vorm"
_TAAL = B + "Taal"
_BEGINDATUM = B + "Begindatum"
_EINDDATUM = B + "Einddatum"
_BEDRAG = B + "Bedrag"
_TOTAAL_BEDRAG = B + "TotaalBedrag"
_DEBET_CREDIT = B + "DebetCredit"


def _bsn(report: Report, el: etree._Element) -> None:
    if not bsn_valid(el.text or ""):
        report.add("CS002", "Bsn does not pass the eleven test", el)


def _geboortedatum(report: Report, el: etree._Element) -> None:
    parts = texts(el)
    gebruik = parts.get(_DATUM_GEBRUIK)
    datum = parts.get(_DATUM) or ""
    if not birth_date_consistent(datum, gebruik):
        report.add(
            "CS139", f"Geboortedatum {datum.strip()} does not fit DatumGebruik {gebruik}", el, "/DatumGebruik"
        )
    # TR002 holds for every Geboortedatum of every message, retour messages included (as in the official
    # XSLT); a retour message carries the Dagtekening of its heenbericht in the copied header
    root = el.getroottree().getroot()
    dag = dagtekening(root, "{" + etree.QName(root).namespace + "}")
    if not plausible_birth_date(datum, gebruik, dag):
        report.add("TR002", "Geboortedatum is more than 120 years before the Dagtekening", el, "/Datum")


def _volledige_naam(report: Report, el: etree._Element) -> None:
    parts = texts(el)
    naam_gebruik = parts.get(_NAAM_GEBRUIK)
    if naam_gebruik is None:  # not a CDT_VolledigeNaam (the VerkorteNaam has no NaamGebruik)
        return
    has_partner = _PARTNERNAAM in parts
    if not naam_gebruik_allowed(naam_gebruik, has_partner):
        allowed = "1, 2, 3 or 4 with a Partnernaam" if has_partner else "1 or 6 without a Partnernaam"
        report.add("CS050", f"NaamGebruik {naam_gebruik} is not allowed: {allowed}", el, "/NaamGebruik")


def _adres(report: Report, el: etree._Element) -> None:
    parts = texts(el)
    postcode = parts.get(_POSTCODE)
    landcode = parts.get(_LANDCODE)
    if postcode is not None and landcode is None:
        report.add("CD005", "Adres has a Postcode but no LandCode", el)
    elif landcode is not None and postcode is None:
        report.add("CD005", "Adres has a LandCode but no Postcode", el, "/LandCode")
    if landcode == "NL":
        if _HUIS not in parts:
            report.add("CD025", "Adres in the Netherlands (LandCode NL) has no Huis", el)
        # the official XSLT matches an absent Postcode against the pattern too: CS089 next to CD005
        if postcode is None or not dutch_postcode(postcode):
            report.add(
                "CS089",
                "Postcode is not a Dutch postcode (4 digits, first not 0, 2 letters)",
                el,
                "/Postcode",
            )


def _communicatie(report: Report, el: etree._Element) -> None:
    parts = texts(el)
    vorm = parts.get(_VORM)
    has_taal = _TAAL in parts
    if vorm == "1" and not has_taal:
        report.add("CD007", "Communicatie Vorm 1 (tolk taal) needs a Taal", el)
    elif vorm != "1" and has_taal:
        report.add("CD007", f"Communicatie Vorm {vorm} takes no Taal", el, "/Taal")


def _open_periode(report: Report, el: etree._Element) -> None:
    parts = texts(el)
    end = parts.get(_EINDDATUM)
    if end is not None and not end_not_before_begin(parts.get(_BEGINDATUM), end):
        report.add("CS003", "Periode ends before it begins", el, "/Einddatum")


def _bedrag(report: Report, el: etree._Element) -> None:
    parts = texts(el)
    amount = parts.get(_BEDRAG) or parts.get(_TOTAAL_BEDRAG) or "0"
    if not zero_is_debet(amount, parts.get(_DEBET_CREDIT) or ""):
        report.add("CS325", "an amount of 0 must be debet (D)", el, "/DebetCredit")


Walker = Callable[[Report, etree._Element], None]

_BSN: dict[str, Walker] = {"Bsn": _bsn}
_PERSON: dict[str, Walker] = {"Bsn": _bsn, "Geboortedatum": _geboortedatum}
#: The retour toewijzing copies the datatypes of the toewijzing; the official XSLT checks CS003 on a
#: Contact's Periode in the toewijzing only.
_RETOUR_TOEWIJZING: dict[str, Walker] = {
    **_PERSON,
    "Naam": _volledige_naam,
    "Adres": _adres,
    "Communicatie": _communicatie,
}
_TOEWIJZING: dict[str, Walker] = {**_RETOUR_TOEWIJZING, "Periode": _open_periode}
_DECLARATIE_ANTWOORD: dict[str, Walker] = {
    "Bsn": _bsn,
    "TotaalIngediendBedrag": _bedrag,
    "TotaalToegekendBedrag": _bedrag,
    "IngediendBedrag": _bedrag,
}
# In a JW323 the Bsn and the amounts of the (possibly thousands of) Prestaties are checked column-wise
# by ijw.rules.jw323 with the same functions; only the total is left here.
_DECLARATIE: dict[str, Walker] = {"TotaalIngediendBedrag": _bedrag}

#: Per message: the message elements that carry a checked datatype, with their walker.
DATATYPES: dict[str, dict[str, Walker]] = {
    "JW301": _TOEWIJZING,
    "JW302": _RETOUR_TOEWIJZING,
    "JW305": _PERSON,
    "JW306": _PERSON,
    "JW307": _PERSON,
    "JW308": _PERSON,
    "JW315": _PERSON,
    "JW316": _PERSON,
    "JW317": _BSN,
    "JW318": _BSN,
    "JW319": {},
    "JW320": {},
    "JW323": _DECLARATIE,
    "JW325": _DECLARATIE_ANTWOORD,
}


#: Datatype elements at a fixed place (each step: the element's position in the XSD sequence of its parent
#: and its name), found by that path instead of a walk over the whole tree, which in a declaration with
#: thousands of prestaties costs more than all other checks of the total.
_FIXED: dict[str, dict[str, tuple[tuple[int, str], ...]]] = {
    "JW323": {"TotaalIngediendBedrag": ((1, "Declaratie"), (3, "TotaalIngediendBedrag"))},
}

_BY_TAG: dict[str, dict[str, Walker]] = {
    message: {
        ns(message) + name: walker for name, walker in walkers.items() if name not in _FIXED.get(message, {})
    }
    for message, walkers in DATATYPES.items()
}

_AT_PATH: dict[str, list[tuple[list[tuple[int, str]], Walker]]] = {
    message: [
        ([(index, ns(message) + step) for index, step in path], DATATYPES[message][name])
        for name, path in paths.items()
    ]
    for message, paths in _FIXED.items()
}


def check(report: Report, root: etree._Element, message: str) -> None:
    """Datatype constraints for every occurrence of a checked datatype in the message (one C-level pass)."""
    for path, walker in _AT_PATH.get(message, ()):
        found_at: etree._Element | None = root
        for index, tag in path:
            found_at = child(found_at, index, tag) if found_at is not None else None
        if found_at is not None:
            walker(report, found_at)
    by_tag = _BY_TAG.get(message)
    if not by_tag:
        return
    for found in root.iter(*by_tag):
        by_tag[found.tag](report, found)

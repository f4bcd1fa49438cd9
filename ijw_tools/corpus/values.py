"""Realistic, valid values for the simple types of the iJw 3.2 model.

Values follow the element's facets and look like real traffic: test BSNs that pass the eleven test,
eight-digit AGB codes, CBS gemeentecodes, Dutch names and postcodes, product categorie/code pairs such as
45/45A03, amounts in cents and dates in the years the examples use.

>>> import random
>>> rng = random.Random(1)
>>> bsn = bsn_from_test_range(rng)
>>> is_valid_bsn(bsn) and 999900006 <= int(bsn) <= 999999990
True
>>> product_code("45", random.Random(2))[:3]
'45A'
"""

from __future__ import annotations

import random
import re
import string
from datetime import date, timedelta

from stdnum.nl import bsn as stdnum_bsn

from ijw_tools.corpus.shape import CorpusError, Leaf

#: Real CBS gemeentecodes (indeling 1-1-2026) with the gemeente they stand for.
GEMEENTEN: dict[str, str] = {
    "0014": "Groningen",
    "0034": "Almere",
    "0080": "Leeuwarden",
    "0153": "Enschede",
    "0193": "Zwolle",
    "0202": "Arnhem",
    "0268": "Nijmegen",
    "0344": "Utrecht",
    "0363": "Amsterdam",
    "0384": "Diemen",
    "0392": "Haarlem",
    "0503": "Delft",
    "0518": "'s-Gravenhage",
    "0546": "Leiden",
    "0599": "Rotterdam",
    "0758": "Breda",
    "0772": "Eindhoven",
    "0796": "'s-Hertogenbosch",
    "0855": "Tilburg",
    "0935": "Maastricht",
}

#: AGB code prefixes of kinds of care providers seen in youth care traffic.
AGB_PREFIXES = ("03", "22", "41", "42", "47", "73", "75", "94", "98")

#: Product code suffixes (A00–A25 and a few regional style codes) per landelijke productcategorie.
_CODE_LETTERS = ("A", "A", "A", "A", "B", "C")

SURNAMES = (
    "Jansen",
    "de Vries",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "de Boer",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Wit",
    "Dijkstra",
    "Kaya",
    "Yılmaz",
    "El Amrani",
    "Öztürk",
    "Nguyen",
    "Çelik",
    "van Dijk",
    "Verhoeven",
    "Kuiper",
    "Hoekstra",
    "Jacobs",
    "Willems",
    "Martens",
    "Postma",
)
VOORVOEGSELS = ("de", "van", "van der", "van den", "ter", "den", "in 't", "van de")
FIRST_NAMES = (
    "Tom",
    "Emma",
    "Noah",
    "Julia",
    "Liam",
    "Mila",
    "Sem",
    "Tess",
    "Lucas",
    "Sophie",
    "Daan",
    "Zoë",
    "Finn",
    "Nora",
    "Mohammed",
    "Yara",
    "Levi",
    "Saar",
    "Adam",
    "Fenna",
    "Ömer",
    "Anouk",
    "Jesse",
    "Chloé",
    "Bram",
)
STREETS = (
    "Dorpsstraat",
    "Kerkstraat",
    "Stationsweg",
    "Molenweg",
    "Schoolstraat",
    "Julianalaan",
    "Beatrixlaan",
    "Nieuwstraat",
    "Markt",
    "Sportlaan",
    "Lindenlaan",
    "Wilhelminastraat",
    "Parallelweg",
    "Prinsengracht",
)
ORGANISATIONS = (
    "Jeugdzorg Noord BV",
    "Stichting Kind & Gezin",
    "GGZ Jeugd Midden",
    "Pleegzorg Oost",
    "Wijkteam Centrum",
    "Buurtzorg Jong",
    "Ambulante Hulp Zuid",
    "Jeugdbescherming West",
    "Gezinshuis De Linde",
)
TALEN = ("Nederlands", "Engels", "Arabisch", "Turks", "Pools", "Tigrinya", "Frans", "Nederlandse Gebarentaal")
COMMENTS = (
    "Client Commentaar",
    "Graag contact opnemen met moeder",
    "Spoed: start binnen 2 weken",
    "Zie beschikking van 12 maart",
    "Overleg met wijkteam gepland",
    "Verlenging na evaluatie",
    "Ouders gescheiden; beide ouders informeren",
    "Afspraak via school",
)
VERWIJZERS = ("huisarts", "jeugdarts", "medisch specialist", "wijkteam", "gecertificeerde instelling")
EMAIL_DOMAINS = ("example.nl", "voorbeeld.nl", "gemeente.example", "zorg.example")

_ALNUM = string.ascii_uppercase + string.digits


def is_valid_bsn(value: str) -> bool:
    """A BSN by the eleven test (python-stdnum decides)."""
    return bool(stdnum_bsn.is_valid(value))


def bsn_from_test_range(rng: random.Random) -> str:
    """A BSN from the test range 999900006–999999990 that passes the eleven test."""
    while True:
        candidate = str(rng.randint(999900006, 999999990))
        if is_valid_bsn(candidate):
            return candidate


def agb_code(rng: random.Random) -> str:
    """An eight-digit AGB code: a zorgverlenersoort prefix and six digits."""
    return rng.choice(AGB_PREFIXES) + f"{rng.randint(1, 999999):06d}"


def gemeentecode(rng: random.Random) -> str:
    """A real CBS gemeentecode (four digits, e.g. 0363 Amsterdam)."""
    return rng.choice(list(GEMEENTEN))


def product_code(categorie: str, rng: random.Random) -> str:
    """A code of the form ``45A03`` for the given categorie."""
    return f"{categorie}{rng.choice(_CODE_LETTERS)}{rng.randint(0, 25):02d}"


def postcode(rng: random.Random) -> str:
    """A Dutch postcode such as 1234AB (sometimes written 1234 AB)."""
    letters = "".join(rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
    return (
        f"{rng.randint(1000, 9999)}{letters}"
        if rng.random() < 0.8
        else f"{rng.randint(1000, 9999)} {letters}"
    )


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A day between ``start`` and ``end`` inclusive."""
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _fit(text: str, leaf: Leaf) -> str:
    """Cut ``text`` to the maximum length, keeping it non-blank at the end."""
    if leaf.max_length is not None and len(text) > leaf.max_length:
        text = text[: leaf.max_length].rstrip() or text[: leaf.max_length].strip() or "x"
    return text


_INITIALS = string.ascii_uppercase * 3 + "ÉÖÜÇŞĲÀ"


def _initials(first_names: str | None, rng: random.Random) -> str:
    if first_names:
        letters = "".join(w[0] for w in first_names.split() if w[0].isalpha())
        if letters:
            return letters
    return "".join(rng.choice(_INITIALS) for _ in range(rng.randint(1, 3)))


def _integer(leaf: Leaf, name: str, siblings: dict[str, str], rng: random.Random) -> str:
    lo = leaf.min_inclusive if leaf.min_inclusive is not None else 0
    hi = leaf.max_inclusive if leaf.max_inclusive is not None else 10**9
    fixed = leaf.fixed
    if fixed is not None:
        return fixed
    typical: dict[str, tuple[int, int]] = {
        "LDT_Nummer": (10000, 99999999),
        "LDT_Volume": (1, 40),
        "LDT_Bedrag": (500, 450000),
        "LDT_TotaalBedrag": (1000, 5000000),
        "LDT_Budget": (10000, 2500000),
        "LDT_Huisnummer": (1, 350),
        "LDT_RelatieVolgorde": (1, 4),
    }
    a, b = typical.get(leaf.type_name, (lo, min(hi, lo + 1000)))
    value = rng.randint(max(a, lo), min(b, hi))
    if rng.random() < 0.03:  # the bounds themselves are valid too
        value = rng.choice((lo, hi))
    return str(value)


def _date(name: str, parent: str, siblings: dict[str, str], rng: random.Random) -> str:
    if parent == "Geboortedatum" or name == "Geboortedatum":
        return random_date(rng, date(2005, 1, 1), date(2025, 12, 31)).isoformat()
    start = siblings.get("Begindatum") or siblings.get("Ingangsdatum") or siblings.get("GewensteIngangsdatum")
    start = start or siblings.get("ToewijzingIngangsdatum")
    if name in ("Einddatum", "ToewijzingEinddatum") and start:
        return (date.fromisoformat(start) + timedelta(days=rng.randint(0, 400))).isoformat()
    if rng.random() < 0.02:
        return rng.choice(("2024-02-29", "2028-02-29", "2025-12-31", "2026-01-01"))
    return random_date(rng, date(2023, 1, 1), date(2027, 12, 31)).isoformat()


def _version(rng: random.Random) -> str:
    return rng.choice(("1.0.0", "1.1.1", "0.1.0", "1.2.0", "10.0.3", "3.2.0"))


def _string(leaf: Leaf, name: str, parent: str, siblings: dict[str, str], rng: random.Random) -> str:
    t = leaf.type_name
    if leaf.fixed is not None:
        return leaf.fixed
    if "([a-zA-Z0-9])+" in leaf.patterns:  # DeclaratieNummer
        return _fit(
            rng.choice(("D", "DEC", "")) + str(rng.randint(2023, 2026)) + f"{rng.randint(1, 99999):05d}", leaf
        )
    if t == "LDT_BurgerServicenummer":
        return bsn_from_test_range(rng)
    if t == "LDT_AgbCode":
        return agb_code(rng)
    if t == "LDT_Gemeente":
        return gemeentecode(rng)
    if t == "LDT_Versie":
        return _version(rng)
    if t == "LDT_Voorletters":
        return _fit(_initials(siblings.get("Voornamen"), rng), leaf)
    if t == "LDT_Telefoonnummer":
        return rng.choice(("06", "020", "010", "030", "0592")) + "".join(
            rng.choice(string.digits) for _ in range(7)
        )
    if t == "LDT_Landnummer":
        return rng.choice(("0031", "31", "+31", "0032", "0049"))
    if t == "LDT_ProductCode":
        categorie = siblings.get("Categorie") or siblings.get("ProductCategorie") or "45"
        return product_code(categorie, rng)
    if t == "LDT_IdentificatieBericht":
        return _fit(rng.choice(("", "RT", "B", "ID")) + "".join(rng.choice(_ALNUM) for _ in range(8)), leaf)
    if t == "LDT_IdentificatieDeclaratie":
        return _fit("D" + "".join(rng.choice(string.digits) for _ in range(9)), leaf)
    if t == "LDT_ReferentieNummer":
        return _fit(rng.choice(("RN", "REF", "P")) + f"{rng.randint(1, 999999):06d}", leaf)
    if t == "LDT_Referentie":
        return _fit(rng.choice(("40A", "REF-", "VOT", "")) + str(rng.randint(1000, 99999999)), leaf)
    if t == "LDT_Persoonsid":
        return _fit(rng.choice(("P", "REL", "")) + str(rng.randint(100, 99999999)), leaf)
    if t == "LDT_Naam":
        source = FIRST_NAMES if name == "Voornamen" else SURNAMES
        text = rng.choice(source)
        if name == "Voornamen" and rng.random() < 0.3:
            text = f"{text} {rng.choice(FIRST_NAMES)}"
        return _fit(text, leaf)
    if t == "LDT_Postcode":
        return postcode(rng)
    simple: dict[str, str] = {
        "LDT_Voorvoegsel": rng.choice(VOORVOEGSELS),
        "LDT_Straatnaam": rng.choice(STREETS),
        "LDT_Plaatsnaam": rng.choice(list(GEMEENTEN.values())),
        "LDT_Organisatienaam": rng.choice(ORGANISATIONS),
        "LDT_Taal": rng.choice(TALEN),
        "LDT_Commentaar": rng.choice(COMMENTS),
        "LDT_NaamVerwijzer": f"{rng.choice(VERWIJZERS)} {rng.choice(SURNAMES)}",
        "LDT_Huisletter": rng.choice("ABCDabc"),
        "LDT_HuisnummerToevoeging": rng.choice(("bis", "2", "III", "hs", "a", "1-h")),
    }
    if t == "LDT_Emailadres":
        first = rng.choice(FIRST_NAMES).lower()
        return _fit(f"{first}.{rng.randint(1, 999)}@{rng.choice(EMAIL_DOMAINS)}", leaf)
    if t in simple:
        return _fit(simple[t], leaf)
    if leaf.patterns and not all(p in (r".*[^\s].*",) for p in leaf.patterns):
        raise CorpusError(f"no value generator for {t} with patterns {leaf.patterns}")
    lo = max(leaf.min_length or 1, 1)
    hi = leaf.max_length if leaf.max_length is not None else max(lo, 20)
    return "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(lo, min(hi, lo + 10))))


def value_for(leaf: Leaf, name: str, parent: str, siblings: dict[str, str], rng: random.Random) -> str:
    """A valid, realistic value for element ``name`` (child of ``parent``) of type ``leaf``.

    ``siblings`` holds the values already chosen for earlier siblings, so pairs stay consistent
    (Categorie/Code, Begindatum/Einddatum, Voornamen/Voorletters).
    """
    if leaf.enum:
        if leaf.type_name == "LDT_RetourCode" and rng.random() < 0.6:
            return "0200"
        if leaf.type_name == "LDT_LandCode" and rng.random() < 0.5:
            return "NL"
        return rng.choice(leaf.enum)
    if leaf.is_integer:
        return _integer(leaf, name, siblings, rng)
    if leaf.base == "date":
        return _date(name, parent, siblings, rng)
    if leaf.base == "time":
        value = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        return value + (f".{rng.randint(0, 999):03d}" if rng.random() < 0.05 else "")
    if leaf.is_string:
        value = _string(leaf, name, parent, siblings, rng)
        _check(leaf, value)
        return value
    raise CorpusError(f"unsupported base type {leaf.base} of {leaf.type_name}")


def _check(leaf: Leaf, value: str) -> None:
    """Guard against generator bugs: the value must satisfy the facets (XSD regexes are anchored)."""
    if leaf.min_length is not None and len(value) < leaf.min_length:
        raise CorpusError(f"{leaf.type_name}: {value!r} shorter than {leaf.min_length}")
    if leaf.max_length is not None and len(value) > leaf.max_length:
        raise CorpusError(f"{leaf.type_name}: {value!r} longer than {leaf.max_length}")
    for pattern in leaf.patterns:
        if not re.fullmatch(pattern, value):
            raise CorpusError(f"{leaf.type_name}: {value!r} does not match {pattern}")

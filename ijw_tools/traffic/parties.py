"""The parties of a scenario and the products they deal in.

- gemeenten: real CBS gemeentecodes (``codelijsten/cbs-gemeenten-2026-01-01.csv``), chosen by seed;
- aanbieders: synthetic AGB codes (``98`` + six digits, unique);
- clients: test BSNs (11-proef, 999900006–999999990; a BSN is unique within a gemeente, so at most
  9,091 clients per gemeente), birth dates for ages 0–17, a BRP-adres in the gemeente, mostly a
  gezagsdrager;
- products: the uniform product code set (:func:`ijw.productcodes.loader.load_catalog`), with an
  eenheid, frequentie and omvang that fit the uitvoeringsvariant (``Toewijzingsvarianten_inspanning-output``).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from stdnum.nl import bsn as stdnum_bsn

from ijw.paths import data_dir
from ijw.productcodes.loader import load_catalog
from ijw_tools.traffic.scenario import Aanbieder, Client, Gemeente, ProductSpec, Relatie

BSN_FIRST = 999900006
BSN_LAST = 999999990

ACHTERNAMEN = (
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Jong",
    "Schouten",
    "Willems",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "Bouali",
    "Nguyen",
    "Pinas",
)
VOORNAMEN_M = (
    "Daan",
    "Sem",
    "Noah",
    "Lucas",
    "Levi",
    "Finn",
    "Milan",
    "Mohammed",
    "Adam",
    "Liam",
    "Jesse",
    "Bram",
)
VOORNAMEN_V = (
    "Emma",
    "Julia",
    "Mila",
    "Tess",
    "Sophie",
    "Zoë",
    "Sara",
    "Nora",
    "Yara",
    "Eva",
    "Lotte",
    "Noor",
)
STRATEN = (
    "Dorpsstraat",
    "Kerkstraat",
    "Schoolstraat",
    "Molenweg",
    "Stationsweg",
    "Julianastraat",
    "Beatrixlaan",
    "Lindelaan",
    "Eikenlaan",
    "Parallelweg",
    "Marktplein",
    "Wilhelminastraat",
)
OUDER_VOORLETTERS = ("A", "B", "C", "E", "H", "J", "K", "M", "P", "R", "S", "W")

#: Category weights of the toewijzingen (jeugdhulp mostly ambulant; crisis, JB/JR and vervoer small).
CATEGORY_WEIGHTS: dict[str, float] = {
    "45": 40,
    "51": 8,
    "41": 6,
    "50": 6,
    "43": 6,
    "44": 4,
    "48": 6,
    "47": 3,
    "46": 4,
    "42": 4,
    "40": 2,
    "49": 1,
    "53": 1,
    "52": 1,
}
REGIONAL_CODES: tuple[tuple[str, str], ...] = (("45", "45R01"), ("45", "45R02"), ("43", "43R01"))


def _split(naam: str) -> tuple[str | None, str]:
    parts = naam.split(" ")
    if len(parts) > 1 and parts[0][0].islower():
        return " ".join(parts[:-1]), parts[-1]
    return None, naam


@lru_cache(maxsize=1)
def cbs_gemeenten() -> tuple[tuple[str, str], ...]:
    """All (gemeentecode, naam) of the CBS list of 1 January 2026."""
    with open(data_dir("codelijsten") / "cbs-gemeenten-2026-01-01.csv", encoding="utf-8", newline="") as fh:
        return tuple((row["gemeentecode"], row["naam"]) for row in csv.DictReader(fh))


@lru_cache(maxsize=1)
def test_bsns() -> tuple[str, ...]:
    """All test BSNs that pass the 11-proef."""
    return tuple(s for n in range(BSN_FIRST, BSN_LAST + 1) if stdnum_bsn.is_valid(s := str(n)))


def invalid_bsn(bsn: str) -> str:
    """``bsn`` with its last digit changed so that it fails the 11-proef."""
    return bsn[:-1] + str((int(bsn[-1]) + 1) % 10)


def choose_gemeenten(spec: int | Sequence[str], seed: int) -> list[Gemeente]:
    """``spec`` gemeenten chosen by ``seed`` from the CBS list, or the given codes."""
    names = dict(cbs_gemeenten())
    if isinstance(spec, int):
        if spec > len(names):
            raise ValueError(f"there are only {len(names)} gemeenten")
        codes = sorted(random.Random(f"{seed}:gemeenten").sample(sorted(names), spec))
    else:
        unknown = [c for c in spec if c not in names]
        if unknown:
            raise ValueError(f"not a CBS gemeentecode (2026): {', '.join(unknown)}")
        codes = list(spec)
    rng = random.Random(f"{seed}:postcodes")
    return [Gemeente(code, names[code], i, rng.randint(1000, 9899)) for i, code in enumerate(codes)]


def make_aanbieders(count: int, seed: int) -> list[Aanbieder]:
    rng = random.Random(f"{seed}:aanbieders")
    numbers = rng.sample(range(100000, 999999), count)
    soorten = ("Jeugdzorg", "Jeugdhulp", "Kind en Gezin", "Jeugd-GGZ", "Gezinshuis", "Opvoedpoli")
    plekken = ("Noord", "Oost", "Zuid", "West", "Midden", "Rivierenland", "Kust", "Veluwe", "Delta")
    return [
        Aanbieder(f"98{n:06d}", f"{rng.choice(soorten)} {rng.choice(plekken)} {i + 1}", i)
        for i, n in enumerate(numbers)
    ]


def make_client(gemeente: Gemeente, bsn: str, index: int, period_start: dt.date, seed: int) -> Client:
    """A client with a BRP-adres in ``gemeente``, aged 0–17 at the start of the period."""
    rng = random.Random(f"{seed}:client:{index}")
    geslacht = rng.choice(("1", "2"))
    voornaam = rng.choice(VOORNAMEN_M if geslacht == "1" else VOORNAMEN_V)
    voorvoegsel, achternaam = _split(rng.choice(ACHTERNAMEN))
    age_days = rng.randint(200, 17 * 365 + 300)
    geboortedatum = period_start - dt.timedelta(days=age_days)
    letters = "ABCDEFGHJKLMNPRTVWXZ"
    postcode = f"{gemeente.postcode_base + rng.randint(0, 99)}{rng.choice(letters)}{rng.choice(letters)}"
    relatie = None
    if rng.random() < 0.75:
        relatie = Relatie(
            nummer=f"R{index:09d}",
            soort=rng.choices(("10", "11", "13"), weights=(90, 4, 6))[0],
            achternaam=rng.choice(ACHTERNAMEN).split(" ")[-1],
            voorletters=rng.choice(OUDER_VOORLETTERS),
            telefoon=f"06{rng.randint(10000000, 99999999)}",
        )
    return Client(
        bsn=bsn,
        geboortedatum=geboortedatum,
        geslacht=geslacht,
        achternaam=achternaam,
        voorvoegsel=voorvoegsel,
        voornamen=voornaam,
        voorletters=voornaam[0],
        straat=rng.choice(STRATEN),
        huisnummer=rng.randint(1, 250),
        postcode=postcode,
        plaats=gemeente.naam[:80],
        relatie=relatie,
        index=index,
    )


@dataclass(frozen=True, slots=True)
class CatalogProduct:
    categorie: str
    code: str
    variant: str  # Inspanningsgericht | Outputgericht


@lru_cache(maxsize=8)
def uniform_products(on: dt.date) -> dict[str, tuple[CatalogProduct, ...]]:
    """The uniform product codes valid on ``on`` per category (taakgerichte codes left out)."""
    result: dict[str, list[CatalogProduct]] = {}
    for p in load_catalog(include_examples=False).products_on(on):
        variant = p.uitvoeringsvariant or (
            "Inspanningsgericht" if "inspanning" in p.omschrijving else "Outputgericht"
        )
        if variant == "Taakgericht":
            continue
        result.setdefault(p.categorie, []).append(CatalogProduct(p.categorie, p.code, variant))
    return {k: tuple(v) for k, v in result.items()}


def _duration(rng: random.Random, categorie: str) -> int:
    if categorie == "46":
        return rng.randint(14, 42)
    if categorie == "48":
        return rng.choice((182, 365))
    if categorie in ("43", "44", "47"):
        return rng.randint(180, 365)
    return rng.randint(90, 300)


def make_spec(
    rng: random.Random,
    on: dt.date,
    *,
    regional: bool = False,
    exclude: frozenset[str] = frozenset(),
    categorie: str | None = None,
) -> ProductSpec:
    """A product with an omvang fitting its uitvoeringsvariant.

    ``exclude`` holds what the client's actual products block (no stapeling, OP259/TR302): their codes,
    ``"45~"`` for a category with a specific product (no aspecifieke toewijzing beside it) and ``"45:"``
    for a category with an aspecifieke toewijzing (no other product of it).
    """
    catalog = uniform_products(on)
    cats = [c for c in CATEGORY_WEIGHTS if c in catalog and f"{c}:" not in exclude]
    if categorie is None or f"{categorie}:" in exclude or categorie not in catalog:
        categorie = rng.choices(cats, weights=[CATEGORY_WEIGHTS[c] for c in cats])[0]
    duration = _duration(rng, categorie)
    if regional:
        regional_categorie, code = rng.choice(REGIONAL_CODES)
        if code not in exclude and f"{regional_categorie}:" not in exclude:
            return _inspanning(rng, regional_categorie, code, duration)
    if categorie in ("45", "50") and f"{categorie}~" not in exclude and rng.random() < 0.06:
        # aspecifiek met budget: only the category, declared in euro's with a code of the category
        code = rng.choice([p.code for p in catalog[categorie] if p.variant == "Outputgericht"])
        budget = rng.randint(20, 150) * 10000
        return ProductSpec(categorie, None, None, None, None, budget, code, "83", None, duration)
    if all(p.code in exclude for p in catalog[categorie]):
        categorie = rng.choice([c for c in cats if any(p.code not in exclude for p in catalog[c])])
    choices = [p for p in catalog[categorie] if p.code not in exclude]
    product = rng.choice(choices)
    if product.variant == "Inspanningsgericht":
        return _inspanning(rng, categorie, product.code, duration)
    return _output(rng, categorie, product.code, duration)


def _spec(
    categorie: str, code: str, eenheid: str, frequentie: str, volume: int, tarief: int | None, duration: int
) -> ProductSpec:
    return ProductSpec(categorie, code, eenheid, frequentie, volume, None, code, eenheid, tarief, duration)


def _inspanning(rng: random.Random, categorie: str, code: str, duration: int) -> ProductSpec:
    if categorie in ("43", "44"):
        return _spec(categorie, code, "14", "2", 7, rng.randint(180, 350) * 100, duration)
    if categorie == "41":
        return _spec(categorie, code, "16", "2", rng.randint(2, 8), rng.randint(60, 95) * 100, duration)
    if categorie == "42":
        return _spec(categorie, code, "84", "2", rng.randint(4, 10), rng.randint(15, 40) * 100, duration)
    if categorie == "48":
        return _spec(categorie, code, "04", "4", rng.randint(4, 12), rng.randint(90, 120) * 100, duration)
    if categorie == "46":
        return _spec(categorie, code, "04", "2", rng.randint(4, 12), rng.randint(100, 140) * 100, duration)
    kind = rng.choices(
        ("uur-week", "minuut-week", "uur-maand", "uur-totaal", "stuks-maand"), weights=(55, 15, 15, 10, 5)
    )[0]
    if kind == "uur-week":
        return _spec(categorie, code, "04", "2", rng.randint(1, 6), rng.randint(70, 120) * 100, duration)
    if kind == "minuut-week":
        return _spec(categorie, code, "01", "2", rng.randint(6, 30) * 10, rng.randint(120, 200), duration)
    if kind == "uur-maand":
        return _spec(categorie, code, "04", "4", rng.randint(4, 20), rng.randint(70, 120) * 100, duration)
    if kind == "uur-totaal":
        return _spec(categorie, code, "04", "6", rng.randint(20, 100), rng.randint(70, 120) * 100, duration)
    return _spec(categorie, code, "84", "4", rng.randint(4, 12), rng.randint(40, 90) * 100, duration)


def _output(rng: random.Random, categorie: str, code: str, duration: int) -> ProductSpec:
    if categorie in ("47", "48"):
        return _spec(categorie, code, "83", "4", rng.randint(12, 30) * 10000, None, duration)
    if categorie in ("43", "44"):
        return _spec(categorie, code, "83", "4", rng.randint(40, 90) * 10000, None, duration)
    if categorie == "42":
        return _spec(categorie, code, "82", "2", rng.randint(4, 10), rng.randint(15, 35) * 100, duration)
    if categorie == "46":
        return _spec(categorie, code, "83", "6", rng.randint(20, 80) * 10000, None, duration)
    kind = rng.choices(("stuks-week", "stuks-totaal", "euro-maand", "euro-totaal"), weights=(35, 25, 25, 15))[
        0
    ]
    if kind == "stuks-week":
        return _spec(categorie, code, "82", "2", rng.randint(2, 10), rng.randint(20, 100) * 100, duration)
    if kind == "stuks-totaal":
        return _spec(categorie, code, "82", "6", rng.randint(10, 40), rng.randint(50, 150) * 100, duration)
    if kind == "euro-maand":
        return _spec(categorie, code, "83", "4", rng.randint(10, 40) * 10000, None, duration)
    return _spec(categorie, code, "83", "6", rng.randint(30, 300) * 10000, None, duration)

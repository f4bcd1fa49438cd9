"""The shipped product code data against the reference pack (JZ21, JZ020, Iv3) and DESIGN.md defaults."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from ijw.productcodes import load_catalog

ON = dt.date(2026, 1, 1)
HEADINGS = {"40A00", "41A00", "42A00", "43A00", "44A00", "45A00", "47A00", "49A00", "53A00"}
HULPVORM_2015 = {
    "31": "01",
    "32": "02",
    "33": "03",
    "34": "04",
    "35": "11",
    "36": "12",
    "37": "13",
    "38": "14",
}
# DESIGN.md, Iv3 aggregates, step 2 (category) and step 4 (the 2015 categories, through their hulpvorm).
TAAKVELD = {
    "35": "6.73a", "36": "6.73b", "37": "6.74c", "38": "6.73c", "42": "6.72d", "46": "6.74b",
    "47": "6.82b", "48": "6.82a", "51": "6.74a", "52": "6.74a", "54": "6.74a", "55": "6.74b",
}  # fmt: skip
# Step 5: a category default, reported as "mapped by default" (44→6.73c, the documented defaults).
NEEDS_PRODUCTCODE_MAPPING = {"31", "32", "33", "34", "40", "41", "43", "44", "45", "49", "50", "53"}
# Step 3: the product's BIJ hulpvorm.
TAAKVELD_OF_HULPVORM = {"11": "6.73a", "12": "6.73b", "13": "6.74c", "14": "6.73c", "03": "6.72c"}


@pytest.fixture(scope="module")
def jz21(reference: Path) -> list[dict[str, Any]]:
    path = reference / "productcodes" / "jz21-standaardproductcodelijst-jeugdwet.json"
    products: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["products"]
    return products


def _dash(value: str | None) -> str | None:
    return None if value in (None, "-") else value


def test_uniform_set_matches_jz21_code_by_code(jz21: list[dict[str, Any]]) -> None:
    catalog = load_catalog()
    assert len(jz21) == 450
    seen = set()
    for item in jz21:
        code = item["productcode"]
        if item["productcategorie_code"] == "-":
            assert code in HEADINGS, code
            assert catalog.product(code) is None
            continue
        seen.add(code)
        product = catalog.product(code, ON)
        assert product is not None, code
        assert product.categorie == item["productcategorie_code"], code
        assert product.omschrijving == item["omschrijving"], code
        assert product.uitvoeringsvariant == item["uitvoeringsvariant"], code
        assert product.dimensie_hulpvorm_code == _dash(item["dimensie_hulpvorm_code"]), code
        assert product.ingangsdatum == dt.date(2015, 1, 1) and product.einddatum is None
        assert product.eenheid is None
    assert set(catalog.products) == seen
    assert len(seen) == 441 and len(seen) + len(HEADINGS) == 450


def test_headings_name_their_category(jz21: list[dict[str, Any]]) -> None:
    """A heading row's omschrijving is the JZ21 name of the category its code starts with."""
    names = {p["productcategorie_code"]: p["productcategorie_omschrijving"] for p in jz21}
    for item in jz21:
        if item["productcode"] in HEADINGS:
            assert item["omschrijving"] == names[item["productcode"][:2]]
            assert item["uitvoeringsvariant"] is None and item["dimensie_hulpvorm_code"] == "-"


def test_categories_equal_jz020(reference: Path) -> None:
    with open(reference / "codelijsten" / "codelijsten.csv", encoding="utf-8", newline="") as fh:
        jz020 = {r["code"]: r["omschrijving"] for r in csv.DictReader(fh) if r["lijst"] == "JZ020"}
    categories = load_catalog().categories
    assert len(categories) == 24
    assert {c: cat.omschrijving for c, cat in categories.items()} == jz020
    domains = {c: cat.bij_domein for c, cat in categories.items()}
    assert (domains["42"], domains["47"], domains["48"], domains["49"]) == (
        "geen",
        "jeugdreclassering",
        "jeugdbescherming",
        "preventief-justitieel-kader",
    )


def test_taakvelden_equal_reference(reference: Path) -> None:
    with open(reference / "iv3-taakvelden.csv", encoding="utf-8", newline="") as fh:
        ref = {r["taakveld"]: (r["omschrijving"], r["oud_taakveld"]) for r in csv.DictReader(fh)}
    taakvelden = load_catalog().taakvelden
    assert {c: (t.omschrijving, t.oud_taakveld) for c, t in taakvelden.items()} == ref
    assert len(taakvelden) == 12


def test_hulpvorm_mapping_defaults(jz21: list[dict[str, Any]]) -> None:
    catalog = load_catalog()
    for item in jz21:
        if item["productcategorie_code"] == "-":
            continue
        mapping = catalog.hulpvorm(item["productcategorie_code"], item["productcode"], ON)
        expected = _dash(item["dimensie_hulpvorm_code"])
        if expected is None:
            assert mapping is None, item["productcode"]
        else:
            assert mapping is not None and mapping.hulpvorm == expected, item["productcode"]
            assert mapping.source == "productcode"
    for categorie, hulpvorm in HULPVORM_2015.items():
        mapping = catalog.hulpvorm(categorie, None, ON)
        assert mapping is not None and (mapping.hulpvorm, mapping.source) == (hulpvorm, "productcategorie")
    assert catalog.hulpvorm("45", None, ON) is None  # no category-level guess


def test_taakveld_mapping_defaults() -> None:
    catalog = load_catalog()
    for categorie in catalog.categories:
        mapping = catalog.taakveld(categorie, None, ON)
        assert mapping is not None, categorie
        by_hulpvorm = TAAKVELD_OF_HULPVORM.get(HULPVORM_2015.get(categorie, ""))
        if categorie in TAAKVELD:
            assert mapping == (TAAKVELD[categorie], False), categorie
        elif by_hulpvorm is not None:  # 33 daghulp (hulpvorm 03) on 6.72c
            assert mapping == (by_hulpvorm, False), categorie
        else:
            assert categorie in NEEDS_PRODUCTCODE_MAPPING
            assert mapping.mapped_by_default, categorie
            assert mapping.taakveld in catalog.taakvelden
    assert set(catalog.categories) == set(TAAKVELD) | NEEDS_PRODUCTCODE_MAPPING
    assert catalog.taakveld("45", "45A01", dt.date(2022, 12, 31)) is None  # before the 2023 taakvelden


def test_taakveld_of_every_jz21_code_follows_the_design_order(jz21: list[dict[str, Any]]) -> None:
    """DESIGN.md, Iv3 aggregates: (2) category 46/47/48/51/52/54/55/42, (3) the product's hulpvorm, (5) the
    category default, flagged. The issue's examples: pleegzorg 43A03 on 6.73a, JeugdzorgPlus 43A06 on 6.74c,
    logeren 44A05 on 6.73b, none of them mapped by default."""
    catalog = load_catalog()
    for item in jz21:
        categorie, code = item["productcategorie_code"], item["productcode"]
        if categorie == "-":
            continue
        mapping = catalog.taakveld(categorie, code, ON)
        assert mapping is not None, code
        hulpvorm = _dash(item["dimensie_hulpvorm_code"])
        domein = catalog.categories[categorie].bij_domein
        if categorie in TAAKVELD:
            assert mapping == (TAAKVELD[categorie], False), code
        elif domein == "jeugdhulp" and hulpvorm in TAAKVELD_OF_HULPVORM:
            assert mapping == (TAAKVELD_OF_HULPVORM[hulpvorm], False), code
        else:
            assert mapping.mapped_by_default, code
    assert catalog.taakveld("43", "43A03", ON) == ("6.73a", False)
    assert catalog.taakveld("43", "43A06", ON) == ("6.74c", False)
    assert catalog.taakveld("44", "44A05", ON) == ("6.73b", False)
    assert catalog.taakveld("43", "43A03", dt.date(2022, 12, 31)) is None  # before the 2023 taakvelden

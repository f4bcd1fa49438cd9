"""Each product code check with a case that triggers it and one that does not."""

from __future__ import annotations

import datetime as dt

import pytest

from ijw.findings import Finding
from ijw.productcodes import ProductCatalog, load_catalog
from ijw.productcodes.checks import check_product, is_valid
from ijw.productcodes.own_codes import OWN_CODES
from tests.productcodes.productcode_samples import MakeFolder

ON = dt.date(2026, 6, 1)
LOC = "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/Product"


@pytest.fixture
def catalog(make_folder: MakeFolder) -> ProductCatalog:
    return load_catalog(make_folder())


def rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def test_valid_uniform_code(catalog: ProductCatalog) -> None:
    assert check_product("45", "45A01", ON, "0363", LOC, catalog=catalog) == []
    assert check_product("45", "45A01", ON, "0599", LOC, catalog=catalog) == []
    assert check_product("45", "45A01", None, None, None, catalog=catalog) == []


def test_aspecific_product_checks_category_only(catalog: ProductCatalog) -> None:
    assert check_product("45", None, ON, "0599", LOC, catalog=catalog) == []
    assert check_product("45", "", ON, "0599", LOC, catalog=catalog) == []


def test_category_not_in_jz020(catalog: ProductCatalog) -> None:
    [finding] = check_product("39", "45A01", ON, "0363", LOC, catalog=catalog)
    assert (finding.rule, finding.severity, finding.retourcode, finding.location) == (
        "PC-CATEGORIE-ONBEKEND",
        "error",
        None,
        LOC,
    )
    assert check_product("31", None, ON, "0363", LOC, catalog=catalog) == []


def test_code_of_another_category_is_tr381(catalog: ProductCatalog) -> None:
    [finding] = check_product("43", "45A01", ON, "0363", LOC, catalog=catalog)
    assert (finding.rule, finding.retourcode, finding.severity, finding.location) == (
        "TR381",
        "S329",
        "error",
        LOC,
    )
    assert "belongs to ProductCategorie 45" in finding.message
    assert check_product("43", "43A01", ON, "0363", LOC, catalog=catalog) == []


def test_uniform_code_outside_its_period(catalog: ProductCatalog) -> None:
    ended = dt.date(2026, 1, 1)
    [without] = check_product("45", "45A02", ended, "0363", LOC, catalog=catalog)
    assert (without.rule, without.severity, without.retourcode) == ("PC-NIET-GELDIG", "warning", None)
    [with_catalogue] = check_product("45", "45A02", ended, "0599", LOC, catalog=catalog)
    assert (with_catalogue.rule, with_catalogue.retourcode) == ("TR381", "S329")
    assert rules(check_product("45", "45A03", ON, "0363", LOC, catalog=catalog)) == ["PC-NIET-GELDIG"]
    assert check_product("45", "45A02", dt.date(2025, 12, 31), "0599", LOC, catalog=catalog) == []
    assert check_product("45", "45A03", dt.date(2027, 1, 1), "0599", LOC, catalog=catalog) == []
    assert check_product("45", "45A02", None, "0599", LOC, catalog=catalog) == []


def test_regional_code_in_catalogue(catalog: ProductCatalog) -> None:
    [finding] = check_product("45", "45R01", ON, "0599", LOC, catalog=catalog)
    assert (finding.rule, finding.severity, finding.retourcode) == ("PC-REGIONAAL", "info", None)
    assert "Regionaal ambulant" in finding.message


def test_regional_code_under_other_category_or_period(catalog: ProductCatalog) -> None:
    [wrong_category] = check_product("43", "45R01", ON, "0599", LOC, catalog=catalog)
    assert (wrong_category.rule, wrong_category.retourcode) == ("TR381", "S329")
    [ended] = check_product("41", "41R01", ON, "0599", LOC, catalog=catalog)
    assert (ended.rule, ended.retourcode) == ("TR381", "S329")
    assert rules(check_product("41", "41R01", dt.date(2025, 1, 1), "0599", LOC, catalog=catalog)) == [
        "PC-REGIONAAL"
    ]


def test_unknown_code_with_catalogue_is_tr381(catalog: ProductCatalog) -> None:
    [finding] = check_product("45", "X1234", ON, "0599", LOC, catalog=catalog)
    assert (finding.rule, finding.retourcode, finding.severity, finding.location) == (
        "TR381",
        "S329",
        "error",
        LOC,
    )


def test_unknown_code_without_catalogue_is_informational(catalog: ProductCatalog) -> None:
    for gemeente in ("0363", None):
        [finding] = check_product("45", "X1234", ON, gemeente, LOC, catalog=catalog)
        assert (finding.rule, finding.severity, finding.retourcode) == ("PC-REGIONAAL-ONBEKEND", "info", None)
        assert not finding.is_error
    # a regional code of 0599 is unknown for another gemeente
    assert rules(check_product("45", "45R01", ON, "0363", LOC, catalog=catalog)) == ["PC-REGIONAAL-ONBEKEND"]


def test_is_valid(catalog: ProductCatalog) -> None:
    assert is_valid("45", "X1234", ON, "0363", catalog=catalog)  # informational only
    assert not is_valid("45", "X1234", ON, "0599", catalog=catalog)
    assert not is_valid("43", "45A01", ON, None, catalog=catalog)


def test_default_catalogue_without_examples() -> None:
    """The shipped data: no catalogue is loaded by default, so 0599 gets no TR381 for an unknown code."""
    assert rules(check_product("45", "45R01", ON, "0599", None)) == ["PC-REGIONAAL-ONBEKEND"]
    assert check_product("45", "45A01", ON, "0599", None) == []


def test_own_codes_are_documented() -> None:
    produced = {"PC-CATEGORIE-ONBEKEND", "PC-REGIONAAL", "PC-REGIONAAL-ONBEKEND", "PC-NIET-GELDIG"}
    assert set(OWN_CODES) == produced
    assert OWN_CODES["PC-NIET-GELDIG"].severity == "warning"
    assert all(code.startswith("PC-") for code in OWN_CODES)

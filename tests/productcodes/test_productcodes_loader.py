"""The product code loader: lookups, versions, examples, overlay folder and typed errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ijw.paths import data_dir
from ijw.productcodes import ProductCodeError, default_dirs, load_catalog
from tests.productcodes.productcode_samples import (
    CATALOGUE_HEADER,
    HULPVORM_HEADER,
    TAAKVELD_HEADER,
    UNIFORM,
    UNIFORM_HEADER,
    MakeFolder,
)


def _error(root: Path) -> ProductCodeError:
    with pytest.raises(ProductCodeError) as info:
        load_catalog(root)
    return info.value


def test_lookups(make_folder: MakeFolder) -> None:
    catalog = load_catalog(make_folder())
    assert catalog.category("45") is not None and catalog.category("39") is None
    assert catalog.product("45A02", dt.date(2025, 12, 31)) is not None
    assert catalog.product("45A02", dt.date(2026, 1, 1)) is None
    assert catalog.product("45A02") is not None  # without a date: its latest period
    assert catalog.is_valid_on("45A03", dt.date(2027, 1, 1)) and not catalog.is_valid_on(
        "45A03", dt.date(2026, 1, 1)
    )
    assert (
        catalog.has_catalogue("0599")
        and not catalog.has_catalogue("0363")
        and not catalog.has_catalogue(None)
    )
    regional = catalog.regional("0599", "45R01", dt.date(2026, 6, 1))
    assert regional is not None and regional.catalogus == "0599-rotterdam"
    assert catalog.regional("0599", "41R01", dt.date(2026, 6, 1)) is None
    assert catalog.regional("0363", "45R01") is None
    assert [p.code for p in catalog.products_on(dt.date(2026, 6, 1), "45")] == ["45A01"]


def test_hulpvorm_lookup_order_and_dates(make_folder: MakeFolder) -> None:
    catalog = load_catalog(make_folder())
    early = catalog.hulpvorm("45", "45A01", dt.date(2025, 6, 1))
    late = catalog.hulpvorm("45", "45A01", dt.date(2026, 6, 1))
    assert early is not None and early.hulpvorm == "02"
    assert late is not None and (late.hulpvorm, late.source, late.bij_domein) == (
        "04",
        "productcode",
        "jeugdhulp",
    )
    regional = catalog.hulpvorm("45", "45R01", dt.date(2026, 6, 1), gemeente="0599")
    assert regional is not None and (regional.hulpvorm, regional.source) == ("04", "gemeente-catalogus")
    assert catalog.hulpvorm("45", "45R01", dt.date(2026, 6, 1)) is None  # no gemeente given
    category = catalog.hulpvorm("35", None, dt.date(2026, 6, 1))
    assert category is not None and category.source == "productcategorie"
    assert catalog.hulpvorm("43", "45A01", dt.date(2026, 6, 1)) is None  # code of another category
    assert catalog.hulpvorm("39", None) is None


def test_taakveld_lookup_order(make_folder: MakeFolder) -> None:
    catalog = load_catalog(make_folder())
    on = dt.date(2026, 6, 1)
    assert catalog.taakveld("45", "45A01", on) == ("6.72b", False)
    assert catalog.taakveld("45", "45A03", on) == ("6.72d", True)
    assert catalog.taakveld("45", "45R01", on, gemeente="0599") == ("6.72a", False)
    assert catalog.taakveld("41", "41R01", on, gemeente="0599") is None
    taakveld, by_default = catalog.taakveld("43", None, on) or ("", False)
    assert (taakveld, by_default) == ("6.73c", True)


def test_highest_version_is_active(make_folder: MakeFolder) -> None:
    newer = (
        f"{UNIFORM_HEADER}\n45,45A01,Ambulant regulier,Outputgericht,02,,2015-01-01,\n"
        "43,43A01,Verblijf,,14,,2015-01-01,\n"
    )
    root = make_folder(
        **{"uniforme-productcodes/v2026-02.csv": newer, "uniforme-productcodes/v2026-02.2.csv": None}
    )
    catalog = load_catalog(root)
    assert catalog.files["uniform"].name == "v2026-02.csv"
    assert set(catalog.products) == {"45A01", "43A01"}


def test_examples_only_on_request() -> None:
    assert not load_catalog(include_examples=False).has_catalogue("0599")
    assert load_catalog(include_examples=True).has_catalogue("0599")


def test_examples_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IJW_PRODUCTCODES_EXAMPLES", "1")
    assert load_catalog().has_catalogue("0599")


def test_overlay_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    (overlay / "uniforme-productcodes").mkdir(parents=True)
    shipped = (data_dir("productcodes") / "uniforme-productcodes" / "v2026-01.csv").read_text(
        encoding="utf-8"
    )
    (overlay / "uniforme-productcodes" / "v2099-01.csv").write_text(
        shipped + "45,45Z99,Extra,,,,2099-01-01,\n", encoding="utf-8"
    )
    monkeypatch.setenv("IJW_PRODUCTCODES_DIR", str(overlay))
    assert default_dirs()[-1] == overlay
    catalog = load_catalog()
    assert catalog.files["uniform"] == overlay / "uniforme-productcodes" / "v2099-01.csv"
    assert catalog.product("45Z99") is not None


def test_unknown_category(make_folder: MakeFolder) -> None:
    err = _error(
        make_folder(**{"uniforme-productcodes/v2026-01.csv": UNIFORM + "39,39A01,X,,,,2015-01-01,\n"})
    )
    assert (err.path.name, err.line) == ("v2026-01.csv", 6)
    assert "productcategorie 39" in str(err)


def test_bad_date(make_folder: MakeFolder) -> None:
    err = _error(
        make_folder(**{"uniforme-productcodes/v2026-01.csv": UNIFORM + "45,45A09,X,,,,2015-13-01,\n"})
    )
    assert err.line == 6 and "not a date" in str(err)


def test_end_before_start(make_folder: MakeFolder) -> None:
    err = _error(
        make_folder(
            **{"uniforme-productcodes/v2026-01.csv": UNIFORM + "45,45A09,X,,,,2020-01-01,2019-01-01\n"}
        )
    )
    assert err.line == 6


def test_bad_variant_and_code_length(make_folder: MakeFolder) -> None:
    assert (
        _error(
            make_folder(
                **{"uniforme-productcodes/v2026-01.csv": UNIFORM + "45,45A09,X,Anders,,,2015-01-01,\n"}
            )
        ).line
        == 6
    )
    assert (
        _error(
            make_folder(**{"uniforme-productcodes/v2026-01.csv": UNIFORM + "45,45A099,X,,,,2015-01-01,\n"})
        ).line
        == 6
    )


def test_overlapping_periods(make_folder: MakeFolder) -> None:
    err = _error(
        make_folder(**{"uniforme-productcodes/v2026-01.csv": UNIFORM + "45,45A02,Again,,,,2025-06-01,\n"})
    )
    assert err.line == 6 and "overlaps" in str(err)


def test_code_changes_category(make_folder: MakeFolder) -> None:
    err = _error(
        make_folder(**{"uniforme-productcodes/v2026-01.csv": UNIFORM + "43,45A02,Moved,,,,2026-01-01,\n"})
    )
    assert err.line == 6


def test_bad_header(make_folder: MakeFolder) -> None:
    err = _error(make_folder(**{"mappings/hulpvorm/v2026-01.csv": "productcategorie,hulpvorm\n35,11\n"}))
    assert (err.path.name, err.line) == ("v2026-01.csv", 1)


def test_duplicate_category(tmp_path: Path, make_folder: MakeFolder) -> None:
    root = make_folder()
    text = (root / "categorieen.csv").read_text(encoding="utf-8")
    (root / "categorieen.csv").write_text(text + "45,Nog eens,jeugdhulp\n", encoding="utf-8")
    err = _error(root)
    assert err.path.name == "categorieen.csv" and err.line == 26


def test_mapping_of_unknown_code(make_folder: MakeFolder) -> None:
    err = _error(
        make_folder(**{"mappings/hulpvorm/v2026-01.csv": f"{HULPVORM_HEADER}\n45,45R01,04,2015-01-01,\n"})
    )
    assert err.line == 2 and "not in the uniform set" in str(err)


def test_mapping_code_in_other_category(make_folder: MakeFolder) -> None:
    err = _error(
        make_folder(**{"mappings/hulpvorm/v2026-01.csv": f"{HULPVORM_HEADER}\n43,45A01,04,2015-01-01,\n"})
    )
    assert err.line == 2 and "belongs to productcategorie 45" in str(err)


def test_unknown_taakveld(make_folder: MakeFolder) -> None:
    err = _error(
        make_folder(**{"mappings/taakveld/v2026-01.csv": f"{TAAKVELD_HEADER}\n45,,6.99z,true,2023-01-01,\n"})
    )
    assert err.line == 2 and "6.99z" in str(err)


def test_bad_default_flag(make_folder: MakeFolder) -> None:
    err = _error(
        make_folder(**{"mappings/taakveld/v2026-01.csv": f"{TAAKVELD_HEADER}\n45,,6.72d,ja,2023-01-01,\n"})
    )
    assert err.line == 2


def test_catalogue_with_uniform_code(make_folder: MakeFolder) -> None:
    text = f"{CATALOGUE_HEADER}\n0599,45,45A01,Dubbel,,,2026-01-01,\n"
    err = _error(make_folder(**{"gemeente-catalogi/0599-rotterdam/v2026-01.csv": text}))
    assert err.line == 2 and "uniform set" in str(err)


def test_bad_gemeentecode_in_catalogue(make_folder: MakeFolder) -> None:
    text = f"{CATALOGUE_HEADER}\n599,45,45R01,X,,,2026-01-01,\n"
    assert _error(make_folder(**{"gemeente-catalogi/0599-rotterdam/v2026-01.csv": text})).line == 2


def test_bad_version_name(make_folder: MakeFolder) -> None:
    err = _error(make_folder(**{"uniforme-productcodes/2026-02.csv": UNIFORM}))
    assert err.path.name == "2026-02.csv" and "version" in str(err)


def test_loose_catalogue_file(make_folder: MakeFolder) -> None:
    err = _error(make_folder(**{"gemeente-catalogi/v2026-01.csv": CATALOGUE_HEADER + "\n"}))
    assert "folder per catalogue" in str(err)


def test_missing_kind(make_folder: MakeFolder) -> None:
    err = _error(make_folder(**{"mappings/taakveld/v2026-01.csv": None}))
    assert "no version file" in str(err)


def test_empty_file(make_folder: MakeFolder) -> None:
    err = _error(make_folder(**{"uniforme-productcodes/v2026-01.csv": ""}))
    assert "empty" in str(err)

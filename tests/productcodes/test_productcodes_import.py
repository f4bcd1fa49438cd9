"""import_csv: writes a new version, refuses to overwrite or go back, checks content before writing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ijw.paths import data_dir
from ijw.productcodes import ImportRefused, Kind, ProductCodeError, import_csv, load_catalog
from ijw.productcodes.loader import HEADERS
from ijw.productcodes.versions import Version, parse_version

SHIPPED = data_dir("productcodes")


@pytest.fixture(autouse=True)
def _no_overlay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IJW_PRODUCTCODES_DIR", raising=False)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir()
    return folder


def _shipped_uniform() -> str:
    return (SHIPPED / "uniforme-productcodes" / "v2026-01.csv").read_text(encoding="utf-8")


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_import_uniform_writes_new_version(tmp_path: Path, target: Path) -> None:
    source = _write(
        tmp_path, "nieuw.csv", _shipped_uniform() + "45,45Z01,Nieuw product,Outputgericht,02,82,2026-07-01,\n"
    )
    result = import_csv("uniform", source, target=target, today=dt.date(2026, 6, 15))
    assert result.path == target / "uniforme-productcodes" / "v2026-06.csv"
    assert (result.kind, str(result.version), result.rows) == (Kind.UNIFORM, "v2026-06", 442)
    assert result.warnings == ()
    catalog = load_catalog([SHIPPED, target])
    assert catalog.files["uniform"] == result.path
    product = catalog.product("45Z01", dt.date(2026, 7, 1))
    assert product is not None and product.eenheid == "82"
    assert not (SHIPPED / "uniforme-productcodes" / "v2026-06.csv").exists()


def test_import_refuses_to_overwrite(tmp_path: Path, target: Path) -> None:
    source = _write(tmp_path, "nieuw.csv", _shipped_uniform())
    first = import_csv("uniform", source, target=target, version="v2026-06")
    before = first.path.read_bytes()
    with pytest.raises(ImportRefused, match="exists"):
        import_csv("uniform", source, target=target, version="v2026-06")
    assert first.path.read_bytes() == before
    with pytest.raises(ImportRefused, match="older"):
        import_csv("uniform", source, target=target, version="v2026-03")
    again = import_csv("uniform", source, target=target, today=dt.date(2026, 6, 20))
    assert again.path.name == "v2026-06.2.csv"
    with pytest.raises(ImportRefused, match="not vYYYY-MM"):
        import_csv("uniform", source, target=target, version="2026-07")


def test_import_accepts_spreadsheet_dialect(tmp_path: Path, target: Path) -> None:
    header = ";".join(reversed(HEADERS[Kind.TAAKVELD_MAPPING]))
    active = max((SHIPPED / "mappings" / "taakveld").glob("v*.csv"), key=lambda f: parse_version(f.name))
    mapping = active.read_text(encoding="utf-8").splitlines()[1:]
    after = parse_version(active.name)
    assert after is not None
    lines = [";".join(reversed(line.split(","))) for line in mapping]
    lines.append(";2023-01-01;false;6.72a;45A01;45")
    source = _write(tmp_path, "taakveld.csv", "\n".join([header, *lines]) + "\n", encoding="utf-8-sig")
    next_version = Version(after.year, after.month, after.number + 1)
    result = import_csv(Kind.TAAKVELD_MAPPING, source, target=target, version=str(next_version))
    written = result.path.read_text(encoding="utf-8")
    assert written.startswith(",".join(HEADERS[Kind.TAAKVELD_MAPPING]) + "\n")
    assert "45,45A01,6.72a,false,2023-01-01,\n" in written
    assert load_catalog([SHIPPED, target]).taakveld("45", "45A01", dt.date(2026, 1, 1)) == ("6.72a", False)


def test_invalid_content_names_source_line(tmp_path: Path, target: Path) -> None:
    source = _write(
        tmp_path, "fout.csv", _shipped_uniform() + "45,45Z01,Nieuw,Outputgericht,02,99,2026-07-01,\n"
    )
    with pytest.raises(ProductCodeError) as info:
        import_csv("uniform", source, target=target)
    assert info.value.path == source and info.value.line == 443 and "WJ756" in str(info.value)
    assert not any(target.rglob("*.csv"))


def test_import_checks_the_whole_catalogue(tmp_path: Path, target: Path) -> None:
    """Dropping a code that the hulpvorm mapping uses would break loading: refused."""
    text = (
        "\n".join(line for line in _shipped_uniform().splitlines() if not line.startswith("45,45A01,")) + "\n"
    )
    source = _write(tmp_path, "zonder.csv", text)
    with pytest.raises(ProductCodeError, match="45A01"):
        import_csv("uniform", source, target=target)
    assert not any(target.rglob("*.csv"))


def test_mapping_of_unknown_code_refused(tmp_path: Path, target: Path) -> None:
    header = ",".join(HEADERS[Kind.HULPVORM_MAPPING])
    source = _write(tmp_path, "hv.csv", f"{header}\n45,45Q99,02,2015-01-01,\n")
    with pytest.raises(ProductCodeError) as info:
        import_csv("hulpvorm-mapping", source, target=target)
    assert (info.value.path, info.value.line) == (source, 2)


def test_import_gemeente_catalogue(tmp_path: Path, target: Path) -> None:
    header = ",".join(HEADERS[Kind.GEMEENTE_CATALOGUS])
    source = _write(
        tmp_path,
        "amsterdam.csv",
        f"{header}\n0363,45,45M01,Amsterdams product,02,6.72b,2026-01-01,\n"
        "0363,45,45A01,Uniform,,,2026-01-01,\n",
    )
    with pytest.raises(ProductCodeError, match="uniform set"):
        import_csv("gemeente-catalogus", source, target=target)
    result = import_csv("gemeente-catalogus", source, target=target, skip_uniform=True, version="v2026-02")
    assert result.catalogue == "0363-amsterdam"
    assert result.path == target / "gemeente-catalogi" / "0363-amsterdam" / "v2026-02.csv"
    assert len(result.warnings) == 1 and result.rows == 1
    catalog = load_catalog([SHIPPED, target])
    assert catalog.has_catalogue("0363")
    assert catalog.taakveld("45", "45M01", dt.date(2026, 3, 1), gemeente="0363") == ("6.72b", False)


def test_catalogue_with_unknown_gemeente_refused(tmp_path: Path, target: Path) -> None:
    header = ",".join(HEADERS[Kind.GEMEENTE_CATALOGUS])
    source = _write(tmp_path, "x.csv", f"{header}\n0001,45,45M01,X,,,2026-01-01,\n")
    with pytest.raises(ProductCodeError, match="CBS") as info:
        import_csv("gemeente-catalogus", source, target=target, catalogue="test")
    assert info.value.line == 2


def test_catalogue_of_several_gemeenten_needs_a_name(tmp_path: Path, target: Path) -> None:
    header = ",".join(HEADERS[Kind.GEMEENTE_CATALOGUS])
    text = f"{header}\n0599,45,45M01,X,,,2026-01-01,\n0606,45,45M01,X,,,2026-01-01,\n"
    source = _write(tmp_path, "regio.csv", text)
    with pytest.raises(ProductCodeError, match="--name"):
        import_csv("gemeente-catalogus", source, target=target)
    result = import_csv("gemeente-catalogus", source, target=target, catalogue="regio-rijnmond")
    assert result.path.parent.name == "regio-rijnmond"


def test_dropped_codes_warn(tmp_path: Path, target: Path) -> None:
    text = (
        "\n".join(line for line in _shipped_uniform().splitlines() if not line.startswith("50,50A01,")) + "\n"
    )
    result = import_csv("uniform", _write(tmp_path, "u.csv", text), target=target)
    assert len(result.warnings) == 1 and "50A01" in result.warnings[0]


def test_unknown_kind(tmp_path: Path, target: Path) -> None:
    with pytest.raises(ProductCodeError, match="unknown kind"):
        import_csv("productcodes", _write(tmp_path, "u.csv", "a\n1\n"), target=target)

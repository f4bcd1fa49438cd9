"""``ijw productcodes import tarieven``: contract tariffs (TR418) imported as a new version, checked first.

Sources of the expected values (quoted again next to a test where one decides it):

- TR418 (regels/technische-regels/berichtoverstijgend/TR418.md): "ProductTarief in Prestatie dient overeen te
  komen met het contractuele tarief van ProductCode"; IV081: "Voor die eenheid dient in het contract een
  tarief voor het betreffende product te zijn vastgelegd", and per minute "tarief delen door 60 minuten" and
  "afgerond op 2 decimalen volgens de rekenkundige regels";
- OP262 (regels/bedrijfsregels/OP262.md): "Voor ondersteuningsproducten met een inspanningsgerichte
  uitvoering wordt een tarief per tijdseenheid afgesproken", except "eenheid = stuks (inspanning) → tarief
  per stuk";
- WJ756 (codelijsten/WJ756_Eenheid.md): codes 01 Minuut, 04 Uur, 14 Etmaal, 16 Dagdeel, 82 Stuks (output),
  83 Euro's, 84 Stuks (inspanning); no 77;
- LDT_AgbCode in basisschema.xsd: pattern ``[0-9]{8}``;
- CBS gemeentecodes (codelijsten/cbs-gemeenten-jeugdzorgregio.csv): 0599 Rotterdam, 0606 Schiedam, 0363
  Amsterdam; 0001 is none;
- JZ21 (productcodes/jz21-standaardproductcodelijst-jeugdwet.json), shipped as the uniform set from
  2015-01-01: 45A01, 45A02 in productcategorie 45, 40A04 (Inspanningsgericht) in 40; the example catalogue
  ``voorbeeld-0599-rotterdam`` has 45R01 (45) from 2026-01-01 and 41R01 (41) from 2024-01-01 to 2025-12-31.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ijw.paths import data_dir
from ijw.productcodes import ImportRefused, Kind, ProductCodeError, import_csv, load_catalog
from ijw.productcodes.tarieven import load_tarieven
from ijw.productcodes.validate import check_data
from ijw_app.cli.productcodes import app

SHIPPED = data_dir("productcodes")
HEADER = "gemeentecode,aanbieder,productcategorie,productcode,eenheid,tarief,ingangsdatum,einddatum"
ON = dt.date(2025, 6, 1)

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_overlay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IJW_PRODUCTCODES_DIR", raising=False)
    monkeypatch.delenv("IJW_PRODUCTCODES_EXAMPLES", raising=False)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir()
    return folder


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def _file(tmp_path: Path, *lines: str, name: str = "tarieven.csv") -> Path:
    return _write(tmp_path, name, "\n".join([HEADER, *lines]) + "\n")


GOOD = "0599,,45,45A01,04,87.50,2025-01-01,"


# -- a good import -------------------------------------------------------------------------------------------

SPREADSHEET = """tarief;einddatum;productcode;eenheid;aanbieder;ingangsdatum;gemeentecode;productcategorie
87,50;2025-12-31;45A01;04;;2025-01-01;0599;45
90,00;;45A01;04;;2026-01-01;0599;45
112,5;;45A02;14;12345678;2025-01-01;0599;45
35;;40A04;84;;2025-01-01;0599;40
"""


def test_spreadsheet_export_imported_and_read_back(tmp_path: Path, target: Path) -> None:
    # A Dutch spreadsheet export: byte order mark, ';', columns in its own order, amounts with a decimal
    # comma (and "112,5" / "35" where the cell dropped trailing zeros).
    source = _write(tmp_path, "rotterdam.csv", SPREADSHEET, encoding="utf-8-sig")
    result = import_csv("tarieven", source, target=target, today=dt.date(2026, 6, 15))
    assert (result.kind, str(result.version), result.rows, result.catalogue) == (
        Kind.TARIEVEN,
        "v2026-06",
        4,
        "0599-rotterdam",  # one gemeente: <gemeentecode>-<naam> of the CBS list
    )
    assert result.path == target / "tarieven" / "0599-rotterdam" / "v2026-06.csv"
    # written normalised: UTF-8 without BOM, ',', the documented column order, euros as 87.50
    assert result.path.read_bytes().decode("utf-8") == (
        f"{HEADER}\n"
        "0599,,45,45A01,04,87.50,2025-01-01,2025-12-31\n"
        "0599,,45,45A01,04,90.00,2026-01-01,\n"
        "0599,12345678,45,45A02,14,112.50,2025-01-01,\n"
        "0599,,40,40A04,84,35.00,2025-01-01,\n"
    )
    book = load_tarieven([SHIPPED, target], include_examples=False)
    assert book.contract_tarief("0599", "87654321", "45A01", "04", ON) == 8750
    assert book.contract_tarief("0599", "87654321", "45A01", "04", dt.date(2026, 2, 1)) == 9000
    # IV081: 87.50 / 60 = 1.4583… → 1.46 per minute
    assert book.contract_tarief("0599", "87654321", "45A01", "01", ON) == 146
    # the etmaal tariff was agreed with aanbieder 12345678 only; OP262: per stuk for 84 stuks (inspanning)
    assert book.contract_tarief("0599", "12345678", "45A02", "14", ON) == 11250
    assert book.contract_tarief("0599", "87654321", "45A02", "14", ON) is None
    assert book.contract_tarief("0599", "87654321", "40A04", "84", ON) == 3500
    assert not (SHIPPED / "tarieven").exists()


def test_imported_version_is_active_for_check_and_loader(
    tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = import_csv("tarieven", _file(tmp_path, GOOD), target=target, version="v2026-01")
    # a new version of the same folder replaces the old one: its overlapping line is no conflict
    raised = _file(tmp_path, "0599,,45,45A01,04,95.00,2025-01-01,", name="nieuw.csv")
    second = import_csv("tarieven", raised, target=target, version="v2026-02")
    assert first.path.is_file() and second.path.parent == first.path.parent
    report = check_data([SHIPPED, target])
    assert report.ok, report.errors
    assert f"tarieven/0599-rotterdam: active {second.path}" in report.summary
    monkeypatch.setenv("IJW_PRODUCTCODES_DIR", str(target))
    assert load_tarieven().contract_tarief("0599", "87654321", "45A01", "04", ON) == 9500
    # the catalogue loader reads no tariffs as a part of the catalogue
    assert not any("tarieven" in key for key in load_catalog([SHIPPED, target]).files)
    check = runner.invoke(app, ["check"])
    assert check.exit_code == 0, check.output
    assert "tarieven/0599-rotterdam: active" in check.output


# -- refused lines -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "0599,,45,45Q99,04,87.50,2025-01-01,",
            "productcode 45Q99 is neither in the uniform set nor in a catalogue of gemeente 0599",
        ),
        ("0599,,43,45A01,04,87.50,2025-01-01,", "productcode 45A01 belongs to productcategorie 45, not 43"),
        (
            "0599,,45,45A01,04,87.50,2014-12-01,",
            "productcode 45A01 is not valid on the ingangsdatum 2014-12-01 (valid 2015-01-01 – open)",
        ),
        ("0599,,45,45A01,83,87.50,2025-01-01,", "eenheid 83 (euro's) has no tariff"),
        ("0599,,40,40A04,82,87.50,2025-01-01,", "productcode 40A04 is inspanningsgericht: OP262 agrees"),
        ("0599,,45,45A01,77,87.50,2025-01-01,", "eenheid '77' is not a code of WJ756"),
        ("0599,1234567,45,45A01,04,87.50,2025-01-01,", "aanbieder '1234567' is not an eight-digit AGB code"),
        ("0599,1234567A,45,45A01,04,87.50,2025-01-01,", "is not an eight-digit AGB code"),
        ("0001,,45,45A01,04,87.50,2025-01-01,", "gemeentecode 0001 is not in the CBS gemeente list"),
        ("599,,45,45A01,04,87.50,2025-01-01,", "gemeentecode '599' is not four digits"),
        ('0599,,45,45A01,04,"1.087,50",2025-01-01,', "tarief '1.087,50' is not an amount in euros"),
        ('0599,,45,45A01,04,"87,505",2025-01-01,', "at most two decimals"),
        ("0599,,45,45A01,04,€ 87.50,2025-01-01,", "no thousands separator or currency sign"),
        ("0599,,45,45A01,04,87.50,2025-01-01,2024-12-31", "einddatum 2024-12-31 lies before"),
        ("0599,,45,45A01,04,87.50,01-01-2025,", "'01-01-2025' is not a date (YYYY-MM-DD)"),
    ],
)
def test_bad_line_refused_naming_file_and_line(tmp_path: Path, target: Path, line: str, message: str) -> None:
    source = _file(tmp_path, GOOD.replace("45A01", "45A02"), line)
    with pytest.raises(ProductCodeError) as info:
        import_csv("tarieven", source, target=target, catalogue="0599-rotterdam")
    assert (info.value.path, info.value.line) == (source, 3)
    assert message in str(info.value)
    assert not any(target.rglob("*.csv"))


def test_overlapping_lines_refused(tmp_path: Path, target: Path) -> None:
    # the lines of one gemeente, aanbieder, productcode and eenheid may not overlap (one tariff a day)
    source = _file(
        tmp_path, GOOD, "0599,,45,45A02,04,70.00,2025-01-01,", "0599,,45,45A01,04,95.00,2025-03-01,"
    )
    with pytest.raises(ProductCodeError, match="overlaps in time") as info:
        import_csv("tarieven", source, target=target)
    assert (info.value.path, info.value.line) == (source, 4)
    assert f"{source}:2" in str(info.value)
    assert not any(target.rglob("*.csv"))
    # other aanbieder, other eenheid, or a period after the einddatum: no overlap
    fine = _file(
        tmp_path,
        "0599,,45,45A01,04,87.50,2025-01-01,2025-02-28",
        "0599,,45,45A01,04,95.00,2025-03-01,",
        "0599,12345678,45,45A01,04,99.00,2025-01-01,",
        "0599,,45,45A01,16,300.00,2025-01-01,",
        name="fine.csv",
    )
    assert import_csv("tarieven", fine, target=target).rows == 4


def test_overlap_with_another_folder_refused(tmp_path: Path, target: Path) -> None:
    # load_tarieven reads the active version of every folder together: a regional contract and a gemeente's
    # own file may not both give 0599 a tariff for the same product and day
    region = _file(tmp_path, GOOD, "0606,,45,45A01,04,87.50,2025-01-01,", name="regio.csv")
    import_csv("tarieven", region, target=target, catalogue="regio-rijnmond")
    own = _file(tmp_path, "0599,,45,45A02,04,70.00,2025-01-01,", "0599,,45,45A01,04,88.00,2025-07-01,")
    with pytest.raises(ProductCodeError, match="overlaps in time") as info:
        import_csv("tarieven", own, target=target)
    assert (info.value.path, info.value.line) == (own, 3)
    assert "regio-rijnmond" in str(info.value)
    assert [p.parent.name for p in target.rglob("*.csv")] == ["regio-rijnmond"]


# -- versions and names --------------------------------------------------------------------------------------


def test_existing_and_older_versions_refused(tmp_path: Path, target: Path) -> None:
    source = _file(tmp_path, GOOD)
    first = import_csv("tarieven", source, target=target, version="v2026-03")
    before = first.path.read_bytes()
    with pytest.raises(ImportRefused, match="version v2026-03 exists; it is never overwritten"):
        import_csv("tarieven", source, target=target, version="v2026-03")
    assert first.path.read_bytes() == before
    with pytest.raises(ImportRefused, match="version v2026-01 is older than the active version v2026-03"):
        import_csv("tarieven", source, target=target, version="v2026-01")
    again = import_csv("tarieven", source, target=target, today=dt.date(2026, 3, 20))
    assert again.path.name == "v2026-03.2.csv"
    with pytest.raises(ImportRefused, match="not vYYYY-MM"):
        import_csv("tarieven", source, target=target, version="2026-04")


def test_several_gemeenten_need_a_name(tmp_path: Path, target: Path) -> None:
    source = _file(tmp_path, GOOD, "0606,,45,45A01,04,87.50,2025-01-01,")
    with pytest.raises(ProductCodeError, match=r"2 gemeenten; name its tarieven folder \(--name\)"):
        import_csv("tarieven", source, target=target)
    with pytest.raises(ProductCodeError, match="use lower case letters, digits and '-'"):
        import_csv("tarieven", source, target=target, catalogue="Regio Rijnmond")
    result = import_csv("tarieven", source, target=target, catalogue="regio-rijnmond")
    assert result.path.parent == target / "tarieven" / "regio-rijnmond"


def test_productcode_of_the_gemeentes_own_catalogue(tmp_path: Path, target: Path) -> None:
    # a code outside the uniform set must be in the catalogue of the tariff line's own gemeente, valid on
    # the ingangsdatum
    catalogue = _write(
        tmp_path,
        "amsterdam.csv",
        "gemeentecode,productcategorie,productcode,omschrijving,hulpvorm,taakveld,ingangsdatum,einddatum\n"
        "0363,45,45M01,Amsterdams product,02,6.72b,2026-01-01,\n",
    )
    import_csv("gemeente-catalogus", catalogue, target=target, version="v2026-01")
    ok = import_csv("tarieven", _file(tmp_path, "0363,,45,45M01,04,80.00,2026-01-01,"), target=target)
    assert ok.catalogue == "0363-amsterdam"
    for line, message in [
        ("0599,,45,45M01,04,80.00,2026-01-01,", "45M01 is neither in the uniform set nor in a catalogue"),
        ("0363,,45,45M01,04,80.00,2025-12-01,", "not valid on the ingangsdatum 2025-12-01"),
    ]:
        with pytest.raises(ProductCodeError, match=message):
            import_csv("tarieven", _file(tmp_path, line, name="x.csv"), target=target, version="v2030-01")


def test_example_catalogue_counts_only_for_an_example_tariff_folder(tmp_path: Path, target: Path) -> None:
    # the example catalogue is loaded only on request, so it must not make a real tariff line valid
    source = _file(tmp_path, "0599,,45,45R01,04,60.00,2026-01-01,")
    with pytest.raises(ProductCodeError, match="45R01 is neither in the uniform set"):
        import_csv("tarieven", source, target=target)
    example = import_csv("tarieven", source, target=target, catalogue="voorbeeld-0599-rotterdam")
    assert example.path.parent.name == "voorbeeld-0599-rotterdam"
    ended = _file(tmp_path, "0599,,41,41R01,04,60.00,2026-01-01,", name="ended.csv")
    with pytest.raises(ProductCodeError, match=r"valid 2024-01-01 – 2025-12-31"):
        import_csv("tarieven", ended, target=target, catalogue="voorbeeld-0599-rotterdam")


# -- one discovery for catalogues and tariffs ----------------------------------------------------------------


def test_tariff_folders_found_by_the_shared_discovery(tmp_path: Path) -> None:
    loose = tmp_path / "a"
    (loose / "tarieven").mkdir(parents=True)
    (loose / "tarieven" / "v2026-01.csv").write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    with pytest.raises(
        ProductCodeError, match="a tarieven version belongs in a folder per gemeente or region"
    ):
        load_tarieven([loose], include_examples=False)
    # one discovery: the catalogue loader refuses the misplaced file too (it reads no tariff as a part)
    with pytest.raises(ProductCodeError, match="a tarieven version belongs in a folder"):
        load_catalog([SHIPPED, loose])
    bad_name = tmp_path / "b"
    (bad_name / "tarieven" / "Rotterdam").mkdir(parents=True)
    with pytest.raises(ProductCodeError, match="tarieven folder name must be lower case"):
        load_tarieven([bad_name], include_examples=False)
    bad_version = tmp_path / "c"
    (bad_version / "tarieven" / "0599-rotterdam").mkdir(parents=True)
    (bad_version / "tarieven" / "0599-rotterdam" / "2026-01.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(ProductCodeError, match="file name is not a version"):
        load_tarieven([bad_version], include_examples=False)


def test_check_reads_every_tariff_version(tmp_path: Path, target: Path) -> None:
    # an older version is the record of what was in force: it must parse too
    import_csv("tarieven", _file(tmp_path, GOOD), target=target, version="v2026-01")
    old = target / "tarieven" / "0599-rotterdam" / "v2025-01.csv"
    old.write_text(f"{HEADER}\n0599,,45,45A01,04,87.5,2025-01-01,\n", encoding="utf-8")
    report = check_data([SHIPPED, target])
    assert report.errors == [f"{old}:2: tarief '87.5' is not euros with two decimals such as 87.50"]


# -- the command ---------------------------------------------------------------------------------------------


def test_cli_import_tarieven(tmp_path: Path, target: Path) -> None:
    source = _write(tmp_path, "rotterdam.csv", SPREADSHEET, encoding="utf-8-sig")
    args = ["import", "tarieven", str(source), "--dir", str(target), "--version", "v2026-02"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    written = target / "tarieven" / "0599-rotterdam" / "v2026-02.csv"
    assert result.stdout == f"wrote {written} (4 line(s), tarieven version v2026-02)\n"
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert again.stderr == f"error: {written}: version v2026-02 exists; it is never overwritten\n"
    bad = _file(tmp_path, GOOD, "0599,,45,45Q99,04,87.50,2025-01-01,", name="fout.csv")
    refused = runner.invoke(app, ["import", "tarieven", str(bad), "--dir", str(target)])
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"error: {bad}:3: productcode 45Q99 is neither in the uniform set nor in a catalogue of "
        "gemeente 0599\n"
    )
    regional = _file(tmp_path, GOOD, "0606,,45,45A01,04,87.50,2025-01-01,", name="regio.csv")
    unnamed = runner.invoke(app, ["import", "tarieven", str(regional), "--dir", str(target)])
    assert unnamed.exit_code == 1 and "--name" in unnamed.stderr
    named = runner.invoke(
        app, ["import", "tarieven", str(regional), "--dir", str(target), "--name", "regio-rijnmond"]
    )
    assert named.exit_code == 1 and "overlaps in time" in named.stderr  # 0599 45A01 is in both folders

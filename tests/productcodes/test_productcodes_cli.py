"""``ijw productcodes`` through typer's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ijw.paths import data_dir
from ijw_app.cli.productcodes import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_overlay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IJW_PRODUCTCODES_DIR", raising=False)
    monkeypatch.delenv("IJW_PRODUCTCODES_EXAMPLES", raising=False)


def test_list_filters_by_category_and_date() -> None:
    result = runner.invoke(app, ["list", "--categorie", "48", "--datum", "2026-01-01"])
    assert result.exit_code == 0, result.output
    assert "48A01" in result.output and "45A01" not in result.output
    assert "15 code(s)" in result.output


def test_list_with_regional_codes() -> None:
    result = runner.invoke(app, ["list", "-c", "45", "-g", "0599", "--examples"])
    assert result.exit_code == 0, result.output
    assert "45R01" in result.output and "45A01" in result.output


def test_list_bad_input() -> None:
    assert runner.invoke(app, ["list", "--categorie", "39"]).exit_code == 1
    assert runner.invoke(app, ["list", "--datum", "2026-02-30"]).exit_code == 2


def test_show() -> None:
    result = runner.invoke(app, ["show", "45A01", "--datum", "2026-01-01"])
    assert result.exit_code == 0, result.output
    assert "Jeugdhulp ambulant regulier: outputgericht" in result.output
    assert "02 (jeugdhulp, via productcode)" in result.output
    assert "6.72d" in result.output and "mapped by default" in result.output


def test_show_regional_and_unknown() -> None:
    result = runner.invoke(app, ["show", "45R01", "--examples"])
    assert result.exit_code == 0, result.output
    assert "gemeente 0599" in result.output and "gemeente-catalogus" in result.output
    unknown = runner.invoke(app, ["show", "ZZ999"])
    assert unknown.exit_code == 1


def test_check_ok() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "441 uniform productcodes" in result.output and "OK" in result.output


def test_check_reports_problems(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "overlay" / "uniforme-productcodes"
    folder.mkdir(parents=True)
    shipped = (data_dir("productcodes") / "uniforme-productcodes" / "v2026-01.csv").read_text(
        encoding="utf-8"
    )
    (folder / "v2099-01.csv").write_text(shipped + "45,45Z01,X,,,,2026-13-01,\n", encoding="utf-8")
    monkeypatch.setenv("IJW_PRODUCTCODES_DIR", str(tmp_path / "overlay"))
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert "v2099-01.csv:443" in result.output and "not a date" in result.output


def test_import(tmp_path: Path) -> None:
    source = tmp_path / "hulpvorm.csv"
    shipped = data_dir("productcodes") / "mappings" / "hulpvorm" / "v2026-01.csv"
    source.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "overlay"
    result = runner.invoke(
        app, ["import", "hulpvorm-mapping", str(source), "--dir", str(target), "--version", "v2030-01"]
    )
    assert result.exit_code == 0, result.output
    assert (target / "mappings" / "hulpvorm" / "v2030-01.csv").is_file()
    assert "v2030-01" in result.output
    again = runner.invoke(
        app, ["import", "hulpvorm-mapping", str(source), "--dir", str(target), "--version", "v2030-01"]
    )
    assert again.exit_code == 1 and "never overwritten" in again.output


def test_import_rejects_bad_file(tmp_path: Path) -> None:
    source = tmp_path / "bad.csv"
    source.write_text("productcategorie,productcode\n45,45A01\n", encoding="utf-8")
    result = runner.invoke(app, ["import", "uniform", str(source), "--dir", str(tmp_path / "overlay")])
    assert result.exit_code == 1 and "bad.csv:1" in result.output
    assert runner.invoke(app, ["import", "onbekend", str(source)]).exit_code == 2

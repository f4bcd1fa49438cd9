"""The code list loader: lookups and typed errors on malformed files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ijw.codelists import CodeListError, UnknownCodeList, load_codelists

GEMEENTEN = "gemeentecode,naam,provincie,jeugdzorgregio\n0599,Rotterdam,Zuid-Holland,Rijnmond\n"


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "codelijsten"
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def _valid(tmp_path: Path, **extra: str) -> Path:
    files = {
        "JZ020.csv": "lijst,code,omschrijving\nJZ020,45,Jeugdhulp ambulant\nJZ020,46,Jeugdhulp crisis\n",
        "cbs-gemeenten-2026-01-01.csv": GEMEENTEN,
    }
    files.update(extra)
    return _folder(tmp_path, files)


def test_valid_folder_loads(tmp_path: Path) -> None:
    lists = load_codelists(_valid(tmp_path))
    assert lists.names() == ("JZ020",)
    assert lists.get("JZ020") == {"45": "Jeugdhulp ambulant", "46": "Jeugdhulp crisis"}
    assert lists.contains("JZ020", "46") and not lists.contains("JZ020", "47")
    assert lists.description("JZ020", "45") == "Jeugdhulp ambulant"
    assert lists.gemeente("0599") is not None
    with pytest.raises(UnknownCodeList):
        lists.get("WJ001")


def test_loader_is_cached(tmp_path: Path) -> None:
    root = _valid(tmp_path)
    assert load_codelists(root) is load_codelists(root)


def _error(tmp_path: Path, **files: str) -> CodeListError:
    root = _valid(tmp_path, **files)
    with pytest.raises(CodeListError) as info:
        load_codelists(root)
    return info.value


def test_bad_header(tmp_path: Path) -> None:
    err = _error(tmp_path, **{"WJ756.csv": "lijst,code,description\nWJ756,01,Minuut\n"})
    assert err.path.name == "WJ756.csv" and err.line == 1
    assert "WJ756.csv:1" in str(err)


def test_duplicate_code(tmp_path: Path) -> None:
    err = _error(
        tmp_path, **{"WJ756.csv": "lijst,code,omschrijving\nWJ756,01,Minuut\nWJ756,04,Uur\nWJ756,01,X\n"}
    )
    assert (err.path.name, err.line) == ("WJ756.csv", 4)
    assert "line 2" in str(err)


def test_empty_description(tmp_path: Path) -> None:
    err = _error(tmp_path, **{"WJ756.csv": "lijst,code,omschrijving\nWJ756,01,\n"})
    assert err.line == 2 and "omschrijving" in str(err)


def test_list_column_must_match_file(tmp_path: Path) -> None:
    err = _error(tmp_path, **{"WJ756.csv": "lijst,code,omschrijving\nWJ756,01,Minuut\nJZ020,04,Uur\n"})
    assert err.line == 3


def test_header_only(tmp_path: Path) -> None:
    err = _error(tmp_path, **{"WJ756.csv": "lijst,code,omschrijving\n"})
    assert err.line is None and "no data lines" in str(err)


def test_wrong_field_count(tmp_path: Path) -> None:
    err = _error(tmp_path, **{"WJ756.csv": "lijst,code,omschrijving\nWJ756,01,Minuut,extra\n"})
    assert err.line == 2


def test_byte_order_mark_refused(tmp_path: Path) -> None:
    err = _error(tmp_path, **{"WJ756.csv": "\ufefflijst,code,omschrijving\nWJ756,01,Minuut\n"})
    assert err.line == 1


def test_bad_gemeentecode(tmp_path: Path) -> None:
    root = _folder(
        tmp_path,
        {
            "JZ020.csv": "lijst,code,omschrijving\nJZ020,45,Jeugdhulp ambulant\n",
            "cbs-gemeenten-2026-01-01.csv": GEMEENTEN + "599,Rotterdam,Zuid-Holland,Rijnmond\n",
        },
    )
    with pytest.raises(CodeListError) as info:
        load_codelists(root)
    assert info.value.path.name == "cbs-gemeenten-2026-01-01.csv" and info.value.line == 3


def test_missing_gemeenten(tmp_path: Path) -> None:
    root = _folder(tmp_path, {"JZ020.csv": "lijst,code,omschrijving\nJZ020,45,Jeugdhulp ambulant\n"})
    with pytest.raises(CodeListError, match="cbs-gemeenten"):
        load_codelists(root)


def test_indeling_by_date(tmp_path: Path) -> None:
    root = _valid(
        tmp_path,
        **{
            "cbs-gemeenten-2018-01-01.csv": GEMEENTEN + "0584,Oud-Beijerland,Zuid-Holland,Zuid-Holland Zuid\n"
        },
    )
    lists = load_codelists(root)
    assert lists.gemeente("0584", dt.date(2018, 6, 1)) is not None
    assert lists.gemeente("0584", dt.date(2026, 6, 1)) is None
    assert lists.gemeente("0584") is None  # latest indeling
    assert lists.gemeente("0584", dt.date(2010, 1, 1)) is not None  # before all: the oldest
    assert lists.known_gemeente("0584")

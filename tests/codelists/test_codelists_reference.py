"""The project's code lists against the official reference pack and the compact XSD model."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ijw.codelists import BERICHTCODE_LIST, XSD_TYPE_LISTS, load_codelists
from ijw.schema.model import load_model

REQUIRED = [
    "JZ020", "JZ588", "JZ002", "WJ001", "WJ756", "WMO757", "WJ232", "WJ003", "WJ758", "WJ759", "WJ760",
    "COD002", "COD043", "COD046", "COD170", "COD260", "COD327", "COD467", "COD472", "COD700", "COD747",
    "COD757", "NUM061", "COD032",
]  # fmt: skip


def _reference_lists(reference: Path) -> dict[str, dict[str, str]]:
    lists: dict[str, dict[str, str]] = {}
    with open(reference / "codelijsten" / "codelijsten.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lists.setdefault(row["lijst"], {})[row["code"]] = row["omschrijving"]
    return lists


def test_required_lists_present() -> None:
    names = load_codelists().names()
    assert [n for n in REQUIRED if n not in names] == []


def test_retourcodes_include_external_source_codes() -> None:
    lists = load_codelists()
    for code in ("9355", "S300", "S329"):
        assert lists.contains("WJ001", code)


def test_every_list_equals_reference(reference: Path) -> None:
    ref = _reference_lists(reference)
    project = load_codelists()
    for name in project.names():
        assert name in ref, f"{name} is not a list of the reference pack"
        assert dict(project.get(name)) == ref[name], name
    missing = set(ref) - set(project.names()) - {"CBS_Gemeentecodes"}
    assert missing == set()


def test_gemeenten_equal_reference(reference: Path) -> None:
    with open(
        reference / "codelijsten" / "cbs-gemeenten-jeugdzorgregio.csv", encoding="utf-8", newline=""
    ) as fh:
        ref = {r["gemeentecode"]: r for r in csv.DictReader(fh)}
    lists = load_codelists()
    gemeenten = lists.gemeenten()
    assert set(gemeenten) == set(ref)
    for code, row in ref.items():
        g = gemeenten[code]
        assert (g.naam, g.provincie, g.jeugdzorgregio) == (
            row["gemeentenaam"],
            row["provincie"],
            row["jeugdzorgregio"],
        )
    assert lists.indeling().peildatum.isoformat() == "2026-01-01"
    cbs = _reference_lists(reference)["CBS_Gemeentecodes"]
    assert {c: g.naam for c, g in gemeenten.items()} == cbs


def test_gemeente_lookups() -> None:
    lists = load_codelists()
    assert lists.gemeente_naam("0363") == "Amsterdam"
    assert lists.jeugdzorgregio("0599") == "Rijnmond"
    assert lists.gemeente("9999") is None
    assert lists.known_gemeente("0344") and not lists.known_gemeente("0000")


@pytest.mark.parametrize("type_name", sorted(XSD_TYPE_LISTS))
def test_xsd_enumeration_equals_code_list(type_name: str) -> None:
    enum = load_model().simple_types[type_name].enum
    codes = load_codelists().get(XSD_TYPE_LISTS[type_name])
    assert sorted(enum) == sorted(codes)


def test_every_enumerated_xsd_type_has_a_list() -> None:
    enumerated = {name for name, t in load_model().simple_types.items() if t.enum}
    assert enumerated == set(XSD_TYPE_LISTS)


def test_berichtcodes_equal_messages_of_the_model() -> None:
    messages = {m.code: name for name, m in load_model().messages.items()}
    assert dict(load_codelists().get(BERICHTCODE_LIST)) == messages

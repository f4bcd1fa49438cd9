"""The XSDs in xsd/ are exactly what the compact model generates, and the model loader rejects malformed
models with ModelError."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from ijw.paths import data_dir
from ijw.schema.model import ModelError, default_model_path, load_model, parse_model
from ijw.schema.xsdgen import render_all, write_all

REGENERATE = (
    '.venv/bin/python -c "from ijw.schema.model import load_model; from ijw.schema.xsdgen import write_all; '
    "from pathlib import Path; write_all(load_model(), Path('xsd'))\""
)


@pytest.fixture(scope="module")
def raw_model() -> dict[str, Any]:
    with open(default_model_path(), encoding="utf-8") as fh:
        raw: dict[str, Any] = yaml.safe_load(fh)
    return raw


def test_checked_in_xsds_match_the_model() -> None:
    rendered = render_all(load_model())
    folder = data_dir("xsd")
    checked_in = {path.name for path in folder.glob("*.xsd")}
    assert checked_in == set(rendered), f"xsd/ holds {sorted(checked_in ^ set(rendered))} unexpectedly"
    drifted = [name for name, text in rendered.items() if (folder / name).read_text(encoding="utf-8") != text]
    assert not drifted, f"xsd/ drifted from xsd/model/ijw-3.2.yaml: {drifted}; regenerate with {REGENERATE}"


def test_generation_is_deterministic_and_compiles(tmp_path: Path) -> None:
    model = load_model()
    assert render_all(model) == render_all(model)
    written = write_all(model, tmp_path)
    assert len(written) == 15
    for path in written:
        if path.name != "basisschema.xsd":
            etree.XMLSchema(etree.parse(str(path)))


def test_every_message_has_its_schema() -> None:
    model = load_model()
    assert len(model.messages) == 14
    assert set(render_all(model)) == {"basisschema.xsd", *(f"{m.lower()}.xsd" for m in model.messages)}


def test_model_scalars_are_strings_where_xsd_needs_text(raw_model: dict[str, Any]) -> None:
    """YAML 1.1 reads unquoted NO, YES, ON, OFF as booleans and 01 as a number: enumeration values and
    patterns must stay strings (``NO`` for Norway once became ``False`` in LDT_LandCode)."""
    bad: list[str] = []

    def check(owner: str, spec: dict[str, Any]) -> None:
        bad.extend(f"{owner}: enum {v!r}" for v in spec.get("enum", ()) if not isinstance(v, str))
        if "pattern" in spec and not isinstance(spec["pattern"], str):
            bad.append(f"{owner}: pattern {spec['pattern']!r}")

    for name, spec in raw_model["simple_types"].items():
        check(name, spec)
    for msg, body in raw_model["messages"].items():
        for type_name, elements in body["types"].items():
            for key, value in elements.items():
                if isinstance(value, dict):
                    check(f"{msg}:{type_name}/{key}", value)
    assert not bad, f"non-string values in the model: {bad}"


def _expect_model_error(raw: dict[str, Any], match: str) -> None:
    with pytest.raises(ModelError, match=match):
        parse_model(raw)


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        ("CDT_Adres", "Postcode?", "LDT_Bestaatniet"),
        ("JW301:Client", "Bsn", "LDT_BurgerServiceNummer"),
        ("JW323:Declaratie", "Clienten", "Client_en"),
        ("JW305:Client", "Naam", "Header2"),
    ],
)
def test_unknown_type_reference_is_rejected(
    raw_model: dict[str, Any], where: str, key: str, value: str
) -> None:
    raw = copy.deepcopy(raw_model)
    if ":" in where:
        msg, type_name = where.split(":")
        raw["messages"][msg]["types"][type_name][key] = value
    else:
        raw["complex_types"][where][key] = value
    _expect_model_error(raw, "unknown type")


def test_type_of_another_message_is_rejected(raw_model: dict[str, Any]) -> None:
    """Message types are local: JW305 cannot use JW301's ToegewezenProducten."""
    raw = copy.deepcopy(raw_model)
    raw["messages"]["JW305"]["types"]["Client"]["StartProducten"] = "ToegewezenProducten"
    _expect_model_error(raw, "unknown type ToegewezenProducten")


@pytest.mark.parametrize(
    "key", ["Huis nummer", "Huisnummer??", "1Huisnummer", "Huisnummer{2}", "", "Huis-nummer"]
)
def test_bad_element_key_is_rejected(raw_model: dict[str, Any], key: str) -> None:
    raw = copy.deepcopy(raw_model)
    raw["complex_types"]["CDT_Huis"][key] = "LDT_Huisnummer"
    _expect_model_error(raw, "bad element key")


def test_bad_element_key_in_message_type_is_rejected(raw_model: dict[str, Any]) -> None:
    raw = copy.deepcopy(raw_model)
    raw["messages"]["JW323"]["types"]["Prestatie"]["Product Tarief?"] = "LDT_Bedrag"
    _expect_model_error(raw, "bad element key")


def test_inline_restriction_of_unknown_base_is_rejected(raw_model: dict[str, Any]) -> None:
    raw = copy.deepcopy(raw_model)
    raw["messages"]["JW301"]["types"]["Header"]["BerichtCode"] = {"base": "xs:string", "pattern": "436"}
    _expect_model_error(raw, "not a basisschema type")


def test_unknown_facet_is_rejected(raw_model: dict[str, Any]) -> None:
    raw = copy.deepcopy(raw_model)
    raw["simple_types"]["LDT_Naam"]["maxLenght"] = 200
    _expect_model_error(raw, "unknown keys")


def test_message_without_root_is_rejected(raw_model: dict[str, Any]) -> None:
    raw = copy.deepcopy(raw_model)
    del raw["messages"]["JW319"]["types"]["Root"]
    _expect_model_error(raw, "no Root type")


def test_load_model_rejects_a_malformed_file(raw_model: dict[str, Any], tmp_path: Path) -> None:
    raw = copy.deepcopy(raw_model)
    raw["complex_types"]["CDT_Omvang"]["Eenheid"] = "LDT_Eenheden"
    path = tmp_path / "ijw-3.2.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ModelError, match="CDT_Omvang/Eenheid: unknown type LDT_Eenheden"):
        load_model(path)


def test_load_model_accepts_the_round_tripped_model(raw_model: dict[str, Any], tmp_path: Path) -> None:
    """Sanity check of the fixture above: the unchanged model survives the same dump and load."""
    path = tmp_path / "ijw-3.2.yaml"
    path.write_text(yaml.safe_dump(raw_model, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert render_all(load_model(path)) == render_all(load_model())

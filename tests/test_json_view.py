"""The JSON view of a message (issue 18, item 4): decoded by the types of its XSD with xmlschema, it keeps
every field of the official examples, in order, with its value, and nothing else.

Expected values come from the official example messages themselves (``examples/``) and from the XSD types
of the official XSDs: an element whose type derives from ``xs:integer`` (amounts in cents, volumes,
numbers) becomes a JSON number, every other value (dates, times, codes with leading zeros) its text.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

from ijw.json_view import message_json
from ijw.safeparse import MessageRejected
from ijw_app.cli.main import app

XS = "{http://www.w3.org/2001/XMLSchema}"
INVALID_EXAMPLES = {"JW315", "JW318"}  # XSD-invalid as published (see tests/test_xsd_equivalence.py)


def _integer_types(reference: Path) -> set[str]:
    """Local names of the simple types of the official XSDs that derive from xs:integer."""
    names = set()
    for xsd in (reference / "xsd").glob("*.xsd"):
        for simple in etree.parse(str(xsd)).iter(f"{XS}simpleType"):
            restriction = simple.find(f"{XS}restriction")
            if restriction is not None and restriction.get("base") == "xs:integer" and simple.get("name"):
                names.add(simple.get("name", ""))
    return names


def _xml_leaves(root: etree._Element) -> Iterator[tuple[str, str]]:
    """(path with local names and 1-based positions among same-named siblings, text) of every leaf."""

    def walk(el: etree._Element, path: str) -> Iterator[tuple[str, str]]:
        children = [c for c in el if isinstance(c.tag, str)]
        if not children:
            yield path, el.text or ""
            return
        seen: dict[str, int] = {}
        for child in children:
            name = etree.QName(child).localname
            seen[name] = seen.get(name, 0) + 1
            yield from walk(child, f"{path}/{name}[{seen[name]}]")

    yield from walk(root, f"/{etree.QName(root).localname}[1]")


def _json_leaves(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            items = item if isinstance(item, list) else [item]
            for position, each in enumerate(items, start=1):
                yield from _json_leaves(each, f"{path}/{key}[{position}]")
    else:
        yield path, value


def _examples(reference: Path) -> list[Path]:
    paths = sorted((reference / "examples").glob("JW*.xml"))
    assert len(paths) == 14
    return paths


def test_every_field_of_every_example_round_trips(reference: Path) -> None:
    """Leaf by leaf, in document order: the same paths, and each value equal to the text (as a number when
    the element's type is an integer type); no field lost, none added. The two examples that are
    XSD-invalid as published (JW315, JW318) are refused with code XSD instead of being decoded lossily."""
    integer_types = _integer_types(reference)
    assert {"LDT_Bedrag", "LDT_Nummer"} <= integer_types
    numbers = 0
    for path in _examples(reference):
        data = path.read_bytes()
        if path.stem in INVALID_EXAMPLES:
            with pytest.raises(MessageRejected) as info:
                message_json(data)
            assert info.value.code == "XSD" and "not XSD-valid" in info.value.reason
            continue
        view = message_json(data)
        assert view["message"] == path.stem
        assert set(view) == {"message", "Bericht"}
        xml = list(_xml_leaves(etree.fromstring(data)))
        js = list(_json_leaves({"Bericht": view["Bericht"]}, ""))
        assert [p for p, _ in js] == [p for p, _ in xml], path.name
        for (where, text), (_, value) in zip(xml, js, strict=True):
            if isinstance(value, bool) or value is None:
                pytest.fail(f"{path.name} {where}: {value!r} for {text!r}")
            if isinstance(value, int):
                numbers += 1
                assert value == int(text), f"{path.name} {where}"
            else:
                assert value == text, f"{path.name} {where}"
        assert json.loads(json.dumps(view)) == view
    assert numbers > 50


def test_types_as_the_xsd_says(reference: Path) -> None:
    """From the official JW323 example: Bedrag (LDT_Bedrag, xs:integer) is a number, the Afzender code and
    the dates are text, repeatable elements are lists."""
    view = message_json((reference / "examples" / "JW323.xml").read_bytes())
    header = view["Bericht"]["Header"]
    assert header["Afzender"] == "65656055" and header["BerichtIdentificatie"]["Dagtekening"] == "2026-05-06"
    client = view["Bericht"]["Declaratie"]["Clienten"]["Client"][0]
    prestatie = client["Prestaties"]["Prestatie"][0]
    assert isinstance(prestatie["IngediendBedrag"]["Bedrag"], int)
    assert isinstance(prestatie["ProductPeriode"]["Begindatum"], str)
    gemeente = (reference / "examples" / "JW301.xml").read_bytes()
    assert message_json(gemeente)["Bericht"]["Header"]["Afzender"] == "0384"  # leading zero kept


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "PARSE-EMPTY"),
        (b"<a/>", "NOT-IJW"),
        (b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', "PARSE-DOCTYPE"),
    ],
)
def test_not_a_message_is_refused_with_its_code(data: bytes, code: str) -> None:
    with pytest.raises(MessageRejected) as info:
        message_json(data)
    assert info.value.code == code


def test_convert_cli_prints_one_object_per_file(reference: Path, tmp_path: Path) -> None:
    examples = _examples(reference)
    result = CliRunner().invoke(app, ["convert", "--json", str(reference / "examples")])
    assert result.exit_code == 1, result.output  # the two invalid examples
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["message"] for o in lines] == [p.stem for p in examples if p.stem not in INVALID_EXAMPLES]
    assert lines[0] == message_json(examples[0].read_bytes())
    (tmp_path / "not.xml").write_bytes(b"<html/>")
    proc = subprocess.run(
        [sys.executable, "-m", "ijw_app", "convert", "--json", str(tmp_path / "not.xml"), "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert "not.xml: not converted: NOT-IJW" in proc.stderr
    assert "/dev/zero: not converted: READ-NOT-FILE" in proc.stderr


def test_convert_needs_the_format() -> None:
    assert CliRunner().invoke(app, ["convert", "x.xml"]).exit_code == 2


def test_a_repeatable_element_is_a_list_even_once(reference: Path) -> None:
    """The shape follows the XSD (StartProduct has maxOccurs unbounded in JW305), not the instance, so a BI
    load sees the same shape for one StartProduct as for two."""
    root = etree.fromstring((reference / "examples" / "JW305.xml").read_bytes())
    products = [e for e in root.iter() if etree.QName(e).localname == "StartProduct"]
    assert len(products) == 2
    parent = products[1].getparent()
    assert parent is not None
    parent.remove(products[1])
    view = message_json(etree.tostring(root))
    (only,) = view["Bericht"]["Client"]["StartProducten"]["StartProduct"]
    assert only["Begindatum"] == "2026-04-03"

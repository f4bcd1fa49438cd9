"""An answer that is the header alone is written as bytes (``ijw.retour.header_only``): byte for byte what
building its tree with ``RetourDocument`` and serializing it gives, for the official example heenberichten
(iJw 3.2 ``examples/``), generated messages of every heen type and header texts that need escaping."""

from __future__ import annotations

import random

import pytest
from lxml import etree

from ijw.retour import build_retour
from ijw.retour.builder import _header_only, write_retour_header
from ijw.retour.document import Identification, RetourDocument, child
from ijw.retour.outcome import XML_DECLARATION, ControlLevel
from ijw.retour.structure import structure_for
from ijw.schema.model import load_model
from ijw.validation import Validator
from ijw_tools.corpus import generate_valid

IDS = (
    Identification("0a1b2c3d-4e5", "2026-12-03", None),
    Identification("R&D <1>", "2026-01-31", "1.2.3"),
)
HEADER_CODES: tuple[list[str], ...] = ([], ["0001"], ["8001", "9002"])
"""No errors, an in-message error, the header's own retourcodes (control levels 3/4)."""


def _tree_bytes(root: etree._Element, retourbericht: str, ids: Identification, codes: list[str]) -> bytes:
    """The answer built as a tree, the way the builder does for answers with clients."""
    heen_header = child(root, "Header")
    assert heen_header is not None
    doc = RetourDocument(load_model(), retourbericht, etree.QName(root).namespace or "")
    write_retour_header(doc, heen_header, ids, codes)
    return XML_DECLARATION + etree.tostring(doc.finish(), encoding="UTF-8") + b"\n"


def _assert_same(root: etree._Element, message: str) -> int:
    model = load_model()
    retourbericht = structure_for(message, model).retourbericht
    compared = 0
    for ids in IDS:
        for codes in HEADER_CODES:
            level = ControlLevel.CROSS_MESSAGE_OR_EXTERNAL if codes else ControlLevel.NONE
            heen_header = child(root, "Header")
            assert heen_header is not None
            written = _header_only(
                model, retourbericht, root, level, {heen_header: codes} if codes else {}, ids
            )
            assert written == _tree_bytes(root, retourbericht, ids, codes), (message, ids, codes)
            compared += 1
    return compared


def test_the_official_example_heenberichten_are_answered_as_the_tree_would(
    examples: dict[str, bytes],
) -> None:
    validator = Validator()
    compared = 0
    for name, data in examples.items():
        if name == "JW323":  # answered by a JW325, built as a tree (its own construction)
            continue
        result = validator.validate_bytes(data)
        assert result.xsd_valid and result.root is not None, name
        compared += _assert_same(result.root, name)
    assert compared == 6 * len(IDS) * len(HEADER_CODES)


def test_generated_heenberichten_of_every_type_are_answered_as_the_tree_would() -> None:
    model = load_model()
    rng = random.Random(20261203)
    heen = [name for name, info in model.messages.items() if info.answered_by and name != "JW323"]
    assert len(heen) == 6
    for name in heen:
        for _ in range(15):
            root = etree.fromstring(generate_valid(model, name, rng))
            _assert_same(root, name)


@pytest.mark.parametrize(
    "text",
    ["A & B <c> 'd' \"e\"", "regel\r\nnieuwe regel", "Zoë – ½ ✓", "  spaties  ", "]]>"],
)
def test_header_texts_are_escaped_as_lxml_escapes_them(text: str) -> None:
    model = load_model()
    root = etree.fromstring(generate_valid(model, "JW301", random.Random(1)))
    afzender = child(child(root, "Header"), "Afzender")  # type: ignore[arg-type]
    assert afzender is not None
    afzender.text = text
    afzender.addprevious(etree.Comment("een opmerking"))  # comments are not copied
    assert _assert_same(root, "JW301")


def test_a_header_with_an_element_in_another_namespace_is_built_as_a_tree() -> None:
    model = load_model()
    root = etree.fromstring(generate_valid(model, "JW305", random.Random(2)))
    header = child(root, "Header")
    assert header is not None
    etree.SubElement(header, "{urn:elders}Extra").text = "x"
    assert _header_only(model, "JW306", root, ControlLevel.NONE, {}, IDS[0]) is None


def test_an_answer_written_as_bytes_reads_back_as_its_document() -> None:
    validator = Validator()
    model = load_model()
    result = validator.validate_bytes(generate_valid(model, "JW315", random.Random(3)))
    outcome = build_retour(result)
    assert outcome.serialized is not None and outcome.element is None and outcome.has_retour
    document = outcome.document
    assert document is not None and etree.QName(document).localname == "Bericht"
    assert XML_DECLARATION + etree.tostring(document, encoding="UTF-8") + b"\n" == outcome.to_bytes()
    assert outcome.header_retourcodes() == ([] if outcome.level is ControlLevel.NONE else ["0001"])

"""The typed message records: generated from the compact model, parsed from real messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ijw.model import MessageModelError, parse_bytes
from ijw.model import generated as g
from ijw.paths import REPO_ROOT
from ijw.schema import pygen
from ijw.schema.model import load_model

VALID_EXAMPLES = [
    "JW301",
    "JW302",
    "JW305",
    "JW306",
    "JW307",
    "JW308",
    "JW316",
    "JW317",
    "JW319",
    "JW320",
    "JW323",
    "JW325",
]


def test_generated_module_matches_the_model() -> None:
    checked_in = (REPO_ROOT / "ijw" / "model" / "generated.py").read_text(encoding="utf-8")
    assert checked_in == pygen.render(load_model()), "run `ijw schema generate`"


def test_every_message_has_a_root_record() -> None:
    assert set(g.ROOTS) == set(load_model().messages)


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_valid_examples_parse_into_records(reference: Path, name: str) -> None:
    record = parse_bytes((reference / "examples" / f"{name}.xml").read_bytes())
    assert type(record).__name__ == f"{name}Bericht"
    assert record.header.bericht_code == load_model().messages[name].code
    assert isinstance(record.header.bericht_identificatie.dagtekening, dt.date)


def test_jw301_fields_are_typed(reference: Path) -> None:
    record = parse_bytes((reference / "examples" / "JW301.xml").read_bytes())
    product = record.client.toegewezen_producten.toegewezen_product[0]
    assert isinstance(product.toewijzing_nummer, int)
    assert isinstance(product.ingangsdatum, dt.date)
    assert isinstance(product.toewijzingstijd, dt.time)
    assert record.client.bsn.isdigit() and len(record.client.bsn) == 9


def test_jw323_prestaties(reference: Path) -> None:
    record = parse_bytes((reference / "examples" / "JW323.xml").read_bytes())
    prestaties = [p for c in record.declaratie.clienten.client for p in c.prestaties.prestatie]
    assert prestaties[0].product_referentie.referentie_nummer == "RN001"
    assert prestaties[0].ingediend_bedrag == g.BedragMetDC(bedrag=5000, debet_credit="D")
    assert sum(p.ingediend_bedrag.bedrag for p in prestaties if p.ingediend_bedrag.debet_credit == "D") > 0


@pytest.mark.parametrize("name", ["JW315", "JW318"])
def test_xsd_invalid_examples_raise_model_errors(reference: Path, name: str) -> None:
    with pytest.raises(MessageModelError):
        parse_bytes((reference / "examples" / f"{name}.xml").read_bytes())


def test_snake_case_names() -> None:
    assert pygen.snake("ToewijzingNummer") == "toewijzing_nummer"
    assert pygen.snake("Telefoon01") == "telefoon01"


def test_every_xsd_valid_corpus_message_parses_into_a_record() -> None:
    from ijw.model import parse_record
    from ijw.validation import Validator
    from ijw_tools.corpus import build_corpus

    validator = Validator(check_rules=False, check_products=False)
    parsed = 0
    for item in build_corpus(1, 14, exhaustive=True):
        result = validator.validate_bytes(item.data)
        if result.xsd_valid:
            assert result.root is not None and result.message is not None
            parse_record(result.root, result.message)  # raises MessageModelError on a gap in the model
            parsed += 1
    assert parsed > 1000

"""Retour messages per control level, for every incoming message type, checked against the official XSDs.

Level 1: no retour, a transport error. Level 2: header only with 0001. Levels 3/4: the rule's retourcode on
the failing berichtklasse, 0200 on clean classes, 0233 on classes not assessed, only failing clients whole.
No errors: header only without RetourCodes. JW325 follows its own construction (test_retour_declaratie.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from lxml import etree
from retour_support import (
    CLASSES,
    INCOMING,
    RETOUR_OF,
    Expectation,
    assert_officially_valid,
    check_construction,
    children,
    class_elements,
    codes_of,
    example_bytes,
    local_name,
    official_schema,
)

from ijw.findings import Finding
from ijw.retour import ControlLevel, NotAnsweredError, build_retour, structure_for
from ijw.safeparse import parse_message
from ijw.validation import ValidationResult, Validator
from ijw.xmlpath import location

ANSWERED = [m for m in INCOMING if m != "JW323"]


def clean_result(data: bytes, message: str) -> ValidationResult:
    """A verdict without any finding (independent of how far the in-message rules are implemented)."""
    return ValidationResult(None, message, True, [], parse_message(data))


def deepest_class(message: str, root: etree._Element) -> etree._Element:
    """The last berichtklasse in document order below the client (a product, contact, …)."""
    candidates = [el for el in class_elements(message, root) if location(el).count("/") > 2]
    return candidates[-1] if candidates else class_elements(message, root)[-1]


def leaf_in(el: etree._Element) -> str:
    leaves = [c for c in el.iter() if isinstance(c.tag, str) and len(c) == 0]
    return location(leaves[0])


def run(
    reference: Path,
    result: ValidationResult,
    findings: list[Finding] | None = None,
    not_checked: list[str] | None = None,
    **kwargs: object,
) -> tuple[etree._Element, object]:
    outcome = build_retour(result, findings, not_checked=not_checked or (), **kwargs)  # type: ignore[arg-type]
    exp = Expectation(
        heen=result.message or "",
        root=result.root,
        validation_findings=list(result.findings),
        xsd_valid=result.xsd_valid,
        caller_findings=list(findings or []),
        not_checked=list(not_checked or []),
        afwijzingen={},
        xslt_versie=kwargs.get("xslt_versie"),  # type: ignore[arg-type]
    )
    check_construction(exp, outcome)
    if outcome.document is not None:
        assert_officially_valid(reference, outcome)
    return outcome.document, outcome


def test_berichtklassen_follow_the_retour_xsds() -> None:
    for message in INCOMING:
        structure = structure_for(message)
        assert structure.retourbericht == RETOUR_OF[message]
        assert {"/".join(p) for p in structure.classes} == CLASSES[message]


# --- control level 1 -------------------------------------------------------------------------------


@pytest.mark.parametrize("message", INCOMING)
def test_level1_xsd_failure_gives_a_transport_error(
    message: str, examples: dict[str, bytes], validator: Validator
) -> None:
    data = re.sub(rb">3</(jw\d+):BerichtVersie>", rb">4</\1:BerichtVersie>", examples[message])
    result = validator.validate_bytes(data)
    assert not result.xsd_valid
    outcome = build_retour(result)
    assert outcome.level is ControlLevel.XSD
    assert outcome.document is None and outcome.retourbericht is None
    assert outcome.transport_error is not None
    assert outcome.transport_error.code == "XSD"
    assert "BerichtVersie" in outcome.transport_error.reason
    with pytest.raises(ValueError):
        outcome.to_bytes()


@pytest.mark.parametrize("message", INCOMING)
def test_level1_unreadable_input_gives_a_transport_error(
    message: str, examples: dict[str, bytes], validator: Validator
) -> None:
    result = validator.validate_bytes(examples[message][: len(examples[message]) // 2])
    outcome = build_retour(result)
    assert outcome.document is None and outcome.heenbericht is None
    assert outcome.transport_error is not None
    assert outcome.transport_error.code.startswith("PARSE-")


# --- control level 2 -------------------------------------------------------------------------------


@pytest.mark.parametrize("message", INCOMING)
def test_level2_in_message_error_gives_header_with_0001(
    message: str, examples: dict[str, bytes], reference: Path
) -> None:
    base = clean_result(examples[message], message)
    assert base.root is not None
    broken = Finding("TR101", "injected in-message error", "0001", leaf_in(deepest_class(message, base.root)))
    result = dataclasses.replace(base, findings=[broken])
    # level 2 wins over findings of levels 3/4: the message is not processed further
    extra = [Finding("TR019", "cross-message", "9019", leaf_in(deepest_class(message, base.root)))]
    doc, _ = run(reference, result, extra, xslt_versie="1.2.3")
    assert [local_name(c) for c in children(doc)] == ["Header"]
    assert codes_of(doc[0]) == ["0001"]
    assert doc[0].find("{*}XsltVersie").text == "1.2.3"


@pytest.mark.parametrize("message", INCOMING)
def test_level2_finding_without_retourcode_counts_as_in_message(
    message: str, examples: dict[str, bytes], reference: Path
) -> None:
    base = clean_result(examples[message], message)
    result = dataclasses.replace(base, findings=[Finding("CS003", "rule of the validator", None, None)])
    doc, _ = run(reference, result)
    assert codes_of(doc[0]) == ["0001"]


@pytest.mark.parametrize(("message", "rule"), [("JW317", "CS003"), ("JW323", "TR101")])
def test_level2_through_the_real_validator(
    message: str, rule: str, examples: dict[str, bytes], validator: Validator, reference: Path
) -> None:
    """The official JW317 (Einddatum before GewensteIngangsdatum) and JW323 (ReferentieNummer RN004 twice)
    break in-message rules."""
    result = validator.validate_bytes(examples[message])
    assert result.xsd_valid
    assert rule in {f.rule for f in result.findings if f.is_error}, result.findings
    doc, outcome = run(reference, result)
    assert outcome.level is ControlLevel.IN_MESSAGE  # type: ignore[attr-defined]
    assert [local_name(c) for c in children(doc)] == ["Header"]
    assert codes_of(doc[0]) == ["0001"]


# --- no errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("message", ANSWERED)
def test_no_errors_gives_header_without_retourcodes(
    message: str, examples: dict[str, bytes], reference: Path
) -> None:
    doc, outcome = run(reference, clean_result(examples[message], message))
    assert outcome.level is ControlLevel.NONE  # type: ignore[attr-defined]
    assert [local_name(c) for c in children(doc)] == ["Header"]
    assert codes_of(doc[0]) is None
    assert doc[0].find("{*}XsltVersie") is None


@pytest.mark.parametrize("message", INCOMING)
def test_real_validator_verdict_is_answered_as_prescribed(
    message: str, examples: dict[str, bytes], validator: Validator, reference: Path
) -> None:
    run(reference, validator.validate_bytes(examples[message]))


# --- control levels 3/4 ----------------------------------------------------------------------------


@pytest.mark.parametrize("message", ANSWERED)
def test_level34_error_in_a_class_returns_the_client_whole(
    message: str, examples: dict[str, bytes], reference: Path
) -> None:
    result = clean_result(examples[message], message)
    assert result.root is not None
    target = deepest_class(message, result.root)
    findings = [
        Finding("TR063", "no earlier message", "9063", leaf_in(target)),
        Finding("TR074", "duplicate key", "9074", location(target)),
        Finding("TR063", "same rule again", "9063", leaf_in(target)),
    ]
    doc, outcome = run(reference, result, findings)
    assert outcome.level is ControlLevel.CROSS_MESSAGE_OR_EXTERNAL  # type: ignore[attr-defined]
    assert codes_of(doc[0]) == ["0200"]
    assert len(children(doc)) == 2  # Header + the client (or Antwoord)
    copied = {location(el): codes_of(el) for el in doc.iter() if codes_of(el) is not None}
    assert sorted({code for codes in copied.values() if codes for code in codes}) == ["0200", "9063", "9074"]


@pytest.mark.parametrize("message", ANSWERED)
def test_level34_error_in_the_header_gives_header_only(
    message: str, examples: dict[str, bytes], reference: Path
) -> None:
    result = clean_result(examples[message], message)
    assert result.root is not None
    findings = [
        Finding(
            "TR135",
            "Dagtekening after the system date",
            "8848",
            "/Bericht/Header/BerichtIdentificatie/Dagtekening",
        ),
        Finding("TR063", "also a client error", "9063", leaf_in(deepest_class(message, result.root))),
        Finding("TR056", "message-level, no location", "9056", None),
    ]
    doc, _ = run(reference, result, findings)
    assert [local_name(c) for c in children(doc)] == ["Header"]
    assert codes_of(doc[0]) == ["8848", "9056"]


@pytest.mark.parametrize("message", ANSWERED)
def test_level34_failing_client_marks_its_classes_not_assessed(
    message: str, examples: dict[str, bytes], reference: Path
) -> None:
    result = clean_result(examples[message], message)
    assert result.root is not None
    unit = children(result.root)[1]
    bsn_or_ref = location(children(unit)[0])
    doc, _ = run(reference, result, [Finding("TR304", "not this client", "8187", bsn_or_ref)])
    out = children(doc)[1]
    assert codes_of(out) == ["8187"]
    below = [codes_of(el) for el in out.iter() if el is not out and codes_of(el) is not None]
    if below:
        assert all(codes == ["0233"] for codes in below)


@pytest.mark.parametrize("message", ["JW301", "JW317"])
def test_level34_not_checked_classes_get_0233(
    message: str, examples: dict[str, bytes], reference: Path
) -> None:
    result = clean_result(examples[message], message)
    assert result.root is not None
    classes = [el for el in class_elements(message, result.root) if location(el).count("/") > 2]
    failing, skipped = classes[-1], classes[0]
    findings = [Finding("TR350", "not related", "9350", location(failing))]
    doc, _ = run(reference, result, findings, not_checked=[leaf_in(skipped)])
    assert "0233" in [c for el in doc.iter() for c in (codes_of(el) or [])]


def test_official_jw318_codes_are_reproduced(reference: Path) -> None:
    """A failing Verzoek does not stop the assessment of its products (official JW318 example)."""
    retour = parse_message(example_bytes(reference, "JW318"))
    heen, findings = heen_from_retour(retour, "JW317", "486")
    doc, _ = run(reference, clean_result(etree.tostring(heen), "JW317"), findings)
    codes = [codes_of(el) for el in doc.iter() if codes_of(el) is not None]
    # document order: Header, Client, Verzoek, OngewijzigdProduct, NieuwProduct
    assert codes == [["0200"], ["0200"], ["9349"], ["9350"], ["0200"]]


# --- rebuilding the official retour examples ---------------------------------------------------------


def heen_from_retour(retour: etree._Element, heen: str, code: str) -> tuple[etree._Element, list[Finding]]:
    """The heenbericht a retour example answers, and findings reproducing its retourcodes."""
    heen_ns = f"http://www.istandaarden.nl/ijw/3_2/{heen.lower()}/schema"
    retour_ns = etree.QName(retour).namespace
    copy = etree.fromstring(etree.tostring(retour))
    for el in list(copy.iter()):
        if isinstance(el.tag, str) and etree.QName(el).namespace == retour_ns:
            el.tag = f"{{{heen_ns}}}{etree.QName(el).localname}"
    findings = []
    for wrapper in [el for el in copy.iter() if isinstance(el.tag, str) and local_name(el) == "RetourCodes"]:
        owner = wrapper.getparent()
        assert owner is not None
        for value in [c.text or "" for c in children(wrapper)]:
            if value not in ("0200", "0233"):
                findings.append(Finding("TR", "from the example", value, location(owner)))
        owner.remove(wrapper)
    header = copy[0]
    for el in children(header):
        if local_name(el) in ("IdentificatieRetour", "DagtekeningRetour", "XsltVersie", "XsdVersieRetour"):
            header.remove(el)
    header[0].text = code
    etree.cleanup_namespaces(copy)
    return etree.fromstring(etree.tostring(copy)), findings


def normalised(data: bytes) -> bytes:
    root = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    for versie in root.iter("{*}XsdVersieRetour", "{*}XsdVersie"):
        if local_name(versie) == "XsdVersieRetour" or versie.getparent() is not root[0]:
            for el in versie:
                el.text = "X"
    etree.indent(root)
    return etree.tostring(root, method="c14n")


@pytest.mark.parametrize(
    ("retour_name", "heen", "code"),
    [
        ("JW302", "JW301", "436"),
        ("JW306", "JW305", "438"),
        ("JW308", "JW307", "440"),
        ("JW316", "JW315", "446"),
        ("JW318", "JW317", "486"),
        ("JW320", "JW319", "488"),
    ],
)
def test_official_retour_examples_are_rebuilt(
    retour_name: str, heen: str, code: str, reference: Path
) -> None:
    data = example_bytes(reference, retour_name)
    retour = parse_message(data)
    heen_root, findings = heen_from_retour(retour, heen, code)
    if len(heen_root) == 1:  # a header-only example: give the header the body of the official heenbericht
        body = parse_message(example_bytes(reference, heen))
        body.replace(body[0], heen_root[0])
        heen_root = body
    assert official_schema(reference / "xsd", heen).validate(heen_root)
    header = retour[0]
    xslt = header.find("{*}XsltVersie")
    outcome = build_retour(
        ValidationResult(None, heen, True, [], heen_root),
        findings,
        identificatie=header.find("{*}IdentificatieRetour").text,
        dagtekening=dt.date.fromisoformat(header.find("{*}DagtekeningRetour").text),
        xslt_versie=xslt.text if xslt is not None else None,
    )
    assert_officially_valid(reference, outcome)
    assert normalised(outcome.to_bytes()) == normalised(data)


# --- identification, output form and input errors ----------------------------------------------------


@pytest.mark.parametrize("message", ANSWERED)
def test_identification_is_reproducible(message: str, examples: dict[str, bytes]) -> None:
    first = build_retour(clean_result(examples[message], message)).to_bytes()
    again = build_retour(clean_result(examples[message], message)).to_bytes()
    assert first == again
    other = re.sub(rb"<ijw:Identificatie>[^<]*<", b"<ijw:Identificatie>OTHER<", examples[message], count=1)
    assert build_retour(clean_result(other, message)).to_bytes() != first
    dated = build_retour(
        clean_result(examples[message], message), identificatie="R-1", dagtekening=dt.date(2026, 5, 1)
    ).to_bytes()
    assert b"IdentificatieRetour>R-1<" in dated and b"DagtekeningRetour>2026-05-01<" in dated


def test_output_form(examples: dict[str, bytes]) -> None:
    data = build_retour(clean_result(examples["JW301"], "JW301")).to_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<jw302:Bericht ')
    assert b'xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema"' in data
    assert b"\n\t<jw302:Header>\n\t\t<jw302:BerichtCode>437<" in data
    assert b"<ijw:Identificatie>" in data


def test_input_errors(examples: dict[str, bytes], reference: Path) -> None:
    result = clean_result(examples["JW305"], "JW305")
    with pytest.raises(ValueError, match="does not exist"):
        build_retour(result, [Finding("TR063", "x", "9063", "/Bericht/Client/Nergens")])
    with pytest.raises(ValueError, match="needs the retourcode"):
        build_retour(result, [Finding("TR063", "x", None, "/Bericht/Client")])
    with pytest.raises(ValueError, match="status"):
        build_retour(result, [Finding("TR063", "x", "0200", "/Bericht/Client")])
    with pytest.raises(ValueError, match="WJ001"):
        build_retour(result, [Finding("TR063", "x", "1234", "/Bericht/Client")])
    with pytest.raises(ValueError, match="XsltVersie"):
        build_retour(result, xslt_versie="1.0")
    with pytest.raises(ValueError, match="identificatie"):
        build_retour(result, identificatie="1234567890123")
    with pytest.raises(ValueError, match="Header"):
        build_retour(
            result, [Finding("TR063", "x", "9063", "/Bericht/Client")], not_checked=["/Bericht/Header"]
        )
    retour = example_bytes(reference, "JW306")
    with pytest.raises(NotAnsweredError):
        build_retour(clean_result(retour, "JW306"))
    # warnings and info findings do not count
    info = Finding("PC-REGIONAAL", "regional product code", None, None, severity="info")
    assert build_retour(dataclasses.replace(result, findings=[info])).level is ControlLevel.NONE

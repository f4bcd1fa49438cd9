"""The declaratie-antwoord (JW325): fully granted, partly rejected (with the TR342 totals), credit prestaties,
failures of the Client, Declaratie and Header classes, and control level 2."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from retour_support import (
    Expectation,
    assert_officially_valid,
    check_construction,
    child,
    children,
    codes_of,
    example_bytes,
    local_name,
    maybe_child,
    official_schema,
    signed,
)

from ijw.findings import Finding
from ijw.retour import ControlLevel, DeclaratieBeoordeling, RetourOutcome, build_retour
from ijw.safeparse import parse_message
from ijw.validation import ValidationResult

IJW = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
PRESTATIE = "/Bericht/Declaratie/Clienten/Client[{c}]/Prestaties/Prestatie[{p}]"


def declaratie(reference: Path, amounts: list[tuple[int, str]] | None = None) -> ValidationResult:
    """The official JW323 with unique ReferentieNummers (RN001 … RN005 over two clients: 2 + 3 prestaties),
    optionally with other amounts (Bedrag, DebetCredit) per prestatie; TotaalIngediendBedrag is the sum."""
    root = parse_message(example_bytes(reference, "JW323"))
    prestaties = list(root.iter("{*}Prestatie"))
    for index, prestatie in enumerate(prestaties, start=1):
        referentie = child(prestatie, "ProductReferentie")
        child(referentie, "ReferentieNummer").text = f"RN{index:03d}"
        if amounts is not None:
            bedrag = child(prestatie, "IngediendBedrag")
            amount, dc = amounts[index - 1]
            child(bedrag, "Bedrag").text = str(amount)
            child(bedrag, "DebetCredit").text = dc
            if dc == "C":
                vorig = etree.SubElement(referentie, f"{{{IJW}}}VorigReferentieNummer")
                vorig.text = f"RT{index:03d}"
    total = sum(signed(child(p, "IngediendBedrag"), "Bedrag") for p in prestaties)
    totaal = child(child(root, "Declaratie"), "TotaalIngediendBedrag")
    child(totaal, "TotaalBedrag").text = str(abs(total))
    child(totaal, "DebetCredit").text = "C" if total < 0 else "D"
    root = parse_message(etree.tostring(root))
    assert official_schema(reference / "xsd", "JW323").validate(root)
    return ValidationResult(None, "JW323", True, [], root)


def answer(
    reference: Path,
    result: ValidationResult,
    findings: list[Finding] | None = None,
    beoordeling: DeclaratieBeoordeling | None = None,
    not_checked: list[str] | None = None,
    **kwargs: object,
) -> RetourOutcome:
    outcome = build_retour(
        result,
        findings,
        decisions=beoordeling,
        not_checked=not_checked or (),
        **kwargs,  # type: ignore[arg-type]
    )
    exp = Expectation(
        heen="JW323",
        root=result.root,
        validation_findings=list(result.findings),
        xsd_valid=result.xsd_valid,
        caller_findings=list(findings or []),
        not_checked=list(not_checked or []),
        afwijzingen=beoordeling.afwijzingen
        if beoordeling is not None and not _level2(result, findings)
        else {},
        xslt_versie=kwargs.get("xslt_versie"),  # type: ignore[arg-type]
    )
    check_construction(exp, outcome)
    assert_officially_valid(reference, outcome)
    return outcome


def _level2(result: ValidationResult, findings: list[Finding] | None) -> bool:
    return any(f.is_error and f.retourcode in (None, "0001") for f in result.findings) or any(
        f.retourcode == "0001" for f in findings or []
    )


def totals(outcome: RetourOutcome) -> tuple[int, int]:
    assert outcome.document is not None
    antwoord = child(outcome.document, "DeclaratieAntwoord")
    return signed(child(antwoord, "TotaalIngediendBedrag"), "TotaalBedrag"), signed(
        child(antwoord, "TotaalToegekendBedrag"), "TotaalBedrag"
    )


def returned_refs(outcome: RetourOutcome) -> dict[str, list[str] | None]:
    assert outcome.document is not None
    return {
        (p.find("{*}ProductReferentie/{*}ReferentieNummer").text or ""): codes_of(p)
        for p in outcome.document.iter("{*}Prestatie")
    }


def test_fully_granted(reference: Path) -> None:
    outcome = answer(reference, declaratie(reference), xslt_versie="1.0.0")
    doc = outcome.document
    assert doc is not None
    assert codes_of(doc[0]) == ["0200"]
    antwoord = child(doc, "DeclaratieAntwoord")
    assert codes_of(antwoord) == ["8001"]
    assert maybe_child(antwoord, "Clienten") is None
    assert totals(outcome) == (79000, 79000)
    assert outcome.afgewezen == () and outcome.toegekend_bedrag == 79000
    assert outcome.level is ControlLevel.NONE
    header = doc[0]
    assert child(header, "Afzender").text == "0384" and child(header, "Ontvanger").text == "65656055"
    assert child(header, "XsltVersie").text == "1.0.0"


def test_partly_rejected_by_the_gemeente(reference: Path) -> None:
    beoordeling = DeclaratieBeoordeling().afwijzen("RN002", "0611").afwijzen("RN003", "9307", "9308")
    outcome = answer(reference, declaratie(reference), beoordeling=beoordeling)
    assert returned_refs(outcome) == {"RN002": ["0611"], "RN003": ["9307", "9308"]}
    assert totals(outcome) == (79000, 79000 - 24000 - 5000)
    assert outcome.afgewezen == ("RN002", "RN003")
    doc = outcome.document
    assert doc is not None
    assert codes_of(child(doc, "DeclaratieAntwoord")) == ["0200"]
    assert [codes_of(c) for c in doc.iter("{*}Client")] == [["0200"], ["0200"]]
    assert outcome.level is ControlLevel.CROSS_MESSAGE_OR_EXTERNAL


def test_findings_and_decisions_combine(reference: Path) -> None:
    findings = [
        Finding("TR322", "volume exceeded", "9322", PRESTATIE.format(c=1, p=1) + "/GeleverdVolume"),
        Finding("TR339", "other category", "9339", PRESTATIE.format(c=2, p=3) + "/ProductCategorie"),
    ]
    beoordeling = DeclaratieBeoordeling().afwijzen("RN001", "0611", "9322")
    outcome = answer(reference, declaratie(reference), findings, beoordeling)
    assert returned_refs(outcome) == {"RN001": ["9322", "0611"], "RN005": ["9339"]}
    assert totals(outcome) == (79000, 79000 - 5000 - 21000)


def test_failing_client_returns_all_its_prestaties_not_assessed(reference: Path) -> None:
    findings = [
        Finding("TR304", "prestatie not of this client", "8187", "/Bericht/Declaratie/Clienten/Client[2]/Bsn")
    ]
    outcome = answer(reference, declaratie(reference), findings)
    assert returned_refs(outcome) == {"RN003": ["0233"], "RN004": ["0233"], "RN005": ["0233"]}
    doc = outcome.document
    assert doc is not None
    assert [codes_of(c) for c in doc.iter("{*}Client")] == [["8187"]]
    assert totals(outcome) == (79000, 79000 - 50000)


def test_not_checked_prestatie_is_rejected_as_not_assessed(reference: Path) -> None:
    outcome = answer(reference, declaratie(reference), not_checked=[PRESTATIE.format(c=1, p=2)])
    assert returned_refs(outcome) == {"RN002": ["0233"]}
    assert totals(outcome) == (79000, 55000)


def test_failing_declaratie_class_grants_nothing(reference: Path) -> None:
    findings = [
        Finding("TR333", "DeclaratieNummer not unique", "9333", "/Bericht/Declaratie/DeclaratieNummer")
    ]
    beoordeling = DeclaratieBeoordeling().afwijzen("RN001", "0611")
    outcome = answer(reference, declaratie(reference), findings, beoordeling)
    doc = outcome.document
    assert doc is not None
    antwoord = child(doc, "DeclaratieAntwoord")
    assert codes_of(doc[0]) == ["0200"] and codes_of(antwoord) == ["9333"]
    assert maybe_child(antwoord, "Clienten") is None
    toegekend = child(antwoord, "TotaalToegekendBedrag")
    assert [c.text for c in children(toegekend)] == ["0", "D"]
    assert outcome.toegekend_bedrag == 0 and len(outcome.afgewezen) == 5


def test_failing_header_gives_header_only(reference: Path) -> None:
    findings = [
        Finding(
            "TR135", "Dagtekening in the future", "8848", "/Bericht/Header/BerichtIdentificatie/Dagtekening"
        ),
        Finding("TR333", "also the Declaratie", "9333", "/Bericht/Declaratie/DeclaratieNummer"),
    ]
    outcome = answer(reference, declaratie(reference), findings)
    doc = outcome.document
    assert doc is not None
    assert [local_name(c) for c in children(doc)] == ["Header"]
    assert codes_of(doc[0]) == ["8848"]


def test_level2_gives_header_with_0001_without_declaratie_antwoord(reference: Path) -> None:
    base = declaratie(reference)
    result = dataclasses.replace(
        base, findings=[Finding("TR101", "ReferentieNummer twice", "0001", PRESTATIE.format(c=2, p=2))]
    )
    beoordeling = DeclaratieBeoordeling().afwijzen(
        "RN001", "0611"
    )  # not applied: the message is not processed
    outcome = answer(
        reference, result, [Finding("TR323", "x", "8017", PRESTATIE.format(c=1, p=1))], beoordeling
    )
    doc = outcome.document
    assert doc is not None
    assert [local_name(c) for c in children(doc)] == ["Header"]
    assert codes_of(doc[0]) == ["0001"]
    assert outcome.level is ControlLevel.IN_MESSAGE
    assert outcome.toegekend_bedrag is None and len(outcome.afgewezen) == 5


CREDIT_MIX = [(5000, "D"), (24000, "C"), (5000, "D"), (24000, "C"), (21000, "D")]  # total 17000 C


def test_credit_prestaties_totals_are_signed(reference: Path) -> None:
    result = declaratie(reference, CREDIT_MIX)
    granted = answer(reference, result)
    assert totals(granted) == (-17000, -17000)
    assert granted.toegekend_bedrag == -17000
    # a credit prestatie fails a technical rule (no debet prestatie known): it is rejected like any other
    findings = [Finding("TR323", "no debet prestatie known", "8017", PRESTATIE.format(c=1, p=2))]
    outcome = answer(reference, result, findings, DeclaratieBeoordeling().afwijzen("RN001", "0611"))
    assert returned_refs(outcome) == {"RN001": ["0611"], "RN002": ["8017"]}
    # TR342: returned sum (5000 D + 24000 C = 19000 C) = ingediend (17000 C) − toegekend (2000 D)
    assert totals(outcome) == (-17000, 2000)


def test_toegekend_zero_is_debet(reference: Path) -> None:
    result = declaratie(reference, [(5000, "D"), (5000, "C"), (1, "D"), (1, "C"), (0, "D")])
    findings = [Finding("TR323", "x", "8017", PRESTATIE.format(c=2, p=2))]
    outcome = answer(reference, result, findings, DeclaratieBeoordeling().afwijzen("RN003", "0611"))
    doc = outcome.document
    assert doc is not None
    toegekend = child(child(doc, "DeclaratieAntwoord"), "TotaalToegekendBedrag")
    assert [c.text for c in children(toegekend)] == ["0", "D"]


def test_gemeente_cannot_reject_a_credit_prestatie_on_content(reference: Path) -> None:
    result = declaratie(reference, CREDIT_MIX)
    with pytest.raises(ValueError, match="IV085"):
        build_retour(result, decisions=DeclaratieBeoordeling().afwijzen("RN002", "0611"))


def test_decision_errors(reference: Path) -> None:
    result = declaratie(reference)
    with pytest.raises(ValueError, match="no prestatie"):
        build_retour(result, decisions=DeclaratieBeoordeling().afwijzen("RN999", "0611"))
    with pytest.raises(ValueError, match="at least one"):
        DeclaratieBeoordeling().afwijzen("RN001")
    with pytest.raises(ValueError, match="status"):
        DeclaratieBeoordeling().afwijzen("RN001", "8001")
    with pytest.raises(ValueError, match="JW323 only"):
        jw305 = ValidationResult(None, "JW305", True, [], parse_message(example_bytes(reference, "JW305")))
        build_retour(jw305, decisions=DeclaratieBeoordeling())
    duplicate = parse_message(example_bytes(reference, "JW323"))  # the official one repeats RN004
    with pytest.raises(ValueError, match="occurs 2 times"):
        build_retour(
            ValidationResult(None, "JW323", True, [], duplicate),
            decisions=DeclaratieBeoordeling().afwijzen("RN004", "0611"),
        )
    assert DeclaratieBeoordeling().afwijzen("RN001", "0611").toekennen("RN001").afwijzingen == {}


def test_official_jw325_example_is_rebuilt(reference: Path) -> None:
    """The official JW325 (all credit, three prestaties rejected, 34000 C granted) answers a JW323 made of
    its rejected prestaties plus a granted one of 34000 C."""
    data = example_bytes(reference, "JW325")
    example = parse_message(data)
    ns323 = "http://www.istandaarden.nl/ijw/3_2/jw323/schema"
    header = child(example, "Header")
    antwoord = child(example, "DeclaratieAntwoord")
    root = etree.Element(f"{{{ns323}}}Bericht", nsmap={"jw323": ns323, "ijw": IJW})

    def add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        el = etree.SubElement(parent, f"{{{ns323}}}{name}")
        el.text = text
        return el

    def copy_children(src: etree._Element, dst: etree._Element) -> None:
        for c in children(src):
            dst.append(etree.fromstring(etree.tostring(c)))

    h = add(root, "Header")
    for name, text in [("BerichtCode", "490"), ("BerichtVersie", "3"), ("BerichtSubversie", "2")]:
        add(h, name, text)
    add(h, "Afzender", child(header, "Ontvanger").text)
    add(h, "Ontvanger", child(header, "Afzender").text)
    copy_children(child(header, "DeclaratieIdentificatie"), add(h, "BerichtIdentificatie"))
    copy_children(child(header, "XsdVersieDeclaratie"), add(h, "XsdVersie"))
    d = add(root, "Declaratie")
    add(d, "DeclaratieNummer", "DN001")
    periode = add(d, "DeclaratiePeriode")
    etree.SubElement(periode, f"{{{IJW}}}Begindatum").text = "2023-04-01"
    etree.SubElement(periode, f"{{{IJW}}}Einddatum").text = "2023-04-30"
    add(d, "DeclaratieDagtekening", "2023-05-07")
    copy_children(child(antwoord, "TotaalIngediendBedrag"), add(d, "TotaalIngediendBedrag"))
    clienten = add(d, "Clienten")
    findings = []
    for ci, client in enumerate(children(child(antwoord, "Clienten")), start=1):
        c = add(clienten, "Client")
        add(c, "Bsn", child(client, "Bsn").text)
        ps = add(c, "Prestaties")
        for pi, prestatie in enumerate(children(child(client, "Prestaties")), start=1):
            p = add(ps, "Prestatie")
            for el in children(prestatie):
                if local_name(el) != "RetourCodes":
                    copy = etree.fromstring(etree.tostring(el))
                    copy.tag = f"{{{ns323}}}{local_name(el)}"
                    p.append(copy)
            for code in codes_of(prestatie) or []:
                findings.append(Finding("TR", "from the example", code, PRESTATIE.format(c=ci, p=pi)))
        if ci == 1:  # the granted prestatie: 34000 C
            granted = etree.fromstring(etree.tostring(ps[0]))
            granted.find("{*}ProductReferentie/{*}ReferentieNummer").text = "RN009"
            granted.find("{*}IngediendBedrag/{*}Bedrag").text = "34000"
            ps.append(granted)
    heen = parse_message(etree.tostring(root))
    assert official_schema(reference / "xsd", "JW323").validate(heen), official_schema(
        reference / "xsd", "JW323"
    ).error_log
    outcome = build_retour(
        ValidationResult(None, "JW323", True, [], heen),
        findings,
        identificatie="654321987",
        dagtekening=dt.date(2023, 5, 7),
        xslt_versie="1.0.0",
    )
    assert_officially_valid(reference, outcome)

    def normalised(xml: bytes) -> bytes:
        doc = etree.fromstring(xml, etree.XMLParser(remove_blank_text=True))
        for el in child(doc, "Header").find("{*}XsdVersie"):
            el.text = "X"  # the project's XSD version, not the example's
        return etree.tostring(doc, method="c14n")

    assert normalised(outcome.to_bytes()) == normalised(data)

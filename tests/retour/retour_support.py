"""Helpers for the retour tests: official schemas, example messages, and an independent construction oracle.

The oracle re-states the construction rules of the standard (IV028/IV032, IV087/IV088, OP065, OP303/OP304,
TR342) without using the builder's code: the berichtklassen per heenbericht are listed here by hand from
the official retour XSDs, and the expected retourcodes are derived from the findings' locations by string
manipulation only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from ijw.findings import Finding
from ijw.retour import ControlLevel, RetourOutcome
from ijw.xmlpath import local_name, location, resolve

INCOMING = ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323")
RETOUR_OF = {
    "JW301": "JW302",
    "JW305": "JW306",
    "JW307": "JW308",
    "JW315": "JW316",
    "JW317": "JW318",
    "JW319": "JW320",
    "JW323": "JW325",
}
RETOUR_CODE = {"JW302": "437", "JW306": "439", "JW308": "441", "JW316": "447", "JW318": "487", "JW320": "489"}
BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"

# The berichtklassen of each heenbericht: the types of its retour message that carry RetourCodes
# (read from the official jw302.xsd … jw325.xsd), as paths of local names below Bericht.
CLASSES: dict[str, frozenset[str]] = {
    "JW301": frozenset(
        {
            "Header",
            "Client",
            "Client/Relaties/Relatie",
            "Client/Relaties/Relatie/Contact",
            "Client/Contactgegevens/Contact",
            "Client/ToegewezenProducten/ToegewezenProduct",
        }
    ),
    "JW305": frozenset({"Header", "Client", "Client/StartProducten/StartProduct"}),
    "JW307": frozenset({"Header", "Client", "Client/StopProducten/StopProduct"}),
    "JW315": frozenset({"Header", "Client", "Client/AangevraagdeProducten/AangevraagdProduct"}),
    "JW317": frozenset(
        {
            "Header",
            "Client",
            "Client/Verzoek",
            "Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct",
            "Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct",
            "Client/Verzoek/NieuweProducten/NieuwProduct",
        }
    ),
    "JW319": frozenset({"Header", "Antwoord", "Antwoord/Woonplaatsbeginsel"}),
    "JW323": frozenset(
        {
            "Header",
            "Declaratie",
            "Declaratie/Clienten/Client",
            "Declaratie/Clienten/Client/Prestaties/Prestatie",
        }
    ),
}
RETOUR_HEADER_EXTRA = (
    "IdentificatieRetour",
    "DagtekeningRetour",
    "XsltVersie",
    "XsdVersieRetour",
    "RetourCodes",
)
HEADER = "/Bericht/Header"


@cache
def official_schema(xsd_dir: Path, message: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(xsd_dir / f"{message.lower()}.xsd")))


def assert_officially_valid(reference: Path, outcome: RetourOutcome) -> None:
    assert outcome.document is not None and outcome.retourbericht is not None
    schema = official_schema(reference / "xsd", outcome.retourbericht)
    # validate the serialised bytes: what is sent is what must be valid
    doc = etree.fromstring(outcome.to_bytes())
    assert schema.validate(doc), f"{outcome.retourbericht} invalid: {schema.error_log}"


def example_bytes(reference: Path, name: str) -> bytes:
    """An official example, repaired where it is invalid as published (JW315 date, JW318 stray code)."""
    data = (reference / "examples" / f"{name}.xml").read_bytes()
    if name == "JW315":
        data = data.replace(b"2027-06-31", b"2027-06-30")
    if name == "JW318":
        data = re.sub(
            rb"\s*<jw318:RetourCode>9350</jw318:RetourCode>(?=\s*<jw318:OngewijzigdeProducten>)", b"", data
        )
    return data


def children(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


def child(el: etree._Element, name: str) -> etree._Element:
    for c in children(el):
        if local_name(c) == name:
            return c
    raise AssertionError(f"{location(el)} has no {name}")


def maybe_child(el: etree._Element, name: str) -> etree._Element | None:
    for c in children(el):
        if local_name(c) == name:
            return c
    return None


def codes_of(el: etree._Element) -> list[str] | None:
    """The RetourCode values of a retour element's own RetourCodes (None when it has none)."""
    wrapper = maybe_child(el, "RetourCodes")
    if wrapper is None:
        return None
    return [(c.text or "") for c in children(wrapper)]


def strip_positions(path: str) -> str:
    return "/".join(re.sub(r"\[\d+\]$", "", step) for step in path.split("/"))


def class_location(heen: str, where: str | None) -> str:
    """Location of the berichtklasse containing ``where`` (string manipulation only)."""
    if where is None:
        return HEADER
    steps = where.strip("/").split("/")[1:]
    while steps:
        if strip_positions("/".join(steps)) in CLASSES[heen]:
            return "/Bericht/" + "/".join(steps)
        steps.pop()
    return HEADER


def is_class(heen: str, loc: str) -> bool:
    return strip_positions(loc.strip("/").split("/", 1)[1]) in CLASSES[heen] if loc.count("/") > 1 else False


def same_content(heen_el: etree._Element, retour_el: etree._Element, skip_codes: bool = True) -> None:
    """``retour_el`` is a copy of ``heen_el`` (names, order, leaf text), ignoring RetourCodes."""
    assert local_name(heen_el) == local_name(retour_el), (location(heen_el), location(retour_el))
    if etree.QName(heen_el).namespace == BASIS:
        assert etree.QName(retour_el).namespace == BASIS
    h = children(heen_el)
    r = [c for c in children(retour_el) if not (skip_codes and local_name(c) == "RetourCodes")]
    assert [local_name(c) for c in h] == [local_name(c) for c in r], location(heen_el)
    if not h:
        assert heen_el.text == retour_el.text, location(heen_el)
    for a, b in zip(h, r, strict=True):
        same_content(a, b, skip_codes)


@dataclass
class Expectation:
    """What the caller fed the builder, to check the outcome against."""

    heen: str
    root: etree._Element | None
    validation_findings: list[Finding]
    xsd_valid: bool
    caller_findings: list[Finding]
    not_checked: list[str]
    afwijzingen: Mapping[str, tuple[str, ...]]  # ReferentieNummer → codes (JW323)
    xslt_versie: str | None = None


def _level2(exp: Expectation) -> bool:
    return any(f.is_error and f.retourcode in (None, "0001") for f in exp.validation_findings) or any(
        f.is_error and f.retourcode == "0001" for f in exp.caller_findings
    )


def _class_codes(exp: Expectation) -> dict[str, list[str]]:
    found = [
        f
        for f in [*exp.validation_findings, *exp.caller_findings]
        if f.is_error and f.retourcode not in (None, "0001")
    ]
    codes: dict[str, list[str]] = {}
    for f in found:
        assert f.retourcode is not None
        listed = codes.setdefault(class_location(exp.heen, f.location), [])
        if f.retourcode not in listed:
            listed.append(f.retourcode)
    return codes


def check_construction(exp: Expectation, outcome: RetourOutcome) -> None:
    """Assert that ``outcome`` is what the standard prescribes for ``exp`` (any heenbericht type)."""
    if not exp.xsd_valid or exp.root is None:
        assert outcome.level is ControlLevel.XSD
        assert outcome.document is None and outcome.transport_error is not None
        assert outcome.transport_error.reason
        return
    assert outcome.transport_error is None and outcome.document is not None
    assert outcome.retourbericht == RETOUR_OF[exp.heen]
    if exp.heen == "JW323":
        _check_declaratie_antwoord(exp, outcome)
    else:
        _check_retour(exp, outcome)


def _check_retour_header(exp: Expectation, doc: etree._Element, codes: list[str] | None) -> None:
    assert exp.root is not None
    heen_header = child(exp.root, "Header")
    header = child(doc, "Header")
    copied = children(heen_header)
    own = children(header)
    assert local_name(own[0]) == "BerichtCode" and own[0].text == RETOUR_CODE[RETOUR_OF[exp.heen]]
    for a, b in zip(copied[1:], own[1 : len(copied)], strict=True):
        same_content(a, b, skip_codes=False)
    extra = [local_name(c) for c in own[len(copied) :]]
    expected = ["IdentificatieRetour", "DagtekeningRetour"]
    expected += ["XsltVersie"] if exp.xslt_versie else []
    expected += ["XsdVersieRetour"] + (["RetourCodes"] if codes else [])
    assert extra == expected
    assert codes_of(header) == (codes or None)


def _check_retour(exp: Expectation, outcome: RetourOutcome) -> None:
    assert exp.root is not None and outcome.document is not None
    doc = outcome.document
    if _level2(exp):
        assert outcome.level is ControlLevel.IN_MESSAGE
        _check_retour_header(exp, doc, ["0001"])
        assert [local_name(c) for c in children(doc)] == ["Header"]
        return
    codes = _class_codes(exp)
    if not codes:
        assert outcome.level is ControlLevel.NONE
        _check_retour_header(exp, doc, None)
        assert [local_name(c) for c in children(doc)] == ["Header"]
        return
    assert outcome.level is ControlLevel.CROSS_MESSAGE_OR_EXTERNAL
    if HEADER in codes:
        _check_retour_header(exp, doc, codes[HEADER])
        assert [local_name(c) for c in children(doc)] == ["Header"]
        return
    _check_retour_header(exp, doc, ["0200"])
    returned = children(doc)[1:]
    units = children(exp.root)[1:]
    expected_units = [
        u for u in units if any(c == location(u) or c.startswith(location(u) + "/") for c in codes)
    ]
    assert len(returned) == len(expected_units), "only units (clients) with errors are returned (OP065)"
    unassessed = {class_location(exp.heen, w) for w in exp.not_checked}
    for unit, copy in zip(expected_units, returned, strict=True):
        same_content(unit, copy)
        unit_loc = location(unit)
        unit_failed = unit_loc in codes
        _check_codes(exp, unit, copy, codes, unit_loc, unit_failed, unassessed)


def _check_codes(
    exp: Expectation,
    heen_el: etree._Element,
    retour_el: etree._Element,
    codes: dict[str, list[str]],
    unit_loc: str,
    unit_failed: bool,
    unassessed: set[str],
) -> None:
    loc = location(heen_el)
    if is_class(exp.heen, loc):
        if loc in codes:
            expected = codes[loc]
        elif (unit_failed and loc != unit_loc) or any(
            loc == u or loc.startswith(u + "/") for u in unassessed
        ):
            expected = ["0233"]
        else:
            expected = ["0200"]
        assert codes_of(retour_el) == expected, loc
        assert local_name(children(retour_el)[-1]) == "RetourCodes"
    else:
        assert codes_of(retour_el) is None, loc
    retour_children = [c for c in children(retour_el) if local_name(c) != "RetourCodes"]
    for a, b in zip(children(heen_el), retour_children, strict=True):
        _check_codes(exp, a, b, codes, unit_loc, unit_failed, unassessed)


def signed(el: etree._Element, amount: str) -> int:
    value = int(child(el, amount).text or "0")
    return -value if child(el, "DebetCredit").text == "C" else value


def _check_325_header(exp: Expectation, doc: etree._Element, codes: list[str]) -> None:
    assert exp.root is not None
    heen = child(exp.root, "Header")
    header = child(doc, "Header")
    names = [local_name(c) for c in children(header)]
    expected_names = ["BerichtCode", "BerichtVersie", "BerichtSubversie", "Afzender", "Ontvanger"]
    expected_names += ["BerichtIdentificatie", "XsdVersie", "DeclaratieIdentificatie"]
    expected_names += ["XsltVersie"] if exp.xslt_versie else []
    expected_names += ["XsdVersieDeclaratie", "RetourCodes"]
    assert names == expected_names
    assert child(header, "BerichtCode").text == "491"
    assert child(header, "Afzender").text == child(heen, "Ontvanger").text
    assert child(header, "Ontvanger").text == child(heen, "Afzender").text
    for a, b in [("BerichtIdentificatie", "DeclaratieIdentificatie"), ("XsdVersie", "XsdVersieDeclaratie")]:
        for x, y in zip(children(child(heen, a)), children(child(header, b)), strict=True):
            same_content(x, y)
    assert codes_of(header) == codes


def _check_declaratie_antwoord(exp: Expectation, outcome: RetourOutcome) -> None:
    assert exp.root is not None and outcome.document is not None
    doc = outcome.document
    if _level2(exp):
        assert outcome.level is ControlLevel.IN_MESSAGE
        _check_325_header(exp, doc, ["0001"])
        assert [local_name(c) for c in children(doc)] == ["Header"]
        return
    codes = _class_codes(exp)
    if HEADER in codes:
        _check_325_header(exp, doc, codes[HEADER])
        assert [local_name(c) for c in children(doc)] == ["Header"]
        return
    _check_325_header(exp, doc, ["0200"])
    declaratie = child(exp.root, "Declaratie")
    answer = child(doc, "DeclaratieAntwoord")
    same_content(child(declaratie, "DeclaratieNummer"), child(answer, "DeclaratieNummer"))
    same_content(child(declaratie, "TotaalIngediendBedrag"), child(answer, "TotaalIngediendBedrag"))
    ingediend = signed(child(declaratie, "TotaalIngediendBedrag"), "TotaalBedrag")
    toegekend_el = child(answer, "TotaalToegekendBedrag")
    toegekend = signed(toegekend_el, "TotaalBedrag")
    if toegekend == 0:
        assert child(toegekend_el, "DebetCredit").text == "D", "an amount of 0 is debet (CS325)"
    if "/Bericht/Declaratie" in codes:
        assert codes_of(answer) == codes["/Bericht/Declaratie"]
        assert toegekend == 0 and maybe_child(answer, "Clienten") is None
        return
    unassessed = {class_location(exp.heen, w) for w in exp.not_checked}
    expected_clients: list[tuple[etree._Element, list[str], list[tuple[etree._Element, list[str]]]]] = []
    for client in children(child(declaratie, "Clienten")):
        cloc = location(client)
        failed = cloc in codes
        client_unassessed = any(cloc == u or cloc.startswith(u + "/") for u in unassessed)
        rejected = []
        for prestatie in children(child(client, "Prestaties")):
            ploc = location(prestatie)
            ref = child(child(prestatie, "ProductReferentie"), "ReferentieNummer").text or ""
            own = list(dict.fromkeys([*codes.get(ploc, []), *exp.afwijzingen.get(ref, ())]))
            if not own and (failed or any(ploc == u or ploc.startswith(u + "/") for u in unassessed)):
                own = ["0233"]
            if own:
                rejected.append((prestatie, own))
        client_codes = codes[cloc] if failed else ["0233"] if client_unassessed else ["0200"]
        if rejected or failed:
            expected_clients.append((client, client_codes, rejected))
    clienten = maybe_child(answer, "Clienten")
    returned = children(clienten) if clienten is not None else []
    assert len(returned) == len(expected_clients), "only clients with rejections are returned (OP304)"
    returned_sum = 0
    for (client, client_codes, rejected), out in zip(expected_clients, returned, strict=True):
        same_content(child(client, "Bsn"), child(out, "Bsn"))
        assert codes_of(out) == client_codes
        out_prestaties = children(child(out, "Prestaties"))
        assert len(out_prestaties) == len(rejected), "granted prestaties are never returned (OP303)"
        for (prestatie, own), out_p in zip(rejected, out_prestaties, strict=True):
            same_content(prestatie, out_p)
            assert codes_of(out_p) == own
            returned_sum += signed(child(out_p, "IngediendBedrag"), "Bedrag")
    # TR342: the returned prestaties explain the difference between ingediend and toegekend
    assert returned_sum == ingediend - toegekend
    assert outcome.toegekend_bedrag == toegekend
    if expected_clients:
        assert codes_of(answer) == ["0200"]
        assert outcome.level is ControlLevel.CROSS_MESSAGE_OR_EXTERNAL
    else:
        assert codes_of(answer) == ["8001"] and toegekend == ingediend
        assert outcome.level is ControlLevel.NONE
        assert outcome.afgewezen == ()


def class_elements(heen: str, root: etree._Element) -> list[etree._Element]:
    return [
        el
        for el in root.iter()
        if isinstance(el.tag, str) and el is not root and is_class(heen, location(el))
    ]


def resolve_all(root: etree._Element, locations: Iterable[str]) -> list[etree._Element]:
    found = [resolve(root, loc) for loc in locations]
    assert all(el is not None for el in found)
    return [el for el in found if el is not None]

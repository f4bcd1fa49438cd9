"""The retour message for a heenbericht: JW302, JW306, JW308, JW316, JW318, JW320 and JW325.

:func:`build_retour` takes the verdict of :class:`ijw.validation.Validator` (control levels 1 and 2) plus
the findings of the cross-message and external-source checks (levels 3 and 4, which need state the
validator does not have) and builds exactly the answer the standard prescribes for the highest level that
failed:

- **Level 1** (XSD failure, unreadable input): no retour message, a :class:`TransportError` with the reason.
- **Level 2** (in-message rule broken): the header only, with RetourCode 0001.
- **Levels 3/4**: an error in the Header gives the header only, with the rule's retourcodes. Otherwise the
  Header gets 0200 and every Client (JW319: Antwoord) with an error somewhere in it is returned whole: each
  berichtklasse in it carries the retourcodes of its own findings, 0233 when it was not assessed, else
  0200. Clients without errors are left out.
- **No errors**: the header only, without RetourCodes.

The declaratie-antwoord (JW325) has its own construction, see :mod:`ijw.retour.declaratie`.

*Not assessed* (0233): the client is the unit the receiver judges. When the Client (or Antwoord) class
itself fails, the classes below it are regarded as not assessed, as the declaratie-antwoord instructions
state explicitly for the prestaties of a failing client; an error deeper down (a Verzoek, a product) does
not stop the assessment of the other classes of that client, as the official JW318 example shows (Verzoek
9349, OngewijzigdProduct 9350, NieuwProduct 0200). A caller that skipped checks can name further classes
as not assessed with ``not_checked``. A class with a finding of its own was assessed and keeps its code.

Findings are attached to the berichtklasse that contains their location (a namespace-free path as made by
:func:`ijw.xmlpath.location`); a finding without location, or located at ``/Bericht`` itself, concerns the
Header. The header of a retour copies the heenbericht header unchanged (Afzender and Ontvanger included),
sets the retour's BerichtCode and adds IdentificatieRetour, DagtekeningRetour, XsltVersie (only when given:
the project checks the rules itself, not with the official XSLTs) and XsdVersieRetour (the XSD versions of
the project's model).

Identification is reproducible by default: IdentificatieRetour is derived from the heenbericht (see
:func:`ijw.retour.document.default_identificatie`) and DagtekeningRetour defaults to the heenbericht's own
Dagtekening; the ingest worker passes the real date of answering.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from lxml import etree

from ijw.findings import Finding
from ijw.retour.codes import GEEN_OPMERKING, NIET_BEOORDEELD, TECHNISCH_AFGEKEURD, check_rule_code
from ijw.retour.declaratie import DeclaratieBeoordeling, write_declaratie_antwoord
from ijw.retour.document import (
    ClassCodes,
    Identification,
    RetourDocument,
    child,
    child_text,
    default_identificatie,
    under,
)
from ijw.retour.header_only import HeaderShape, header_only_retour
from ijw.retour.outcome import ControlLevel, RetourOutcome, TransportError
from ijw.retour.structure import RetourStructure, structure_for
from ijw.schema.model import Model, load_model
from ijw.validation import ValidationResult
from ijw.xmlpath import local_name, resolve

_VERSIE = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")
_MAX_REASONS = 5


def build_retour(
    result: ValidationResult,
    findings: Sequence[Finding] | None = None,
    *,
    identificatie: str | None = None,
    dagtekening: dt.date | None = None,
    xslt_versie: str | None = None,
    decisions: DeclaratieBeoordeling | None = None,
    not_checked: Iterable[str] = (),
    model: Model | None = None,
) -> RetourOutcome:
    """Build the answer to the validated heenbericht ``result``.

    ``findings`` are the caller's findings from checks at control level 3 or 4 (each with its rule's
    retourcode and a location in the heenbericht); error findings in ``result.findings`` with a retourcode
    other than 0001 (product codes against a gemeente's list) count as such as well. ``decisions`` is the
    gemeente's decision per prestatie (JW323 only). ``not_checked`` lists locations of berichtklassen that
    were not assessed. ``identificatie``/``dagtekening`` override the reproducible defaults.

    Raises :class:`~ijw.retour.structure.NotAnsweredError` for a retour message (it gets no answer) and
    ValueError for inconsistent input (unknown location, a finding without retourcode, a bad version).
    """
    model = model or load_model()
    if result.root is None or result.message is None or not result.xsd_valid:
        errors = tuple(f for f in result.findings if f.is_error)
        return RetourOutcome(
            result.message, None, ControlLevel.XSD, transport_error=transport_error(result), findings=errors
        )
    root = result.root
    structure = structure_for(result.message, model)
    if decisions is not None and structure.retourbericht != "JW325":
        raise ValueError(f"decisions per prestatie apply to a JW323 only, not to a {result.message}")
    if xslt_versie is not None and not _VERSIE.match(xslt_versie):
        raise ValueError(f"XsltVersie {xslt_versie!r} is not a version of three numbers separated by dots")
    ids = Identification(
        _check_identificatie(identificatie) if identificatie is not None else default_identificatie(root),
        dagtekening.isoformat() if dagtekening is not None else _heen_dagtekening(root),
        xslt_versie,
    )
    level2, level34 = split_findings(result.findings, findings or (), model)
    if level2:
        level, deciding, codes = ControlLevel.IN_MESSAGE, level2, {}
    else:
        codes = class_codes(structure, root, level34)
        level = ControlLevel.CROSS_MESSAGE_OR_EXTERNAL if level34 else ControlLevel.NONE
        deciding = level34
    unassessed = _not_checked(structure, root, not_checked)
    if structure.retourbericht != "JW325":
        written = _header_only(model, structure.retourbericht, root, level, codes, ids)
        if written is not None:
            return RetourOutcome(
                result.message, structure.retourbericht, level, serialized=written, findings=tuple(deciding)
            )
    doc = RetourDocument(model, structure.retourbericht, etree.QName(root).namespace or "")
    if structure.retourbericht == "JW325":
        beoordeling = decisions if level is not ControlLevel.IN_MESSAGE else None
        answer = write_declaratie_antwoord(doc, root, level, codes, unassessed, ids, beoordeling)
        has_rejections = bool(answer.afgewezen) or answer.declaratie_afgekeurd
        if level is ControlLevel.NONE and has_rejections:
            level = ControlLevel.CROSS_MESSAGE_OR_EXTERNAL
        return RetourOutcome(
            result.message,
            structure.retourbericht,
            level,
            element=doc.finish(),
            findings=tuple(deciding),
            afgewezen=answer.afgewezen,
            toegekend_bedrag=answer.toegekend,
        )
    _write_retour(doc, structure, root, level, codes, unassessed, ids)
    return RetourOutcome(
        result.message, structure.retourbericht, level, element=doc.finish(), findings=tuple(deciding)
    )


def _header_codes(level: ControlLevel, codes: ClassCodes, heen_header: etree._Element) -> list[str] | None:
    """The header's retourcodes when the answer is the header alone (None: clients are returned too)."""
    if level is ControlLevel.IN_MESSAGE:
        return [TECHNISCH_AFGEKEURD]
    if level is ControlLevel.NONE:
        return []
    return codes.get(heen_header)


def _header_only(
    model: Model,
    retourbericht: str,
    root: etree._Element,
    level: ControlLevel,
    codes: ClassCodes,
    ids: Identification,
) -> bytes | None:
    """The answer as bytes when it is the header alone and :mod:`ijw.retour.header_only` can write it."""
    heen_header = child(root, "Header")
    assert heen_header is not None
    header_codes = _header_codes(level, codes, heen_header)
    if header_codes is None:
        return None
    shape = HeaderShape(
        retourbericht,
        model.namespace(retourbericht),
        model.namespace("basisschema"),
        model.messages[retourbericht].code,
        (model.basisschema_xsd_versie, model.bericht_xsd_versie),
    )
    return header_only_retour(shape, heen_header, ids, header_codes)


def transport_error(result: ValidationResult) -> TransportError:
    """The reason reported to the sender of a message that failed at control level 1."""
    if result.rejection is not None:
        return TransportError(result.rejection.code, result.rejection.reason)
    errors = [f.message.rstrip(". ") for f in result.findings if f.is_error]
    if not errors:
        return TransportError("XSD", f"the message is not valid against the XSD of {result.message}")
    reason = "; ".join(errors[:_MAX_REASONS])
    if len(errors) > _MAX_REASONS:
        reason += f" (and {len(errors) - _MAX_REASONS} more)"
    name = result.message or "its message type"
    return TransportError("XSD", f"the message is not valid against the XSD of {name}: {reason}")


def split_findings(
    validation_findings: Iterable[Finding], caller_findings: Iterable[Finding], model: Model | None = None
) -> tuple[list[Finding], list[Finding]]:
    """Error findings split into control level 2 (retourcode 0001 or none) and levels 3/4 (own code).

    Findings of the validator without a retourcode come from in-message rules; the caller's findings
    must carry the retourcode of their rule (0001 marks a caller's in-message finding).
    """
    level2: list[Finding] = []
    level34: list[Finding] = []
    for f in validation_findings:
        if not f.is_error:
            continue
        if f.retourcode in (None, TECHNISCH_AFGEKEURD):
            level2.append(f)
        else:
            check_rule_code(f.retourcode, f"finding {f.rule}", model)
            level34.append(f)
    for f in caller_findings:
        if not f.is_error:
            continue
        if f.retourcode == TECHNISCH_AFGEKEURD:
            level2.append(f)
        else:
            check_rule_code(f.retourcode, f"finding {f.rule}", model)
            level34.append(f)
    return level2, level34


def class_element(structure: RetourStructure, root: etree._Element, where: str | None) -> etree._Element:
    """The berichtklasse of the heenbericht ``root`` that contains the location ``where``."""
    header = child(root, "Header")
    if header is None:  # pragma: no cover - an XSD-valid message always has one
        raise ValueError("the heenbericht has no Header")
    if where is None:
        return header
    el = resolve(root, where) if where.startswith("/") and where.strip("/") else None
    if el is None:
        raise ValueError(f"location {where!r} does not exist in this {structure.heenbericht}")
    cls = structure.class_of(el)
    return header if cls is None else cls


def class_codes(structure: RetourStructure, root: etree._Element, findings: Iterable[Finding]) -> ClassCodes:
    """Retourcodes per berichtklasse for the level 3/4 ``findings`` (each code once per class)."""
    codes: ClassCodes = {}
    for f in findings:
        assert f.retourcode is not None
        cls = class_element(structure, root, f.location)
        listed = codes.setdefault(cls, [])
        if f.retourcode not in listed:
            listed.append(f.retourcode)
    return codes


def _not_checked(
    structure: RetourStructure, root: etree._Element, where: Iterable[str]
) -> set[etree._Element]:
    classes = {class_element(structure, root, w) for w in where}
    if any(local_name(el) == "Header" and el.getparent() is root for el in classes):
        raise ValueError("the Header is always assessed; it cannot be listed as not checked")
    return classes


def _check_identificatie(value: str) -> str:
    if not value.strip() or len(value) > 12:
        raise ValueError(f"identificatie {value!r} must be 1 to 12 characters, not only spaces")
    return value


def _heen_dagtekening(root: etree._Element) -> str:
    value = child_text(child(root, "Header"), "BerichtIdentificatie", "Dagtekening")
    if value is None:  # pragma: no cover - required by the XSD
        raise ValueError("the heenbericht has no Dagtekening")
    return value


def write_retour_header(
    doc: RetourDocument, heen_header: etree._Element, ids: Identification, codes: list[str]
) -> None:
    """Header of JW302 … JW320: the heenbericht header unchanged but for BerichtCode, plus identification."""
    header = doc.add(doc.root, "Header")
    for el in heen_header:
        if not isinstance(el.tag, str):
            continue
        if local_name(el) == "BerichtCode":
            doc.add(header, "BerichtCode", doc.model.messages[doc.retourbericht].code)
        else:
            doc.copy(el, header)
    doc.add(header, "IdentificatieRetour", ids.identificatie)
    doc.add(header, "DagtekeningRetour", ids.dagtekening)
    if ids.xslt_versie is not None:
        doc.add(header, "XsltVersie", ids.xslt_versie)
    doc.add_xsd_versie(header, "XsdVersieRetour")
    doc.add_retourcodes(header, codes)


def _write_retour(
    doc: RetourDocument,
    structure: RetourStructure,
    root: etree._Element,
    level: ControlLevel,
    codes: ClassCodes,
    unassessed: set[etree._Element],
    ids: Identification,
) -> None:
    heen_header = child(root, "Header")
    assert heen_header is not None
    header_codes = _header_codes(level, codes, heen_header)
    if header_codes is not None:
        write_retour_header(doc, heen_header, ids, header_codes)
        return
    write_retour_header(doc, heen_header, ids, [GEEN_OPMERKING])
    for unit in root:
        if not isinstance(unit.tag, str) or unit is heen_header:
            continue
        members = [el for el in unit.iter() if isinstance(el.tag, str) and structure.is_class(el)]
        if not any(el in codes for el in members):
            continue  # a client without errors is not returned
        unit_failed = unit in codes

        def codes_for(
            el: etree._Element, unit: etree._Element = unit, unit_failed: bool = unit_failed
        ) -> list[str] | None:
            if not structure.is_class(el):
                return None
            if el in codes:
                return codes[el]
            if (unit_failed and el is not unit) or under(el, unassessed):
                return [NIET_BEOORDEELD]
            return [GEEN_OPMERKING]

        doc.copy(unit, doc.root, codes_for)

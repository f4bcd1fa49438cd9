"""The declaratie-antwoord (JW325): the gemeente's technical and functional answer to a declaratie (JW323).

Unlike the other retour messages, JW325 is a message of its own: the gemeente is its Afzender, it has its
own BerichtIdentificatie and XsdVersie, and it refers to the declaratie through DeclaratieIdentificatie
(the JW323's BerichtIdentificatie) and XsdVersieDeclaratie (the JW323's XsdVersie). Its Header always
carries RetourCodes. What follows the Header depends on what was found (IV087, IV088, TR342, OP303, OP304):

- **Level 2** (in-message rule broken): the Header only, RetourCode 0001. The declaratie counts as not sent.
- **Error in the Header** (level 3/4): the Header only, with the rule's retourcodes.
- **Error in the Declaratie class**: Header 0200, DeclaratieAntwoord with the rule's retourcodes and
  TotaalToegekendBedrag 0; no prestaties are assessed, so none are returned.
- **Errors below the Declaratie**, and prestaties the gemeente rejects: Header 0200, DeclaratieAntwoord 0200,
  and only the clients with a rejected prestatie or an error of their own. Such a client carries its own
  retourcodes, or 0200; when the Client class itself fails, all its prestaties are returned with 0233 (not
  assessed) and count as rejected. A client with a rejected prestatie returns only its rejected prestaties,
  each with its retourcodes; granted prestaties are never returned.
- **Fully granted**: Header 0200, DeclaratieAntwoord 8001, TotaalToegekendBedrag equal to
  TotaalIngediendBedrag, no clients.

The totals obey TR342: the (signed) sum of the returned prestaties equals TotaalIngediendBedrag minus
TotaalToegekendBedrag. Amounts are signed by DebetCredit (D positive, C negative); an amount of 0 is written
as debet (CS325).

A prestatie is granted or rejected as a whole. The gemeente's own decision comes in as a
:class:`DeclaratieBeoordeling`. A credit prestatie withdraws an earlier granted debet prestatie; the
gemeente cannot refuse it on content (IV085), so a decision to reject one is refused here. A credit
prestatie can still fail a technical rule: that comes in as a finding, like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from ijw.retour.codes import (
    GEEN_OPMERKING,
    NIET_BEOORDEELD,
    TECHNISCH_AFGEKEURD,
    VOLLEDIG_TOEGEWEZEN,
    check_rule_code,
)
from ijw.retour.document import ClassCodes, Identification, RetourDocument, child, child_text, under
from ijw.retour.outcome import ControlLevel
from ijw.schema.model import Model


class DeclaratieBeoordeling:
    """The gemeente's decision on the prestaties of one declaratie, by ReferentieNummer.

    Every prestatie is granted (*toegekend*) unless it is rejected (*afgewezen*) here with one or more
    retourcodes, or fails a check reported as a finding.

    >>> b = DeclaratieBeoordeling().afwijzen("RN002", "0611").afwijzen("RN003", "9307")
    >>> b.toekennen("RN003").afwijzingen
    {'RN002': ('0611',)}
    """

    def __init__(self, model: Model | None = None) -> None:
        self._model = model
        self._afgewezen: dict[str, tuple[str, ...]] = {}

    def afwijzen(self, referentienummer: str, *retourcodes: str) -> DeclaratieBeoordeling:
        """Reject the prestatie with this ReferentieNummer for the given retourcodes (at least one)."""
        if not retourcodes:
            raise ValueError(f"rejecting prestatie {referentienummer} needs at least one retourcode")
        checked = tuple(
            dict.fromkeys(
                check_rule_code(c, f"prestatie {referentienummer}", self._model) for c in retourcodes
            )
        )
        self._afgewezen[referentienummer] = checked
        return self

    def toekennen(self, referentienummer: str) -> DeclaratieBeoordeling:
        """Grant the prestatie with this ReferentieNummer (undoes an earlier :meth:`afwijzen`)."""
        self._afgewezen.pop(referentienummer, None)
        return self

    @property
    def afwijzingen(self) -> Mapping[str, tuple[str, ...]]:
        """ReferentieNummer → retourcodes of every rejected prestatie."""
        return dict(self._afgewezen)


@dataclass(frozen=True, slots=True)
class DeclaratieAnswer:
    """What the written declaratie-antwoord decided."""

    afgewezen: tuple[str, ...]
    toegekend: int | None
    declaratie_afgekeurd: bool


def signed_amount(el: etree._Element, amount: str) -> int:
    """The amount in ``el`` (child ``amount`` plus DebetCredit) with credit negative."""
    value = int(child_text(el, amount) or "0")
    return -value if child_text(el, "DebetCredit") == "C" else value


def _write_total(doc: RetourDocument, parent: etree._Element, name: str, signed: int) -> None:
    total = doc.add(parent, name)
    doc.add_basis(total, "TotaalBedrag", str(abs(signed)))
    doc.add_basis(total, "DebetCredit", "C" if signed < 0 else "D")


def _write_header(
    doc: RetourDocument, heen_header: etree._Element, ids: Identification, codes: list[str]
) -> None:
    header = doc.add(doc.root, "Header")
    doc.add(header, "BerichtCode", doc.model.messages[doc.retourbericht].code)
    doc.add(header, "BerichtVersie", child_text(heen_header, "BerichtVersie"))
    doc.add(header, "BerichtSubversie", child_text(heen_header, "BerichtSubversie"))
    doc.add(header, "Afzender", child_text(heen_header, "Ontvanger"))
    doc.add(header, "Ontvanger", child_text(heen_header, "Afzender"))
    identificatie = doc.add(header, "BerichtIdentificatie")
    doc.add_basis(identificatie, "Identificatie", ids.identificatie)
    doc.add_basis(identificatie, "Dagtekening", ids.dagtekening)
    doc.add_xsd_versie(header, "XsdVersie")
    heen_identificatie = child(heen_header, "BerichtIdentificatie")
    heen_versie = child(heen_header, "XsdVersie")
    assert heen_identificatie is not None and heen_versie is not None
    doc.copy(heen_identificatie, header, rename="DeclaratieIdentificatie")
    if ids.xslt_versie is not None:
        doc.add(header, "XsltVersie", ids.xslt_versie)
    doc.copy(heen_versie, header, rename="XsdVersieDeclaratie")
    doc.add_retourcodes(header, codes)


def _elements(parent: etree._Element | None, container: str, name: str) -> list[etree._Element]:
    holder = child(parent, container) if parent is not None else None
    if holder is None:
        return []
    return [el for el in holder if isinstance(el.tag, str) and etree.QName(el).localname == name]


def _decision_codes(
    prestaties: list[etree._Element], beoordeling: DeclaratieBeoordeling | None
) -> dict[etree._Element, tuple[str, ...]]:
    if beoordeling is None:
        return {}
    by_ref: dict[str, list[etree._Element]] = {}
    for prestatie in prestaties:
        ref = child_text(prestatie, "ProductReferentie", "ReferentieNummer") or ""
        by_ref.setdefault(ref, []).append(prestatie)
    decided: dict[etree._Element, tuple[str, ...]] = {}
    for ref, codes in beoordeling.afwijzingen.items():
        matches = by_ref.get(ref, [])
        if not matches:
            raise ValueError(f"the declaratie has no prestatie with ReferentieNummer {ref}")
        if len(matches) > 1:
            raise ValueError(f"ReferentieNummer {ref} occurs {len(matches)} times in the declaratie")
        prestatie = matches[0]
        bedrag = child(prestatie, "IngediendBedrag")
        if bedrag is not None and child_text(bedrag, "DebetCredit") == "C":
            raise ValueError(
                f"prestatie {ref} is a credit prestatie: the gemeente cannot reject it on content (IV085)"
            )
        decided[prestatie] = codes
    return decided


def write_declaratie_antwoord(
    doc: RetourDocument,
    root: etree._Element,
    level: ControlLevel,
    codes: ClassCodes,
    unassessed: set[etree._Element],
    ids: Identification,
    beoordeling: DeclaratieBeoordeling | None,
) -> DeclaratieAnswer:
    """Write the JW325 for the JW323 ``root`` into ``doc`` (see the module documentation)."""
    heen_header = child(root, "Header")
    declaratie = child(root, "Declaratie")
    assert heen_header is not None and declaratie is not None
    clients = _elements(declaratie, "Clienten", "Client")
    prestaties = [p for c in clients for p in _elements(c, "Prestaties", "Prestatie")]
    all_refs = tuple(child_text(p, "ProductReferentie", "ReferentieNummer") or "" for p in prestaties)
    if level is ControlLevel.IN_MESSAGE:
        _write_header(doc, heen_header, ids, [TECHNISCH_AFGEKEURD])
        return DeclaratieAnswer(all_refs, None, True)
    if heen_header in codes:
        _write_header(doc, heen_header, ids, codes[heen_header])
        return DeclaratieAnswer(all_refs, None, True)
    decided = _decision_codes(prestaties, beoordeling)
    _write_header(doc, heen_header, ids, [GEEN_OPMERKING])
    answer = doc.add(doc.root, "DeclaratieAntwoord")
    for name in ("DeclaratieNummer", "TotaalIngediendBedrag"):
        el = child(declaratie, name)
        assert el is not None
        doc.copy(el, answer)
    ingediend_el = child(declaratie, "TotaalIngediendBedrag")
    assert ingediend_el is not None
    ingediend = signed_amount(ingediend_el, "TotaalBedrag")
    if declaratie in codes:
        _write_total(doc, answer, "TotaalToegekendBedrag", 0)
        doc.add_retourcodes(answer, codes[declaratie])
        return DeclaratieAnswer(all_refs, 0, True)

    returned = _returned_clients(clients, codes, decided, unassessed)
    afgewezen = [
        child_text(prestatie, "ProductReferentie", "ReferentieNummer") or ""
        for _, _, rejected in returned
        for prestatie, _ in rejected
    ]
    rejected_sum = 0
    for _, _, rejected in returned:
        for prestatie, _ in rejected:
            bedrag = child(prestatie, "IngediendBedrag")
            assert bedrag is not None
            rejected_sum += signed_amount(bedrag, "Bedrag")
    toegekend = ingediend - rejected_sum
    _write_total(doc, answer, "TotaalToegekendBedrag", toegekend)
    if returned:
        _write_clients(doc, answer, returned)
    doc.add_retourcodes(answer, [GEEN_OPMERKING] if afgewezen else [VOLLEDIG_TOEGEWEZEN])
    return DeclaratieAnswer(tuple(afgewezen), toegekend, False)


#: A Client returned in the JW325: the Client, its retourcodes and its rejected Prestaties with theirs.
Returned = tuple[etree._Element, list[str], list[tuple[etree._Element, list[str]]]]


def _returned_clients(
    clients: list[etree._Element],
    codes: ClassCodes,
    decided: dict[etree._Element, tuple[str, ...]],
    unassessed: set[etree._Element],
) -> list[Returned]:
    """The Clients the JW325 returns (a rejected Prestatie or a Client that failed), in message order."""
    returned: list[Returned] = []
    for client in clients:
        client_failed = client in codes
        rejected: list[tuple[etree._Element, list[str]]] = []
        for prestatie in _elements(client, "Prestaties", "Prestatie"):
            own = list(dict.fromkeys([*codes.get(prestatie, []), *decided.get(prestatie, ())]))
            if not own and (client_failed or under(prestatie, unassessed)):
                own = [NIET_BEOORDEELD]
            if own:
                rejected.append((prestatie, own))
        if client_failed:
            client_codes = codes[client]
        elif under(client, unassessed):
            client_codes = [NIET_BEOORDEELD]
        else:
            client_codes = [GEEN_OPMERKING]
        if rejected or client_failed:
            returned.append((client, client_codes, rejected))
    return returned


def _write_clients(doc: RetourDocument, answer: etree._Element, returned: list[Returned]) -> None:
    """The Clienten of the JW325: per returned Client its Bsn and rejected Prestaties with their codes."""
    clienten = doc.add(answer, "Clienten")
    for client, client_codes, rejected in returned:
        out = doc.add(clienten, "Client")
        bsn = child(client, "Bsn")
        assert bsn is not None
        doc.copy(bsn, out)
        out_prestaties = doc.add(out, "Prestaties")
        for prestatie, prestatie_codes in rejected:

            def codes_for(
                el: etree._Element, p: etree._Element = prestatie, c: list[str] = prestatie_codes
            ) -> list[str] | None:
                return c if el is p else None

            doc.copy(prestatie, out_prestaties, codes_for)
        doc.add_retourcodes(out, client_codes)

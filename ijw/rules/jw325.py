"""In-message rules of the declaratie-antwoord (JW325).

The answer returns only the Prestaties the gemeente rejected (TR342): each carries a retourcode other
than 0200 and 8001, and their signed sum explains the difference between TotaalIngediendBedrag and
TotaalToegekendBedrag. When the DeclaratieAntwoord itself is rejected, no Prestatie was assessed and
TotaalToegekendBedrag is 0. Further: CD060 (credit Prestaties name their debet), TR101 (Bsn and
ReferentieNummer unique), TR134 (the answered declaration is not dated after the answer) and TR137 (a
ProductPeriode ends on or after it begins and not after the Dagtekening).

>>> rejected(["0200"]), rejected(["8001"]), rejected(["0200", "9321"]), rejected(["0233"])
(False, False, True, True)
>>> totals_explained(prestaties=-24000, ingediend=-58000, toegekend=-34000)
True
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from ijw.rules._core import B, Report, dagtekening, fields, ns
from ijw.rules.common import check_not_after, check_unique
from ijw.rules.jw323 import check_period_end, report_vorig
from ijw.rules.values import date_key, signed

NS = ns("JW325")
_NOT_A_REJECTION = frozenset({"0200", "8001"})


def rejected(retourcodes: Iterable[str]) -> bool:
    """Whether a berichtklasse with these retourcodes is rejected (anything but 0200 and 8001)."""
    return any(code not in _NOT_A_REJECTION for code in retourcodes)


def totals_explained(prestaties: int, ingediend: int, toegekend: int) -> bool:
    """TR342: the returned (rejected) Prestaties add up to ingediend minus toegekend (signed cents)."""
    return prestaties == ingediend - toegekend


def _signed_total(el: etree._Element | None) -> int:
    if el is None:
        return 0
    return signed(el.findtext(B + "TotaalBedrag") or "0", el.findtext(B + "DebetCredit") or "D")


def _codes(el: etree._Element) -> list[str]:
    return [code.text or "" for code in el.iterfind(f"{NS}RetourCodes/{NS}RetourCode")]


def check(report: Report, root: etree._Element) -> None:
    """All JW325 class rules."""
    dag = dagtekening(root, NS)
    check_not_after(
        report, root.find(f"{NS}Header/{NS}DeclaratieIdentificatie/{B}Dagtekening"), dag, "Dagtekening of the declaration"
    )
    antwoord = root.find(NS + "DeclaratieAntwoord")
    if antwoord is None:
        return
    toegekend_el = antwoord.find(NS + "TotaalToegekendBedrag")
    ingediend = _signed_total(antwoord.find(NS + "TotaalIngediendBedrag"))
    toegekend = _signed_total(toegekend_el)
    clients: list[tuple[object, etree._Element]] = []
    referenties: list[tuple[object, etree._Element]] = []
    total = 0
    for client in antwoord.iter(NS + "Client"):
        clients.append((client.findtext(NS + "Bsn"), client))
        for prestatie in client.iter(NS + "Prestatie"):
            f = fields(prestatie)
            referenties.append((f["ReferentieNummer"], prestatie))
            debet_credit = f["DebetCredit"] or ""
            total += signed(f["Bedrag"] or "0", debet_credit)
            report_vorig(report, prestatie, debet_credit, "VorigReferentieNummer" in f)
            begin = f["Begindatum"] or ""
            end = f["Einddatum"] or ""
            if date_key(end) < date_key(begin) or date_key(end) > date_key(dag):
                check_period_end(report, prestatie.find(NS + "ProductPeriode"), begin, end, dag)  # type: ignore[arg-type]
            if not rejected(_codes(prestatie)):
                report.add("TR342", "only rejected Prestaties are returned in a declaratie-antwoord", prestatie,
                           "/RetourCodes")
    check_unique(report, clients, "Client (Bsn)")
    check_unique(report, referenties, "Prestatie (ReferentieNummer)")
    if toegekend_el is None:
        return
    if rejected(_codes(antwoord)):
        if toegekend != 0:
            report.add("TR342", "a rejected DeclaratieAntwoord has TotaalToegekendBedrag 0", toegekend_el)
    elif not totals_explained(total, ingediend, toegekend):
        report.add(
            "TR342",
            f"the returned Prestaties add up to {total}, not to ingediend minus toegekend ({ingediend - toegekend})",
            toegekend_el,
        )

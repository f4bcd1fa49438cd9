"""In-message rules of the declaratie-antwoord (JW325).

The answer returns only the Prestaties the gemeente rejected (TR342): their signed sum explains the
difference between TotaalIngediendBedrag and TotaalToegekendBedrag. When the DeclaratieAntwoord itself is
rejected (a retourcode other than 0200 and 8001), no Prestatie was assessed and TotaalToegekendBedrag is
0. As in the official XSLT, TR342 compares these totals only; the retourcodes of a returned Prestatie are
not checked. Further: CD060 (credit Prestaties name their debet), TR101 (Bsn unique; ReferentieNummer with
VorigReferentieNummer unique among the Prestaties of a Client), TR134 (a ProductPeriode does not begin
after the Dagtekening) and TR137 (a ProductPeriode ends on or after it begins and not after the
Dagtekening).

>>> rejected(["0200"]), rejected(["8001"]), rejected(["0200", "9321"]), rejected(["0233"])
(False, False, True, True)
>>> totals_explained(prestaties=-24000, ingediend=-58000, toegekend=-34000)
True
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from ijw.rules._core import B, Report, child, dagtekening, kids, ns, texts
from ijw.rules.common import check_unique, not_after
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
    amount = texts(el)
    return signed(amount.get(B + "TotaalBedrag") or "0", amount.get(B + "DebetCredit") or "D")


def _codes(el: etree._Element | None) -> list[str]:
    if el is None:
        return []
    return [code.text or "" for code in el.iterchildren(NS + "RetourCode")]


def check(report: Report, root: etree._Element) -> None:
    """All JW325 class rules."""
    dag = dagtekening(root, NS)
    antwoord = child(root, 1, NS + "DeclaratieAntwoord")
    if antwoord is None:
        return
    parts = kids(antwoord)
    toegekend_el = parts.get(NS + "TotaalToegekendBedrag")
    ingediend = _signed_total(parts.get(NS + "TotaalIngediendBedrag"))
    toegekend = _signed_total(toegekend_el)
    clients: list[tuple[object, etree._Element]] = []
    total = 0
    for client in antwoord.iter(NS + "Client"):
        clients.append((texts(client).get(NS + "Bsn"), client))
        referenties: list[tuple[object, etree._Element]] = []
        for prestatie in client.iter(NS + "Prestatie"):
            p = kids(prestatie)
            referentie = texts(p[NS + "ProductReferentie"])
            bedrag = texts(p[NS + "IngediendBedrag"])
            periode = p[NS + "ProductPeriode"]
            dates = texts(periode)
            key = (referentie.get(B + "ReferentieNummer"), referentie.get(B + "VorigReferentieNummer"))
            referenties.append((key, prestatie))
            debet_credit = bedrag.get(B + "DebetCredit") or ""
            total += signed(bedrag.get(B + "Bedrag") or "0", debet_credit)
            report_vorig(report, prestatie, debet_credit, B + "VorigReferentieNummer" in referentie)
            begin = dates.get(B + "Begindatum") or ""
            end = dates.get(B + "Einddatum") or ""
            if date_key(end) < date_key(begin) or not not_after(end, dag):
                check_period_end(report, periode, begin, end, dag)
            if not not_after(begin, dag):
                report.add(
                    "TR134",
                    f"ProductPeriode begins after the Dagtekening {dag.strip()}",
                    periode,
                    "/Begindatum",
                )
        check_unique(report, referenties, "Prestatie (ReferentieNummer, VorigReferentieNummer)")
    check_unique(report, clients, "Client (Bsn)")
    if toegekend_el is None:
        return
    if rejected(_codes(parts.get(NS + "RetourCodes"))):
        if toegekend != 0:
            report.add("TR342", "a rejected DeclaratieAntwoord has TotaalToegekendBedrag 0", toegekend_el)
    elif not totals_explained(total, ingediend, toegekend):
        report.add(
            "TR342",
            f"the returned Prestaties add up to {total}, "
            f"not to ingediend minus toegekend ({ingediend - toegekend})",
            toegekend_el,
        )

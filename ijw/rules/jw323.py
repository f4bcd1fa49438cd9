"""In-message rules of the declaratie (JW323): periods, totals and the references between prestaties.

A declaration covers one whole calendar month (CS340) from 2021 on (CS100), is dated no later than the
message (TR134), and its TotaalIngediendBedrag is the signed sum of its Prestaties (TR358). Every
Prestatie covers part of one month (CS337), on or after 2021 (CS100), ending no later than the
Dagtekening (TR137) and not more than five years before the DeclaratieDagtekening (TR335); it states a
ProductTarief unless it is declared in euro's (CD087), in which case the amount equals the volume (CS339).
A credit Prestatie names the debet it corrects in VorigReferentieNummer (CD060); within one message that
reference is unique (TR315) and never points at a Prestatie of the same message (TR316), and one
toewijzing, product and period is declared debet at most once (TR416). Clients and Prestaties are unique
by Bsn and ReferentieNummer (TR101; the ReferentieNummer over the whole message, as it is unique per
aanbieder anyway).

The module makes a single pass over the Prestaties, which dominate large declarations.

>>> whole_month("2026-02-01", "2026-02-28"), whole_month("2026-02-01", "2026-02-27")
(True, False)
>>> within_one_month("2026-04-03", "2026-04-20"), within_one_month("2026-04-03", "2026-05-01")
(True, False)
>>> tarief_presence_fits("83", has_tarief=False), tarief_presence_fits("04", has_tarief=False)
(True, False)
"""

from __future__ import annotations

from lxml import etree

from ijw.rules._core import B, Report, dagtekening, fields, ns
from ijw.rules.common import check_unique, duplicates, not_after
from ijw.rules.values import date_key, day, integer, last_day_of_month, shift_years, signed, year_month

NS = ns("JW323")
EUROS = "83"
FIRST_DAY = "2021-01-01"
MAX_AGE_YEARS = 5


def vorig_fits(debet_credit: str, has_vorig: bool) -> bool:
    """CD060: a VorigReferentieNummer is given exactly for a credit Prestatie.

    >>> vorig_fits("C", True), vorig_fits("C", False), vorig_fits("D", True)
    (True, False, False)
    """
    return has_vorig == (debet_credit == "C")


def report_vorig(report: Report, prestatie: etree._Element, debet_credit: str, has_vorig: bool) -> None:
    """CD060 finding for a Prestatie, located at the missing or superfluous reference."""
    if vorig_fits(debet_credit, has_vorig):
        return
    if has_vorig:
        report.add("CD060", "a debet Prestatie takes no VorigReferentieNummer", prestatie,
                   "/ProductReferentie/VorigReferentieNummer")
    else:
        report.add("CD060", "a credit Prestatie needs a VorigReferentieNummer", prestatie, "/ProductReferentie")


def whole_month(begin: str, end: str) -> bool:
    """CS340: the period runs from the first to the last day of one calendar month."""
    year, month = year_month(begin)
    return day(begin) == 1 and year_month(end) == (year, month) and day(end) == last_day_of_month(year, month)


def within_one_month(begin: str, end: str) -> bool:
    """CS337: the period ends in the calendar month and year it begins."""
    return year_month(begin) == year_month(end)


def from_2021(begin: str) -> bool:
    """CS100: the period begins on or after 1 January 2021.

    >>> from_2021("2020-12-31"), from_2021("2021-01-01")
    (False, True)
    """
    return date_key(begin) >= date_key(FIRST_DAY)


def tarief_presence_fits(eenheid: str, has_tarief: bool) -> bool:
    """CD087: a ProductTarief is given exactly when the Eenheid is not 83 (euro's)."""
    return has_tarief != (eenheid == EUROS)


def euro_amount_fits(eenheid: str, volume: str, bedrag: str) -> bool:
    """CS339: in euro's the IngediendBedrag equals the GeleverdVolume (both in cents).

    >>> euro_amount_fits("83", "15000", "15000"), euro_amount_fits("83", "15000", "150"), euro_amount_fits("04", "4", "5000")
    (True, False, True)
    """
    return eenheid != EUROS or int(volume) == int(bedrag)


def not_too_old(einddatum: str, declaratie_dagtekening: str) -> bool:
    """TR335: the ProductPeriode ends at most five years before the DeclaratieDagtekening.

    >>> not_too_old("2021-05-06", "2026-05-06"), not_too_old("2021-05-05", "2026-05-06")
    (True, False)
    """
    return date_key(einddatum) >= shift_years(declaratie_dagtekening, -MAX_AGE_YEARS)


def check_period_end(report: Report, el: etree._Element, begin: str, end: str, dag: str) -> None:
    """TR137 on the Einddatum of a period: not before its begin, not after the Dagtekening."""
    if date_key(end) < date_key(begin):
        report.add("TR137", "the period ends before it begins", el, "/Einddatum")
    elif not not_after(end, dag):
        report.add("TR137", f"the period ends after the Dagtekening {dag.strip()}", el, "/Einddatum")


def check(report: Report, root: etree._Element) -> None:
    """All JW323 class rules."""
    dag = dagtekening(root, NS)
    declaratie = root.find(NS + "Declaratie")
    if declaratie is None:
        return
    periode = declaratie.find(NS + "DeclaratiePeriode")
    if periode is not None:
        begin = periode.findtext(B + "Begindatum") or ""
        end = periode.findtext(B + "Einddatum") or ""
        if not from_2021(begin):
            report.add("CS100", "DeclaratiePeriode begins before 2021-01-01", periode, "/Begindatum")
        if not whole_month(begin, end):
            report.add("CS340", "DeclaratiePeriode is not exactly one calendar month", periode)
        check_period_end(report, periode, begin, end, dag)
    declaratie_dag_el = declaratie.find(NS + "DeclaratieDagtekening")
    declaratie_dag = dag if declaratie_dag_el is None else declaratie_dag_el.text or dag
    if declaratie_dag_el is not None and not not_after(declaratie_dag, dag):
        report.add("TR134", "DeclaratieDagtekening is after the Dagtekening", declaratie_dag_el)

    total = 0
    clients: list[tuple[object, etree._Element]] = []
    referenties: list[tuple[object, etree._Element]] = []
    vorige: list[tuple[object, etree._Element]] = []
    debets: list[tuple[object, etree._Element]] = []
    own_refs: set[str] = set()
    credits: list[tuple[str, etree._Element]] = []
    too_old = shift_years(declaratie_dag, -MAX_AGE_YEARS)
    first_day = date_key(FIRST_DAY)
    dag_key = date_key(dag)
    for client in declaratie.iter(NS + "Client"):
        clients.append((client.findtext(NS + "Bsn"), client))
        for prestatie in client.iter(NS + "Prestatie"):
            f = fields(prestatie)
            referentie = f["ReferentieNummer"] or ""
            referenties.append((referentie, prestatie))
            own_refs.add(referentie)
            debet_credit = f["DebetCredit"] or ""
            bedrag = f["Bedrag"] or "0"
            total += signed(bedrag, debet_credit)
            vorig = f.get("VorigReferentieNummer")
            begin = f["Begindatum"] or ""
            end = f["Einddatum"] or ""
            report_vorig(report, prestatie, debet_credit, vorig is not None)
            if vorig is not None:
                vorige.append((vorig, prestatie))
                if debet_credit == "C":
                    credits.append((vorig, prestatie))
            if debet_credit != "C":
                debets.append(
                    ((integer(f["ToewijzingNummer"] or ""), f["ProductCategorie"], f["ProductCode"], date_key(begin),
                      date_key(end)), prestatie)
                )
            begin_key = date_key(begin)
            end_key = date_key(end)
            if begin_key < first_day:
                report.add("CS100", "ProductPeriode begins before 2021-01-01", prestatie, "/ProductPeriode/Begindatum")
            if not within_one_month(begin, end):
                report.add("CS337", "ProductPeriode does not end in the month it begins", prestatie,
                           "/ProductPeriode/Einddatum")
            if end_key < begin_key or end_key > dag_key:
                check_period_end(report, prestatie.find(NS + "ProductPeriode"), begin, end, dag)  # type: ignore[arg-type]
            if end_key < too_old:
                report.add("TR335", "ProductPeriode ends more than five years before the DeclaratieDagtekening",
                           prestatie, "/ProductPeriode/Einddatum")
            eenheid = f["Eenheid"] or ""
            if not tarief_presence_fits(eenheid, "ProductTarief" in f):
                wrong = "takes no ProductTarief" if eenheid == EUROS else "needs a ProductTarief"
                report.add("CD087", f"a Prestatie in Eenheid {eenheid} {wrong}", prestatie,
                           "/ProductTarief" if eenheid == EUROS else "")
            if not euro_amount_fits(eenheid, f["GeleverdVolume"] or "0", bedrag):
                report.add("CS339", "in euro's the IngediendBedrag must equal the GeleverdVolume", prestatie,
                           "/IngediendBedrag/Bedrag")

    check_unique(report, clients, "Client (Bsn)")
    check_unique(report, referenties, "Prestatie (ReferentieNummer)")
    for prestatie in duplicates(vorige):
        report.add("TR315", "VorigReferentieNummer occurs in more than one Prestatie", prestatie,
                   "/ProductReferentie/VorigReferentieNummer")
    for vorig, prestatie in credits:
        if vorig in own_refs:
            report.add("TR316", "a Prestatie of this message is credited in the same message", prestatie,
                       "/ProductReferentie/VorigReferentieNummer")
    for prestatie in duplicates(debets):
        report.add("TR416", "a debet Prestatie for this toewijzing, product and ProductPeriode is already in the "
                   "message", prestatie)

    totaal = declaratie.find(NS + "TotaalIngediendBedrag")
    if totaal is not None:
        declared = signed(totaal.findtext(B + "TotaalBedrag") or "0", totaal.findtext(B + "DebetCredit") or "")
        if declared != total:
            report.add("TR358", f"TotaalIngediendBedrag {declared} differs from the sum of the Prestaties {total}",
                       totaal)

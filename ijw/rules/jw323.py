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

Prestaties dominate large declarations, so they are read column-wise (one C-level ``iter`` per element
name) and each rule is first checked on whole columns with C-level aggregates (``min``, ``set``, ``sum``);
only when that cannot prove the rule holds are the rows tested one by one with the rule's own function,
to find and locate the failing Prestaties.

>>> whole_month("2026-02-01", "2026-02-28"), whole_month("2026-02-01", "2026-02-27")
(True, False)
>>> within_one_month("2026-04-03", "2026-04-20"), within_one_month("2026-04-03", "2026-05-01")
(True, False)
>>> tarief_presence_fits("83", has_tarief=False), tarief_presence_fits("04", has_tarief=False)
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter, lt, ne

from lxml import etree

from ijw.rules._core import B, Report, child, dagtekening, kids, ns, texts
from ijw.rules.common import check_unique, duplicates, not_after
from ijw.rules.datatypes import bsn_valid, zero_is_debet
from ijw.rules.values import (
    date_key,
    day,
    integer,
    last_day_of_month,
    plain_dates,
    shift_years,
    signed,
    year_month,
)

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
        report.add(
            "CD060",
            "a debet Prestatie takes no VorigReferentieNummer",
            prestatie,
            "/ProductReferentie/VorigReferentieNummer",
        )
    else:
        report.add(
            "CD060", "a credit Prestatie needs a VorigReferentieNummer", prestatie, "/ProductReferentie"
        )


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

    >>> euro_amount_fits("83", "15000", "15000"), euro_amount_fits("83", "15000", "150")
    (True, False)
    >>> euro_amount_fits("04", "4", "5000")
    True
    """
    return eenheid != EUROS or int(volume) == int(bedrag)


def not_too_old(einddatum: str, declaratie_dagtekening: str) -> bool:
    """TR335: the ProductPeriode ends at most five years before the DeclaratieDagtekening.

    >>> not_too_old("2021-05-06", "2026-05-06"), not_too_old("2021-05-05", "2026-05-06")
    (True, False)
    """
    return date_key(einddatum) >= date_key(shift_years(declaratie_dagtekening, -MAX_AGE_YEARS))


def check_period_end(report: Report, el: etree._Element, begin: str, end: str, dag: str) -> None:
    """TR137 on the Einddatum of a period: not before its begin, not after the Dagtekening."""
    if date_key(end) < date_key(begin):
        report.add("TR137", "the period ends before it begins", el, "/Einddatum")
    elif not not_after(end, dag):
        report.add("TR137", f"the period ends after the Dagtekening {dag.strip()}", el, "/Einddatum")


def _column(parent: etree._Element, tag: str) -> list[str]:
    return [e.text or "" for e in parent.iter(tag)]


def _optional(parent: etree._Element, row_tag: str, tag: str) -> list[str | None]:
    """Per row (element ``row_tag``) the text of its optional descendant ``tag``, or None."""
    values: list[str | None] = []
    for e in parent.iter(row_tag, tag):
        if e.tag == row_tag:
            values.append(None)
        else:
            values[-1] = e.text
    return values


def _credit_fits(vorige: list[etree._Element], credits: int) -> bool:
    """CD060 for a whole declaration from its (few) VorigReferentieNummer elements: there are as many as
    there are credit Prestaties, and the Prestatie of each is a credit."""
    if len(vorige) != credits:
        return False
    for vorig in vorige:
        prestatie = vorig.getparent().getparent()  # type: ignore[union-attr]
        if prestatie.findtext(f"{NS}IngediendBedrag/{B}DebetCredit") != "C":  # type: ignore[union-attr]
            return False
    return True


def _tariff_pairs(clienten: etree._Element) -> bool:
    """One ordered pass: whether CD087 holds (a ProductTarief follows the Eenheid exactly when the Eenheid
    is not 83, euro's)."""
    eenheid_tag = NS + "Eenheid"
    fits = True
    expect_tarief: bool | None = None
    for e in clienten.iter(eenheid_tag, NS + "ProductTarief"):
        if e.tag == eenheid_tag:
            fits = fits and expect_tarief is not True
            expect_tarief = e.text != EUROS
        else:
            fits = fits and expect_tarief is True
            expect_tarief = None
    return fits and expect_tarief is not True


class _Rows:
    """The Prestaties of a declaration as columns, plus lazy access to the rest and to their elements."""

    def __init__(self, clienten: etree._Element) -> None:
        self.clienten = clienten
        self.refs = _column(clienten, B + "ReferentieNummer")
        self.nummers = _column(clienten, NS + "ToewijzingNummer")
        self.begins = _column(clienten, B + "Begindatum")
        self.ends = _column(clienten, B + "Einddatum")
        self.eenheden = _column(clienten, NS + "Eenheid")
        self.bedragen = _column(clienten, B + "Bedrag")
        self.dcs = _column(clienten, B + "DebetCredit")
        self.n = len(self.refs)
        self._elements: list[etree._Element] | None = None

    def column(self, tag: str) -> list[str]:
        """A column that only some rules need, read when they do."""
        return _column(self.clienten, tag)

    def element(self, row: int) -> etree._Element:
        if self._elements is None:
            self._elements = list(self.clienten.iter(NS + "Prestatie"))
        return self._elements[row]

    def optional(self, tag: str) -> list[str | None]:
        return _optional(self.clienten, NS + "Prestatie", tag)


def _plain(value: str) -> str:
    return value.strip()


def check_prestaties(report: Report, rows: _Rows, dag: str, declaratie_dag: str) -> int:
    """All Prestatie rules; returns the signed sum of the IngediendBedrag (for TR358)."""
    n = rows.n
    begins, ends, dcs, bedragen, eenheden = rows.begins, rows.ends, rows.dcs, rows.bedragen, rows.eenheden
    key: Callable[[str], str]
    if plain_dates(begins, ends, [dag.strip(), declaratie_dag.strip()]):
        key, bk, ek, month = _plain, begins, ends, slice(0, 7)
    else:
        key, bk, ek, month = date_key, list(map(date_key, begins)), list(map(date_key, ends)), slice(0, 9)

    def add(code: str, message: str, row: int, below: str = "") -> None:
        report.add(code, message, rows.element(row), below)

    if n and min(bk) < key(FIRST_DAY):
        for i in range(n):
            if not from_2021(begins[i]):
                add("CS100", "ProductPeriode begins before 2021-01-01", i, "/ProductPeriode/Begindatum")
    by_month = itemgetter(month)
    if any(map(ne, map(by_month, bk), map(by_month, ek))):
        for i in range(n):
            if not within_one_month(begins[i], ends[i]):
                add(
                    "CS337",
                    "ProductPeriode does not end in the month it begins",
                    i,
                    "/ProductPeriode/Einddatum",
                )
    if n and (any(map(lt, ek, bk)) or max(ek) > key(dag)):
        for i in range(n):
            if date_key(ends[i]) < date_key(begins[i]) or not not_after(ends[i], dag):
                check_period_end(report, _periode(rows.element(i)), begins[i], ends[i], dag)
    if n and min(ek) < key(shift_years(declaratie_dag, -MAX_AGE_YEARS)):
        for i in range(n):
            if not not_too_old(ends[i], declaratie_dag):
                add(
                    "TR335",
                    "ProductPeriode ends more than five years before the DeclaratieDagtekening",
                    i,
                    "/ProductPeriode/Einddatum",
                )

    # amounts and debet/credit
    credit_rows = [i for i, dc in enumerate(dcs) if dc == "C"] if "C" in dcs else []
    has_credit = bool(credit_rows)
    total = sum(map(int, bedragen)) - 2 * sum(int(bedragen[i]) for i in credit_rows)
    for i in credit_rows:
        if not zero_is_debet(bedragen[i], dcs[i]):
            add("CS325", "an amount of 0 must be debet (D)", i, "/IngediendBedrag/DebetCredit")
    vorig_elements = list(rows.clienten.iter(B + "VorigReferentieNummer"))
    if has_credit or vorig_elements:
        vorig_values = [e.text or "" for e in vorig_elements]
        cd060_holds = _credit_fits(vorig_elements, len(credit_rows))
        tr315_holds = len(set(vorig_values)) == len(vorig_values)
        tr316_holds = set(vorig_values).isdisjoint(rows.refs)
        if cd060_holds and tr315_holds and tr316_holds:
            vorige: list[str | None] = []
        else:  # locate the offending prestaties
            vorige = rows.optional(B + "VorigReferentieNummer")
        if not cd060_holds:
            for i in range(n):
                report_vorig(report, rows.element(i), dcs[i], vorige[i] is not None)
        present = [(v, i) for i, v in enumerate(vorige) if v is not None]
        for i in duplicates(present):
            add(
                "TR315",
                "VorigReferentieNummer occurs in more than one Prestatie",
                i,
                "/ProductReferentie/VorigReferentieNummer",
            )
        own = set(rows.refs)
        for vorig, i in present:
            if vorig in own:
                add(
                    "TR316",
                    "a Prestatie of this message is credited in the same message",
                    i,
                    "/ProductReferentie/VorigReferentieNummer",
                )

    # TR416: one debet per toewijzing, product and period. Toewijzing and period alone are usually
    # unique already; only when they are not is the product read as well.
    debet = [i for i in range(n) if dcs[i] != "C"] if has_credit else range(n)
    nummers_int = list(map(int, rows.nummers))
    coarse = {(nummers_int[i], bk[i], ek[i]) for i in debet}
    if len(coarse) != len(debet):
        nummers, cats, codes = (
            rows.nummers,
            rows.column(NS + "ProductCategorie"),
            rows.column(NS + "ProductCode"),
        )
        keyed = [((integer(nummers[i]), cats[i], codes[i], bk[i], ek[i]), i) for i in debet]
        for i in duplicates(keyed):
            add(
                "TR416",
                "a debet Prestatie for this toewijzing, product and ProductPeriode is already in the message",
                i,
            )

    # TR101 on ReferentieNummer, over the whole message
    if len(set(rows.refs)) != n:
        for i in duplicates(zip(rows.refs, range(n), strict=True)):
            add("TR101", "Prestatie (ReferentieNummer) occurs more than once with the same logical key", i)

    # CD087 and CS339: ProductTarief and euro amounts
    euros = eenheden.count(EUROS)
    tarieven_count = sum(1 for _ in rows.clienten.iter(NS + "ProductTarief"))
    counts_settle = (euros == 0 and tarieven_count == n) or (euros == n and tarieven_count == 0)
    if not counts_settle and not _tariff_pairs(rows.clienten):
        tarieven = rows.optional(NS + "ProductTarief")
        for i in range(n):
            if not tarief_presence_fits(eenheden[i], tarieven[i] is not None):
                if eenheden[i] == EUROS:
                    add(
                        "CD087",
                        "a Prestatie in Eenheid 83 (euro's) takes no ProductTarief",
                        i,
                        "/ProductTarief",
                    )
                else:
                    add("CD087", f"a Prestatie in Eenheid {eenheden[i]} needs a ProductTarief", i)
    if euros:
        volumes = rows.column(NS + "GeleverdVolume")
        euro_rows = [i for i, e in enumerate(eenheden) if e == EUROS]
        fits = all(integer(volumes[i]) == integer(bedragen[i]) for i in euro_rows)
        for i in range(0 if fits else n):
            if not euro_amount_fits(eenheden[i], volumes[i], bedragen[i]):
                add(
                    "CS339",
                    "in euro's the IngediendBedrag must equal the GeleverdVolume",
                    i,
                    "/IngediendBedrag/Bedrag",
                )
    return total


def _periode(prestatie: etree._Element) -> etree._Element:
    periode = child(prestatie, 4, NS + "ProductPeriode")
    return prestatie if periode is None else periode


def check_clients(report: Report, clienten: etree._Element) -> None:
    """CS002 and TR101 on the Bsn of every Client."""
    bsns = _column(clienten, NS + "Bsn")
    if all(map(bsn_valid, bsns)) and len(set(bsns)) == len(bsns):
        return
    clients = list(clienten.iter(NS + "Client"))
    for bsn, client in zip(bsns, clients, strict=True):
        if not bsn_valid(bsn):
            report.add("CS002", "Bsn does not pass the eleven test", client, "/Bsn")
    check_unique(report, zip(bsns, clients, strict=True), "Client (Bsn)")


def check(report: Report, root: etree._Element) -> None:
    """All JW323 class rules."""
    dag = dagtekening(root, NS)
    declaratie = child(root, 1, NS + "Declaratie")
    if declaratie is None:
        return
    parts = kids(declaratie)
    periode = parts.get(NS + "DeclaratiePeriode")
    if periode is not None:
        dates = texts(periode)
        begin = dates.get(B + "Begindatum") or ""
        end = dates.get(B + "Einddatum") or ""
        if not from_2021(begin):
            report.add("CS100", "DeclaratiePeriode begins before 2021-01-01", periode, "/Begindatum")
        if not whole_month(begin, end):
            report.add("CS340", "DeclaratiePeriode is not exactly one calendar month", periode)
        check_period_end(report, periode, begin, end, dag)
    declaratie_dag_el = parts.get(NS + "DeclaratieDagtekening")
    declaratie_dag = dag if declaratie_dag_el is None else declaratie_dag_el.text or dag
    if declaratie_dag_el is not None and not not_after(declaratie_dag, dag):
        report.add("TR134", "DeclaratieDagtekening is after the Dagtekening", declaratie_dag_el)
    clienten = parts.get(NS + "Clienten")
    total = 0
    if clienten is not None:
        check_clients(report, clienten)
        total = check_prestaties(report, _Rows(clienten), dag, declaratie_dag)
    totaal = parts.get(NS + "TotaalIngediendBedrag")
    if totaal is not None:
        amount = texts(totaal)
        declared = signed(amount.get(B + "TotaalBedrag") or "0", amount.get(B + "DebetCredit") or "")
        if declared != total:
            report.add(
                "TR358",
                f"TotaalIngediendBedrag {declared} differs from the sum of the Prestaties {total}",
                totaal,
            )

"""In-message rules of the declaratie (JW323): periods, totals and the references between prestaties.

A declaration covers one whole calendar month (CS340) from 2021 on (CS100) that does not begin after the
Dagtekening (TR134), and its TotaalIngediendBedrag is the signed sum of its Prestaties (TR358). Every
Prestatie covers part of one month (CS337), on or after 2021 (CS100), begins no later than the Dagtekening
(TR134), ends no later than the Dagtekening (TR137) nor than the DeclaratiePeriode (TR319: within the
current or an earlier DeclaratiePeriode) and not more than five years before the DeclaratieDagtekening
(TR335); it states a ProductTarief unless it is declared in euro's (CD087), in which case the amount
equals the volume (CS339). A credit Prestatie names the debet it corrects in VorigReferentieNummer
(CD060); within one message that reference is unique (TR315) and never points at a Prestatie of the same
message (TR316). Among the Prestaties of one Client, a toewijzing, product and period is declared debet
at most once (TR416) and ReferentieNummer with VorigReferentieNummer is unique (TR101); Clients are
unique by Bsn (TR101). These are the readings of the official validation XSLT.

Prestaties dominate large declarations, so they are read as columns (:class:`Prestaties`, in a few C-level
passes that the product code checks share) and each rule is first checked on whole columns with C-level
aggregates (``min``, ``set``, ``sum``, pattern strings); only when that cannot prove the rule holds are the
rows tested one by one with the rule's own function, to find and locate the failing Prestaties.

>>> whole_month("2026-02-01", "2026-02-28"), whole_month("2026-02-01", "2026-02-27")
(True, False)
>>> within_one_month("2026-04-03", "2026-04-20"), within_one_month("2026-04-03", "2026-05-01")
(True, False)
>>> tarief_presence_fits("83", has_tarief=False), tarief_presence_fits("04", has_tarief=False)
(True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import compress, islice, repeat
from operator import attrgetter, itemgetter, lt, ne

from lxml import etree

from ijw.rules._core import B, Report, child, dagtekening, kids, ns, texts
from ijw.rules.common import check_unique, duplicates, not_after
from ijw.rules.datatypes import bsn_valid, zero_is_debet
from ijw.rules.values import (
    date_key,
    day,
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


@lru_cache(maxsize=4096)
def whole_month(begin: str, end: str) -> bool:
    """CS340: the period runs from the first to the last day of one calendar month (cached: most
    declarations cover the same few months)."""
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


_TEXT = attrgetter("text")

#: LDT_Eenheid and LDT_DebetCredit: the values the XSD allows (tests/rules check them against the model).
EENHEDEN = frozenset({"01", "04", "14", "16", "82", "83", "84"})
DEBET_CREDIT = frozenset({"C", "D"})

#: The elements every Prestatie has exactly once whose texts the rules and product checks read, in the
#: order of the XSD sequence: read in one pass, their texts line up in rows of this width.
_ROW_TAGS = (
    B + "ReferentieNummer",
    NS + "ToewijzingNummer",
    NS + "ProductCategorie",
    NS + "ProductCode",
    B + "Begindatum",
    B + "Einddatum",
    NS + "GeleverdVolume",
    B + "Bedrag",
)
_WIDTH = len(_ROW_TAGS)
#: The other elements read, in the order of the XSD sequence: per Prestatie an optional
#: VorigReferentieNummer, the Eenheid, an optional ProductTarief and the DebetCredit.
_TAIL_TAGS = (B + "VorigReferentieNummer", NS + "Eenheid", NS + "ProductTarief", B + "DebetCredit")

# The tail texts are classified by value: ``d`` a DebetCredit, ``e`` a value an Eenheid can have, ``x``
# anything else. When the classes of every Prestatie read ``x?ex?d`` they pin down each text (an x before
# the Eenheid is a VorigReferentieNummer, one after it a ProductTarief); otherwise the elements are read
# one by one.
_TAIL_CLASS = {value: "d" for value in DEBET_CREDIT} | {value: "e" for value in EENHEDEN}
_VORIG, _TARIEF, _ABSENT = "V", "T", "-"
#: per shape of a Prestatie's tail (its classes before the ``d``): whether it has a ProductTarief, and
#: whether it has a VorigReferentieNummer
_TARIEF_OF = {"e": _ABSENT, "ex": _TARIEF, "xe": _ABSENT, "xex": _TARIEF}
_VORIG_OF = {"e": _ABSENT, "ex": _ABSENT, "xe": _VORIG, "xex": _VORIG}
_TARIEF_EXPECTED = {EUROS: _ABSENT}  # any other Eenheid needs a ProductTarief (CD087)
_CREDIT_MARK = {"C": _VORIG}  # exactly a credit Prestatie names a VorigReferentieNummer (CD060)

_BSN_XPATH = etree.XPath("m:Client/m:Bsn/text()", namespaces={"m": NS[1:-1]}, smart_strings=False)
_XPATH_FROM = 32  # Clients
_CLIENTS_XPATH = etree.XPath("count(m:Client)", namespaces={"m": NS[1:-1]})


def _column(parent: etree._Element, tag: str) -> list[str]:
    return [e.text or "" for e in parent.iter(tag)]


def _texts(parent: etree._Element, *tags: str) -> list[str]:
    """The texts of the descendants ``tags`` of ``parent`` in document order ("" for an empty element)."""
    values: list[str] = list(map(_TEXT, parent.iter(*tags)))
    return values if all(values) else [v or "" for v in values]


def _optional(parent: etree._Element, row_tag: str, tag: str) -> list[str | None]:
    """Per row (element ``row_tag``) the text of its optional descendant ``tag``, or None."""
    values: list[str | None] = []
    for e in parent.iter(row_tag, tag):
        if e.tag == row_tag:
            values.append(None)
        else:
            values[-1] = e.text
    return values


def _presence(values: list[str | None], mark: str) -> str:
    return "".join(_ABSENT if v is None else mark for v in values)


def _selector(mark: str) -> bytes:
    """A ``bytes.translate`` table that turns class letters into compress selectors: 1 for ``mark``."""
    return bytes(int(code == ord(mark)) for code in range(256))


_SELECT_E, _SELECT_D, _SELECT_V = _selector("e"), _selector("d"), _selector("V")


def decode_tail(texts: list[str]) -> tuple[list[str], list[str], str, list[str], str] | None:
    """Split the texts of VorigReferentieNummer, Eenheid, ProductTarief and DebetCredit (document order)
    into the Eenheden, the DebetCredits, per Prestatie ``T`` or ``-`` for a ProductTarief, the
    VorigReferentieNummers and per Prestatie ``V`` or ``-`` for one; None when the texts do not pin that
    down (see ``_TAIL_CLASS``).

    >>> decode_tail(["04", "1500", "D", "R1", "83", "C", "83", "D"])
    (['04', '83', '83'], ['D', 'C', 'D'], 'T--', ['R1'], '-V-')
    >>> decode_tail(["04", "83", "D"]) is None  # Eenheid 04 with tarief 83, or Vorig 04 with Eenheid 83
    True
    """
    classes = "".join(map(_TAIL_CLASS.get, texts, repeat("x")))
    shapes = classes.split("d")
    if shapes.pop() or not _TARIEF_OF.keys() >= set(shapes):
        return None
    n = len(shapes)
    if "x" not in classes:  # no ProductTarief, no VorigReferentieNummer
        return texts[0::2], texts[1::2], _ABSENT * n, [], _ABSENT * n
    tarieven = "".join(map(_TARIEF_OF.__getitem__, shapes))
    encoded = classes.encode()
    eenheden = list(compress(texts, encoded.translate(_SELECT_E)))
    dcs = list(compress(texts, encoded.translate(_SELECT_D)))
    if "xe" not in classes:  # no VorigReferentieNummer
        return eenheden, dcs, tarieven, [], _ABSENT * n
    # an x before the Eenheid is a VorigReferentieNummer
    vorige = list(compress(texts, classes.replace("xe", "Ve").encode().translate(_SELECT_V)))
    return eenheden, dcs, tarieven, vorige, "".join(map(_VORIG_OF.__getitem__, shapes))


class Prestaties:
    """The Clients and Prestaties of a declaration as columns, plus lazy access to their elements.

    Reading elements from Python is what costs (an lxml proxy per element, and a walk over the whole tree
    per ``iter``), so all the values the rules and the product checks need are read in three C-level
    passes: the Bsn of every Client (XPath); the elements every Prestatie has once, whose texts line up in
    rows of the XSD sequence; and the Eenheid, DebetCredit and optional VorigReferentieNummer and
    ProductTarief, which :func:`decode_tail` splits. A declaration that cannot be read like that (it is not
    XSD-valid, or a value is ambiguous) is read column by column.
    """

    def __init__(self, clienten: etree._Element) -> None:
        self.clienten = clienten
        tail_texts = _texts(clienten, *_TAIL_TAGS)
        # XPath reaches the Bsns without walking all the Prestaties, but costs more to set up
        found = _BSN_XPATH(clienten) if len(clienten) > _XPATH_FROM else None
        if isinstance(found, list) and len(found) == _CLIENTS_XPATH(clienten):
            self.bsns: list[str] = found  # type: ignore[assignment]  # strings: smart_strings=False
        else:
            self.bsns = _texts(clienten, NS + "Bsn")
        tail = decode_tail(tail_texts)
        values = _texts(clienten, *_ROW_TAGS)  # last: its texts are still in the cache for the rules
        if tail is not None and len(values) == _WIDTH * len(tail[1]):
            columns = [values[i::_WIDTH] for i in range(_WIDTH)]
            self.eenheden, self.dcs, self.tarieven, self.vorige, self.vorig_rows = tail
        else:  # not XSD-valid, or a value that could be another element's: one column at a time
            columns = [_column(clienten, tag) for tag in _ROW_TAGS]
            self.eenheden = _column(clienten, NS + "Eenheid")
            self.dcs = _column(clienten, B + "DebetCredit")
            self.tarieven = _presence(self.optional(NS + "ProductTarief"), _TARIEF)
            vorige = self.optional(B + "VorigReferentieNummer")
            self.vorige = [v for v in vorige if v is not None]
            self.vorig_rows = _presence(vorige, _VORIG)
        (
            self.refs,
            self.nummers,
            self.cats,
            self.codes,
            self.begins,
            self.ends,
            self.volumes,
            self.bedragen,
        ) = columns
        self.n = len(self.refs)
        self._elements: list[etree._Element] = []
        self._more = self.clienten.iter(NS + "Prestatie")

    def element(self, row: int) -> etree._Element:
        """The Prestatie of ``row`` (only the Prestaties up to it are read)."""
        elements = self._elements
        if row >= len(elements):
            elements.extend(islice(self._more, row + 1 - len(elements)))
        return elements[row]

    def optional(self, tag: str) -> list[str | None]:
        return _optional(self.clienten, NS + "Prestatie", tag)

    def client_per_row(self) -> list[int]:
        """Per Prestatie the position of its Client: Prestaties are siblings exactly when they share it."""
        rows: list[int] = []
        for position, client in enumerate(self.clienten.iterchildren(NS + "Client")):
            rows.extend(repeat(position, sum(1 for _ in client.iter(NS + "Prestatie"))))
        return rows

    def vorig_per_row(self) -> list[str | None]:
        """Per Prestatie its VorigReferentieNummer, or None."""
        found = iter(self.vorige)
        return [next(found) if mark == _VORIG else None for mark in self.vorig_rows]


def clienten_of(root: etree._Element) -> etree._Element | None:
    """The Clienten of a JW323 (None when the message has none)."""
    declaratie = child(root, 1, NS + "Declaratie")
    return None if declaratie is None else child(declaratie, 4, NS + "Clienten")


def _plain(value: str) -> str:
    return value.strip()


#: Reports a finding on the Prestatie of a row: ``add(code, message, row, below)``.
_Add = Callable[..., None]


def check_prestaties(
    report: Report, rows: Prestaties, dag: str, declaratie_dag: str, period_end: str | None = None
) -> int:
    """All Prestatie rules; returns the signed sum of the IngediendBedrag (for TR358).

    ``period_end``: the Einddatum of the DeclaratiePeriode (TR319; None: not checked).

    Each rule is first decided on whole columns with C-level aggregates; only when that cannot prove the
    rule holds are the rows tested one by one with the rule's own function. The period rules look at the
    distinct periods only: a declaration of one month has few.
    """

    def add(code: str, message: str, row: int, below: str = "") -> None:
        report.add(code, message, rows.element(row), below)

    _check_periods(report, add, rows, dag, declaratie_dag, period_end)
    total, credit_rows = _check_amounts(add, rows)
    refs = set(rows.refs)
    if credit_rows or rows.vorige:
        _check_vorige(report, add, rows, refs)
    client_of = _check_tr416(add, rows, credit_rows)
    if len(refs) != rows.n:
        _check_tr101(add, rows, client_of)
    _check_tarieven(add, rows)
    return total


def _check_periods(
    report: Report, add: _Add, rows: Prestaties, dag: str, declaratie_dag: str, period_end: str | None
) -> None:
    """CS100, CS337, TR134, TR319, TR335 and the period end rules, on the distinct (Begindatum, Einddatum)
    pairs first."""
    n = rows.n
    begins, ends = rows.begins, rows.ends
    periods = set(zip(begins, ends, strict=True))
    period_begins = [b for b, _ in periods]
    period_ends = [e for _, e in periods]
    fixed = [dag.strip(), declaratie_dag.strip()] + ([] if period_end is None else [period_end.strip()])
    plain = plain_dates(period_begins, period_ends, fixed)
    key: Callable[[str], str]
    if plain:
        key, bk, ek, month = _plain, period_begins, period_ends, slice(0, 7)
    else:
        key, month = date_key, slice(0, 9)
        bk, ek = list(map(date_key, period_begins)), list(map(date_key, period_ends))
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
    if n and max(bk) > key(dag):
        for i in range(n):
            if not not_after(begins[i], dag):
                add(
                    "TR134",
                    f"ProductPeriode begins after the Dagtekening {dag.strip()}",
                    i,
                    "/ProductPeriode/Begindatum",
                )
    if n and period_end is not None and max(*bk, *ek) > key(period_end):
        for i in range(n):
            if not (not_after(begins[i], period_end) and not_after(ends[i], period_end)):
                add(
                    "TR319",
                    f"ProductPeriode lies after the DeclaratiePeriode (which ends {period_end.strip()})",
                    i,
                    "/ProductPeriode",
                )
    if n and min(ek) < key(shift_years(declaratie_dag, -MAX_AGE_YEARS)):
        for i in range(n):
            if not not_too_old(ends[i], declaratie_dag):
                add(
                    "TR335",
                    "ProductPeriode ends more than five years before the DeclaratieDagtekening",
                    i,
                    "/ProductPeriode/Einddatum",
                )


def _check_amounts(add: _Add, rows: Prestaties) -> tuple[int, list[int]]:
    """CS325; the signed sum of the IngediendBedrag and the rows of the credit prestaties."""
    dcs, bedragen = rows.dcs, rows.bedragen
    total = sum(map(int, bedragen))
    credit_rows: list[int] = []
    if "C" in dcs:
        credit_flags = list(map("C".__eq__, dcs))
        credit_rows = list(compress(range(rows.n), credit_flags))
        total -= 2 * sum(map(int, compress(bedragen, credit_flags)))
    for i in credit_rows:
        if not zero_is_debet(bedragen[i], dcs[i]):
            add("CS325", "an amount of 0 must be debet (D)", i, "/IngediendBedrag/DebetCredit")
    return total, credit_rows


def _check_vorige(report: Report, add: _Add, rows: Prestaties, refs: set[str]) -> None:
    """CD060 (VorigReferentieNummer with credit only), TR315 and TR316."""
    dcs = rows.dcs
    vorig_values = rows.vorige
    credit_marks = "".join(map(_CREDIT_MARK.get, dcs, repeat(_ABSENT)))
    cd060_holds = credit_marks == rows.vorig_rows
    tr315_holds = len(set(vorig_values)) == len(vorig_values)
    tr316_holds = refs.isdisjoint(vorig_values)
    if cd060_holds and tr315_holds and tr316_holds:
        return
    vorige = rows.vorig_per_row()  # locate the offending prestaties
    if not cd060_holds:
        for i in range(rows.n):
            report_vorig(report, rows.element(i), dcs[i], vorige[i] is not None)
    present = [(v, i) for i, v in enumerate(vorige) if v is not None]
    for i in duplicates(present):
        add(
            "TR315",
            "VorigReferentieNummer occurs in more than one Prestatie",
            i,
            "/ProductReferentie/VorigReferentieNummer",
        )
    for vorig, i in present:
        if vorig in refs:
            add(
                "TR316",
                "a Prestatie of this message is credited in the same message",
                i,
                "/ProductReferentie/VorigReferentieNummer",
            )


def _check_tr416(add: _Add, rows: Prestaties, credit_rows: list[int]) -> list[int]:
    """TR416: one debet per toewijzing, product and period among the Prestaties of a Client; the Client
    position per row when it had to be read (else empty).

    Toewijzing and period alone are usually unique in the whole message already; only when they are not are
    the product and the Client read as well. The official XSLT compares the texts of the ToewijzingNummers.
    """
    n, dcs, begins, ends = rows.n, rows.dcs, rows.begins, rows.ends
    coarse_keys: Iterable[tuple[str, str, str]] = zip(rows.nummers, begins, ends, strict=True)
    if credit_rows:
        coarse_keys = compress(coarse_keys, map("C".__ne__, dcs))
    if len(set(coarse_keys)) == n - len(credit_rows):
        return []
    client_of = rows.client_per_row()
    debet = [i for i in range(n) if dcs[i] != "C"]
    keyed = [
        ((client_of[i], rows.nummers[i], rows.cats[i], rows.codes[i], begins[i], ends[i]), i) for i in debet
    ]
    for i in duplicates(keyed):
        add(
            "TR416",
            "a debet Prestatie for this toewijzing, product and ProductPeriode is already in the Client",
            i,
        )
    return client_of


def _check_tr101(add: _Add, rows: Prestaties, client_of: list[int]) -> None:
    """TR101 on ReferentieNummer and VorigReferentieNummer among the Prestaties of a Client."""
    client_of = client_of or rows.client_per_row()
    keys = zip(client_of, rows.refs, rows.vorig_per_row(), strict=True)
    for i in duplicates(zip(keys, range(rows.n), strict=True)):
        add("TR101", "Prestatie (ReferentieNummer) occurs more than once with the same logical key", i)


def _check_tarieven(add: _Add, rows: Prestaties) -> None:
    """CD087 and CS339: ProductTarief and euro amounts."""
    n, eenheden, bedragen = rows.n, rows.eenheden, rows.bedragen
    if "".join(map(_TARIEF_EXPECTED.get, eenheden, repeat(_TARIEF))) != rows.tarieven:
        for i in range(n):
            if not tarief_presence_fits(eenheden[i], rows.tarieven[i] == _TARIEF):
                if eenheden[i] == EUROS:
                    add(
                        "CD087",
                        "a Prestatie in Eenheid 83 (euro's) takes no ProductTarief",
                        i,
                        "/ProductTarief",
                    )
                else:
                    add("CD087", f"a Prestatie in Eenheid {eenheden[i]} needs a ProductTarief", i)
    if EUROS in eenheden:
        volumes = rows.volumes
        euro_flags = list(map(EUROS.__eq__, eenheden))
        euro_volumes = list(compress(volumes, euro_flags))
        euro_bedragen = list(compress(bedragen, euro_flags))
        fits = euro_volumes == euro_bedragen or list(map(int, euro_volumes)) == list(map(int, euro_bedragen))
        for i in range(0 if fits else n):
            if not euro_amount_fits(eenheden[i], volumes[i], bedragen[i]):
                add(
                    "CS339",
                    "in euro's the IngediendBedrag must equal the GeleverdVolume",
                    i,
                    "/IngediendBedrag/Bedrag",
                )


def _periode(prestatie: etree._Element) -> etree._Element:
    periode = child(prestatie, 4, NS + "ProductPeriode")
    return prestatie if periode is None else periode


#: Bsns that passed the eleven test (a set, so that a whole declaration is checked in one C-level call)
_VALID_BSNS: set[str] = set()
_VALID_BSNS_LIMIT = 200_000


def check_clients(report: Report, clienten: etree._Element, bsns: list[str] | None = None) -> None:
    """CS002 and TR101 on the Bsn of every Client (``bsns``: their texts, when read already)."""
    if bsns is None:
        bsns = _texts(clienten, NS + "Bsn")
    if not _VALID_BSNS.issuperset(bsns):
        if len(_VALID_BSNS) > _VALID_BSNS_LIMIT:
            _VALID_BSNS.clear()
        _VALID_BSNS.update(filter(bsn_valid, bsns))
    if _VALID_BSNS.issuperset(bsns) and len(set(bsns)) == len(bsns):
        return
    clients = list(clienten.iter(NS + "Client"))
    for bsn, client in zip(bsns, clients, strict=True):
        if not bsn_valid(bsn):
            report.add("CS002", "Bsn does not pass the eleven test", client, "/Bsn")
    check_unique(report, zip(bsns, clients, strict=True), "Client (Bsn)")


def check(report: Report, root: etree._Element, prestaties: Prestaties | None = None) -> None:
    """All JW323 class rules (``prestaties``: the Prestaties when they have been read already)."""
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
        if not not_after(begin, dag):
            report.add(
                "TR134",
                f"DeclaratiePeriode begins after the Dagtekening {dag.strip()}",
                periode,
                "/Begindatum",
            )
    declaratie_dag_el = parts.get(NS + "DeclaratieDagtekening")
    declaratie_dag = dag if declaratie_dag_el is None else declaratie_dag_el.text or dag
    clienten = parts.get(NS + "Clienten")
    total = 0
    if clienten is not None:
        if prestaties is None or prestaties.clienten is not clienten:
            prestaties = Prestaties(clienten)
        check_clients(report, clienten, prestaties.bsns)
        period_end = None if periode is None else texts(periode).get(B + "Einddatum")
        total = check_prestaties(report, prestaties, dag, declaratie_dag, period_end)
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

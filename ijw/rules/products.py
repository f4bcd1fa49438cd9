"""Rules on an assigned or requested product: the toewijzingsvariant, its dates and stacking.

A product in a toewijzing (``ToegewezenProduct``, JW301), a verzoek om toewijzing (``AangevraagdProduct``,
JW315) or a verzoek om wijziging (``NieuwProduct``, ``TeWijzigenProduct``, JW317) follows one of the
toewijzingsvarianten of the inspannings- and outputgerichte uitvoeringsvariant:

- *specifiek*: Product with Categorie and Code, an Omvang (Volume, Eenheid, Frequentie), no Budget;
- *aspecifiek*: Product with only a Categorie, no Omvang, with or without a Budget;
- *generiek*: no Product, a Budget.

The conditions below enforce those shapes. "Runs after 2020" means the end date is after 31-12-2020 or
absent: the old (pre-2021) toewijzingen are exempt from the newer shape rules.

>>> frequency_fits_unit("14", "1", None), frequency_fits_unit("14", "2", None)
(False, True)
>>> frequency_fits_unit("04", "1", None), frequency_fits_unit("14", "1", "2020-06-30")
(True, True)
>>> omvang_allowed_without_code(has_code=False, end=None, has_omvang=True)
False
>>> omvang_allowed_without_code(has_code=False, end="2020-12-31", has_omvang=True)
True

Stacking (TR302, TR386, TR410): one product may occur more than once only in periods that do not
overlap. Products are the same when categorie and code are equal; without a code the comparison is on
categorie, and a product without categorie may not overlap any other product:

>>> same_product(("45", "45A03"), ("45", None)), same_product(("45", "45A03"), ("45", "45A04"))
(True, False)
>>> same_product((None, None), ("43", None))
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from ijw.rules._core import B, Report, texts
from ijw.rules.datatypes import end_not_before_begin
from ijw.rules.values import END_OF_2020, date_key, key_of, overlaps

_UNITS_WITHOUT_DAILY = frozenset({"14", "16", "83", "84"})
_FREQUENCIES_NOT_DAILY = frozenset({"2", "4", "6"})
_PER_WEEK = "2"
_REMOVED = frozenset({"13", "01"})


def runs_after_2020(end: str | None) -> bool:
    """Whether a product with this end date is subject to the post-2020 shape rules.

    >>> runs_after_2020(None), runs_after_2020("2020-12-31"), runs_after_2020("2021-01-01")
    (True, False, True)
    """
    return end is None or date_key(end) > date_key(END_OF_2020)


def frequency_fits_unit(eenheid: str, frequentie: str, end: str | None) -> bool:
    """CS338/CS343: etmaal, dagdeel, euro's and stuks (inspanning) are never assigned per dag."""
    if eenheid not in _UNITS_WITHOUT_DAILY or not runs_after_2020(end):
        return True
    return frequentie in _FREQUENCIES_NOT_DAILY


def omvang_allowed_without_code(has_code: bool, end: str | None, has_omvang: bool) -> bool:
    """CD080/CD095/CD096: a product without code that runs after 2020 has no Omvang."""
    return has_code or not has_omvang or not runs_after_2020(end)


def same_product(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Whether two (categorie, code) pairs count as the same product for stacking."""
    a_cat, a_code = a
    b_cat, b_code = b
    if a_cat is None or b_cat is None:
        return True
    if a_cat != b_cat:
        return False
    return a_code is None or b_code is None or a_code == b_code


@dataclass(frozen=True, slots=True)
class Shape:
    """Where a product berichtklasse keeps its parts, and which rule codes apply to it.

    ``omvang_without_code`` and ``frequency`` are the codes under which the standard lists the shared
    rule for this berichtklasse (None: not listed for it).
    """

    begin: str
    end: str
    has_product: bool
    omvang_without_code: str | None
    frequency: str


TOEGEWEZEN = Shape("Ingangsdatum", "Einddatum", True, "CD080", "CS338")
AANGEVRAAGD = Shape("ToewijzingIngangsdatum", "ToewijzingEinddatum", True, "CD095", "CS343")
NIEUW = Shape("GewensteIngangsdatum", "Einddatum", True, "CD096", "CS338")
TE_WIJZIGEN = Shape("GewensteIngangsdatum", "Einddatum", False, None, "CS338")

_CATEGORIE = B + "Categorie"
_CODE = B + "Code"
_VOLUME = B + "Volume"
_EENHEID = B + "Eenheid"
_FREQUENTIE = B + "Frequentie"


class Occurrence(NamedTuple):
    """A product with its period, for the stacking rules (a named tuple: made for every product)."""

    el: etree._Element
    product: tuple[str | None, str | None]
    begin: str | None
    end: str | None


def check_shape(
    report: Report, el: etree._Element, parts: dict[object, etree._Element], message_ns: str, shape: Shape
) -> Occurrence:
    """Toewijzingsvariant and date rules for one product berichtklasse (``parts``: its :func:`kids`).

    Returns the product with its period, for the stacking rules.
    """
    end_el = parts.get(message_ns + shape.end)
    begin_el = parts.get(message_ns + shape.begin)
    end = None if end_el is None else end_el.text
    begin = None if begin_el is None else begin_el.text
    has_end = end_el is not None
    has_budget = message_ns + "Budget" in parts
    omvang_el = parts.get(message_ns + "Omvang")
    has_omvang = omvang_el is not None
    product_el = parts.get(message_ns + "Product")
    product = {} if product_el is None else texts(product_el)
    has_code = _CODE in product
    omvang = {} if omvang_el is None else texts(omvang_el)
    frequentie = omvang.get(_FREQUENTIE)
    if shape.has_product:
        if has_code and not has_omvang:
            report.add("CD041", "a product with a Code needs an Omvang", el)
        if not has_budget and product_el is None:
            report.add("CD079", "without a Budget the Product must be given", el)
        code = shape.omvang_without_code
        if code is not None and not omvang_allowed_without_code(has_code, end, has_omvang):
            report.add(code, "a product without Code that runs after 2020 takes no Omvang", el, "/Omvang")
    if has_budget and not has_end:
        report.add("CD075", f"a product with a Budget needs a {shape.end}", el)
    if frequentie == _PER_WEEK and not has_end:
        report.add("CD076", f"Frequentie 2 (per week) needs a {shape.end}", el)
    if has_budget and has_omvang:
        report.add("CD077", "a product with a Budget takes no Omvang", el, "/Omvang")
        report.add("CD078", "a product with an Omvang takes no Budget", el, "/Budget")
    if has_end and not end_not_before_begin(begin, end):
        report.add("CS003", f"{shape.end} is before {shape.begin}", el, "/" + shape.end)
    eenheid = omvang.get(_EENHEID)
    if eenheid is not None and frequentie is not None and not frequency_fits_unit(eenheid, frequentie, end):
        report.add(
            shape.frequency,
            f"Eenheid {eenheid} cannot be assigned per dag (Frequentie 1)",
            el,
            "/Omvang/Frequentie",
        )
    return Occurrence(el, (product.get(_CATEGORIE), product.get(_CODE)), key_of(begin), key_of(end))


def check_stacking(report: Report, code: str, occurrences: list[Occurrence]) -> None:
    """``code`` on every product that overlaps an earlier one in the list (TR302/TR386/TR410).

    Quadratic in the number of products of one client, which stays small in practice.
    """
    for i, later in enumerate(occurrences):
        for earlier in occurrences[:i]:
            if same_product(earlier.product, later.product) and overlaps(
                (earlier.begin, earlier.end), (later.begin, later.end)
            ):
                report.add(code, "the same product occurs more than once in overlapping periods", later.el)
                break


def removed(reden_wijziging: str | None, begin: str | None, end: str | None) -> bool:
    """Whether a ToegewezenProduct is a removal (RedenWijziging 13 or 01, Einddatum = Ingangsdatum);
    removals do not count for stacking (TR302).

    >>> removed("13", "2026-04-01", "2026-04-01"), removed("13", "2026-04-01", None)
    (True, False)
    """
    if reden_wijziging not in _REMOVED:
        return False
    return begin is not None and end is not None and date_key(begin) == date_key(end)

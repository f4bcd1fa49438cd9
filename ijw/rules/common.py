"""Rules that several heenberichten share: unique logical keys (TR101) and dates against the Dagtekening.

TR101 — within one message no berichtklasse occurs twice with the same logical key under the same parent.
The logical keys are those the standard marks as key elements: Bsn for a Client, Nummer for a Relatie,
Soort for a Contact, ToewijzingNummer for a ToegewezenProduct, OngewijzigdProduct and TeWijzigenProduct,
Product plus GewensteIngangsdatum for a NieuwProduct, ToewijzingNummer + Product + Begindatum for a
StartProduct (plus Einddatum and RedenBeeindiging for a StopProduct) and ReferentieNummer for a
Prestatie. StatusAanlevering is not part of the key: a removal (3) and its replacement (1) in one
message must differ in a key element (IV008).

>>> duplicates([("a", 1), ("b", 2), ("a", 3)])
[3]

TR134 — a date of something that already happened is not after the Dagtekening (TR002 on a Geboortedatum
is a datatype rule: :mod:`ijw.rules.datatypes`):

>>> not_after("2026-04-01", "2026-04-01"), not_after("2026-04-02", "2026-04-01")
(True, False)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

from lxml import etree

from ijw.rules._core import B, Report, texts
from ijw.rules.values import date_key

T = TypeVar("T")

_DATUM = B + "Datum"


def duplicates(keyed: Iterable[tuple[Hashable, T]]) -> list[T]:
    """The items whose key already occurred earlier in ``keyed`` (TR101)."""
    seen: set[Hashable] = set()
    found: list[T] = []
    for key, item in keyed:
        if key in seen:
            found.append(item)
        else:
            seen.add(key)
    return found


def not_after(value: str, dagtekening: str) -> bool:
    """TR134: the date is on or before the Dagtekening."""
    return date_key(value) <= date_key(dagtekening)


def check_unique(report: Report, keyed: Iterable[tuple[Hashable, etree._Element]], what: str) -> None:
    """TR101 on every berichtklasse whose key repeats an earlier one under the same parent."""
    for el in duplicates(keyed):
        report.add("TR101", f"{what} occurs more than once with the same logical key", el)


def check_not_after(report: Report, el: etree._Element | None, dagtekening: str, what: str) -> None:
    """TR134 on an optional date element."""
    if el is not None and el.text is not None and not not_after(el.text, dagtekening):
        report.add("TR134", f"{what} is after the Dagtekening {dagtekening.strip()}", el)


def check_birth_date(report: Report, geboortedatum: etree._Element | None, dagtekening: str) -> None:
    """TR134 on a Geboortedatum (the CDT element, with Datum and DatumGebruik)."""
    if geboortedatum is None:
        return
    datum = texts(geboortedatum).get(_DATUM)
    if datum is None:
        return
    if not not_after(datum, dagtekening):
        report.add(
            "TR134", f"Geboortedatum is after the Dagtekening {dagtekening.strip()}", geboortedatum, "/Datum"
        )

"""Volumes in the Eenheid of a toegewezen product (TR322 with TR341).

TR341 (retourcode 9341): the Eenheid of a prestatie equals that of the toewijzing, except that "bij toewijzing
in uren mag ook in minuten gedeclareerd worden". TR322 sums the GeleverdVolume of all prestaties on a
toegewezen product "rekening houdend met de waarden van Eenheid", so a prestatie in minutes on a toewijzing in
hours counts as its minutes. To keep the sums whole numbers, volumes on a toewijzing in hours are counted in
minutes (:func:`counted`), and its Omvang too (:func:`scale`).

Codes of code list WJ756 (Eenheid), named in :mod:`ijw.codelists.codes`.

>>> counted(UUR, MINUUT, 90), counted(UUR, UUR, 2), counted("14", "14", 3), counted(UUR, "14", 3)
(90, 120, 3, None)
>>> scale(UUR), scale("14")
(60, 1)
"""

from __future__ import annotations

from typing import Final

from ijw.codelists import codes

MINUUT: Final = codes.EENHEID_MINUUT
UUR: Final = codes.EENHEID_UUR
_MINUTES_PER_HOUR: Final = 60


def scale(toewijzing_eenheid: str | None) -> int:
    """How many counting units one unit of the toewijzing's Eenheid is (60 minutes for an hour, else 1)."""
    return _MINUTES_PER_HOUR if toewijzing_eenheid == UUR else 1


def counted(toewijzing_eenheid: str | None, prestatie_eenheid: str, volume: int) -> int | None:
    """The GeleverdVolume of a prestatie in the counting unit of its toewijzing; None when the two Eenheden
    cannot be summed (TR341's matter, not TR322's)."""
    if prestatie_eenheid == toewijzing_eenheid:
        return volume * scale(toewijzing_eenheid)
    if toewijzing_eenheid == UUR and prestatie_eenheid == MINUUT:
        return volume
    return None

"""Cross-message rules on declarations (JW323), evaluated per prestatie against the linked state before it.

Amounts and volumes compare with what was *counted* so far: accepted prestaties (no cross-message finding),
not rejected by the gemeente in a JW325, debets minus the credits that cancelled them.

>>> import datetime as dt
>>> expected_begin(dt.date(2025, 3, 1), dt.date(2025, 3, 12))  # the toewijzing begins later in March
datetime.date(2025, 3, 12)
>>> expected_begin(dt.date(2025, 3, 1), dt.date(2024, 1, 1))
datetime.date(2025, 3, 1)
>>> max_volume("2", 3, dt.date(2025, 1, 1), dt.date(2025, 1, 31))  # 3 per week, January touches 5 weeks
15
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ijw.codelists import codes
from ijw.werkdagen import month_end, month_start
from services.quality.linking.model import Partition, PrestatieState, TrajectState
from services.quality.rules import units

#: Frequentie (WMO757): per dag, per week, per maand, totaal binnen geldigheidsduur.
PER_DAG, PER_WEEK = codes.FREQUENTIE_PER_DAG, codes.FREQUENTIE_PER_WEEK
PER_MAAND, TOTAAL = codes.FREQUENTIE_PER_MAAND, codes.FREQUENTIE_TOTAAL


def tr338(traject: TrajectState | None, p: PrestatieState) -> str | None:
    """TR338: a prestatie relates to a toegewezen product through its ToewijzingNummer."""
    if traject is None:
        return f"ToewijzingNummer {p.key[2]} names no toewijzing of this gemeente to this aanbieder"
    return None


def tr304(traject: TrajectState, bsn: str) -> str | None:
    """TR304: the Bsn of the prestatie is that of the client of its toewijzing."""
    if bsn != traject.bsn:
        return f"the Bsn of the prestatie is not that of the client of toewijzing {traject.key[2]}"
    return None


def tr304_antwoord(p: PrestatieState, bsn: str) -> str | None:
    """TR304 on a JW325: the Bsn of a returned prestatie is that of the prestatie it answers."""
    if bsn != p.bsn:
        return f"the Bsn is not that of the client of prestatie {p.referentie_nummer} in the declaratie"
    return None


def tr339(traject: TrajectState, p: PrestatieState) -> str | None:
    """TR339: the ProductCategorie of the prestatie is that of the toegewezen product, when it has one."""
    if traject.categorie is not None and p.categorie != traject.categorie:
        return f"ProductCategorie {p.categorie} differs from {traject.categorie} of the toegewezen product"
    return None


def tr341(traject: TrajectState, p: PrestatieState) -> str | None:
    """TR341: the Eenheid of the prestatie fits the Eenheid of the toegewezen product ("bij toewijzing in uren
    mag ook in minuten gedeclareerd worden"). "Voor aspecifieke of generieke toewijzingen geldt dat de eenheid
    overeen dient te komen met de eenheid in de gemaakte contractafspraken": a toewijzing without a Code
    (OP302: aspecifiek, generiek) is judged against the contract, which the traffic does not show, and one
    without an Eenheid (no Omvang) names nothing to compare with; both are left unjudged."""
    if p.credit or traject.code is None or traject.eenheid is None:
        return None
    if units.counted(traject.eenheid, p.eenheid, 1) is None:
        return f"Eenheid {p.eenheid} does not fit the Eenheid {traject.eenheid} of the toegewezen product"
    return None


def tr384(traject: TrajectState) -> str | None:
    """TR384: no declaration on a toewijzing with RedenWijziging 13 (verwijderd)."""
    if traject.verwijderd:
        return f"toewijzing {traject.key[2]} was removed (RedenWijziging 13)"
    return None


def tr307(traject: TrajectState, p: PrestatieState) -> str | None:
    """TR307: the ProductPeriode begins on or after the Ingangsdatum of the toegewezen product."""
    if p.periode_begin < traject.ingangsdatum:
        return f"ProductPeriode begins {p.periode_begin}, before the Ingangsdatum {traject.ingangsdatum}"
    return None


def tr308(traject: TrajectState, p: PrestatieState) -> str | None:
    """TR308: the ProductPeriode ends on or before the toegewezen product's Einddatum, when it has one."""
    if traject.einddatum is not None and p.periode_eind > traject.einddatum:
        return (
            f"ProductPeriode ends {p.periode_eind}, after the Einddatum {traject.einddatum} of the toewijzing"
        )
    return None


def expected_begin(month_first: dt.date, ingangsdatum: dt.date) -> dt.date:
    """TR387's Begindatum: the first of the month, or the Ingangsdatum when that lies later in the month."""
    return ingangsdatum if month_first < ingangsdatum <= month_end(month_first) else month_first


def expected_end(periode_begin: dt.date, einddatum: dt.date | None) -> dt.date:
    """TR388's Einddatum: the last day of the month, or the toewijzing's Einddatum when earlier in it."""
    last = month_end(periode_begin)
    if einddatum is not None and month_start(periode_begin) <= einddatum < last:
        return einddatum
    return last


def tr387(traject: TrajectState, p: PrestatieState) -> str | None:
    """TR387: a ProductPeriode begins on the first of its month, unless the toewijzing begins later in it."""
    expected = expected_begin(month_start(p.periode_begin), traject.ingangsdatum)
    if p.periode_begin != expected:
        return f"ProductPeriode begins {p.periode_begin}; expected {expected}"
    return None


def tr388(traject: TrajectState, p: PrestatieState) -> str | None:
    """TR388: a ProductPeriode ends on the last day of its month, unless the toewijzing ends earlier in it."""
    if p.periode_eind < p.periode_begin or month_start(p.periode_eind) != month_start(p.periode_begin):
        return None  # a period across months is an in-message matter (one calendar month per prestatie)
    expected = expected_end(p.periode_begin, traject.einddatum)
    if p.periode_eind != expected:
        return f"ProductPeriode ends {p.periode_eind}; expected {expected}"
    return None


def tr314(partition: Partition, p: PrestatieState) -> str | None:
    """TR314: a ReferentieNummer is unique for the aanbieder, also across messages."""
    if p.referentie_nummer in partition.referenties:
        return f"ReferentieNummer {p.referentie_nummer} was used in an earlier declaration of the aanbieder"
    return None


def tr389(partition: Partition, p: PrestatieState) -> str | None:
    """TR389: a second debet for the same ProductPeriode, product and toewijzing only after a credit of the
    first."""
    if p.credit:
        return None
    first = partition.open_debets.get(p.debet_key)
    if first is not None:
        return (
            f"a debet for ProductPeriode {p.periode_begin}–{p.periode_eind} of this product and toewijzing "
            f"was declared before (ReferentieNummer {first.referentie_nummer}) and not credited"
        )
    return None


def tr323(partition: Partition, p: PrestatieState) -> str | None:
    """TR323: a credit relates to an earlier accepted debet (VorigReferentieNummer)."""
    if not p.credit:
        return None
    debet = partition.debets_by_ref.get(p.vorig_referentie_nummer or "")
    if debet is None or debet.afgewezen:
        return (
            f"the credit names no accepted earlier debet (VorigReferentieNummer {p.vorig_referentie_nummer})"
        )
    return None


def tr390(partition: Partition, p: PrestatieState) -> str | None:
    """TR390: a debet is credited at most once."""
    if not p.credit:
        return None
    debet = partition.debets_by_ref.get(p.vorig_referentie_nummer or "")
    if debet is not None and debet.gecrediteerd:
        return f"the debet {p.vorig_referentie_nummer} was credited before"
    return None


def tr367(declared: PrestatieState, returned: Any) -> tuple[str, str] | None:
    """TR367 on a JW325: "Waarde moet overeenkomen met waarde uit het declaratiebericht dat gerelateerd is op
    basis van ProductReferentie". ``returned``: the ``afgewezen_prestaties`` row. Returns the element (under
    the Prestatie) of the first value that differs and a sentence naming every one; None when all agree.
    ProductTarief is not compared: the linked state does not keep the declared one."""
    pairs = (
        (
            "/ProductReferentie/VorigReferentieNummer",
            declared.vorig_referentie_nummer,
            returned.vorig_referentie_nummer,
        ),
        ("/ToewijzingNummer", declared.key[2], int(returned.toewijzing_nummer)),
        ("/ProductCategorie", declared.categorie, returned.categorie),
        ("/ProductCode", declared.code, returned.code),
        ("/ProductPeriode/Begindatum", declared.periode_begin, returned.periode_begin),
        ("/ProductPeriode/Einddatum", declared.periode_eind, returned.periode_eind),
        ("/GeleverdVolume", declared.volume, int(returned.volume)),
        ("/Eenheid", declared.eenheid, returned.eenheid),
        ("/IngediendBedrag/Bedrag", declared.bedrag, int(returned.bedrag)),
        ("/IngediendBedrag/DebetCredit", "C" if declared.credit else "D", returned.debet_credit),
    )
    differ = [leaf for leaf, was, now in pairs if was != now]
    if not differ:
        return None
    names = ", ".join(leaf.rsplit("/", 1)[-1] for leaf in differ)
    return differ[0], f"{names} differ from the declared prestatie {declared.referentie_nummer}"


def max_volume(frequentie: str | None, volume: int, ingang: dt.date, eind: dt.date) -> int | None:
    """The most a toewijzing of ``volume`` per ``frequentie`` allows from ``ingang`` to ``eind``, counting
    every day, ISO week or calendar month the loopduur touches in full; None for an unknown frequentie.

    Weeks as the reference pack's ``docs/Weeknummer_berekenen.md`` counts them for a period: ISO-8601 weeks
    (Monday to Sunday), "eindweek − beginweek + 1", the first week included, across year boundaries too."""
    if eind < ingang:
        return 0
    if frequentie == TOTAAL:
        return volume
    if frequentie == PER_DAG:
        return volume * ((eind - ingang).days + 1)
    if frequentie == PER_WEEK:
        first_monday = ingang - dt.timedelta(days=ingang.weekday())
        return volume * ((eind - first_monday).days // 7 + 1)
    if frequentie == PER_MAAND:
        return volume * ((eind.year - ingang.year) * 12 + eind.month - ingang.month + 1)
    return None


def tr322(traject: TrajectState, p: PrestatieState) -> str | None:
    """TR322: with an Omvang, the volumes of all prestaties on the toegewezen product fit within it.

    Summed in the Eenheid of the toewijzing, a prestatie in minutes on a toewijzing in hours included (TR341
    allows it; :mod:`.units`); a prestatie in another Eenheid cannot be summed with it (TR341's matter), so
    it is left unjudged. Without an Einddatum the loopduur runs to the end of this prestatie's period.
    """
    if p.credit or traject.volume is None:
        return None
    volume = units.counted(traject.eenheid, p.eenheid, p.volume)
    if volume is None:
        return None
    eind = traject.einddatum or p.periode_eind
    allowed = max_volume(traject.frequentie, traject.volume, traject.ingangsdatum, eind)
    if allowed is None:
        return None
    factor = units.scale(traject.eenheid)
    total = traject.declared_volume + volume
    if total > allowed * factor:
        unit = " minutes" if factor > 1 else ""
        return (
            f"the declared volumes add up to {total}{unit}, more than the toegewezen Omvang allows "
            f"({allowed * factor}{unit} over the loopduur)"
        )
    return None


def tr318(last_begin: dt.date | None, periode_begin: dt.date) -> str | None:
    """TR318 as OP284 reads it: a DeclaratiePeriode may be the month after the last submitted one, any later
    month (a gap: no care was delivered or no declaration was needed) or the last submitted month itself (an
    overlap, for corrections on the last submitted period). Only an earlier period breaks the rule.

    ``last_begin``: the Begindatum of the last submitted DeclaratiePeriode of the aanbieder to this gemeente.

    >>> tr318(dt.date(2022, 6, 1), dt.date(2022, 9, 1)) is None  # TR318's own example: May, June, September
    True
    >>> tr318(dt.date(2022, 6, 1), dt.date(2022, 6, 1)) is None  # OP284: overlap with the last period
    True
    >>> tr318(dt.date(2022, 6, 1), dt.date(2022, 5, 1))
    'DeclaratiePeriode 2022-05-01 lies before the last submitted one (2022-06-01)'
    """
    if last_begin is not None and periode_begin < last_begin:
        return f"DeclaratiePeriode {periode_begin} lies before the last submitted one ({last_begin})"
    return None


def tr333(partition: Partition, nummer: str) -> str | None:
    """TR333: a DeclaratieNummer is unique for the aanbieder."""
    if nummer in partition.declaratie_nummers:
        return f"DeclaratieNummer {nummer} was used before by the aanbieder"
    return None

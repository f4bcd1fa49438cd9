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
#: the Eenheden of the outputgerichte uitvoeringsvariant (docs/Toewijzingsvarianten_inspanning-output.md)
OUTPUT = frozenset({codes.EENHEID_STUKS_OUTPUT, codes.EENHEID_EURO})
SUNDAY = 6  # dt.date.weekday()


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


def tr340(traject: TrajectState, p: PrestatieState) -> str | None:
    """TR340: "ProductCode in Prestatie moet gelijk zijn aan ProductCode in het ToegewezenProduct, indien deze
    opgenomen is". A toewijzing without a ProductCode (OP302: aspecifiek, generiek) leaves the code free."""
    if traject.code is not None and p.code != traject.code:
        return f"ProductCode {p.code} differs from {traject.code} of the toegewezen product"
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


def tr322(traject: TrajectState, p: PrestatieState, counted_until: dt.date | None = None) -> str | None:
    """TR322: with an Omvang, the volumes of all prestaties on the toegewezen product fit within it.

    Summed in the Eenheid of the toewijzing, a prestatie in minutes on a toewijzing in hours included (TR341
    allows it; :mod:`.units`); a prestatie in another Eenheid cannot be summed with it (TR341's matter), so
    it is left unjudged. Without an Einddatum the loopduur runs to the end of the latest period summed: this
    prestatie's or ``counted_until``, the latest of the debets counted on the toewijzing before it (a month
    declared before an earlier one is in the sum, so its month is in the loopduur).
    """
    if p.credit or traject.volume is None:
        return None
    volume = units.counted(traject.eenheid, p.eenheid, p.volume)
    if volume is None:
        return None
    eind = traject.einddatum or max(p.periode_eind, counted_until or p.periode_eind)
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


def weeks_in_periode(
    eenheid: str | None, begin: dt.date, eind: dt.date, ingang: dt.date, toewijzing_eind: dt.date | None
) -> int | None:
    """How many weeks of a toewijzing per week a ProductPeriode ``begin``–``eind`` may declare, by IV076
    ("Hoe moet het volume in de prestatie gevuld worden, wanneer de toewijzing de frequentie week heeft?");
    ``ingang``, ``toewijzing_eind``: the toewijzing's Ingangsdatum and Einddatum.

    Inspanningsgericht (every Eenheid but 82 and 83): every ISO week the ProductPeriode touches, counted as
    ``docs/Weeknummer_berekenen.md`` counts them ("eindweek − beginweek + 1"). Outputgericht (Eenheid 82
    Stuks (output), 83 Euro's; ``docs/Toewijzingsvarianten_inspanning-output.md``): "de weken waarvan de
    zondag valt in de productperiode", and "Indien een toewijzing niet op een zondag eindigt wordt het te
    declareren volume van de laatste (gebroken) week opgenomen in de productperiode waarbinnen de laatste
    zondag van de toewijzing valt". None where the text gives no answer: an outputgericht toewijzing that
    does not end on a Sunday and has no Sunday at all.

    IV076's examples (toewijzing 07-07-2025 t/m 07-09-2025, inspanningsgericht): July 4 weeks, August 5,
    September 1; outputgericht, ending on Sunday 07-09-2025: July 3 Sundays (900 euro at 300 per week);
    ending on Saturday 06-09-2025: August "(Aantal zondagen in de productperiode + 1)", September nothing.

    >>> jul, aug, sep = dt.date(2025, 7, 7), dt.date(2025, 8, 1), dt.date(2025, 9, 1)
    >>> [weeks_in_periode("04", b, e, jul, dt.date(2025, 9, 7)) for b, e in
    ...  ((jul, dt.date(2025, 7, 31)), (aug, dt.date(2025, 8, 31)), (sep, dt.date(2025, 9, 7)))]
    [4, 5, 1]
    >>> weeks_in_periode("83", jul, dt.date(2025, 7, 31), jul, dt.date(2025, 9, 7))
    3
    >>> [weeks_in_periode("83", b, e, jul, dt.date(2025, 9, 6)) for b, e in
    ...  ((aug, dt.date(2025, 8, 31)), (sep, dt.date(2025, 9, 6)))]
    [6, 0]
    """
    if eind < begin:
        return 0
    if eenheid not in OUTPUT:
        first_monday = begin - dt.timedelta(days=begin.weekday())
        return (eind - first_monday).days // 7 + 1
    first_sunday = begin + dt.timedelta(days=(SUNDAY - begin.weekday()) % 7)
    weeks = 0 if first_sunday > eind else (eind - first_sunday).days // 7 + 1
    if toewijzing_eind is not None and toewijzing_eind.weekday() != SUNDAY:
        last_sunday = toewijzing_eind - dt.timedelta(days=(toewijzing_eind.weekday() - SUNDAY) % 7)
        if last_sunday < ingang:
            return None
        if begin <= last_sunday <= eind:
            weeks += 1
    return weeks


def max_in_periode(traject: TrajectState, p: PrestatieState) -> int | None:
    """The most one prestatie may declare under TR321, in the Eenheid of the toewijzing: its Volume per
    Frequentie over "de duur van de ProductPeriode in de Prestatie" (per dag: its days; per week:
    :func:`weeks_in_periode`; per maand: one, a ProductPeriode lies within one calendar month (CS337); totaal
    binnen geldigheidsduur: the Volume itself). None for an unknown Frequentie."""
    volume, freq = traject.volume, traject.frequentie
    if volume is None:
        return None
    if freq == PER_WEEK:
        weeks = weeks_in_periode(
            traject.eenheid, p.periode_begin, p.periode_eind, traject.ingangsdatum, traject.einddatum
        )
        return None if weeks is None else volume * weeks
    return max_volume(freq, volume, p.periode_begin, p.periode_eind)


def tr321(traject: TrajectState, p: PrestatieState) -> str | None:
    """TR321: "Indien in het ToegewezenProduct een Omvang is meegegeven, moet GeleverdVolume in de Prestatie
    passen binnen Volume in het ToegewezenProduct", "rekening houdend met de waarden van Eenheid en
    Frequentie in het ToegewezenProduct enerzijds en de waarde van Eenheid en de duur van de ProductPeriode
    in de Prestatie anderzijds" (:func:`max_in_periode`). Minutes on a toewijzing in hours count as minutes
    (TR341 allows them; :mod:`.units`); another Eenheid is TR341's matter and is left unjudged, as is a
    credit (it withdraws a volume declared before, OP366)."""
    if p.credit or traject.volume is None:
        return None
    volume = units.counted(traject.eenheid, p.eenheid, p.volume)
    allowed = max_in_periode(traject, p)
    if volume is None or allowed is None:
        return None
    limit = allowed * units.scale(traject.eenheid)
    if volume > limit:
        same = p.eenheid == traject.eenheid  # else minutes on hours: say it in minutes
        shown, cap, unit = (p.volume, allowed, "") if same else (volume, limit, " minutes")
        return (
            f"GeleverdVolume {shown}{unit} exceeds the {cap}{unit} the toegewezen Omvang allows in "
            f"ProductPeriode {p.periode_begin}–{p.periode_eind}"
        )
    return None


def tr369(traject: TrajectState, p: PrestatieState) -> str | None:
    """TR369: "Indien in het ToegewezenProduct een Budget is meegegeven, moet de som van GeleverdVolume in
    alle ingediende Prestaties die betrekking hebben op dat ToegewezenProduct passen binnen het toegewezen
    Budget."

    The Budget is an amount (LDT_Budget, eurocents: "het maximum bedrag in het budget ... dat in de
    betreffende periode aan zorg of ondersteuning gedeclareerd mag worden", procesbeschrijving §3.1.1), so the
    GeleverdVolume is summed as the amount it stands for: in Eenheid 83 GeleverdVolume is that amount and
    "IngediendBedrag [moet] gelijk zijn aan GeleverdVolume" (CS339); in any other Eenheid "IngediendBedrag
    [moet] gelijk zijn aan GeleverdVolume vermenigvuldigd met ProductTarief" (TR346, with IV081's rounding
    for minutes on an hourly tariff). Both are the IngediendBedrag, summed like TR322's volumes: counted
    debets minus the credits that cancelled them (``TrajectState.declared_bedrag``). A credit lowers the sum
    and is not judged."""
    if p.credit or traject.budget is None:
        return None
    total = traject.declared_bedrag + p.bedrag
    if total > traject.budget:
        return (
            f"the declared prestaties add up to {total} eurocent, more than the toegewezen Budget of "
            f"{traject.budget} eurocent"
        )
    return None


def tr418(contract_tarief: int | None, p: PrestatieState) -> str | None:
    """TR418: "ProductTarief in Prestatie dient overeen te komen met het contractuele tarief van ProductCode".

    ``contract_tarief``: what the gemeente's contract tariffs prescribe for the prestatie's ProductCode and
    Eenheid on its Begindatum (:meth:`ijw.productcodes.tarieven.Tarieven.contract_tarief`), None when the
    gemeente has no tariff file or no tariff applies: then the rule is not judged. A prestatie in Eenheid 83
    has no ProductTarief (CD087) and a credit repeats the debet it cancels (OP366); neither is judged."""
    if p.credit or contract_tarief is None or p.tarief is None:
        return None
    if p.tarief != contract_tarief:
        return (
            f"ProductTarief {p.tarief} eurocent differs from the contract tariff of ProductCode {p.code} "
            f"({contract_tarief} eurocent)"
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

"""Cross-message rules on verzoeken (JW315, JW317), evaluated against the linked state before the verzoek.

Texts: ``regels/technische-regels/berichtoverstijgend/<code>.md`` of the reference pack, with the
bedrijfsregels that name them (``services/quality/rules/sources.csv``).

TR374 (retourcode 9374; bedrijfsregel OP350): "Een verzoek mag alleen worden verstuurd als er geen
onderhanden verzoek is voor de betreffende client van dezelfde aanbieder", and "Een verzoek is in
behandeling totdat er ofwel een antwoordbericht met VerzoekAntwoord 'Verzoek afgewezen' ofwel een
toewijzingsbericht met dezelfde ReferentieAanbieder gestuurd is". The receiving gemeente judges it, so the
client is the one it knows: the Bsn within that gemeente. A JW315 may ask several products, each with its own
ReferentieAanbieder: they are one verzoek, and a later message that repeats an open ReferentieAanbieder is
that same verzoek, not another one (it breaks TR347 instead).

TR347 (OP361): "ReferentieAanbieder is uniek voor de aanbieder binnen het wettelijk domein"; OP361: "Iedere
aanvraag in een VOT of VOW krijgt een uniek referentienummer per aanbieder per wettelijk domein". Unique per
aanbieder, not per gemeente: a ReferentieAanbieder the aanbieder used in an earlier accepted verzoek to any
gemeente breaks it (each AangevraagdProduct of a JW315 is its own aanvraag, IV097; uniqueness within one
JW315 is TR383, judged at ingest). A verzoek the linked state rejected counts as not sent (OP286).

The JW317 rules name "actuele" toewijzingen; TR349's Toelichting defines them: "toewijzingen die op of na de
huidige datum geldig zijn, of waarvan de ingangsdatum in de toekomst ligt. Toewijzingen waarvan de einddatum
en ingangsdatum aan elkaar gelijk zijn met reden wijziging 13 (Verwijderd) of reden wijziging 01
(Administratieve correctie (vervallen)), worden niet gezien als actuele toewijzing" (:func:`actueel`; the
"huidige datum" of a verzoek is its Dagtekening).

- TR349 (OP308): "Het verzoek om wijziging bericht bevat alle actuele ToegewezenProducten van de client",
  "hetzij in OngewijzigdProduct, hetzij in TeWijzigenProduct": the actual toewijzingen of the client (its
  Bsn) from the receiving gemeente to this aanbieder.
- TR350 / TR351 (OP308): every OngewijzigdProduct / TeWijzigenProduct "is gerelateerd aan een actueel
  toegewezen product op basis van het ToewijzingNummer".
- TR357 (OP345): "Als GewensteIngangsdatum kleiner dan of gelijk is aan de dagtekening, dan is
  GewensteIngangsdatum gelijk aan ingangsdatum van het originele ToegewezenProduct" (a TeWijzigenProduct:
  the only one with an original ToegewezenProduct; a NieuwProduct's date is TR380, judged at ingest).
- TR373 (OP345): "Indien in een TeWijzigenProduct het Budget of het totaal over toewijzingsperiode wordt
  gewijzigd, dient GewensteIngangsdatum gelijk te zijn aan de actuele toewijzing" (Toelichting: "een
  budgetaanpassing ... is dit altijd voor de gehele looptijd"). The Budget changes when the TeWijzigenProduct
  carries a Budget other than the toewijzing's; the total changes when the toewijzing's Omvang is a total
  (Frequentie 6, "Totaal binnen geldigheidsduur toewijzing") and the TeWijzigenProduct carries another
  Omvang (IV093: "Wanneer een actuele toewijzing moet wijzigen van het type budget of frequentie 'totaal
  binnen geldigheidsduur toewijzing', dan betreft dit altijd een wijziging vanaf de originele begindatum").
  A TeWijzigenProduct without Budget or Omvang asks no change of them.
- TR375 / TR412 (OP047): "Indien Product [TR412: Code in Product] in de toewijzing met ToewijzingNummer leeg
  is en Einddatum groter dan 31-12-2020 of leeg is, dan leeg laten"; retourcodes 9375/9412: "Omvang is
  gevuld/niet leeg, terwijl ...". The Einddatum is the TeWijzigenProduct's own, as in CD096, the same
  condition on a NieuwProduct ("Indien Code in NieuwProduct leeg is en Einddatum groter dan 31-12-2020 of
  leeg is, dan leeg laten").
- TR411 (OP047): "Indien Code in Product bij de toewijzing met ToewijzingNummer gevuld is, dan Omvang
  verplicht vullen" (retourcode 9411: "Omvang is leeg, terwijl Code ... gevuld is").
- TR361 (OP347): "Een Product mag alleen vaker in verzoek om wijziging voorkomen als de zorgperiodes elkaar
  niet overlappen"; Toelichting: "Voor producten die zijn opgenomen in de berichtklasse TeWijzigenProduct of
  OngewijzigdProduct moet op basis van het ToewijzingNummer de overlap op de aangevraagde producten
  gecontroleerd worden. Indien de productcode niet is meegegeven dan geldt deze technische regel op niveau
  van productcategorie. Indien productcategorie leeg is, dan mag dit met geen enkel ander aangevraagd
  product overlappen." The Product of an OngewijzigdProduct or TeWijzigenProduct is that of its toewijzing;
  its zorgperiode is the toewijzing's (OngewijzigdProduct) or the one asked, GewensteIngangsdatum to
  Einddatum (TeWijzigenProduct; no Einddatum: open). Two NieuwProducts are compared within the message by
  the XSLT (TR410) at ingest, so that pair is not judged again here.

>>> tr374({"VZ-1"}, {"VZ-2"})
'a verzoek for this client is still in behandeling (ReferentieAanbieder VZ-1)'
>>> tr374({"VZ-1"}, {"VZ-1"}) is None, tr374(set(), {"VZ-2"}) is None
(True, True)
>>> tr347({"VZ-1": "0599"}, "VZ-1", "0363")
'ReferentieAanbieder VZ-1 was used in an earlier verzoek of the aanbieder (to gemeente 0599)'
>>> tr349([1001, 1002], {1002}), tr349([1001], {1001, 1003})
('the actual toewijzing 1001 of the client is missing', None)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any, Final

from ijw.codelists import codes
from services.quality.linking.model import TrajectState

#: the soort of a JW317 product (``verzoek_producten.soort``) and its element in the message
ONGEWIJZIGD, TE_WIJZIGEN, NIEUW = "ongewijzigd", "te_wijzigen", "nieuw"
ELEMENT: Final = {
    ONGEWIJZIGD: "OngewijzigdeProducten/OngewijzigdProduct",
    TE_WIJZIGEN: "TeWijzigenProducten/TeWijzigenProduct",
    NIEUW: "NieuweProducten/NieuwProduct",
}
#: TR375, TR412: "Einddatum groter dan 31-12-2020 of leeg"
OMVANG_LEEG_NA: Final = dt.date(2020, 12, 31)
#: TR349: not actual when Einddatum equals Ingangsdatum with one of these RedenWijziging
_VERVALLEN: Final = frozenset({codes.REDEN_WIJZIGING_VERWIJDERD, codes.REDEN_WIJZIGING_VERVALLEN})


def tr374(open_refs: Set[str], refs: Set[str]) -> str | None:
    """TR374: no verzoek while another verzoek for the same client of the aanbieder is in behandeling.

    ``open_refs``: the ReferentieAanbieders in behandeling for the client; ``refs``: those of the verzoek."""
    others = sorted(open_refs - refs)
    if others:
        return f"a verzoek for this client is still in behandeling (ReferentieAanbieder {', '.join(others)})"
    return None


def tr347(used: Mapping[str, str], ref: str, gemeente: str) -> str | None:
    """TR347: ``ref`` was not used in an earlier verzoek of the aanbieder; ``used``: ReferentieAanbieder →
    the gemeente the earlier verzoek went to."""
    earlier = used.get(ref)
    if earlier is None:
        return None
    where = "" if earlier == gemeente else f" (to gemeente {earlier})"
    return f"ReferentieAanbieder {ref} was used in an earlier verzoek of the aanbieder{where}"


def actueel(t: TrajectState, on: dt.date) -> bool:
    """Whether toewijzing ``t`` is actual on ``on`` as TR349's Toelichting defines it.

    >>> t = TrajectState(("0599", "12345678", 1), "999990019", None, "45", "45A01", dt.date(2025, 3, 1),
    ...     dt.date(2025, 3, 31), dt.date(2025, 3, 1), None, None, None, None, None, None, None, None, 1,
    ...     dt.date(2025, 3, 1), 1)
    >>> actueel(t, dt.date(2025, 3, 31)), actueel(t, dt.date(2025, 4, 1))
    (True, False)
    >>> t.einddatum, t.reden_wijziging = t.ingangsdatum, "13"
    >>> actueel(t, dt.date(2025, 2, 1))
    False
    """
    if t.einddatum == t.ingangsdatum and t.reden_wijziging in _VERVALLEN:
        return False
    return t.einddatum is None or t.einddatum >= on


def tr349(actual: Iterable[int], named: Set[int]) -> str | None:
    """TR349: every actual toewijzing of the client (``actual``, ToewijzingNummers) is among those the
    JW317 names as OngewijzigdProduct or TeWijzigenProduct (``named``)."""
    missing = sorted(set(actual) - named)
    if not missing:
        return None
    if len(missing) == 1:
        return f"the actual toewijzing {missing[0]} of the client is missing"
    return f"the actual toewijzingen {', '.join(map(str, missing))} of the client are missing"


def _not_actual(t: TrajectState | None, nummer: int, on: dt.date) -> str | None:
    if t is None:
        return f"no toewijzing with ToewijzingNummer {nummer}"
    if actueel(t, on):
        return None
    if t.einddatum == t.ingangsdatum and t.reden_wijziging in _VERVALLEN:
        return f"toewijzing {nummer} was withdrawn (RedenWijziging {t.reden_wijziging})"
    return f"toewijzing {nummer} ended on {t.einddatum}, before the Dagtekening"


def tr350(t: TrajectState | None, nummer: int, on: dt.date) -> str | None:
    """TR350: an OngewijzigdProduct names an actual toewijzing (``t``: the one with its ToewijzingNummer)."""
    problem = _not_actual(t, nummer, on)
    return None if problem is None else f"OngewijzigdProduct: {problem}"


def tr351(t: TrajectState | None, nummer: int, on: dt.date) -> str | None:
    """TR351: a TeWijzigenProduct names an actual toewijzing (``t``: the one with its ToewijzingNummer)."""
    problem = _not_actual(t, nummer, on)
    return None if problem is None else f"TeWijzigenProduct: {problem}"


def tr357(t: TrajectState, gewenst: dt.date | None, dagtekening: dt.date) -> str | None:
    """TR357: a GewensteIngangsdatum on or before the Dagtekening is the Ingangsdatum of the toewijzing."""
    if gewenst is None or gewenst > dagtekening or gewenst == t.ingangsdatum:
        return None
    return (
        f"GewensteIngangsdatum {gewenst} is not after the Dagtekening {dagtekening} and differs from the "
        f"Ingangsdatum {t.ingangsdatum} of toewijzing {t.key[2]}"
    )


def _changes(t: TrajectState, p: Any) -> str | None:
    """What a TeWijzigenProduct ``p`` changes of TR373's kind: the Budget or the total Omvang."""
    if p.budget is not None and p.budget != t.budget:
        return "the Budget"
    totaal = t.frequentie == codes.FREQUENTIE_TOTAAL and p.volume is not None
    if totaal and (p.volume, p.eenheid, p.frequentie) != (t.volume, t.eenheid, t.frequentie):
        return "the total Omvang"
    return None


def tr373(t: TrajectState, p: Any) -> str | None:
    """TR373: a TeWijzigenProduct ``p`` that changes the Budget or the total over the toewijzingsperiode asks
    it from the Ingangsdatum of the toewijzing ``t``."""
    what = _changes(t, p)
    if what is None or p.gewenste_ingangsdatum is None or p.gewenste_ingangsdatum == t.ingangsdatum:
        return None
    return (
        f"{what} of toewijzing {t.key[2]} changes from GewensteIngangsdatum {p.gewenste_ingangsdatum}, "
        f"not from its Ingangsdatum {t.ingangsdatum}"
    )


def _omvang_leeg_laten(p: Any) -> bool:
    return p.volume is not None and (p.einddatum is None or p.einddatum > OMVANG_LEEG_NA)


def tr375(t: TrajectState, p: Any) -> str | None:
    """TR375: no Omvang in a TeWijzigenProduct ``p`` whose toewijzing ``t`` has no Product, when its
    Einddatum is after 31-12-2020 or empty."""
    if t.categorie is None and t.code is None and _omvang_leeg_laten(p):
        return f"Omvang is filled, but toewijzing {t.key[2]} has no Product"
    return None


def tr412(t: TrajectState, p: Any) -> str | None:
    """TR412: no Omvang in a TeWijzigenProduct ``p`` whose toewijzing ``t`` has no Code, when its Einddatum
    is after 31-12-2020 or empty."""
    if t.code is None and _omvang_leeg_laten(p):
        return f"Omvang is filled, but toewijzing {t.key[2]} has no Code in its Product"
    return None


def tr411(t: TrajectState, p: Any) -> str | None:
    """TR411: an Omvang in a TeWijzigenProduct ``p`` whose toewijzing ``t`` has a Code."""
    if t.code is not None and p.volume is None:
        return f"Omvang is empty, but toewijzing {t.key[2]} has Code {t.code}"
    return None


@dataclass(frozen=True, slots=True)
class Gevraagd:
    """A product of a JW317 as TR361 compares it: its soort, Product and zorgperiode."""

    soort: str
    categorie: str | None
    code: str | None
    begin: dt.date
    eind: dt.date | None

    def same_product(self, other: Gevraagd) -> bool:
        """The same Product as TR361 counts it: by Code, by Categorie when a Code is missing, any product
        when a Categorie is missing."""
        if self.categorie is None or other.categorie is None:
            return True
        if self.code is None or other.code is None:
            return self.categorie == other.categorie
        return (self.categorie, self.code) == (other.categorie, other.code)

    def overlaps(self, other: Gevraagd) -> bool:
        return (other.eind is None or self.begin <= other.eind) and (
            self.eind is None or other.begin <= self.eind
        )


def tr361(products: Sequence[tuple[str, Gevraagd | None]]) -> list[tuple[int, str]]:
    """TR361: (index, problem) for every product that repeats an earlier one of ``products`` (each with
    where it is in the message) in an overlapping zorgperiode; ``None``: a product whose Product is unknown,
    not compared. Two NieuwProducts are TR410's, judged at ingest.

    >>> a = Gevraagd(ONGEWIJZIGD, "45", "45A01", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    >>> tr361([("O[1]", a), ("N[1]", Gevraagd(NIEUW, "45", None, dt.date(2025, 6, 1), None))])
    [(1, 'the product overlaps O[1] (same Categorie 45) in its zorgperiode')]
    >>> tr361([("O[1]", a), ("N[1]", Gevraagd(NIEUW, "45", "45A01", dt.date(2026, 1, 1), None))])
    []
    """
    found: list[tuple[int, str]] = []
    for i, (_, p) in enumerate(products):
        if p is None:
            continue
        for where, q in products[:i]:
            if q is None or (p.soort == NIEUW and q.soort == NIEUW):
                continue
            if p.same_product(q) and p.overlaps(q):
                found.append((i, f"the product overlaps {where} ({_same(p, q)}) in its zorgperiode"))
                break
    return found


def _same(p: Gevraagd, q: Gevraagd) -> str:
    if p.categorie is None or q.categorie is None:
        return "a product without Categorie"
    if p.code is None or q.code is None:
        return f"same Categorie {p.categorie}"
    return f"same Product {p.code}"

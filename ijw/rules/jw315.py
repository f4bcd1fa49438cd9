"""In-message rules of the verzoek om toewijzing (JW315).

Client: TR134 on the Geboortedatum. AangevraagdProduct: the toewijzingsvariant rules of
:mod:`ijw.rules.products`, CD043 (a beschikking has both number and ingangsdatum), CD066–CD068 (the
Verwijzer is identified by a ZorgverlenerCode or a Naam, depending on its Type), TR383 (every request
has its own ReferentieAanbieder; the ReferentieAanbieder is also the logical key of TR101, so a repeated one
breaks both) and TR386 (no stacked requests).

For verwijzer types 02–05 (huisarts, jeugdarts, gecertificeerde instelling, medisch specialist) the
verwijzer is identified by a ZorgverlenerCode when known, else by a Naam; other types carry no
ZorgverlenerCode:

>>> verwijzer_problems("02", has_zorgverlenercode=True, has_naam=True)
['CD066']
>>> verwijzer_problems("02", has_zorgverlenercode=False, has_naam=False)
['CD067']
>>> verwijzer_problems("06", has_zorgverlenercode=True, has_naam=False)
['CD068']
>>> verwijzer_problems("01", has_zorgverlenercode=False, has_naam=True)
[]
"""

from __future__ import annotations

from lxml import etree

from ijw.rules._core import B, Report, child, dagtekening, kids, ns, texts
from ijw.rules.common import check_birth_date, duplicates
from ijw.rules.products import AANGEVRAAGD, Occurrence, check_shape, check_stacking

NS = ns("JW315")
_CODED_VERWIJZERS = frozenset({"02", "03", "04", "05"})


def verwijzer_problems(type_: str, has_zorgverlenercode: bool, has_naam: bool) -> list[str]:
    """Codes of the Verwijzer conditions (CD066, CD067, CD068) that the combination breaks."""
    if type_ in _CODED_VERWIJZERS:
        if has_zorgverlenercode and has_naam:
            return ["CD066"]
        if not has_zorgverlenercode and not has_naam:
            return ["CD067"]
        return []
    return ["CD068"] if has_zorgverlenercode else []


_VERWIJZER_TEXT = {
    "CD066": ("a Verwijzer with a ZorgverlenerCode takes no Naam", "/Verwijzer/Naam"),
    "CD067": ("a Verwijzer of this Type without ZorgverlenerCode needs a Naam", "/Verwijzer"),
    "CD068": ("a Verwijzer of this Type takes no ZorgverlenerCode", "/Verwijzer/ZorgverlenerCode"),
}


_REFERENTIE = NS + "ReferentieAanbieder"
_NUMMER = NS + "BeschikkingNummer"
_BESCHIKKING_INGANG = NS + "BeschikkingIngangsdatum"
_VERWIJZER = NS + "Verwijzer"
_TYPE = B + "Type"
_NAAM = B + "Naam"
_ZORGVERLENER = B + "ZorgverlenerCode"


def check(report: Report, root: etree._Element) -> None:
    """All JW315 class rules."""
    dag = dagtekening(root, NS)
    client = child(root, 1, NS + "Client")
    if client is None:
        return
    check_birth_date(report, child(client, 1, NS + "Geboortedatum"), dag)
    referenties: list[tuple[object, etree._Element]] = []
    stacking: list[Occurrence] = []
    for product in client.iter(NS + "AangevraagdProduct"):
        parts = kids(product)
        referentie = parts.get(_REFERENTIE)
        referenties.append((None if referentie is None else referentie.text, product))
        stacking.append(check_shape(report, product, parts, NS, AANGEVRAAGD))
        has_nummer = _NUMMER in parts
        if has_nummer and _BESCHIKKING_INGANG not in parts:
            report.add("CD043", "a BeschikkingNummer needs a BeschikkingIngangsdatum", product)
        elif not has_nummer and _BESCHIKKING_INGANG in parts:
            report.add(
                "CD043",
                "a BeschikkingIngangsdatum needs a BeschikkingNummer",
                product,
                "/BeschikkingIngangsdatum",
            )
        verwijzer_el = parts.get(_VERWIJZER)
        verwijzer = {} if verwijzer_el is None else texts(verwijzer_el)
        type_ = verwijzer.get(_TYPE) or ""
        for code in verwijzer_problems(type_, _ZORGVERLENER in verwijzer, _NAAM in verwijzer):
            message, below = _VERWIJZER_TEXT[code]
            report.add(code, f"{message} (Type {type_})", product, below)
    # a repeated ReferentieAanbieder repeats the logical key of the AangevraagdProduct as well: the
    # official XSLT reports TR101 next to TR383
    for product in duplicates(referenties):
        report.add(
            "TR101",
            "AangevraagdProduct (ReferentieAanbieder) occurs more than once with the same logical key",
            product,
        )
        report.add(
            "TR383",
            "ReferentieAanbieder occurs in more than one AangevraagdProduct",
            product,
            "/ReferentieAanbieder",
        )
    check_stacking(report, "TR386", stacking)

"""In-message rules of the verzoek om toewijzing (JW315).

Client: TR002/TR134 on the Geboortedatum. AangevraagdProduct: the toewijzingsvariant rules of
:mod:`ijw.rules.products`, CD043 (a beschikking has both number and ingangsdatum), CD066–CD068 (the
Verwijzer is identified by a ZorgverlenerCode or a Naam, depending on its Type), TR383 (every request
has its own ReferentieAanbieder) and TR386 (no stacked requests).

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

from ijw.rules._core import Report, dagtekening, fields, ns
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


def check(report: Report, root: etree._Element) -> None:
    """All JW315 class rules."""
    dag = dagtekening(root, NS)
    client = root.find(NS + "Client")
    if client is None:
        return
    check_birth_date(report, client.find(NS + "Geboortedatum"), dag)
    referenties: list[tuple[object, etree._Element]] = []
    stacking: list[Occurrence] = []
    for product in client.iter(NS + "AangevraagdProduct"):
        f = fields(product)
        referenties.append((f.get("ReferentieAanbieder"), product))
        stacking.append(check_shape(report, product, f, AANGEVRAAGD))
        has_nummer = "BeschikkingNummer" in f
        if has_nummer and "BeschikkingIngangsdatum" not in f:
            report.add("CD043", "a BeschikkingNummer needs a BeschikkingIngangsdatum", product)
        elif not has_nummer and "BeschikkingIngangsdatum" in f:
            report.add("CD043", "a BeschikkingIngangsdatum needs a BeschikkingNummer", product,
                       "/BeschikkingIngangsdatum")
        type_ = f.get("Type") or ""
        for code in verwijzer_problems(type_, "ZorgverlenerCode" in f, "Naam" in f):
            message, below = _VERWIJZER_TEXT[code]
            report.add(code, f"{message} (Type {type_})", product, below)
    for product in duplicates(referenties):
        report.add("TR383", "ReferentieAanbieder occurs in more than one AangevraagdProduct", product,
                   "/ReferentieAanbieder")
    check_stacking(report, "TR386", stacking)

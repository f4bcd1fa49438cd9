"""In-message rules of the toewijzing (JW301), per berichtklasse.

Client: TR002/TR134 on the Geboortedatum, CS318 (a client is a natural person), TR061 (an address to
reach the client), TR101 on Relatie, Contact and ToegewezenProduct keys. Contact: TR006 (reachable by
phone or by house and postcode), CD009 (a Periode only on a tijdelijk verblijfadres), CD034 (a Postcode
on a BRP-adres and a verblijfadres). ToegewezenProduct: the toewijzingsvariant rules of
:mod:`ijw.rules.products`, CS335/CS336 (RedenWijziging), TR134 (Toewijzingsdatum) and TR302 (no stacking).

>>> reachable(has_telefoon=False, has_huis=True, has_postcode=True)
True
>>> reachable(has_telefoon=False, has_huis=True, has_postcode=False)
False
>>> reden_wijziging_allowed("13", "2026-04-01", "2026-04-01"), reden_wijziging_allowed("13", "2026-04-01", None)
(True, False)
"""

from __future__ import annotations

from lxml import etree

from ijw.rules._core import B, Report, dagtekening, fields, local, ns
from ijw.rules.common import check_birth_date, check_not_after, check_unique
from ijw.rules.products import TOEGEWEZEN, Occurrence, check_shape, check_stacking, removed
from ijw.rules.values import date_key, integer

NS = ns("JW301")
_REACHABLE_SOORTEN = frozenset({"01", "02", "03"})
_POSTCODE_SOORTEN = frozenset({"01", "03"})
_TIJDELIJK = "04"
_NIET_NATUURLIJK = "6"


def reachable(has_telefoon: bool, has_huis: bool, has_postcode: bool) -> bool:
    """TR006: a Contact has a Telefoon, or a Huis together with a Postcode."""
    return has_telefoon or (has_huis and has_postcode)


def reden_wijziging_allowed(reden: str, ingangsdatum: str, einddatum: str | None) -> bool:
    """CS335 for RedenWijziging 13 (verwijderd): only with Einddatum equal to Ingangsdatum."""
    if reden != "13":
        return True
    return einddatum is not None and date_key(einddatum) == date_key(ingangsdatum)


def check_contact(report: Report, contact: etree._Element) -> str | None:
    """TR006, CD009 and CD034 on one Contact; returns its Soort."""
    soort = contact.findtext(NS + "Soort")
    adres = contact.find(NS + "Adres")
    has_huis = has_postcode = False
    if adres is not None:
        has_huis = adres.find(B + "Huis") is not None
        has_postcode = adres.find(B + "Postcode") is not None
    if not reachable(contact.find(NS + "Telefoon") is not None, has_huis, has_postcode):
        report.add("TR006", "Contact has neither a Telefoon nor a Huis with a Postcode", contact)
    periode = contact.find(NS + "Periode")
    if periode is not None and soort != _TIJDELIJK:
        report.add("CD009", f"a Contact of Soort {soort} takes no Periode", periode)
    if soort in _POSTCODE_SOORTEN and not has_postcode:
        report.add("CD034", f"a Contact of Soort {soort} needs a Postcode", contact if adres is None else adres)
    return soort


def check_toegewezen(report: Report, products: etree._Element, dag: str) -> None:
    """Rules per ToegewezenProduct and across them (TR101, TR302)."""
    keys: list[tuple[object, etree._Element]] = []
    stacking: list[Occurrence] = []
    for product in products.iterchildren(NS + "ToegewezenProduct"):
        f = fields(product)
        keys.append((integer(f["ToewijzingNummer"] or ""), product))
        occurrence = check_shape(report, product, f, TOEGEWEZEN)
        reden = f.get("RedenWijziging")
        ingangsdatum = f["Ingangsdatum"] or ""
        if reden == "01":
            report.add("CS336", "RedenWijziging 01 (administratieve correctie) is no longer used", product,
                       "/RedenWijziging")
        elif reden is not None and not reden_wijziging_allowed(reden, ingangsdatum, f.get("Einddatum")):
            report.add("CS335", "RedenWijziging 13 (verwijderd) needs Einddatum equal to Ingangsdatum", product,
                       "/RedenWijziging")
        check_not_after(report, product.find(NS + "Toewijzingsdatum"), dag, "Toewijzingsdatum")
        if not removed(f, TOEGEWEZEN):
            stacking.append(occurrence)
    check_unique(report, keys, "ToegewezenProduct (ToewijzingNummer)")
    check_stacking(report, "TR302", stacking)


def check(report: Report, root: etree._Element) -> None:
    """All JW301 class rules."""
    dag = dagtekening(root, NS)
    client = root.find(NS + "Client")
    if client is None:
        return
    for child in client.iterchildren(etree.Element):  # type: ignore[arg-type]
        name = local(child.tag)  # type: ignore[arg-type]
        if name == "Geboortedatum":
            check_birth_date(report, child, dag)
        elif name == "Naam":
            naam_gebruik = child.find(B + "NaamGebruik")
            if naam_gebruik is not None and naam_gebruik.text == _NIET_NATUURLIJK:
                report.add("CS318", "a client is a natural person: NaamGebruik 6 is not allowed", naam_gebruik)
        elif name == "Relaties":
            relaties = list(child.iterchildren(NS + "Relatie"))
            check_unique(report, ((r.findtext(NS + "Nummer"), r) for r in relaties), "Relatie (Nummer)")
            for relatie in relaties:
                check_birth_date(report, relatie.find(NS + "Geboortedatum"), dag)
                contact = relatie.find(NS + "Contact")
                if contact is not None:
                    check_contact(report, contact)
        elif name == "Contactgegevens":
            contacts = list(child.iterchildren(NS + "Contact"))
            soorten = [(check_contact(report, c), c) for c in contacts]
            check_unique(report, soorten, "Contact (Soort)")
            if not any(soort in _REACHABLE_SOORTEN for soort, _ in soorten):
                report.add("TR061", "the client has no Contact of Soort 01, 02 or 03", child)
        elif name == "ToegewezenProducten":
            check_toegewezen(report, child, dag)

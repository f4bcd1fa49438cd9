"""In-message rules of the toewijzing (JW301), per berichtklasse.

Client: TR134 on the Geboortedatum, CS318 (a client is a natural person), TR061 (an address to
reach the client), TR101 on Relatie, Contact and ToegewezenProduct keys. Contact: TR006 (reachable by
phone or by house and postcode), CD009 (a Periode only on a tijdelijk verblijfadres), CD034 (a Postcode
on a BRP-adres and a verblijfadres). ToegewezenProduct: the toewijzingsvariant rules of
:mod:`ijw.rules.products`, CS335/CS336 (RedenWijziging), TR134 (Toewijzingsdatum) and TR302 (no stacking).

>>> reachable(has_telefoon=False, has_huis=True, has_postcode=True)
True
>>> reachable(has_telefoon=False, has_huis=True, has_postcode=False)
False
>>> reden_wijziging_allowed("13", "2026-04-01", "2026-04-01")
True
>>> reden_wijziging_allowed("13", "2026-04-01", None)
False
"""

from __future__ import annotations

from lxml import etree

from ijw.rules._core import B, Report, child, dagtekening, kids, ns, texts
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


_SOORT = NS + "Soort"
_ADRES = NS + "Adres"
_TELEFOON = NS + "Telefoon"
_PERIODE = NS + "Periode"
_HUIS = B + "Huis"
_POSTCODE = B + "Postcode"
_NAAM_GEBRUIK = B + "NaamGebruik"


def check_contact(report: Report, contact: etree._Element) -> str | None:
    """TR006, CD009 and CD034 on one Contact; returns its Soort."""
    parts = kids(contact)
    soort_el = parts.get(_SOORT)
    soort = None if soort_el is None else soort_el.text
    adres = parts.get(_ADRES)
    has_huis = has_postcode = False
    if adres is not None:
        adres_parts = kids(adres)
        has_huis = _HUIS in adres_parts
        has_postcode = _POSTCODE in adres_parts
    if not reachable(_TELEFOON in parts, has_huis, has_postcode):
        report.add("TR006", "Contact has neither a Telefoon nor a Huis with a Postcode", contact)
    if _PERIODE in parts and soort != _TIJDELIJK:
        report.add("CD009", f"a Contact of Soort {soort} takes no Periode", contact, "/Periode")
    if soort in _POSTCODE_SOORTEN and not has_postcode:
        report.add(
            "CD034",
            f"a Contact of Soort {soort} needs a Postcode",
            contact,
            "" if adres is None else "/Adres",
        )
    return soort


def check_toegewezen(report: Report, products: etree._Element, dag: str) -> None:
    """Rules per ToegewezenProduct and across them (TR101, TR302)."""
    keys: list[tuple[object, etree._Element]] = []
    stacking: list[Occurrence] = []
    for product in products.iterchildren(NS + "ToegewezenProduct"):
        parts = kids(product)
        keys.append((integer(_text(parts, "ToewijzingNummer") or ""), product))
        occurrence = check_shape(report, product, parts, NS, TOEGEWEZEN)
        reden = _text(parts, "RedenWijziging")
        ingangsdatum = _text(parts, "Ingangsdatum") or ""
        einddatum = _text(parts, "Einddatum")
        if reden == "01":
            report.add(
                "CS336",
                "RedenWijziging 01 (administratieve correctie) is no longer used",
                product,
                "/RedenWijziging",
            )
        elif reden is not None and not reden_wijziging_allowed(reden, ingangsdatum, einddatum):
            report.add(
                "CS335",
                "RedenWijziging 13 (verwijderd) needs Einddatum equal to Ingangsdatum",
                product,
                "/RedenWijziging",
            )
        check_not_after(report, parts.get(NS + "Toewijzingsdatum"), dag, "Toewijzingsdatum")
        if not removed(reden, ingangsdatum, einddatum):
            stacking.append(occurrence)
    check_unique(report, keys, "ToegewezenProduct (ToewijzingNummer)")
    check_stacking(report, "TR302", stacking)


def _text(parts: dict[object, etree._Element], name: str) -> str | None:
    el = parts.get(NS + name)
    return None if el is None else el.text


def check(report: Report, root: etree._Element) -> None:
    """All JW301 class rules."""
    dag = dagtekening(root, NS)
    client = child(root, 1, NS + "Client")
    if client is None:
        return
    parts = kids(client)
    check_birth_date(report, parts.get(NS + "Geboortedatum"), dag)
    naam = parts.get(NS + "Naam")
    if naam is not None and texts(naam).get(_NAAM_GEBRUIK) == _NIET_NATUURLIJK:
        report.add(
            "CS318", "a client is a natural person: NaamGebruik 6 is not allowed", naam, "/NaamGebruik"
        )
    relaties_el = parts.get(NS + "Relaties")
    if relaties_el is not None:
        relaties = [(kids(r), r) for r in relaties_el.iterchildren(NS + "Relatie")]
        check_unique(report, ((_text(p, "Nummer"), r) for p, r in relaties), "Relatie (Nummer)")
        for relatie_parts, _ in relaties:
            check_birth_date(report, relatie_parts.get(NS + "Geboortedatum"), dag)
            contact = relatie_parts.get(NS + "Contact")
            if contact is not None:
                check_contact(report, contact)
    contactgegevens = parts.get(NS + "Contactgegevens")
    if contactgegevens is not None:
        soorten = [(check_contact(report, c), c) for c in contactgegevens.iterchildren(NS + "Contact")]
        check_unique(report, soorten, "Contact (Soort)")
        if not any(soort in _REACHABLE_SOORTEN for soort, _ in soorten):
            report.add("TR061", "the client has no Contact of Soort 01, 02 or 03", contactgegevens)
    toegewezen = parts.get(NS + "ToegewezenProducten")
    if toegewezen is not None:
        check_toegewezen(report, toegewezen, dag)

"""Hand-written iJw 3.2 messages for the scenario tests, built with lxml from explicit values.

Every element and value of a message is spelled out by the scenario that uses it (names, dates, products,
volumes); this module only knows the element order of the iJw 3.2 XSDs and the header every message carries.
It shares nothing with the traffic generator (``ijw_tools.traffic``) or with the code under test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

BASIS = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
BERICHTCODE = {
    "JW301": "436",
    "JW305": "438",
    "JW307": "440",
    "JW315": "446",
    "JW317": "486",
    "JW319": "488",
    "JW323": "490",
    "JW325": "491",
}


@dataclass(frozen=True)
class Kind:
    """The client of a scenario: a test BSN (elfproef, docs/elfproef.md) and the personal data a JW301,
    JW305 and JW307 carry."""

    bsn: str
    geboortedatum: dt.date = dt.date(2012, 5, 17)
    geslacht: str = "2"
    achternaam: str = "Jansen"


@dataclass(frozen=True)
class Prestatie:
    """One Prestatie of a JW323; ``tarief`` in cents, IngediendBedrag = volume × tarief."""

    referentie: str
    toewijzing: int
    begin: dt.date
    eind: dt.date
    volume: int
    bsn: str
    categorie: str = "45"
    code: str = "45A03"
    eenheid: str = "04"
    tarief: int = 1250
    credit: bool = False
    vorig: str | None = None


class Message:
    """A message under construction: ``add(parent, name, text)`` appends an element in document order."""

    def __init__(self, soort: str, afzender: str, ontvanger: str, identificatie: str, dag: dt.date) -> None:
        self.soort = soort
        self.ns = f"http://www.istandaarden.nl/ijw/3_2/{soort.lower()}/schema"
        self.root = etree.Element(self._q("Bericht"), nsmap={"ijw": BASIS, soort.lower(): self.ns})
        header = self.add(self.root, "Header")
        self.add(header, "BerichtCode", BERICHTCODE[soort])
        self.add(header, "BerichtVersie", "3")
        self.add(header, "BerichtSubversie", "2")
        self.add(header, "Afzender", afzender)
        self.add(header, "Ontvanger", ontvanger)
        ident = self.add(header, "BerichtIdentificatie")
        self.add(ident, "ijw:Identificatie", identificatie)
        self.add(ident, "ijw:Dagtekening", dag.isoformat())
        versie = self.add(header, "XsdVersie")
        self.add(versie, "ijw:BasisschemaXsdVersie", "1.0.0")
        self.add(versie, "ijw:BerichtXsdVersie", "1.0.0")

    def _q(self, name: str) -> str:
        if name.startswith("ijw:"):
            return f"{{{BASIS}}}{name[4:]}"
        return f"{{{self.ns}}}{name}"

    def add(self, parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        el = etree.SubElement(parent, self._q(name))
        if text is not None:
            el.text = text
        return el

    def client(self, kind: Kind, *, personal: bool = True) -> etree._Element:
        client = self.add(self.root, "Client")
        self.add(client, "Bsn", kind.bsn)
        if personal:
            geboorte = self.add(client, "Geboortedatum")
            self.add(geboorte, "ijw:Datum", kind.geboortedatum.isoformat())
            self.add(client, "Geslacht", kind.geslacht)
            naam = self.add(client, "Naam")
            geslachtsnaam = self.add(naam, "ijw:Geslachtsnaam")
            self.add(geslachtsnaam, "ijw:Achternaam", kind.achternaam)
            self.add(naam, "ijw:Voorletters", "A")
            if self.soort == "JW301":
                self.add(naam, "ijw:NaamGebruik", "1")
        return client

    def product(self, parent: etree._Element, categorie: str, code: str | None) -> None:
        product = self.add(parent, "Product")
        self.add(product, "ijw:Categorie", categorie)
        if code is not None:
            self.add(product, "ijw:Code", code)

    def bytes(self) -> bytes:
        return bytes(etree.tostring(self.root, xml_declaration=True, encoding="UTF-8"))


def jw301(
    gemeente: str,
    aanbieder: str,
    ident: str,
    dag: dt.date,
    kind: Kind,
    nummer: int,
    *,
    ingang: dt.date,
    eind: dt.date | None,
    categorie: str = "45",
    code: str | None = "45A03",
    omvang: tuple[int, str, str] | None = None,
    budget: int | None = None,
    toewijzingstijd: str = "09:00:00",
    reden_wijziging: str | None = None,
    referentie_aanbieder: str | None = None,
) -> bytes:
    """A toewijzing of one ToegewezenProduct; ``omvang`` = (Volume, Eenheid, Frequentie); ``budget`` in
    eurocents."""
    msg = Message("JW301", gemeente, aanbieder, ident, dag)
    client = msg.client(kind)
    msg.add(client, "JuridischeStatus", "01")
    contact = msg.add(msg.add(client, "Contactgegevens"), "Contact")
    msg.add(contact, "Soort", "01")
    adres = msg.add(contact, "Adres")
    msg.add(msg.add(adres, "ijw:Huis"), "ijw:Huisnummer", "12")
    msg.add(adres, "ijw:Postcode", "3011AA")
    msg.add(adres, "ijw:Straatnaam", "Coolsingel")
    msg.add(adres, "ijw:Plaatsnaam", "Rotterdam")
    msg.add(adres, "ijw:LandCode", "NL")
    producten = msg.add(client, "ToegewezenProducten")
    tp = msg.add(producten, "ToegewezenProduct")
    msg.add(tp, "ToewijzingNummer", str(nummer))
    if referentie_aanbieder is not None:
        msg.add(tp, "ReferentieAanbieder", referentie_aanbieder)
    msg.product(tp, categorie, code)
    msg.add(tp, "Toewijzingsdatum", dag.isoformat())
    msg.add(tp, "Toewijzingstijd", toewijzingstijd)
    msg.add(tp, "Ingangsdatum", ingang.isoformat())
    if eind is not None:
        msg.add(tp, "Einddatum", eind.isoformat())
    if reden_wijziging is not None:
        msg.add(tp, "RedenWijziging", reden_wijziging)
    if omvang is not None:
        el = msg.add(tp, "Omvang")
        msg.add(el, "ijw:Volume", str(omvang[0]))
        msg.add(el, "ijw:Eenheid", omvang[1])
        msg.add(el, "ijw:Frequentie", omvang[2])
    if budget is not None:
        msg.add(tp, "Budget", str(budget))
    return msg.bytes()


@dataclass(frozen=True)
class Levering:
    """A StartProduct (``reden`` None) or StopProduct (with ``reden`` and ``eind``) of one toegewezen
    product; StatusAanlevering 1: new, 3: withdraw."""

    nummer: int
    ingang: dt.date
    begin: dt.date
    reden: str | None = None
    eind: dt.date | None = None
    categorie: str = "45"
    code: str = "45A03"
    status: str = "1"


def levering(aanbieder: str, gemeente: str, ident: str, dag: dt.date, kind: Kind, *items: Levering) -> bytes:
    """A JW305 (start) or, when the items have a RedenBeeindiging, a JW307 (stop) of one or more products,
    in the order given (IV008: a withdrawal and its replacement may travel in one message)."""
    stop = items[0].reden is not None
    msg = Message("JW307" if stop else "JW305", aanbieder, gemeente, ident, dag)
    producten = msg.add(msg.client(kind), "StopProducten" if stop else "StartProducten")
    for item in items:
        el = msg.add(producten, "StopProduct" if stop else "StartProduct")
        msg.add(el, "ToewijzingNummer", str(item.nummer))
        msg.product(el, item.categorie, item.code)
        msg.add(el, "ToewijzingIngangsdatum", item.ingang.isoformat())
        msg.add(el, "Begindatum", item.begin.isoformat())
        if stop:
            assert item.reden is not None and item.eind is not None
            msg.add(el, "RedenBeeindiging", item.reden)
            msg.add(el, "Einddatum", item.eind.isoformat())
        msg.add(el, "StatusAanlevering", item.status)
    return msg.bytes()


def jw323(
    aanbieder: str,
    gemeente: str,
    ident: str,
    dag: dt.date,
    nummer: str,
    periode: tuple[dt.date, dt.date],
    prestaties: Sequence[Prestatie],
) -> bytes:
    """A declaratie; prestaties of one Bsn are grouped under one Client, in the order given."""
    msg = Message("JW323", aanbieder, gemeente, ident, dag)
    declaratie = msg.add(msg.root, "Declaratie")
    msg.add(declaratie, "DeclaratieNummer", nummer)
    p = msg.add(declaratie, "DeclaratiePeriode")
    msg.add(p, "ijw:Begindatum", periode[0].isoformat())
    msg.add(p, "ijw:Einddatum", periode[1].isoformat())
    msg.add(declaratie, "DeclaratieDagtekening", dag.isoformat())
    _totaal(msg, declaratie, "TotaalIngediendBedrag", sum(_signed(x) for x in prestaties))
    clienten = msg.add(declaratie, "Clienten")
    by_bsn: dict[str, etree._Element] = {}
    for x in prestaties:
        if x.bsn not in by_bsn:
            client = msg.add(clienten, "Client")
            msg.add(client, "Bsn", x.bsn)
            by_bsn[x.bsn] = msg.add(client, "Prestaties")
        _prestatie(msg, msg.add(by_bsn[x.bsn], "Prestatie"), x)
    return msg.bytes()


def _prestatie(msg: Message, el: etree._Element, x: Prestatie) -> None:
    """The elements of a Prestatie of a JW323 or JW325 (which adds its RetourCodes), up to IngediendBedrag."""
    ref = msg.add(el, "ProductReferentie")
    msg.add(ref, "ijw:ReferentieNummer", x.referentie)
    if x.vorig is not None:
        msg.add(ref, "ijw:VorigReferentieNummer", x.vorig)
    msg.add(el, "ToewijzingNummer", str(x.toewijzing))
    msg.add(el, "ProductCategorie", x.categorie)
    msg.add(el, "ProductCode", x.code)
    pp = msg.add(el, "ProductPeriode")
    msg.add(pp, "ijw:Begindatum", x.begin.isoformat())
    msg.add(pp, "ijw:Einddatum", x.eind.isoformat())
    msg.add(el, "GeleverdVolume", str(x.volume))
    msg.add(el, "Eenheid", x.eenheid)
    msg.add(el, "ProductTarief", str(x.tarief))
    bedrag = msg.add(el, "IngediendBedrag")
    msg.add(bedrag, "ijw:Bedrag", str(x.volume * x.tarief))
    msg.add(bedrag, "ijw:DebetCredit", "C" if x.credit else "D")


def _signed(x: Prestatie) -> int:
    """The IngediendBedrag of ``x`` in cents, negative for a credit."""
    return (-1 if x.credit else 1) * x.volume * x.tarief


def _totaal(msg: Message, parent: etree._Element, name: str, cents: int) -> None:
    """A CDT_TotaalBedragMetDC of signed ``cents`` (0 is written as debet)."""
    el = msg.add(parent, name)
    msg.add(el, "ijw:TotaalBedrag", str(abs(cents)))
    msg.add(el, "ijw:DebetCredit", "C" if cents < 0 else "D")


def jw325(
    gemeente: str,
    aanbieder: str,
    ident: str,
    dag: dt.date,
    declaratie: tuple[str, dt.date],
    nummer: str,
    gedeclareerd: Sequence[Prestatie],
    afgewezen: Sequence[Prestatie],
    *,
    retourcode: str = "0611",
    xsd_declaratie: tuple[str, str] = ("1.0.0", "1.0.0"),
) -> bytes:
    """A declaratie-antwoord to the JW323 ``declaratie`` (its Identificatie and Dagtekening; written with
    XsdVersie 1.0.0/1.0.0 by :func:`jw323`; ``xsd_declaratie``: what the answer says it was) with
    DeclaratieNummer ``nummer``: of the ``gedeclareerd`` prestaties, ``afgewezen`` are returned with
    ``retourcode`` (grouped under one Client per Bsn, in the order given) and the rest is toegekend (TR342:
    the returned ones explain TotaalIngediendBedrag minus TotaalToegekendBedrag; none returned: 8001)."""
    msg = Message("JW325", gemeente, aanbieder, ident, dag)
    header = msg.root[0]
    ref = msg.add(header, "DeclaratieIdentificatie")
    msg.add(ref, "ijw:Identificatie", declaratie[0])
    msg.add(ref, "ijw:Dagtekening", declaratie[1].isoformat())
    versie = msg.add(header, "XsdVersieDeclaratie")
    msg.add(versie, "ijw:BasisschemaXsdVersie", xsd_declaratie[0])
    msg.add(versie, "ijw:BerichtXsdVersie", xsd_declaratie[1])
    msg.add(msg.add(header, "RetourCodes"), "RetourCode", "0200")
    ingediend = sum(_signed(x) for x in gedeclareerd)
    antwoord = msg.add(msg.root, "DeclaratieAntwoord")
    msg.add(antwoord, "DeclaratieNummer", nummer)
    _totaal(msg, antwoord, "TotaalIngediendBedrag", ingediend)
    _totaal(msg, antwoord, "TotaalToegekendBedrag", ingediend - sum(_signed(x) for x in afgewezen))
    if afgewezen:
        clienten = msg.add(antwoord, "Clienten")
        by_bsn: dict[str, list[Prestatie]] = {}
        for x in afgewezen:
            by_bsn.setdefault(x.bsn, []).append(x)
        for bsn, group in by_bsn.items():
            client = msg.add(clienten, "Client")
            msg.add(client, "Bsn", bsn)
            prestaties = msg.add(client, "Prestaties")
            for x in group:
                el = msg.add(prestaties, "Prestatie")
                _prestatie(msg, el, x)
                msg.add(msg.add(el, "RetourCodes"), "RetourCode", retourcode)
            msg.add(msg.add(client, "RetourCodes"), "RetourCode", "0200")
    msg.add(msg.add(antwoord, "RetourCodes"), "RetourCode", "0200" if afgewezen else "8001")
    return msg.bytes()


@dataclass(frozen=True)
class Aanvraag:
    """An AangevraagdProduct of a JW315: its ReferentieAanbieder, Product (``categorie`` None: generiek),
    ToewijzingIngangsdatum and -Einddatum, and an Omvang (Volume, Eenheid, Frequentie) or a Budget (cents);
    the Verwijzer is a huisarts (Type 02) with its AGB code."""

    referentie: str
    ingang: dt.date
    eind: dt.date | None = None
    categorie: str | None = "45"
    code: str | None = "45A03"
    omvang: tuple[int, str, str] | None = (4, "04", "2")
    budget: int | None = None


def _omvang_budget(
    msg: Message, parent: etree._Element, omvang: tuple[int, str, str] | None, budget: int | None
) -> None:
    """The Omvang (Volume, Eenheid, Frequentie) and the Budget of a requested product, when given."""
    if omvang is not None:
        el = msg.add(parent, "Omvang")
        msg.add(el, "ijw:Volume", str(omvang[0]))
        msg.add(el, "ijw:Eenheid", omvang[1])
        msg.add(el, "ijw:Frequentie", omvang[2])
    if budget is not None:
        msg.add(parent, "Budget", str(budget))


def jw315(
    aanbieder: str, gemeente: str, ident: str, dag: dt.date, kind: Kind, aanvragen: Sequence[Aanvraag]
) -> bytes:
    """A verzoek om toewijzing with one AangevraagdProduct per ``aanvragen``, in the order given."""
    msg = Message("JW315", aanbieder, gemeente, ident, dag)
    producten = msg.add(msg.client(kind), "AangevraagdeProducten")
    for a in aanvragen:
        el = msg.add(producten, "AangevraagdProduct")
        msg.add(el, "ReferentieAanbieder", a.referentie)
        if a.categorie is not None:
            msg.product(el, a.categorie, a.code)
        msg.add(el, "ToewijzingIngangsdatum", a.ingang.isoformat())
        if a.eind is not None:
            msg.add(el, "ToewijzingEinddatum", a.eind.isoformat())
        _omvang_budget(msg, el, a.omvang, a.budget)
        verwijzer = msg.add(el, "Verwijzer")
        msg.add(verwijzer, "ijw:Type", "02")
        msg.add(verwijzer, "ijw:ZorgverlenerCode", "01123456")
    return msg.bytes()


@dataclass(frozen=True)
class Wijziging:
    """A product of a JW317 by ``soort``: ``ongewijzigd`` (only ``nummer``), ``te_wijzigen`` (``nummer``,
    ``gewenst``, ``eind`` and an Omvang or Budget) or ``nieuw`` (a Product unless ``categorie`` is None,
    ``gewenst``, ``eind``, Omvang or Budget)."""

    soort: str
    nummer: int | None = None
    gewenst: dt.date | None = None
    eind: dt.date | None = None
    categorie: str | None = None
    code: str | None = None
    omvang: tuple[int, str, str] | None = None
    budget: int | None = None


def jw317(
    aanbieder: str,
    gemeente: str,
    ident: str,
    dag: dt.date,
    bsn: str,
    referentie: str,
    producten: Sequence[Wijziging],
    reden: str = "1",
) -> bytes:
    """A verzoek om wijziging with RedenVerzoek ``reden``; its products grouped by soort in the XSD's order
    (OngewijzigdeProducten, TeWijzigenProducten, NieuweProducten), each group in the order given."""
    msg = Message("JW317", aanbieder, gemeente, ident, dag)
    client = msg.add(msg.root, "Client")
    msg.add(client, "Bsn", bsn)
    verzoek = msg.add(client, "Verzoek")
    msg.add(verzoek, "ReferentieAanbieder", referentie)
    msg.add(verzoek, "RedenVerzoek", reden)
    groups = (
        ("ongewijzigd", "OngewijzigdeProducten", "OngewijzigdProduct"),
        ("te_wijzigen", "TeWijzigenProducten", "TeWijzigenProduct"),
        ("nieuw", "NieuweProducten", "NieuwProduct"),
    )
    for soort, group, name in groups:
        items = [w for w in producten if w.soort == soort]
        if not items:
            continue
        parent = msg.add(verzoek, group)
        for w in items:
            el = msg.add(parent, name)
            if soort != "nieuw":
                msg.add(el, "ToewijzingNummer", str(w.nummer))
            elif w.categorie is not None:
                msg.product(el, w.categorie, w.code)
            if soort == "ongewijzigd":
                continue
            assert w.gewenst is not None
            msg.add(el, "GewensteIngangsdatum", w.gewenst.isoformat())
            if w.eind is not None:
                msg.add(el, "Einddatum", w.eind.isoformat())
            _omvang_budget(msg, el, w.omvang, w.budget)
    return msg.bytes()


def jw319(
    gemeente: str,
    aanbieder: str,
    ident: str,
    dag: dt.date,
    referentie: str,
    antwoord: str,
    reden: str | None = None,
) -> bytes:
    """An antwoordbericht on the verzoek with ``referentie``: VerzoekAntwoord ``antwoord`` (1 Verzoek
    afgewezen, with RedenAfwijzingVerzoek ``reden``; 2 Aanvraag in onderzoek)."""
    msg = Message("JW319", gemeente, aanbieder, ident, dag)
    el = msg.add(msg.root, "Antwoord")
    msg.add(el, "ReferentieAanbieder", referentie)
    msg.add(el, "VerzoekAntwoord", antwoord)
    if reden is not None:
        msg.add(el, "RedenAfwijzingVerzoek", reden)
    return msg.bytes()

"""Write iJw 3.2 messages from scenario records, fast and in the layout of the official examples.

A small string writer (no tree is built) emits elements in the order of the compact model
(``xsd/model/ijw-3.2.yaml``): children of ``CDT_*`` types in the basisschema namespace (prefix ``ijw``),
all other elements in the message namespace (prefix ``jw301`` …). Values are escaped; the tests validate
the output against the project's and the official XSDs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from ijw.schema.model import load_model
from ijw_tools.traffic.scenario import Client, Prestatie, ProductSpec, StartItem, StopItem, Toewijzing

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_TABS = tuple("\t" * n for n in range(32))


@dataclass(frozen=True, slots=True)
class Header:
    """The fields of a heenbericht header."""

    message: str  # "JW301"
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: dt.date


class _Model:
    """Namespaces, BerichtCodes and XSD versions from the compact model (loaded once)."""

    def __init__(self) -> None:
        model = load_model()
        self.basis_ns = model.namespace("basisschema")
        self.ns = {name: model.namespace(name) for name in model.messages}
        self.code = {name: info.code for name, info in model.messages.items()}
        self.basis_versie = model.basisschema_xsd_versie
        self.bericht_versie = model.bericht_xsd_versie


_MODEL: _Model | None = None


def _model() -> _Model:
    global _MODEL
    if _MODEL is None:
        _MODEL = _Model()
    return _MODEL


class Writer:
    """Appends tab-indented elements to a list of strings."""

    __slots__ = ("_stack", "depth", "parts", "prefix")

    def __init__(self, message: str) -> None:
        model = _model()
        self.prefix = message.lower()
        self.parts: list[str] = [
            XML_DECLARATION,
            f'<{self.prefix}:Bericht xmlns:ijw="{model.basis_ns}" '
            f'xmlns:{self.prefix}="{model.ns[message]}">\n',
        ]
        self.depth = 1
        self._stack: list[str] = []

    def _q(self, name: str, basis: bool) -> str:
        return f"ijw:{name}" if basis else f"{self.prefix}:{name}"

    def open(self, name: str, basis: bool = False) -> None:
        q = self._q(name, basis)
        self.parts.append(f"{_TABS[self.depth]}<{q}>\n")
        self._stack.append(q)
        self.depth += 1

    def close(self) -> None:
        self.depth -= 1
        self.parts.append(f"{_TABS[self.depth]}</{self._stack.pop()}>\n")

    def leaf(self, name: str, value: object, basis: bool = False) -> None:
        q = self._q(name, basis)
        text = escape(value if isinstance(value, str) else str(value))
        self.parts.append(f"{_TABS[self.depth]}<{q}>{text}</{q}>\n")

    def opt(self, name: str, value: object | None, basis: bool = False) -> None:
        if value is not None:
            self.leaf(name, value, basis)

    def cdt(self, name: str, *children: tuple[str, object | None]) -> None:
        """An element of a ``CDT_*`` type: its present children in the basisschema namespace."""
        self.open(name)
        for child, value in children:
            self.opt(child, value, basis=True)
        self.close()

    def codes(self, codes: Sequence[str]) -> None:
        self.open("RetourCodes")
        for code in codes:
            self.leaf("RetourCode", code)
        self.close()

    def finish(self) -> bytes:
        self.parts.append(f"</{self.prefix}:Bericht>\n")
        return "".join(self.parts).encode("utf-8")


def _header_common(w: Writer, h: Header, message: str) -> None:
    model = _model()
    w.leaf("BerichtCode", model.code[message])
    w.leaf("BerichtVersie", "3")
    w.leaf("BerichtSubversie", "2")
    w.leaf("Afzender", h.afzender)
    w.leaf("Ontvanger", h.ontvanger)
    w.cdt("BerichtIdentificatie", ("Identificatie", h.identificatie), ("Dagtekening", h.dagtekening))
    xsd_versie(w, "XsdVersie")


def xsd_versie(w: Writer, name: str) -> None:
    model = _model()
    w.cdt(name, ("BasisschemaXsdVersie", model.basis_versie), ("BerichtXsdVersie", model.bericht_versie))


def _header(w: Writer, h: Header) -> None:
    w.open("Header")
    _header_common(w, h, h.message)
    w.close()


# --- client parts -----------------------------------------------------------------------------------------


def _geboortedatum(w: Writer, client: Client, override: str | None = None) -> None:
    w.cdt("Geboortedatum", ("Datum", override or client.geboortedatum.isoformat()))


def _verkorte_naam(w: Writer, client: Client) -> None:
    w.open("Naam")
    w.open("Geslachtsnaam", basis=True)
    w.leaf("Achternaam", client.achternaam, basis=True)
    w.opt("Voorvoegsel", client.voorvoegsel, basis=True)
    w.close()
    w.leaf("Voornamen", client.voornamen, basis=True)
    w.leaf("Voorletters", client.voorletters, basis=True)
    w.close()


def _client_kern(w: Writer, client: Client, bsn: str | None, geboortedatum: str | None) -> None:
    w.leaf("Bsn", bsn or client.bsn)
    _geboortedatum(w, client, geboortedatum)
    w.leaf("Geslacht", client.geslacht)


def _client_message(
    message: str, h: Header, client: Client, bsn: str | None, geboortedatum: str | None
) -> Writer:
    """A writer of ``message`` with its header written and its Client opened, up to the client's name."""
    w = Writer(message)
    _header(w, h)
    w.open("Client")
    _client_kern(w, client, bsn, geboortedatum)
    _verkorte_naam(w, client)
    return w


def _product(w: Writer, categorie: str | None, code: str | None, name: str = "Product") -> None:
    if categorie is not None:
        w.cdt(name, ("Categorie", categorie), ("Code", code))


def _omvang(w: Writer, spec: ProductSpec, volume: int | None = None) -> None:
    if spec.volume is not None:
        w.cdt(
            "Omvang",
            ("Volume", spec.volume if volume is None else volume),
            ("Eenheid", spec.eenheid),
            ("Frequentie", spec.frequentie),
        )


# --- heenberichten ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ToegewezenRegel:
    """One ToegewezenProduct as sent in one JW301 (a snapshot of a :class:`Toewijzing`)."""

    nummer: int
    referentie: str | None
    categorie: str | None
    code: str | None
    toewijzingsdatum: dt.date
    toewijzingstijd: str
    ingangsdatum: dt.date
    einddatum: dt.date | None
    reden: str | None
    spec: ProductSpec

    @classmethod
    def of(cls, tw: Toewijzing) -> ToegewezenRegel:
        assert tw.toewijzingsdatum is not None
        return cls(
            tw.nummer,
            tw.referentie,
            tw.product.categorie,
            tw.product.code,
            tw.toewijzingsdatum,
            tw.toewijzingstijd,
            tw.ingangsdatum,
            tw.einddatum,
            tw.reden,
            tw.product,
        )


def jw301(
    h: Header, client: Client, regels: Sequence[ToegewezenRegel], *, geboortedatum: str | None = None
) -> bytes:
    """A toewijzing (also wijziging/intrekking): all actual toegewezen producten of the client (OP087)."""
    w = Writer("JW301")
    _header(w, h)
    w.open("Client")
    _client_kern(w, client, None, geboortedatum)
    w.open("Naam")
    w.open("Geslachtsnaam", basis=True)
    w.leaf("Achternaam", client.achternaam, basis=True)
    w.opt("Voorvoegsel", client.voorvoegsel, basis=True)
    w.close()
    w.leaf("Voornamen", client.voornamen, basis=True)
    w.leaf("Voorletters", client.voorletters, basis=True)
    w.leaf("NaamGebruik", "1", basis=True)
    w.close()
    if client.relatie is not None:
        rel = client.relatie
        w.open("Relaties")
        w.open("Relatie")
        w.leaf("Nummer", rel.nummer)
        w.leaf("Soort", rel.soort)
        w.open("Naam")
        w.open("Geslachtsnaam", basis=True)
        w.leaf("Achternaam", rel.achternaam, basis=True)
        w.close()
        w.leaf("Voorletters", rel.voorletters, basis=True)
        w.leaf("NaamGebruik", "1", basis=True)
        w.close()
        w.open("Contact")
        w.leaf("Soort", "01")
        _adres(w, client)
        w.open("Telefoon")
        w.open("Telefoon01", basis=True)
        w.leaf("Telefoonnummer", rel.telefoon, basis=True)
        w.leaf("Landnummer", "0031", basis=True)
        w.close()
        w.close()
        w.close()
        w.close()
        w.close()
    w.open("Contactgegevens")
    w.open("Contact")
    w.leaf("Soort", "01")
    _adres(w, client)
    w.close()
    w.close()
    w.open("ToegewezenProducten")
    for r in regels:
        w.open("ToegewezenProduct")
        w.leaf("ToewijzingNummer", r.nummer)
        w.opt("ReferentieAanbieder", r.referentie)
        _product(w, r.categorie, r.code)
        w.leaf("Toewijzingsdatum", r.toewijzingsdatum)
        w.leaf("Toewijzingstijd", r.toewijzingstijd)
        w.leaf("Ingangsdatum", r.ingangsdatum)
        w.opt("Einddatum", r.einddatum)
        w.opt("RedenWijziging", r.reden)
        _omvang(w, r.spec)
        w.opt("Budget", r.spec.budget)
        w.close()
    w.close()
    w.close()
    return w.finish()


def _adres(w: Writer, client: Client) -> None:
    w.open("Adres")
    w.open("Huis", basis=True)
    w.leaf("Huisnummer", client.huisnummer, basis=True)
    w.close()
    w.leaf("Postcode", client.postcode, basis=True)
    w.leaf("Straatnaam", client.straat, basis=True)
    w.leaf("Plaatsnaam", client.plaats, basis=True)
    w.leaf("LandCode", "NL", basis=True)
    w.close()


@dataclass(frozen=True, slots=True)
class AangevraagdRegel:
    """One AangevraagdProduct of a JW315."""

    referentie: str
    spec: ProductSpec
    ingangsdatum: dt.date
    einddatum: dt.date | None
    verwijzer_type: str
    verwijzer_naam: str | None
    verwijzer_agb: str | None


def jw315(
    h: Header,
    client: Client,
    regels: Sequence[AangevraagdRegel],
    *,
    bsn: str | None = None,
    geboortedatum: str | None = None,
) -> bytes:
    """A verzoek om toewijzing."""
    w = _client_message("JW315", h, client, bsn, geboortedatum)
    w.leaf("GezagsdragerBekend", "2")
    w.open("AangevraagdeProducten")
    for r in regels:
        w.open("AangevraagdProduct")
        w.leaf("ReferentieAanbieder", r.referentie)
        _product(w, r.spec.categorie, r.spec.code)
        w.leaf("ToewijzingIngangsdatum", r.ingangsdatum)
        w.opt("ToewijzingEinddatum", r.einddatum)
        _omvang(w, r.spec)
        w.opt("Budget", r.spec.budget)
        w.cdt(
            "Verwijzer",
            ("Type", r.verwijzer_type),
            ("Naam", r.verwijzer_naam),
            ("ZorgverlenerCode", r.verwijzer_agb),
        )
        w.close()
    w.close()
    w.close()
    return w.finish()


def _start_products(w: Writer, items: Sequence[StartItem], codes: Sequence[Sequence[str]] | None) -> None:
    w.open("StartProducten")
    for i, item in enumerate(items):
        tw = item.toewijzing
        w.open("StartProduct")
        w.leaf("ToewijzingNummer", item.nummer if item.nummer is not None else tw.nummer)
        _product(w, tw.product.categorie, tw.product.code)
        w.leaf("ToewijzingIngangsdatum", tw.ingangsdatum)
        w.leaf("Begindatum", item.begindatum)
        w.leaf("StatusAanlevering", item.status)
        if codes is not None:
            w.codes(codes[i])
        w.close()
    w.close()


def jw305(
    h: Header,
    client: Client,
    items: Sequence[StartItem],
    *,
    bsn: str | None = None,
    geboortedatum: str | None = None,
) -> bytes:
    """A start jeugdhulp."""
    w = _client_message("JW305", h, client, bsn, geboortedatum)
    _start_products(w, items, None)
    w.close()
    return w.finish()


def _stop_products(w: Writer, items: Sequence[StopItem]) -> None:
    w.open("StopProducten")
    for item in items:
        tw = item.toewijzing
        w.open("StopProduct")
        w.leaf("ToewijzingNummer", tw.nummer)
        _product(w, tw.product.categorie, tw.product.code)
        w.leaf("ToewijzingIngangsdatum", tw.ingangsdatum)
        w.leaf("Begindatum", item.begindatum)
        w.leaf("RedenBeeindiging", item.reden)
        w.leaf("Einddatum", item.einddatum)
        w.leaf("StatusAanlevering", item.status)
        w.close()
    w.close()


def jw307(h: Header, client: Client, items: Sequence[StopItem], *, geboortedatum: str | None = None) -> bytes:
    """A stop jeugdhulp."""
    w = _client_message("JW307", h, client, None, geboortedatum)
    _stop_products(w, items)
    w.close()
    return w.finish()


@dataclass(frozen=True, slots=True)
class TeWijzigenRegel:
    toewijzing: Toewijzing
    gewenste_ingangsdatum: dt.date
    einddatum: dt.date | None


@dataclass(frozen=True, slots=True)
class NieuwRegel:
    spec: ProductSpec
    gewenste_ingangsdatum: dt.date
    einddatum: dt.date | None


def jw317(
    h: Header,
    bsn: str,
    referentie: str,
    reden: str,
    ongewijzigd: Sequence[int],
    te_wijzigen: Sequence[TeWijzigenRegel],
    nieuw: Sequence[NieuwRegel],
) -> bytes:
    """A verzoek om wijziging: the whole desired situation of the client (TR349)."""
    w = Writer("JW317")
    _header(w, h)
    w.open("Client")
    w.leaf("Bsn", bsn)
    w.open("Verzoek")
    w.leaf("ReferentieAanbieder", referentie)
    w.leaf("RedenVerzoek", reden)
    if ongewijzigd:
        w.open("OngewijzigdeProducten")
        for nummer in ongewijzigd:
            w.open("OngewijzigdProduct")
            w.leaf("ToewijzingNummer", nummer)
            w.close()
        w.close()
    if te_wijzigen:
        w.open("TeWijzigenProducten")
        for t in te_wijzigen:
            w.open("TeWijzigenProduct")
            w.leaf("ToewijzingNummer", t.toewijzing.nummer)
            w.leaf("GewensteIngangsdatum", t.gewenste_ingangsdatum)
            w.opt("Einddatum", t.einddatum)
            _omvang(w, t.toewijzing.product)
            w.opt("Budget", t.toewijzing.product.budget)
            w.close()
        w.close()
    if nieuw:
        w.open("NieuweProducten")
        for n in nieuw:
            w.open("NieuwProduct")
            _product(w, n.spec.categorie, n.spec.code)
            w.leaf("GewensteIngangsdatum", n.gewenste_ingangsdatum)
            w.opt("Einddatum", n.einddatum)
            _omvang(w, n.spec)
            w.opt("Budget", n.spec.budget)
            w.close()
        w.close()
    w.close()
    w.close()
    return w.finish()


def jw319(h: Header, referentie: str, antwoord: str, reden: str | None, woonplaats: str | None) -> bytes:
    """An antwoordbericht (VerzoekAntwoord 1 afgewezen, 2 in onderzoek)."""
    w = Writer("JW319")
    _header(w, h)
    w.open("Antwoord")
    w.leaf("ReferentieAanbieder", referentie)
    w.leaf("VerzoekAntwoord", antwoord)
    w.opt("RedenAfwijzingVerzoek", reden)
    if woonplaats is not None:
        w.open("Woonplaatsbeginsel")
        w.leaf("Gemeente", woonplaats)
        w.close()
    w.close()
    return w.finish()


def _prestatie(w: Writer, p: Prestatie, codes: Sequence[str] | None = None) -> None:
    w.open("Prestatie")
    w.cdt("ProductReferentie", ("ReferentieNummer", p.referentie), ("VorigReferentieNummer", p.vorig))
    w.leaf("ToewijzingNummer", p.toewijzing.nummer)
    w.leaf("ProductCategorie", p.categorie)
    w.leaf("ProductCode", p.code)
    w.cdt("ProductPeriode", ("Begindatum", p.begin), ("Einddatum", p.end))
    w.leaf("GeleverdVolume", p.volume)
    w.leaf("Eenheid", p.eenheid)
    w.opt("ProductTarief", p.tarief)
    w.cdt("IngediendBedrag", ("Bedrag", p.bedrag), ("DebetCredit", "C" if p.credit else "D"))
    if codes is not None:
        w.codes(codes)
    w.close()


def _totaal(prestaties: Sequence[Prestatie]) -> tuple[int, str]:
    total = sum(p.signed_bedrag for p in prestaties)
    return abs(total), ("C" if total < 0 else "D")


def group_by_client(prestaties: Sequence[Prestatie]) -> list[tuple[str, list[Prestatie]]]:
    """Prestaties grouped per BSN, in order of first appearance."""
    groups: dict[str, list[Prestatie]] = {}
    for p in prestaties:
        groups.setdefault(p.bsn, []).append(p)
    return list(groups.items())


def jw323(
    h: Header, declaratienummer: str, periode: tuple[dt.date, dt.date], prestaties: Sequence[Prestatie]
) -> bytes:
    """A declaratie for one calendar month."""
    w = Writer("JW323")
    _header(w, h)
    w.open("Declaratie")
    w.leaf("DeclaratieNummer", declaratienummer)
    w.cdt("DeclaratiePeriode", ("Begindatum", periode[0]), ("Einddatum", periode[1]))
    w.leaf("DeclaratieDagtekening", h.dagtekening)
    bedrag, dc = _totaal(prestaties)
    w.cdt("TotaalIngediendBedrag", ("TotaalBedrag", bedrag), ("DebetCredit", dc))
    w.open("Clienten")
    for bsn, group in group_by_client(prestaties):
        w.open("Client")
        w.leaf("Bsn", bsn)
        w.open("Prestaties")
        for p in group:
            _prestatie(w, p)
        w.close()
        w.close()
    w.close()
    w.close()
    return w.finish()


def jw325(
    h: Header,
    declaratie: Header,
    declaratienummer: str,
    prestaties: Sequence[Prestatie],
) -> bytes:
    """A declaratie-antwoord: the prestaties with status ``rejected`` are returned with their code."""
    w = Writer("JW325")
    w.open("Header")
    _header_common(w, h, "JW325")
    w.cdt(
        "DeclaratieIdentificatie",
        ("Identificatie", declaratie.identificatie),
        ("Dagtekening", declaratie.dagtekening),
    )
    xsd_versie(w, "XsdVersieDeclaratie")
    w.codes(["0200"])
    w.close()
    ingediend, dc_in = _totaal(prestaties)
    toegekend, dc_toe = _totaal([p for p in prestaties if p.status != "rejected"])
    rejected = [p for p in prestaties if p.status == "rejected"]
    w.open("DeclaratieAntwoord")
    w.leaf("DeclaratieNummer", declaratienummer)
    w.cdt("TotaalIngediendBedrag", ("TotaalBedrag", ingediend), ("DebetCredit", dc_in))
    w.cdt("TotaalToegekendBedrag", ("TotaalBedrag", toegekend), ("DebetCredit", dc_toe))
    if rejected:
        w.open("Clienten")
        for bsn, group in group_by_client(rejected):
            w.open("Client")
            w.leaf("Bsn", bsn)
            w.open("Prestaties")
            for p in group:
                _prestatie(w, p, [p.reject_code or "0611"])
            w.close()
            w.codes(["0200"])
            w.close()
        w.close()
        w.codes(["0200"])
    else:
        w.codes(["8001"])
    w.close()
    return w.finish()


# --- retourberichten --------------------------------------------------------------------------------------

#: heenbericht → its retour message (JW323 is answered by its own JW325 construction), from the model
RETOUR_OF = {
    m.name: m.answered_by for m in load_model().messages.values() if m.answered_by and m.name != "JW323"
}


def retour(
    heen: Header,
    identificatie: str,
    dagtekening: dt.date,
    header_codes: Sequence[str] = (),
    client: Client | None = None,
    start_items: Sequence[StartItem] = (),
    start_codes: Sequence[Sequence[str]] = (),
) -> bytes:
    """The retour of ``heen``: its header copied, with IdentificatieRetour, DagtekeningRetour and
    XsdVersieRetour added.

    Without codes the retour is the header only (no errors). ``header_codes`` go into the header (0001 for
    a message that broke an in-message rule, 9056 for TR056). For a JW306, ``client`` with ``start_items``
    and per item its codes returns the client subtree (control level 3 errors on StartProducten).
    """
    message = RETOUR_OF[heen.message]
    w = Writer(message)
    w.open("Header")
    retour_header = Header(message, heen.afzender, heen.ontvanger, heen.identificatie, heen.dagtekening)
    _header_common(w, retour_header, message)
    w.leaf("IdentificatieRetour", identificatie)
    w.leaf("DagtekeningRetour", dagtekening)
    xsd_versie(w, "XsdVersieRetour")
    if header_codes:
        w.codes(header_codes)
    w.close()
    if client is not None and start_items:
        w.open("Client")
        _client_kern(w, client, None, None)
        _verkorte_naam(w, client)
        _start_products(w, start_items, start_codes)
        w.codes(["0200"])
        w.close()
    return w.finish()

"""Per implemented rule: messages that break it and messages that keep it.

Every case starts from the valid base message of :mod:`builders` and applies mutations. A
:class:`Break` names the rule, the exact location of the finding and the other rules the same mutation
unavoidably breaks too (``also``); a :class:`Keep` is a message close to the rule's boundary that must
produce no finding at all. ``docs/rules.md`` lists the cases per rule (``python -m ijw.rules.doc``), so
keep each call in the form ``Break("CODE", "JWnnn", "name", ...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builders import BSN, Mutation, append, del_, duplicate, prestatie, set_


@dataclass(frozen=True)
class Break:
    rule: str
    message: str
    name: str
    mutations: list[Mutation]
    location: str
    also: frozenset[str] = field(default_factory=frozenset)

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.message}-{self.name}"


@dataclass(frozen=True)
class Keep:
    rule: str
    message: str
    name: str
    mutations: list[Mutation]

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.message}-{self.name}"


def also(*codes: str) -> frozenset[str]:
    return frozenset(codes)


# paths (mutations without /Bericht, locations with it)
C = "Client"
TP = "Client/ToegewezenProducten/ToegewezenProduct"
CG = "Client/Contactgegevens/Contact"
REL = "Client/Relaties/Relatie"
AP = "Client/AangevraagdeProducten/AangevraagdProduct"
VZ = "Client/Verzoek"
NP = "Client/Verzoek/NieuweProducten/NieuwProduct"
TWP = "Client/Verzoek/TeWijzigenProducten/TeWijzigenProduct"
START = "Client/StartProducten/StartProduct"
STOP = "Client/StopProducten/StopProduct"
DC = "Declaratie/Clienten/Client"
P1 = f"{DC}[1]/Prestaties/Prestatie[1]"
P2 = f"{DC}[1]/Prestaties/Prestatie[2]"
P3 = f"{DC}[1]/Prestaties/Prestatie[3]"
P4 = f"{DC}[2]/Prestaties/Prestatie"
AC = "DeclaratieAntwoord/Clienten/Client"
AP325 = f"{AC}/Prestaties/Prestatie"
TOTAL = "Declaratie/TotaalIngediendBedrag/TotaalBedrag"
BASE_TOTAL = 104000 - 65000 + 78000 + 150000


def at(path: str) -> str:
    return "/Bericht/" + path


GENERIEK_TP = {
    "ToewijzingNummer": "300300",
    "Toewijzingsdatum": "2026-04-01",
    "Toewijzingstijd": "10:00:00",
    "Ingangsdatum": "2026-04-01",
    "Einddatum": "2026-12-31",
    "Budget": "500000",
}
GENERIEK_AP = {
    "ReferentieAanbieder": "VOT-2026-0009",
    "ToewijzingIngangsdatum": "2026-04-01",
    "ToewijzingEinddatum": "2026-12-31",
    "Budget": "500000",
    "Verwijzer": {"Type": "01"},
}
FOREIGN = {"Huis": {"Huisnummer": "4"}, "Postcode": "1000", "Plaatsnaam": "Brussel", "LandCode": "BE"}
REJECTED_ANTWOORD = [
    del_("DeclaratieAntwoord/Clienten"),
    set_("DeclaratieAntwoord/TotaalToegekendBedrag", {"TotaalBedrag": "0", "DebetCredit": "D"}),
    set_("DeclaratieAntwoord/RetourCodes", {"RetourCode": ["9333"]}),
]

BREAKS: list[Break] = [
    # --- datatypes ---------------------------------------------------------------------------------------
    Break("CS002", "JW301", "bsn-eleven-test", [set_(f"{C}/Bsn", "999900007")], at(f"{C}/Bsn")),
    Break("CS002", "JW302", "bsn-in-retour", [set_(f"{C}/Bsn", "123456789")], at(f"{C}/Bsn")),
    Break("CS002", "JW305", "bsn-start", [set_(f"{C}/Bsn", "999900019")], at(f"{C}/Bsn")),
    Break("CS002", "JW318", "bsn-retour-vow", [set_(f"{C}/Bsn", "999900007")], at(f"{C}/Bsn")),
    Break("CS002", "JW323", "bsn-second-client", [set_(f"{DC}[2]/Bsn", "999900019")], at(f"{DC}[2]/Bsn")),
    Break("CS002", "JW325", "bsn-answer", [set_(f"{AC}/Bsn", "999900019")], at(f"{AC}/Bsn")),
    Break(
        "CS139",
        "JW301",
        "day-unknown-but-not-01",
        [set_(f"{C}/Geboortedatum", {"Datum": "2012-05-14", "DatumGebruik": "1"})],
        at(f"{C}/Geboortedatum/DatumGebruik"),
    ),
    Break(
        "CS139",
        "JW306",
        "month-unknown-in-retour",
        [set_(f"{C}/Geboortedatum", {"Datum": "2012-05-01", "DatumGebruik": "2"})],
        at(f"{C}/Geboortedatum/DatumGebruik"),
    ),
    Break(
        "CS139",
        "JW301",
        "relatie-all-unknown-not-1900",
        [set_(f"{REL}[1]/Geboortedatum/DatumGebruik", "3")],
        at(f"{REL}[1]/Geboortedatum/DatumGebruik"),
    ),
    Break(
        "CS050",
        "JW301",
        "4-without-partner",
        [set_(f"{C}/Naam/NaamGebruik", "4")],
        at(f"{C}/Naam/NaamGebruik"),
    ),
    Break(
        "CS050",
        "JW302",
        "6-with-partner-in-retour",
        [set_(f"{REL}[1]/Naam/NaamGebruik", "6")],
        at(f"{REL}[1]/Naam/NaamGebruik"),
    ),
    Break(
        "CD005", "JW301", "postcode-without-landcode", [del_(f"{CG}[1]/Adres/LandCode")], at(f"{CG}[1]/Adres")
    ),
    Break(
        "CD005",
        "JW302",
        "landcode-without-postcode",
        [del_(f"{CG}[2]/Adres/Postcode")],
        at(f"{CG}[2]/Adres/LandCode"),
        also("CS089"),
    ),
    # the official XSLT reports an Einddatum whose begin date is missing (checkafter: not($pOther))
    Break(
        "CS003",
        "JW301",
        "periode-end-without-begin",
        [del_(f"{CG}[2]/Periode/Begindatum")],
        at(f"{CG}[2]/Periode/Einddatum"),
    ),
    # issue 18: the official XSLT matches a missing Postcode against the Dutch pattern (CS089 template:
    # checkimplication LandCode NL -> Postcode "#1000ZZ"), next to CD005 and CD034
    Break(
        "CS089",
        "JW301",
        "nl-without-postcode",
        [del_(f"{CG}[1]/Adres/Postcode")],
        at(f"{CG}[1]/Adres/Postcode"),
        also("CD005", "CD034"),
    ),
    Break("CD025", "JW301", "nl-without-huis", [del_(f"{CG}[1]/Adres/Huis")], at(f"{CG}[1]/Adres")),
    Break(
        "CS089",
        "JW301",
        "postcode-with-space",
        [set_(f"{CG}[1]/Adres/Postcode", "1015 AB")],
        at(f"{CG}[1]/Adres/Postcode"),
    ),
    Break(
        "CS089",
        "JW302",
        "postcode-leading-zero",
        [set_(f"{CG}[1]/Adres/Postcode", "0115AB")],
        at(f"{CG}[1]/Adres/Postcode"),
    ),
    Break("CD007", "JW301", "tolk-without-taal", [del_(f"{C}/Communicatie/Taal")], at(f"{C}/Communicatie")),
    Break(
        "CD007",
        "JW302",
        "doventolk-with-taal",
        [set_(f"{C}/Communicatie/Vorm", "2")],
        at(f"{C}/Communicatie/Taal"),
    ),
    Break(
        "CS003",
        "JW301",
        "contact-periode-reversed",
        [set_(f"{CG}[2]/Periode/Einddatum", "2026-02-28")],
        at(f"{CG}[2]/Periode/Einddatum"),
    ),
    Break(
        "CS325",
        "JW325",
        "zero-credit-total",
        [*REJECTED_ANTWOORD, set_("DeclaratieAntwoord/TotaalToegekendBedrag/DebetCredit", "C")],
        at("DeclaratieAntwoord/TotaalToegekendBedrag/DebetCredit"),
    ),
    Break(
        "CS325",
        "JW323",
        "zero-credit-prestatie",
        [set_(f"{P2}/IngediendBedrag/Bedrag", "0"), set_(TOTAL, str(BASE_TOTAL + 65000))],
        at(f"{P2}/IngediendBedrag/DebetCredit"),
    ),
    # --- person and date rules ---------------------------------------------------------------------------
    Break(
        "TR002",
        "JW305",
        "older-than-120",
        [set_(f"{C}/Geboortedatum/Datum", "1906-04-09")],
        at(f"{C}/Geboortedatum/Datum"),
    ),
    Break(
        "TR002",
        "JW301",
        "relatie-older-than-120",
        [set_(f"{REL}[1]/Geboortedatum/Datum", "1906-03-01")],
        at(f"{REL}[1]/Geboortedatum/Datum"),
    ),
    # issue 18: a Relatie born 125 years before the Dagtekening (TR002 template of the official XSLT:
    # every */Geboortedatum/Datum)
    Break(
        "TR002",
        "JW301",
        "relatie-125-years",
        [set_(f"{REL}[2]/Geboortedatum", {"Datum": "1901-04-01"})],
        at(f"{REL}[2]/Geboortedatum/Datum"),
    ),
    # the official XSLT checks TR002 in retour messages too (their header carries the heen Dagtekening)
    Break(
        "TR002",
        "JW302",
        "retour-client-older-than-120",
        [set_(f"{C}/Geboortedatum/Datum", "1906-03-01")],
        at(f"{C}/Geboortedatum/Datum"),
    ),
    Break(
        "TR134",
        "JW301",
        "born-after-dagtekening",
        [set_(f"{C}/Geboortedatum/Datum", "2026-04-02")],
        at(f"{C}/Geboortedatum/Datum"),
    ),
    Break(
        "TR134",
        "JW301",
        "toewijzingsdatum-after-dagtekening",
        [set_(f"{TP}[1]/Toewijzingsdatum", "2026-04-02")],
        at(f"{TP}[1]/Toewijzingsdatum"),
    ),
    Break(
        "TR134",
        "JW305",
        "start-in-future",
        [set_(f"{START}[1]/Begindatum", "2026-04-11")],
        at(f"{START}[1]/Begindatum"),
    ),
    Break(
        "TR134",
        "JW307",
        "stop-in-future",
        [set_(f"{STOP}[3]/Einddatum", "2026-08-04")],
        at(f"{STOP}[3]/Einddatum"),
    ),
    Break(
        "TR134",
        "JW315",
        "born-after-dagtekening",
        [set_(f"{C}/Geboortedatum/Datum", "2026-03-21")],
        at(f"{C}/Geboortedatum/Datum"),
    ),
    # issue 18: the official XSLT checks TR134 on the Begindatum of the DeclaratiePeriode and of every
    # ProductPeriode against the Dagtekening (not on the DeclaratieDagtekening)
    Break(
        "TR134",
        "JW323",
        "productperiode-begins-after-dagtekening",
        [set_("Header/BerichtIdentificatie/Dagtekening", "2026-04-02")],
        at(f"{P1}/ProductPeriode/Begindatum"),
        also("TR137"),
    ),
    Break(
        "TR134",
        "JW325",
        "productperiode-begins-after-answer",
        [set_(f"{AP325}/ProductPeriode", {"Begindatum": "2026-05-13", "Einddatum": "2026-05-13"})],
        at(f"{AP325}/ProductPeriode/Begindatum"),
        also("TR137"),
    ),
    # --- JW301 --------------------------------------------------------------------------------------------
    Break(
        "CS318",
        "JW301",
        "client-niet-natuurlijk",
        [set_(f"{C}/Naam/NaamGebruik", "6")],
        at(f"{C}/Naam/NaamGebruik"),
    ),
    Break(
        "TR006", "JW301", "relatie-unreachable", [del_(f"{REL}[2]/Contact/Telefoon")], at(f"{REL}[2]/Contact")
    ),
    Break("TR061", "JW301", "only-tijdelijk-adres", [del_(f"{CG}[1]")], at("Client/Contactgegevens")),
    Break(
        "CD009",
        "JW301",
        "periode-on-brp-adres",
        [set_(f"{CG}[1]/Periode", {"Begindatum": "2026-01-01"})],
        at(f"{CG}[1]/Periode"),
    ),
    Break(
        "CD034",
        "JW301",
        "brp-adres-without-adres",
        [del_(f"{REL}[1]/Contact/Adres")],
        at(f"{REL}[1]/Contact"),
    ),
    Break(
        "CD034",
        "JW301",
        "brp-adres-without-postcode",
        [set_(f"{CG}[1]/Adres", {"Huis": {"Huisnummer": "2"}, "Plaatsnaam": "Amsterdam"})],
        at(f"{CG}[1]/Adres"),
    ),
    Break(
        "TR101",
        "JW301",
        "toewijzingnummer-twice",
        [set_(f"{TP}[2]/ToewijzingNummer", "300201")],
        at(f"{TP}[2]"),
    ),
    Break("TR101", "JW301", "relatie-nummer-twice", [set_(f"{REL}[2]/Nummer", "REL-1")], at(f"{REL}[2]")),
    Break(
        "TR101", "JW301", "contact-soort-twice", [set_(f"{CG}[2]/Soort", "01")], at(f"{CG}[2]"), also("CD009")
    ),
    Break("CD041", "JW301", "code-without-omvang", [del_(f"{TP}[2]/Omvang")], at(f"{TP}[2]")),
    Break("CD075", "JW301", "budget-without-einddatum", [del_(f"{TP}[3]/Einddatum")], at(f"{TP}[3]")),
    Break("CD076", "JW301", "per-week-without-einddatum", [del_(f"{TP}[1]/Einddatum")], at(f"{TP}[1]")),
    Break(
        "CD077",
        "JW301",
        "budget-and-omvang",
        [set_(f"{TP}[1]/Budget", "1000")],
        at(f"{TP}[1]/Omvang"),
        also("CD078"),
    ),
    Break(
        "CD078",
        "JW301",
        "omvang-and-budget",
        [set_(f"{TP}[1]/Budget", "1000")],
        at(f"{TP}[1]/Budget"),
        also("CD077"),
    ),
    Break(
        "CD079",
        "JW301",
        "no-product-no-budget",
        [del_(f"{TP}[3]/Product"), del_(f"{TP}[3]/Budget")],
        at(f"{TP}[3]"),
        also("TR302"),
    ),
    Break(
        "CD080",
        "JW301",
        "aspecifiek-with-omvang",
        [
            del_(f"{TP}[3]/Budget"),
            set_(f"{TP}[3]/Omvang", {"Volume": "1", "Eenheid": "82", "Frequentie": "6"}),
        ],
        at(f"{TP}[3]/Omvang"),
    ),
    Break(
        "CS338",
        "JW301",
        "dagdeel-per-dag",
        [set_(f"{TP}[2]/Omvang", {"Volume": "1", "Eenheid": "16", "Frequentie": "1"})],
        at(f"{TP}[2]/Omvang/Frequentie"),
    ),
    Break(
        "CS003",
        "JW301",
        "einddatum-before-ingangsdatum",
        [set_(f"{TP}[1]/Einddatum", "2026-03-31")],
        at(f"{TP}[1]/Einddatum"),
    ),
    Break(
        "CS335",
        "JW301",
        "verwijderd-ending-later",
        [set_(f"{TP}[1]/RedenWijziging", "13")],
        at(f"{TP}[1]/RedenWijziging"),
    ),
    # deviation `CS335-without-Einddatum` (docs/rules.md): ToegewezenProduct 2 has no Einddatum; the
    # official XSLT says nothing here, the rule text ("alleen ... indien de ingangsdatum gelijk is aan de
    # einddatum") leaves no doubt
    Break(
        "CS335",
        "JW301",
        "verwijderd-without-equal-dates",
        [set_(f"{TP}[2]/RedenWijziging", "13")],
        at(f"{TP}[2]/RedenWijziging"),
    ),
    Break(
        "CS336",
        "JW301",
        "administratieve-correctie",
        [set_(f"{TP}[2]/RedenWijziging", "01")],
        at(f"{TP}[2]/RedenWijziging"),
    ),
    Break(
        "TR302",
        "JW301",
        "same-code-overlapping",
        [set_(f"{TP}[2]/Product", {"Categorie": "45", "Code": "45A03"})],
        at(f"{TP}[2]"),
    ),
    Break(
        "TR302",
        "JW301",
        "aspecifiek-overlaps-specifiek",
        [set_(f"{TP}[3]/Product", {"Categorie": "45"})],
        at(f"{TP}[3]"),
    ),
    # --- JW305 / JW307 ------------------------------------------------------------------------------------
    Break(
        "CS058",
        "JW305",
        "gewijzigde-aanlevering",
        [set_(f"{START}[1]/StatusAanlevering", "2")],
        at(f"{START}[1]/StatusAanlevering"),
    ),
    Break(
        "CS058",
        "JW307",
        "niet-van-toepassing",
        [set_(f"{STOP}[1]/StatusAanlevering", "9")],
        at(f"{STOP}[1]/StatusAanlevering"),
    ),
    Break(
        "TR101",
        "JW305",
        "removal-and-new-same-key",
        [set_(f"{START}[4]/Begindatum", "2026-04-02")],
        at(f"{START}[4]"),
    ),
    Break("TR101", "JW307", "stop-twice", [duplicate(f"{STOP}[3]")], at(f"{STOP}[4]")),
    Break(
        "TR018",
        "JW307",
        "stop-before-start",
        [set_(f"{STOP}[3]/Einddatum", "2026-04-07")],
        at(f"{STOP}[3]/Einddatum"),
    ),
    # --- JW315 --------------------------------------------------------------------------------------------
    Break(
        "TR383",
        "JW315",
        "referentie-twice",
        [set_(f"{AP}[2]/ReferentieAanbieder", "VOT-2026-0001")],
        at(f"{AP}[2]/ReferentieAanbieder"),
        also("TR101"),
    ),
    # issue 18: the ReferentieAanbieder is the TR101 key of an AangevraagdProduct (TR101 template of the
    # official XSLT), so a repeated one breaks TR101 next to TR383
    Break(
        "TR101",
        "JW315",
        "referentie-twice",
        [set_(f"{AP}[2]/ReferentieAanbieder", "VOT-2026-0001")],
        at(f"{AP}[2]"),
        also("TR383"),
    ),
    Break(
        "TR386",
        "JW315",
        "categorie-overlaps-code",
        [set_(f"{AP}[2]/Product", {"Categorie": "45"})],
        at(f"{AP}[2]"),
    ),
    Break(
        "CD043",
        "JW315",
        "nummer-without-ingangsdatum",
        [del_(f"{AP}[1]/BeschikkingIngangsdatum")],
        at(f"{AP}[1]"),
    ),
    Break(
        "CD043",
        "JW315",
        "ingangsdatum-without-nummer",
        [del_(f"{AP}[1]/BeschikkingNummer")],
        at(f"{AP}[1]/BeschikkingIngangsdatum"),
    ),
    Break(
        "CD066",
        "JW315",
        "code-and-naam",
        [set_(f"{AP}[1]/Verwijzer/Naam", "Dokter Visser")],
        at(f"{AP}[1]/Verwijzer/Naam"),
    ),
    Break(
        "CD067",
        "JW315",
        "neither-code-nor-naam",
        [set_(f"{AP}[2]/Verwijzer", {"Type": "03"})],
        at(f"{AP}[2]/Verwijzer"),
    ),
    Break(
        "CD068",
        "JW315",
        "zelfverwijzer-with-code",
        [set_(f"{AP}[2]/Verwijzer", {"Type": "06", "ZorgverlenerCode": "01234567"})],
        at(f"{AP}[2]/Verwijzer/ZorgverlenerCode"),
    ),
    Break("CD041", "JW315", "code-without-omvang", [del_(f"{AP}[1]/Omvang")], at(f"{AP}[1]")),
    Break(
        "CD075", "JW315", "budget-without-einddatum", [del_(f"{AP}[2]/ToewijzingEinddatum")], at(f"{AP}[2]")
    ),
    Break(
        "CD076", "JW315", "per-week-without-einddatum", [del_(f"{AP}[1]/ToewijzingEinddatum")], at(f"{AP}[1]")
    ),
    Break(
        "CD077",
        "JW315",
        "budget-and-omvang",
        [set_(f"{AP}[1]/Budget", "1000")],
        at(f"{AP}[1]/Omvang"),
        also("CD078"),
    ),
    Break(
        "CD078",
        "JW315",
        "omvang-and-budget",
        [set_(f"{AP}[1]/Budget", "1000")],
        at(f"{AP}[1]/Budget"),
        also("CD077"),
    ),
    Break(
        "CD079",
        "JW315",
        "no-product-no-budget",
        [del_(f"{AP}[2]/Product"), del_(f"{AP}[2]/Budget")],
        at(f"{AP}[2]"),
        also("TR386"),
    ),
    Break(
        "CD095",
        "JW315",
        "aspecifiek-with-omvang",
        [
            del_(f"{AP}[2]/Budget"),
            set_(f"{AP}[2]/Omvang", {"Volume": "1", "Eenheid": "82", "Frequentie": "6"}),
        ],
        at(f"{AP}[2]/Omvang"),
    ),
    Break(
        "CS343",
        "JW315",
        "etmaal-per-dag",
        [set_(f"{AP}[1]/Omvang", {"Volume": "1", "Eenheid": "14", "Frequentie": "1"})],
        at(f"{AP}[1]/Omvang/Frequentie"),
    ),
    Break(
        "CS003",
        "JW315",
        "einddatum-before-ingangsdatum",
        [set_(f"{AP}[1]/ToewijzingEinddatum", "2026-03-31")],
        at(f"{AP}[1]/ToewijzingEinddatum"),
    ),
    # --- JW317 --------------------------------------------------------------------------------------------
    Break(
        "TR352",
        "JW317",
        "only-new-products",
        [del_(f"{VZ}/OngewijzigdeProducten"), del_(f"{VZ}/TeWijzigenProducten")],
        at(VZ),
    ),
    Break(
        "TR353",
        "JW317",
        "nothing-changes",
        [del_(f"{VZ}/TeWijzigenProducten"), del_(f"{VZ}/NieuweProducten")],
        at(VZ),
    ),
    Break(
        "TR380",
        "JW317",
        "new-product-starts-on-dagtekening",
        [set_(f"{NP}/GewensteIngangsdatum", "2026-09-01")],
        at(f"{NP}/GewensteIngangsdatum"),
    ),
    Break(
        "TR410",
        "JW317",
        "new-product-twice-overlapping",
        [duplicate(NP, [set_("GewensteIngangsdatum", "2027-01-01")])],
        at(f"{NP}[2]"),
    ),
    Break(
        "TR101",
        "JW317",
        "ongewijzigd-twice",
        [set_("Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct[2]", {"ToewijzingNummer": "300202"})],
        at("Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct[2]"),
    ),
    Break("TR101", "JW317", "nieuw-twice", [duplicate(NP)], at(f"{NP}[2]"), also("TR410")),
    Break("CD041", "JW317", "code-without-omvang", [del_(f"{NP}/Omvang")], at(NP)),
    Break(
        "CD096",
        "JW317",
        "aspecifiek-with-omvang",
        [set_(f"{NP}/Product", {"Categorie": "44"})],
        at(f"{NP}/Omvang"),
    ),
    Break(
        "CD075",
        "JW317",
        "te-wijzigen-budget-without-einddatum",
        [del_(f"{TWP}/Omvang"), set_(f"{TWP}/Budget", "5000"), del_(f"{TWP}/Einddatum")],
        at(TWP),
    ),
    Break("CD076", "JW317", "te-wijzigen-per-week-without-einddatum", [del_(f"{TWP}/Einddatum")], at(TWP)),
    Break(
        "CD077",
        "JW317",
        "te-wijzigen-budget-and-omvang",
        [set_(f"{TWP}/Budget", "1000")],
        at(f"{TWP}/Omvang"),
        also("CD078"),
    ),
    Break(
        "CD078",
        "JW317",
        "nieuw-omvang-and-budget",
        [set_(f"{NP}/Budget", "1000")],
        at(f"{NP}/Budget"),
        also("CD077"),
    ),
    Break(
        "CD079",
        "JW317",
        "nieuw-without-product-and-budget",
        [del_(f"{NP}/Product"), del_(f"{NP}/Omvang")],
        at(NP),
    ),
    Break(
        "CS338",
        "JW317",
        "nieuw-etmaal-per-dag",
        [set_(f"{NP}/Omvang/Eenheid", "14"), set_(f"{NP}/Omvang/Frequentie", "1")],
        at(f"{NP}/Omvang/Frequentie"),
    ),
    Break(
        "CS003",
        "JW317",
        "te-wijzigen-reversed",
        [set_(f"{TWP}/Einddatum", "2026-03-31")],
        at(f"{TWP}/Einddatum"),
    ),
    # --- JW319 --------------------------------------------------------------------------------------------
    Break(
        "CD085",
        "JW319",
        "afgewezen-without-reden",
        [del_("Antwoord/RedenAfwijzingVerzoek"), del_("Antwoord/Woonplaatsbeginsel")],
        at("Antwoord"),
    ),
    Break(
        "CD086",
        "JW319",
        "in-onderzoek-with-reden",
        [set_("Antwoord/VerzoekAntwoord", "2")],
        at("Antwoord/RedenAfwijzingVerzoek"),
    ),
    Break(
        "TR377",
        "JW319",
        "woonplaatsbeginsel-missing",
        [del_("Antwoord/Woonplaatsbeginsel")],
        at("Antwoord/RedenAfwijzingVerzoek"),
    ),
    Break(
        "TR409",
        "JW319",
        "woonplaatsbeginsel-with-other-reden",
        [set_("Antwoord/RedenAfwijzingVerzoek", "3")],
        at("Antwoord/Woonplaatsbeginsel"),
    ),
    # --- JW323 --------------------------------------------------------------------------------------------
    Break(
        "TR358",
        "JW323",
        "total-off-by-one-cent",
        [set_(TOTAL, str(BASE_TOTAL + 1))],
        at("Declaratie/TotaalIngediendBedrag"),
    ),
    Break(
        "TR358",
        "JW323",
        "total-credit",
        [set_("Declaratie/TotaalIngediendBedrag/DebetCredit", "C")],
        at("Declaratie/TotaalIngediendBedrag"),
    ),
    Break(
        "TR101",
        "JW323",
        "referentienummer-twice",
        [set_(f"{P3}/ProductReferentie/ReferentieNummer", "P2026-0401")],
        at(P3),
    ),
    Break("TR101", "JW323", "client-twice", [set_(f"{DC}[2]/Bsn", BSN)], at(f"{DC}[2]")),
    Break(
        "TR137",
        "JW323",
        "productperiode-reversed",
        [set_(f"{P1}/ProductPeriode/Einddatum", "2026-04-02")],
        at(f"{P1}/ProductPeriode/Einddatum"),
    ),
    Break(
        "TR137",
        "JW323",
        "declaratieperiode-after-dagtekening",
        [
            set_("Header/BerichtIdentificatie/Dagtekening", "2026-04-29"),
            set_("Declaratie/DeclaratieDagtekening", "2026-04-29"),
            set_(f"{P1}/ProductPeriode/Einddatum", "2026-04-28"),
            set_(f"{P4}/ProductPeriode/Einddatum", "2026-04-28"),
        ],
        at("Declaratie/DeclaratiePeriode/Einddatum"),
    ),
    Break(
        "TR335",
        "JW323",
        "older-than-five-years",
        [set_(f"{P3}/ProductPeriode", {"Begindatum": "2021-04-01", "Einddatum": "2021-04-30"})],
        at(f"{P3}/ProductPeriode/Einddatum"),
    ),
    Break(
        "CS100",
        "JW323",
        "productperiode-2020",
        [set_(f"{P3}/ProductPeriode", {"Begindatum": "2020-12-01", "Einddatum": "2020-12-31"})],
        at(f"{P3}/ProductPeriode/Begindatum"),
        also("TR335"),
    ),
    Break(
        "CS100",
        "JW323",
        "declaratieperiode-2020",
        [set_("Declaratie/DeclaratiePeriode", {"Begindatum": "2020-12-01", "Einddatum": "2020-12-31"})],
        at("Declaratie/DeclaratiePeriode/Begindatum"),
        also("TR319"),
    ),
    Break(
        "CS340",
        "JW323",
        "declaratieperiode-not-whole-month",
        [set_("Declaratie/DeclaratiePeriode/Einddatum", "2026-04-29")],
        at("Declaratie/DeclaratiePeriode"),
        also("TR319"),
    ),
    Break(
        "CS337",
        "JW323",
        "productperiode-two-months",
        [set_(f"{P1}/ProductPeriode/Einddatum", "2026-05-02")],
        at(f"{P1}/ProductPeriode/Einddatum"),
        also("TR319"),
    ),
    # issue 18: the official XSLT checks TR319 within the JW323 (TR319 template: the Begindatum and the
    # Einddatum of a ProductPeriode are not after the Einddatum of the DeclaratiePeriode)
    Break(
        "TR319",
        "JW323",
        "productperiode-after-declaratieperiode",
        [set_(f"{P1}/ProductPeriode", {"Begindatum": "2026-05-01", "Einddatum": "2026-05-05"})],
        at(f"{P1}/ProductPeriode"),
    ),
    Break(
        "TR315",
        "JW323",
        "credit-twice",
        [
            duplicate(P2, [set_("ProductReferentie/ReferentieNummer", "P2026-0405")]),
            set_(TOTAL, str(BASE_TOTAL - 65000)),
        ],
        at(f"{DC}[1]/Prestaties/Prestatie[4]/ProductReferentie/VorigReferentieNummer"),
    ),
    Break(
        "TR316",
        "JW323",
        "credits-own-debet",
        [set_(f"{P2}/ProductReferentie/VorigReferentieNummer", "P2026-0401")],
        at(f"{P2}/ProductReferentie/VorigReferentieNummer"),
    ),
    Break(
        "TR416",
        "JW323",
        "debet-twice",
        [
            duplicate(P1, [set_("ProductReferentie/ReferentieNummer", "P2026-0405")]),
            set_(TOTAL, str(BASE_TOTAL + 104000)),
        ],
        at(f"{DC}[1]/Prestaties/Prestatie[4]"),
    ),
    Break(
        "CD060",
        "JW323",
        "credit-without-vorig",
        [del_(f"{P2}/ProductReferentie/VorigReferentieNummer")],
        at(f"{P2}/ProductReferentie"),
    ),
    Break(
        "CD060",
        "JW323",
        "debet-with-vorig",
        [set_(f"{P1}/ProductReferentie/VorigReferentieNummer", "P2026-0301")],
        at(f"{P1}/ProductReferentie/VorigReferentieNummer"),
    ),
    Break("CD087", "JW323", "uren-without-tarief", [del_(f"{P1}/ProductTarief")], at(P1)),
    Break(
        "CD087", "JW323", "euros-with-tarief", [set_(f"{P4}/ProductTarief", "100")], at(f"{P4}/ProductTarief")
    ),
    Break(
        "CS339",
        "JW323",
        "euros-amount-differs",
        [set_(f"{P4}/IngediendBedrag/Bedrag", "150001"), set_(TOTAL, str(BASE_TOTAL + 1))],
        at(f"{P4}/IngediendBedrag/Bedrag"),
    ),
    # --- JW325 --------------------------------------------------------------------------------------------
    Break(
        "TR342",
        "JW325",
        "totals-do-not-explain",
        [set_("DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", "190000")],
        at("DeclaratieAntwoord/TotaalToegekendBedrag"),
    ),
    Break(
        "TR342",
        "JW325",
        "rejected-antwoord-with-toegekend",
        [*REJECTED_ANTWOORD, set_("DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", "100")],
        at("DeclaratieAntwoord/TotaalToegekendBedrag"),
    ),
    Break(
        "TR137",
        "JW325",
        "productperiode-reversed",
        [set_(f"{AP325}/ProductPeriode/Einddatum", "2026-03-07")],
        at(f"{AP325}/ProductPeriode/Einddatum"),
    ),
    Break("TR101", "JW325", "prestatie-twice", [duplicate(AP325)], at(f"{AP325}[2]"), also("TR342")),
    Break(
        "CD060",
        "JW325",
        "debet-with-vorig",
        [set_(f"{AP325}/ProductReferentie/VorigReferentieNummer", "P2026-0301")],
        at(f"{AP325}/ProductReferentie/VorigReferentieNummer"),
    ),
]

KEEPS: list[Keep] = [
    Keep("CS002", "JW301", "other-valid-bsn", [set_(f"{C}/Bsn", "123456782")]),
    # 000000000 passes the eleven test, and the official XSLT (check11proef) accepts it
    Keep("CS002", "JW318", "zero-passes-eleven-test", [set_(f"{C}/Bsn", "000000000")]),
    Keep("CS002", "JW323", "other-valid-bsn", [set_(f"{DC}[2]/Bsn", "999900031")]),
    Keep(
        "CS139",
        "JW301",
        "day-unknown-01",
        [set_(f"{C}/Geboortedatum", {"Datum": "2012-05-01", "DatumGebruik": "1"})],
    ),
    Keep(
        "CS139",
        "JW305",
        "all-unknown-1900",
        [set_(f"{C}/Geboortedatum", {"Datum": "1900-01-01", "DatumGebruik": "3"})],
    ),
    Keep("CS050", "JW301", "organisation-relatie", [set_(f"{REL}[2]/Naam/NaamGebruik", "6")]),
    Keep("CS050", "JW302", "partner-name-order", [set_(f"{REL}[1]/Naam/NaamGebruik", "2")]),
    Keep("CD005", "JW301", "foreign-address", [set_(f"{CG}[2]/Adres", dict(FOREIGN))]),
    Keep(
        "CD025",
        "JW301",
        "foreign-address-without-huis",
        [
            set_(f"{CG}[2]/Adres", {"Postcode": "1000", "Plaatsnaam": "Brussel", "LandCode": "BE"}),
            set_(f"{CG}[2]/Telefoon", {"Telefoon01": {"Telefoonnummer": "3225551234", "Landnummer": "0032"}}),
        ],
    ),
    Keep("CS089", "JW301", "lowercase-letters", [set_(f"{CG}[1]/Adres/Postcode", "1015ab")]),
    Keep("CD007", "JW301", "doventolk-without-taal", [set_(f"{C}/Communicatie", {"Vorm": "2"})]),
    Keep("CS003", "JW301", "periode-one-day", [set_(f"{CG}[2]/Periode/Einddatum", "2026-03-01")]),
    Keep("CS325", "JW325", "rejected-antwoord-zero-debet", REJECTED_ANTWOORD),
    Keep("TR002", "JW305", "exactly-120-years", [set_(f"{C}/Geboortedatum/Datum", "1906-04-10")]),
    Keep(
        "TR002",
        "JW307",
        "unknown-birth-date",
        [set_(f"{C}/Geboortedatum", {"Datum": "1900-01-01", "DatumGebruik": "3"})],
    ),
    Keep("TR134", "JW301", "born-on-dagtekening", [set_(f"{C}/Geboortedatum/Datum", "2026-04-01")]),
    Keep("TR134", "JW305", "start-on-dagtekening", [set_(f"{START}[1]/Begindatum", "2026-04-10")]),
    Keep(
        "TR134",
        "JW323",
        "declaratiedagtekening-not-checked",
        [set_("Declaratie/DeclaratieDagtekening", "2026-05-07")],
    ),
    Keep(
        "TR134",
        "JW325",
        "answered-declaration-date-not-checked",
        [set_("Header/DeclaratieIdentificatie/Dagtekening", "2026-05-13")],
    ),
    Keep(
        "TR319",
        "JW323",
        "productperiode-ends-with-declaratieperiode",
        [set_(f"{P1}/ProductPeriode/Einddatum", "2026-04-30")],
    ),
    # the official XSLT does not look at the RetourCodes of a returned Prestatie (TR342 template)
    Keep(
        "TR342",
        "JW325",
        "approved-prestatie-returned",
        [set_(f"{AP325}/RetourCodes", {"RetourCode": ["0200"]})],
    ),
    Keep(
        "TR101",
        "JW323",
        "referentienummer-in-another-client",
        [set_(f"{P4}/ProductReferentie/ReferentieNummer", "P2026-0401")],
    ),
    Keep(
        "TR416",
        "JW323",
        "debet-twice-in-two-clients",
        [
            set_(
                f"{DC}[2]/Prestaties/Prestatie",
                {
                    **prestatie(
                        "P2026-0405",
                        "300201",
                        "45A03",
                        "2026-04-03",
                        "2026-04-30",
                        "16",
                        "04",
                        "6500",
                        "104000",
                    )
                },
            ),
            set_(TOTAL, str(BASE_TOTAL - 150000 + 104000)),
        ],
    ),
    Keep(
        "TR409",
        "JW319",
        "woonplaatsbeginsel-without-reden",
        [set_("Antwoord/VerzoekAntwoord", "2"), del_("Antwoord/RedenAfwijzingVerzoek")],
    ),
    Keep("CS318", "JW302", "retour-not-checked-for-class-rules", [set_(f"{C}/Naam/NaamGebruik", "6")]),
    Keep("TR006", "JW301", "address-without-phone", [del_(f"{REL}[1]/Contact/Telefoon")]),
    Keep("TR061", "JW301", "correspondentie-adres", [set_(f"{CG}[1]/Soort", "02")]),
    Keep(
        "CD009",
        "JW301",
        "open-periode-on-tijdelijk",
        [set_(f"{CG}[2]/Periode", {"Begindatum": "2026-03-01"})],
    ),
    Keep(
        "CD034",
        "JW301",
        "correspondentie-without-adres",
        [set_(f"{REL}[1]/Contact/Soort", "02"), del_(f"{REL}[1]/Contact/Adres")],
    ),
    Keep("TR101", "JW301", "distinct-toewijzingnummers", [set_(f"{TP}[2]/ToewijzingNummer", "300204")]),
    Keep("TR101", "JW305", "correction-with-new-key", [set_(f"{START}[4]/Begindatum", "2026-04-07")]),
    Keep("TR101", "JW306", "retour-not-checked-for-class-rules", [duplicate(f"{START}[1]")]),
    Keep(
        "TR101",
        "JW317",
        "distinct-ongewijzigd",
        [set_("Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct[2]", {"ToewijzingNummer": "300205"})],
    ),
    Keep(
        "TR101",
        "JW323",
        "distinct-referentienummer",
        [set_(f"{P4}/ProductReferentie/ReferentieNummer", "P2026-0405")],
    ),
    Keep(
        "TR101",
        "JW325",
        "two-rejected-prestaties",
        [
            duplicate(AP325, [set_("ProductReferentie/ReferentieNummer", "P2026-0401")]),
            set_("DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", str(BASE_TOTAL - 2 * 78000)),
        ],
    ),
    Keep(
        "CD041",
        "JW301",
        "aspecifiek-without-omvang",
        [set_(f"{TP}[2]/Product", {"Categorie": "44"}), del_(f"{TP}[2]/Omvang")],
    ),
    Keep("CD075", "JW301", "budget-with-einddatum", [set_(f"{TP}[3]/Einddatum", "2027-03-31")]),
    Keep(
        "CD076",
        "JW301",
        "per-maand-without-einddatum",
        [set_(f"{TP}[1]/Omvang/Frequentie", "4"), del_(f"{TP}[1]/Einddatum")],
    ),
    Keep("CD077", "JW301", "budget-only", [set_(f"{TP}[3]/Budget", "1")]),
    Keep("CD078", "JW301", "omvang-only", [set_(f"{TP}[1]/Omvang/Volume", "5")]),
    Keep(
        "CD079",
        "JW301",
        "generiek-with-budget",
        [set_("Client/ToegewezenProducten/ToegewezenProduct", [dict(GENERIEK_TP)])],
    ),
    Keep(
        "CD080",
        "JW301",
        "aspecifiek-with-omvang-before-2021",
        [
            del_(f"{TP}[3]/Budget"),
            set_(f"{TP}[3]/Omvang", {"Volume": "1", "Eenheid": "82", "Frequentie": "6"}),
            set_(f"{TP}[3]/Ingangsdatum", "2020-01-01"),
            set_(f"{TP}[3]/Einddatum", "2020-12-31"),
        ],
    ),
    Keep(
        "CS338",
        "JW301",
        "uur-per-dag",
        [set_(f"{TP}[2]/Omvang", {"Volume": "1", "Eenheid": "04", "Frequentie": "1"})],
    ),
    Keep("CS338", "JW317", "dagdeel-per-maand", [set_(f"{NP}/Omvang/Frequentie", "4")]),
    Keep("CS003", "JW317", "one-day", [set_(f"{NP}/Einddatum", "2026-10-01")]),
    Keep("CS335", "JW301", "other-reden", [set_(f"{TP}[2]/RedenWijziging", "02")]),
    Keep("CS336", "JW301", "verwijderd-one-day", [set_(f"{TP}[4]/RedenWijziging", "13")]),
    Keep(
        "TR302",
        "JW301",
        "same-code-after-end",
        [
            set_(f"{TP}[2]/Product", {"Categorie": "45", "Code": "45A03"}),
            set_(f"{TP}[2]/Ingangsdatum", "2027-01-01"),
        ],
    ),
    Keep("CS058", "JW305", "verwijderen", [set_(f"{START}[1]/StatusAanlevering", "3")]),
    Keep("CS058", "JW307", "verwijderen", [set_(f"{STOP}[1]/StatusAanlevering", "3")]),
    Keep("TR018", "JW307", "stop-on-start-day", [set_(f"{STOP}[3]/Einddatum", "2026-04-08")]),
    Keep("TR383", "JW315", "distinct-referenties", [set_(f"{AP}[2]/ReferentieAanbieder", "VOT-2026-0099")]),
    Keep(
        "TR386",
        "JW315",
        "same-categorie-later",
        [
            set_(f"{AP}[2]/Product", {"Categorie": "45"}),
            set_(f"{AP}[2]/ToewijzingIngangsdatum", "2027-01-01"),
            set_(f"{AP}[2]/ToewijzingEinddatum", "2027-06-30"),
        ],
    ),
    Keep(
        "CD043",
        "JW315",
        "no-beschikking",
        [del_(f"{AP}[1]/BeschikkingNummer"), del_(f"{AP}[1]/BeschikkingIngangsdatum")],
    ),
    Keep(
        "CD066",
        "JW315",
        "huisarts-by-naam",
        [set_(f"{AP}[1]/Verwijzer", {"Type": "02", "Naam": "Dokter Visser"})],
    ),
    Keep(
        "CD067",
        "JW315",
        "jeugdarts-by-code",
        [set_(f"{AP}[2]/Verwijzer", {"Type": "03", "ZorgverlenerCode": "01234567"})],
    ),
    Keep("CD068", "JW315", "zelfverwijzer-without-code", [set_(f"{AP}[2]/Verwijzer", {"Type": "06"})]),
    Keep(
        "CD041",
        "JW315",
        "aspecifiek-without-omvang",
        [set_(f"{AP}[1]/Product", {"Categorie": "45"}), del_(f"{AP}[1]/Omvang")],
    ),
    Keep(
        "CD075",
        "JW315",
        "per-maand-without-einddatum",
        [set_(f"{AP}[1]/Omvang/Frequentie", "4"), del_(f"{AP}[1]/ToewijzingEinddatum")],
    ),
    Keep("CD076", "JW315", "per-week-with-einddatum", [set_(f"{AP}[1]/ToewijzingEinddatum", "2026-06-30")]),
    Keep("CD077", "JW315", "budget-only", [set_(f"{AP}[2]/Budget", "1")]),
    Keep("CD078", "JW315", "omvang-only", [set_(f"{AP}[1]/Omvang/Volume", "5")]),
    Keep(
        "CD079",
        "JW315",
        "generiek-with-budget",
        [set_("Client/AangevraagdeProducten/AangevraagdProduct", [dict(GENERIEK_AP)])],
    ),
    Keep(
        "CD095",
        "JW315",
        "aspecifiek-with-omvang-before-2021",
        [
            del_(f"{AP}[2]/Budget"),
            set_(f"{AP}[2]/Omvang", {"Volume": "1", "Eenheid": "82", "Frequentie": "6"}),
            set_(f"{AP}[2]/ToewijzingIngangsdatum", "2020-06-01"),
            set_(f"{AP}[2]/ToewijzingEinddatum", "2020-12-31"),
        ],
    ),
    Keep(
        "CS343",
        "JW315",
        "minuut-per-dag",
        [set_(f"{AP}[1]/Omvang", {"Volume": "30", "Eenheid": "01", "Frequentie": "1"})],
    ),
    Keep("CS003", "JW315", "one-day", [set_(f"{AP}[1]/ToewijzingEinddatum", "2026-04-01")]),
    Keep("TR352", "JW317", "only-te-wijzigen", [del_(f"{VZ}/OngewijzigdeProducten")]),
    Keep("TR353", "JW317", "only-new", [del_(f"{VZ}/TeWijzigenProducten")]),
    Keep("TR380", "JW317", "new-product-next-day", [set_(f"{NP}/GewensteIngangsdatum", "2026-09-02")]),
    Keep(
        "TR410",
        "JW317",
        "new-product-twice-consecutive",
        [duplicate(NP, [set_("GewensteIngangsdatum", "2027-04-01"), set_("Einddatum", "2027-06-30")])],
    ),
    Keep("CD041", "JW317", "nieuw-with-omvang", [set_(f"{NP}/Omvang/Volume", "3")]),
    Keep(
        "CD096",
        "JW317",
        "aspecifiek-without-omvang",
        [set_(f"{NP}/Product", {"Categorie": "44"}), del_(f"{NP}/Omvang")],
    ),
    Keep(
        "CD075",
        "JW317",
        "te-wijzigen-budget-with-einddatum",
        [del_(f"{TWP}/Omvang"), set_(f"{TWP}/Budget", "5000")],
    ),
    Keep(
        "CD076",
        "JW317",
        "te-wijzigen-per-maand-without-einddatum",
        [set_(f"{TWP}/Omvang/Frequentie", "4"), del_(f"{TWP}/Einddatum")],
    ),
    Keep("CD077", "JW317", "te-wijzigen-without-omvang-or-budget", [del_(f"{TWP}/Omvang")]),
    Keep("CD078", "JW317", "nieuw-omvang-only", [set_(f"{NP}/Omvang/Volume", "3")]),
    Keep(
        "CD079",
        "JW317",
        "nieuw-generiek",
        [del_(f"{NP}/Product"), del_(f"{NP}/Omvang"), set_(f"{NP}/Budget", "5000")],
    ),
    Keep(
        "CD085",
        "JW319",
        "afgewezen-other-reden",
        [set_("Antwoord/RedenAfwijzingVerzoek", "3"), del_("Antwoord/Woonplaatsbeginsel")],
    ),
    Keep(
        "CD086",
        "JW319",
        "in-onderzoek",
        [
            set_("Antwoord/VerzoekAntwoord", "2"),
            del_("Antwoord/RedenAfwijzingVerzoek"),
            del_("Antwoord/Woonplaatsbeginsel"),
        ],
    ),
    Keep("TR377", "JW319", "other-gemeente", [set_("Antwoord/Woonplaatsbeginsel/Gemeente", "0014")]),
    Keep(
        "TR409",
        "JW319",
        "other-reden-without-woonplaatsbeginsel",
        [set_("Antwoord/RedenAfwijzingVerzoek", "6"), del_("Antwoord/Woonplaatsbeginsel")],
    ),
    Keep(
        "TR358",
        "JW323",
        "only-credit",
        [
            set_(
                f"{DC}",
                [
                    {
                        "Bsn": BSN,
                        "Prestaties": {
                            "Prestatie": [
                                prestatie(
                                    "P2026-0402",
                                    "300202",
                                    "45A04",
                                    "2026-03-08",
                                    "2026-03-31",
                                    "10",
                                    "04",
                                    "6500",
                                    "65000",
                                    "C",
                                    vorig="P2026-0311",
                                )
                            ]
                        },
                    }
                ],
            ),
            set_("Declaratie/TotaalIngediendBedrag", {"TotaalBedrag": "65000", "DebetCredit": "C"}),
        ],
    ),
    Keep("TR137", "JW323", "productperiode-one-day", [set_(f"{P1}/ProductPeriode/Einddatum", "2026-04-03")]),
    Keep(
        "TR335",
        "JW323",
        "just-within-five-years",
        [set_(f"{P3}/ProductPeriode", {"Begindatum": "2021-05-01", "Einddatum": "2021-05-31"})],
    ),
    Keep(
        "CS100",
        "JW323",
        "productperiode-earlier-month",
        [set_(f"{P3}/ProductPeriode", {"Begindatum": "2026-01-01", "Einddatum": "2026-01-31"})],
    ),
    Keep(
        "CS340",
        "JW323",
        "february",
        [
            set_("Header/BerichtIdentificatie/Dagtekening", "2026-03-03"),
            set_("Declaratie/DeclaratieDagtekening", "2026-03-03"),
            set_("Declaratie/DeclaratiePeriode", {"Begindatum": "2026-02-01", "Einddatum": "2026-02-28"}),
            set_(f"{P1}/ProductPeriode", {"Begindatum": "2026-02-03", "Einddatum": "2026-02-28"}),
            set_(f"{P4}/ProductPeriode", {"Begindatum": "2026-02-01", "Einddatum": "2026-02-28"}),
            set_(f"{P2}/ProductPeriode", {"Begindatum": "2026-01-08", "Einddatum": "2026-01-31"}),
            set_(f"{P3}/ProductPeriode", {"Begindatum": "2026-01-08", "Einddatum": "2026-01-31"}),
        ],
    ),
    Keep("CS337", "JW323", "part-of-month", [set_(f"{P1}/ProductPeriode/Einddatum", "2026-04-15")]),
    Keep(
        "TR315",
        "JW323",
        "two-credits-different-vorig",
        [
            duplicate(
                P2,
                [
                    set_("ProductReferentie/ReferentieNummer", "P2026-0405"),
                    set_("ProductReferentie/VorigReferentieNummer", "P2026-0312"),
                    set_("ProductPeriode", {"Begindatum": "2026-02-01", "Einddatum": "2026-02-28"}),
                ],
            ),
            set_(TOTAL, str(BASE_TOTAL - 65000)),
        ],
    ),
    Keep(
        "TR316",
        "JW323",
        "credits-earlier-message",
        [set_(f"{P2}/ProductReferentie/VorigReferentieNummer", "P2026-0399")],
    ),
    Keep("TR416", "JW323", "credit-and-new-debet-same-period", [set_(f"{P3}/GeleverdVolume", "12")]),
    Keep(
        "CD060",
        "JW323",
        "credit-with-vorig",
        [set_(f"{P2}/ProductReferentie/VorigReferentieNummer", "P2026-0310")],
    ),
    Keep(
        "CD060",
        "JW325",
        "credit-with-vorig",
        [
            set_(f"{AP325}/ProductReferentie/VorigReferentieNummer", "P2026-0301"),
            set_(f"{AP325}/IngediendBedrag/DebetCredit", "C"),
            set_("DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", str(BASE_TOTAL + 78000)),
        ],
    ),
    Keep("CD087", "JW323", "uren-with-tarief", [set_(f"{P1}/ProductTarief", "6500")]),
    Keep(
        "CS339",
        "JW323",
        "euros-equal",
        [
            set_(f"{P4}/GeleverdVolume", "120000"),
            set_(f"{P4}/IngediendBedrag/Bedrag", "120000"),
            set_(TOTAL, str(BASE_TOTAL - 30000)),
        ],
    ),
    Keep(
        "CS325",
        "JW323",
        "zero-debet",
        [
            set_(f"{P1}/GeleverdVolume", "0"),
            set_(f"{P1}/IngediendBedrag/Bedrag", "0"),
            set_(TOTAL, str(BASE_TOTAL - 104000)),
        ],
    ),
    Keep(
        "TR342",
        "JW325",
        "fully-approved",
        [
            del_("DeclaratieAntwoord/Clienten"),
            set_("DeclaratieAntwoord/TotaalToegekendBedrag/TotaalBedrag", str(BASE_TOTAL)),
            set_("DeclaratieAntwoord/RetourCodes", {"RetourCode": ["8001"]}),
        ],
    ),
    Keep(
        "TR342",
        "JW325",
        "client-rejected-prestatie-not-assessed",
        [
            set_(f"{AP325}/RetourCodes", {"RetourCode": ["0233"]}),
            set_(f"{AC}/RetourCodes", {"RetourCode": ["8187"]}),
        ],
    ),
    Keep(
        "TR137", "JW325", "productperiode-one-day", [set_(f"{AP325}/ProductPeriode/Einddatum", "2026-03-08")]
    ),
    Keep("CS002", "JW325", "other-valid-bsn", [set_(f"{AC}/Bsn", "999900043")]),
]

# Silence "imported but unused" for helpers kept available to case authors.
__all__ = ["BREAKS", "KEEPS", "Break", "Keep", "append"]

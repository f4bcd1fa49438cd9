"""Valid iJw 3.2 messages with realistic content, built from plain dicts.

A message is described as a nested dict (element name → text, dict, or list of those for repeated
elements); :func:`build` serialises it in the model's element order and namespaces, so a test only says
*what* it changes. :func:`base` returns a fresh, valid, internally consistent spec of each message type:
one trajectory of client 999900006 (toewijzing 2026-04-01, start, stop, declaration for April, answer).

Mutations use the same namespace-free paths as finding locations (``Client/ToegewezenProducten/
ToegewezenProduct[2]/Omvang``), so the expected location of a finding is the mutated path.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from lxml import etree

from ijw.schema.model import ComplexType, Message, load_model

Spec = dict[str, Any]
Mutation = Callable[[Spec], None]

GEMEENTE = "0363"
AANBIEDER = "42420001"
BSN = "999900006"
BSN2 = "999900018"
XSD_VERSIE = {"BasisschemaXsdVersie": "1.0.0", "BerichtXsdVersie": "1.0.0"}


# --- building ---------------------------------------------------------------------------------------


def build(message: str, spec: Spec) -> bytes:
    """Serialise ``spec`` as message ``message`` (element order and namespaces from the model)."""
    model = load_model()
    msg = model.messages[message]
    ns = model.namespace(message)
    basis = model.namespace("basisschema")
    root = etree.Element(f"{{{ns}}}Bericht", nsmap={message.lower(): ns, "ijw": basis})
    _fill(root, msg.types["Root"], spec, ns, basis, msg, path="Bericht")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _fill(
    parent: etree._Element, ctype: ComplexType, spec: Spec, ns: str, basis: str, msg: Message, path: str
) -> None:
    model = load_model()
    in_basis = ctype.name.startswith("CDT_")
    known = {el.name for el in ctype.elements}
    unknown = set(spec) - known
    if unknown:
        raise KeyError(f"{path}: no element(s) {sorted(unknown)} in {ctype.name}")
    for el in ctype.elements:
        if el.name not in spec or spec[el.name] is None:
            continue
        value = spec[el.name]
        values = value if isinstance(value, list) else [value]
        for item in values:
            child = etree.SubElement(parent, f"{{{basis if in_basis else ns}}}{el.name}")
            if isinstance(item, dict):
                if el.type_name in msg.types and not in_basis:
                    child_type = msg.types[el.type_name]
                else:
                    child_type = model.complex_types[el.type_name or ""]
                _fill(child, child_type, item, ns, basis, msg, f"{path}/{el.name}")
            else:
                child.text = str(item)


# --- mutations on specs (paths as in finding locations, without /Bericht) -----------------------------


def _step(node: Any, step: str) -> tuple[Any, str, int | None]:
    name, _, index = step.partition("[")
    return node, name, int(index.rstrip("]")) if index else None


def _walk(spec: Spec, path: str) -> tuple[Any, str, int | None]:
    steps = path.strip("/").split("/")
    node: Any = spec
    for step in steps[:-1]:
        name, _, index = step.partition("[")
        node = node[name]
        if isinstance(node, list):
            node = node[int(index.rstrip("]")) - 1 if index else 0]
    return _step(node, steps[-1])


def get(spec: Spec, path: str) -> Any:
    parent, name, index = _walk(spec, path)
    value = parent[name]
    if isinstance(value, list):
        return value[(index or 1) - 1]
    return value


def set_(path: str, value: Any) -> Mutation:
    """Set (or add) the element at ``path``; ``[n]`` addresses the n-th of a repeated element."""

    def mutate(spec: Spec) -> None:
        parent, name, index = _walk(spec, path)
        new = copy.deepcopy(value)  # the same mutation runs on many specs: never share the value
        if index is not None:
            items = parent[name] if isinstance(parent.get(name), list) else [parent[name]]
            if index == len(items) + 1:
                items.append(new)
            else:
                items[index - 1] = new
            parent[name] = items
        else:
            parent[name] = new

    return mutate


def del_(path: str) -> Mutation:
    """Remove the element at ``path``."""

    def mutate(spec: Spec) -> None:
        parent, name, index = _walk(spec, path)
        if index is not None:
            items = parent[name]
            del items[index - 1]
        else:
            del parent[name]

    return mutate


def append(path: str, value: Any) -> Mutation:
    """Add one more repetition of the repeated element at ``path``."""

    def mutate(spec: Spec) -> None:
        parent, name, _ = _walk(spec, path)
        items = parent[name] if isinstance(parent[name], list) else [parent[name]]
        items.append(copy.deepcopy(value))
        parent[name] = items

    return mutate


def copy_of(path: str) -> Callable[[Spec], Any]:
    """A deep copy of the element at ``path`` of a base spec (for use in ``append``)."""

    def get_copy(spec: Spec) -> Any:
        return copy.deepcopy(get(spec, path))

    return get_copy


def duplicate(path: str, then: list[Mutation] | None = None) -> Mutation:
    """Append a copy of the repeated element at ``path`` (``Prestaties/Prestatie[2]``) to its list,
    then apply ``then`` with paths relative to the copy."""

    def mutate(spec: Spec) -> None:
        parent, name, index = _walk(spec, path)
        items = parent[name] if isinstance(parent[name], list) else [parent[name]]
        clone = copy.deepcopy(items[(index or 1) - 1])
        for m in then or []:
            m(clone)
        items.append(clone)
        parent[name] = items

    return mutate


def apply(spec: Spec, mutations: list[Mutation]) -> Spec:
    spec = copy.deepcopy(spec)
    for m in mutations:
        m(spec)
    return spec


# --- realistic base messages ---------------------------------------------------------------------------


def header(message: str, dagtekening: str, identificatie: str) -> Spec:
    info = load_model().messages[message]
    gemeente_first = info.afzender == "gemeente"
    return {
        "BerichtCode": info.code,
        "BerichtVersie": "3",
        "BerichtSubversie": "2",
        "Afzender": GEMEENTE if gemeente_first else AANBIEDER,
        "Ontvanger": AANBIEDER if gemeente_first else GEMEENTE,
        "BerichtIdentificatie": {"Identificatie": identificatie, "Dagtekening": dagtekening},
        "XsdVersie": dict(XSD_VERSIE),
    }


def adres(huisnummer: str = "12", postcode: str = "1015AB", straat: str = "Prinsengracht") -> Spec:
    return {
        "Huis": {"Huisnummer": huisnummer},
        "Postcode": postcode,
        "Straatnaam": straat,
        "Plaatsnaam": "Amsterdam",
        "LandCode": "NL",
    }


def telefoon(nummer: str = "0201234567") -> Spec:
    return {"Telefoon01": {"Telefoonnummer": nummer, "Landnummer": "0031"}}


def jw301() -> Spec:
    """Toewijzing of 2026-04-01: two specific products (week, maand), one aspecifiek with budget, one
    removed toewijzing (RedenWijziging 13, one day) of the same product as the first."""
    return {
        "Header": header("JW301", "2026-04-01", "T2026040001"),
        "Client": {
            "Bsn": BSN,
            "Geboortedatum": {"Datum": "2012-05-14"},
            "Geslacht": "2",
            "Naam": {
                "Geslachtsnaam": {"Achternaam": "Jansen"},
                "Voornamen": "Eva Maria",
                "Voorletters": "EM",
                "NaamGebruik": "1",
            },
            "Communicatie": {"Vorm": "1", "Taal": "Arabisch"},
            "JuridischeStatus": "01",
            "WettelijkeVertegenwoordiging": "09",
            "Relaties": {
                "Relatie": [
                    {
                        "Nummer": "REL-1",
                        "Volgorde": "1",
                        "Soort": "12",
                        "Geboortedatum": {"Datum": "1981-03-01", "DatumGebruik": "1"},
                        "Geslacht": "2",
                        "Naam": {
                            "Geslachtsnaam": {"Achternaam": "Jansen"},
                            "Partnernaam": {"Achternaam": "Berg", "Voorvoegsel": "van den"},
                            "Voorletters": "A",
                            "NaamGebruik": "4",
                        },
                        "Contact": {"Soort": "01", "Adres": adres(), "Telefoon": telefoon("0612345678")},
                    },
                    {
                        "Nummer": "REL-2",
                        "Volgorde": "2",
                        "Soort": "09",
                        "Naam": {
                            "Geslachtsnaam": {"Achternaam": "Bakker"},
                            "Voorletters": "K",
                            "NaamGebruik": "1",
                        },
                        "Contact": {"Soort": "02", "Telefoon": telefoon("0207654321")},
                    },
                ]
            },
            "Contactgegevens": {
                "Contact": [
                    {
                        "Soort": "01",
                        "Adres": adres(),
                        "Telefoon": telefoon(),
                        "Emailadres": "familie@example.nl",
                    },
                    {
                        "Soort": "04",
                        "Adres": adres("3", "1091GH", "Wibautstraat"),
                        "Organisatie": "Logeerhuis De Linde",
                        "Periode": {"Begindatum": "2026-03-01", "Einddatum": "2026-08-31"},
                    },
                ]
            },
            "ToegewezenProducten": {
                "ToegewezenProduct": [
                    {
                        "ToewijzingNummer": "300201",
                        "ReferentieAanbieder": "VOT-2026-0001",
                        "Product": {"Categorie": "45", "Code": "45A03"},
                        "Toewijzingsdatum": "2026-04-01",
                        "Toewijzingstijd": "09:12:00",
                        "Ingangsdatum": "2026-04-01",
                        "Einddatum": "2026-12-31",
                        "Omvang": {"Volume": "4", "Eenheid": "04", "Frequentie": "2"},
                    },
                    {
                        "ToewijzingNummer": "300202",
                        "Product": {"Categorie": "45", "Code": "45A04"},
                        "Toewijzingsdatum": "2026-04-01",
                        "Toewijzingstijd": "09:12:00",
                        "Ingangsdatum": "2026-04-01",
                        "Omvang": {"Volume": "16", "Eenheid": "04", "Frequentie": "4"},
                    },
                    {
                        "ToewijzingNummer": "300203",
                        "Product": {"Categorie": "43"},
                        "Toewijzingsdatum": "2026-04-01",
                        "Toewijzingstijd": "09:12:00",
                        "Ingangsdatum": "2026-04-01",
                        "Einddatum": "2026-12-31",
                        "Budget": "250000",
                    },
                    {
                        "ToewijzingNummer": "300199",
                        "Product": {"Categorie": "45", "Code": "45A03"},
                        "Toewijzingsdatum": "2026-03-30",
                        "Toewijzingstijd": "16:40:00",
                        "Ingangsdatum": "2026-04-01",
                        "Einddatum": "2026-04-01",
                        "RedenWijziging": "13",
                        "Omvang": {"Volume": "2", "Eenheid": "04", "Frequentie": "2"},
                    },
                ]
            },
        },
    }


def _verkorte_naam() -> Spec:
    return {"Geslachtsnaam": {"Achternaam": "Jansen"}, "Voornamen": "Eva Maria", "Voorletters": "EM"}


def jw305() -> Spec:
    """Start of both specific products; the aspecifiek start is corrected (removed and sent again)."""

    def start(nummer: str, cat: str, code: str | None, begin: str, status: str = "1") -> Spec:
        product = {"Categorie": cat, **({"Code": code} if code else {})}
        return {
            "ToewijzingNummer": nummer,
            "Product": product,
            "ToewijzingIngangsdatum": "2026-04-01",
            "Begindatum": begin,
            "StatusAanlevering": status,
        }

    return {
        "Header": header("JW305", "2026-04-10", "S2026041001"),
        "Client": {
            "Bsn": BSN,
            "Geboortedatum": {"Datum": "2012-05-14"},
            "Geslacht": "2",
            "Naam": _verkorte_naam(),
            "StartProducten": {
                "StartProduct": [
                    start("300201", "45", "45A03", "2026-04-03"),
                    start("300202", "45", "45A04", "2026-04-08"),
                    start("300203", "43", None, "2026-04-02", "3"),
                    start("300203", "43", None, "2026-04-06", "1"),
                ]
            },
        },
    }


def jw307() -> Spec:
    """Temporary stop and later definitive stop of the first product, definitive stop of the second."""

    def stop(nummer: str, code: str, begin: str, reden: str, eind: str) -> Spec:
        return {
            "ToewijzingNummer": nummer,
            "Product": {"Categorie": "45", "Code": code},
            "ToewijzingIngangsdatum": "2026-04-01",
            "Begindatum": begin,
            "RedenBeeindiging": reden,
            "Einddatum": eind,
            "StatusAanlevering": "1",
        }

    return {
        "Header": header("JW307", "2026-08-03", "E2026080301"),
        "Client": {
            "Bsn": BSN,
            "Geboortedatum": {"Datum": "2012-05-14"},
            "Geslacht": "2",
            "Naam": _verkorte_naam(),
            "StopProducten": {
                "StopProduct": [
                    stop("300201", "45A03", "2026-04-03", "20", "2026-06-30"),
                    stop("300201", "45A03", "2026-04-03", "31", "2026-07-31"),
                    stop("300202", "45A04", "2026-04-08", "34", "2026-07-31"),
                ]
            },
        },
    }


def jw315() -> Spec:
    """Verzoek om toewijzing: a specific product (referred by the huisarts) and an aspecifiek one."""
    return {
        "Header": header("JW315", "2026-03-20", "V2026032001"),
        "Client": {
            "Bsn": BSN,
            "Geboortedatum": {"Datum": "2012-05-14"},
            "Geslacht": "2",
            "Naam": _verkorte_naam(),
            "GezagsdragerBekend": "1",
            "AangevraagdeProducten": {
                "AangevraagdProduct": [
                    {
                        "ReferentieAanbieder": "VOT-2026-0001",
                        "BeschikkingNummer": "88123",
                        "Product": {"Categorie": "45", "Code": "45A03"},
                        "BeschikkingIngangsdatum": "2026-03-15",
                        "ToewijzingIngangsdatum": "2026-04-01",
                        "ToewijzingEinddatum": "2026-12-31",
                        "Omvang": {"Volume": "4", "Eenheid": "04", "Frequentie": "2"},
                        "Verwijzer": {"Type": "02", "ZorgverlenerCode": "01234567"},
                        "Raamcontract": "2",
                    },
                    {
                        "ReferentieAanbieder": "VOT-2026-0002",
                        "Product": {"Categorie": "43"},
                        "ToewijzingIngangsdatum": "2026-04-01",
                        "ToewijzingEinddatum": "2026-12-31",
                        "Budget": "250000",
                        "Verwijzer": {"Type": "03", "Naam": "J. de Jeugdarts"},
                        "Commentaar": "Aanvraag in overleg met de jeugdarts",
                    },
                ]
            },
        },
    }


def jw317() -> Spec:
    """Verzoek om wijziging: 300202 unchanged, 300201 changed (more hours), a new product from October."""
    return {
        "Header": header("JW317", "2026-09-01", "W2026090101"),
        "Client": {
            "Bsn": BSN,
            "Verzoek": {
                "ReferentieAanbieder": "VOW-2026-0007",
                "RedenVerzoek": "1",
                "OngewijzigdeProducten": {"OngewijzigdProduct": [{"ToewijzingNummer": "300202"}]},
                "TeWijzigenProducten": {
                    "TeWijzigenProduct": [
                        {
                            "ToewijzingNummer": "300201",
                            "GewensteIngangsdatum": "2026-04-01",
                            "Einddatum": "2027-03-31",
                            "Omvang": {"Volume": "6", "Eenheid": "04", "Frequentie": "2"},
                        }
                    ]
                },
                "NieuweProducten": {
                    "NieuwProduct": [
                        {
                            "Product": {"Categorie": "44", "Code": "44A01"},
                            "GewensteIngangsdatum": "2026-10-01",
                            "Einddatum": "2027-03-31",
                            "Omvang": {"Volume": "2", "Eenheid": "16", "Frequentie": "2"},
                        }
                    ]
                },
            },
        },
    }


def jw319() -> Spec:
    """Rejection of a verzoek on the woonplaatsbeginsel, naming the responsible gemeente."""
    return {
        "Header": header("JW319", "2026-03-25", "A2026032501"),
        "Antwoord": {
            "ReferentieAanbieder": "VOT-2026-0003",
            "VerzoekAntwoord": "1",
            "RedenAfwijzingVerzoek": "8",
            "Woonplaatsbeginsel": {"Gemeente": "0599"},
        },
    }


def prestatie(
    ref: str,
    nummer: str,
    code: str,
    begin: str,
    end: str,
    volume: str,
    eenheid: str,
    tarief: str | None,
    bedrag: str,
    dc: str = "D",
    vorig: str | None = None,
) -> Spec:
    p: Spec = {
        "ProductReferentie": {"ReferentieNummer": ref, **({"VorigReferentieNummer": vorig} if vorig else {})},
        "ToewijzingNummer": nummer,
        "ProductCategorie": code[:2],
        "ProductCode": code,
        "ProductPeriode": {"Begindatum": begin, "Einddatum": end},
        "GeleverdVolume": volume,
        "Eenheid": eenheid,
        "IngediendBedrag": {"Bedrag": bedrag, "DebetCredit": dc},
    }
    if tarief is not None:
        p["ProductTarief"] = tarief
    return p


def jw323() -> Spec:
    """Declaration for April 2026: hours for 300201, a credit and re-declaration for March of 300202, and
    a second client with an output product in euro's."""
    prestaties_1 = [
        prestatie("P2026-0401", "300201", "45A03", "2026-04-03", "2026-04-30", "16", "04", "6500", "104000"),
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
        ),
        prestatie("P2026-0403", "300202", "45A04", "2026-03-08", "2026-03-31", "12", "04", "6500", "78000"),
    ]
    prestaties_2 = [
        prestatie(
            "P2026-0404", "300310", "54001", "2026-04-01", "2026-04-30", "150000", "83", None, "150000"
        ),
    ]
    total = 104000 - 65000 + 78000 + 150000
    return {
        "Header": header("JW323", "2026-05-06", "D2026050601"),
        "Declaratie": {
            "DeclaratieNummer": "DN202604A",
            "DeclaratiePeriode": {"Begindatum": "2026-04-01", "Einddatum": "2026-04-30"},
            "DeclaratieDagtekening": "2026-05-06",
            "TotaalIngediendBedrag": {"TotaalBedrag": str(total), "DebetCredit": "D"},
            "Clienten": {
                "Client": [
                    {"Bsn": BSN, "Prestaties": {"Prestatie": prestaties_1}},
                    {"Bsn": BSN2, "Prestaties": {"Prestatie": prestaties_2}},
                ]
            },
        },
    }


def jw325() -> Spec:
    """Answer on :func:`jw323`: the re-declaration for March is rejected (volume above the toewijzing)."""
    rejected = prestatie(
        "P2026-0403", "300202", "45A04", "2026-03-08", "2026-03-31", "12", "04", "6500", "78000"
    )
    rejected["RetourCodes"] = {"RetourCode": ["9321"]}
    ingediend = 104000 - 65000 + 78000 + 150000
    return {
        "Header": {
            **header("JW325", "2026-05-12", "DA2026051201"),
            "DeclaratieIdentificatie": {"Identificatie": "D2026050601", "Dagtekening": "2026-05-06"},
            "XsdVersieDeclaratie": dict(XSD_VERSIE),
            "RetourCodes": {"RetourCode": ["0200"]},
        },
        "DeclaratieAntwoord": {
            "DeclaratieNummer": "DN202604A",
            "TotaalIngediendBedrag": {"TotaalBedrag": str(ingediend), "DebetCredit": "D"},
            "TotaalToegekendBedrag": {"TotaalBedrag": str(ingediend - 78000), "DebetCredit": "D"},
            "Clienten": {
                "Client": [
                    {
                        "Bsn": BSN,
                        "Prestaties": {"Prestatie": [rejected]},
                        "RetourCodes": {"RetourCode": ["0200"]},
                    }
                ]
            },
            "RetourCodes": {"RetourCode": ["0200"]},
        },
    }


HEEN = {
    "JW301": jw301,
    "JW305": jw305,
    "JW307": jw307,
    "JW315": jw315,
    "JW317": jw317,
    "JW319": jw319,
    "JW323": jw323,
    "JW325": jw325,
}
RETOUR_OF = {
    "JW302": "JW301",
    "JW306": "JW305",
    "JW308": "JW307",
    "JW316": "JW315",
    "JW318": "JW317",
    "JW320": "JW319",
}


def retour(message: str, heen: Spec, code: str = "0200") -> Spec:
    """A retour message returning the whole heenbericht with ``code`` on every berichtklasse (as the
    retour builder does for a client with findings at control level 3)."""
    msg = load_model().messages[message]
    spec = copy.deepcopy(heen)
    heen_header = spec["Header"]
    spec["Header"] = {
        **heen_header,
        "BerichtCode": msg.code,
        "IdentificatieRetour": "R" + heen_header["BerichtIdentificatie"]["Identificatie"][:11],
        "DagtekeningRetour": heen_header["BerichtIdentificatie"]["Dagtekening"],
        "XsdVersieRetour": dict(XSD_VERSIE),
        "RetourCodes": {"RetourCode": ["0200"]},
    }
    root_types = {e.name: e.type_name or "" for e in msg.types["Root"].elements}
    for name, value in spec.items():
        if name != "Header":
            _add_codes(value, msg.types[root_types[name]], msg, code)
    return spec


def _add_codes(node: Any, ctype: ComplexType, msg: Message, code: str) -> None:
    items = node if isinstance(node, list) else [node]
    for item in items:
        for el in ctype.elements:
            if el.name == "RetourCodes":
                item["RetourCodes"] = {"RetourCode": [code]}
            elif el.name in item and el.type_name in msg.types:
                _add_codes(item[el.name], msg.types[el.type_name], msg, code)


def base(message: str) -> Spec:
    """A fresh valid spec of ``message`` (heen or retour)."""
    if message in HEEN:
        return HEEN[message]()
    return retour(message, HEEN[RETOUR_OF[message]]())


ALL_MESSAGES = sorted([*HEEN, *RETOUR_OF])


def valid_bsn(seed: int) -> str:
    """A test BSN (9999xxxxx range) passing the eleven test, different per ``seed``."""
    n = seed
    while True:
        body = f"9999{n % 10000:04d}"
        check = sum((9 - i) * int(d) for i, d in enumerate(body)) % 11
        if check < 10:
            return body + str(check)
        n += 1


def large_jw323(clients: int = 200, per_client: int = 3) -> bytes:
    """A declaration with ``clients`` clients of ``per_client`` prestaties each (all valid)."""
    spec = jw323()
    decl = spec["Declaratie"]
    client_list = []
    total = 0
    seen: set[str] = set()
    seed = 0
    for c in range(clients):
        bsn = valid_bsn(seed)
        while bsn in seen:
            seed += 1
            bsn = valid_bsn(seed)
        seen.add(bsn)
        seed += 1
        prestaties = []
        for p in range(per_client):
            nummer = str(400000 + c * 10 + p)
            volume = 4 + p
            prestaties.append(
                prestatie(
                    f"P{c:05d}-{p}",
                    nummer,
                    "45A03",
                    "2026-04-01",
                    "2026-04-30",
                    str(volume),
                    "04",
                    "6500",
                    str(volume * 6500),
                )
            )
            total += volume * 6500
        client_list.append({"Bsn": bsn, "Prestaties": {"Prestatie": prestaties}})
    decl["Clienten"] = {"Client": client_list}
    decl["TotaalIngediendBedrag"] = {"TotaalBedrag": str(total), "DebetCredit": "D"}
    return build("JW323", spec)

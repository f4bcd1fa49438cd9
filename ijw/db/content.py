"""The parsed content of an XSD-valid message as rows of the content tables (``ijw.db.models``).

:func:`header_of` reads the header of any identified message (also an XSD-invalid one, best effort) and
:func:`content_rows` turns the typed record of an XSD-valid message into :class:`Row` objects: clients,
toewijzingen, starts, stops, verzoeken, antwoorden, declaraties with prestaties, declaratie-antwoorden with
rejected prestaties, and the retourcodes of retour messages. A row refers to its parent rows by object
(``Row`` values), so a whole batch can be inserted level by level with one bulk statement per table.

The ingest carries a message's rows between processes as :data:`PackedRow` tuples (:func:`pack_rows`: plain
values, a parent by its position) and turns the rows of a batch into one list of value tuples per table with
:func:`insert_packed`, once the ids are allocated.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field, fields
from typing import Any, cast

from lxml import etree
from sqlalchemy import Table

from ijw.db import models as m
from ijw.db.tables import (
    AFGEWEZEN_PRESTATIES,
    ANTWOORDEN,
    CLIENTS,
    DECLARATIE_ANTWOORDEN,
    DECLARATIES,
    PRESTATIES,
    RETOURCODES,
    STARTS,
    STOPS,
    TOEWIJZINGEN,
    VERZOEK_PRODUCTEN,
    VERZOEKEN,
)
from ijw.files import parse_iso_date
from ijw.model import generated as g
from ijw.xmlpath import local_name, location

TR056_MESSAGES = frozenset({"JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323", "JW325"})
"""Messages whose Identificatie must be unique per berichtsoort for the sender (TR056)."""

RECORD_MESSAGES = frozenset({"JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323", "JW325"})
"""Messages whose typed record :func:`content_rows` reads; for the others (the retour messages) it reads
only the retourcodes from the document, so no record needs to be built."""

HEADER_TEXT_LIMIT = m.IDENTIFICATIE
"""Header values of XSD-invalid messages are cut to this length before they are stored or compared."""


INSERT_ORDER: tuple[Table, ...] = (
    CLIENTS,
    VERZOEKEN,
    DECLARATIES,
    DECLARATIE_ANTWOORDEN,
    ANTWOORDEN,
    TOEWIJZINGEN,
    STARTS,
    STOPS,
    PRESTATIES,
    AFGEWEZEN_PRESTATIES,
    VERZOEK_PRODUCTEN,
    RETOURCODES,
)
"""Parents before children: a table's rows may refer only to rows of tables earlier in this order."""
TABLES: dict[str, Table] = {table.name: table for table in INSERT_ORDER}

REFERENCED: frozenset[Table] = frozenset({CLIENTS, VERZOEKEN, DECLARATIES, DECLARATIE_ANTWOORDEN})
"""Tables whose new ids are needed by later rows (inserted with RETURNING)."""


BERICHT_ID = "bericht_id"

COLUMNS: dict[Table, tuple[str, ...]] = {
    table: tuple(col.name for col in table.columns if col.name not in ("id", BERICHT_ID))
    for table in INSERT_ORDER
}
"""The columns a content row gives values for (besides ``id`` and ``bericht_id``), in table order."""

PARENTS: dict[Table, tuple[int, ...]] = {
    table: tuple(
        i
        for i, name in enumerate(COLUMNS[table])
        if any(fk.column.table in REFERENCED for fk in table.c[name].foreign_keys)
    )
    for table in INSERT_ORDER
}
"""Positions in :data:`COLUMNS` of the columns that refer to a parent content row (a :class:`Row` value)."""


@dataclass(eq=False, slots=True)
class Row:
    """A row to insert into ``table``; values that are a :class:`Row` are replaced by that row's id."""

    table: Table
    values: dict[str, Any]
    id: int | None = field(default=None)


PackedRow = tuple[int, tuple[Any, ...]]
"""A content row as the ingest carries it between processes: the position of its table in
:data:`INSERT_ORDER` and its values in :data:`COLUMNS` order, where a parent row is given by its position
among the rows of the parent's table in the same message (plain values only: cheap to pickle)."""

_TABLE_INDEX: dict[Table, int] = {table: i for i, table in enumerate(INSERT_ORDER)}
_REFERENCED_INDEX = frozenset(_TABLE_INDEX[table] for table in REFERENCED)
_PARENT_TABLES: tuple[tuple[tuple[int, int], ...], ...] = tuple(
    tuple(
        (i, _TABLE_INDEX[fk.column.table])
        for i in PARENTS[table]
        for fk in table.c[COLUMNS[table][i]].foreign_keys
        if fk.column.table in REFERENCED
    )
    for table in INSERT_ORDER
)
"""Per table (by position): the positions of its parent columns with the position of the parent's table."""


def pack_rows(rows: list[Row]) -> tuple[PackedRow, ...]:
    """``rows`` of one message (parents before their children, as :func:`content_rows` gives them) as
    :data:`PackedRow` values."""
    position: dict[int, int] = {}  # id(row) → its position among the message's rows of its table
    counts = [0] * len(INSERT_ORDER)
    packed: list[PackedRow] = []
    for row in rows:
        t = _TABLE_INDEX[row.table]
        position[id(row)] = counts[t]
        counts[t] += 1
        get = row.values.get
        values = [get(name) for name in COLUMNS[row.table]]
        for i, _parent_table in _PARENT_TABLES[t]:
            parent = values[i]
            values[i] = position[id(parent)] if parent is not None else None
        packed.append((t, tuple(values)))
    return tuple(packed)


def referenced_counts(rows: list[tuple[PackedRow, ...]]) -> dict[Table, int]:
    """How many new ids the tables in :data:`REFERENCED` need for the packed rows of these messages."""
    counts = [0] * len(INSERT_ORDER)
    for message in rows:
        for t, _values in message:
            counts[t] += 1
    return {INSERT_ORDER[t]: counts[t] for t in sorted(_REFERENCED_INDEX) if counts[t]}


def insert_packed(
    per_bericht: list[tuple[int, tuple[PackedRow, ...]]], ids: dict[Table, list[int]]
) -> list[tuple[Table, tuple[str, ...], list[tuple[Any, ...]]]]:
    """Table, column names and value tuples for inserting the packed rows of these messages (bericht id,
    rows), parents first: a row of a table in :data:`REFERENCED` takes the next of its table's ``ids`` (in
    the order of the messages and their rows), and a parent's position is replaced by that id."""
    out: list[list[tuple[Any, ...]]] = [[] for _ in INSERT_ORDER]
    next_id = {_TABLE_INDEX[table]: iter(values).__next__ for table, values in ids.items()}
    for bericht_id, rows in per_bericht:
        own: dict[int, list[int]] = {}
        for t, values in rows:
            parents = _PARENT_TABLES[t]
            if parents:
                changed = list(values)
                for i, parent_table in parents:
                    position = changed[i]
                    if position is not None:
                        changed[i] = own[parent_table][position]
                values = tuple(changed)
            if t in _REFERENCED_INDEX:
                id_ = next_id[t]()
                own.setdefault(t, []).append(id_)
                out[t].append((id_, bericht_id, *values))
            else:
                out[t].append((bericht_id, *values))
    return [
        (
            table,
            ("id", BERICHT_ID, *COLUMNS[table]) if table in REFERENCED else (BERICHT_ID, *COLUMNS[table]),
            rows,
        )
        for table, rows in zip(INSERT_ORDER, out, strict=True)
        if rows
    ]


@dataclass(frozen=True, slots=True)
class Header:
    """What the header says about a message (strings empty when absent)."""

    berichtsoort: str
    bericht_code: str | None
    afzender: str
    ontvanger: str
    identificatie: str
    dagtekening: dt.date | None
    gemeente: str | None
    aanbieder: str | None
    retour_of_berichtsoort: str | None = None
    retour_of_afzender: str | None = None
    retour_of_identificatie: str | None = None

    @property
    def key(self) -> str:
        """``<afzender>/<berichtsoort>/<identificatie>``, as the ingest contract names a message."""
        return f"{self.afzender}/{self.berichtsoort}/{self.identificatie}"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as a call with the fields (headers are prepared in other processes)."""
        return (Header, _HEADER_FIELDS(self))


_HEADER_FIELDS = operator.attrgetter(*(f.name for f in fields(Header)))
"""The fields of a :class:`Header` in constructor order."""


def insert_rows(
    table: Table, entries: list[tuple[int, Row]]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """Column names and value tuples for inserting ``entries`` (bericht id, row) into ``table``: parent
    rows replaced by their ids (allocated before), ``id`` included for the tables in :data:`REFERENCED`."""
    names = COLUMNS[table]
    parents = PARENTS[table]
    with_id = table in REFERENCED
    values: list[tuple[Any, ...]] = []
    for bericht_id, row in entries:
        get = row.values.get
        own = [get(name) for name in names]
        for i in parents:
            parent = own[i]
            own[i] = parent.id if parent is not None else None
        values.append((row.id, bericht_id, *own) if with_id else (bericht_id, *own))
    columns = ("id", BERICHT_ID, *names) if with_id else (BERICHT_ID, *names)
    return columns, values


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    """The first child element of ``el`` named ``name`` (in any namespace), found in C by lxml."""
    if el is None:
        return None
    return next(el.iterchildren("{*}" + name), None)


def _text(el: etree._Element | None, *path: str) -> str | None:
    for name in path:
        el = _child(el, name)
    return _own_text(el)


def _children(el: etree._Element | None) -> dict[str, etree._Element]:
    """The child elements of ``el`` by local name (the first of each name), in one pass."""
    found: dict[str, etree._Element] = {}
    if el is not None:
        for kid in el:
            tag = kid.tag
            if isinstance(tag, str):
                found.setdefault(tag.rpartition("}")[2], kid)
    return found


def _own_text(el: etree._Element | None) -> str | None:
    """The stripped text of ``el``, cut to :data:`HEADER_TEXT_LIMIT` (None when absent or empty)."""
    if el is None or el.text is None:
        return None
    text = el.text.strip()
    return text[:HEADER_TEXT_LIMIT] if text else None


def header_of(root: etree._Element, message: str, retour_of: str | None, afzender_kind: str) -> Header:
    """The header of ``message`` (read from the document, also when it is not XSD-valid).

    For retour messages (JW302 … JW320) ``identificatie``/``dagtekening`` are IdentificatieRetour and
    DagtekeningRetour, and ``retour_of_*`` name the heenbericht (its header is copied into the retour). A
    JW325 has its own BerichtIdentificatie and names the JW323 by DeclaratieIdentificatie; that JW323 was sent
    by the JW325's Ontvanger.
    """
    header = _children(_child(root, "Header"))
    get = header.get
    afzender = _own_text(get("Afzender")) or ""
    ontvanger = _own_text(get("Ontvanger")) or ""
    gemeente, aanbieder = (afzender, ontvanger) if afzender_kind == "gemeente" else (ontvanger, afzender)
    berichtidentificatie = get("BerichtIdentificatie")
    identificatie = _text(berichtidentificatie, "Identificatie") or ""
    dagtekening = parse_iso_date(_text(berichtidentificatie, "Dagtekening"))
    retour_of_afzender: str | None = None
    retour_of_identificatie: str | None = None
    if message == "JW325":
        retour_of_afzender = ontvanger
        retour_of_identificatie = _text(get("DeclaratieIdentificatie"), "Identificatie")
    elif retour_of is not None:
        retour_of_afzender = afzender
        retour_of_identificatie = identificatie or None
        identificatie = _own_text(get("IdentificatieRetour")) or ""
        dagtekening = parse_iso_date(_own_text(get("DagtekeningRetour")))
    return Header(
        berichtsoort=message,
        bericht_code=_own_text(get("BerichtCode")),
        afzender=afzender,
        ontvanger=ontvanger,
        identificatie=identificatie,
        dagtekening=dagtekening,
        gemeente=gemeente or None,
        aanbieder=aanbieder or None,
        retour_of_berichtsoort=retour_of,
        retour_of_afzender=retour_of_afzender,
        retour_of_identificatie=retour_of_identificatie,
    )


def _product(product: g.Product | None) -> dict[str, Any]:
    return {
        "categorie": product.categorie if product else None,
        "code": product.code if product else None,
    }


def _omvang(omvang: g.Omvang | None) -> dict[str, Any]:
    return {
        "volume": omvang.volume if omvang else None,
        "eenheid": omvang.eenheid if omvang else None,
        "frequentie": omvang.frequentie if omvang else None,
    }


def _brp_postcode(contacts: list[g.JW301Contact]) -> str | None:
    for contact in contacts:
        if contact.soort == "01" and contact.adres is not None and contact.adres.postcode:
            return contact.adres.postcode.replace(" ", "").upper()[:8]
    return None


def _client(
    bsn: str,
    gemeente: str | None,
    volgnummer: int = 1,
    geboortedatum: g.Geboortedatum | None = None,
    geslacht: str | None = None,
    postcode: str | None = None,
) -> Row:
    return Row(
        CLIENTS,
        {
            "volgnummer": volgnummer,
            "bsn": bsn,
            "geboortedatum": geboortedatum.datum if geboortedatum else None,
            "geboortedatum_gebruik": geboortedatum.datum_gebruik if geboortedatum else None,
            "geslacht": geslacht,
            "postcode": postcode,
            "gemeente": gemeente,
        },
    )


def _prestatie_values(p: g.JW323Prestatie | g.JW325Prestatie, bsn: str) -> dict[str, Any]:
    return {
        "bsn": bsn,
        "referentie_nummer": p.product_referentie.referentie_nummer,
        "vorig_referentie_nummer": p.product_referentie.vorig_referentie_nummer,
        "toewijzing_nummer": p.toewijzing_nummer,
        "categorie": p.product_categorie,
        "code": p.product_code,
        "periode_begin": p.product_periode.begindatum,
        "periode_eind": p.product_periode.einddatum,
        "volume": p.geleverd_volume,
        "eenheid": p.eenheid,
        "tarief": p.product_tarief,
        "bedrag": p.ingediend_bedrag.bedrag,
        "debet_credit": p.ingediend_bedrag.debet_credit,
    }


def content_rows(record: Any, header: Header, root: etree._Element | None = None) -> list[Row]:
    """Rows of the parsed content of an XSD-valid message (its typed ``record``, see ijw.model; ``None``
    for a message not in :data:`RECORD_MESSAGES`)."""
    party = {"gemeente": header.gemeente or "", "aanbieder": header.aanbieder or ""}
    rows: list[Row] = []
    soort = header.berichtsoort
    if soort == "JW301":
        b301 = cast(g.JW301Bericht, record)
        c = b301.client
        client = _client(
            c.bsn, header.gemeente, 1, c.geboortedatum, c.geslacht, _brp_postcode(c.contactgegevens.contact)
        )
        rows.append(client)
        for i, tp in enumerate(c.toegewezen_producten.toegewezen_product, 1):
            values = {
                "volgnummer": i,
                **party,
                "client_id": client,
                "bsn": c.bsn,
                "toewijzing_nummer": tp.toewijzing_nummer,
                "referentie_aanbieder": tp.referentie_aanbieder,
                **_product(tp.product),
                "toewijzingsdatum": tp.toewijzingsdatum,
                "toewijzingstijd": tp.toewijzingstijd,
                "ingangsdatum": tp.ingangsdatum,
                "einddatum": tp.einddatum,
                "reden_wijziging": tp.reden_wijziging,
                **_omvang(tp.omvang),
                "budget": tp.budget,
            }
            rows.append(Row(TOEWIJZINGEN, values))
    elif soort == "JW305":
        b305 = cast(g.JW305Bericht, record)
        c305 = b305.client
        client = _client(c305.bsn, header.gemeente, 1, c305.geboortedatum, c305.geslacht)
        rows.append(client)
        for i, sp in enumerate(c305.start_producten.start_product, 1):
            values = _delivery(i, party, client, c305.bsn, sp) | {"status_aanlevering": sp.status_aanlevering}
            rows.append(Row(STARTS, values))
    elif soort == "JW307":
        b307 = cast(g.JW307Bericht, record)
        c307 = b307.client
        client = _client(c307.bsn, header.gemeente, 1, c307.geboortedatum, c307.geslacht)
        rows.append(client)
        for i, st in enumerate(c307.stop_producten.stop_product, 1):
            values = _delivery(i, party, client, c307.bsn, st) | {
                "reden_beeindiging": st.reden_beeindiging,
                "einddatum": st.einddatum,
                "status_aanlevering": st.status_aanlevering,
            }
            rows.append(Row(STOPS, values))
    elif soort == "JW315":
        rows.extend(_jw315(cast(g.JW315Bericht, record), header, party))
    elif soort == "JW317":
        rows.extend(_jw317(cast(g.JW317Bericht, record), header, party))
    elif soort == "JW319":
        a = cast(g.JW319Bericht, record).antwoord
        values = {
            "volgnummer": 1,
            **party,
            "referentie_aanbieder": a.referentie_aanbieder,
            "verzoek_antwoord": a.verzoek_antwoord,
            "reden_afwijzing": a.reden_afwijzing_verzoek,
            "woonplaatsbeginsel_gemeente": a.woonplaatsbeginsel.gemeente if a.woonplaatsbeginsel else None,
        }
        rows.append(Row(ANTWOORDEN, values))
    elif soort == "JW323":
        rows.extend(_jw323(cast(g.JW323Bericht, record), header, party))
    elif soort == "JW325":
        rows.extend(_jw325(cast(g.JW325Bericht, record), header, party))
    if header.retour_of_berichtsoort is not None and root is not None:
        rows.extend(retourcode_rows(root))
    return rows


def _jw315(b: g.JW315Bericht, header: Header, party: dict[str, str]) -> list[Row]:
    c = b.client
    client = _client(c.bsn, header.gemeente, 1, c.geboortedatum, c.geslacht)
    rows = [client]
    for i, ap in enumerate(c.aangevraagde_producten.aangevraagd_product, 1):
        values = {
            "volgnummer": i,
            **party,
            "berichtsoort": "JW315",
            "client_id": client,
            "bsn": c.bsn,
            "referentie_aanbieder": ap.referentie_aanbieder,
            "reden_verzoek": None,
            "beschikking_nummer": ap.beschikking_nummer,
            **_product(ap.product),
            "beschikking_ingangsdatum": ap.beschikking_ingangsdatum,
            "toewijzing_ingangsdatum": ap.toewijzing_ingangsdatum,
            "toewijzing_einddatum": ap.toewijzing_einddatum,
            **_omvang(ap.omvang),
            "budget": ap.budget,
            "verwijzer_type": ap.verwijzer.type,
            "verwijzer_zorgverlener_code": ap.verwijzer.zorgverlener_code,
            "raamcontract": ap.raamcontract,
        }
        rows.append(Row(VERZOEKEN, values))
    return rows


_VERZOEK_PRODUCT_EMPTY: dict[str, Any] = {
    "toewijzing_nummer": None,
    "categorie": None,
    "code": None,
    "gewenste_ingangsdatum": None,
    "einddatum": None,
    "volume": None,
    "eenheid": None,
    "frequentie": None,
    "budget": None,
}


def _jw317(b: g.JW317Bericht, header: Header, party: dict[str, str]) -> list[Row]:
    c = b.client
    v = b.client.verzoek
    client = _client(c.bsn, header.gemeente)
    verzoek = Row(
        VERZOEKEN,
        {
            "volgnummer": 1,
            **party,
            "berichtsoort": "JW317",
            "client_id": client,
            "bsn": c.bsn,
            "referentie_aanbieder": v.referentie_aanbieder,
            "reden_verzoek": v.reden_verzoek,
        },
    )
    rows = [client, verzoek]
    volgnummer = 0

    def add(soort: str, **values: Any) -> None:
        nonlocal volgnummer
        volgnummer += 1
        row = {**_VERZOEK_PRODUCT_EMPTY, **values, "verzoek_id": verzoek, "volgnummer": volgnummer}
        rows.append(Row(VERZOEK_PRODUCTEN, {**row, "soort": soort}))

    for op in v.ongewijzigde_producten.ongewijzigd_product if v.ongewijzigde_producten else []:
        add("ongewijzigd", toewijzing_nummer=op.toewijzing_nummer)
    for tw in v.te_wijzigen_producten.te_wijzigen_product if v.te_wijzigen_producten else []:
        add(
            "te_wijzigen",
            toewijzing_nummer=tw.toewijzing_nummer,
            gewenste_ingangsdatum=tw.gewenste_ingangsdatum,
            einddatum=tw.einddatum,
            budget=tw.budget,
            **_omvang(tw.omvang),
        )
    for nw in v.nieuwe_producten.nieuw_product if v.nieuwe_producten else []:
        add(
            "nieuw",
            gewenste_ingangsdatum=nw.gewenste_ingangsdatum,
            einddatum=nw.einddatum,
            budget=nw.budget,
            **_product(nw.product),
            **_omvang(nw.omvang),
        )
    return rows


def _jw323(b: g.JW323Bericht, header: Header, party: dict[str, str]) -> list[Row]:
    d = b.declaratie
    declaratie = Row(
        DECLARATIES,
        {
            "volgnummer": 1,
            **party,
            "declaratie_identificatie": header.identificatie,
            "declaratie_nummer": d.declaratie_nummer,
            "periode_begin": d.declaratie_periode.begindatum,
            "periode_eind": d.declaratie_periode.einddatum,
            "declaratie_dagtekening": d.declaratie_dagtekening,
            "totaal_bedrag": d.totaal_ingediend_bedrag.totaal_bedrag,
            "debet_credit": d.totaal_ingediend_bedrag.debet_credit,
        },
    )
    rows = [declaratie]
    volgnummer = 0
    for ci, c in enumerate(d.clienten.client, 1):
        client = _client(c.bsn, header.gemeente, ci)
        rows.append(client)
        for p in c.prestaties.prestatie:
            volgnummer += 1
            values = {
                **_prestatie_values(p, c.bsn),
                "declaratie_id": declaratie,
                "client_id": client,
                "volgnummer": volgnummer,
            }
            rows.append(Row(PRESTATIES, values))
    return rows


def _codes(codes: g.JW325RetourCodes | None) -> str:
    return ",".join(codes.retour_code) if codes else ""


def _jw325(b: g.JW325Bericht, header: Header, party: dict[str, str]) -> list[Row]:
    h = b.header
    da = b.declaratie_antwoord
    antwoord = Row(
        DECLARATIE_ANTWOORDEN,
        {
            "volgnummer": 1,
            **party,
            "declaratie_identificatie": h.declaratie_identificatie.identificatie,
            "declaratie_dagtekening": h.declaratie_identificatie.dagtekening,
            "header_retourcodes": _codes(h.retour_codes),
            "declaratie_nummer": da.declaratie_nummer if da else None,
            "totaal_ingediend_bedrag": da.totaal_ingediend_bedrag.totaal_bedrag if da else None,
            "ingediend_debet_credit": da.totaal_ingediend_bedrag.debet_credit if da else None,
            "totaal_toegekend_bedrag": da.totaal_toegekend_bedrag.totaal_bedrag if da else None,
            "toegekend_debet_credit": da.totaal_toegekend_bedrag.debet_credit if da else None,
            "antwoord_retourcodes": _codes(da.retour_codes) if da else None,
        },
    )
    rows = [antwoord]
    volgnummer = 0
    for ci, c in enumerate(da.clienten.client if da and da.clienten else [], 1):
        client = _client(c.bsn, header.gemeente, ci)
        rows.append(client)
        for p in c.prestaties.prestatie:
            volgnummer += 1
            values = {
                **_prestatie_values(p, c.bsn),
                "antwoord_id": antwoord,
                "client_id": client,
                "volgnummer": volgnummer,
                "retourcodes": _codes(p.retour_codes),
            }
            rows.append(Row(AFGEWEZEN_PRESTATIES, values))
    return rows


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def retourcode_rows(root: etree._Element) -> list[Row]:
    """One row per RetourCode in a (XSD-valid) retour message or JW325, with the product or verzoek it is
    about (ToewijzingNummer, ReferentieAanbieder or ReferentieNummer of its berichtklasse) and the client."""
    rows: list[Row] = []
    for codes in root.iter("{*}RetourCodes"):
        klasse = codes.getparent()
        if klasse is None:
            continue
        client: etree._Element | None = klasse
        while client is not None and local_name(client) != "Client":
            client = client.getparent()
        referentie = _text(klasse, "ReferentieAanbieder") or _text(
            klasse, "ProductReferentie", "ReferentieNummer"
        )
        base = {
            "berichtklasse": local_name(klasse),
            "location": location(klasse),
            "bsn": _text(client, "Bsn") if client is not None else None,
            "toewijzing_nummer": _int(_text(klasse, "ToewijzingNummer")),
            "referentie": referentie,
        }
        for code in codes:
            if local_name(code) == "RetourCode" and code.text:
                rows.append(Row(RETOURCODES, {**base, "retourcode": code.text.strip()}))
    return rows


def _delivery(
    volgnummer: int,
    party: dict[str, Any],
    client: Row,
    bsn: str,
    item: g.JW305StartProduct | g.JW307StopProduct,
) -> dict[str, Any]:
    """The values a start and a stop share: the client and the toegewezen product they concern."""
    return {
        "volgnummer": volgnummer,
        **party,
        "client_id": client,
        "bsn": bsn,
        "toewijzing_nummer": item.toewijzing_nummer,
        **_product(item.product),
        "toewijzing_ingangsdatum": item.toewijzing_ingangsdatum,
        "begindatum": item.begindatum,
    }

"""The column reader of JW323 declarations (:class:`ijw.rules.jw323.Prestaties`) against a plain reader.

The columns are read in a few C-level passes whose texts are split by position and by value class; that
must give exactly what reading every Prestatie element by element gives, also for values that look like
other elements' values (a VorigReferentieNummer ``C`` or ``04``, a ProductTarief ``83``) and with
comments between the elements.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ijw.rules import jw323
from ijw.rules.jw323 import NS, B
from ijw.schema.model import load_model

_TRICKY = ["R1", "001000004440", "C", "D", "04", "83", "14", "a b", "999900006"]


def test_value_classes_match_the_model() -> None:
    model = load_model()
    assert set(model.simple_types["LDT_Eenheid"].enum) == jw323.EENHEDEN
    assert set(model.simple_types["LDT_DebetCredit"].enum) == jw323.DEBET_CREDIT


prestatie_specs = st.fixed_dictionaries(
    {
        "ref": st.sampled_from(_TRICKY),
        "vorig": st.one_of(st.none(), st.sampled_from(_TRICKY)),
        "nummer": st.sampled_from(["7", "007", "123456"]),
        "cat": st.sampled_from(["45", "43"]),
        "code": st.sampled_from(["45A03", " 45A0", "C"]),
        "begin": st.sampled_from(["2026-04-01", " 2026-04-02"]),
        "end": st.sampled_from(["2026-04-30", "2026-05-01"]),
        "volume": st.sampled_from(["1", "04", "83", "15000"]),
        "eenheid": st.sampled_from(sorted(jw323.EENHEDEN)),
        "tarief": st.one_of(st.none(), st.sampled_from(["6500", "83", "04", "0"])),
        "bedrag": st.sampled_from(["0", "15000", "83"]),
        "dc": st.sampled_from(["C", "D"]),
    }
)
declarations = st.lists(
    st.tuples(
        st.sampled_from(["999900006", "999900018", "123"]), st.lists(prestatie_specs, min_size=1, max_size=4)
    ),
    min_size=1,
    max_size=5,
)


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, tag)
    el.text = text
    return el


def _clienten(clients: list[tuple[str, list[dict[str, Any]]]], comments: bool) -> etree._Element:
    clienten = etree.Element(NS + "Clienten", nsmap={"jw323": NS[1:-1], "ijw": B[1:-1]})
    for bsn, prestaties in clients:
        client = _sub(clienten, NS + "Client")
        _sub(client, NS + "Bsn", bsn)
        holder = _sub(client, NS + "Prestaties")
        for p in prestaties:
            prestatie = _sub(holder, NS + "Prestatie")
            if comments:
                prestatie.append(etree.Comment(" 04 "))
            referentie = _sub(prestatie, NS + "ProductReferentie")
            _sub(referentie, B + "ReferentieNummer", p["ref"])
            if p["vorig"] is not None:
                _sub(referentie, B + "VorigReferentieNummer", p["vorig"])
            _sub(prestatie, NS + "ToewijzingNummer", p["nummer"])
            _sub(prestatie, NS + "ProductCategorie", p["cat"])
            _sub(prestatie, NS + "ProductCode", p["code"])
            periode = _sub(prestatie, NS + "ProductPeriode")
            _sub(periode, B + "Begindatum", p["begin"])
            _sub(periode, B + "Einddatum", p["end"])
            _sub(prestatie, NS + "GeleverdVolume", p["volume"])
            _sub(prestatie, NS + "Eenheid", p["eenheid"])
            if p["tarief"] is not None:
                _sub(prestatie, NS + "ProductTarief", p["tarief"])
            bedrag = _sub(prestatie, NS + "IngediendBedrag")
            _sub(bedrag, B + "Bedrag", p["bedrag"])
            _sub(bedrag, B + "DebetCredit", p["dc"])
    return clienten


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(clients=declarations, comments=st.booleans(), many_clients=st.booleans())
def test_columns_equal_element_by_element_reading(
    clients: list[tuple[str, list[dict[str, Any]]]], comments: bool, many_clients: bool
) -> None:
    if many_clients:  # enough clients for the Bsns to be read by XPath
        clients = (clients * 40)[:40]
    clienten = _clienten(clients, comments)
    rows = jw323.Prestaties(clienten)
    specs = [p for _, prestaties in clients for p in prestaties]
    assert rows.bsns == [bsn for bsn, _ in clients]
    assert rows.n == len(specs)
    assert rows.refs == [p["ref"] for p in specs]
    assert rows.nummers == [p["nummer"] for p in specs]
    assert rows.cats == [p["cat"] for p in specs]
    assert rows.codes == [p["code"] for p in specs]
    assert rows.begins == [p["begin"] for p in specs]
    assert rows.ends == [p["end"] for p in specs]
    assert rows.volumes == [p["volume"] for p in specs]
    assert rows.eenheden == [p["eenheid"] for p in specs]
    assert rows.bedragen == [p["bedrag"] for p in specs]
    assert rows.dcs == [p["dc"] for p in specs]
    assert rows.tarieven == "".join("-" if p["tarief"] is None else "T" for p in specs)
    assert rows.vorig_per_row() == [p["vorig"] for p in specs]
    assert rows.vorige == [p["vorig"] for p in specs if p["vorig"] is not None]
    prestatie_elements = list(clienten.iter(NS + "Prestatie"))
    for i in (len(specs) - 1, 0):
        assert rows.element(i) is prestatie_elements[i]


def test_ambiguous_tail_is_read_element_by_element() -> None:
    # Eenheid 04 with ProductTarief 83, or VorigReferentieNummer 04 with Eenheid 83: the values alone
    # cannot tell, so the reader falls back to the elements
    spec = {
        "ref": "R1",
        "vorig": None,
        "nummer": "7",
        "cat": "45",
        "code": "45A03",
        "begin": "2026-04-01",
        "end": "2026-04-30",
        "volume": "1",
        "eenheid": "04",
        "tarief": "83",
        "bedrag": "83",
        "dc": "D",
    }
    assert jw323.decode_tail(["04", "83", "D"]) is None
    rows = jw323.Prestaties(_clienten([("999900006", [spec])], comments=False))
    assert (rows.eenheden, rows.tarieven, rows.vorige) == (["04"], "T", [])

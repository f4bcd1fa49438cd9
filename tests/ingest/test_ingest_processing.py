"""The ingest processor on SQLite and PostgreSQL: storage, idempotency, TR056, rejections, parsed content."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
import re
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from sqlalchemy import Engine, select, text

from ijw.db import decompress, sha256_hex
from ijw.db import models as m
from ijw.schema.model import load_model
from ijw.validation import Validator
from services.ingest.contracts import IncomingMessage, IngestOutcome
from services.ingest.processing import IngestProcessor, scrub

HEEN = ("JW301", "JW305", "JW307", "JW315", "JW317", "JW319", "JW323")
ALL_TABLES = (
    "berichten",
    "findings",
    "parties",
    "clients",
    "toewijzingen",
    "starts",
    "stops",
    "verzoeken",
    "verzoek_producten",
    "antwoorden",
    "declaraties",
    "prestaties",
    "declaratie_antwoorden",
    "afgewezen_prestaties",
    "retourcodes",
)
GARBAGE = b"this is not XML at all"


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


@pytest.fixture
def processor(engine: Engine, validator: Validator) -> IngestProcessor:
    return IngestProcessor(engine, validator)


def example(reference: Path, name: str) -> bytes:
    data = (reference / "examples" / f"{name}.xml").read_bytes()
    if name == "JW315":  # the official example has an impossible date (see the reference pack's README)
        data = data.replace(b"2027-06-31", b"2027-06-30")
    return data


def item(data: bytes, source: str = "test") -> IncomingMessage:
    return IncomingMessage(data, source, dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC))


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in ALL_TABLES}


def rows(engine: Engine, sql: str, **params: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text(sql), params).all())


def examples_batch(reference: Path) -> list[IncomingMessage]:
    names = sorted(p.stem for p in (reference / "examples").glob("JW*.xml"))
    return [item(example(reference, n), f"file:{n}.xml") for n in names]


# -- storage and idempotency ---------------------------------------------------------------------------------


def test_examples_stored_with_findings_and_retours(
    engine: Engine, processor: IngestProcessor, reference: Path
) -> None:
    batch = [*examples_batch(reference), item(GARBAGE), item(example(reference, "JW301"))]
    outcomes = processor.process_batch(batch)
    assert len(outcomes) == len(batch)
    by_message = {o.message: o for o in outcomes[:14]}
    assert set(by_message) == {
        f"JW{n}" for n in (301, 302, 305, 306, 307, 308, 315, 316, 317, 318, 319, 320, 323, 325)
    }
    assert all(o.status == "stored" for o in outcomes[:14])
    assert outcomes[14].status == "rejected" and outcomes[14].rejection.startswith("PARSE-SYNTAX")  # type: ignore[union-attr]
    # in-batch duplicate: nothing written, same row as the first occurrence
    assert outcomes[15].status == "duplicate"
    assert outcomes[15].bericht_id == by_message["JW301"].bericht_id
    assert by_message["JW318"].xsd_valid is False  # official example is XSD-invalid
    assert by_message["JW301"].key == "0384/JW301/123456789012"
    assert counts(engine)["berichten"] == 15

    stored = {r.berichtsoort: r for r in rows(engine, "SELECT * FROM berichten")}
    assert stored["JW301"].status == "valid" and stored["JW318"].status == "invalid"
    assert stored["JW323"].status == "invalid"  # TR101: RN004 twice
    assert stored[""].status == "rejected" and stored[""].rejection_code == "PARSE-SYNTAX"
    assert decompress(stored[""].raw_xml) == GARBAGE
    assert stored[""].content_hash == sha256_hex(GARBAGE)
    assert decompress(stored["JW301"].raw_xml) == example(reference, "JW301")
    assert str(stored["JW301"].dagtekening) == "2026-04-01"
    assert stored["JW301"].gemeente == "0384" and stored["JW301"].aanbieder == stored["JW301"].ontvanger
    assert stored["JW305"].gemeente == stored["JW305"].ontvanger
    # findings are stored per message, with the rule codes of the validator
    rules = {
        r.rule for r in rows(engine, "SELECT rule FROM findings WHERE bericht_id = :i", i=stored["JW323"].id)
    }
    assert "TR101" in rules
    # retour messages point to the heenbericht they answer
    for retour, heen in (("JW302", "JW301"), ("JW306", "JW305"), ("JW308", "JW307"), ("JW320", "JW319")):
        assert stored[retour].retour_to_id == stored[heen].id, retour
        assert stored[retour].retour_of_identificatie == stored[heen].identificatie
    assert stored["JW325"].retour_to_id == stored["JW323"].id
    # parties: gemeenten and aanbieders of the XSD-valid messages
    parties = {(r.soort, r.code) for r in rows(engine, "SELECT soort, code FROM parties")}
    assert ("gemeente", "0384") in parties and ("aanbieder", stored["JW301"].ontvanger) in parties
    # the retour of every XSD-valid heenbericht (when the retour builder is there)
    if processor.build_retour is not None:
        for name in ("JW301", "JW305", "JW307", "JW317", "JW319", "JW323"):
            assert by_message[name].retour is not None, name
            assert decompress(stored[name].retour_xml) == by_message[name].retour
        assert by_message["JW302"].retour is None


def test_second_run_is_all_duplicates(engine: Engine, processor: IngestProcessor, reference: Path) -> None:
    batch = [*examples_batch(reference), item(GARBAGE)]
    first = processor.process_batch(batch)
    before = counts(engine)
    second = processor.process_batch(list(reversed(batch)))
    assert [o.status for o in second] == ["duplicate"] * len(batch)
    assert counts(engine) == before
    by_id = {o.bericht_id: o for o in first}
    for o in second:
        original = by_id[o.bericht_id]
        assert o.retour == original.retour  # a redelivery can re-publish the same retour
        assert {f.rule for f in o.findings} == {f.rule for f in original.findings}


def test_tr056_reused_identificatie(engine: Engine, processor: IngestProcessor, reference: Path) -> None:
    original = example(reference, "JW301")
    changed = original.replace(b"Commentaar client", b"Commentaar client gewijzigd")
    changed_again = original.replace(b"Commentaar client", b"Andere toelichting")
    other_sender = original.replace(
        b"<jw301:Afzender>0384</jw301:Afzender>", b"<jw301:Afzender>0363</jw301:Afzender>"
    )
    assert changed != original and other_sender != original

    first = processor.process_batch([item(original)])[0]
    assert first.status == "stored" and not any(f.rule == "TR056" for f in first.findings)
    outcomes = processor.process_batch([item(changed), item(changed_again), item(other_sender)])
    for o in outcomes[:2]:
        assert o.status == "stored"
        tr056 = [f for f in o.findings if f.rule == "TR056"]
        assert len(tr056) == 1 and tr056[0].retourcode == "9056"
        assert tr056[0].location == "/Bericht/Header/BerichtIdentificatie/Identificatie"
    assert not any(f.rule == "TR056" for f in outcomes[2].findings)  # another afzender may use it
    stored = rows(engine, "SELECT id, status FROM berichten WHERE identificatie = '123456789012' ORDER BY id")
    assert len(stored) == 4
    assert [r.status for r in stored] == ["valid", "invalid", "invalid", "valid"]
    tr056_rows = rows(engine, "SELECT bericht_id, retourcode FROM findings WHERE rule = 'TR056'")
    assert sorted(r.bericht_id for r in tr056_rows) == [stored[1].id, stored[2].id]
    assert {r.retourcode for r in tr056_rows} == {"9056"}
    if processor.build_retour is not None:
        assert outcomes[0].retour is not None and b"9056" in outcomes[0].retour


def test_tr056_within_one_batch(engine: Engine, processor: IngestProcessor, reference: Path) -> None:
    original = example(reference, "JW305")
    changed = original.replace(b"<jw305:Begindatum>2026-04-03", b"<jw305:Begindatum>2026-04-04")
    assert changed != original
    outcomes = processor.process_batch([item(original), item(changed), item(changed)])
    assert [o.status for o in outcomes] == ["stored", "stored", "duplicate"]
    assert not any(f.rule == "TR056" for f in outcomes[0].findings)
    assert [f.rule for f in outcomes[1].findings if f.rule == "TR056"] == ["TR056"]
    assert outcomes[2].bericht_id == outcomes[1].bericht_id


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "PARSE-EMPTY"),
        (GARBAGE, "PARSE-SYNTAX"),
        (b"<Bericht xmlns='http://www.istandaarden.nl/iwmo/3_2/wmo301/schema'/>", "NOT-IJW"),
        (b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>", "PARSE-DOCTYPE"),
    ],
)
def test_rejected_input_is_stored_with_reason(
    engine: Engine, processor: IngestProcessor, data: bytes, code: str
) -> None:
    outcome = processor.process_batch([item(data, "kafka:ijw.berichten/0/7")])[0]
    assert outcome.status == "rejected" and outcome.rejection is not None
    assert outcome.rejection.startswith(code)
    (row,) = rows(engine, "SELECT * FROM berichten")
    assert row.status == "rejected" and row.rejection_code == code and row.rejection_reason
    assert decompress(row.raw_xml) == data and row.size == len(data)
    assert (row.source == "kafka:ijw.berichten/0/7" and row.xsd_valid is False) or row.xsd_valid == 0
    assert [r.rule for r in rows(engine, "SELECT rule FROM findings")] == [code]
    again = processor.process_batch([item(data), item(data)])
    assert [o.status for o in again] == ["duplicate", "duplicate"]
    assert counts(engine)["berichten"] == 1


def test_truncated_message_rejected(engine: Engine, processor: IngestProcessor, reference: Path) -> None:
    data = example(reference, "JW301")[:500]
    outcome = processor.process(item(data))
    assert outcome.status == "rejected" and outcome.rejection and outcome.rejection.startswith("PARSE-")


@contextlib.contextmanager
def updated_berichten(engine: Engine) -> Iterator[list[int]]:
    """The row counts of the ``UPDATE berichten`` statements run meanwhile, one entry per statement."""
    from sqlalchemy import event

    written: list[int] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE BERICHTEN"):
            written.append(cursor.rowcount)

    event.listen(engine, "after_cursor_execute", count)
    try:
        yield written
    finally:
        event.remove(engine, "after_cursor_execute", count)


@pytest.mark.parametrize(
    ("batches", "rows_updated"),
    [
        ((("JW301",), ("JW302",)), 0),
        ((("JW301", "JW302"),), 0),
        ((("JW302", "JW301"),), 1),
        ((("JW302",), ("JW301",)), 1),
    ],
    ids=[
        "heen-stored-before",
        "heen-first-in-the-batch",
        "retour-first-in-the-batch",
        "retour-stored-before",
    ],
)
def test_a_retour_is_linked_to_its_heenbericht_in_either_order(
    engine: Engine,
    processor: IngestProcessor,
    reference: Path,
    batches: tuple[tuple[str, ...], ...],
    rows_updated: int,
) -> None:
    """A retour message points to the heenbericht it answers whichever comes first, and linking writes only
    what it must: a retour after its heenbericht is inserted pointing to it (no UPDATE: on PostgreSQL an
    update of the indexed ``retour_to_id`` writes the row and all its index entries again); one that comes
    first is updated once, when the heenbericht comes, and is not rewritten while it waits (an unchanged
    rewrite costs a row version on PostgreSQL and a page write on SQLite)."""
    with updated_berichten(engine) as written:
        for batch in batches:
            processor.process_batch([item(example(reference, name)) for name in batch])
        assert sum(written) == rows_updated
    (retour,) = rows(engine, "SELECT retour_to_id FROM berichten WHERE berichtsoort = 'JW302'")
    (heen,) = rows(engine, "SELECT id FROM berichten WHERE berichtsoort = 'JW301'")
    assert retour.retour_to_id == heen.id


def test_concurrent_workers_store_each_message_once(
    engine: Engine, validator: Validator, reference: Path
) -> None:
    from ijw_tools.corpus import generate_valid

    model = load_model()
    rng = random.Random(5)
    messages = [generate_valid(model, name, rng) for name in HEEN for _ in range(6)]
    messages += [example(reference, n) for n in ("JW301", "JW305", "JW323")] + [GARBAGE]
    results: list[list[IngestOutcome]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def work(seed: int) -> None:
        local = list(messages)
        random.Random(seed).shuffle(local)
        proc = IngestProcessor(engine, validator)
        barrier.wait()
        try:
            for start in range(0, len(local), 7):
                results.append(proc.process_batch([item(d) for d in local[start : start + 7]]))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in (1, 2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    statuses = Counter(o.status for batch in results for o in batch)
    distinct = len(set(messages))
    assert statuses["stored"] + statuses["rejected"] == distinct
    assert statuses["duplicate"] == 3 * len(messages) - distinct
    with engine.connect() as conn:
        hashes = Counter(conn.execute(select(m.Bericht.content_hash)).scalars())
    assert set(hashes) == {sha256_hex(d) for d in messages} and max(hashes.values()) == 1


# -- parsed content ------------------------------------------------------------------------------------------


def test_parsed_content_of_the_official_examples(
    engine: Engine, processor: IngestProcessor, reference: Path
) -> None:
    processor.process_batch(examples_batch(reference))

    t = rows(engine, "SELECT * FROM toewijzingen ORDER BY volgnummer")
    assert [(r.toewijzing_nummer, r.referentie_aanbieder, r.categorie, r.code) for r in t] == [
        (300201, "40A12341234", "55", "55A11"),
        (300202, "40A12341235", "55", "55A12"),
    ]
    assert t[0].gemeente == "0384" and t[0].bsn == "999900006"
    assert str(t[0].ingangsdatum) == "2026-04-01" and str(t[0].einddatum) == "2026-07-14"
    assert (t[0].volume, t[0].eenheid, t[0].frequentie, t[0].budget) == (2, "04", "2", None)
    assert str(t[0].toewijzingstijd).startswith("12:34:56")

    (client,) = rows(
        engine,
        "SELECT c.* FROM clients c JOIN berichten b ON b.id = c.bericht_id WHERE b.berichtsoort = 'JW301'",
    )
    assert (client.bsn, str(client.geboortedatum), client.geslacht, client.gemeente) == (
        "999900006",
        "2010-02-14",
        "1",
        "0384",
    )
    assert client.postcode is None  # the example's contacts are Soort 03, not a BRP-adres

    s = rows(engine, "SELECT * FROM starts ORDER BY volgnummer")
    assert [(r.toewijzing_nummer, str(r.begindatum), r.status_aanlevering) for r in s] == [
        (300201, "2026-04-03", "1"),
        (300202, "2026-04-15", "1"),
    ]
    st = rows(engine, "SELECT * FROM stops ORDER BY volgnummer")
    assert [(r.toewijzing_nummer, r.reden_beeindiging, str(r.einddatum)) for r in st] == [
        (300201, "31", "2026-07-17"),
        (300202, "31", "2026-07-17"),
    ]

    v315 = rows(engine, "SELECT * FROM verzoeken WHERE berichtsoort = 'JW315' ORDER BY volgnummer")
    assert [r.referentie_aanbieder for r in v315] == ["40A12341234", "40A12341235"]
    assert all(r.verwijzer_type for r in v315) and all(r.toewijzing_ingangsdatum for r in v315)
    (v317,) = rows(engine, "SELECT * FROM verzoeken WHERE berichtsoort = 'JW317'")
    assert (v317.referentie_aanbieder, v317.reden_verzoek) == ("9003", "1")
    vp = rows(engine, "SELECT * FROM verzoek_producten ORDER BY volgnummer")
    assert [(r.soort, r.toewijzing_nummer, r.code) for r in vp] == [
        ("ongewijzigd", 10071, None),
        ("nieuw", None, "45A03"),
    ]
    assert all(r.verzoek_id == v317.id for r in vp)

    (a,) = rows(engine, "SELECT * FROM antwoorden")
    assert (a.referentie_aanbieder, a.verzoek_antwoord, a.reden_afwijzing, a.woonplaatsbeginsel_gemeente) == (
        "9003",
        "1",
        "8",
        "1916",
    )

    (d,) = rows(engine, "SELECT * FROM declaraties")
    (jw323,) = rows(engine, "SELECT identificatie FROM berichten WHERE berichtsoort = 'JW323'")
    assert d.declaratie_identificatie == jw323.identificatie == "765432198"
    assert (d.declaratie_nummer, d.totaal_bedrag, d.debet_credit) == ("DN001", 79000, "D")
    p = rows(engine, "SELECT * FROM prestaties ORDER BY volgnummer")
    assert [(r.referentie_nummer, r.toewijzing_nummer, r.bedrag, r.debet_credit) for r in p] == [
        ("RN001", 10072, 5000, "D"),
        ("RN002", 10073, 24000, "D"),
        ("RN003", 10074, 5000, "D"),
        ("RN004", 10073, 24000, "D"),
        ("RN004", 10073, 21000, "D"),
    ]
    assert {r.bsn for r in p} == {"999900006", "999900018"}
    assert all(r.declaratie_id == d.id for r in p)

    (da,) = rows(engine, "SELECT * FROM declaratie_antwoorden")
    assert (da.declaratie_identificatie, da.header_retourcodes, da.totaal_ingediend_bedrag) == (
        "765432198",
        "0200",
        58000,
    )
    assert (da.totaal_toegekend_bedrag, da.toegekend_debet_credit) == (34000, "C")
    af = rows(engine, "SELECT * FROM afgewezen_prestaties ORDER BY volgnummer")
    assert [(r.referentie_nummer, r.retourcodes) for r in af] == [
        ("RN001", "0611"),
        ("RN002", "9339,9340,9341"),
        ("RN003", "9307"),
    ]

    rc = rows(
        engine,
        "SELECT b.berichtsoort, r.berichtklasse, r.retourcode, r.referentie FROM retourcodes r "
        "JOIN berichten b ON b.id = r.bericht_id",
    )
    got = Counter(r.berichtsoort for r in rc)
    assert got["JW302"] >= 1 and got["JW306"] >= 1 and got["JW316"] >= 1 and got["JW320"] >= 1
    assert ("JW320", "Antwoord", "9360", "9003") in {tuple(r) for r in rc}
    assert ("JW316", "AangevraagdProduct", "9347") in {tuple(r)[:3] for r in rc}
    assert "JW318" not in got  # the official JW318 example is XSD-invalid: no parsed content


def test_postcode_of_the_brp_adres(engine: Engine, processor: IngestProcessor, reference: Path) -> None:
    data = example(reference, "JW301")
    root = etree.fromstring(data)
    ns = {
        "j": "http://www.istandaarden.nl/ijw/3_2/jw301/schema",
        "i": "http://www.istandaarden.nl/ijw/3_2/basisschema/schema",
    }
    contact = root.find("j:Client/j:Contactgegevens/j:Contact", ns)
    assert contact is not None
    contact.find("j:Soort", ns).text = "01"  # type: ignore[union-attr]
    contact.find("j:Adres/i:Postcode", ns).text = "1234 ab"  # type: ignore[union-attr]
    outcome = processor.process(item(etree.tostring(root, xml_declaration=True, encoding="UTF-8")))
    assert outcome.xsd_valid, outcome.findings
    (client,) = rows(engine, "SELECT postcode FROM clients")
    assert client.postcode == "1234AB"


def _count(root: etree._Element, name: str) -> int:
    return sum(1 for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == name)


@pytest.mark.parametrize("message", (*HEEN, "JW325", "JW302", "JW306", "JW308", "JW316", "JW318", "JW320"))
def test_parsed_content_of_generated_messages(
    engine: Engine, processor: IngestProcessor, message: str
) -> None:
    from ijw_tools.corpus import generate_valid

    model = load_model()
    rng = random.Random(f"ingest:{message}")
    batch = [generate_valid(model, message, rng, rate) for rate in (1.0, 0.0, 0.5, 0.5)]
    outcomes = processor.process_batch([item(d) for d in batch])
    assert all(o.status == "stored" and o.xsd_valid for o in outcomes), [o.findings for o in outcomes]
    roots = [etree.fromstring(d) for d in batch]
    expected = {
        "JW301": {"toewijzingen": "ToegewezenProduct", "clients": "Client"},
        "JW305": {"starts": "StartProduct", "clients": "Client"},
        "JW307": {"stops": "StopProduct", "clients": "Client"},
        "JW315": {"verzoeken": "AangevraagdProduct", "clients": "Client"},
        "JW319": {"antwoorden": "Antwoord"},
        "JW323": {"declaraties": "Declaratie", "prestaties": "Prestatie", "clients": "Client"},
        "JW325": {"afgewezen_prestaties": "Prestatie", "retourcodes": "RetourCode"},
    }.get(message, {"retourcodes": "RetourCode"})
    got = counts(engine)
    for table, element in expected.items():
        assert got[table] == sum(_count(r, element) for r in roots), table
    if message == "JW317":
        assert got["verzoeken"] == len(batch)
        products = ("OngewijzigdProduct", "TeWijzigenProduct", "NieuwProduct")
        assert got["verzoek_producten"] == sum(_count(r, n) for r in roots for n in products)
    if message == "JW325":
        assert got["declaratie_antwoorden"] == len(batch)
    if message == "JW301":
        nummers = sorted(int(el.text or "0") for r in roots for el in r.iter("{*}ToewijzingNummer"))
        assert (
            sorted(r.toewijzing_nummer for r in rows(engine, "SELECT toewijzing_nummer FROM toewijzingen"))
            == nummers
        )
    if message == "JW323":
        refs = sorted(el.text or "" for r in roots for el in r.iter("{*}ReferentieNummer"))
        assert (
            sorted(r.referentie_nummer for r in rows(engine, "SELECT referentie_nummer FROM prestaties"))
            == refs
        )
    bsns = {el.text for r in roots for el in r.iter("{*}Bsn")}
    if message in HEEN and message != "JW319":
        assert {r.bsn for r in rows(engine, "SELECT bsn FROM clients")} == bsns


# -- privacy -------------------------------------------------------------------------------------------------


def test_no_bsn_or_name_in_logs_or_finding_texts(
    engine: Engine, processor: IngestProcessor, reference: Path, caplog: pytest.LogCaptureFixture
) -> None:
    bad_bsn = example(reference, "JW305").replace(b"<jw305:Bsn>999900006<", b"<jw305:Bsn>9999000061<")
    long_name = example(reference, "JW301").replace(b"Commentaar client", b"x" * 5000)
    batch = [*examples_batch(reference), item(bad_bsn), item(long_name)]
    bsns = set()
    names = set()
    for it in batch:
        bsns.update(re.findall(rb"<[\w:]*Bsn>\s*([^<]+?)\s*<", it.data))
        names.update(re.findall(rb"<[\w:]*Achternaam>\s*([^<]+?)\s*<", it.data))
    assert b"9999000061" in bsns and names
    with caplog.at_level(logging.DEBUG):
        outcomes = processor.process_batch(batch)
        processor.process_batch(batch)
    assert any("ingest batch" in r.getMessage() for r in caplog.records)
    logged = caplog.text
    stored = [r.message for r in rows(engine, "SELECT message FROM findings")]
    for value in {v.decode() for v in bsns | names}:
        word = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
        assert not word.search(logged)
        for o in outcomes:
            assert not any(word.search(f.message) for f in o.findings), (value, o.findings)
        assert not any(word.search(message) for message in stored)
    bad = outcomes[len(batch) - 2]
    assert not bad.xsd_valid and any(f.rule == "XSD" for f in bad.findings)


def test_scrub() -> None:
    assert scrub("BSN 999900006 en ToewijzingNummer 123456789") == "BSN *** en ToewijzingNummer 123456789"
    assert scrub("Naam 'Jansen' te lang", ["Jansen"]) == "Naam '***' te lang"

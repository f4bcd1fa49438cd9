"""``ijw retour --db URL PATH`` (issue 14, item 4): the retour a receiver should send including control level
3, judged against the linked state in the database, without storing anything.

The state is made of hand-written messages (``tests/scenarios/ijwxml.py``, ``script.py``: explicit values,
nothing shared with the code under test) sent through the real ingest and quality run. The expected
retourcodes come from the rule texts of the reference pack (``regels/technische-regels/berichtoverstijgend``:
the Retourcode in each rule's metadata) and the construction of DESIGN.md, "Retour messages": the rule's
retourcode on the failing berichtklasse, 0200 on the classes that pass; a JW325 returns only the rejected
prestaties, each with its codes, under DeclaratieAntwoord 0200, and the rest is granted.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from pathlib import Path

from lxml import etree
from retour_support import child, children, codes_of, local_name, official_schema
from sqlalchemy import func, select
from typer.testing import CliRunner

from ijw.db import make_engine
from ijw.db import models as m
from ijw.db.blobs import decompress
from ijw.xmlpath import resolve
from ijw_app.cli.main import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scenarios"))
import ijwxml as x
from script import AANBIEDER, GEMEENTE, D, Script, month, play

_spec = importlib.util.spec_from_file_location(
    "ijw_tests_ingest_conftest_retour_db", Path(__file__).resolve().parents[1] / "ingest" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_ingest_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_ingest_conftest)
db_url = _ingest_conftest.db_url  # SQLite, and PostgreSQL with IJW_TEST_POSTGRES_URL
postgres_url = _ingest_conftest.postgres_url

runner = CliRunner()
KIND = Script().kind
MEI, JUNI = month(2025, 5), month(2025, 6)
BERICHTOVERSTIJGEND = Path("regels/technische-regels/berichtoverstijgend")


def official_retourcode(reference: Path, rule: str) -> str:
    """The Retourcode in the metadata of the official rule text."""
    text = (reference / BERICHTOVERSTIJGEND / f"{rule}.md").read_text(encoding="utf-8")
    found = re.search(r"^\| Retourcode \| (\d{4}) \|$", text, re.M)
    assert found, rule
    return found.group(1)


def _prestatie(ref: str, periode: tuple[dt.date, dt.date], **kw: object) -> x.Prestatie:
    values: dict[str, object] = {"volume": 4, "bsn": KIND.bsn} | kw
    return x.Prestatie(ref, 1001, periode[0], periode[1], **values)  # type: ignore[arg-type]


def _stored(
    db_url: str, *declaraties: tuple[str, dt.date, tuple[dt.date, dt.date], list[x.Prestatie]]
) -> None:
    """A toewijzing (1 May to 31 December 2025, 100 hours) and its start on 1 May, then ``declaraties``,
    ingested and linked."""
    s = Script()
    s.toewijzing(
        "toewijzing",
        D(2025, 4, 28),
        KIND,
        1001,
        ingang=D(2025, 5, 1),
        eind=D(2025, 12, 31),
        omvang=(100, "04", "6"),
    )
    s.start("start", D(2025, 5, 2), 1001, D(2025, 5, 1))
    for label, dag, periode, prestaties in declaraties:
        s.declaratie(label, dag, periode, prestaties)
    play(db_url, s)


def _jw323(
    tmp_path: Path, ident: str, dag: dt.date, periode: tuple[dt.date, dt.date], prestaties: list[x.Prestatie]
) -> Path:
    path = tmp_path / f"{ident}.xml"
    path.write_bytes(x.jw323(AANBIEDER, GEMEENTE, ident, dag, f"DN{ident}", periode, prestaties))
    return path


def _retour(reference: Path, path: Path, *args: str, message: str) -> etree._Element:
    result = runner.invoke(app, ["retour", *args, str(path)])
    assert result.exit_code == 0, result.output
    doc = etree.fromstring(result.stdout.encode("utf-8"))
    schema = official_schema(reference / "xsd", message)
    assert schema.validate(doc), schema.error_log
    return doc


def _stored_rows(db_url: str) -> tuple[int, ...]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return tuple(
                conn.execute(select(func.count()).select_from(model)).scalar_one()
                for model in (m.Bericht, m.LinkedBericht, m.QualityFinding, m.PrestatieBeoordeling, m.Traject)
            )
    finally:
        engine.dispose()


def _rejected(doc: etree._Element) -> dict[str, list[str] | None]:
    """ReferentieNummer → retourcodes of every prestatie a JW325 returns."""
    antwoord = child(doc, "DeclaratieAntwoord")
    found: dict[str, list[str] | None] = {}
    for clienten in (c for c in children(antwoord) if local_name(c) == "Clienten"):
        for client in children(clienten):
            for prestatie in children(child(client, "Prestaties")):
                ref = next(e.text for e in prestatie.iter() if local_name(e) == "ReferentieNummer")
                found[str(ref)] = codes_of(prestatie)
    return found


def test_a_second_debet_for_may_gets_the_retourcode_of_tr389(
    reference: Path, tmp_path: Path, db_url: str
) -> None:
    """TR389: a debet "mag alleen ingezonden worden voor dezelfde ProductPeriode, ProductCategorie en
    ProductCode met gelijk ToewijzingNummer als er niet al eerder een debetprestatie is verzonden". May was
    declared (R1); June's declaratie declares June (R2) and May again (R3): R3 is rejected with TR389's
    retourcode, R2 is granted, the declaratie-antwoord itself is 0200."""
    _stored(db_url, ("mei", D(2025, 6, 3), MEI, [_prestatie("R1", MEI)]))
    path = _jw323(
        tmp_path, "J000000001", D(2025, 7, 3), JUNI, [_prestatie("R2", JUNI), _prestatie("R3", MEI)]
    )
    before = _stored_rows(db_url)

    doc = _retour(reference, path, "--db", db_url, message="JW325")

    assert codes_of(child(doc, "Header")) == ["0200"]
    antwoord = child(doc, "DeclaratieAntwoord")
    assert codes_of(antwoord) == ["0200"]
    assert _rejected(doc) == {"R3": [official_retourcode(reference, "TR389")]}
    (clienten,) = [c for c in children(antwoord) if local_name(c) == "Clienten"]
    (client,) = children(clienten)
    assert codes_of(client) == ["0200"]
    assert _stored_rows(db_url) == before  # nothing stored, linked or judged into the database

    without = _retour(reference, path, message="JW325")  # levels 1 and 2 only, as before
    assert codes_of(child(without, "DeclaratieAntwoord")) == ["8001"] and _rejected(without) == {}


def test_a_debet_after_its_credit_is_granted(reference: Path, tmp_path: Path, db_url: str) -> None:
    """TR389, Toelichting: "Indien eerder verzonden Prestatie met … Debet, een bijbehorende creditprestatie
    heeft, is het verzenden van een Prestatie met … Debet wel toegestaan": with the credit of R1 in the same
    message, the new debet for May is granted and the whole declaratie is (8001)."""
    _stored(db_url, ("mei", D(2025, 6, 3), MEI, [_prestatie("R1", MEI)]))
    prestaties = [
        _prestatie("R2", JUNI),
        _prestatie("R3", MEI, volume=6),
        _prestatie("R4", MEI, credit=True, vorig="R1"),
    ]
    path = _jw323(tmp_path, "J000000002", D(2025, 7, 3), JUNI, prestaties)
    doc = _retour(reference, path, "--db", db_url, message="JW325")
    assert codes_of(child(doc, "DeclaratieAntwoord")) == ["8001"] and _rejected(doc) == {}


def test_a_stored_message_is_judged_against_the_state_before_it(
    reference: Path, tmp_path: Path, db_url: str
) -> None:
    """The same two declaraties, both stored: each is judged as the linker judged it on arrival, May's
    against the state before it (granted, not a double of itself), June's against May's (R3 rejected)."""
    june = [_prestatie("R2", JUNI), _prestatie("R3", MEI)]
    _stored(
        db_url,
        ("mei", D(2025, 6, 3), MEI, [_prestatie("R1", MEI)]),
        ("juni", D(2025, 7, 3), JUNI, june),
    )
    engine = make_engine(db_url)
    with engine.connect() as conn:
        stored = {
            r.identificatie: r.raw_xml
            for r in conn.execute(
                select(m.Bericht.identificatie, m.Bericht.raw_xml).where(m.Bericht.berichtsoort == "JW323")
            )
        }
    engine.dispose()
    (mei, juni) = sorted(stored)
    tr389 = official_retourcode(reference, "TR389")
    for ident, expected in ((mei, {}), (juni, {"R3": [tr389]})):
        path = tmp_path / f"stored-{ident}.xml"
        path.write_bytes(decompress(stored[ident]))
        assert _rejected(_retour(reference, path, "--db", db_url, message="JW325")) == expected, ident


def _quality_codes(db_url: str, path: Path) -> dict[str, list[str]]:
    """Store the message for real and run the quality service: ReferentieNummer → the retourcodes of the
    quality findings on its prestaties (what ``--db`` must have foreseen)."""
    from services.ingest.contracts import IncomingMessage
    from services.ingest.processing import IngestProcessor
    from services.quality.run import run_quality

    engine = make_engine(db_url)
    try:
        (outcome,) = IngestProcessor(engine).process_batch([IncomingMessage(path.read_bytes(), "test:new")])
        assert outcome.bericht_id is not None
        run_quality(engine)
        heen = etree.fromstring(path.read_bytes())
        q = m.QualityFinding.__table__.c
        found: dict[str, list[str]] = {}
        with engine.connect() as conn:
            for r in conn.execute(
                select(q.retourcode, q.location).where(
                    q.bericht_id == outcome.bericht_id, q.severity == "error"
                )
            ):
                prestatie = resolve(heen, re.sub(r"(Prestatie\[\d+\]).*", r"\1", r.location))
                assert prestatie is not None, r.location
                ref = next(e.text for e in prestatie.iter() if local_name(e) == "ReferentieNummer")
                found.setdefault(str(ref), []).append(r.retourcode)
        return found
    finally:
        engine.dispose()


def test_the_linked_state_is_replayed_in_arrival_order(reference: Path, tmp_path: Path, db_url: str) -> None:
    """June's declaratie was linked before May's arrived, so May's broke TR318 on arrival ("moet
    DeclaratiePeriode de kalendermaand volgend op voorgaande DeclaratiePeriode zijn"; OP284 allows no period
    before the last submitted one) and was rejected whole: its R1 was never granted. A new debet for May is
    therefore no second debet (TR389) on arrival, although in the canonical (Dagtekening) state May's
    declaratie comes first. The answer is what the quality run judges when the message is stored for real."""
    _stored(db_url, ("juni", D(2025, 7, 3), JUNI, [_prestatie("R2", JUNI)]))
    later = Script()
    later.declaratie("mei", D(2025, 6, 3), MEI, [_prestatie("R1", MEI)])
    assert play(db_url, later) == [("TR318", "mei", "/Bericht/Declaratie/DeclaratiePeriode")]
    path = _jw323(tmp_path, "J000000003", D(2025, 7, 20), JUNI, [_prestatie("R3", MEI)])
    doc = _retour(reference, path, "--db", db_url, message="JW325")
    assert codes_of(child(doc, "DeclaratieAntwoord")) == ["8001"] and _rejected(doc) == {}
    assert _quality_codes(db_url, path) == {}

    again = _jw323(
        tmp_path, "J000000004", D(2025, 7, 21), JUNI, [_prestatie("R4", MEI), _prestatie("R5", JUNI)]
    )
    doc = _retour(reference, again, "--db", db_url, message="JW325")  # now May was granted once (R3)
    tr389 = official_retourcode(reference, "TR389")
    assert _rejected(doc) == {"R4": [tr389], "R5": [tr389]}
    assert _quality_codes(db_url, again) == {"R4": [tr389], "R5": [tr389]}


def test_a_second_start_gets_the_retourcode_of_tr326(reference: Path, tmp_path: Path, db_url: str) -> None:
    """TR326: "Een Startbericht mag pas verstuurd worden als er géén actueel Startbericht bij een
    ToegewezenProduct is": a second start of toewijzing 1001 while the first is current gets TR326's
    retourcode on its StartProduct; the Header and the Client, which pass, get 0200 (DESIGN.md)."""
    _stored(db_url)
    path = tmp_path / "start.xml"
    path.write_bytes(
        x.levering(
            AANBIEDER,
            GEMEENTE,
            "S000000009",
            D(2025, 5, 20),
            KIND,
            x.Levering(1001, D(2025, 5, 1), D(2025, 5, 19)),
        )
    )
    doc = _retour(reference, path, "--db", db_url, message="JW306")
    client = child(doc, "Client")
    (product,) = children(child(client, "StartProducten"))
    assert codes_of(child(doc, "Header")) == ["0200"] and codes_of(client) == ["0200"]
    assert codes_of(product) == [official_retourcode(reference, "TR326")]
    plain = _retour(reference, path, message="JW306")  # without --db: no level 3, the header only
    assert [local_name(c) for c in plain] == ["Header"] and codes_of(plain[0]) is None


def test_a_toewijzing_number_of_another_client_gets_the_retourcode_of_tr332(
    reference: Path, tmp_path: Path, db_url: str
) -> None:
    """TR332: "Ieder ToegewezenProduct binnen één gemeente heeft een uniek nummer per wettelijk domein":
    toewijzing 1001 of the stored client, sent again for another client, gets TR332's retourcode on its
    ToegewezenProduct; the Header, the Client and its Contact, which pass, get 0200. A new number for that
    client is answered with the header alone."""
    _stored(db_url)
    ander = x.Kind("999900018", achternaam="de Vries")
    tr332 = official_retourcode(reference, "TR332")
    toewijzing: dict[str, object] = {"ingang": D(2025, 6, 1), "eind": None, "omvang": (10, "04", "6")}
    for ident, nummer, expected in (("T000000011", 1001, [tr332]), ("T000000012", 1002, None)):
        path = tmp_path / f"{ident}.xml"
        path.write_bytes(x.jw301(GEMEENTE, AANBIEDER, ident, D(2025, 6, 2), ander, nummer, **toewijzing))
        doc = _retour(reference, path, "--db", db_url, message="JW302")
        if expected is None:
            assert [local_name(c) for c in doc] == ["Header"] and codes_of(doc[0]) is None
            continue
        client = child(doc, "Client")
        (product,) = children(child(client, "ToegewezenProducten"))
        (contact,) = children(child(client, "Contactgegevens"))
        assert codes_of(child(doc, "Header")) == ["0200"] and codes_of(client) == ["0200"]
        assert codes_of(contact) == ["0200"] and codes_of(product) == expected


def test_a_database_mistake_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "start.xml"
    path.write_bytes(
        x.levering(
            AANBIEDER,
            GEMEENTE,
            "S000000010",
            D(2025, 5, 20),
            KIND,
            x.Levering(1001, D(2025, 5, 1), D(2025, 5, 19)),
        )
    )
    for db, fragment in (
        ("notaurl", "is not a database URL"),
        (f"sqlite:///{tmp_path / 'missing.sqlite'}", "no database at"),
    ):
        result = runner.invoke(app, ["retour", "--db", db, str(path)])
        assert result.exit_code == 2, result.output
        assert (
            result.stderr.startswith("error: ")
            and fragment in result.stderr
            and result.stderr.count("\n") == 1
        )
    assert not (tmp_path / "missing.sqlite").exists()

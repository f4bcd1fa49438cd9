"""Tests of the synthetic traffic generator (``ijw_tools.traffic``)."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from lxml import etree

from ijw.validation import Validator
from ijw_tools.traffic import (
    DEFECT_KINDS,
    GeneratedMessage,
    TrafficConfig,
    TrafficRun,
    generate_traffic,
    no_defects,
)
from ijw_tools.traffic.__main__ import main

ALL_TYPES = {f"JW{n}" for n in (301, 302, 305, 306, 307, 308, 315, 316, 317, 318, 319, 320, 323, 325)}
RETOURS = {
    "JW302": "JW301",
    "JW306": "JW305",
    "JW308": "JW307",
    "JW316": "JW315",
    "JW318": "JW317",
    "JW320": "JW319",
}
Traffic = tuple[TrafficRun, list[GeneratedMessage]]
#: elevated rates, so that every kind occurs often enough to test its rate
RATES = {kind: 0.05 for kind in DEFECT_KINDS}


def _run(clients: int = 200, seed: int = 11, **kwargs: object) -> TrafficRun:
    config = TrafficConfig(gemeenten=3, aanbieders=6, clients=clients, seed=seed, **kwargs)  # type: ignore[arg-type]
    return generate_traffic(config)


@pytest.fixture(scope="module")
def traffic() -> Traffic:
    run = _run(clients=700, seed=5, defect_rates=RATES)
    return run, list(run)


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el.iter() if isinstance(c.tag, str) and etree.QName(c).localname == name]


def _text(el: etree._Element, name: str) -> str:
    found = _children(el, name)
    assert found, name
    return found[0].text or ""


def test_same_seed_same_bytes() -> None:
    first = [(m.file_name, m.data) for m in _run(clients=60, seed=3)]
    second_run = _run(clients=60, seed=3)
    second = [(m.file_name, m.data) for m in second_run]
    assert first == second
    other = [(m.file_name, m.data) for m in _run(clients=60, seed=4)]
    assert first != other


def test_same_seed_same_ground_truth() -> None:
    a = _run(clients=80, seed=9, defect_rates=RATES)
    b = _run(clients=80, seed=9, defect_rates=RATES)
    list(a), list(b)
    assert [r.as_dict() for r in a.ground_truth] == [r.as_dict() for r in b.ground_truth]
    assert a.ground_truth


def test_every_message_type_occurs(traffic: Traffic) -> None:
    _, messages = traffic
    assert {m.message_type for m in messages} == ALL_TYPES


def test_messages_in_dagtekening_order_within_period(traffic: Traffic) -> None:
    run, messages = traffic
    days = [m.dagtekening for m in messages]
    assert days == sorted(days)
    assert run.config.period_start <= days[0] and days[-1] <= run.config.period_end
    names = [m.file_name for m in messages]
    assert names == sorted(names)
    assert [m.sequence for m in messages] == list(range(len(messages)))


def test_dagtekening_in_the_message(traffic: Traffic) -> None:
    _, messages = traffic
    for m in messages[:3000]:
        if m.corrupt in ("onleesbaar", "xsd-ongeldig"):
            continue
        root = etree.fromstring(m.data)
        header = _children(root, "Header")[0]
        tag = "DagtekeningRetour" if m.message_type in RETOURS else "Dagtekening"
        assert _text(header, tag) == m.dagtekening.isoformat(), m.key


def test_clean_messages_are_valid(traffic: Traffic, validator: Validator) -> None:
    """Every message without a corrupting defect is XSD-valid and free of in-message rule errors (even
    when it carries a cross-message defect); every corrupt one fails for the defect's reason."""
    _, messages = traffic
    corrupt: Counter[str] = Counter()
    for m in messages:
        result = validator.validate_bytes(m.data)
        errors = [(f.rule, f.location, f.message) for f in result.findings if f.is_error]
        if m.corrupt is None:
            assert result.xsd_valid and not errors, (m.key, errors)
            continue
        corrupt[m.corrupt] += 1
        rules = {f.rule for f in result.findings if f.is_error}
        expected = DEFECT_KINDS[m.corrupt].rule
        if expected == "PARSE":
            assert result.message is None and any(r.startswith("PARSE") for r in rules), (m.key, rules)
        else:
            assert rules == {expected}, (m.key, rules)
    assert set(corrupt) == {"bsn-elfproef", "datumvolgorde", "xsd-ongeldig", "onleesbaar"}


def test_clean_run_has_no_corrupt_message_and_no_ground_truth(validator: Validator) -> None:
    run = _run(clients=150, seed=21, defect_rates=no_defects())
    messages = list(run)
    assert not run.ground_truth
    assert all(m.corrupt is None and not m.defects for m in messages)
    assert sum(run.injected.values()) == 0


def test_official_xsds_accept_a_sample(traffic: Traffic, reference: Path) -> None:
    _, messages = traffic
    schemas: dict[str, etree.XMLSchema] = {}
    per_type: Counter[str] = Counter()
    for m in messages:
        if m.corrupt is not None or per_type[m.message_type] >= 25:
            continue
        per_type[m.message_type] += 1
        schema = schemas.get(m.message_type)
        if schema is None:
            schema = schemas[m.message_type] = etree.XMLSchema(
                etree.parse(str(reference / "xsd" / f"{m.message_type.lower()}.xsd"))
            )
        doc = etree.fromstring(m.data)
        assert schema.validate(doc), (m.key, str(schema.error_log))
    assert set(per_type) == ALL_TYPES


def test_links_hold(traffic: Traffic) -> None:
    """Starts refer to earlier toewijzingen, JW325s to earlier JW323s, credits to earlier prestaties,
    retours to earlier heenberichten; unless the ground truth says the link is broken on purpose."""
    run, messages = traffic
    tr019 = {r.bericht for r in run.ground_truth if r.rule == "TR019"}
    toewijzingen: set[tuple[str, str, str, str]] = set()  # gemeente, aanbieder, bsn, nummer
    declaraties: set[tuple[str, str, str]] = set()  # aanbieder, gemeente, identificatie
    referenties: set[tuple[str, str]] = set()  # aanbieder, ReferentieNummer
    heen: set[tuple[str, str, str]] = set()
    n_credits = n_starts = 0
    for m in messages:
        if m.corrupt is not None:
            heen.add((m.key.split("/")[0], m.message_type, m.identificatie))
            continue
        root = etree.fromstring(m.data)
        header = _children(root, "Header")[0]
        afzender, ontvanger = _text(header, "Afzender"), _text(header, "Ontvanger")
        ident = _text(_children(header, "BerichtIdentificatie")[0], "Identificatie")
        if m.message_type in RETOURS:
            assert (afzender, RETOURS[m.message_type], ident) in heen, m.key
            continue
        heen.add((afzender, m.message_type, ident))
        if m.message_type == "JW301":
            bsn = _text(root, "Bsn")
            for tp in _children(root, "ToegewezenProduct"):
                toewijzingen.add((afzender, ontvanger, bsn, _text(tp, "ToewijzingNummer")))
        elif m.message_type == "JW305":
            bsn = _text(root, "Bsn")
            for sp in _children(root, "StartProduct"):
                linked = (ontvanger, afzender, bsn, _text(sp, "ToewijzingNummer")) in toewijzingen
                assert linked != (m.key in tr019), m.key
                n_starts += 1
        elif m.message_type == "JW307":
            bsn = _text(root, "Bsn")
            for sp in _children(root, "StopProduct"):
                assert (ontvanger, afzender, bsn, _text(sp, "ToewijzingNummer")) in toewijzingen, m.key
        elif m.message_type == "JW323":
            declaraties.add((afzender, ontvanger, ident))
            for p in _children(root, "Prestatie"):
                ref = _text(p, "ReferentieNummer")
                vorig = _children(p, "VorigReferentieNummer")
                if vorig:
                    assert _text(p, "DebetCredit") == "C"
                    assert (afzender, vorig[0].text) in referenties, m.key
                    n_credits += 1
                referenties.add((afzender, ref))
        elif m.message_type == "JW325":
            decl = _text(_children(header, "DeclaratieIdentificatie")[0], "Identificatie")
            assert (ontvanger, afzender, decl) in declaraties, m.key
    assert n_credits > 0 and n_starts > 0 and tr019


def test_absences_are_in_the_ground_truth(traffic: Traffic) -> None:
    """A toewijzing in the ground truth as never started has no JW305; one whose stop is missing no JW307."""
    run, messages = traffic
    started: set[tuple[str, str, str]] = set()
    stopped: set[tuple[str, str, str]] = set()
    for m in messages:
        if m.corrupt is not None or m.message_type not in ("JW305", "JW307"):
            continue
        root = etree.fromstring(m.data)
        target = started if m.message_type == "JW305" else stopped
        for nummer in _children(root, "ToewijzingNummer"):
            target.add((m.gemeente, m.aanbieder, nummer.text or ""))
    no_start = [r for r in run.ground_truth if r.rule == "GEEN-START"]
    no_stop = [r for r in run.ground_truth if r.rule == "OP272"]
    assert no_start and no_stop
    for r in no_start:
        assert (r.gemeente, r.aanbieder, str(r.toewijzingnummer)) not in started, r
    for r in no_stop:
        assert (r.gemeente, r.aanbieder, str(r.toewijzingnummer)) in started, r
        assert (r.gemeente, r.aanbieder, str(r.toewijzingnummer)) not in stopped, r


def test_defect_counts_match_rates(traffic: Traffic) -> None:
    run, _ = traffic
    recorded = Counter(r.defect for r in run.ground_truth)
    for kind, rate in RATES.items():
        n = run.opportunities[kind]
        k = run.injected[kind]
        assert n >= 50, (kind, n)
        tolerance = 4 * math.sqrt(n * rate * (1 - rate)) + 2
        assert abs(k - n * rate) <= tolerance, (kind, k, n)
        assert recorded[kind] == k, (kind, recorded[kind], k)


def test_ground_truth_points_at_existing_messages(traffic: Traffic) -> None:
    run, messages = traffic
    by_key: dict[str, list[GeneratedMessage]] = defaultdict(list)
    for m in messages:
        by_key[m.key].append(m)
    for r in run.ground_truth:
        assert r.bericht in by_key, r
        assert any(m.message_type == r.berichtsoort for m in by_key[r.bericht]), r
        assert r.related is None or r.related in by_key, r
        assert r.rule == DEFECT_KINDS[r.defect].rule_for(r.berichtsoort)
    dups = [r for r in run.ground_truth if r.rule == "TR056"]
    assert dups and all(len(by_key[r.bericht]) >= 2 for r in dups)


def test_deadline_defects_are_late_and_others_on_time(traffic: Traffic) -> None:
    from ijw_tools.traffic.werkdagen import add_werkdagen

    run, messages = traffic
    late = {r.related for r in run.ground_truth if r.rule == "OP090"}
    heen_day: dict[tuple[str, str, str], dt.date] = {}
    for m in messages:
        if m.message_type in RETOURS:
            root = etree.fromstring(m.data)
            header = _children(root, "Header")[0]
            key = (_text(header, "Afzender"), RETOURS[m.message_type], _text(header, "Identificatie"))
            sent = heen_day[key]
            if m.key in late:
                assert m.dagtekening > add_werkdagen(sent, 5), m.key
            else:
                assert m.dagtekening <= add_werkdagen(sent, 2), m.key
        else:
            heen_day[(m.key.split("/")[0], m.message_type, m.identificatie)] = m.dagtekening
    assert late


def test_command_line_writes_files_and_ground_truth(tmp_path: Path) -> None:
    out = tmp_path / "traffic"
    code = main(
        [
            str(out),
            "--clients",
            "40",
            "--gemeenten",
            "2",
            "--aanbieders",
            "3",
            "--year",
            "2025",
            "--seed",
            "2",
            "--defect-rate",
            "tweede-start=0.5",
        ]
    )
    assert code == 0
    files = sorted(p.name for p in out.glob("*.xml"))
    assert files
    days = [name.split("-", 1)[0] for name in files]
    assert days == sorted(days)
    lines = (out / "ground-truth.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert any(r["defect"] == "tweede-start" and r["rule"] == "TR326" for r in records)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["messages"] == len(files)


def test_command_line_rejects_too_many_clients_per_gemeente(tmp_path: Path) -> None:
    assert main([str(tmp_path / "x"), "--clients", "20000", "--gemeenten", "1", "--aanbieders", "2"]) == 2


def _restarts_before_their_stop(messages: list[GeneratedMessage], defect_keys: set[str]) -> list[str]:
    """Keys of clean JW305s that start a toegewezen product again (StatusAanlevering 1) on or before the
    Einddatum of its earlier tijdelijke stop (RedenBeeindiging 20)."""
    tijdelijk: dict[tuple[str, str, str], str] = {}  # gemeente, aanbieder, ToewijzingNummer -> Einddatum
    bad: list[str] = []
    for m in messages:
        if m.corrupt is not None or m.key in defect_keys or m.message_type not in ("JW305", "JW307"):
            continue
        root = etree.fromstring(m.data)
        for item in _children(root, "StartProduct" if m.message_type == "JW305" else "StopProduct"):
            if _text(item, "StatusAanlevering") != "1":
                continue
            product = (m.gemeente, m.aanbieder, _text(item, "ToewijzingNummer"))
            if m.message_type == "JW307":
                if _text(item, "RedenBeeindiging") == "20":
                    tijdelijk[product] = _text(item, "Einddatum")
            elif product in tijdelijk and _text(item, "Begindatum") <= tijdelijk[product]:
                bad.append(m.key)
    return bad


def test_a_restart_begins_after_its_tijdelijke_stop() -> None:
    """After a tijdelijke stop (RedenBeeindiging 20) the product's new start begins after the stop's
    Einddatum, also when the same toewijzing got a second-start defect (TR326): a regression test of the
    generator, whose restart once took the Begindatum of that defect."""
    run = _run(clients=700, seed=11, defect_rates={"tweede-start": 1.0})
    messages = list(run)
    defect_keys = {r.bericht for r in run.ground_truth if r.rule in ("TR326", "TR019")}
    assert any(r.rule == "TR326" for r in run.ground_truth)
    assert _restarts_before_their_stop(messages, defect_keys) == []


def _unstopped_ended_deliveries(run: TrafficRun, messages: list[GeneratedMessage]) -> list[str]:
    """Started toegewezen products whose last Einddatum lies at least 15 days before the end of the period
    and that got no definitive stop (a JW307 with StatusAanlevering 1 and a RedenBeeindiging other than
    20), as ``gemeente/aanbieder/ToewijzingNummer``, leaving out those whose missing stop is in the ground
    truth."""
    einddatum: dict[str, str] = {}
    started: set[str] = set()
    stopped: set[str] = set()
    defect_keys = {r.bericht for r in run.ground_truth if r.rule in ("TR326", "TR019")}
    for m in messages:
        if m.corrupt is not None or m.key in defect_keys:
            continue
        if m.message_type == "JW301":
            for item in _children(etree.fromstring(m.data), "ToegewezenProduct"):
                eind = _children(item, "Einddatum")
                product = f"{m.gemeente}/{m.aanbieder}/{_text(item, 'ToewijzingNummer')}"
                einddatum[product] = (eind[0].text or "") if eind else ""
        elif m.message_type in ("JW305", "JW307"):
            tag = "StartProduct" if m.message_type == "JW305" else "StopProduct"
            for item in _children(etree.fromstring(m.data), tag):
                product = f"{m.gemeente}/{m.aanbieder}/{_text(item, 'ToewijzingNummer')}"
                if _text(item, "StatusAanlevering") != "1":
                    continue
                if m.message_type == "JW305":
                    started.add(product)
                elif _text(item, "RedenBeeindiging") != "20":
                    stopped.add(product)
    recorded = {
        f"{r.gemeente}/{r.aanbieder}/{r.toewijzingnummer}" for r in run.ground_truth if r.rule == "OP272"
    }
    last_day = (run.config.period_end - dt.timedelta(days=15)).isoformat()
    return sorted(p for p in started - stopped - recorded if einddatum.get(p) and einddatum[p] <= last_day)


def test_every_delivery_whose_toewijzing_ended_is_stopped_unless_recorded() -> None:
    """OP272 ("binnen vijf werkdagen na daadwerkelijke beëindiging van de ondersteuning een stopbericht"):
    care toegewezen up to an Einddatum ended then at the latest, so every started product whose toewijzing
    ended well inside the period is stopped, except the missing stops the ground truth records
    (stop-ontbreekt). A regression test of the generator: a toewijzing received on or just before its
    Einddatum (a late answer on a short crisis verzoek) was started after its stop had been planned, and
    that stop was silently dropped (``ijw quality evaluate`` seed 2: a start of 2 October on a toewijzing
    that ended 29 September; here late answers make such toewijzingen frequent)."""
    run = _run(clients=700, seed=5, defect_rates={"antwoord-te-laat": 1.0})
    messages = list(run)
    assert _unstopped_ended_deliveries(run, messages) == []


def _jw317_after_a_jw301_of_the_day(messages: list[GeneratedMessage]) -> list[str]:
    """Keys of clean JW317s sent on a day their client (gemeente, aanbieder, Bsn) already got a JW301."""
    jw301_day: dict[tuple[str, str, str], dt.date] = {}
    found: list[str] = []
    for m in messages:
        if m.corrupt is not None or m.message_type not in ("JW301", "JW317"):
            continue
        root = etree.fromstring(m.data)
        client = (m.gemeente, m.aanbieder, _text(root, "Bsn"))
        if m.message_type == "JW301":
            jw301_day[client] = m.dagtekening
        elif jw301_day.get(client) == m.dagtekening:
            found.append(m.key)
    return found


def test_no_verzoek_om_wijziging_on_the_day_of_a_toewijzing() -> None:
    """A JW317 lists every actual toewijzing of the client (TR349). The linked state takes a JW317 before a
    JW301 of the same Dagtekening (docs/linking.md, canonical order), so the generator, which lists the
    toewijzingen as they are when it sends the JW317, does not send one after a JW301 of that day: a
    regression test (seed 3 of ``ijw quality evaluate``: a JW317 sent after that day's intrekking left out
    the withdrawn toewijzing and was reported under TR349, its answer under TR355; the same configuration
    here, as the case is rare)."""
    config = TrafficConfig(gemeenten=4, aanbieders=10, clients=7000, seed=3)
    messages = list(generate_traffic(config))
    assert any(m.message_type == "JW317" for m in messages)
    assert _jw317_after_a_jw301_of_the_day(messages) == []

"""End to end (issue 14 acceptance): a generated gemeente approves a double debet (TR389) and the answer audit
reports it with the amount.

The traffic comes from the generator (``ijw_tools/traffic``) with two gemeenten; one of them approves every
prestatie in its JW325s (``TrafficConfig.approving_gemeenten``), the other rejects the second debets with
9389 as the generator's gemeenten do. It runs through the real ingest and ``run_quality``. The expected
findings are computed here from the generated XML alone, from TR389's text: "Prestatie met DebetCredit in
IngediendBedrag waarde Debet mag alleen ingezonden worden voor dezelfde ProductPeriode, ProductCategorie en
ProductCode met gelijk ToewijzingNummer als er niet al eerder een debetprestatie is verzonden", unless that
earlier debet "een bijbehorende creditprestatie heeft" (a credit whose VorigReferentieNummer is its
ReferentieNummer); a JW325 approves every prestatie it does not return (OP304). The amount at stake is the
second debet's IngediendBedrag.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lxml import etree
from sqlalchemy import select

from ijw.db import make_engine, migrate
from ijw.db import models as m
from ijw_tools.traffic import TrafficConfig, generate_traffic
from ijw_tools.traffic.config import no_defects
from services.ingest.contracts import IncomingMessage
from services.ingest.processing import IngestProcessor
from services.quality.run import run_quality

APPROVING, CHECKING = "0363", "0599"


def _at(el: etree._Element, *names: str) -> str:
    for name in names:
        child = el.find("{*}" + name)
        assert child is not None, names
        el = child
    assert el.text is not None
    return el.text.strip()


def _second_debets(messages: list[tuple[str, bytes]]) -> dict[str, dict[str, int]]:
    """Per gemeente: the ReferentieNummers of second debets the gemeente did not return in its JW325, with
    their IngediendBedrag (eurocents), computed from the XML in Dagtekening order."""
    declaraties: list[
        tuple[str, str, str, etree._Element]
    ] = []  # (dagtekening, gemeente, identificatie, root)
    returned: dict[tuple[str, str], set[str]] = {}  # (gemeente, DeclaratieIdentificatie) → returned refs
    for name, data in messages:
        soort = name.split("-")[2]  # <Dagtekening>-<seq>-<berichtsoort>-…
        if soort not in ("JW323", "JW325"):
            continue
        root = etree.fromstring(data)
        header = root.find("{*}Header")
        assert header is not None
        if soort == "JW323":
            gemeente = _at(header, "Ontvanger")
            declaraties.append(
                (
                    _at(header, "BerichtIdentificatie", "Dagtekening"),
                    gemeente,
                    _at(header, "BerichtIdentificatie", "Identificatie"),
                    root,
                )
            )
        else:
            gemeente = _at(header, "Afzender")
            refs = {_at(p, "ProductReferentie", "ReferentieNummer") for p in root.iter("{*}Prestatie")}
            returned[(gemeente, _at(header, "DeclaratieIdentificatie", "Identificatie"))] = refs
    result: dict[str, dict[str, int]] = {APPROVING: {}, CHECKING: {}}
    open_debets: dict[tuple[str, str, str, str, str, str], str] = {}
    for _, gemeente, ident, root in sorted(declaraties, key=lambda d: (d[0], d[2])):
        prestaties = list(root.iter("{*}Prestatie"))
        # a credit in the same message counts before the debets ("een bijbehorende creditprestatie heeft")
        prestaties.sort(key=lambda p: _at(p, "IngediendBedrag", "DebetCredit") != "C")
        for p in prestaties:
            key = (
                gemeente,
                _at(p, "ToewijzingNummer"),
                _at(p, "ProductCategorie"),
                _at(p, "ProductCode"),
                _at(p, "ProductPeriode", "Begindatum"),
                _at(p, "ProductPeriode", "Einddatum"),
            )
            ref = _at(p, "ProductReferentie", "ReferentieNummer")
            if _at(p, "IngediendBedrag", "DebetCredit") == "C":
                vorig = _at(p, "ProductReferentie", "VorigReferentieNummer")
                if open_debets.get(key) == vorig:
                    del open_debets[key]
                continue
            if key in open_debets:
                if ref not in returned.get((gemeente, ident), set()):
                    result[gemeente][ref] = int(_at(p, "IngediendBedrag", "Bedrag"))
                continue
            if ref not in returned.get((gemeente, ident), set()):
                open_debets[key] = ref  # a debet the gemeente rejected was never paid: not "verzonden" twice
    return result


def test_a_generated_gemeente_approves_double_debets_and_the_audit_reports_them(tmp_path: Path) -> None:
    config = TrafficConfig(
        gemeenten=(APPROVING, CHECKING),
        aanbieders=2,
        clients=30,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        seed=14,
        defect_rates=no_defects() | {"tweede-debet": 0.5},
        approving_gemeenten=(APPROVING,),
    )
    messages = [(msg.file_name, msg.data) for msg in generate_traffic(config)]
    expected = _second_debets(messages)
    assert expected[APPROVING], "the generated traffic has no second debet at the approving gemeente"
    assert expected[CHECKING] == {}  # the other gemeente returns every second debet (9389)

    url = f"sqlite:///{tmp_path / 'ijw.sqlite'}"
    migrate(url)
    engine = make_engine(url)
    try:
        processor = IngestProcessor(engine)
        for start in range(0, len(messages), 200):
            processor.process_batch(
                [IncomingMessage(data, f"file:{name}") for name, data in messages[start : start + 200]]
            )
        summary = run_quality(engine)
        with engine.connect() as conn:
            found = conn.execute(
                select(
                    m.AuditBevinding.gemeente,
                    m.AuditBevinding.referentie,
                    m.AuditBevinding.bedrag,
                    m.AuditBevinding.detail,
                ).where(
                    m.AuditBevinding.check == "AUDIT-GOEDGEKEURD-ONTERECHT",
                    m.AuditBevinding.berichtsoort == "JW325",
                )
            ).all()
    finally:
        engine.dispose()
    tr389 = {(g, ref): bedrag for g, ref, bedrag, detail in found if "TR389" in detail}
    assert tr389 == {(APPROVING, ref): bedrag for ref, bedrag in expected[APPROVING].items()}, found
    assert summary.audit.bedrag_goedgekeurd_onterecht >= sum(expected[APPROVING].values()) > 0

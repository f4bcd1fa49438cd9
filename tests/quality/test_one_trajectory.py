"""One trajectory model (issue 12): on generated traffic through the real ingest and the real quality run,
the dashboard's trajectory summaries, the exports' deliveries (BIJ) and the quality findings tell the same
story for every trajectory. The generator only supplies input; every expectation compares two views of the
product with each other."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select, true
from stored_traffic import ingest

from ijw.db import make_engine, migrate
from ijw.db import models as m
from ijw.productcodes.model import JEUGDHULP
from ijw_tools.traffic import DEFECT_KINDS, TrafficConfig, generate_traffic
from services.export.bij import derive_bij
from services.export.bij.derive import hulpvorm_of
from services.export.periods import Period
from services.export.service import Exporter
from services.ingest.contracts import IncomingMessage
from services.ingest.processing import IngestProcessor
from services.quality.readmodel import PROBLEM_DELETED, client_trajecten, load_traffic
from services.quality.run import run_quality

#: the cross-message defects injected often enough to occur among 80 clients (second starts, starts without
#: toewijzing …), so that rejected parts are there to be listed
RATES = {kind: 0.06 for kind, info in DEFECT_KINDS.items() if info.level == "berichtoverstijgend"}
CONFIG = TrafficConfig(gemeenten=2, aanbieders=3, clients=80, seed=11, defect_rates=RATES)


def test_dashboard_exports_and_findings_agree_on_every_trajectory(db_url: str) -> None:
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        ingest(engine, [msg.data for msg in generate_traffic(CONFIG)])
        run_quality(engine, as_of=CONFIG.period_end)
        traffic = load_traffic(engine)
        linked = [d for d in traffic.deliveries if d.problem in (None, PROBLEM_DELETED)]
        exported = Counter((d.gemeente, d.aanbieder, d.toewijzing_nummer) for d in linked)
        with engine.connect() as conn:
            dashboard: Counter[tuple[str, str, int | None]] = Counter()
            for bsn in sorted({t.bsn for t in traffic.toewijzingen.values()}):
                for s in client_trajecten(conn, bsn, true()):
                    if s.starts:
                        dashboard[(s.gemeente, s.aanbieder, s.nummer)] = s.starts
            f = m.QualityFinding.__table__.c
            rejected_starts = conn.execute(
                select(f.bericht_id, f.check).where(
                    f.berichtsoort == "JW305", f.check.in_(("TR019", "TR074", "TR326"))
                )
            ).all()
        assert len(exported) > 50 and dashboard == exported
        # every start a rule rejected is either in the companion list or (arrived early) counted after all
        problems = [d for d in traffic.deliveries if d.problem not in (None, PROBLEM_DELETED)]
        assert problems and len(problems) <= len(rejected_starts)
        # every counted delivery of a year's jeugdhulp is in a BIJ record or in the companion file
        catalog = Exporter(engine).catalog
        for half in ("H1", "H2"):
            period = Period.parse(f"{CONFIG.period_start.year}-{half}")
            bij = derive_bij(traffic, catalog, period, "jh", lambda b: b)
            in_records = {(r.aanbieder, r.bsn) for r in bij.records}
            companion = {(row[0], row[1]) for row in bij.unexportable}
            checked = 0
            for d in linked:
                runs = d.begindatum <= period.end and (d.einddatum is None or d.einddatum >= period.start)
                _, domain = hulpvorm_of(catalog, d.categorie, d.code, d.begindatum, d.gemeente)
                if runs and d.problem is None and domain in (JEUGDHULP, None):
                    assert (d.aanbieder, d.bsn) in in_records | companion, d
                    checked += 1
            assert checked > 0
    finally:
        engine.dispose()


#: the same traffic without a reused Identificatie: which of two messages with one Identificatie ingest
#: rejects (TR056) depends on which arrives first, by definition, before any linking
ORDERLESS = TrafficConfig(
    gemeenten=2,
    aanbieders=3,
    clients=80,
    seed=11,
    defect_rates=RATES | {"dubbele-identificatie": 0.0},
)


def _bij_rows(url: str, batches: list[list[IncomingMessage]]) -> dict[str, list[tuple[str, ...]]]:
    """The BIJ jeugdhulp rows and companion rows of the year, after ingesting ``batches`` in that order with
    a quality run after each (as the quality service would between arrivals)."""
    migrate(url)
    engine = make_engine(url)
    try:
        processor = IngestProcessor(engine)
        for batch in batches:
            processor.process_batch(batch)
            run_quality(engine, as_of=CONFIG.period_end)
        exporter = Exporter(engine)
        out: dict[str, list[tuple[str, ...]]] = {}
        for half in ("H1", "H2"):
            bij = exporter.bij(Period.parse(f"{CONFIG.period_start.year}-{half}"))
            out[half] = sorted(bij.rows)
            out[half + " companion"] = sorted(bij.companion)
        return out
    finally:
        engine.dispose()


def test_the_exports_do_not_depend_on_arrival_order(db_url: str, tmp_path: Path) -> None:
    messages = [IncomingMessage(msg.data, f"traffic:{msg.key}") for msg in generate_traffic(ORDERLESS)]
    step = len(messages) // 4 + 1
    batches = [messages[at : at + step] for at in range(0, len(messages), step)]
    in_order = _bij_rows(db_url, batches)
    late_first = _bij_rows(
        f"sqlite:///{tmp_path / 'reversed.sqlite'}", batches[::-1]
    )  # the last quarter first
    assert in_order["H1"] and in_order["H2"]
    assert late_first == in_order

"""Shared data of the indicator, expectation, report and API tests (imported as ``fixtures_quality``).

:func:`build_scenario` inserts a small, fully known state straight into the tables (messages, content,
linked trajecten/leveringen, findings), the way ingest and the quality run leave them, with the shared
:class:`stored_traffic.Rows`; the expected indicator values are spelled out in the tests.
:func:`stored_traffic.ingest_generated` runs generated traffic through the real ingest and the quality run
instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine, insert
from stored_traffic import Rows

from ijw.db import models as m

A1, A2 = "11111111", "22222222"
G1, G2 = "0363", "0599"
BSN1, BSN2, BSN3 = "999990019", "999990020", "999990032"
AS_OF = dt.date(2025, 6, 30)
D = dt.date


@dataclass
class Scenario:
    """Ids of what :func:`build_scenario` inserted."""

    engine: Engine
    ids: dict[str, int] = field(default_factory=dict)


class _Writer(Rows):
    """The rows of the scenario, in the caller's transaction."""

    def toewijzing(
        self,
        gemeente: str,
        aanbieder: str,
        dag: dt.date,
        nummer: int,
        bsn: str,
        code: str | None,
        einde: dt.date | None = None,
    ) -> int:
        b = self.message(
            m.Toewijzing,
            "JW301",
            dag,
            gemeente,
            aanbieder,
            bsn,
            toewijzing_nummer=nummer,
            categorie="45",
            code=code,
            toewijzingsdatum=dag,
            toewijzingstijd=dt.time(9, 0),
            ingangsdatum=dag,
            einddatum=einde,
        )
        self.insert(
            m.Traject,
            gemeente=gemeente,
            aanbieder=aanbieder,
            toewijzing_nummer=nummer,
            bsn=bsn,
            categorie="45",
            code=code,
            ingangsdatum=dag,
            einddatum=einde,
            toewijzingsdatum=dag,
            first_bericht_id=b,
            first_dagtekening=dag,
            last_bericht_id=b,
            verwijderd=False,
            declared_volume=0,
            declared_bedrag=0,
            n_prestaties=0,
        )
        return b

    def start(
        self, gemeente: str, aanbieder: str, dag: dt.date, nummer: int, bsn: str, *, linked: bool = True
    ) -> int:
        b = self.message(
            m.Start,
            "JW305",
            dag,
            gemeente,
            aanbieder,
            bsn,
            toewijzing_nummer=nummer,
            categorie="45",
            code=None,
            begindatum=dag,
            status_aanlevering="1",
        )
        if linked:
            self.insert(
                m.Levering,
                gemeente=gemeente,
                aanbieder=aanbieder,
                toewijzing_nummer=nummer,
                bsn=bsn,
                volgnummer=1,
                begindatum=dag,
                start_bericht_id=b,
                start_dagtekening=dag,
                status="actueel",
                tijdelijk=False,
            )
        return b

    def declaratie(
        self, gemeente: str, aanbieder: str, dag: dt.date, prestaties: list[tuple[int, str]]
    ) -> int:
        b = self.bericht("JW323", dag, gemeente, aanbieder)
        d = self.insert(
            m.Declaratie,
            bericht_id=b,
            volgnummer=1,
            gemeente=gemeente,
            aanbieder=aanbieder,
            declaratie_identificatie=f"DECL{b}",
            declaratie_nummer=f"N{b}",
            periode_begin=D(2025, 2, 1),
            periode_eind=D(2025, 2, 28),
            declaratie_dagtekening=dag,
            totaal_bedrag=1000,
            debet_credit="D",
        )
        for i, (nummer, bsn) in enumerate(prestaties, 1):
            c = self.client(b, bsn, gemeente)
            self.insert(
                m.Prestatie,
                bericht_id=b,
                declaratie_id=d,
                client_id=c,
                volgnummer=i,
                bsn=bsn,
                referentie_nummer=f"REF{b}-{i}",
                toewijzing_nummer=nummer,
                categorie="45",
                code="45A01",
                periode_begin=D(2025, 2, 1),
                periode_eind=D(2025, 2, 28),
                volume=1,
                eenheid="01",
                bedrag=500,
                debet_credit="D",
            )
        return b

    def finding(self, bericht_id: int, rule: str, severity: str = "error") -> None:
        self.insert(
            m.FindingRow,
            bericht_id=bericht_id,
            rule=rule,
            retourcode=None,
            location=None,
            severity=severity,
            message=f"{rule} finding",
        )

    def quality_finding(
        self,
        bericht_id: int,
        check: str,
        gemeente: str,
        aanbieder: str,
        soort: str,
        dag: dt.date,
        nummer: int,
    ) -> None:
        self.insert(
            m.QualityFinding,
            bericht_id=bericht_id,
            check=check,
            kind="aankomst",
            severity="error",
            retourcode=None,
            gemeente=gemeente,
            aanbieder=aanbieder,
            berichtsoort=soort,
            dagtekening=dag,
            toewijzing_nummer=nummer,
            bsn=None,
            location=None,
            detail=f"{check} on toewijzing {nummer}",
        )


def build_scenario(engine: Engine) -> Scenario:
    """Two aanbieders with two gemeenten, with known defects (see the tests for the expected values).

    A1/G1: toewijzing 1001 (uniform code, started after 4 days, JW302 in time, JW306 6 werkdagen late),
    toewijzing 1002 (regional code X1234, never started, ended 2025-03-31), a JW305 for toewijzing 1099 that
    does not exist (TR019), a JW323 with one prestatie on 1001 and one on 1077 (no toewijzing).
    A2/G2: toewijzing 2001 ended 2025-02-28 while its start is still actual (no stop), TR322, an XSD finding.
    """
    s = Scenario(engine)
    with engine.begin() as conn:
        w = _Writer(conn)
        s.ids["t1001"] = w.toewijzing(G1, A1, D(2025, 1, 6), 1001, BSN1, "45A01")
        s.ids["r1001"] = w.bericht("JW302", D(2025, 1, 7), G1, A1, retour_to=s.ids["t1001"])
        s.ids["t1002"] = w.toewijzing(G1, A1, D(2025, 1, 6), 1002, BSN2, "X1234", D(2025, 3, 31))
        w.bericht("JW302", D(2025, 1, 8), G1, A1, retour_to=s.ids["t1002"])
        s.ids["s1001"] = w.start(G1, A1, D(2025, 1, 10), 1001, BSN1)
        s.ids["rs1001"] = w.bericht("JW306", D(2025, 1, 20), G1, A1, retour_to=s.ids["s1001"])
        s.ids["s1099"] = w.start(G1, A1, D(2025, 2, 3), 1099, BSN1, linked=False)
        w.bericht("JW306", D(2025, 2, 4), G1, A1, retour_to=s.ids["s1099"])
        s.ids["d1"] = w.declaratie(G1, A1, D(2025, 3, 5), [(1001, BSN1), (1077, BSN2)])
        w.bericht("JW325", D(2025, 3, 6), G1, A1, retour_to=s.ids["d1"])
        w.finding(s.ids["t1002"], "PC-REGIONAAL-ONBEKEND", "info")
        w.quality_finding(s.ids["s1099"], "TR019", G1, A1, "JW305", D(2025, 2, 3), 1099)

        s.ids["t2001"] = w.toewijzing(G2, A2, D(2025, 1, 13), 2001, BSN3, "45A01", D(2025, 2, 28))
        w.bericht("JW302", D(2025, 1, 14), G2, A2, retour_to=s.ids["t2001"])
        s.ids["s2001"] = w.start(G2, A2, D(2025, 1, 15), 2001, BSN3)
        w.bericht("JW306", D(2025, 1, 16), G2, A2, retour_to=s.ids["s2001"])
        s.ids["x2"] = w.bericht("JW305", D(2025, 4, 1), G2, A2, status="invalid", xsd_valid=False)
        w.finding(s.ids["x2"], "XSD")
        w.quality_finding(s.ids["s2001"], "TR322", G2, A2, "JW305", D(2025, 1, 15), 2001)
    return s


def insert_broken_traject(engine: Engine, gemeente: str, aanbieder: str, nummer: int, bsn: str) -> None:
    """A traject that breaks the trajecten suite: an unknown productcategorie, a BSN of the wrong shape and an
    einddatum before its ingangsdatum (a row the linker itself would never write)."""
    with engine.begin() as conn:
        conn.execute(
            insert(m.Traject).values(
                gemeente=gemeente,
                aanbieder=aanbieder,
                toewijzing_nummer=nummer,
                bsn=bsn,
                categorie="99",
                code=None,
                ingangsdatum=dt.date(2025, 5, 1),
                einddatum=dt.date(2025, 4, 1),
                toewijzingsdatum=dt.date(2025, 5, 1),
                first_bericht_id=1,
                first_dagtekening=dt.date(2025, 5, 1),
                last_bericht_id=1,
                verwijderd=False,
                declared_volume=0,
                declared_bedrag=0,
                n_prestaties=0,
            )
        )

"""A small builder of stored traffic for the quality service tests.

It writes messages the way the ingest service stores them (a ``berichten`` row with status ``valid``,
written by the shared :class:`stored_traffic.Rows`, and the parsed content rows), so scenarios of a few
messages can be spelled out by hand: a toewijzing, its start, a declaratie… A retour is sent by the
receiver of its heenbericht. The end-to-end tests run real generated XML through the real ingest instead.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select
from stored_traffic import GEMEENTE_SENDS, Rows, table

from ijw.db import models as m
from services.quality.run import QualityRunSummary, run_quality

G, A = "0599", "12345678"
BSN, OTHER_BSN = "999990019", "999990020"
D = dt.date
RECEIVED = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
_IDS = itertools.count(1)
RETOUR = {
    "JW301": "JW302",
    "JW305": "JW306",
    "JW307": "JW308",
    "JW315": "JW316",
    "JW317": "JW318",
    "JW319": "JW320",
}


_t = table  # the name the quality tests import


@dataclass(frozen=True)
class P:
    """A prestatie of a JW323."""

    ref: str
    nummer: int
    begin: dt.date
    eind: dt.date
    volume: int = 10
    credit: bool = False
    vorig: str | None = None
    bsn: str = BSN
    categorie: str = "45"
    code: str = "45A01"
    eenheid: str = "04"
    #: ProductTarief in eurocents (None for Eenheid 83, CD087); IngediendBedrag = volume × tarief (TR346)
    tarief: int | None = 100


@dataclass(frozen=True)
class VP:
    """A product of a JW317 Verzoek: ``soort`` ongewijzigd (only ``nummer``), te_wijzigen or nieuw (with
    ``categorie`` and ``code``); Omvang = (``volume``, ``eenheid``, ``frequentie``)."""

    soort: str
    nummer: int | None = None
    gewenst: dt.date | None = None
    eind: dt.date | None = None
    volume: int | None = None
    eenheid: str | None = None
    frequentie: str | None = None
    budget: int | None = None
    categorie: str | None = None
    code: str | None = None


class Traffic:
    """Writes hand-made messages into a migrated database and runs the quality service on them."""

    def __init__(self, engine: Engine, gemeente: str = G, aanbieder: str = A) -> None:
        self.engine = engine
        self.rows = Rows(engine)
        self.g, self.a = gemeente, aanbieder
        self._ids = _IDS  # shared: two builders on one database never reuse an Identificatie
        #: send every heenbericht's retour on its own day (switch off to test the retour deadline)
        self.auto_retour = True
        #: answer every JW323 with a JW325 on its own day (switch off to test the JW325 deadline)
        self.auto_jw325 = True
        #: the Dagtekening and DeclaratieNummer of every JW323 sent, by Identificatie (what its JW325 names)
        self.declaraties: dict[str, tuple[dt.date, str]] = {}

    # -- messages ------------------------------------------------------------------------------------

    def _bericht(
        self, soort: str, day: dt.date, retour_of: tuple[str, str, str] | None = None
    ) -> tuple[int, str]:
        ident = f"{soort[2:]}{next(self._ids):06d}"
        bid = self.rows.bericht(
            soort, day, self.g, self.a, identificatie=ident, received_at=RECEIVED, retour_of=retour_of
        )
        if self.auto_retour and soort in RETOUR:
            afzender = self.g if soort in GEMEENTE_SENDS else self.a
            self._bericht(RETOUR[soort], day, retour_of=(afzender, soort, ident))
        return bid, ident

    def _client(self, conn: Any, bid: int, bsn: str) -> int:
        return int(
            conn.execute(
                insert(_t(m.Client)).returning(_t(m.Client).c.id),
                [{"bericht_id": bid, "volgnummer": 1, "bsn": bsn, "gemeente": self.g}],
            ).scalar_one()
        )

    def _party(self) -> dict[str, str]:
        return {"gemeente": self.g, "aanbieder": self.a}

    def jw301(
        self,
        day: dt.date,
        nummer: int,
        *,
        ingang: dt.date | None = None,
        eind: dt.date | None = None,
        bsn: str = BSN,
        categorie: str = "45",
        code: str | None = "45A01",
        volume: int | None = None,
        eenheid: str | None = None,
        frequentie: str | None = None,
        budget: int | None = None,
        reden: str | None = None,
        ref: str | None = None,
        toewijzingsdatum: dt.date | None = None,
        toewijzingstijd: dt.time = dt.time(9),
    ) -> int:
        bid, _ = self._bericht("JW301", day)
        with self.engine.begin() as conn:
            cid = self._client(conn, bid, bsn)
            conn.execute(
                insert(_t(m.Toewijzing)),
                [
                    self._party()
                    | {
                        "bericht_id": bid,
                        "volgnummer": 1,
                        "client_id": cid,
                        "bsn": bsn,
                        "toewijzing_nummer": nummer,
                        "referentie_aanbieder": ref,
                        "categorie": categorie,
                        "code": code,
                        "toewijzingsdatum": toewijzingsdatum or day,
                        "toewijzingstijd": toewijzingstijd,
                        "ingangsdatum": ingang or day,
                        "einddatum": eind,
                        "reden_wijziging": reden,
                        "volume": volume,
                        "eenheid": eenheid,
                        "frequentie": frequentie,
                        "budget": budget,
                    }
                ],
            )
        return bid

    def _delivery(self, soort: str, day: dt.date, nummer: int, begin: dt.date, extra: dict[str, Any]) -> int:
        bid, _ = self._bericht(soort, day)
        model = m.Start if soort == "JW305" else m.Stop
        with self.engine.begin() as conn:
            cid = self._client(conn, bid, BSN)
            conn.execute(
                insert(_t(model)),
                [
                    self._party()
                    | {
                        "bericht_id": bid,
                        "volgnummer": 1,
                        "client_id": cid,
                        "bsn": BSN,
                        "toewijzing_nummer": nummer,
                        "categorie": "45",
                        "code": "45A01",
                        "toewijzing_ingangsdatum": None,
                        "begindatum": begin,
                    }
                    | extra
                ],
            )
        return bid

    def jw305(self, day: dt.date, nummer: int, begin: dt.date, status: str = "1") -> int:
        return self._delivery("JW305", day, nummer, begin, {"status_aanlevering": status})

    def jw307(
        self, day: dt.date, nummer: int, begin: dt.date, eind: dt.date, reden: str = "31", status: str = "1"
    ) -> int:
        extra = {"reden_beeindiging": reden, "einddatum": eind, "status_aanlevering": status}
        return self._delivery("JW307", day, nummer, begin, extra)

    def verzoek(
        self,
        day: dt.date,
        ref: str,
        soort: str = "JW315",
        *,
        bsn: str = BSN,
        wijzigen: tuple[int, ...] = (),
        producten: tuple[VP, ...] = (),
        more_refs: tuple[str, ...] = (),
    ) -> int:
        """A JW315 or JW317. JW317: ``wijzigen``, the ToewijzingNummers it names as TeWijzigenProduct (4 hours
        a week), then ``producten``. JW315: an AangevraagdProduct with ``ref`` and one per ``more_refs``."""
        bid, _ = self._bericht(soort, day)
        with self.engine.begin() as conn:
            cid = self._client(conn, bid, bsn)
            rows = [
                self._party()
                | {
                    "bericht_id": bid,
                    "volgnummer": i,
                    "berichtsoort": soort,
                    "client_id": cid,
                    "bsn": bsn,
                    "referentie_aanbieder": r,
                    "categorie": "45" if soort == "JW315" else None,
                    "code": "45A01" if soort == "JW315" else None,
                    "verwijzer_type": "02" if soort == "JW315" else None,
                }
                for i, r in enumerate((ref, *more_refs), 1)
            ]
            verzoek = conn.execute(insert(_t(m.Verzoek)).returning(_t(m.Verzoek).c.id), rows[:1]).scalar_one()
            if rows[1:]:
                conn.execute(insert(_t(m.Verzoek)), rows[1:])
            shortcut = tuple(VP("te_wijzigen", n, volume=4, eenheid="04", frequentie="2") for n in wijzigen)
            for i, p in enumerate(shortcut + producten, 1):
                values = {
                    "toewijzing_nummer": p.nummer,
                    "gewenste_ingangsdatum": p.gewenst,
                    "einddatum": p.eind,
                    "volume": p.volume,
                    "eenheid": p.eenheid,
                    "frequentie": p.frequentie,
                    "budget": p.budget,
                    "categorie": p.categorie,
                    "code": p.code,
                }
                row = {"bericht_id": bid, "verzoek_id": verzoek, "volgnummer": i, "soort": p.soort}
                conn.execute(insert(_t(m.VerzoekProduct)), [row | values])
        return bid

    def jw319(self, day: dt.date, ref: str, antwoord: str = "2", reden: str | None = None) -> int:
        """A JW319 with VerzoekAntwoord ``antwoord`` (WJ760: 1 Verzoek afgewezen, 2 Aanvraag in onderzoek) and
        RedenAfwijzingVerzoek ``reden`` (WJ759)."""
        bid, _ = self._bericht("JW319", day)
        with self.engine.begin() as conn:
            conn.execute(
                insert(_t(m.Antwoord)),
                [
                    self._party()
                    | {
                        "bericht_id": bid,
                        "volgnummer": 1,
                        "referentie_aanbieder": ref,
                        "verzoek_antwoord": antwoord,
                        "reden_afwijzing": reden,
                    }
                ],
            )
        return bid

    def jw323(
        self, day: dt.date, periode: tuple[dt.date, dt.date], prestaties: list[P], nummer: str = ""
    ) -> int:
        bid, ident = self._bericht("JW323", day)
        self.last_declaratie = ident
        self.declaraties[ident] = (day, nummer or f"D{ident}")
        with self.engine.begin() as conn:
            decl = conn.execute(
                insert(_t(m.Declaratie)).returning(_t(m.Declaratie).c.id),
                [
                    self._party()
                    | {
                        "bericht_id": bid,
                        "volgnummer": 1,
                        "declaratie_identificatie": ident,
                        "declaratie_nummer": nummer or f"D{ident}",
                        "periode_begin": periode[0],
                        "periode_eind": periode[1],
                        "declaratie_dagtekening": day,
                        "totaal_bedrag": sum(p.volume * 100 for p in prestaties),
                        "debet_credit": "D",
                    }
                ],
            ).scalar_one()
            for i, p in enumerate(prestaties, 1):
                cid = self._client(conn, bid, p.bsn)
                conn.execute(
                    insert(_t(m.Prestatie)),
                    [
                        {
                            "bericht_id": bid,
                            "declaratie_id": decl,
                            "client_id": cid,
                            "volgnummer": i,
                            "bsn": p.bsn,
                            "referentie_nummer": p.ref,
                            "vorig_referentie_nummer": p.vorig,
                            "toewijzing_nummer": p.nummer,
                            "categorie": p.categorie,
                            "code": p.code,
                            "periode_begin": p.begin,
                            "periode_eind": p.eind,
                            "volume": p.volume,
                            "eenheid": p.eenheid,
                            "tarief": p.tarief,
                            "bedrag": p.volume * (1 if p.tarief is None else p.tarief),
                            "debet_credit": "C" if p.credit else "D",
                        }
                    ],
                )
        if self.auto_jw325:
            self.jw325(day, ident, [])
        return bid

    def jw325(
        self,
        day: dt.date,
        declaratie: str,
        afgewezen: list[P],
        *,
        nummer: str | None = None,
        dagtekening: dt.date | None = None,
        header: str = "0200",
    ) -> int:
        """A JW325 answering the JW323 ``declaratie`` (its Identificatie): DeclaratieIdentificatie and
        DeclaratieNummer are that JW323's unless ``dagtekening`` or ``nummer`` say otherwise; ``header``: the
        Header's RetourCodes (another code than 0200 rejects the declaratiebericht as a whole: no
        DeclaratieAntwoord)."""
        sent_day, sent_nummer = self.declaraties.get(declaratie, (day, "D1"))
        bid, _ = self._bericht("JW325", day)
        with self.engine.begin() as conn:
            antwoord = conn.execute(
                insert(_t(m.DeclaratieAntwoord)).returning(_t(m.DeclaratieAntwoord).c.id),
                [
                    self._party()
                    | {
                        "bericht_id": bid,
                        "volgnummer": 1,
                        "declaratie_identificatie": declaratie,
                        "declaratie_dagtekening": dagtekening or sent_day,
                        "header_retourcodes": header,
                        "declaratie_nummer": (nummer or sent_nummer) if header == "0200" else None,
                    }
                ],
            ).scalar_one()
            for i, p in enumerate(afgewezen, 1):
                cid = self._client(conn, bid, p.bsn)
                conn.execute(
                    insert(_t(m.AfgewezenPrestatie)),
                    [
                        {
                            "bericht_id": bid,
                            "antwoord_id": antwoord,
                            "client_id": cid,
                            "volgnummer": i,
                            "retourcodes": "0611",
                            "bsn": p.bsn,
                            "referentie_nummer": p.ref,
                            "toewijzing_nummer": p.nummer,
                            "categorie": p.categorie,
                            "code": p.code,
                            "periode_begin": p.begin,
                            "periode_eind": p.eind,
                            "volume": p.volume,
                            "eenheid": p.eenheid,
                            "bedrag": p.volume * 100,
                            "debet_credit": "C" if p.credit else "D",
                        }
                    ],
                )
        return bid

    def retour(self, day: dt.date, heen: int) -> int:
        with self.engine.connect() as conn:
            b = _t(m.Bericht).c
            h = conn.execute(select(b.afzender, b.berichtsoort, b.identificatie).where(b.id == heen)).one()
        bid, _ = self._bericht(RETOUR[h.berichtsoort], day, retour_of=tuple(h))
        return bid

    # -- running and reading -------------------------------------------------------------------------

    def run(self, **kwargs: Any) -> QualityRunSummary:
        return run_quality(self.engine, **kwargs)

    def findings(self, check: str | None = None) -> list[tuple[str, int, str | None]]:
        """(check, bericht id, location) of the quality findings, optionally of one check."""
        q = _t(m.QualityFinding).c
        query = select(q.check, q.bericht_id, q.location).order_by(q.bericht_id, q.check)
        if check is not None:
            query = query.where(q.check == check)
        with self.engine.connect() as conn:
            return [(r.check, r.bericht_id, r.location) for r in conn.execute(query)]

    def checks_on(self, bericht_id: int) -> set[str]:
        return {c for c, b, _ in self.findings() if b == bericht_id}

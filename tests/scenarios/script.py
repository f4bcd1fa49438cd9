"""A scenario: hand-written messages sent one at a time through the real ingest, then the real quality run.

A :class:`Script` collects messages under a label each (``script.jw323("correction", …)``); :func:`play`
ingests them in the order written (each its own batch, so arrival order is the order of the script), runs
the quality service and returns the cross-message findings as ``(check, label, location)``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import ijwxml as x
from sqlalchemy import select

from ijw.db import make_engine, migrate
from ijw.db import models as m
from services.ingest.contracts import IncomingMessage
from services.ingest.processing import IngestProcessor
from services.quality.rules.catalog import LINK_RULES
from services.quality.run import run_quality

GEMEENTE, ANDERE_GEMEENTE = "0599", "0363"  # Rotterdam, Amsterdam (CBS gemeentecodes)
AANBIEDER, ANDERE_AANBIEDER = "12345678", "87654321"
D = dt.date
MEI_1 = D(2025, 5, 1)
_IDENT = itertools.count(1)


def month(year: int, m_: int) -> tuple[dt.date, dt.date]:
    """A calendar month as (first day, last day)."""
    nxt = D(year + m_ // 12, m_ % 12 + 1, 1)
    return D(year, m_, 1), nxt - dt.timedelta(days=1)


@dataclass
class Script:
    """Messages of one scenario, in the order they arrive, each under a label."""

    #: the client of the starts and stops
    kind: x.Kind = field(default_factory=lambda: x.Kind("999900006"))
    messages: list[tuple[str, bytes]] = field(default_factory=list)
    #: every declaratie by label: (Identificatie, Dagtekening, DeclaratieNummer, prestaties), for its JW325
    declaraties: dict[str, tuple[str, dt.date, str, Sequence[x.Prestatie]]] = field(default_factory=dict)

    def _ident(self) -> str:
        return f"S{next(_IDENT):08d}"

    def toewijzing(self, label: str, dag: dt.date, kind: x.Kind, nummer: int, **kw: Any) -> None:
        gemeente, aanbieder = kw.pop("gemeente", GEMEENTE), kw.pop("aanbieder", AANBIEDER)
        self.messages.append((label, x.jw301(gemeente, aanbieder, self._ident(), dag, kind, nummer, **kw)))

    def start(
        self,
        label: str,
        dag: dt.date,
        nummer: int,
        begin: dt.date,
        *,
        kind: x.Kind | None = None,
        status: str = "1",
        **party: str,
    ) -> None:
        """A start of toewijzing ``nummer`` (Ingangsdatum 1 May 2025) on ``begin``, of :attr:`kind` unless
        ``kind``; ``party``: ``gemeente``, ``aanbieder`` when not the default ones."""
        self._levering(label, dag, kind or self.kind, x.Levering(nummer, MEI_1, begin, status=status), party)

    def stop(
        self,
        label: str,
        dag: dt.date,
        nummer: int,
        begin: dt.date,
        eind: dt.date,
        reden: str,
        status: str = "1",
    ) -> None:
        """A stop of the start of toewijzing ``nummer`` on ``begin`` (``status`` 3: withdraw it)."""
        self._levering(
            label, dag, self.kind, x.Levering(nummer, MEI_1, begin, reden, eind, status=status), {}
        )

    def stop_correctie(
        self, label: str, dag: dt.date, nummer: int, begin: dt.date, eind: dt.date, reden: str, nieuw: str
    ) -> None:
        """One JW307 that withdraws the stop of toewijzing ``nummer`` (StatusAanlevering 3, RedenBeeindiging
        ``reden``) and sends its replacement with RedenBeeindiging ``nieuw`` (IV008, casus 4)."""
        weg = x.Levering(nummer, MEI_1, begin, reden, eind, status="3")
        vervangend = x.Levering(nummer, MEI_1, begin, nieuw, eind)
        data = x.levering(AANBIEDER, GEMEENTE, self._ident(), dag, self.kind, weg, vervangend)
        self.messages.append((label, data))

    def _levering(
        self, label: str, dag: dt.date, kind: x.Kind, item: x.Levering, party: dict[str, str]
    ) -> None:
        gemeente, aanbieder = party.get("gemeente", GEMEENTE), party.get("aanbieder", AANBIEDER)
        self.messages.append((label, x.levering(aanbieder, gemeente, self._ident(), dag, kind, item)))

    def declaratie(
        self,
        label: str,
        dag: dt.date,
        periode: tuple[dt.date, dt.date],
        prestaties: Sequence[x.Prestatie],
        *,
        nummer: str | None = None,
        gemeente: str = GEMEENTE,
        aanbieder: str = AANBIEDER,
    ) -> None:
        ident = self._ident()
        data = x.jw323(aanbieder, gemeente, ident, dag, nummer or f"DN{ident}", periode, prestaties)
        self.messages.append((label, data))
        self.declaraties[label] = (ident, dag, nummer or f"DN{ident}", prestaties)

    def antwoord(
        self,
        label: str,
        dag: dt.date,
        declaratie: str,
        afgewezen: Sequence[x.Prestatie] = (),
        *,
        identificatie: tuple[str, dt.date] | None = None,
        nummer: str | None = None,
        xsd_declaratie: tuple[str, str] = ("1.0.0", "1.0.0"),
        gemeente: str = GEMEENTE,
        aanbieder: str = AANBIEDER,
    ) -> None:
        """The gemeente's JW325 to the declaratie labelled ``declaratie``, returning ``afgewezen``; its
        DeclaratieIdentificatie, XsdVersieDeclaratie and DeclaratieNummer are that declaratie's unless
        ``identificatie`` (Identificatie, Dagtekening), ``xsd_declaratie`` (Basisschema, Bericht) or
        ``nummer`` say otherwise."""
        ident, sent, sent_nummer, prestaties = self.declaraties[declaratie]
        data = x.jw325(
            gemeente,
            aanbieder,
            self._ident(),
            dag,
            identificatie or (ident, sent),
            nummer or sent_nummer,
            prestaties,
            afgewezen,
            xsd_declaratie=xsd_declaratie,
        )
        self.messages.append((label, data))

    def verzoek_om_toewijzing(
        self, label: str, dag: dt.date, aanvragen: Sequence[x.Aanvraag], *, kind: x.Kind | None = None
    ) -> None:
        """A JW315 of :attr:`kind` unless ``kind``, from the default aanbieder to the default gemeente."""
        data = x.jw315(AANBIEDER, GEMEENTE, self._ident(), dag, kind or self.kind, aanvragen)
        self.messages.append((label, data))

    def verzoek_om_wijziging(
        self,
        label: str,
        dag: dt.date,
        referentie: str,
        producten: Sequence[x.Wijziging],
        *,
        kind: x.Kind | None = None,
    ) -> None:
        """A JW317 for :attr:`kind` unless ``kind``, from the default aanbieder to the default gemeente."""
        bsn = (kind or self.kind).bsn
        data = x.jw317(AANBIEDER, GEMEENTE, self._ident(), dag, bsn, referentie, producten)
        self.messages.append((label, data))

    def antwoordbericht(
        self, label: str, dag: dt.date, referentie: str, antwoord: str, reden: str | None = None
    ) -> None:
        """A JW319 of the default gemeente on the verzoek with ``referentie``."""
        data = x.jw319(GEMEENTE, AANBIEDER, self._ident(), dag, referentie, antwoord, reden)
        self.messages.append((label, data))


def play(
    db_url: str, script: Script, checks: Collection[str] = LINK_RULES
) -> list[tuple[str, str, str | None]]:
    """Ingest the script's messages one by one, run the quality service, and return as (check, label,
    location), in message order: the errors ingest found in a message (an in-message rule, control level 2)
    and the quality service's findings on ``checks`` (default: the official cross-message rules; a deadline
    such as OP272 is judged at the latest Dagtekening of the script)."""
    migrate(db_url)
    engine = make_engine(db_url)
    try:
        processor = IngestProcessor(engine)
        labels: dict[int, str] = {}
        for label, data in script.messages:
            (outcome,) = processor.process_batch([IncomingMessage(data, f"scenario:{label}")])
            assert outcome.status == "stored" and outcome.bericht_id is not None, (label, outcome)
            labels[outcome.bericht_id] = label
        run_quality(engine)
        q, f = m.QualityFinding.__table__.c, m.FindingRow.__table__.c
        with engine.connect() as conn:
            rows = conn.execute(
                select(f.rule.label("check"), f.bericht_id, f.location).where(f.severity == "error")
            ).all()
            rows += conn.execute(
                select(q.check, q.bericht_id, q.location).where(q.check.in_(tuple(checks)))
            ).all()
        rows.sort(key=lambda r: (r.bericht_id, r.location or "", r.check))
        return [(r.check, labels[r.bericht_id], r.location) for r in rows]
    finally:
        engine.dispose()

"""Every table of :mod:`ijw.db.models` by name, as a Core :class:`~sqlalchemy.Table`, for Core queries.

The models are the schema; a query in Core (``select``, ``insert``, joins over columns ``.c``) wants the
``Table``. Import the table from here instead of writing ``cast(Table, m.Bericht.__table__)`` in each module.

>>> BERICHTEN.name, QUALITY_FINDINGS.name, str(BERICHTEN.c.berichtsoort)
('berichten', 'quality_findings', 'berichten.berichtsoort')
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from ijw.db import models as m
from ijw.db.models import Base


def table(model: type[Base]) -> Table:
    """The Core table of ``model``."""
    return cast(Table, model.__table__)


PARTIES = table(m.Party)
BERICHTEN = table(m.Bericht)
FINDINGS = table(m.FindingRow)
CLIENTS = table(m.Client)
TOEWIJZINGEN = table(m.Toewijzing)
STARTS = table(m.Start)
STOPS = table(m.Stop)
VERZOEKEN = table(m.Verzoek)
VERZOEK_PRODUCTEN = table(m.VerzoekProduct)
ANTWOORDEN = table(m.Antwoord)
DECLARATIES = table(m.Declaratie)
PRESTATIES = table(m.Prestatie)
DECLARATIE_ANTWOORDEN = table(m.DeclaratieAntwoord)
AFGEWEZEN_PRESTATIES = table(m.AfgewezenPrestatie)
RETOURCODES = table(m.RetourcodeRow)
CREDENTIALS = table(m.Credential)
DASHBOARD_SESSIONS = table(m.DashboardSession)
QUALITY_LINKED = table(m.LinkedBericht)
TRAJECTEN = table(m.Traject)
LEVERINGEN = table(m.Levering)
PRESTATIE_BEOORDELINGEN = table(m.PrestatieBeoordeling)
REJECTED_PARTS = table(m.RejectedPart)
QUALITY_FINDINGS = table(m.QualityFinding)
QUALITY_AUDIT_ANTWOORDEN = table(m.AuditAntwoord)
QUALITY_AUDIT_BEVINDINGEN = table(m.AuditBevinding)
QUALITY_STATE = table(m.QualityState)
EXPECTATION_RUNS = table(m.ExpectationRun)

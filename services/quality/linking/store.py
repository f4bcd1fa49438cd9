"""Loading one aanbieder's linked state from the database and writing it back.

The derived tables (``trajecten``, ``leveringen``, ``prestatie_beoordelingen``, ``quality_rejected_parts``)
are the state: an
incremental run loads the partitions of the aanbieders with new messages, applies those messages and
writes the partitions back; nothing else is read or recomputed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, delete, exists, insert, select

from ijw.db import models as m
from services.quality.linking.model import (
    LeveringState,
    Ontvangen,
    Partition,
    PrestatieState,
    TrajectState,
)


def table(model: type[m.Base]) -> Table:
    t = model.__table__
    assert isinstance(t, Table)
    return t


TRAJECTEN = table(m.Traject)
LEVERINGEN = table(m.Levering)
BEOORDELINGEN = table(m.PrestatieBeoordeling)
LINKED = table(m.LinkedBericht)
REJECTED = table(m.RejectedPart)
FINDINGS = table(m.QualityFinding)
BERICHTEN = table(m.Bericht)

_TRAJECT_FIELDS = (
    "bsn",
    "client_id",
    "categorie",
    "code",
    "ingangsdatum",
    "einddatum",
    "toewijzingsdatum",
    "toewijzingstijd",
    "volume",
    "eenheid",
    "frequentie",
    "budget",
    "reden_wijziging",
    "referentie_aanbieder",
    "verzoek_bericht_id",
    "first_bericht_id",
    "first_dagtekening",
    "last_bericht_id",
    "declared_volume",
    "declared_bedrag",
    "n_prestaties",
)
_LEVERING_FIELDS = (
    "volgnummer",
    "begindatum",
    "start_bericht_id",
    "start_dagtekening",
    "status",
    "einddatum",
    "reden_beeindiging",
    "stop_bericht_id",
    "stop_dagtekening",
    "tijdelijk",
)


def not_linked() -> ColumnElement[bool]:
    """The condition on ``berichten`` that a message was never linked.

    An anti-join (``NOT EXISTS``), not ``id NOT IN (SELECT bericht_id FROM quality_linked)``: once that list
    no longer fits PostgreSQL's ``work_mem`` (about 300,000 linked messages at the default 4 MB), ``NOT IN``
    is planned as a scan of the whole list for every message, which grows with the square of the traffic
    (hours for a year of 100,000 clients); the anti-join is a hash join at any size, and an index look-up
    per message on SQLite."""
    return ~exists().where(LINKED.c.bericht_id == BERICHTEN.c.id)


def load_partition(conn: Connection, aanbieder: str) -> Partition:
    """The stored state of ``aanbieder``'s linked traffic."""
    part = Partition(aanbieder)
    t = TRAJECTEN.c
    for r in conn.execute(select(TRAJECTEN).where(t.aanbieder == aanbieder)):
        key = (r.gemeente, r.aanbieder, int(r.toewijzing_nummer))
        part.add_traject(TrajectState(key=key, **{f: getattr(r, f) for f in _TRAJECT_FIELDS}))
    lv = LEVERINGEN.c
    for r in conn.execute(select(LEVERINGEN).where(lv.aanbieder == aanbieder).order_by(lv.volgnummer)):
        traject = part.trajecten.get((r.gemeente, r.aanbieder, int(r.toewijzing_nummer)))
        if traject is not None:
            traject.leveringen.append(LeveringState(**{f: getattr(r, f) for f in _LEVERING_FIELDS}))
    rp = REJECTED.c
    for r in conn.execute(select(REJECTED).where(rp.aanbieder == aanbieder)):
        part.rejected[(r.bericht_id, r.berichtsoort, r.volgnummer)] = r.check
    _load_prestaties(conn, part)
    _load_declaraties(conn, part)
    _load_verzoeken(conn, part)
    _load_ontvangen(conn, part)
    return part


def _load_verzoeken(conn: Connection, part: Partition) -> None:
    """The verzoeken and their answers as the linker registers them (:mod:`.verzoeken`): the
    ReferentieAanbieders of the accepted ToegewezenProducten (TR359) and the VerzoekAntwoord of the accepted
    JW319s (TR360, TR365), then the verzoeken: every linked one received (TR379), the accepted ones used
    (TR347) and, unless one of those answers ended them, in behandeling (TR374)."""
    b, v, a, tw, ql = BERICHTEN.c, table(m.Verzoek).c, table(m.Antwoord).c, table(m.Toewijzing).c, LINKED.c

    def accepted(bericht_id: int, soort: str, volgnummer: int) -> bool:
        rejected = part.rejected
        return (bericht_id, soort, 0) not in rejected and (bericht_id, soort, volgnummer) not in rejected

    for r in conn.execute(
        select(tw.gemeente, tw.referentie_aanbieder, tw.bericht_id, tw.volgnummer)
        .join(LINKED, ql.bericht_id == tw.bericht_id)
        .where(tw.aanbieder == part.aanbieder, tw.referentie_aanbieder.is_not(None))
    ):
        if accepted(r.bericht_id, "JW301", r.volgnummer):
            part.toegewezen_refs.add((r.gemeente, r.referentie_aanbieder))
    for ar in conn.execute(
        select(a.gemeente, a.referentie_aanbieder, a.verzoek_antwoord, a.bericht_id)
        .join(LINKED, ql.bericht_id == a.bericht_id)
        .where(a.aanbieder == part.aanbieder)
        .order_by(ql.seq)
    ):
        if accepted(ar.bericht_id, "JW319", 0):
            part.antwoorden.setdefault((ar.gemeente, ar.referentie_aanbieder), []).append(ar.verzoek_antwoord)
    for vr in conn.execute(
        select(v.gemeente, v.bsn, v.referentie_aanbieder, v.bericht_id, v.volgnummer, b.berichtsoort)
        .join(LINKED, ql.bericht_id == v.bericht_id)
        .join(BERICHTEN, b.id == v.bericht_id)
        .where(v.aanbieder == part.aanbieder)
        .order_by(ql.seq, v.volgnummer)
    ):
        part.verzoek_refs.add((vr.gemeente, vr.referentie_aanbieder))
        if accepted(vr.bericht_id, vr.berichtsoort, vr.volgnummer):
            part.register_verzoek(vr.gemeente, vr.bsn, vr.referentie_aanbieder, vr.bericht_id)


def _load_ontvangen(conn: Connection, part: Partition) -> None:
    """Every linked declaratiebericht (TR337, TR376), and the declaraties a linked JW325 with a
    DeclaratieAntwoord answered (TR385), as the linker registers them."""
    dc, da, b, ql = table(m.Declaratie).c, table(m.DeclaratieAntwoord).c, BERICHTEN.c, LINKED.c
    for r in conn.execute(
        select(dc.gemeente, dc.declaratie_identificatie, dc.declaratie_nummer, dc.bericht_id, b.dagtekening)
        .join(LINKED, ql.bericht_id == dc.bericht_id)
        .join(BERICHTEN, b.id == dc.bericht_id)
        .where(dc.aanbieder == part.aanbieder)
        .order_by(ql.seq)
    ):
        ontvangen = Ontvangen(r.bericht_id, r.dagtekening, r.declaratie_nummer)
        part.receive_declaratie(r.gemeente, r.declaratie_identificatie, ontvangen)
    for a in conn.execute(
        select(da.gemeente, da.declaratie_identificatie, da.declaratie_dagtekening)
        .join(LINKED, ql.bericht_id == da.bericht_id)
        .where(da.aanbieder == part.aanbieder, da.declaratie_nummer.is_not(None))
    ):
        key = (a.gemeente, a.declaratie_identificatie)
        found = part.ontvangen.get(key)
        if found is not None and found.dagtekening == a.declaratie_dagtekening and key in part.by_declaratie:
            part.beantwoord.add(key)


def _load_prestaties(conn: Connection, part: Partition) -> None:
    p, dc, pb, ql = table(m.Prestatie).c, table(m.Declaratie).c, BEOORDELINGEN.c, LINKED.c
    rows = conn.execute(
        select(
            table(m.Prestatie),
            dc.gemeente,
            dc.declaratie_identificatie,
            pb.accepted,
            pb.afgewezen,
            pb.afwijzing_codes,
            pb.gecrediteerd,
        )
        .join(table(m.Declaratie), dc.id == p.declaratie_id)
        .join(BEOORDELINGEN, pb.prestatie_id == p.id)
        .join(LINKED, ql.bericht_id == p.bericht_id)
        .where(pb.aanbieder == part.aanbieder)
        .order_by(ql.seq, p.volgnummer)
    )
    for r in rows:
        ps = PrestatieState.from_row(
            r,
            (r.gemeente, part.aanbieder, int(r.toewijzing_nummer)),
            r.declaratie_identificatie,
            accepted=r.accepted,
            afgewezen=bool(r.afgewezen),
            afwijzing_codes=r.afwijzing_codes,
            gecrediteerd=bool(r.gecrediteerd),
        )
        part.keep_prestatie(ps)
        part.referenties.add(ps.referentie_nummer)
        part.by_declaratie.setdefault((r.gemeente, ps.declaratie_identificatie), {})[ps.referentie_nummer] = (
            ps
        )
        if ps.credit:
            continue
        if ps.accepted:
            part.debets_by_ref[ps.referentie_nummer] = ps
        if ps.counts and not ps.gecrediteerd:
            part.open_debet(ps)


def _load_declaraties(conn: Connection, part: Partition) -> None:
    """Accepted declaraties: their DeclaratieNummers and the latest DeclaratiePeriode per gemeente."""
    dc, rp, ql = table(m.Declaratie).c, REJECTED.c, LINKED.c
    rejected = exists().where(
        rp.bericht_id == dc.bericht_id, rp.berichtsoort == "JW323", rp.aanbieder == part.aanbieder
    )
    for r in conn.execute(
        select(dc.gemeente, dc.declaratie_nummer, dc.periode_begin)
        .join(LINKED, ql.bericht_id == dc.bericht_id)
        .where(dc.aanbieder == part.aanbieder, ~rejected)
        .order_by(ql.seq)
    ):
        part.submit_declaratie(r.gemeente, r.declaratie_nummer, r.periode_begin)


def save_partition(conn: Connection, part: Partition) -> None:
    """Replace the stored state of the partition's aanbieder with ``part``."""
    a = part.aanbieder
    conn.execute(delete(TRAJECTEN).where(TRAJECTEN.c.aanbieder == a))
    conn.execute(delete(LEVERINGEN).where(LEVERINGEN.c.aanbieder == a))
    conn.execute(delete(BEOORDELINGEN).where(BEOORDELINGEN.c.aanbieder == a))
    conn.execute(delete(REJECTED).where(REJECTED.c.aanbieder == a))
    trajecten: list[dict[str, Any]] = []
    leveringen: list[dict[str, Any]] = []
    for t in part.trajecten.values():
        g, _, nummer = t.key
        base = {"gemeente": g, "aanbieder": a, "toewijzing_nummer": nummer}
        trajecten.append(base | {f: getattr(t, f) for f in _TRAJECT_FIELDS} | {"verwijderd": t.verwijderd})
        for lev in t.leveringen:
            leveringen.append(base | {"bsn": t.bsn} | {f: getattr(lev, f) for f in _LEVERING_FIELDS})
    beoordelingen = [
        {
            "prestatie_id": p.prestatie_id,
            "bericht_id": p.bericht_id,
            "gemeente": p.key[0],
            "aanbieder": a,
            "toewijzing_nummer": p.key[2],
            "accepted": p.accepted,
            "afgewezen": p.afgewezen,
            "afwijzing_codes": p.afwijzing_codes,
            "gecrediteerd": p.gecrediteerd,
        }
        for p in part.prestaties
    ]
    rejected = [
        {"aanbieder": a, "bericht_id": bid, "berichtsoort": soort, "volgnummer": volgnummer, "check": check}
        for (bid, soort, volgnummer), check in sorted(part.rejected.items())
    ]
    for tbl, rows in (
        (TRAJECTEN, trajecten),
        (LEVERINGEN, leveringen),
        (BEOORDELINGEN, beoordelingen),
        (REJECTED, rejected),
    ):
        for start in range(0, len(rows), 2000):
            conn.execute(insert(tbl), rows[start : start + 2000])

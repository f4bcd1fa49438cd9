"""How the linker applies verzoeken (JW315, JW317) and the antwoordbericht on them (JW319).

A verzoek is judged on arrival against the state before it (:mod:`services.quality.rules.verzoeken`); one
that breaks a rule is rejected and registers nothing: it is not in behandeling (TR374), its
ReferentieAanbieder is not used (TR347) and no antwoord can answer it (TR355). A JW315 asks one aanvraag per
AangevraagdProduct, each with its own ReferentieAanbieder (IV097) and its own RetourCodes in the JW316:
TR347 rejects that AangevraagdProduct only; TR374 rejects the message. A JW317 is one samenhangend geheel
(OP308) with one ReferentieAanbieder: any rule it breaks rejects the verzoek.

The JW319 is the gemeente's message, judged by the aanbieder that receives it
(:mod:`services.quality.rules.verzoekantwoord`); one that breaks a rule changes nothing (like a JW325 that
breaks TR367): it neither ends the verzoek (TR374) nor counts as an earlier antwoord (TR360, TR365).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ijw.codelists import codes
from ijw.db import models as m
from services.quality.linking.events import BerichtEvent
from services.quality.linking.model import Partition, TrajectState
from services.quality.rules import declaraties as d
from services.quality.rules import verzoekantwoord as va
from services.quality.rules import verzoeken as v

VERZOEK = "/Bericht/Client/Verzoek"
AANGEVRAAGD = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[{}]"
ANTWOORD = "/Bericht/Antwoord"
#: the volgnummer under which a verzoek rejected whole is kept in ``Partition.rejected``
WHOLE = 0

#: (code, problem or None, location) of the rules judged on one part of a message
Judged = list[tuple[str, str | None, str]]


#: how the linker records a finding (:meth:`services.quality.linking.linker.Linker._report`): check, message,
#: detail, location, ToewijzingNummer, Bsn, related message
Report = Callable[[str, BerichtEvent, str, str | None, int | None, str | None, int | None], None]


class VerzoekLinker:
    """Applies JW315, JW317 and JW319 messages to a :class:`Partition`, reporting through ``report``."""

    def __init__(self, partition: Partition, report: Report) -> None:
        self.p = partition
        self.report = report

    def _judged(
        self,
        e: BerichtEvent,
        judged: Judged,
        volgnummer: int,
        nummer: int | None = None,
        bsn: str | None = None,
        related: int | None = None,
    ) -> bool:
        """Report the broken rules of ``judged``; reject the part (``volgnummer``) when one broke."""
        broken = False
        for check, problem, location in judged:
            if problem is None:
                continue
            self.report(check, e, problem, location, nummer, bsn, related)
            self.p.rejected.setdefault((e.id, e.berichtsoort, volgnummer), check)
            broken = True
        return broken

    # -- JW315 / JW317 -----------------------------------------------------------------------------------

    def verzoek(self, e: BerichtEvent) -> None:
        """Judge a verzoek and register what it does not break; a toewijzing that honoured it and arrived
        before it is linked to it now. Its ReferentieAanbieder was received all the same (TR379)."""
        rows = e.of(m.Verzoek)
        if not rows:
            return
        self.p.verzoek_refs.update((e.gemeente, row.referentie_aanbieder) for row in rows)
        whole = [self._tr304(e), self._tr374(e, rows)]
        refused = self._tr347(e, rows)
        if e.berichtsoort == "JW317":
            whole += [bool(refused), self._wijziging(e, rows[0])]
        if any(whole):
            return
        for row in rows:
            if row.volgnummer in refused:
                continue
            ref = row.referentie_aanbieder
            self.p.register_verzoek(e.gemeente, row.bsn, ref, e.id)
            if self.p.verzoeken[(e.gemeente, ref)] != e.id:
                continue
            for t in self.p.with_referentie(e.gemeente, ref):
                t.verzoek_bericht_id = t.verzoek_bericht_id or e.id

    def _tr304(self, e: BerichtEvent) -> bool:
        """Report TR304 on a JW317 whose Bsn is not that of a toewijzing it names; whether it broke it."""
        verzoeken = {row.id: row for row in e.of(m.Verzoek)}
        for product in e.of(m.VerzoekProduct):
            verzoek = verzoeken.get(product.verzoek_id)
            if verzoek is None or product.toewijzing_nummer is None:
                continue
            t = self.p.trajecten.get((e.gemeente, e.aanbieder, int(product.toewijzing_nummer)))
            if t is not None:
                judged = [("TR304", d.tr304(t, verzoek.bsn), "/Bericht/Client/Bsn")]
                if self._judged(e, judged, WHOLE, t.key[2], verzoek.bsn):
                    return True
        return False

    def _tr374(self, e: BerichtEvent, rows: list[Any]) -> bool:
        """Report TR374 on a verzoek sent while another for its client is in behandeling; whether it broke
        it (then the message is rejected)."""
        first = min(rows, key=lambda r: r.volgnummer)
        problem = v.tr374(
            self.p.in_behandeling.get((e.gemeente, first.bsn), set()), {r.referentie_aanbieder for r in rows}
        )
        where = (
            AANGEVRAAGD.format(first.volgnummer) if e.berichtsoort == "JW315" else VERZOEK
        ) + "/ReferentieAanbieder"
        return self._judged(e, [("TR374", problem, where)], WHOLE, None, first.bsn)

    def _tr347(self, e: BerichtEvent, rows: list[Any]) -> set[int]:
        """Report TR347 on each ReferentieAanbieder used before; the volgnummers of the rows that broke it
        (each AangevraagdProduct of a JW315 is rejected on its own, a JW317 whole)."""
        refused: set[int] = set()
        for row in rows:
            problem = v.tr347(self.p.gebruikte_refs, row.referentie_aanbieder, e.gemeente)
            if e.berichtsoort == "JW315":
                where, part = AANGEVRAAGD.format(row.volgnummer) + "/ReferentieAanbieder", row.volgnummer
            else:
                where, part = VERZOEK + "/ReferentieAanbieder", WHOLE
            if self._judged(e, [("TR347", problem, where)], part, None, row.bsn):
                refused.add(row.volgnummer)
        return refused

    def _wijziging(self, e: BerichtEvent, verzoek: Any) -> bool:
        """Judge a JW317's products against the client's toewijzingen: TR349, TR350, TR351, TR357, TR361,
        TR373, TR375, TR411, TR412; whether one broke."""
        day, bsn = e.dagtekening, verzoek.bsn
        placed: list[tuple[Any, str]] = []  # (product, its element) in document order
        per_soort: dict[str, int] = {}
        for product in e.of(m.VerzoekProduct):
            if product.verzoek_id == verzoek.id:
                per_soort[product.soort] = k = per_soort.get(product.soort, 0) + 1
                placed.append((product, f"{VERZOEK}/{v.ELEMENT[product.soort]}[{k}]"))
        named = {int(p.toewijzing_nummer) for p, _ in placed if p.toewijzing_nummer is not None}
        actual = [t.key[2] for t in self.p.of_client(e.gemeente, bsn) if v.actueel(t, day)]
        broken = self._judged(e, [("TR349", v.tr349(actual, named), VERZOEK)], WHOLE, None, bsn)
        gevraagd: list[tuple[str, v.Gevraagd | None]] = []
        for p, where in placed:
            if p.soort == v.NIEUW:
                gevraagd.append((where, _gevraagd(p, None)))
                continue
            nummer = int(p.toewijzing_nummer)
            t = self.p.trajecten.get((e.gemeente, e.aanbieder, nummer))
            gevraagd.append((where, _gevraagd(p, t)))
            if p.soort == v.ONGEWIJZIGD:
                judged: Judged = [("TR350", v.tr350(t, nummer, day), where + "/ToewijzingNummer")]
            else:
                judged = [("TR351", v.tr351(t, nummer, day), where + "/ToewijzingNummer")]
            if p.soort == v.TE_WIJZIGEN and t is not None:
                judged += [
                    ("TR357", v.tr357(t, p.gewenste_ingangsdatum, day), where + "/GewensteIngangsdatum"),
                    ("TR373", v.tr373(t, p), where + "/GewensteIngangsdatum"),
                    ("TR375", v.tr375(t, p), where + "/Omvang"),
                    ("TR411", v.tr411(t, p), where),
                    ("TR412", v.tr412(t, p), where + "/Omvang"),
                ]
            broken = self._judged(e, judged, WHOLE, nummer, bsn) or broken
        for i, problem in v.tr361(gevraagd):
            broken = self._judged(e, [("TR361", problem, gevraagd[i][0])], WHOLE, None, bsn) or broken
        return broken

    # -- JW319 -------------------------------------------------------------------------------------------

    def antwoord(self, e: BerichtEvent) -> None:
        """Judge a JW319 (TR355, TR359, TR360, TR365); an accepted one counts as an antwoord on its
        ReferentieAanbieder and, with VerzoekAntwoord 1 (Verzoek afgewezen), ends the verzoek (TR374)."""
        for row in e.of(m.Antwoord):
            ref = row.referentie_aanbieder
            key = (e.gemeente, ref)
            earlier = self.p.antwoorden.get(key, [])
            judged: Judged = [
                ("TR355", va.tr355(key in self.p.verzoeken, ref), ANTWOORD + "/ReferentieAanbieder"),
                ("TR359", va.tr359(key in self.p.toegewezen_refs, ref), ANTWOORD + "/ReferentieAanbieder"),
                ("TR360", va.tr360(row.verzoek_antwoord, earlier), ANTWOORD + "/VerzoekAntwoord"),
                ("TR365", va.tr365(earlier), ANTWOORD + "/VerzoekAntwoord"),
            ]
            if self._judged(e, judged, WHOLE, related=self.p.verzoeken.get(key)):
                continue
            self.p.antwoorden.setdefault(key, []).append(row.verzoek_antwoord)
            if row.verzoek_antwoord == codes.VERZOEK_AFGEWEZEN:
                self.p.close_verzoek(e.gemeente, ref)


def _gevraagd(p: Any, t: TrajectState | None) -> v.Gevraagd | None:
    """A JW317 product as TR361 compares it: a NieuwProduct as asked; an OngewijzigdProduct as its
    toewijzing ``t`` runs; a TeWijzigenProduct with the Product of ``t`` from its GewensteIngangsdatum to its
    Einddatum. None when the toewijzing is unknown."""
    if p.soort == v.NIEUW:
        return v.Gevraagd(p.soort, p.categorie, p.code, p.gewenste_ingangsdatum, p.einddatum)
    if t is None:
        return None
    if p.soort == v.ONGEWIJZIGD:
        return v.Gevraagd(p.soort, t.categorie, t.code, t.ingangsdatum, t.einddatum)
    if p.gewenste_ingangsdatum is None:
        return None
    return v.Gevraagd(p.soort, t.categorie, t.code, p.gewenste_ingangsdatum, p.einddatum)

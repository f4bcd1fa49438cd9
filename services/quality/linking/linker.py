"""The linker: applies one linked message to its aanbieder's state and reports the cross-message rules it
breaks, evaluated against the state before it (as the receiving backoffice would on arrival).

A part of a message that breaks a rule is rejected with the rule's retourcode and changes nothing: a start
with TR326 does not become the actual start, a prestatie with TR389 is not counted. The rest of the message
is applied. A declaratie that breaks a rule of the Declaratie itself (TR318, TR333) is rejected whole. A
rejected part hides nothing: every other rule is still judged on it and reported (as the receiving backoffice
reports every failing retourcode), the prestaties of a declaratie rejected whole included; only the state
does not change.

- JW301: creates or updates the toegewezen product (the version with the most recent Toewijzingsdatum and
  Toewijzingstijd wins, IV013, also when an older one arrives later), links it to the verzoek it honours
  through ReferentieAanbieder;
- JW305 / JW307: starts and stops deliveries (StatusAanlevering 1 new, 3 withdraw);
- JW315 / JW317 / JW319: the verzoek and the antwoord on it (:mod:`services.quality.linking.verzoeken`);
- JW323: judges and counts its prestaties; JW325: the gemeente's rejections un-count them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ijw.codelists import codes
from ijw.db import models as m
from ijw.productcodes.tarieven import Tarieven, load_tarieven
from services.quality.linking.events import BerichtEvent
from services.quality.linking.model import (
    ACTUEEL,
    GESTOPT,
    TIJDELIJK,
    VERWIJDERD,
    VERWIJDERD_REDEN,
    LeveringState,
    Ontvangen,
    Partition,
    PrestatieState,
    TrajectState,
)
from services.quality.linking.verzoeken import VerzoekLinker
from services.quality.rules import antwoorden as a
from services.quality.rules import declaraties as d
from services.quality.rules import deliveries as s
from services.quality.rules import toewijzingen as tw

#: the StartProduct or StopProduct a location names, by its place in the message
_PART = re.compile(r"/(?:StartProduct|StopProduct)\[(\d+)\]")
#: the volgnummer under which a declaratie rejected whole is kept in ``Partition.rejected``
WHOLE = 0
NEW, WITHDRAW = codes.STATUS_AANLEVERING_EERSTE, codes.STATUS_AANLEVERING_VERWIJDEREN
#: where TR304 points: the Bsn of the Client a prestatie is declared under (not an element of the Prestatie)
CLIENT_BSN = "/Bsn"


@dataclass(frozen=True, slots=True)
class LinkFinding:
    """A cross-message finding produced while linking (stored as ``quality_findings`` of kind aankomst)."""

    check: str
    bericht_id: int
    detail: str
    location: str | None
    toewijzing_nummer: int | None
    bsn: str | None
    related_bericht_id: int | None = None


class Linker:
    """Applies messages to one :class:`Partition`; collects the findings in :attr:`findings`."""

    def __init__(self, partition: Partition, tarieven: Tarieven | None = None) -> None:
        self.p = partition
        #: the gemeenten's contract tariffs (TR418), from ``productcodes/tarieven/`` unless given
        self.tarieven = load_tarieven() if tarieven is None else tarieven
        self.findings: list[LinkFinding] = []
        self._verzoeken = VerzoekLinker(partition, self._report)
        self._apply: dict[str, Callable[[BerichtEvent], None]] = {
            "JW301": self._jw301,
            "JW305": self._jw305,
            "JW307": self._jw307,
            "JW315": self._verzoeken.verzoek,
            "JW317": self._verzoeken.verzoek,
            "JW319": self._verzoeken.antwoord,
            "JW323": self._jw323,
            "JW325": self._jw325,
        }

    def apply(self, event: BerichtEvent) -> None:
        handler = self._apply.get(event.berichtsoort)
        if handler is not None:
            handler(event)

    def _report(
        self,
        check: str,
        event: BerichtEvent,
        detail: str,
        location: str | None,
        nummer: int | None,
        bsn: str | None,
        related: int | None = None,
    ) -> None:
        self.findings.append(LinkFinding(check, event.id, detail, location, nummer, bsn, related))
        part = _PART.search(location or "") if event.berichtsoort in ("JW305", "JW307") else None
        if part is not None:  # every finding on a start or stop rejects it
            self.p.rejected.setdefault((event.id, event.berichtsoort, int(part.group(1))), check)

    # -- JW301 ------------------------------------------------------------------------------------------

    def _jw301(self, e: BerichtEvent) -> None:
        for row in e.of(m.Toewijzing):
            if self._toewijzing_rules(e, row):
                continue  # the ToegewezenProduct is rejected: it changes nothing
            if row.referentie_aanbieder:
                self.p.honour_verzoek(e.gemeente, row.referentie_aanbieder)
            key = (e.gemeente, e.aanbieder, int(row.toewijzing_nummer))
            t = self.p.trajecten.get(key)
            verzoek = (
                self.p.verzoeken.get((e.gemeente, row.referentie_aanbieder))
                if row.referentie_aanbieder
                else None
            )
            if t is None:
                self.p.add_traject(
                    TrajectState(
                        key=key,
                        bsn=row.bsn,
                        client_id=row.client_id,
                        categorie=row.categorie,
                        code=row.code,
                        ingangsdatum=row.ingangsdatum,
                        einddatum=row.einddatum,
                        toewijzingsdatum=row.toewijzingsdatum,
                        toewijzingstijd=row.toewijzingstijd,
                        volume=row.volume,
                        eenheid=row.eenheid,
                        frequentie=row.frequentie,
                        budget=row.budget,
                        reden_wijziging=row.reden_wijziging,
                        referentie_aanbieder=row.referentie_aanbieder,
                        verzoek_bericht_id=verzoek,
                        first_bericht_id=e.id,
                        first_dagtekening=e.dagtekening,
                        last_bericht_id=e.id,
                    )
                )
                continue
            if t.referentie_aanbieder is None and row.referentie_aanbieder:
                self.p.refer(t, row.referentie_aanbieder)
            if t.verzoek_bericht_id is None and verzoek is not None:
                t.verzoek_bericht_id = verzoek
            if t.is_older_version(row.toewijzingsdatum, row.toewijzingstijd):
                continue  # IV013: a version that arrives after a more recent one does not replace it
            t.bsn, t.client_id = row.bsn, row.client_id
            t.categorie, t.code = row.categorie, row.code
            t.ingangsdatum, t.einddatum = row.ingangsdatum, row.einddatum
            t.toewijzingsdatum, t.toewijzingstijd = row.toewijzingsdatum, row.toewijzingstijd
            t.volume, t.eenheid, t.frequentie, t.budget = row.volume, row.eenheid, row.frequentie, row.budget
            t.reden_wijziging = row.reden_wijziging
            t.last_bericht_id = e.id

    def _toewijzing_rules(self, e: BerichtEvent, row: Any) -> bool:
        """Report TR332, TR379 and TR385 on a ToegewezenProduct; whether it broke one."""
        where = f"/Bericht/Client/ToegewezenProducten/ToegewezenProduct[{row.volgnummer}]"
        nummer = int(row.toewijzing_nummer)
        t = self.p.trajecten.get((e.gemeente, e.aanbieder, nummer))
        problems = []
        if t is not None:
            problems.append(("TR332", tw.tr332(t, row.bsn), "/ToewijzingNummer"))
        if row.referentie_aanbieder:
            problem = tw.tr379(self.p.verzoek_refs, e.gemeente, row.referentie_aanbieder)
            problems.append(("TR379", problem, "/ReferentieAanbieder"))
        if t is not None and row.reden_wijziging == VERWIJDERD_REDEN:
            problem = tw.tr385(self.p.declared_on(t.key), self.p.beantwoord)
            problems.append(("TR385", problem, "/RedenWijziging"))
        broken = False
        for check, problem, leaf in problems:
            if problem is not None:
                self._report(check, e, problem, where + leaf, nummer, row.bsn)
                broken = True
        return broken

    # -- JW305 / JW307 -----------------------------------------------------------------------------------

    def _traject_of(self, e: BerichtEvent, row: Any, where: str) -> TrajectState | None:
        """The toegewezen product a start or stop names, or None after reporting TR019."""
        nummer = row.toewijzing_nummer
        t = self.p.trajecten.get((e.gemeente, e.aanbieder, nummer)) if nummer is not None else None
        problem = s.tr019(t, nummer)
        if problem is not None:
            self._report("TR019", e, problem, where + "/ToewijzingNummer", nummer, row.bsn)
            return None
        return t

    def _jw305(self, e: BerichtEvent) -> None:
        for row in e.of(m.Start):
            where = f"/Bericht/Client/StartProducten/StartProduct[{row.volgnummer}]"
            nummer = row.toewijzing_nummer
            t = self._traject_of(e, row, where)
            if t is None:
                continue
            if row.status_aanlevering == WITHDRAW:
                lev = t.levering_on(row.begindatum)
                problem = s.tr063(lev, "start")
                if problem is None and lev is not None:
                    problem = s.tr071(lev)
                    check = "TR071"
                else:
                    check = "TR063"
                if problem is not None or lev is None:
                    self._report(check, e, problem or "", where + "/StatusAanlevering", nummer, row.bsn)
                    continue
                lev.status = VERWIJDERD
                continue
            problems = [
                ("TR074", s.tr074(t.levering_on(row.begindatum)), where + "/Begindatum"),
                ("TR326", s.tr326(t.actual_levering()), where),
            ]
            for check, problem, location in problems:
                if problem is not None:
                    self._report(check, e, problem, location, nummer, row.bsn)
            if any(problem is not None for _, problem, _ in problems):
                continue
            t.leveringen.append(
                LeveringState(len(t.leveringen) + 1, row.begindatum, e.id, e.dagtekening, ACTUEEL)
            )

    def _jw307(self, e: BerichtEvent) -> None:
        for row in e.of(m.Stop):
            where = f"/Bericht/Client/StopProducten/StopProduct[{row.volgnummer}]"
            nummer = row.toewijzing_nummer
            t = self._traject_of(e, row, where)
            if t is None:
                continue
            lev = t.levering_on(row.begindatum)
            if row.status_aanlevering == WITHDRAW:
                stopped = lev if lev is not None and lev.status == GESTOPT else None
                problem = s.tr063(stopped, "stop")
                if problem is not None or stopped is None:
                    self._report("TR063", e, problem or "", where + "/StatusAanlevering", nummer, row.bsn)
                    continue
                stopped.status = ACTUEEL
                stopped.einddatum = stopped.reden_beeindiging = None
                stopped.stop_bericht_id = stopped.stop_dagtekening = None
                stopped.tijdelijk = False
                continue
            problem = s.tr382(lev)
            if problem is not None or lev is None:
                self._report("TR382", e, problem or "", where + "/Begindatum", nummer, row.bsn)
                continue
            same_client = row.bsn == t.bsn  # TR413, TR414: "voor hetzelfde Bsn"
            problems = [
                ("TR415", s.tr415(lev, row.reden_beeindiging), "/RedenBeeindiging"),
                ("TR413", s.tr413(lev, row.reden_beeindiging) if same_client else None, "/RedenBeeindiging"),
                ("TR414", s.tr414(lev, row.einddatum) if same_client else None, "/Einddatum"),
            ]
            for check, problem, leaf in problems:
                if problem is not None:
                    self._report(check, e, problem, where + leaf, nummer, row.bsn)
            if any(problem is not None for _, problem, _ in problems):
                continue
            lev.status = GESTOPT
            lev.einddatum = row.einddatum
            lev.reden_beeindiging = row.reden_beeindiging
            lev.stop_bericht_id = e.id
            lev.stop_dagtekening = e.dagtekening
            lev.tijdelijk = row.reden_beeindiging == TIJDELIJK

    # -- JW323 -------------------------------------------------------------------------------------------

    def _jw323(self, e: BerichtEvent) -> None:
        declaraties = e.of(m.Declaratie)
        if not declaraties:
            return
        decl = declaraties[0]
        self.p.receive_declaratie(
            e.gemeente, e.identificatie, Ontvangen(e.id, e.dagtekening, decl.declaratie_nummer)
        )
        whole: list[tuple[str, str]] = []
        problem = d.tr318(self.p.declaratie_periode.get(e.gemeente), decl.periode_begin)
        if problem is not None:
            whole.append(("TR318", problem))
        problem = d.tr333(self.p, decl.declaratie_nummer)
        if problem is not None:
            whole.append(("TR333", problem))
        for check, detail in whole:
            where = "/Bericht/Declaratie/" + ("DeclaratiePeriode" if check == "TR318" else "DeclaratieNummer")
            self._report(check, e, detail, where, None, None)
            self.p.rejected.setdefault((e.id, e.berichtsoort, WHOLE), check)
        if not whole:
            self.p.submit_declaratie(e.gemeente, decl.declaratie_nummer, decl.periode_begin)
        client_index: dict[int, int] = {}
        per_client: dict[int, int] = {}
        placed: list[tuple[Any, str, str]] = []  # (row, Client path, Prestatie path) in document order
        for row in e.of(m.Prestatie):
            ci = client_index.setdefault(row.client_id, len(client_index) + 1)
            per_client[ci] = pi = per_client.get(ci, 0) + 1
            client = f"/Bericht/Declaratie/Clienten/Client[{ci}]"
            placed.append((row, client, f"{client}/Prestaties/Prestatie[{pi}]"))
        # Credits first: TR389 allows a debet for a period whose earlier debet "een bijbehorende
        # creditprestatie heeft", also when that credit comes later in the same message.
        placed.sort(key=lambda item: item[0].debet_credit != "C")
        for row, client, where in placed:
            p = self._prestatie(e, decl, row)
            problems = self._judge(p, row.bsn)  # judged also when the declaratie is rejected whole
            for check, detail, leaf in problems:
                location = client + leaf if leaf == CLIENT_BSN else where + leaf
                self._report(check, e, detail, location, p.key[2], row.bsn)
            p.accepted = not whole and not problems
            t = self.p.trajecten.get(p.key)
            if t is not None:
                t.n_prestaties += 1
            self.p.add_prestatie(p, e.gemeente)

    def _prestatie(self, e: BerichtEvent, decl: Any, row: Any) -> PrestatieState:
        key = (e.gemeente, e.aanbieder, int(row.toewijzing_nummer))
        return PrestatieState.from_row(row, key, decl.declaratie_identificatie)

    def _judge(self, p: PrestatieState, bsn: str) -> list[tuple[str, str, str]]:
        """The rules a prestatie breaks: (code, detail, element under the Prestatie or :data:`CLIENT_BSN`)."""
        found: list[tuple[str, str, str]] = []

        def check(code: str, problem: str | None, leaf: str = "") -> None:
            if problem is not None:
                found.append((code, problem, leaf))

        check("TR314", d.tr314(self.p, p), "/ProductReferentie/ReferentieNummer")
        t = self.p.trajecten.get(p.key)
        problem = d.tr338(t, p)
        if problem is not None or t is None:
            check("TR338", problem, "/ToewijzingNummer")
            return found
        check("TR304", d.tr304(t, bsn), CLIENT_BSN)
        check("TR339", d.tr339(t, p), "/ProductCategorie")
        check("TR340", d.tr340(t, p), "/ProductCode")
        check("TR341", d.tr341(t, p), "/Eenheid")
        check("TR384", d.tr384(t), "/ToewijzingNummer")
        check("TR307", d.tr307(t, p), "/ProductPeriode/Begindatum")
        check("TR308", d.tr308(t, p), "/ProductPeriode/Einddatum")
        check("TR387", d.tr387(t, p), "/ProductPeriode/Begindatum")
        check("TR388", d.tr388(t, p), "/ProductPeriode/Einddatum")
        check("TR323", d.tr323(self.p, p), "/ProductReferentie/VorigReferentieNummer")
        check("TR390", d.tr390(self.p, p), "/ProductReferentie/VorigReferentieNummer")
        check("TR389", d.tr389(self.p, p), "/IngediendBedrag/DebetCredit")
        check("TR321", d.tr321(t, p), "/GeleverdVolume")
        check("TR322", d.tr322(t, p, self.p.open_until(p.key)), "/GeleverdVolume")
        check("TR369", d.tr369(t, p), "/GeleverdVolume")
        gemeente, aanbieder, _ = p.key
        contract = self.tarieven.contract_tarief(gemeente, aanbieder, p.code, p.eenheid, p.periode_begin)
        check("TR418", d.tr418(contract, p), "/ProductTarief")
        return found

    # -- JW325 -------------------------------------------------------------------------------------------

    def _jw325(self, e: BerichtEvent) -> None:
        """The gemeente's answer: its rejections un-count the prestaties of the declaratie it names (TR337),
        each returned prestatie judged on TR366, TR304 and TR367 first; TR371 and TR376 are reported only
        (OP355: the relation may be laid on berichtniveau)."""
        for antwoord in e.of(m.DeclaratieAntwoord):
            prestaties = self._antwoord_rules(e, antwoord)
            if antwoord.declaratie_nummer is None and "0200" not in (antwoord.header_retourcodes or ""):
                for p in prestaties.values():  # the whole declaratie was rejected
                    self.p.reject(p, antwoord.header_retourcodes or "")
                continue
            if prestaties and antwoord.declaratie_nummer is not None:
                self.p.beantwoord.add((e.gemeente, antwoord.declaratie_identificatie))
            client_index: dict[int, int] = {}
            per_client: dict[int, int] = {}
            for row in e.of(m.AfgewezenPrestatie):
                ci = client_index.setdefault(row.client_id, len(client_index) + 1)
                pi = per_client[row.client_id] = per_client.get(row.client_id, 0) + 1
                if row.antwoord_id != antwoord.id:
                    continue
                where = f"/Bericht/DeclaratieAntwoord/Clienten/Client[{ci}]/Prestaties/Prestatie[{pi}]"
                problem = a.tr366(self.p.referenties, row.referentie_nummer)
                if problem is not None:  # related to no declaratiebericht: it changes nothing
                    leaf = "/ProductReferentie/ReferentieNummer"
                    self._report("TR366", e, problem, where + leaf, int(row.toewijzing_nummer), row.bsn)
                    continue
                rejected = prestaties.get(row.referentie_nummer)
                if rejected is None:
                    continue
                problem = d.tr304_antwoord(rejected, row.bsn)
                if problem is not None:  # the rejection names another client: it changes nothing
                    where = f"/Bericht/DeclaratieAntwoord/Clienten/Client[{ci}]/Bsn"
                    self._report("TR304", e, problem, where, rejected.key[2], row.bsn)
                    continue
                differs = d.tr367(rejected, row)
                if differs is not None:  # the rejection does not answer the prestatie as declared: no change
                    self._report("TR367", e, differs[1], where + differs[0], rejected.key[2], row.bsn)
                    continue
                self.p.reject(rejected, row.retourcodes)

    def _antwoord_rules(self, e: BerichtEvent, antwoord: Any) -> dict[str, PrestatieState]:
        """Report TR337, TR371 and TR376 on a DeclaratieAntwoord; the prestaties of the declaratie it answers
        (none when its DeclaratieIdentificatie names no earlier received declaratiebericht).

        A JW325 whose Header carries another code than 0200 answers a declaratiebericht rejected as a whole,
        possibly one the ingest did not store as valid either (level 1 or 2), which is not linked: when it
        names no linked declaratiebericht, TR337 is not judged on it."""
        ident = antwoord.declaratie_identificatie
        ontvangen = self.p.ontvangen.get((e.gemeente, ident))
        related = ontvangen.bericht_id if ontvangen is not None else None
        header = set(filter(None, (antwoord.header_retourcodes or "").split(",")))
        unrelated = a.tr337(ontvangen, antwoord.declaratie_dagtekening)
        if unrelated is not None and (ontvangen is not None or header <= {"0200"}):
            where = "/Bericht/Header/DeclaratieIdentificatie"
            self._report("TR337", e, unrelated, where, None, None, related)
        xsd = e.xsd
        if unrelated is None and ontvangen is not None and xsd is not None and xsd.heen_id == related:
            problem = a.tr371(xsd.declaratie, xsd.heen)  # the stored JW323 named is the linked one
            if problem is not None:
                self._report("TR371", e, problem, "/Bericht/Header/XsdVersieDeclaratie", None, None, related)
        if antwoord.declaratie_nummer is not None:
            problem = a.tr376(self.p.ontvangen_nummers, e.gemeente, antwoord.declaratie_nummer)
            if problem is not None:
                where = "/Bericht/DeclaratieAntwoord/DeclaratieNummer"
                self._report("TR376", e, problem, where, None, None, related)
        return {} if unrelated is not None else self.p.by_declaratie.get((e.gemeente, ident), {})

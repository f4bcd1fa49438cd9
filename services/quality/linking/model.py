"""The in-memory linked state of one aanbieder's traffic: toegewezen producten, deliveries, prestaties.

Everything the cross-message rules look at belongs to one aanbieder: a toegewezen product is keyed by
(gemeente, aanbieder, ToewijzingNummer), a ReferentieNummer and a DeclaratieNummer are unique per aanbieder,
a verzoek is answered between one gemeente and one aanbieder. So the state is partitioned by aanbieder: the
linker loads, updates and stores one partition at a time, which bounds its memory and lets an incremental
run touch only the aanbieders that sent or received new messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ijw.codelists import codes
from services.quality.rules import units

#: (gemeente, aanbieder, ToewijzingNummer): how the standard keys a toegewezen product.
TrajectKey = tuple[str, str, int]

ACTUEEL = "actueel"
GESTOPT = "gestopt"
VERWIJDERD = "verwijderd"
TIJDELIJK = codes.REDEN_BEEINDIGING_TIJDELIJK
VERWIJDERD_REDEN = codes.REDEN_WIJZIGING_VERWIJDERD


@dataclass(slots=True)
class LeveringState:
    """A delivery: an actual start and the stop that ended it (see :class:`ijw.db.models.Levering`)."""

    volgnummer: int
    begindatum: dt.date
    start_bericht_id: int
    start_dagtekening: dt.date
    status: str = ACTUEEL
    einddatum: dt.date | None = None
    reden_beeindiging: str | None = None
    stop_bericht_id: int | None = None
    stop_dagtekening: dt.date | None = None
    tijdelijk: bool = False


@dataclass(slots=True)
class TrajectState:
    """A toegewezen product as its actual JW301 version describes it (see :class:`ijw.db.models.Traject`)."""

    key: TrajectKey
    bsn: str
    client_id: int | None
    categorie: str | None
    code: str | None
    ingangsdatum: dt.date
    einddatum: dt.date | None
    toewijzingsdatum: dt.date
    toewijzingstijd: dt.time | None
    volume: int | None
    eenheid: str | None
    frequentie: str | None
    budget: int | None
    reden_wijziging: str | None
    referentie_aanbieder: str | None
    verzoek_bericht_id: int | None
    first_bericht_id: int
    first_dagtekening: dt.date
    last_bericht_id: int
    declared_volume: int = 0
    declared_bedrag: int = 0
    n_prestaties: int = 0
    leveringen: list[LeveringState] = field(default_factory=list)

    @property
    def verwijderd(self) -> bool:
        return self.reden_wijziging == VERWIJDERD_REDEN

    def is_older_version(self, toewijzingsdatum: dt.date, toewijzingstijd: dt.time | None) -> bool:
        """Whether a JW301 version with this Toewijzingsdatum and -tijd is older than the actual one.

        IV013: the toewijzing with the most recent Toewijzingsdatum and Toewijzingstijd is the actual one,
        whatever the order the versions arrive in (a resent toewijzing keeps both, so it is not older). A
        missing time (state stored before it was kept) compares on the date alone.

        >>> t = TrajectState(("0363", "12345678", 1), "999999990", None, "45", None, dt.date(2025, 1, 1),
        ...     None, dt.date(2025, 3, 1), dt.time(9), None, None, None, None, None, None, None, 1,
        ...     dt.date(2025, 3, 1), 1)
        >>> older = t.is_older_version
        >>> older(dt.date(2025, 2, 1), dt.time(12)), older(dt.date(2025, 3, 1), dt.time(8))
        (True, True)
        >>> older(dt.date(2025, 3, 1), dt.time(9)), older(dt.date(2025, 3, 2), None)
        (False, False)
        """
        if toewijzingsdatum != self.toewijzingsdatum:
            return toewijzingsdatum < self.toewijzingsdatum
        if toewijzingstijd is None or self.toewijzingstijd is None:
            return False
        return toewijzingstijd < self.toewijzingstijd

    def actual_levering(self) -> LeveringState | None:
        """The delivery that is started and not stopped (at most one, TR326)."""
        for lev in self.leveringen:
            if lev.status == ACTUEEL:
                return lev
        return None

    def levering_on(self, begindatum: dt.date) -> LeveringState | None:
        """The (not withdrawn) delivery that started on ``begindatum``: what a stop or a correction names."""
        for lev in reversed(self.leveringen):
            if lev.begindatum == begindatum and lev.status != VERWIJDERD:
                return lev
        return None


@dataclass(slots=True)
class PrestatieState:
    """A JW323 prestatie with how the linked traffic judged it."""

    prestatie_id: int
    bericht_id: int
    key: TrajectKey
    declaratie_identificatie: str
    referentie_nummer: str
    vorig_referentie_nummer: str | None
    categorie: str
    code: str
    periode_begin: dt.date
    periode_eind: dt.date
    volume: int
    eenheid: str
    bedrag: int
    credit: bool
    accepted: bool
    bsn: str = ""
    #: ProductTarief in eurocents (empty for Eenheid 83, CD087)
    tarief: int | None = None
    afgewezen: bool = False
    afwijzing_codes: str | None = None
    gecrediteerd: bool = False

    @classmethod
    def from_row(
        cls, row: Any, key: TrajectKey, declaratie_identificatie: str, **judgement: Any
    ) -> PrestatieState:
        """A prestatie from its ``prestaties`` row (and, when loaded back, its stored judgement)."""
        return cls(
            prestatie_id=row.id,
            bericht_id=row.bericht_id,
            key=key,
            declaratie_identificatie=declaratie_identificatie,
            referentie_nummer=row.referentie_nummer,
            vorig_referentie_nummer=row.vorig_referentie_nummer,
            categorie=row.categorie,
            code=row.code,
            periode_begin=row.periode_begin,
            periode_eind=row.periode_eind,
            volume=int(row.volume),
            eenheid=row.eenheid,
            bedrag=int(row.bedrag),
            credit=row.debet_credit == "C",
            accepted=bool(judgement.pop("accepted", False)),
            bsn=row.bsn,
            tarief=None if row.tarief is None else int(row.tarief),
            **judgement,
        )

    @property
    def counts(self) -> bool:
        """Whether it counts toward what was declared: accepted and not rejected by the gemeente."""
        return self.accepted and not self.afgewezen

    @property
    def debet_key(self) -> tuple[TrajectKey, str, str, dt.date, dt.date]:
        """What TR389 compares: toewijzing, product and ProductPeriode."""
        return (self.key, self.categorie, self.code, self.periode_begin, self.periode_eind)


@dataclass(frozen=True, slots=True)
class Ontvangen:
    """A linked declaratiebericht (JW323) as a JW325 names it: bericht id, Dagtekening, DeclaratieNummer."""

    bericht_id: int
    dagtekening: dt.date
    nummer: str


@dataclass
class Partition:
    """The linked state of one aanbieder."""

    aanbieder: str
    trajecten: dict[TrajectKey, TrajectState] = field(default_factory=dict)
    prestaties: list[PrestatieState] = field(default_factory=list)
    #: every ReferentieNummer the aanbieder used in a linked JW323 (TR314)
    referenties: set[str] = field(default_factory=set)
    #: accepted debets by ReferentieNummer, for credits (TR323, TR390)
    debets_by_ref: dict[str, PrestatieState] = field(default_factory=dict)
    #: counted, uncredited debets by toewijzing, product and period (TR389)
    open_debets: dict[tuple[TrajectKey, str, str, dt.date, dt.date], PrestatieState] = field(
        default_factory=dict
    )
    #: prestaties by (gemeente, DeclaratieIdentificatie) and ReferentieNummer, for the JW325
    by_declaratie: dict[tuple[str, str], dict[str, PrestatieState]] = field(default_factory=dict)
    #: the Begindatum of the last submitted (latest accepted) DeclaratiePeriode per gemeente (TR318)
    declaratie_periode: dict[str, dt.date] = field(default_factory=dict)
    #: DeclaratieNummers used (TR333)
    declaratie_nummers: set[str] = field(default_factory=set)
    #: verzoeken (JW315 product, JW317) by (gemeente, ReferentieAanbieder): their bericht id
    verzoeken: dict[tuple[str, str], int] = field(default_factory=dict)
    #: ReferentieAanbieders in behandeling (no JW301 and no JW319 Verzoek afgewezen yet) by (gemeente, Bsn)
    #: of the verzoek's client (TR374)
    in_behandeling: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    #: (gemeente, ReferentieAanbieder) of every linked verzoek, rejected ones included (TR379)
    verzoek_refs: set[tuple[str, str]] = field(default_factory=set)
    #: ReferentieAanbieder of every accepted verzoek → the gemeente it went to (TR347: unique per aanbieder)
    gebruikte_refs: dict[str, str] = field(default_factory=dict)
    #: (gemeente, ReferentieAanbieder) of every accepted ToegewezenProduct that carried one (TR359, TR374)
    toegewezen_refs: set[tuple[str, str]] = field(default_factory=set)
    #: VerzoekAntwoord of the accepted JW319s by (gemeente, ReferentieAanbieder) (TR360, TR365, TR374)
    antwoorden: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: every linked declaratiebericht by (gemeente, Identificatie), rejected whole included (TR337, TR376)
    ontvangen: dict[tuple[str, str], Ontvangen] = field(default_factory=dict)
    #: (gemeente, DeclaratieNummer) of every linked declaratiebericht (TR376)
    ontvangen_nummers: set[tuple[str, str]] = field(default_factory=set)
    #: (gemeente, DeclaratieIdentificatie) of the declaraties a JW325 with a DeclaratieAntwoord answered
    #: (TR385)
    beantwoord: set[tuple[str, str]] = field(default_factory=set)
    # Indexes, so that a message looks up what concerns it instead of scanning the whole partition (a scan
    # per message grows with the square of the aanbieder's clients): the toegewezen producten by (gemeente,
    # Bsn) and by (gemeente, ReferentieAanbieder), the prestaties by toewijzing, and the Bsns whose verzoek
    # with a ReferentieAanbieder is in behandeling by (gemeente, ReferentieAanbieder).
    _of_client: dict[tuple[str, str], list[TrajectState]] = field(default_factory=dict, repr=False)
    _with_referentie: dict[tuple[str, str], list[TrajectState]] = field(default_factory=dict, repr=False)
    _declared: dict[TrajectKey, list[PrestatieState]] = field(default_factory=dict, repr=False)
    _behandeld_voor: dict[tuple[str, str], set[str]] = field(default_factory=dict, repr=False)
    #: the latest Einddatum of a ProductPeriode among the open debets of each toewijzing (TR322)
    _open_until: dict[TrajectKey, dt.date] = field(default_factory=dict, repr=False)

    def add_traject(self, t: TrajectState) -> TrajectState:
        """A new toegewezen product (its Bsn is that of every later version: TR332)."""
        self.trajecten[t.key] = t
        self._of_client.setdefault((t.key[0], t.bsn), []).append(t)
        if t.referentie_aanbieder:
            self._with_referentie.setdefault((t.key[0], t.referentie_aanbieder), []).append(t)
        return t

    def refer(self, t: TrajectState, ref: str) -> None:
        """A later version of ``t`` carries the ReferentieAanbieder ``ref``, the first one that does."""
        t.referentie_aanbieder = ref
        self._with_referentie.setdefault((t.key[0], ref), []).append(t)

    def of_client(self, gemeente: str, bsn: str) -> list[TrajectState]:
        """The toegewezen producten of the client ``bsn`` from ``gemeente``."""
        return self._of_client.get((gemeente, bsn), [])

    def with_referentie(self, gemeente: str, ref: str) -> list[TrajectState]:
        """The toegewezen producten from ``gemeente`` that carry the ReferentieAanbieder ``ref``."""
        return self._with_referentie.get((gemeente, ref), [])

    def keep_prestatie(self, p: PrestatieState) -> None:
        """Keep a linked prestatie (in linking order) without judging or counting it."""
        self.prestaties.append(p)
        self._declared.setdefault(p.key, []).append(p)

    def open_debet(self, p: PrestatieState) -> None:
        """A counted, uncredited debet (TR389's open debets; TR322's loopduur)."""
        self.open_debets[p.debet_key] = p
        until = self._open_until.get(p.key)
        if until is None or p.periode_eind > until:
            self._open_until[p.key] = p.periode_eind

    def open_until(self, key: TrajectKey) -> dt.date | None:
        """The latest end of a ProductPeriode among the open debets on the toewijzing ``key``."""
        return self._open_until.get(key)

    def declared_on(self, key: TrajectKey) -> list[PrestatieState]:
        """The prestaties declared on the toewijzing ``key`` (in linking order)."""
        return self._declared.get(key, [])

    def receive_declaratie(self, gemeente: str, identificatie: str, ontvangen: Ontvangen) -> None:
        """Register a linked declaratiebericht, whatever the rules say of it: it was received (TR337,
        TR376)."""
        self.ontvangen.setdefault((gemeente, identificatie), ontvangen)
        self.ontvangen_nummers.add((gemeente, ontvangen.nummer))

    def register_verzoek(self, gemeente: str, bsn: str, ref: str, bericht_id: int) -> None:
        """An accepted verzoek (a JW315 AangevraagdProduct, a JW317): its ReferentieAanbieder is used
        (TR347) and, unless a toewijzing or afwijzing already ended it, in behandeling (TR374)."""
        self.gebruikte_refs.setdefault(ref, gemeente)
        self.verzoeken.setdefault((gemeente, ref), bericht_id)
        if not self.verzoek_closed(gemeente, ref):
            self.in_behandeling.setdefault((gemeente, bsn), set()).add(ref)
            self._behandeld_voor.setdefault((gemeente, ref), set()).add(bsn)

    def verzoek_closed(self, gemeente: str, ref: str) -> bool:
        """Whether an accepted JW301 or JW319 Verzoek afgewezen with this ReferentieAanbieder was linked."""
        return (gemeente, ref) in self.toegewezen_refs or codes.VERZOEK_AFGEWEZEN in self.antwoorden.get(
            (gemeente, ref), ()
        )

    def honour_verzoek(self, gemeente: str, ref: str) -> None:
        """An accepted ToegewezenProduct carried this ReferentieAanbieder: the verzoek is toegewezen (TR359)
        and no longer in behandeling (TR374)."""
        self.toegewezen_refs.add((gemeente, ref))
        self.close_verzoek(gemeente, ref)

    def close_verzoek(self, gemeente: str, ref: str) -> None:
        """A JW301 or a JW319 Verzoek afgewezen with this ReferentieAanbieder ended the verzoek (TR374)."""
        for bsn in self._behandeld_voor.pop((gemeente, ref), ()):
            self.in_behandeling[(gemeente, bsn)].discard(ref)

    #: rejected starts and stops, declaraties, verzoeken and antwoorden rejected whole (volgnummer 0) and
    #: AangevraagdProducten of a JW315: (bericht id, berichtsoort, volgnummer) → the first rule that
    #: rejected it
    rejected: dict[tuple[int, str, int], str] = field(default_factory=dict)

    def submit_declaratie(self, gemeente: str, nummer: str, periode_begin: dt.date) -> None:
        """Register an accepted declaratie: its DeclaratieNummer (TR333) and its DeclaratiePeriode, which
        becomes the last submitted one unless it repeats it (OP284 allows that overlap; TR318)."""
        self.declaratie_nummers.add(nummer)
        last = self.declaratie_periode.get(gemeente)
        if last is None or periode_begin > last:
            self.declaratie_periode[gemeente] = periode_begin

    def add_prestatie(self, p: PrestatieState, gemeente: str) -> None:
        """Register a prestatie of a linked JW323 (after its rules were evaluated)."""
        self.keep_prestatie(p)
        self.referenties.add(p.referentie_nummer)
        self.by_declaratie.setdefault((gemeente, p.declaratie_identificatie), {})[p.referentie_nummer] = p
        if p.credit:
            if p.counts:
                self.credit(p)
            return
        if p.accepted:
            self.debets_by_ref[p.referentie_nummer] = p
        if p.counts and not p.gecrediteerd:
            self.count_debet(p, +1)

    def count_debet(self, p: PrestatieState, sign: int) -> None:
        """Add (sign +1) or take away (-1) a debet from what was declared on its toewijzing."""
        t = self.trajecten.get(p.key)
        if sign > 0:
            self.open_debet(p)
        elif self.open_debets.get(p.debet_key) is p:
            del self.open_debets[p.debet_key]
            if self._open_until.get(p.key) == p.periode_eind:  # rare (a credit, a rejection): look again
                ends = [
                    q.periode_eind for q in self.declared_on(p.key) if self.open_debets.get(q.debet_key) is q
                ]
                if ends:
                    self._open_until[p.key] = max(ends)
                else:
                    del self._open_until[p.key]
        if t is not None:
            volume = units.counted(t.eenheid, p.eenheid, p.volume)
            t.declared_volume += sign * (volume or 0)
            t.declared_bedrag += sign * p.bedrag

    def credit(self, c: PrestatieState) -> None:
        """A counted credit cancels the debet it names (VorigReferentieNummer)."""
        debet = self.debets_by_ref.get(c.vorig_referentie_nummer or "")
        if debet is None or debet.gecrediteerd:
            return
        debet.gecrediteerd = True
        if debet.counts:
            self.count_debet(debet, -1)

    def uncredit(self, c: PrestatieState) -> None:
        """A credit the gemeente rejected: its debet counts again."""
        debet = self.debets_by_ref.get(c.vorig_referentie_nummer or "")
        if debet is None or not debet.gecrediteerd:
            return
        debet.gecrediteerd = False
        if debet.counts:
            self.count_debet(debet, +1)

    def reject(self, p: PrestatieState, codes: str) -> None:
        """The gemeente rejected ``p`` in its JW325."""
        if p.afgewezen:
            return
        was_counted = p.counts
        p.afgewezen = True
        p.afwijzing_codes = codes
        if not was_counted:
            return
        if p.credit:
            self.uncredit(p)
        elif not p.gecrediteerd:
            self.count_debet(p, -1)

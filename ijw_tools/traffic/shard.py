"""The simulation of one gemeente × aanbieder pair: its clients' trajectories and its monthly declarations.

A shard is a discrete-event simulation: actions sit in a heap by date and run in date order; an action
emits messages dated on its own date and schedules later actions. So a shard yields its messages in
Dagtekening order while holding only the state of its running trajectories.

Per client (one or more trajectories): optionally a JW315 (→ JW316) answered by a JW301 or one or two
JW319 (→ JW320); a JW301 (→ JW302) with all actual toegewezen producten of the client (OP087); per
toegewezen product a JW305 (→ JW306), possibly corrected (StatusAanlevering 3 then 1), and one of: a stop
as planned, an early stop followed by an intrekking, an intrekking by the gemeente followed by a stop,
a tijdelijke stop followed by a new start or by a definitive stop, a verlenging by the gemeente, or a
JW317 (→ JW318) for a verlenging or a new product, honoured by a JW301 or refused by a JW319. Per month
with deliveries one JW323 (→ JW325, some prestaties rejected), with credits of earlier prestaties
(VorigReferentieNummer) and their corrected debet a month later.

Messages carrying an injected cross-message defect are treated as rejected by the receiver: they do not
change the linked state, and the trajectory continues as if they had not been sent.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import NamedTuple

from ijw_tools.traffic import render
from ijw_tools.traffic.config import DEFECT_KINDS, TrafficConfig
from ijw_tools.traffic.output import GroundTruthRecord
from ijw_tools.traffic.parties import cbs_gemeenten, invalid_bsn, make_spec
from ijw_tools.traffic.render import (
    AangevraagdRegel,
    Header,
    NieuwRegel,
    TeWijzigenRegel,
    ToegewezenRegel,
)
from ijw_tools.traffic.scenario import (
    Aanbieder,
    Client,
    Gemeente,
    Prestatie,
    ProductSpec,
    StartItem,
    StopItem,
    Toewijzing,
)
from ijw_tools.traffic.werkdagen import add_werkdagen, month_end, month_start, next_month, next_werkdag

DAY = dt.timedelta(days=1)
FAR = dt.date(9999, 12, 31)
XSD_BAD_DATE = "2014-02-30"
REDEN_INTREKKING = {"32": "05", "33": "05", "34": "05", "35": "05", "38": "09", "39": "06", "02": "02"}


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class Emitted(NamedTuple):
    """A message as a shard emits it (the run numbers it)."""

    dagtekening: dt.date
    order: int
    seq: int
    message_type: str
    key: str
    data: bytes
    gemeente: str
    aanbieder: str
    corrupt: str | None
    defects: tuple[GroundTruthRecord, ...]


@dataclass
class RunContext:
    """What all shards of a run share: the configuration and the counters."""

    config: TrafficConfig
    gemeente_codes: tuple[str, ...]
    opportunities: Counter[str] = field(default_factory=Counter)
    injected: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.start = self.config.period_start
        self.end = self.config.period_end
        self.rates = {kind: self.config.rate(kind) for kind in DEFECT_KINDS}


@dataclass(slots=True, eq=False)
class ClientState:
    client: Client
    tws: list[Toewijzing] = field(default_factory=list)
    busy_until: dt.date = dt.date.min  # a verzoek is onderhanden until this date (TR374)


def product_keys(spec: ProductSpec) -> frozenset[str]:
    """The product's code and a category marker: ``"45:"`` for an aspecifieke toewijzing (it blocks its
    category), ``"45~"`` for a specific one (it blocks an aspecifieke toewijzing of its category)."""
    if spec.code is None:
        return frozenset({f"{spec.categorie}:", spec.declare_code})
    return frozenset({spec.code, f"{spec.categorie}~"})


def key_of(h: Header) -> str:
    return f"{h.afzender}/{h.message}/{h.identificatie}"


class Shard:
    """All traffic between one gemeente and one aanbieder."""

    def __init__(
        self,
        ctx: RunContext,
        gemeente: Gemeente,
        aanbieder: Aanbieder,
        clients: Sequence[Client],
        order: int,
        bsn_pool: Sequence[str],
        regional: bool,
    ) -> None:
        self.ctx = ctx
        self.g = gemeente
        self.a = aanbieder
        self.clients = clients
        self.order = order
        self.bsn_pool = bsn_pool
        self.regional = regional
        seed = ctx.config.seed
        self.rng = random.Random(f"{seed}:shard:{gemeente.code}:{aanbieder.agb}")
        self.drng = random.Random(f"{seed}:defects:{gemeente.code}:{aanbieder.agb}")
        self.heap: list[tuple[dt.date, int, Callable[[dt.date], None]]] = []
        self.seq = 0
        self.out_seq = 0
        self.out: list[Emitted] = []
        self.counters: Counter[str] = Counter()
        self.declarable: list[Toewijzing] = []
        self.prev_debets: list[Prestatie] = []
        self.used_refs: list[Prestatie] = []
        self.jw301_ids: list[str] = []
        self.states: dict[int, ClientState] = {}

    # --- infrastructure -------------------------------------------------------------------------------

    def at(self, day: dt.date, fn: Callable[[dt.date], None]) -> None:
        if day <= self.ctx.end:
            heapq.heappush(self.heap, (day, self.seq, fn))
            self.seq += 1

    def run(self) -> Iterator[Emitted]:
        span = (self.ctx.end - self.ctx.start).days - 75
        for client in self.clients:
            d0 = next_werkdag(self.ctx.start + days(self.rng.randint(0, span)))
            self.at(d0, partial(self.begin_client_of, client))
        month = month_start(self.ctx.start)
        while month <= self.ctx.end:
            when = add_werkdagen(next_month(month), self.rng.randint(1, 8))
            self.at(when, partial(self.declare_month, month))
            month = next_month(month)
        while self.heap:
            day, _, fn = heapq.heappop(self.heap)
            fn(day)
            if self.out:
                out, self.out = self.out, []
                yield from out

    def begin_client_of(self, client: Client, day: dt.date) -> None:
        self.begin_client(day, self.state(client))

    def state(self, client: Client) -> ClientState:
        st = self.states.get(client.index)
        if st is None:
            st = self.states[client.index] = ClientState(client)
        return st

    def ident(self, message: str) -> str:
        """A BerichtIdentificatie (or IdentificatieRetour) unique per berichtsoort for the gemeente and for
        the aanbieder: aanbieder number, gemeente number and a counter of this shard."""
        self.counters[message] += 1
        return f"{self.a.index + 1:03d}{self.g.index + 1:03d}{self.counters[message]:06d}"

    def header(self, message: str, day: dt.date) -> Header:
        if message in ("JW301", "JW319", "JW325"):
            return Header(message, self.g.code, self.a.agb, self.ident(message), day)
        return Header(message, self.a.agb, self.g.code, self.ident(message), day)

    def emit(
        self,
        message: str,
        key: str,
        day: dt.date,
        data: bytes,
        *,
        corrupt: str | None = None,
        defects: Sequence[GroundTruthRecord] = (),
    ) -> None:
        self.out.append(
            Emitted(
                day,
                self.order,
                self.out_seq,
                message,
                key,
                data,
                self.g.code,
                self.a.agb,
                corrupt,
                tuple(defects),
            )
        )
        self.out_seq += 1

    def roll(self, kind: str) -> bool:
        self.ctx.opportunities[kind] += 1
        rate = self.ctx.rates[kind]
        if rate > 0 and self.drng.random() < rate:
            self.ctx.injected[kind] += 1
            return True
        return False

    def record(
        self,
        kind: str,
        key: str,
        h: Header,
        nummer: int | None,
        bsn: str | None,
        *,
        related: str | None = None,
        detail: str = "",
    ) -> GroundTruthRecord:
        info = DEFECT_KINDS[kind]
        return GroundTruthRecord(
            kind,
            info.rule_for(h.message),
            key,
            h.message,
            h.dagtekening,
            self.g.code,
            self.a.agb,
            nummer,
            bsn,
            related,
            detail or info.description,
        )

    def late_ok(self, day: dt.date) -> bool:
        return day <= self.ctx.end

    # --- sending heenberichten with their retour -----------------------------------------------------

    def send(
        self,
        h: Header,
        data: bytes,
        *,
        nummer: int | None,
        bsn: str | None,
        corrupt_kinds: Sequence[str] = (),
        make_corrupt: Callable[[str, Header], bytes] | None = None,
        defects: Sequence[GroundTruthRecord] = (),
        retour: bool = True,
    ) -> None:
        """Emit a heenbericht (preceded, maybe, by a corrupt copy) and schedule its retour."""
        if make_corrupt is not None:
            for kind in corrupt_kinds:
                if self.roll(kind):
                    ch = replace(h, identificatie=self.ident(h.message))
                    bad = self.garbage() if kind == "onleesbaar" else make_corrupt(kind, ch)
                    rec = self.record(kind, key_of(ch), ch, nummer, bsn)
                    self.emit(h.message, key_of(ch), ch.dagtekening, bad, corrupt=kind, defects=(rec,))
                    if kind in ("bsn-elfproef", "datumvolgorde"):
                        self.schedule_retour(
                            ch, nummer=nummer, bsn=bsn, header_codes=("0001",), may_be_late=False
                        )
                    break
        self.emit(h.message, key_of(h), h.dagtekening, data, defects=defects)
        if retour:
            self.schedule_retour(h, nummer=nummer, bsn=bsn)

    def garbage(self) -> bytes:
        size = self.drng.randint(64, 1024)
        return bytes(self.drng.randrange(1, 256) for _ in range(size)).replace(b"<", b"?")

    def schedule_retour(
        self,
        heen: Header,
        *,
        nummer: int | None,
        bsn: str | None,
        header_codes: Sequence[str] = (),
        client: Client | None = None,
        items: Sequence[StartItem] = (),
        codes: Sequence[Sequence[str]] = (),
        may_be_late: bool = True,
    ) -> None:
        on_time = add_werkdagen(heen.dagtekening, self.rng.choice((0, 0, 1, 1, 2)))
        late_day = add_werkdagen(heen.dagtekening, self.drng.randint(6, 12))
        late = may_be_late and self.late_ok(late_day) and self.roll("retour-te-laat")
        rtype = render.RETOUR_OF[heen.message]

        def fire(day: dt.date) -> None:
            ident = self.ident(rtype)
            key = f"{heen.afzender}/{rtype}/{ident}"
            data = render.retour(heen, ident, day, header_codes, client, items, codes)
            recs = (
                [self.record("retour-te-laat", key_of(heen), heen, nummer, bsn, related=key)] if late else []
            )
            self.emit(rtype, key, day, data, defects=recs)

        self.at(late_day if late else on_time, fire)

    def answer_day(self, verzoek: Header) -> tuple[dt.date, bool]:
        """The day of the first answer on a JW315/JW317 and whether it is late (defect antwoord-te-laat)."""
        on_time = add_werkdagen(verzoek.dagtekening, self.rng.randint(1, 3))
        late_day = add_werkdagen(verzoek.dagtekening, self.drng.randint(8, 14))
        if self.late_ok(late_day) and self.roll("antwoord-te-laat"):
            return late_day, True
        return on_time, False

    # --- clients and verzoeken -----------------------------------------------------------------------

    def actual_codes(self, st: ClientState, day: dt.date) -> frozenset[str]:
        """What a new product of the client must not be (OP259/TR302): see :func:`product_keys`."""
        taken: set[str] = set()
        for tw in st.tws:
            if tw.actual_on(day):
                taken |= product_keys(tw.product)
        return frozenset(taken)

    def new_spec(self, st: ClientState, day: dt.date, exclude: frozenset[str] = frozenset()) -> ProductSpec:
        taken = self.actual_codes(st, day) | exclude
        regional = self.regional and self.rng.random() < 0.3
        return make_spec(self.rng, day, regional=regional, exclude=taken)

    def einddatum(self, spec: ProductSpec, ingang: dt.date) -> dt.date | None:
        """An Einddatum for a toewijzing (required with frequentie per week, totaal, or a budget)."""
        required = spec.budget is not None or spec.frequentie in ("2", "6")
        if not required and self.rng.random() < 0.2:
            return None
        end = ingang + days(spec.duration_days)
        # never end in the last two weeks of the period: its stop would fall outside the traffic
        if self.ctx.end - days(14) < end <= self.ctx.end:
            end = self.ctx.end + days(self.rng.randint(1, 40))
        return end

    def begin_client(self, day: dt.date, st: ClientState) -> None:
        n_products = 2 if self.rng.random() < 0.12 else 1
        spec = self.new_spec(st, day)
        specs = [spec]
        if n_products == 2:
            specs.append(self.new_spec(st, day, product_keys(spec)))
        p_vot = 0.5 if spec.categorie in ("47", "48") else 0.3
        if n_products == 1 and st.busy_until < day and self.rng.random() < p_vot:
            self.verzoek_om_toewijzing(day, st, spec)
        else:
            self.toewijzen(day, st, specs)
        if self.rng.random() < 0.12:
            later = day + days(self.rng.randint(150, 320))
            if later <= self.ctx.end - days(75):
                self.at(next_werkdag(later), lambda d: self.begin_client(d, st))

    def verwijzer(self, categorie: str) -> tuple[str, str | None, str | None]:
        if categorie in ("47", "48"):
            return "04", "Gecertificeerde Instelling", None
        kind = self.rng.choices(("02", "03", "05", "08", "06"), weights=(50, 15, 25, 5, 5))[0]
        if kind == "02":
            return kind, None, f"01{self.rng.randint(0, 999999):06d}"
        if kind in ("03", "05"):
            return kind, "Dr. " + self.rng.choice(("Visser", "Bakker", "de Wit", "Kaya", "Smit")), None
        if kind == "08":
            return kind, "Rechtbank", None
        return kind, None, None

    def referentie(self) -> str:
        self.counters["referentie"] += 1
        return f"VZ{self.g.index + 1:03d}-{self.counters['referentie']:07d}"

    def verzoek_om_toewijzing(self, day: dt.date, st: ClientState, spec: ProductSpec) -> None:
        client = st.client
        ref = self.referentie()
        ingang = day if spec.categorie == "46" else day + days(self.rng.randint(3, 14))
        eind = self.einddatum(spec, ingang)
        vtype, vnaam, vagb = self.verwijzer(spec.categorie)
        regel = AangevraagdRegel(ref, spec, ingang, eind, vtype, vnaam, vagb)
        h = self.header("JW315", day)

        def corrupt(kind: str, ch: Header) -> bytes:
            if kind == "bsn-elfproef":
                return render.jw315(ch, client, [regel], bsn=invalid_bsn(client.bsn))
            return render.jw315(ch, client, [regel], geboortedatum=XSD_BAD_DATE)

        self.send(
            h,
            render.jw315(h, client, [regel]),
            nummer=None,
            bsn=client.bsn,
            corrupt_kinds=("bsn-elfproef", "xsd-ongeldig"),
            make_corrupt=corrupt,
        )
        first, late = self.answer_day(h)
        late_rec: list[GroundTruthRecord] = []

        def late_record(answer: Header) -> list[GroundTruthRecord]:
            if not late or late_rec:
                return []
            late_rec.append(
                self.record("antwoord-te-laat", key_of(h), h, None, client.bsn, related=key_of(answer))
            )
            return late_rec

        outcome = self.rng.choices(
            ("direct", "onderzoek-toewijzen", "afgewezen", "onderzoek-afgewezen", "woonplaats"),
            weights=(72, 10, 9, 4, 5),
        )[0]
        final = first
        if outcome == "direct":
            self.at(
                first,
                lambda d: self.toewijzen(
                    d, st, [spec], refs=[ref], ingang=ingang, eind=eind, answer_records=late_record
                ),
            )
        else:
            self.at(
                first,
                lambda d: self.antwoord(
                    d,
                    ref,
                    "2" if outcome != "afgewezen" else "1",
                    self.rng.choice(("2", "3", "4", "6", "7")) if outcome == "afgewezen" else None,
                    None,
                    late_record,
                ),
            )
            if outcome != "afgewezen":
                final = add_werkdagen(first, self.rng.randint(3, 12))
                if outcome == "onderzoek-toewijzen":
                    self.at(
                        final, lambda d: self.toewijzen(d, st, [spec], refs=[ref], ingang=ingang, eind=eind)
                    )
                elif outcome == "onderzoek-afgewezen":
                    self.at(
                        final,
                        lambda d: self.antwoord(d, ref, "1", self.rng.choice(("2", "4", "7")), None, None),
                    )
                else:
                    other = self.rng.choice([c for c, _ in cbs_gemeenten() if c != self.g.code])
                    self.at(final, lambda d: self.antwoord(d, ref, "1", "8", other, None))
        st.busy_until = final

    def antwoord(
        self,
        day: dt.date,
        ref: str,
        antwoord: str,
        reden: str | None,
        woonplaats: str | None,
        late_record: Callable[[Header], list[GroundTruthRecord]] | None,
    ) -> None:
        h = self.header("JW319", day)
        recs = late_record(h) if late_record is not None else []
        self.send(h, render.jw319(h, ref, antwoord, reden, woonplaats), nummer=None, bsn=None, defects=recs)

    # --- toewijzingen ----------------------------------------------------------------------------------

    def tijd(self) -> str:
        rng = self.rng
        return f"{rng.randint(8, 16):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"

    def toewijzingnummer(self) -> int:
        self.counters["toewijzing"] += 1
        return (self.a.index + 1) * 1_000_000 + self.counters["toewijzing"]

    def new_toewijzing(
        self,
        day: dt.date,
        st: ClientState,
        spec: ProductSpec,
        ingang: dt.date,
        eind: dt.date | None,
        ref: str | None,
    ) -> Toewijzing:
        tw = Toewijzing(
            nummer=self.toewijzingnummer(),
            product=spec,
            client=st.client,
            ingangsdatum=ingang,
            einddatum=eind,
            final_einddatum=eind,
            toewijzingsdatum=day,
            toewijzingstijd=self.tijd(),
            referentie=ref,
            usage=self.rng.uniform(0.35, 0.6),
        )
        st.tws.append(tw)
        return tw

    def toewijzen(
        self,
        day: dt.date,
        st: ClientState,
        specs: Sequence[ProductSpec],
        *,
        refs: Sequence[str] | None = None,
        ingang: dt.date | None = None,
        eind: dt.date | None = None,
        answer_records: Callable[[Header], list[GroundTruthRecord]] | None = None,
    ) -> None:
        new: list[Toewijzing] = []
        for i, spec in enumerate(specs):
            if ingang is not None:
                ing, end = ingang, eind
                if end is not None and end < day:  # a late answer on a short verzoek: it runs from today
                    end = self.einddatum(spec, day)
            else:
                ing = (
                    day - days(self.rng.randint(0, 4))
                    if spec.categorie == "46"
                    else day + days(self.rng.randint(0, 14))
                )
                end = self.einddatum(spec, ing)
            new.append(self.new_toewijzing(day, st, spec, ing, end, refs[i] if refs else None))
        for tw in new:
            if refs is None and self.rng.random() < 0.03:
                self.at(
                    add_werkdagen(day, self.rng.randint(1, 3)),
                    partial(self.verwijder_on, st, tw),
                )
            else:
                self.plan(day, st, tw)
        # every new toewijzing is sent, also one that already ended (a late answer on a short crisis)
        self.send_jw301(day, st, extra=new, answer_records=answer_records)

    def verwijder_on(self, st: ClientState, tw: Toewijzing, day: dt.date) -> None:
        self.verwijder_toewijzing(day, st, tw)

    def verwijder_toewijzing(self, day: dt.date, st: ClientState, tw: Toewijzing) -> None:
        """Correct a wrongly assigned product: RedenWijziging 13 and a new toewijzing in the same JW301."""
        tw.einddatum = tw.final_einddatum = tw.ingangsdatum
        tw.reden = "13"
        tw.deleted = True
        tw.toewijzingsdatum = day
        spec = make_spec(
            self.rng,
            day,
            exclude=self.actual_codes(st, day) | product_keys(tw.product),
            categorie=tw.product.categorie,
        )
        ingang = max(tw.ingangsdatum, day)
        eind = self.einddatum(spec, ingang)
        new = self.new_toewijzing(day, st, spec, ingang, eind, None)
        self.plan(day, st, new)
        self.send_jw301(day, st, extra=[tw])

    def send_jw301(
        self,
        day: dt.date,
        st: ClientState,
        extra: Sequence[Toewijzing] = (),
        answer_records: Callable[[Header], list[GroundTruthRecord]] | None = None,
    ) -> None:
        tws = sorted((tw for tw in st.tws if tw.actual_on(day) or tw in extra), key=lambda t: t.nummer)
        if not tws:
            return
        regels = [ToegewezenRegel.of(tw) for tw in tws]
        client = st.client
        h = self.header("JW301", day)
        records: list[GroundTruthRecord] = []
        if answer_records is not None:
            records.extend(answer_records(h))
        for tw in tws:
            if tw.first_sent is None:
                tw.first_sent = day
                if tw.no_start:
                    records.append(
                        self.record("toewijzing-zonder-start", key_of(h), h, tw.nummer, client.bsn)
                    )
        data = render.jw301(h, client, regels)
        if self.jw301_ids and self.roll("dubbele-identificatie"):
            dup = replace(h, identificatie=self.drng.choice(self.jw301_ids))
            rec = self.record("dubbele-identificatie", key_of(dup), dup, tws[0].nummer, client.bsn)
            self.emit("JW301", key_of(dup), day, render.jw301(dup, client, regels), defects=(rec,))
            self.schedule_retour(
                dup, nummer=tws[0].nummer, bsn=client.bsn, header_codes=("9056",), may_be_late=False
            )

        def corrupt(kind: str, ch: Header) -> bytes:
            if kind == "xsd-ongeldig":
                return render.jw301(ch, client, regels, geboortedatum=XSD_BAD_DATE)
            bad = [
                replace(r, einddatum=r.ingangsdatum - days(self.drng.randint(1, 30)), reden=None)
                for r in regels[:1]
            ]
            return render.jw301(ch, client, bad + list(regels[1:]))

        self.send(
            h,
            data,
            nummer=tws[0].nummer,
            bsn=client.bsn,
            corrupt_kinds=("datumvolgorde", "xsd-ongeldig"),
            make_corrupt=corrupt,
            defects=records,
        )
        self.jw301_ids.append(h.identificatie)
        del self.jw301_ids[:-20]
        for tw in tws:
            tw.referentie = None

    def wijzig_toewijzing(
        self,
        day: dt.date,
        st: ClientState,
        tw: Toewijzing,
        einddatum: dt.date,
        reden: str,
        ref: str | None = None,
        answer_records: Callable[[Header], list[GroundTruthRecord]] | None = None,
    ) -> None:
        tw.einddatum = einddatum
        tw.reden = reden
        tw.toewijzingsdatum = day
        tw.referentie = ref
        self.send_jw301(day, st, extra=[tw], answer_records=answer_records)

    # --- the lifecycle of a toegewezen product --------------------------------------------------------

    def plan(self, t: dt.date, st: ClientState, tw: Toewijzing, allow_vow: bool = True) -> None:
        end = self.ctx.end
        rng = self.rng
        first_day = max(tw.ingangsdatum, t)
        b = first_day + days(rng.randint(0, 10))
        if tw.einddatum is not None:
            b = min(b, max(first_day, tw.einddatum - days(7)))
        s = add_werkdagen(max(b, t + DAY), rng.randint(0, 3))
        if s > end:
            return
        if s <= end - days(30) and self.roll("toewijzing-zonder-start"):
            tw.no_start = True
            return
        tw.decl_from = month_start(b)
        self.declarable.append(tw)
        E = tw.einddatum
        dur = (E - b).days if E is not None else 400
        fixed = tw.product.frequentie == "6" or tw.product.budget is not None
        scen = rng.choices(
            (
                "plan",
                "voortijdig",
                "gemeente",
                "tijdelijk-herstart",
                "tijdelijk-definitief",
                "verlenging",
                "vow-verlenging",
                "vow-nieuw",
            ),
            weights=(52, 20, 5, 5, 4, 7, 4, 3),
        )[0]
        if dur < 60 or (E is None and scen != "voortijdig") or (scen == "tijdelijk-herstart" and dur < 90):
            scen = "plan"
        if fixed and scen in ("verlenging", "vow-verlenging"):
            scen = "plan"
        if scen.startswith("vow") and (not allow_vow or st.busy_until >= s):
            scen = "plan"
        events: list[dt.date] = []  # days of later messages about this toewijzing

        def stop_at(e: dt.date, reden: str, correctable: bool = True) -> dt.date:
            day = add_werkdagen(e, rng.randint(0, 3))
            self.at(day, lambda d: self.stop(d, tw, e, reden))
            events.append(day)
            if correctable and reden in ("31", "32", "33", "34", "35") and rng.random() < 0.03:
                fix = add_werkdagen(day, rng.randint(1, 4))
                new_reden = rng.choice([r for r in ("31", "34", "35") if r != reden])
                self.at(fix, lambda d: self.correct_stop(d, tw, e, reden, new_reden))
            return day

        plain_end = False
        if scen == "plan":
            tw.delivery = [(b, E)]
            plain_end = E is not None and end - days(15) >= E
            if E is not None:
                stop_at(E, "31")
        elif scen == "voortijdig":
            e = b + days(rng.randint(20, max(21, dur - 14)))
            if end - days(14) < e <= end:
                e = end + DAY
            reden = rng.choices(
                ("32", "33", "34", "35", "38", "39", "02"), weights=(15, 10, 35, 15, 12, 10, 1)
            )[0]
            tw.delivery = [(b, e)]
            tw.final_einddatum = e
            stopday = stop_at(e, reden)
            w = add_werkdagen(stopday, rng.randint(1, 3))
            self.at(w, lambda d: self.wijzig_toewijzing(d, st, tw, e, REDEN_INTREKKING[reden]))
            events.append(w)
        elif scen == "gemeente":
            assert E is not None
            w = next_werkdag(b + days(rng.randint(20, dur - 30)))
            e = w + days(rng.randint(0, 14))
            tw.delivery = [(b, e)]
            tw.final_einddatum = e
            self.at(w, lambda d: self.wijzig_toewijzing(d, st, tw, e, rng.choice(("05", "07", "08"))))
            events.append(w)
            stop_at(e, "36", correctable=False)
        elif scen == "tijdelijk-herstart":
            assert E is not None
            e1 = b + days(rng.randint(14, dur // 2))
            b2 = e1 + days(rng.randint(7, 30))
            tw.delivery = [(b, e1), (b2, E)]
            stop_at(e1, "20")
            s2 = add_werkdagen(b2, rng.randint(0, 3))
            self.at(s2, lambda d: self.start(d, tw, b2))
            events.append(s2)
            stop_at(E, "31")
        elif scen == "tijdelijk-definitief":
            e1 = b + days(rng.randint(14, dur - 30))
            e2 = e1 if rng.random() < 0.5 else e1 + days(rng.randint(1, 20))
            tw.delivery = [(b, e1)]
            tw.final_einddatum = e2
            stop_at(e1, "20")
            d2 = add_werkdagen(max(e2, e1 + days(7)), rng.randint(0, 2))
            reden2 = rng.choice(("34", "35"))
            self.at(d2, lambda d: self.stop(d, tw, e2, reden2))
            w = add_werkdagen(d2, rng.randint(1, 3))
            self.at(w, lambda d: self.wijzig_toewijzing(d, st, tw, e2, "05"))
            events += [d2, w]
        elif scen == "verlenging":
            assert E is not None
            v = next_werkdag(E - days(rng.randint(10, 30)))
            e2 = E + days(rng.randint(90, 180))
            if end - days(14) < e2 <= end:
                e2 = end + DAY
            tw.delivery = [(b, e2)]
            tw.final_einddatum = e2
            self.at(v, lambda d: self.wijzig_toewijzing(d, st, tw, e2, "04"))
            events.append(v)
            stop_at(e2, "31")
        else:  # verzoek om wijziging
            assert E is not None
            v = next_werkdag(b + days(rng.randint(30, max(31, dur - 25))))
            if v > end - days(60) or v >= E - days(20):
                tw.delivery = [(b, E)]
                stop_at(E, "31")
            else:
                honoured = rng.random() < 0.8
                st.busy_until = v + days(30)
                events.append(v)
                if scen == "vow-verlenging":
                    e2 = E + days(rng.randint(90, 180))
                    if end - days(14) < e2 <= end:
                        e2 = end + DAY
                    final = e2 if honoured else E
                    tw.delivery = [(b, final)]
                    tw.final_einddatum = final
                    self.at(v, lambda d: self.verzoek_om_wijziging(d, st, tw, e2, None, honoured))
                    stop_at(final, "31")
                else:
                    tw.delivery = [(b, E)]
                    gewenst = v + days(rng.randint(7, 21))
                    self.at(v, lambda d: self.verzoek_om_wijziging(d, st, tw, None, gewenst, honoured))
                    stop_at(E, "31")
        next_event = min(events, default=FAR)
        correct = (
            scen in ("plan", "voortijdig", "verlenging") and next_event > s + days(20) and rng.random() < 0.03
        )
        tweede = (
            not correct and next_event > s + days(20) and s + days(20) <= end and self.roll("tweede-start")
        )
        zonder = s + days(10) <= end and self.roll("start-zonder-toewijzing")
        if plain_end and not correct and not tweede and self.roll("stop-ontbreekt"):
            tw.no_stop = True
        self.at(s, lambda d: self.start(d, tw, b))
        if correct:
            s2 = add_werkdagen(s, rng.randint(1, 4))
            s3 = add_werkdagen(s2, rng.randint(0, 1))
            b_new = min(b + days(rng.randint(1, 3)), s3)
            self.at(s2, lambda d: self.start(d, tw, b, status="3"))
            self.at(s3, lambda d: self.start(d, tw, b_new))
        if tweede:
            s2 = s + days(rng.randint(3, 12))
            b2 = b + (s2 - s)
            self.at(s2, lambda d: self.defect_start(d, tw, b2, "tweede-start"))
        if zonder:
            s2 = s + days(rng.randint(1, 10))
            self.at(s2, lambda d: self.defect_start(d, tw, b, "start-zonder-toewijzing"))

    def start(self, day: dt.date, tw: Toewijzing, b: dt.date, status: str = "1") -> None:
        client = tw.client
        if status == "1":
            tw.start_begin = b
        item = StartItem(tw, b, status)
        h = self.header("JW305", day)
        recs = []
        if tw.no_stop and status == "1":
            recs.append(self.record("stop-ontbreekt", key_of(h), h, tw.nummer, client.bsn))

        def corrupt(kind: str, ch: Header) -> bytes:
            if kind == "bsn-elfproef":
                return render.jw305(ch, client, [item], bsn=invalid_bsn(client.bsn))
            return render.jw305(ch, client, [item], geboortedatum=XSD_BAD_DATE)

        self.send(
            h,
            render.jw305(h, client, [item]),
            nummer=tw.nummer,
            bsn=client.bsn,
            corrupt_kinds=("bsn-elfproef", "xsd-ongeldig", "onleesbaar"),
            make_corrupt=corrupt,
            defects=recs,
        )

    def defect_start(self, day: dt.date, tw: Toewijzing, b: dt.date, kind: str) -> None:
        """A JW305 with a cross-message defect: TR326 (second actual start) or TR019 (unknown toewijzing)."""
        client = tw.client
        if kind == "start-zonder-toewijzing":
            self.counters["fake-toewijzing"] += 1
            nummer = (self.a.index + 1) * 1_000_000 + 900_000 + self.counters["fake-toewijzing"]
            code = "9019"
        else:
            nummer = tw.nummer
            code = "9326"
        item = StartItem(tw, b, "1", nummer=nummer)
        h = self.header("JW305", day)
        rec = self.record(kind, key_of(h), h, nummer, client.bsn)
        self.emit("JW305", key_of(h), day, render.jw305(h, client, [item]), defects=(rec,))
        self.schedule_retour(
            h,
            nummer=nummer,
            bsn=client.bsn,
            header_codes=("0200",),
            client=client,
            items=[item],
            codes=[[code]],
            may_be_late=False,
        )

    def stop(self, day: dt.date, tw: Toewijzing, e: dt.date, reden: str) -> None:
        if tw.no_stop and reden != "20":
            return
        begin = tw.start_begin
        if begin is None:
            return
        client = tw.client
        item = StopItem(tw, begin, e, reden)
        h = self.header("JW307", day)

        def corrupt(kind: str, ch: Header) -> bytes:
            return render.jw307(ch, client, [item], geboortedatum=XSD_BAD_DATE)

        self.send(
            h,
            render.jw307(h, client, [item]),
            nummer=tw.nummer,
            bsn=client.bsn,
            corrupt_kinds=("xsd-ongeldig", "onleesbaar"),
            make_corrupt=corrupt,
        )

    def correct_stop(self, day: dt.date, tw: Toewijzing, e: dt.date, old: str, new: str) -> None:
        """Casus 4: delete the stop (StatusAanlevering 3) and send the corrected one in the same JW307."""
        if tw.no_stop or tw.start_begin is None:
            return
        items = [StopItem(tw, tw.start_begin, e, old, "3"), StopItem(tw, tw.start_begin, e, new, "1")]
        h = self.header("JW307", day)
        self.send(h, render.jw307(h, tw.client, items), nummer=tw.nummer, bsn=tw.client.bsn)

    def verzoek_om_wijziging(
        self,
        day: dt.date,
        st: ClientState,
        tw: Toewijzing,
        new_end: dt.date | None,
        gewenst: dt.date | None,
        honoured: bool,
    ) -> None:
        """A JW317 asking a verlenging of ``tw`` (``new_end``) or a new product from ``gewenst``."""
        actual = sorted((t for t in st.tws if t.actual_on(day)), key=lambda t: t.nummer)
        ref = self.referentie()
        h = self.header("JW317", day)
        nieuw: list[NieuwRegel] = []
        if new_end is not None:
            te_wijzigen = [TeWijzigenRegel(tw, tw.ingangsdatum, new_end)]
            ongewijzigd = [t.nummer for t in actual if t is not tw]
        else:
            assert gewenst is not None
            spec = make_spec(
                self.rng,
                day,
                exclude=self.actual_codes(st, day),
                categorie=self.rng.choice(("45", "51", "41")),
            )
            if spec.frequentie == "2" or spec.frequentie == "6" or spec.budget is not None:
                eind: dt.date | None = gewenst + days(spec.duration_days)
            else:
                eind = gewenst + days(spec.duration_days) if self.rng.random() < 0.7 else None
            if eind is not None and self.ctx.end - days(14) < eind <= self.ctx.end:
                eind = self.ctx.end + DAY
            nieuw = [NieuwRegel(spec, gewenst, eind)]
            te_wijzigen = []
            ongewijzigd = [t.nummer for t in actual]
        reden = self.rng.choice(("1", "2"))
        self.send(
            h,
            render.jw317(h, st.client.bsn, ref, reden, ongewijzigd, te_wijzigen, nieuw),
            nummer=tw.nummer,
            bsn=st.client.bsn,
        )
        first, late = self.answer_day(h)
        st.busy_until = first

        def late_record(answer: Header) -> list[GroundTruthRecord]:
            if not late:
                return []
            return [
                self.record(
                    "antwoord-te-laat", key_of(h), h, tw.nummer, st.client.bsn, related=key_of(answer)
                )
            ]

        if not honoured:
            self.at(
                first,
                lambda d: self.antwoord(d, ref, "1", self.rng.choice(("2", "4", "7")), None, late_record),
            )
        elif new_end is not None:
            self.at(first, lambda d: self.wijzig_toewijzing(d, st, tw, new_end, "12", ref, late_record))
        else:
            regel = nieuw[0]

            def honour(d: dt.date) -> None:
                new = self.new_toewijzing(
                    d, st, regel.spec, regel.gewenste_ingangsdatum, regel.einddatum, ref
                )
                new.reden = None
                self.plan(d, st, new, allow_vow=False)
                self.send_jw301(d, st, extra=[new], answer_records=late_record)

            self.at(first, honour)

    # --- declaraties -----------------------------------------------------------------------------------

    def allowance(self, tw: Toewijzing, begin: dt.date, end: dt.date) -> float:
        """The volume (or budget) the toewijzing allows in ``begin`` … ``end``."""
        spec = tw.product
        n = (end - begin).days + 1
        if spec.budget is not None or spec.frequentie == "6":
            total = spec.budget if spec.budget is not None else spec.volume
            assert total is not None and tw.final_einddatum is not None
            span = (tw.final_einddatum - tw.ingangsdatum).days + 1
            return total * n / max(span, 1)
        assert spec.volume is not None
        if spec.frequentie == "1":
            return spec.volume * n
        if spec.frequentie == "2":
            return spec.volume * n / 7
        return spec.volume * n / ((month_end(begin) - month_start(begin)).days + 1)

    def cap_base(self, tw: Toewijzing) -> float:
        """A volume that, added once to the normal declarations, keeps a toewijzing within its Omvang:
        the whole budget or total, else four weeks' worth."""
        spec = tw.product
        if spec.budget is not None:
            return spec.budget
        if spec.frequentie == "6":
            assert spec.volume is not None
            return spec.volume
        end = tw.final_einddatum or self.ctx.end
        return self.allowance(tw, tw.ingangsdatum, min(end, tw.ingangsdatum + days(27)))

    def prestatie(
        self,
        tw: Toewijzing,
        begin: dt.date,
        end: dt.date,
        volume: int,
        *,
        credit: bool = False,
        vorig: str | None = None,
        bsn: str | None = None,
        ref: str | None = None,
    ) -> Prestatie:
        spec = tw.product
        euro = spec.declare_eenheid == "83"
        if ref is None:
            self.counters["prestatie"] += 1
            ref = f"{self.g.index + 1:03d}{self.counters['prestatie']:09d}"
        tarief = None if euro else spec.tarief
        bedrag = volume if tarief is None else volume * tarief
        return Prestatie(
            ref,
            vorig,
            tw,
            bsn or tw.client.bsn,
            begin,
            end,
            volume,
            spec.declare_eenheid,
            tarief,
            bedrag,
            credit,
            spec.categorie,
            spec.declare_code,
        )

    def delivered_days(self, tw: Toewijzing, begin: dt.date, end: dt.date) -> int:
        total = 0
        for b, e in tw.delivery:
            lo, hi = max(b, begin), min(e or FAR, end)
            if lo <= hi:
                total += (hi - lo).days + 1
        return total

    def declare_month(self, month: dt.date, day: dt.date) -> None:
        self.declare(day, month)

    def declare(self, day: dt.date, month: dt.date) -> None:
        """The JW323 of ``month`` (sent on ``day``) and its JW325."""
        prestaties: list[Prestatie] = []
        records: list[GroundTruthRecord] = []
        pending: list[
            tuple[str, Prestatie]
        ] = []  # (defect kind, prestatie) → records after the header exists
        normal: list[Prestatie] = []
        still: list[Toewijzing] = []
        for tw in self.declarable:
            self.declare_toewijzing(day, month, tw, normal, pending)
            if not self.finished(tw, month):
                still.append(tw)
        self.declarable = still
        if not normal:
            return
        prestaties.extend(normal)
        # earlier approved debets: a second debet (defect) or a credit
        for p in self.prev_debets:
            if p.status != "approved" or p.credited or not p.creditable or p.toewijzing.declaring_closed:
                continue
            tw = p.toewijzing
            vol = min(p.volume, int(self.cap_base(tw) * 0.25))
            if vol >= 1 and self.roll("tweede-debet"):
                dup = self.prestatie(tw, p.begin, p.end, vol)
                dup.reject_code = "9389"  # rejected: its volume does not count toward the Omvang
                p.creditable = False
                prestaties.append(dup)
                pending.append(("tweede-debet", dup))
                continue
            if self.rng.random() < 0.015:
                credit = self.prestatie(
                    p.toewijzing, p.begin, p.end, p.volume, credit=True, vorig=p.referentie
                )
                p.credited = True
                p.toewijzing.declared_volume -= p.volume
                p.toewijzing.redebet.append(p)
                prestaties.append(credit)
        h = self.header("JW323", day)
        key = key_of(h)
        for kind, p in pending:
            records.append(
                self.record(
                    kind,
                    key,
                    h,
                    p.toewijzing.nummer,
                    p.toewijzing.client.bsn,
                    detail=f"ReferentieNummer {p.referentie}",
                )
            )
        self.counters["declaratie"] += 1
        nummer = f"D{self.g.index + 1:03d}{self.counters['declaratie']:07d}"
        periode = (month, month_end(month))
        self.emit("JW323", key, day, render.jw323(h, nummer, periode, prestaties), defects=records)
        self.used_refs.extend(p for p in normal if not p.credit)
        del self.used_refs[:-200]
        self.prev_debets = [p for p in prestaties if not p.credit and p.reject_code is None]
        on_time = add_werkdagen(day, self.rng.randint(1, 7))
        late_day = add_werkdagen(day, self.drng.randint(14, 20))
        late = self.late_ok(late_day) and self.roll("declaratie-antwoord-te-laat")
        answer = tuple(prestaties)

        def fire(d: dt.date) -> None:
            for p in answer:
                p.status = "rejected" if p.reject_code is not None else "approved"
            ah = self.header("JW325", d)
            recs = (
                [self.record("declaratie-antwoord-te-laat", key, h, None, None, related=key_of(ah))]
                if late
                else []
            )
            self.emit("JW325", key_of(ah), d, render.jw325(ah, h, nummer, answer), defects=recs)

        self.at(late_day if late else on_time, fire)

    def declare_toewijzing(
        self,
        day: dt.date,
        month: dt.date,
        tw: Toewijzing,
        out: list[Prestatie],
        pending: list[tuple[str, Prestatie]],
    ) -> None:
        if tw.first_sent is None or tw.first_sent >= day or tw.deleted:
            return
        for p in tw.redebet:
            vol = max(1, p.volume - self.rng.randint(0, p.volume // 4))
            redebet = self.prestatie(tw, p.begin, p.end, vol)
            tw.declared_volume += vol
            tw.debets.append(redebet)
            out.append(redebet)
        tw.redebet.clear()
        self.after_end(day, month, tw, out, pending)
        m = tw.decl_from
        while m is not None and m <= month and not tw.declaring_closed:
            final_end = tw.final_einddatum or FAR
            known_end = tw.einddatum or FAR
            begin = max(m, tw.ingangsdatum)
            if begin > final_end:
                tw.decl_from = None
                break
            end_final = min(month_end(m), final_end)
            if min(month_end(m), known_end) != end_final:
                break  # the JW301 with the new Einddatum is not there yet: declare later
            delivered = self.delivered_days(tw, begin, end_final)
            n_days = (end_final - begin).days + 1
            volume = int(self.allowance(tw, begin, end_final) * tw.usage * delivered / n_days)
            if volume >= 1:
                out.append(self.debet(tw, begin, end_final, volume, pending))
            m = next_month(m)
            tw.decl_from = m if m <= final_end else None

    def debet(
        self, tw: Toewijzing, begin: dt.date, end: dt.date, volume: int, pending: list[tuple[str, Prestatie]]
    ) -> Prestatie:
        """A first submission of a debet prestatie, with the prestatie-level defects rolled."""
        spec = tw.product
        earlier = tw.debets
        if (
            spec.frequentie == "6"
            and spec.budget is None
            and earlier
            and all(p.status == "approved" and not p.credited for p in earlier)
        ):
            total = spec.volume or 0
            extra = max(1, total // 20)
            if tw.declared_volume >= extra and self.roll("volume-boven-omvang"):
                volume = total - tw.declared_volume + extra
                p = self.prestatie(tw, begin, end, volume)
                p.reject_code = "9322"
                tw.declaring_closed = True
                tw.declared_volume += volume
                pending.append(("volume-boven-omvang", p))
                return p
        p = self.prestatie(tw, begin, end, volume)
        tw.declared_volume += volume
        tw.debets.append(p)
        if self.roll("bsn-niet-van-toewijzing"):
            other = self.bsn_pool[(self.drng.randrange(len(self.bsn_pool)))]
            if other == tw.client.bsn:
                other = self.bsn_pool[(self.bsn_pool.index(other) + 1) % len(self.bsn_pool)]
            p.bsn = other
            p.reject_code = "8187"
            pending.append(("bsn-niet-van-toewijzing", p))
        elif self.used_refs and self.roll("referentienummer-hergebruikt"):
            old = self.used_refs.pop(self.drng.randrange(len(self.used_refs)))
            old.creditable = False
            p.referentie = old.referentie
            p.reject_code = "8021"
            pending.append(("referentienummer-hergebruikt", p))
        elif self.rng.random() < 0.02:
            p.reject_code = "0611"  # tarief not as contracted: a rejection without a traffic defect
        return p

    def after_end(
        self,
        day: dt.date,
        month: dt.date,
        tw: Toewijzing,
        out: list[Prestatie],
        pending: list[tuple[str, Prestatie]],
    ) -> None:
        """Defect declaratie-na-einde-toewijzing: a prestatie for the month after the toewijzing ended."""
        end = tw.final_einddatum
        if (
            end is None
            or tw.tr308_done
            or tw.declaring_closed
            or tw.einddatum != end
            or month != next_month(end)
            or not tw.debets
        ):
            return
        tw.tr308_done = True
        fixed = tw.product.frequentie == "6" or tw.product.budget is not None
        full = self.cap_base(tw) if fixed else self.allowance(tw, month, month_end(month))
        volume = int(min(full * tw.usage, self.cap_base(tw) * 0.25))
        if volume < 1 or not self.roll("declaratie-na-einde-toewijzing"):
            return
        p = self.prestatie(tw, month, month_end(month), volume)
        p.reject_code = "9308"  # rejected: its volume does not count toward the Omvang
        out.append(p)
        pending.append(("declaratie-na-einde-toewijzing", p))

    def finished(self, tw: Toewijzing, month: dt.date) -> bool:
        if tw.redebet:
            return False
        if tw.decl_from is not None and not tw.declaring_closed:
            return False
        end = tw.final_einddatum
        return end is None or month >= next_month(end) or tw.declaring_closed

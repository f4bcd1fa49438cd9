"""The gemeente's toewijzingen (JW301 → JW302): a new toewijzing with all actual toegewezen producten of
the client (OP087), a wijziging (new Einddatum with its RedenWijziging), and the correction of a wrongly
assigned product (RedenWijziging 13). Defects ``dubbele-identificatie`` (TR056), ``datumvolgorde`` (CS003),
``xsd-ongeldig`` and the ground truth of ``toewijzing-zonder-start``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from ijw_tools.traffic import render
from ijw_tools.traffic.flows.core import XSD_BAD_DATE, ClientState, Flow, days, key_of, product_keys
from ijw_tools.traffic.flows.verzoeken import AnswerRecords
from ijw_tools.traffic.output import GroundTruthRecord
from ijw_tools.traffic.parties import make_spec
from ijw_tools.traffic.render import Header, ToegewezenRegel
from ijw_tools.traffic.scenario import ProductSpec, Toewijzing
from ijw_tools.traffic.werkdagen import add_werkdagen

if TYPE_CHECKING:
    from ijw_tools.traffic.shard import Shard


class Toewijzingen(Flow):
    """JW301 and the state of the toewijzingen."""

    def __init__(self, shard: Shard) -> None:
        super().__init__(shard)
        self.jw301_ids: list[str] = []

    def actual_codes(self, st: ClientState, day: dt.date) -> frozenset[str]:
        """What a new product of the client must not be (OP259/TR302): see :func:`product_keys`."""
        taken: set[str] = set()
        for tw in st.tws:
            if tw.actual_on(day):
                taken |= product_keys(tw.product)
        return frozenset(taken)

    def new_spec(self, st: ClientState, day: dt.date, exclude: frozenset[str] = frozenset()) -> ProductSpec:
        core = self.core
        taken = self.actual_codes(st, day) | exclude
        regional = self.shard.regional and core.rng.random() < 0.3
        return make_spec(core.rng, day, regional=regional, exclude=taken)

    def einddatum(self, spec: ProductSpec, ingang: dt.date) -> dt.date | None:
        """An Einddatum for a toewijzing (required with frequentie per week, totaal, or a budget)."""
        rng, period_end = self.core.rng, self.core.ctx.end
        required = spec.budget is not None or spec.frequentie in ("2", "6")
        if not required and rng.random() < 0.2:
            return None
        end = ingang + days(spec.duration_days)
        # never end in the last two weeks of the period: its stop would fall outside the traffic
        if period_end - days(14) < end <= period_end:
            end = period_end + days(rng.randint(1, 40))
        return end

    def tijd(self) -> str:
        rng = self.core.rng
        return f"{rng.randint(8, 16):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"

    def toewijzingnummer(self) -> int:
        counters = self.core.counters
        counters["toewijzing"] += 1
        return (self.core.a.index + 1) * 1_000_000 + counters["toewijzing"]

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
            usage=self.core.rng.uniform(0.35, 0.6),
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
        answer_records: AnswerRecords | None = None,
    ) -> None:
        """New toewijzingen of ``specs`` (on a verzoek when ``refs``), planned and sent in one JW301."""
        core = self.core
        rng = core.rng
        new: list[Toewijzing] = []
        for i, spec in enumerate(specs):
            if ingang is not None:
                ing, end = ingang, eind
                if end is not None and end < day:  # a late answer on a short verzoek: it runs from today
                    end = self.einddatum(spec, day)
            else:
                ing = (
                    day - days(rng.randint(0, 4))
                    if spec.categorie == "46"
                    else day + days(rng.randint(0, 14))
                )
                end = self.einddatum(spec, ing)
            new.append(self.new_toewijzing(day, st, spec, ing, end, refs[i] if refs else None))
        for tw in new:
            if refs is None and rng.random() < 0.03:
                core.at(add_werkdagen(day, rng.randint(1, 3)), partial(self.verwijder_on, st, tw))
            else:
                self.shard.levering.plan(day, st, tw)
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
            self.core.rng,
            day,
            exclude=self.actual_codes(st, day) | product_keys(tw.product),
            categorie=tw.product.categorie,
        )
        ingang = max(tw.ingangsdatum, day)
        eind = self.einddatum(spec, ingang)
        new = self.new_toewijzing(day, st, spec, ingang, eind, None)
        self.shard.levering.plan(day, st, new)
        self.send_jw301(day, st, extra=[tw])

    def send_jw301(
        self,
        day: dt.date,
        st: ClientState,
        extra: Sequence[Toewijzing] = (),
        answer_records: AnswerRecords | None = None,
    ) -> None:
        """The JW301 with the client's actual toewijzingen and ``extra`` (maybe a duplicate identificatie
        before it)."""
        core = self.core
        tws = sorted((tw for tw in st.tws if tw.actual_on(day) or tw in extra), key=lambda t: t.nummer)
        if not tws:
            return
        regels = [ToegewezenRegel.of(tw) for tw in tws]
        client = st.client
        h = core.header("JW301", day)
        records: list[GroundTruthRecord] = []
        if answer_records is not None:
            records.extend(answer_records(h))
        for tw in tws:
            if tw.first_sent is None:
                tw.first_sent = day
                if tw.no_start:
                    records.append(
                        core.record("toewijzing-zonder-start", key_of(h), h, tw.nummer, client.bsn)
                    )
        data = render.jw301(h, client, regels)
        if self.jw301_ids and core.roll("dubbele-identificatie"):
            dup = replace(h, identificatie=core.drng.choice(self.jw301_ids))
            rec = core.record("dubbele-identificatie", key_of(dup), dup, tws[0].nummer, client.bsn)
            core.emit("JW301", key_of(dup), day, render.jw301(dup, client, regels), defects=(rec,))
            self.shard.retours.schedule_retour(
                dup, nummer=tws[0].nummer, bsn=client.bsn, header_codes=("9056",), may_be_late=False
            )

        def corrupt(kind: str, ch: Header) -> bytes:
            if kind == "xsd-ongeldig":
                return render.jw301(ch, client, regels, geboortedatum=XSD_BAD_DATE)
            bad = [
                replace(r, einddatum=r.ingangsdatum - days(core.drng.randint(1, 30)), reden=None)
                for r in regels[:1]
            ]
            return render.jw301(ch, client, bad + list(regels[1:]))

        self.shard.retours.send(
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
        answer_records: AnswerRecords | None = None,
    ) -> None:
        """A new Einddatum of ``tw`` with its RedenWijziging, sent in a JW301."""
        tw.einddatum = einddatum
        tw.reden = reden
        tw.toewijzingsdatum = day
        tw.referentie = ref
        self.send_jw301(day, st, extra=[tw], answer_records=answer_records)

"""The aanbieder's monthly declaratie (JW323 → JW325): per month with deliveries one JW323 with a debet
prestatie per toewijzing, credits of earlier prestaties (VorigReferentieNummer) and their corrected debet a
month later; the gemeente's JW325 rejects some prestaties. Defects ``volume-boven-omvang`` (TR322),
``bsn-niet-van-toewijzing`` (TR304), ``referentienummer-hergebruikt`` (TR314), ``tweede-debet`` (TR389),
``declaratie-na-einde-toewijzing`` (TR308) and ``declaratie-antwoord-te-laat`` (OP090x4)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ijw_tools.traffic import render
from ijw_tools.traffic.flows.core import FAR, Flow, days, key_of
from ijw_tools.traffic.output import GroundTruthRecord
from ijw_tools.traffic.scenario import Prestatie, Toewijzing
from ijw_tools.traffic.werkdagen import add_werkdagen, month_end, month_start, next_month

if TYPE_CHECKING:
    from ijw_tools.traffic.shard import Shard

#: A prestatie with an injected defect, by defect kind: its ground truth record needs the JW323 header.
Pending = list[tuple[str, Prestatie]]


class Declaraties(Flow):
    """JW323 and JW325, and the prestaties declared so far."""

    def __init__(self, shard: Shard) -> None:
        super().__init__(shard)
        self.declarable: list[Toewijzing] = []
        self.prev_debets: list[Prestatie] = []
        self.used_refs: list[Prestatie] = []

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
        if spec.frequentie == "2" and spec.eenheid in ("82", "83"):
            # IV076, outputgericht (stuks, euro's): a week belongs to the period that holds its Sunday
            sundays = sum(1 for i in range(n) if (begin + dt.timedelta(days=i)).isoweekday() == 7)
            return float(spec.volume * sundays)
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
        end = tw.final_einddatum or self.core.ctx.end
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
            counters = self.core.counters
            counters["prestatie"] += 1
            ref = f"{self.core.g.index + 1:03d}{counters['prestatie']:09d}"
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
        core = self.core
        pending: Pending = []
        normal: list[Prestatie] = []
        still: list[Toewijzing] = []
        for tw in self.declarable:
            self.declare_toewijzing(day, month, tw, normal, pending)
            if not self.finished(tw, month):
                still.append(tw)
        self.declarable = still
        if not normal:
            return
        prestaties = normal + self.on_earlier_debets(pending)
        h = core.header("JW323", day)
        key = key_of(h)
        records: list[GroundTruthRecord] = [
            core.record(
                kind,
                key,
                h,
                p.toewijzing.nummer,
                p.toewijzing.client.bsn,
                detail=f"ReferentieNummer {p.referentie}",
            )
            for kind, p in pending
        ]
        core.counters["declaratie"] += 1
        nummer = f"D{core.g.index + 1:03d}{core.counters['declaratie']:07d}"
        periode = (month, month_end(month))
        core.emit("JW323", key, day, render.jw323(h, nummer, periode, prestaties), defects=records)
        self.used_refs.extend(p for p in normal if not p.credit)
        del self.used_refs[:-200]
        self.prev_debets = [p for p in prestaties if not p.credit and p.reject_code is None]
        self.schedule_answer(h, nummer, tuple(prestaties))

    def on_earlier_debets(self, pending: Pending) -> list[Prestatie]:
        """For the approved debets of the previous declaration: a second debet (defect) or a credit."""
        out: list[Prestatie] = []
        for p in self.prev_debets:
            if p.status != "approved" or p.credited or not p.creditable or p.toewijzing.declaring_closed:
                continue
            tw = p.toewijzing
            vol = min(p.volume, int(self.cap_base(tw) * 0.25))
            if vol >= 1 and self.core.roll("tweede-debet"):
                dup = self.prestatie(tw, p.begin, p.end, vol)
                dup.reject_code = "9389"  # rejected: its volume does not count toward the Omvang
                p.creditable = False
                out.append(dup)
                pending.append(("tweede-debet", dup))
                continue
            if self.core.rng.random() < 0.015:
                credit = self.prestatie(
                    p.toewijzing, p.begin, p.end, p.volume, credit=True, vorig=p.referentie
                )
                p.credited = True
                p.toewijzing.declared_volume -= p.volume
                p.toewijzing.redebet.append(p)
                out.append(credit)
        return out

    def schedule_answer(self, h: render.Header, nummer: str, answer: tuple[Prestatie, ...]) -> None:
        """The JW325 on the JW323 ``h``, maybe late (defect ``declaratie-antwoord-te-laat``)."""
        core = self.core
        key = key_of(h)
        on_time = add_werkdagen(h.dagtekening, core.rng.randint(1, 7))
        late_day = add_werkdagen(h.dagtekening, core.drng.randint(14, 20))
        late = core.late_ok(late_day) and core.roll("declaratie-antwoord-te-laat")
        approves_all = core.g.code in core.ctx.config.approving_gemeenten  # TrafficConfig: no checks at all

        def fire(d: dt.date) -> None:
            for p in answer:
                p.status = "rejected" if p.reject_code is not None and not approves_all else "approved"
            ah = core.header("JW325", d)
            recs = (
                [core.record("declaratie-antwoord-te-laat", key, h, None, None, related=key_of(ah))]
                if late
                else []
            )
            core.emit("JW325", key_of(ah), d, render.jw325(ah, h, nummer, answer), defects=recs)

        core.at(late_day if late else on_time, fire)

    def declare_toewijzing(
        self, day: dt.date, month: dt.date, tw: Toewijzing, out: list[Prestatie], pending: Pending
    ) -> None:
        """The prestaties of ``tw`` in the declaration of ``month``: corrected debets, months delivered."""
        if tw.first_sent is None or tw.first_sent >= day or tw.deleted:
            return
        for p in tw.redebet:
            vol = max(1, p.volume - self.core.rng.randint(0, p.volume // 4))
            redebet = self.prestatie(tw, p.begin, p.end, vol)
            tw.declared_volume += vol
            tw.debets.append(redebet)
            out.append(redebet)
        tw.redebet.clear()
        self.after_end(month, tw, out, pending)
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

    def debet(self, tw: Toewijzing, begin: dt.date, end: dt.date, volume: int, pending: Pending) -> Prestatie:
        """A first submission of a debet prestatie, with the prestatie-level defects rolled."""
        core = self.core
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
            if tw.declared_volume >= extra and core.roll("volume-boven-omvang"):
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
        bsn_pool = self.shard.bsn_pool
        if core.roll("bsn-niet-van-toewijzing"):
            other = bsn_pool[(core.drng.randrange(len(bsn_pool)))]
            if other == tw.client.bsn:
                other = bsn_pool[(bsn_pool.index(other) + 1) % len(bsn_pool)]
            p.bsn = other
            p.reject_code = "8187"
            pending.append(("bsn-niet-van-toewijzing", p))
        elif self.used_refs and core.roll("referentienummer-hergebruikt"):
            old = self.used_refs.pop(core.drng.randrange(len(self.used_refs)))
            old.creditable = False
            p.referentie = old.referentie
            p.reject_code = "8021"
            pending.append(("referentienummer-hergebruikt", p))
        elif core.rng.random() < 0.02:
            p.reject_code = "0611"  # tarief not as contracted: a rejection without a traffic defect
        return p

    def after_end(self, month: dt.date, tw: Toewijzing, out: list[Prestatie], pending: Pending) -> None:
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
        if volume < 1 or not self.core.roll("declaratie-na-einde-toewijzing"):
            return
        p = self.prestatie(tw, month, month_end(month), volume)
        p.reject_code = "9308"  # rejected: its volume does not count toward the Omvang
        out.append(p)
        pending.append(("declaratie-na-einde-toewijzing", p))

    def finished(self, tw: Toewijzing, month: dt.date) -> bool:
        """Whether ``tw`` has nothing left to declare after ``month``."""
        if tw.redebet:
            return False
        if tw.decl_from is not None and not tw.declaring_closed:
            return False
        end = tw.final_einddatum
        return end is None or month >= next_month(end) or tw.declaring_closed

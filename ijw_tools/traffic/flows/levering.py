"""The delivery of a toegewezen product: its start (JW305 → JW306), possibly corrected (StatusAanlevering 3
then 1), and one course of :data:`SCENARIOS` with its stop (JW307 → JW308) and the gemeente's wijzigingen.
Defects ``toewijzing-zonder-start``, ``tweede-start`` (TR326), ``start-zonder-toewijzing`` (TR019),
``stop-ontbreekt`` (OP272), and the corrupt copies of a JW305/JW307."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ijw_tools.traffic import render
from ijw_tools.traffic.flows.core import DAY, FAR, XSD_BAD_DATE, ClientState, Flow, days, key_of
from ijw_tools.traffic.parties import invalid_bsn
from ijw_tools.traffic.render import Header
from ijw_tools.traffic.scenario import StartItem, StopItem, Toewijzing
from ijw_tools.traffic.werkdagen import add_werkdagen, month_start, next_werkdag

#: The courses a delivery can take, with their weights. ``vow-*``: the aanbieder sends a verzoek om
#: wijziging (JW317) for a verlenging or a new product.
SCENARIOS = {
    "plan": 52,  # delivered and stopped as planned
    "voortijdig": 20,  # stopped early, then the gemeente withdraws the toewijzing (intrekking)
    "gemeente": 5,  # the gemeente ends the toewijzing early, then the stop
    "tijdelijk-herstart": 5,  # a tijdelijke stop and a new start
    "tijdelijk-definitief": 4,  # a tijdelijke stop that becomes definitive
    "verlenging": 7,  # the gemeente prolongs the toewijzing
    "vow-verlenging": 4,
    "vow-nieuw": 3,
}

#: The RedenWijziging of the intrekking that follows an early stop with this RedenBeeindiging.
REDEN_INTREKKING = {"32": "05", "33": "05", "34": "05", "35": "05", "38": "09", "39": "06", "02": "02"}


@dataclass(slots=True, eq=False)
class Verloop:
    """The delivery of one toewijzing while it is planned: the first day of delivery ``begin``, the
    Einddatum known when planning (``eind``), the days from ``begin`` to ``eind`` (400 when open), the day
    the start is sent (``start_day``) and the days of the later messages about the toewijzing
    (``events``)."""

    st: ClientState
    tw: Toewijzing
    begin: dt.date
    eind: dt.date | None
    dur: int
    start_day: dt.date
    events: list[dt.date] = field(default_factory=list)
    plain_end: bool = False  # ends as planned, inside the period (a chance for ``stop-ontbreekt``)


class Levering(Flow):
    """JW305 and JW307, and the course of a delivery."""

    def plan(self, t: dt.date, st: ClientState, tw: Toewijzing, allow_vow: bool = True) -> None:
        """Plan the delivery of ``tw`` (toegewezen on ``t``): its start, its course and its stop."""
        core = self.core
        end, rng = core.ctx.end, core.rng
        first_day = max(tw.ingangsdatum, t)
        b = first_day + days(rng.randint(0, 10))
        if tw.einddatum is not None:
            b = min(b, max(first_day, tw.einddatum - days(7)))
        s = add_werkdagen(max(b, t + DAY), rng.randint(0, 3))
        if s > end:
            return
        if s <= end - days(30) and core.roll("toewijzing-zonder-start"):
            tw.no_start = True
            return
        tw.decl_from = month_start(b)
        self.shard.declaraties.declarable.append(tw)
        eind = tw.einddatum
        v = Verloop(st, tw, b, eind, (eind - b).days if eind is not None else 400, s)
        scen = self.scenario(v, s, allow_vow)
        if scen == "plan":
            self.as_planned(v)
        elif scen == "voortijdig":
            self.voortijdig(v)
        elif scen == "gemeente":
            self.by_gemeente(v)
        elif scen == "tijdelijk-herstart":
            self.tijdelijk_herstart(v)
        elif scen == "tijdelijk-definitief":
            self.tijdelijk_definitief(v)
        elif scen == "verlenging":
            self.verlenging(v)
        else:
            self.verzoek_om_wijziging(v, scen)
        self.starts(v, s, scen)

    def scenario(self, v: Verloop, s: dt.date, allow_vow: bool) -> str:
        """The course of the delivery (one of :data:`SCENARIOS`) that fits the toewijzing."""
        product = v.tw.product
        fixed = product.frequentie == "6" or product.budget is not None
        scen = self.core.rng.choices(tuple(SCENARIOS), weights=tuple(SCENARIOS.values()))[0]
        dur = v.dur
        if (
            dur < 60
            or (v.eind is None and scen != "voortijdig")
            or (scen == "tijdelijk-herstart" and dur < 90)
        ):
            scen = "plan"
        if fixed and scen in ("verlenging", "vow-verlenging"):
            scen = "plan"
        if scen.startswith("vow") and (not allow_vow or v.st.busy_until >= s):
            scen = "plan"
        return scen

    def stop_at(self, v: Verloop, e: dt.date, reden: str, correctable: bool = True) -> dt.date:
        """Schedule the stop of the delivery on ``e`` (maybe corrected later, casus 4); its day.

        The stop is sent 0 to 3 werkdagen after ``e``, and never before the werkdag after the start: a
        toewijzing received on (or just before) its Einddatum is started after it ended, and a stop planned
        before its start would never be sent. Started at most 3 werkdagen after the werkdag after its
        receipt, such a delivery is still stopped within the 5 werkdagen of OP272.
        """
        core, tw = self.core, v.tw
        rng = core.rng
        day = max(add_werkdagen(e, rng.randint(0, 3)), add_werkdagen(v.start_day, 1))
        core.at(day, lambda d: self.stop(d, tw, e, reden))
        v.events.append(day)
        if correctable and reden in ("31", "32", "33", "34", "35") and rng.random() < 0.03:
            fix = add_werkdagen(day, rng.randint(1, 4))
            new_reden = rng.choice([r for r in ("31", "34", "35") if r != reden])
            core.at(fix, lambda d: self.correct_stop(d, tw, e, reden, new_reden))
        return day

    def as_planned(self, v: Verloop) -> None:
        end, eind = self.core.ctx.end, v.eind
        v.tw.delivery = [(v.begin, eind)]
        v.plain_end = eind is not None and end - days(15) >= eind
        if eind is not None:
            self.stop_at(v, eind, "31")

    def voortijdig(self, v: Verloop) -> None:
        core, tw, st = self.core, v.tw, v.st
        end, rng = core.ctx.end, core.rng
        e = v.begin + days(rng.randint(20, max(21, v.dur - 14)))
        if end - days(14) < e <= end:
            e = end + DAY
        reden = rng.choices(("32", "33", "34", "35", "38", "39", "02"), weights=(15, 10, 35, 15, 12, 10, 1))[
            0
        ]
        tw.delivery = [(v.begin, e)]
        tw.final_einddatum = e
        stopday = self.stop_at(v, e, reden)
        w = add_werkdagen(stopday, rng.randint(1, 3))
        toewijzingen = self.shard.toewijzingen
        core.at(w, lambda d: toewijzingen.wijzig_toewijzing(d, st, tw, e, REDEN_INTREKKING[reden]))
        v.events.append(w)

    def by_gemeente(self, v: Verloop) -> None:
        core, tw, st = self.core, v.tw, v.st
        rng = core.rng
        w = next_werkdag(v.begin + days(rng.randint(20, v.dur - 30)))
        e = w + days(rng.randint(0, 14))
        tw.delivery = [(v.begin, e)]
        tw.final_einddatum = e
        toewijzingen = self.shard.toewijzingen
        core.at(w, lambda d: toewijzingen.wijzig_toewijzing(d, st, tw, e, rng.choice(("05", "07", "08"))))
        v.events.append(w)
        self.stop_at(v, e, "36", correctable=False)

    def tijdelijk_herstart(self, v: Verloop) -> None:
        core, tw, eind = self.core, v.tw, v.eind
        assert eind is not None
        rng = core.rng
        e1 = v.begin + days(rng.randint(14, v.dur // 2))
        b2 = e1 + days(rng.randint(7, 30))
        tw.delivery = [(v.begin, e1), (b2, eind)]
        self.stop_at(v, e1, "20")
        s2 = add_werkdagen(b2, rng.randint(0, 3))
        core.at(s2, lambda d: self.start(d, tw, b2))
        v.events.append(s2)
        self.stop_at(v, eind, "31")

    def tijdelijk_definitief(self, v: Verloop) -> None:
        core, tw, st = self.core, v.tw, v.st
        rng = core.rng
        e1 = v.begin + days(rng.randint(14, v.dur - 30))
        e2 = e1 if rng.random() < 0.5 else e1 + days(rng.randint(1, 20))
        tw.delivery = [(v.begin, e1)]
        tw.final_einddatum = e2
        self.stop_at(v, e1, "20")
        d2 = add_werkdagen(max(e2, e1 + days(7)), rng.randint(0, 2))
        reden2 = rng.choice(("34", "35"))
        core.at(d2, lambda d: self.stop(d, tw, e2, reden2))
        w = add_werkdagen(d2, rng.randint(1, 3))
        toewijzingen = self.shard.toewijzingen
        core.at(w, lambda d: toewijzingen.wijzig_toewijzing(d, st, tw, e2, "05"))
        v.events += [d2, w]

    def verlenging(self, v: Verloop) -> None:
        core, tw, st, eind = self.core, v.tw, v.st, v.eind
        assert eind is not None
        end, rng = core.ctx.end, core.rng
        w = next_werkdag(eind - days(rng.randint(10, 30)))
        e2 = eind + days(rng.randint(90, 180))
        if end - days(14) < e2 <= end:
            e2 = end + DAY
        tw.delivery = [(v.begin, e2)]
        tw.final_einddatum = e2
        toewijzingen = self.shard.toewijzingen
        core.at(w, lambda d: toewijzingen.wijzig_toewijzing(d, st, tw, e2, "04"))
        v.events.append(w)
        self.stop_at(v, e2, "31")

    def verzoek_om_wijziging(self, v: Verloop, scen: str) -> None:
        """Scenarios ``vow-verlenging`` and ``vow-nieuw``: a JW317 while the product is delivered."""
        core, tw, st, eind = self.core, v.tw, v.st, v.eind
        assert eind is not None
        end, rng = core.ctx.end, core.rng
        w = next_werkdag(v.begin + days(rng.randint(30, max(31, v.dur - 25))))
        if w > end - days(60) or w >= eind - days(20):
            tw.delivery = [(v.begin, eind)]
            self.stop_at(v, eind, "31")
            return
        honoured = rng.random() < 0.8
        st.busy_until = w + days(30)
        v.events.append(w)
        verzoeken = self.shard.verzoeken
        if scen == "vow-verlenging":
            e2 = eind + days(rng.randint(90, 180))
            if end - days(14) < e2 <= end:
                e2 = end + DAY
            final = e2 if honoured else eind
            tw.delivery = [(v.begin, final)]
            tw.final_einddatum = final
            core.at(w, lambda d: verzoeken.verzoek_om_wijziging(d, st, tw, e2, None, honoured))
            self.stop_at(v, final, "31")
        else:
            tw.delivery = [(v.begin, eind)]
            gewenst = w + days(rng.randint(7, 21))
            core.at(w, lambda d: verzoeken.verzoek_om_wijziging(d, st, tw, None, gewenst, honoured))
            self.stop_at(v, eind, "31")

    def starts(self, v: Verloop, s: dt.date, scen: str) -> None:
        """The start on ``s``, maybe corrected, and the start defects of the delivery."""
        core, tw, b = self.core, v.tw, v.begin
        end, rng = core.ctx.end, core.rng
        next_event = min(v.events, default=FAR)
        correct = (
            scen in ("plan", "voortijdig", "verlenging") and next_event > s + days(20) and rng.random() < 0.03
        )
        tweede = (
            not correct and next_event > s + days(20) and s + days(20) <= end and core.roll("tweede-start")
        )
        zonder = s + days(10) <= end and core.roll("start-zonder-toewijzing")
        if v.plain_end and not correct and not tweede and core.roll("stop-ontbreekt"):
            tw.no_stop = True
        core.at(s, lambda d: self.start(d, tw, b))
        if correct:
            s2 = add_werkdagen(s, rng.randint(1, 4))
            s3 = add_werkdagen(s2, rng.randint(0, 1))
            b_new = min(b + days(rng.randint(1, 3)), s3)
            core.at(s2, lambda d: self.start(d, tw, b, status="3"))
            core.at(s3, lambda d: self.start(d, tw, b_new))
        if tweede:
            s2 = s + days(rng.randint(3, 12))
            b2 = b + (s2 - s)
            core.at(s2, lambda d: self.defect_start(d, tw, b2, "tweede-start"))
        if zonder:
            s2 = s + days(rng.randint(1, 10))
            core.at(s2, lambda d: self.defect_start(d, tw, b, "start-zonder-toewijzing"))

    def start(self, day: dt.date, tw: Toewijzing, b: dt.date, status: str = "1") -> None:
        core = self.core
        client = tw.client
        if status == "1":
            tw.start_begin = b
        item = StartItem(tw, b, status)
        h = core.header("JW305", day)
        recs = []
        if tw.no_stop and status == "1":
            recs.append(core.record("stop-ontbreekt", key_of(h), h, tw.nummer, client.bsn))

        def corrupt(kind: str, ch: Header) -> bytes:
            if kind == "bsn-elfproef":
                return render.jw305(ch, client, [item], bsn=invalid_bsn(client.bsn))
            return render.jw305(ch, client, [item], geboortedatum=XSD_BAD_DATE)

        self.shard.retours.send(
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
        core = self.core
        client = tw.client
        if kind == "start-zonder-toewijzing":
            core.counters["fake-toewijzing"] += 1
            nummer = (core.a.index + 1) * 1_000_000 + 900_000 + core.counters["fake-toewijzing"]
            code = "9019"
        else:
            nummer = tw.nummer
            code = "9326"
        item = StartItem(tw, b, "1", nummer=nummer)
        h = core.header("JW305", day)
        rec = core.record(kind, key_of(h), h, nummer, client.bsn)
        core.emit("JW305", key_of(h), day, render.jw305(h, client, [item]), defects=(rec,))
        self.shard.retours.schedule_retour(
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
        h = self.core.header("JW307", day)

        def corrupt(kind: str, ch: Header) -> bytes:
            return render.jw307(ch, client, [item], geboortedatum=XSD_BAD_DATE)

        self.shard.retours.send(
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
        h = self.core.header("JW307", day)
        self.shard.retours.send(h, render.jw307(h, tw.client, items), nummer=tw.nummer, bsn=tw.client.bsn)

"""The verzoeken of the aanbieder and the gemeente's answers: a verzoek om toewijzing (JW315 → JW316)
answered by a JW301 or one or two JW319 (→ JW320), and a verzoek om wijziging (JW317 → JW318) for a
verlenging or a new product, honoured by a JW301 or refused by a JW319. The first answer may come late
(defect ``antwoord-te-laat``, OP274/OP346)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ijw_tools.traffic import render
from ijw_tools.traffic.flows.core import DAY, XSD_BAD_DATE, ClientState, Flow, days, key_of
from ijw_tools.traffic.output import GroundTruthRecord
from ijw_tools.traffic.parties import cbs_gemeenten, invalid_bsn, make_spec
from ijw_tools.traffic.render import AangevraagdRegel, Header, NieuwRegel, TeWijzigenRegel
from ijw_tools.traffic.scenario import ProductSpec, Toewijzing
from ijw_tools.traffic.werkdagen import add_werkdagen

#: A function that gives the ground truth records of a late first answer, once it has its header.
AnswerRecords = Callable[[Header], list[GroundTruthRecord]]


class Verzoeken(Flow):
    """JW315, JW317 and the JW319 answers."""

    def verwijzer(self, categorie: str) -> tuple[str, str | None, str | None]:
        rng = self.core.rng
        if categorie in ("47", "48"):
            return "04", "Gecertificeerde Instelling", None
        kind = rng.choices(("02", "03", "05", "08", "06"), weights=(50, 15, 25, 5, 5))[0]
        if kind == "02":
            return kind, None, f"01{rng.randint(0, 999999):06d}"
        if kind in ("03", "05"):
            return kind, "Dr. " + rng.choice(("Visser", "Bakker", "de Wit", "Kaya", "Smit")), None
        if kind == "08":
            return kind, "Rechtbank", None
        return kind, None, None

    def referentie(self) -> str:
        counters = self.core.counters
        counters["referentie"] += 1
        return f"VZ{self.core.g.index + 1:03d}-{counters['referentie']:07d}"

    def answer_day(self, verzoek: Header) -> tuple[dt.date, bool]:
        """The day of the first answer on a JW315/JW317 and whether it is late (defect antwoord-te-laat)."""
        core = self.core
        on_time = add_werkdagen(verzoek.dagtekening, core.rng.randint(1, 3))
        late_day = add_werkdagen(verzoek.dagtekening, core.drng.randint(8, 14))
        if core.late_ok(late_day) and core.roll("antwoord-te-laat"):
            return late_day, True
        return on_time, False

    def verzoek_om_toewijzing(self, day: dt.date, st: ClientState, spec: ProductSpec) -> None:
        core, toewijzingen = self.core, self.shard.toewijzingen
        client = st.client
        ref = self.referentie()
        ingang = day if spec.categorie == "46" else day + days(core.rng.randint(3, 14))
        eind = toewijzingen.einddatum(spec, ingang)
        vtype, vnaam, vagb = self.verwijzer(spec.categorie)
        regel = AangevraagdRegel(ref, spec, ingang, eind, vtype, vnaam, vagb)
        h = core.header("JW315", day)

        def corrupt(kind: str, ch: Header) -> bytes:
            if kind == "bsn-elfproef":
                return render.jw315(ch, client, [regel], bsn=invalid_bsn(client.bsn))
            return render.jw315(ch, client, [regel], geboortedatum=XSD_BAD_DATE)

        self.shard.retours.send(
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
                core.record("antwoord-te-laat", key_of(h), h, None, client.bsn, related=key_of(answer))
            )
            return late_rec

        outcome = core.rng.choices(
            ("direct", "onderzoek-toewijzen", "afgewezen", "onderzoek-afgewezen", "woonplaats"),
            weights=(72, 10, 9, 4, 5),
        )[0]
        # OP359: a rejection on the woonplaatsbeginsel comes within two weeks after the verzoek; a gemeente
        # whose first answer is already late (defect antwoord-te-laat) rejects for another reason instead
        woonplaats_by = day + dt.timedelta(weeks=2)
        if outcome == "woonplaats" and first > woonplaats_by - dt.timedelta(days=1):
            outcome = "onderzoek-afgewezen"
        final = first
        if outcome == "direct":
            core.at(
                first,
                lambda d: toewijzingen.toewijzen(
                    d, st, [spec], refs=[ref], ingang=ingang, eind=eind, answer_records=late_record
                ),
            )
        else:
            core.at(
                first,
                lambda d: self.antwoord(
                    d,
                    ref,
                    "2" if outcome != "afgewezen" else "1",
                    core.rng.choice(("2", "3", "4", "6", "7")) if outcome == "afgewezen" else None,
                    None,
                    late_record,
                ),
            )
            if outcome != "afgewezen":
                final = add_werkdagen(first, core.rng.randint(3, 12))
                if outcome == "onderzoek-toewijzen":
                    core.at(
                        final,
                        lambda d: toewijzingen.toewijzen(d, st, [spec], refs=[ref], ingang=ingang, eind=eind),
                    )
                elif outcome == "onderzoek-afgewezen":
                    core.at(
                        final,
                        lambda d: self.antwoord(d, ref, "1", core.rng.choice(("2", "4", "7")), None, None),
                    )
                else:
                    other = core.rng.choice([c for c, _ in cbs_gemeenten() if c != core.g.code])
                    final = min(final, woonplaats_by)
                    core.at(final, lambda d: self.antwoord(d, ref, "1", "8", other, None))
        st.busy_until = final

    def antwoord(
        self,
        day: dt.date,
        ref: str,
        antwoord: str,
        reden: str | None,
        woonplaats: str | None,
        late_record: AnswerRecords | None,
    ) -> None:
        """A JW319 Antwoord on a verzoek."""
        h = self.core.header("JW319", day)
        recs = late_record(h) if late_record is not None else []
        self.shard.retours.send(
            h, render.jw319(h, ref, antwoord, reden, woonplaats), nummer=None, bsn=None, defects=recs
        )

    def verzoek_om_wijziging(
        self,
        day: dt.date,
        st: ClientState,
        tw: Toewijzing,
        new_end: dt.date | None,
        gewenst: dt.date | None,
        honoured: bool,
    ) -> None:
        """A JW317 asking a verlenging of ``tw`` (``new_end``) or a new product from ``gewenst``.

        Not on a day the client received a JW301: a message's Dagtekening is its only date, and the linked
        state takes a JW317 before a JW301 of the same Dagtekening (docs/linking.md), so a JW317 that lists
        the toewijzingen as that JW301 left them would be judged against them as they were before it
        (TR349, TR350). It is sent the next werkdag instead."""
        core, toewijzingen = self.core, self.shard.toewijzingen
        if any(t.toewijzingsdatum == day for t in st.tws):
            later = add_werkdagen(day, 1)
            core.at(later, lambda d: self.verzoek_om_wijziging(d, st, tw, new_end, gewenst, honoured))
            return
        actual = sorted((t for t in st.tws if t.actual_on(day)), key=lambda t: t.nummer)
        ref = self.referentie()
        h = core.header("JW317", day)
        nieuw: list[NieuwRegel] = []
        if new_end is not None:
            te_wijzigen = [TeWijzigenRegel(tw, tw.ingangsdatum, new_end)]
            ongewijzigd = [t.nummer for t in actual if t is not tw]
        else:
            assert gewenst is not None
            nieuw = [self.nieuw_product(day, st, gewenst)]
            te_wijzigen = []
            ongewijzigd = [t.nummer for t in actual]
        reden = core.rng.choice(("1", "2"))
        self.shard.retours.send(
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
                core.record(
                    "antwoord-te-laat", key_of(h), h, tw.nummer, st.client.bsn, related=key_of(answer)
                )
            ]

        if not honoured:
            core.at(
                first,
                lambda d: self.antwoord(d, ref, "1", core.rng.choice(("2", "4", "7")), None, late_record),
            )
        elif new_end is not None:
            core.at(
                first, lambda d: toewijzingen.wijzig_toewijzing(d, st, tw, new_end, "12", ref, late_record)
            )
        else:
            regel = nieuw[0]

            def honour(d: dt.date) -> None:
                new = toewijzingen.new_toewijzing(
                    d, st, regel.spec, regel.gewenste_ingangsdatum, regel.einddatum, ref
                )
                new.reden = None
                self.shard.levering.plan(d, st, new, allow_vow=False)
                toewijzingen.send_jw301(d, st, extra=[new], answer_records=late_record)

            core.at(first, honour)

    def nieuw_product(self, day: dt.date, st: ClientState, gewenst: dt.date) -> NieuwRegel:
        """The new product a JW317 asks for, from ``gewenst`` on."""
        core = self.core
        spec = make_spec(
            core.rng,
            day,
            exclude=self.shard.toewijzingen.actual_codes(st, day),
            categorie=core.rng.choice(("45", "51", "41")),
        )
        if spec.frequentie == "2" or spec.frequentie == "6" or spec.budget is not None:
            eind: dt.date | None = gewenst + days(spec.duration_days)
        else:
            eind = gewenst + days(spec.duration_days) if core.rng.random() < 0.7 else None
        if eind is not None and core.ctx.end - days(14) < eind <= core.ctx.end:
            eind = core.ctx.end + DAY
        return NieuwRegel(spec, gewenst, eind)

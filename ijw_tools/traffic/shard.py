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

The flows live in :mod:`ijw_tools.traffic.flows`, one module per message flow: ``verzoeken`` (JW315,
JW317, JW319), ``toewijzingen`` (JW301), ``levering`` (JW305, JW307), ``declaraties`` (JW323, JW325) and
``retours`` (every retour, and the corrupt copies before a heenbericht), on the shared state of
:mod:`~ijw_tools.traffic.flows.core`.

Messages carrying an injected cross-message defect are treated as rejected by the receiver: they do not
change the linked state, and the trajectory continues as if they had not been sent.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator, Sequence
from functools import partial

from ijw_tools.traffic.flows.core import ClientState, Emitted, RunContext, ShardCore, days, product_keys
from ijw_tools.traffic.flows.declaraties import Declaraties
from ijw_tools.traffic.flows.levering import Levering
from ijw_tools.traffic.flows.retours import Retours
from ijw_tools.traffic.flows.toewijzingen import Toewijzingen
from ijw_tools.traffic.flows.verzoeken import Verzoeken
from ijw_tools.traffic.scenario import Aanbieder, Client, Gemeente
from ijw_tools.traffic.werkdagen import add_werkdagen, month_start, next_month, next_werkdag

__all__ = ["Emitted", "RunContext", "Shard"]


class Shard:
    """All traffic between one gemeente and one aanbieder: the clients' trajectories and the declarations."""

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
        self.core = ShardCore(ctx, gemeente, aanbieder, order)
        self.clients = clients
        self.bsn_pool = bsn_pool
        self.regional = regional
        self.states: dict[int, ClientState] = {}
        self.retours = Retours(self)
        self.verzoeken = Verzoeken(self)
        self.toewijzingen = Toewijzingen(self)
        self.levering = Levering(self)
        self.declaraties = Declaraties(self)

    def run(self) -> Iterator[Emitted]:
        """The shard's messages in Dagtekening order."""
        core = self.core
        start, end, rng = core.ctx.start, core.ctx.end, core.rng
        span = (end - start).days - 75
        for client in self.clients:
            d0 = next_werkdag(start + days(rng.randint(0, span)))
            core.at(d0, partial(self.begin_client_of, client))
        month = month_start(start)
        while month <= end:
            when = add_werkdagen(next_month(month), rng.randint(1, 8))
            core.at(when, partial(self.declaraties.declare_month, month))
            month = next_month(month)
        while core.heap:
            day, _, fn = heapq.heappop(core.heap)
            fn(day)
            if core.out:
                out, core.out = core.out, []
                yield from out

    def begin_client_of(self, client: Client, day: dt.date) -> None:
        self.begin_client(day, self.state(client))

    def state(self, client: Client) -> ClientState:
        st = self.states.get(client.index)
        if st is None:
            st = self.states[client.index] = ClientState(client)
        return st

    def begin_client(self, day: dt.date, st: ClientState) -> None:
        """A trajectory of the client: a verzoek om toewijzing or a toewijzing; maybe another one later."""
        core, toewijzingen = self.core, self.toewijzingen
        rng = core.rng
        n_products = 2 if rng.random() < 0.12 else 1
        spec = toewijzingen.new_spec(st, day)
        specs = [spec]
        if n_products == 2:
            specs.append(toewijzingen.new_spec(st, day, product_keys(spec)))
        p_vot = 0.5 if spec.categorie in ("47", "48") else 0.3
        if n_products == 1 and st.busy_until < day and rng.random() < p_vot:
            self.verzoeken.verzoek_om_toewijzing(day, st, spec)
        else:
            toewijzingen.toewijzen(day, st, specs)
        if rng.random() < 0.12:
            later = day + days(rng.randint(150, 320))
            if later <= core.ctx.end - days(75):
                core.at(next_werkdag(later), lambda d: self.begin_client(d, st))

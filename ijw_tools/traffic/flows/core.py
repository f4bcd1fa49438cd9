"""The state and the machinery every message flow of a shard shares: the event heap, the random sources,
the identificatie counters, the emitted messages and the ground truth records.

A flow (:mod:`~ijw_tools.traffic.flows.verzoeken`, :mod:`~ijw_tools.traffic.flows.toewijzingen`,
:mod:`~ijw_tools.traffic.flows.levering`, :mod:`~ijw_tools.traffic.flows.declaraties`,
:mod:`~ijw_tools.traffic.flows.retours`) is a :class:`Flow`: it holds the shard's :class:`ShardCore` and
reaches the other flows through the :class:`~ijw_tools.traffic.shard.Shard` it belongs to.

The order in which the flows draw from ``rng`` and ``drng`` is what makes a seed give the same traffic:
a change that draws in another order changes the traffic of every seed.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ijw_tools.traffic.config import DEFECT_KINDS, TrafficConfig
from ijw_tools.traffic.output import GroundTruthRecord
from ijw_tools.traffic.render import Header
from ijw_tools.traffic.scenario import Aanbieder, Client, Gemeente, ProductSpec, Toewijzing

if TYPE_CHECKING:
    from ijw_tools.traffic.shard import Shard

DAY = dt.timedelta(days=1)
FAR = dt.date(9999, 12, 31)
XSD_BAD_DATE = "2014-02-30"


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


class ShardCore:
    """The state of one gemeente × aanbieder pair that all its flows share, and the event machinery."""

    def __init__(self, ctx: RunContext, gemeente: Gemeente, aanbieder: Aanbieder, order: int) -> None:
        self.ctx = ctx
        self.g = gemeente
        self.a = aanbieder
        self.order = order
        seed = ctx.config.seed
        self.rng = random.Random(f"{seed}:shard:{gemeente.code}:{aanbieder.agb}")
        self.drng = random.Random(f"{seed}:defects:{gemeente.code}:{aanbieder.agb}")
        self.heap: list[tuple[dt.date, int, Callable[[dt.date], None]]] = []
        self.seq = 0
        self.out_seq = 0
        self.out: list[Emitted] = []
        self.counters: Counter[str] = Counter()

    def at(self, day: dt.date, fn: Callable[[dt.date], None]) -> None:
        """Run ``fn`` on ``day`` (dropped when ``day`` lies after the period)."""
        if day <= self.ctx.end:
            heapq.heappush(self.heap, (day, self.seq, fn))
            self.seq += 1

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
        """Whether this opportunity for defect ``kind`` gets the defect (counted in the run's totals)."""
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


class Flow:
    """One message flow of a shard: the shared :class:`ShardCore` and the shard to reach the other flows."""

    def __init__(self, shard: Shard) -> None:
        self.shard = shard
        self.core = shard.core

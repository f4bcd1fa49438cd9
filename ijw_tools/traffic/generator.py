"""Run the shards of a scenario and merge their messages into one stream in Dagtekening order.

Clients are spread over gemeenten and aanbieders with skewed (Zipf-like) weights; every gemeente ×
aanbieder pair with clients is a :class:`~ijw_tools.traffic.shard.Shard`. The shards run lazily side by side
(``heapq.merge``), so memory holds the running trajectories, not the traffic.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ijw_tools.traffic.config import TrafficConfig
from ijw_tools.traffic.output import GeneratedMessage, GroundTruthRecord
from ijw_tools.traffic.parties import choose_gemeenten, make_aanbieders, make_client, test_bsns
from ijw_tools.traffic.scenario import Aanbieder, Client, Gemeente
from ijw_tools.traffic.shard import Emitted, RunContext, Shard


def _weights(n: int, exponent: float) -> list[float]:
    return [1.0 / (i + 1) ** exponent for i in range(n)]


@dataclass
class Scenario:
    """The parties of a run and which clients each gemeente × aanbieder pair serves."""

    gemeenten: list[Gemeente]
    aanbieders: list[Aanbieder]
    shards: dict[tuple[int, int], list[Client]]
    bsn_pools: dict[str, tuple[str, ...]]
    regional_gemeente: str


def build_scenario(config: TrafficConfig) -> Scenario:
    """Gemeenten, aanbieders and clients of ``config`` (deterministic for its seed)."""
    config.check()
    seed = config.seed
    gemeenten = choose_gemeenten(config.gemeenten, seed)
    aanbieders = make_aanbieders(config.aanbieders, seed)
    pool = test_bsns()
    capacity = len(pool)
    if config.clients > capacity * len(gemeenten):
        raise ValueError(
            f"{config.clients} clients need at least {-(-config.clients // capacity)} gemeenten "
            f"(a test BSN is unique within a gemeente: at most {capacity} clients per gemeente)"
        )
    rng = random.Random(f"{seed}:assign")
    g_weights = _weights(len(gemeenten), 0.8)
    rng.shuffle(g_weights)
    a_weights = _weights(len(aanbieders), 0.9)
    # every aanbieder serves a few gemeenten (its contracts), a big one more
    contracts: dict[int, list[int]] = {}
    for g in gemeenten:
        k = min(len(aanbieders), max(1, rng.randint(len(aanbieders) // 3, len(aanbieders))))
        contracts[g.index] = sorted(rng.sample(range(len(aanbieders)), k))
    counts = [0] * len(gemeenten)
    shards: dict[tuple[int, int], list[Client]] = {}
    pools: dict[str, tuple[str, ...]] = {}
    for g in gemeenten:
        shuffled = list(pool)
        random.Random(f"{seed}:bsn:{g.code}").shuffle(shuffled)
        pools[g.code] = tuple(shuffled)
    for i in range(config.clients):
        gi = rng.choices(range(len(gemeenten)), weights=g_weights)[0]
        while counts[gi] >= capacity:
            gi = (gi + 1) % len(gemeenten)
        options = contracts[gi]
        ai = rng.choices(options, weights=[a_weights[a] for a in options])[0]
        g = gemeenten[gi]
        client = make_client(g, pools[g.code][counts[gi]], i, config.period_start, seed)
        counts[gi] += 1
        shards.setdefault((gi, ai), []).append(client)
    regional = config.regional_gemeente or gemeenten[0].code
    return Scenario(gemeenten, aanbieders, dict(sorted(shards.items())), pools, regional)


@dataclass
class TrafficRun:
    """An iterator over the generated messages (Dagtekening order) that collects the ground truth.

    ``ground_truth`` grows as messages are yielded: complete once the iterator is exhausted. ``stats``:
    messages per type; ``opportunities``/``injected``: per defect kind, how often it could have been
    injected and how often it was (``ground_truth`` holds the injected defects whose message lies in the
    period).
    """

    config: TrafficConfig
    scenario: Scenario
    ground_truth: list[GroundTruthRecord] = field(default_factory=list)
    stats: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.context = RunContext(self.config, tuple(g.code for g in self.scenario.gemeenten))
        self._iter = self._generate()

    @property
    def opportunities(self) -> Counter[str]:
        return self.context.opportunities

    @property
    def injected(self) -> Counter[str]:
        return self.context.injected

    def __iter__(self) -> TrafficRun:
        return self

    def __next__(self) -> GeneratedMessage:
        return next(self._iter)

    def _generate(self) -> Iterator[GeneratedMessage]:
        sc = self.scenario
        shards = [
            Shard(
                self.context,
                sc.gemeenten[gi],
                sc.aanbieders[ai],
                clients,
                order,
                sc.bsn_pools[sc.gemeenten[gi].code],
                sc.gemeenten[gi].code == sc.regional_gemeente,
            )
            for order, ((gi, ai), clients) in enumerate(sc.shards.items())
        ]
        merged: Iterator[Emitted] = heapq.merge(
            *(shard.run() for shard in shards), key=lambda e: (e.dagtekening, e.order, e.seq)
        )
        for sequence, e in enumerate(merged):
            self.stats[e.message_type] += 1
            self.ground_truth.extend(e.defects)
            yield GeneratedMessage(
                e.data,
                e.message_type,
                e.key,
                e.dagtekening,
                e.gemeente,
                e.aanbieder,
                sequence,
                e.corrupt,
                e.defects,
            )


def generate_traffic(config: TrafficConfig) -> TrafficRun:
    """Generate the traffic of ``config``: an iterator of :class:`GeneratedMessage` in Dagtekening order
    whose ``ground_truth`` list holds a record per injected defect. Deterministic for ``config.seed``."""
    return TrafficRun(config, build_scenario(config))

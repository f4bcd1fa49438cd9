"""Benchmark of full validation against bare lxml parse + XSD validation on the same messages.

The message mix is generated (seeded) from the compact model: every message type, plus large JW323
declarations with many clients and prestaties. Both sides run in the same process on the same messages,
interleaved in small chunks (50 messages, so each chunk holds one large declaration): per round, each chunk
is timed bare and fully back to back, the side that goes first alternating. For each side the best time of
every chunk over the rounds counts, and the sums are compared. A busy spell on the shared machine then
slows both sides of the chunks it hits alike, and the best of several rounds filters it out, which keeps
the comparison fair and the figure stable on a noisy machine.
"""

from __future__ import annotations

import gc
import platform
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from ijw.validation import Validator
from ijw.xsd_registry import XsdRegistry

BARE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class BenchResult:
    messages: int
    total_bytes: int
    bare_per_s: float
    full_per_s: float
    valid_share: float

    @property
    def ratio(self) -> float:
        return self.full_per_s / self.bare_per_s


def message_mix(
    count: int, seed: int = 20261123, defect_rates: Mapping[str, float] | None = None
) -> list[bytes]:
    """``count`` messages of realistic generated traffic, every message type, with large declarations.

    Most messages come from a year of traffic between five gemeenten and ten aanbieders; one in fifty is a
    monthly JW323 from a scenario of one gemeente and two large aanbieders (hundreds of clients and
    prestaties per declaration). ``defect_rates`` overrides the traffic generator's defect rates.
    """
    from ijw_tools.traffic import TrafficConfig, generate_traffic

    clients = max(50, count // 9)
    config = TrafficConfig(clients=clients, seed=seed, defect_rates=dict(defect_rates or {}))
    regular = [m.data for m in generate_traffic(config)]
    large_config = TrafficConfig(gemeenten=1, aanbieders=2, clients=1200, seed=seed + 1)
    large = [
        m.data for m in generate_traffic(large_config) if m.message_type == "JW323" and len(m.data) > 100_000
    ]
    rng = random.Random(seed)
    rng.shuffle(regular)
    mix: list[bytes] = []
    for i in range(count):
        if large and i % 50 == 49:
            mix.append(large[(i // 50) % len(large)])
        else:
            mix.append(regular[i % len(regular)])
    return mix


CHUNK = 50


def _bare_round(messages: list[bytes], registry: XsdRegistry, names: list[str]) -> float:
    started = time.perf_counter()
    for data, name in zip(messages, names, strict=True):
        root = etree.fromstring(data, BARE_PARSER)
        registry.schema(name).validate(root)
    return time.perf_counter() - started


def _full_round(messages: list[bytes], validator: Validator) -> tuple[float, int]:
    valid = 0
    started = time.perf_counter()
    for data in messages:
        valid += validator.validate_bytes(data).valid
    return time.perf_counter() - started, valid


def run(count: int = 2000, rounds: int = 7, seed: int = 20261123) -> BenchResult:
    messages = message_mix(count, seed)
    validator = Validator()
    registry = XsdRegistry()
    names = [etree.QName(etree.fromstring(m, BARE_PARSER)).namespace.split("/")[-2].upper() for m in messages]
    _full_round(messages, validator)  # warm caches: XSDs, code lists, product codes
    _bare_round(messages, registry, names)
    chunks = [slice(start, start + CHUNK) for start in range(0, len(messages), CHUNK)]
    bare = [float("inf")] * len(chunks)
    full = [float("inf")] * len(chunks)
    valid = 0
    gc.disable()
    try:
        for round_ in range(rounds):
            valid = 0
            for i, chunk in enumerate(chunks):
                if (round_ + i) % 2:
                    bare_seconds = _bare_round(messages[chunk], registry, names[chunk])
                    full_seconds, chunk_valid = _full_round(messages[chunk], validator)
                else:
                    full_seconds, chunk_valid = _full_round(messages[chunk], validator)
                    bare_seconds = _bare_round(messages[chunk], registry, names[chunk])
                bare[i] = min(bare[i], bare_seconds)
                full[i] = min(full[i], full_seconds)
                valid += chunk_valid
    finally:
        gc.enable()
    return BenchResult(
        messages=len(messages),
        total_bytes=sum(map(len, messages)),
        bare_per_s=len(messages) / sum(bare),
        full_per_s=len(messages) / sum(full),
        valid_share=valid / len(messages),
    )


def describe_machine() -> str:
    import os

    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}"

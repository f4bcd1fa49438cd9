"""Benchmark of full validation against bare lxml parse + XSD validation on the same messages.

The message mix is generated (seeded) from the compact model: every message type, plus large JW323
declarations with many clients and prestaties. Both sides run interleaved in the same process, several
rounds, and the best round of each counts, which keeps the comparison fair on a noisy machine.
"""

from __future__ import annotations

import copy
import gc
import platform
import random
import time
from dataclasses import dataclass

from lxml import etree

from ijw.schema.model import load_model
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


def large_declaration(rng: random.Random, clients: int, prestaties: int) -> bytes:
    """A JW323 with ``clients`` clients of ``prestaties`` prestaties each, built from a generated one."""
    from ijw.corpus.generator import generate_tree, serialize

    model = load_model()
    root = generate_tree(model, "JW323", rng)
    ns = etree.QName(root).namespace
    clienten = root.find(f".//{{{ns}}}Clienten")
    assert clienten is not None
    template = clienten[0]
    prestatie = template.find(f".//{{{ns}}}Prestatie")
    assert prestatie is not None
    container = prestatie.getparent()
    assert container is not None
    for extra in list(container)[1:]:
        container.remove(extra)
    for i in range(1, prestaties):
        p = copy.deepcopy(prestatie)
        ref = p.find(f".//{{{model.namespace('basisschema')}}}ReferentieNummer")
        if ref is not None:
            ref.text = f"R{i:06d}"
        container.append(p)
    for extra in list(clienten)[1:]:
        clienten.remove(extra)
    for _ in range(1, clients):
        clienten.append(copy.deepcopy(template))
    return serialize(root)


def message_mix(count: int, seed: int = 20261123, large_every: int = 50) -> list[bytes]:
    """``count`` generated messages of all 14 types; every ``large_every``-th a large JW323."""
    from ijw.corpus.generator import generate_valid

    model = load_model()
    rng = random.Random(seed)
    names = list(model.messages)
    mix = []
    for i in range(count):
        if large_every and i % large_every == large_every - 1:
            mix.append(large_declaration(rng, clients=200, prestaties=3))
        else:
            mix.append(generate_valid(model, names[i % len(names)], rng))
    return mix


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


def run(count: int = 2000, rounds: int = 5, seed: int = 20261123) -> BenchResult:
    messages = message_mix(count, seed)
    validator = Validator()
    registry = XsdRegistry()
    names = [etree.QName(etree.fromstring(m, BARE_PARSER)).namespace.split("/")[-2].upper() for m in messages]
    _full_round(messages[:50], validator)  # warm caches: XSDs, code lists, product codes
    _bare_round(messages[:50], registry, names[:50])
    bare, full, valid = [], [], 0
    gc.disable()
    try:
        for _ in range(rounds):
            bare.append(_bare_round(messages, registry, names))
            seconds, valid = _full_round(messages, validator)
            full.append(seconds)
    finally:
        gc.enable()
    return BenchResult(
        messages=len(messages),
        total_bytes=sum(map(len, messages)),
        bare_per_s=len(messages) / min(bare),
        full_per_s=len(messages) / min(full),
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

"""The corpus of the differential conformance test, and the verdicts of the official validation and of the
project on it.

The corpus (:func:`build_samples`) combines the project's generators, none of which knows how the project
implements a rule:

- ``xsd``: the XSD corpus of :mod:`ijw_tools.corpus` (valid messages of all 14 types and every kind of XSD
  mutation; most are XSD-invalid, so they test the XSD verdict);
- ``rules``: the rule mutations of :mod:`ijw_tools.corpus.rule_mutations` (rule-blind perturbations, plus one
  recipe per official rule code, written from the XSLT's conditions and the rule texts);
- ``traffic``: a run of the scenario traffic generator :mod:`ijw_tools.traffic` (realistic message flows with
  its injected defects);
- ``example``: the official example messages of the reference pack.

The official verdict (:class:`Official`) is that of the official XSD of the message type and, for a
message valid against it, the set of ``Code`` values of the ``Fout`` elements the official validation
XSLT reports (as ``xslt/README.md`` of the reference pack prescribes). The project's verdict is that of
:class:`ijw.validation.Validator` (XSD verdict and the codes of its in-message rule findings).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ijw.schema.model import load_model
from ijw.validation import RULES_SKIPPED, Validator
from ijw_tools.corpus import build_corpus
from ijw_tools.corpus.rule_mutations import rule_mutations
from ijw_tools.traffic import TrafficConfig, generate_traffic

RAPPORT = "{http://www.istandaarden.nl/validatie/1_1/rapport/schema}"
XSD_CORPUS_PER_TYPE = 10
RULE_MUTATIONS_PER_TYPE = 450
TRAFFIC_CLIENTS = 1000
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
#: A rule code passed to the XSLT's error template: ``<with-param name="pRule">TR101</with-param>``.
_RULE_PARAM = re.compile(r'<with-param name="pRule">\s*([A-Z]{2}\d{3})\s*</with-param>')


@dataclass(frozen=True)
class Sample:
    """One message of the corpus: where it comes from (``xsd``, ``rules``, ``traffic``, ``example``), its
    name within that source, its message type and its bytes."""

    source: str
    name: str
    message: str
    data: bytes


@dataclass(frozen=True)
class Verdict:
    """XSD verdict and in-message rule codes (empty when the message is not XSD-valid)."""

    xsd_valid: bool
    codes: frozenset[str]


@dataclass
class Comparison:
    """The corpus of one seed with the official and the project's verdict on every message."""

    seed: int
    samples: list[Sample]
    official: list[Verdict]
    project: list[Verdict]
    seconds: float


#: Printed in pytest's terminal summary (codes reached, agreement figures), filled by the tests.
SUMMARY: list[str] = []


def build_samples(seed: int, reference: Path) -> list[Sample]:
    """The whole corpus for ``seed`` (deterministic for a seed)."""
    return [*_xsd_corpus(seed), *_rule_corpus(seed), *_traffic(seed), *_examples(reference)]


def _xsd_corpus(seed: int) -> Iterator[Sample]:
    for item in build_corpus(seed, XSD_CORPUS_PER_TYPE):
        yield Sample("xsd", item.name, item.message, item.data)


def _rule_corpus(seed: int) -> Iterator[Sample]:
    model = load_model()
    for message in model.messages:
        rng = random.Random(f"{seed}:rules:{message}")
        for index, (kind, data) in enumerate(rule_mutations(model, message, rng, RULE_MUTATIONS_PER_TYPE)):
            yield Sample("rules", f"{message}-{index:04d}-{kind}", message, data)


def _traffic(seed: int) -> Iterator[Sample]:
    run = generate_traffic(TrafficConfig(gemeenten=3, aanbieders=5, clients=TRAFFIC_CLIENTS, seed=seed))
    for generated in run:
        yield Sample("traffic", f"{generated.sequence:05d}", generated.message_type, generated.data)


def _examples(reference: Path) -> Iterator[Sample]:
    for path in sorted((reference / "examples").glob("JW*.xml")):
        yield Sample("example", path.name, path.stem.upper(), path.read_bytes())


def xslt_path(reference: Path) -> Path:
    """The official validation XSLT of the reference pack."""
    return next((reference / "xslt").glob("*.xsl"))


def reportable_codes(xslt: Path) -> frozenset[str]:
    """Every rule code the official XSLT can report: the literal codes it passes to its error template."""
    return frozenset(_RULE_PARAM.findall(xslt.read_text(encoding="utf-8")))


class Official:
    """The official validation: the official XSDs and the official XSLT of the reference pack."""

    def __init__(self, reference: Path) -> None:
        self.schemas = {
            path.stem.upper(): etree.XMLSchema(etree.parse(str(path)))
            for path in (reference / "xsd").glob("jw*.xsd")
        }
        self.xslt = etree.XSLT(etree.parse(str(xslt_path(reference))))

    def verdict(self, sample: Sample) -> Verdict:
        try:
            doc = etree.fromstring(sample.data, _PARSER)
        except etree.XMLSyntaxError:
            return Verdict(False, frozenset())
        if not self.schemas[sample.message].validate(doc):
            return Verdict(False, frozenset())
        report = self.xslt(doc.getroottree())
        return Verdict(True, frozenset((code.text or "").strip() for code in report.iter(RAPPORT + "Code")))


class Project:
    """The project's validation pipeline, without the product code checks (control level 4)."""

    def __init__(self) -> None:
        self.validator = Validator(check_products=False)

    def verdict(self, sample: Sample) -> Verdict:
        result = self.validator.validate_bytes(sample.data, sample.name)
        if not result.xsd_valid:
            return Verdict(False, frozenset())
        return Verdict(True, frozenset(f.rule for f in result.findings if f.rule != RULES_SKIPPED))

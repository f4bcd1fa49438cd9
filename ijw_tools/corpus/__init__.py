"""Deterministic, model-driven corpus of iJw 3.2 messages: valid messages of all 14 types and systematic
mutations of them, for comparing the project's XSDs with the official ones and for load tests.

- :func:`generate_valid` builds a valid message of one type from the compact model;
- :func:`mutations` yields ``(kind, message)`` pairs covering every kind of XSD constraint;
- :func:`build_corpus` combines both into a list of :class:`CorpusItem`;
- ``python -m ijw_tools.corpus OUTDIR --seed N --per-type N`` writes a corpus to disk;
- :mod:`ijw_tools.corpus.rule_mutations` makes XSD-valid messages that break (or just keep) the in-message
  rules, for the differential conformance test against the official validation XSLT.
"""

from ijw_tools.corpus.build import VALID, CorpusItem, build_corpus, write_corpus
from ijw_tools.corpus.generator import generate_tree, generate_valid
from ijw_tools.corpus.mutations import MUTATION_KINDS, applicable_kinds, mutations
from ijw_tools.corpus.shape import CorpusError

__all__ = [
    "MUTATION_KINDS",
    "VALID",
    "CorpusError",
    "CorpusItem",
    "applicable_kinds",
    "build_corpus",
    "generate_tree",
    "generate_valid",
    "mutations",
    "write_corpus",
]

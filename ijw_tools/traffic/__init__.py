"""Scenario-driven synthetic iJw 3.2 traffic with injected defects and their ground truth.

For a configurable number of gemeenten, aanbieders and clients over a period, every client follows the
process of the standard (verzoek om toewijzing, toewijzing, start, stop, verzoek om wijziging, monthly
declaraties and their antwoorden, with the retour messages, wijzigingen, intrekkingen and corrections);
defects of known kinds (:data:`DEFECT_KINDS`) are injected at known rates, each with a ground-truth record.

>>> from ijw_tools.traffic import TrafficConfig, generate_traffic
>>> run = generate_traffic(TrafficConfig(gemeenten=1, aanbieders=1, clients=5, seed=3))
>>> first = next(run)
>>> first.message_type in ("JW301", "JW315") and first.data.startswith(b"<?xml")
True

``python -m ijw_tools.traffic OUTDIR --clients N --gemeenten N --aanbieders N --year 2025 --seed S`` writes
one file per message (names sort by Dagtekening) and ``ground-truth.jsonl``.
"""

from ijw_tools.traffic.config import DEFECT_KINDS, DefectKind, TrafficConfig, no_defects
from ijw_tools.traffic.generator import TrafficRun, build_scenario, generate_traffic
from ijw_tools.traffic.output import GeneratedMessage, GroundTruthRecord
from ijw_tools.traffic.write import write_traffic

__all__ = [
    "DEFECT_KINDS",
    "DefectKind",
    "GeneratedMessage",
    "GroundTruthRecord",
    "TrafficConfig",
    "TrafficRun",
    "build_scenario",
    "generate_traffic",
    "no_defects",
    "write_traffic",
]

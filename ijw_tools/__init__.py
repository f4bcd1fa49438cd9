"""Tooling around the product, never imported by it: the traffic generator (:mod:`ijw_tools.traffic`), the
message corpus for validation tests (:mod:`ijw_tools.corpus`), the benchmarks (:mod:`ijw_tools.bench`) and
the evaluation of the quality service against planted defects (:mod:`ijw_tools.evaluate`).
"""

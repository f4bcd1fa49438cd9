"""Beleidsinformatie Jeugd: records per verslagperiode derived from the deliveries (``derive``), in the
column layouts of the exports (``records``)."""

from services.export.bij.derive import BijExport, derive_bij
from services.export.bij.records import COLUMNS, UNEXPORTABLE_COLUMNS, Kind

__all__ = ["COLUMNS", "UNEXPORTABLE_COLUMNS", "BijExport", "Kind", "derive_bij"]

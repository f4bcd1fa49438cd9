"""The export service: Beleidsinformatie Jeugd records, Iv3 taakveld aggregates, reconciliation, indicators.

Everything is derived from the linked trajectories of the quality service's linker, read through its read
model :mod:`services.quality.readmodel` (*deliveries*: one accepted start of a toegewezen product with its
definitive stop), and from the content tables of valid messages (``ijw.db.models``):

- :mod:`services.export.bij` derives the BIJ records (jeugdhulp, jeugdbescherming, jeugdreclassering) of a
  verslagperiode from the deliveries, and lists what cannot be exported;
- :mod:`services.export.iv3` sums accepted declared amounts per gemeente, taakveld and year (or quarter);
- :mod:`services.export.reconciliation` puts both side by side per gemeente and taakveld;
- :mod:`services.export.indicators` computes the monitor indicators per gemeente, region and aanbieder;
- :mod:`services.export.privacy` pseudonymises BSNs (keyed hash) and suppresses small cells;
- :mod:`services.export.api` serves it all over HTTP; ``ijw export`` on the command line.

Decisions and formats: ``docs/exports.md``.

This module is its public surface for the other services (import-linter keeps them out of the rest).
"""

from ijw.pseudonym import PseudonymKeyError
from services.export.batch import periods as kind_periods
from services.export.batch import years_in_data
from services.export.bij.records import KIND_PERIODS, KIND_TITLES, Kind
from services.export.coverage import percent, totals
from services.export.periods import Period, PeriodError
from services.export.privacy import BsnTransform, for_recipient, identity
from services.export.service import Exporter, ExportFile, filename
from services.export.settings import ExportSettings

__all__ = [
    "KIND_PERIODS",
    "KIND_TITLES",
    "BsnTransform",
    "ExportFile",
    "ExportSettings",
    "Exporter",
    "Kind",
    "Period",
    "PeriodError",
    "PseudonymKeyError",
    "filename",
    "for_recipient",
    "identity",
    "kind_periods",
    "percent",
    "totals",
    "years_in_data",
]

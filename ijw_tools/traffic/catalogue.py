"""A gemeente catalogue for the regional product codes of a traffic run, so that the exports can map them.

The generator gives one gemeente codes outside the uniform set
(:data:`ijw_tools.traffic.parties.REGIONAL_CODES`). Without a catalogue such a code has no hulpvorm and no
taakveld: its trajectories are listed as unexportable and its amounts as unmapped, as DESIGN.md prescribes. A
gemeente that uses regional codes publishes them in a catalogue (``productcodes/README.md``); this writes one
for the run's regional gemeente, with the omschrijving, hulpvorm and taakveld of the same codes in the
shipped example catalogue, valid from the start of the run's period. Point ``IJW_PRODUCTCODES_DIR`` at the
folder to load it.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from ijw.paths import data_dir
from ijw.productcodes.loader import HEADERS, read_catalogue
from ijw.productcodes.versions import Kind
from ijw_tools.traffic.generator import TrafficRun
from ijw_tools.traffic.parties import REGIONAL_CODES

EXAMPLE = "voorbeeld-0599-rotterdam"


def write_regional_catalogue(run: TrafficRun, folder: Path) -> Path:
    """Write ``folder/gemeente-catalogi/traffic-<gemeente>/vYYYY-MM.csv`` for the run's regional codes."""
    example_dir = data_dir("productcodes") / "gemeente-catalogi" / EXAMPLE
    example = {p.code: p for f in sorted(example_dir.glob("v*.csv")) for p in read_catalogue(f, EXAMPLE)}
    gemeente = run.scenario.regional_gemeente
    start: dt.date = run.config.period_start
    path = folder / "gemeente-catalogi" / f"traffic-{gemeente}" / f"v{start:%Y-%m}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADERS[Kind.GEMEENTE_CATALOGUS])
        for categorie, code in REGIONAL_CODES:
            known = example[code]
            assert known.categorie == categorie, code
            writer.writerow(
                [gemeente, categorie, code, known.omschrijving, known.hulpvorm, known.taakveld, start, ""]
            )
    return path

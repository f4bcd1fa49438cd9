"""Every export of whole years as files in one folder: what ``ijw export run`` and ``ijw demo`` write.

Per year ``Y`` (:func:`file_names`):

- ``bij-jh-Y-H1.csv``, ``bij-jh-Y-H2.csv``: jeugdhulp (jh) records per half year;
- ``bij-jb-Y-H1.csv``, ``bij-jb-Y-H2.csv``: jeugdbescherming (jb) records per half year;
- ``bij-jr-Y-Q1.csv`` … ``bij-jr-Y-Q4.csv``: jeugdreclassering (jr) records per quarter;
- each BIJ file with its companion ``….unexportable.csv`` (the trajectories it cannot export);
- ``iv3-Y.csv``, Iv3 taakveld totals, with ``iv3-Y.unmapped.csv`` (the amounts without taakveld);
- ``reconciliation-Y.csv`` and ``indicators-Y.csv``, with small cells suppressed below ``min_cell``.

One set of names for the files, the HTTP API's downloads and the dashboard's
(:func:`services.export.service.filename`); the content is byte for byte that of ``ijw export`` and the HTTP
API for the same data. Each file is written atomically: into a hidden
temporary file in the same folder, flushed to disk, then renamed over the old one (``os.replace``), so a
reader sees the previous file or the new one, never half a file. A run is not atomic as a whole: during a run
some files may be new and others still old.

>>> file_names(2025)[:3]
['bij-jh-2025-H1.csv', 'bij-jh-2025-H1.unexportable.csv', 'bij-jh-2025-H2.csv']
>>> file_names(2025)[-4:]
['iv3-2025.csv', 'iv3-2025.unmapped.csv', 'reconciliation-2025.csv', 'indicators-2025.csv']
>>> len(file_names(2025))
25
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute

from ijw.db import models as m
from ijw.productcodes import ProductCatalog
from services.export.bij.records import KIND_PERIODS, KINDS, Kind
from services.export.coverage import percent, totals
from services.export.periods import Period, periods_in
from services.export.privacy import BsnTransform
from services.export.service import Exporter, ExportFile, companion_path, filename

BIJ_KINDS: tuple[Kind, ...] = KINDS


def periods(kind: Kind, year: int) -> list[Period]:
    """The verslagperiodes of ``kind`` in ``year``: half years (jh, jb, jbm) or quarters (jr).

    >>> [p.label for p in periods("jr", 2025)]
    ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']
    """
    return periods_in(year, KIND_PERIODS[kind])


def bij_name(kind: Kind, period: Period) -> str:
    """The file name of a BIJ export, as the HTTP API and the dashboard name it.

    >>> bij_name("jh", Period.parse("2025-H2")), bij_name("jb", Period.parse("2025-H2"))
    ('bij-jh-2025-H2.csv', 'bij-jb-2025-H2.csv')
    """
    return filename("bij", period.label, kind=kind)


def _exports(
    exporter: Exporter, year: int, bsn: BsnTransform, min_cell: int
) -> Iterable[tuple[str, ExportFile]]:
    for kind in BIJ_KINDS:
        for period in periods(kind, year):
            yield bij_name(kind, period), exporter.bij(period, kind, bsn)
    yield filename("coverage", str(year)), exporter.coverage(year)
    yield f"iv3-{year}.csv", exporter.iv3(year)
    yield filename("reconciliation", str(year)), exporter.reconciliation(year, min_cell)
    yield filename("indicators", str(year)), exporter.indicators(year, min_cell)


def file_names(year: int) -> list[str]:
    """The names of the files :func:`write_exports` writes for ``year``, in the order it writes them."""
    names: list[str] = []
    for kind in BIJ_KINDS:
        for period in periods(kind, year):
            name = bij_name(kind, period)
            names += [name, companion_path(name)]
    names += [
        filename("coverage", str(year)),
        f"iv3-{year}.csv",
        companion_path(f"iv3-{year}.csv", "unmapped"),
    ]
    return [*names, filename("reconciliation", str(year)), filename("indicators", str(year))]


def write_exports(
    engine: Engine,
    folder: Path,
    years: Iterable[int],
    *,
    bsn: BsnTransform,
    min_cell: int,
    catalog: ProductCatalog | None = None,
) -> dict[str, int]:
    """Write every export of ``years`` into ``folder`` (made when missing); return the rows per file name.

    ``bsn`` maps each BSN of the BIJ files and their companions (a pseudonymiser, or ``identity`` for an
    operator's export); ``min_cell`` is the small-cell threshold of the reconciliation and the indicators.
    The stored traffic is read once for all years.
    """
    folder.mkdir(parents=True, exist_ok=True)
    exporter = Exporter(engine, catalog)
    counts: dict[str, int] = {}
    for year in years:
        for name, export in _exports(exporter, year, bsn, min_cell):
            write_atomic(folder / name, export.csv())
            counts[name] = len(export.rows)
            if export.companion_columns:
                companion = companion_path(name, export.companion_label)
                write_atomic(folder / companion, export.companion_csv())
                counts[companion] = len(export.companion)
    return counts


def coverage_summary(folder: Path, years: Iterable[int]) -> str:
    """One line with the BIJ coverage (exported / linked trajectories) per kind and period, read from the
    ``coverage-YEAR.csv`` files that :func:`write_exports` wrote into ``folder``."""
    rows: list[tuple[str, ...]] = []
    for year in years:
        with open(folder / filename("coverage", str(year)), encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            rows.extend(tuple(r) for r in reader)
    parts = [
        f"{kind} {label} {percent(exported, linked) or '-'}% ({exported}/{linked})"
        for (kind, label), (linked, exported) in sorted(totals(rows).items())
    ]
    return "BIJ coverage (exported/linked): " + (", ".join(parts) or "nothing linked")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` by a file holding ``data``, atomically (a reader never sees a partial file).

    The temporary file ``.NAME.RANDOM.tmp`` lies in the same folder (a rename is atomic only within one file
    system) and gets the permissions of any new file (``0o666`` less the umask), then is flushed to disk
    before the rename. On any error it is removed and the old file stays.
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def years_in_data(engine: Engine) -> list[int]:
    """The years of the stored valid traffic, ascending: every year in which a delivery started (JW305
    Begindatum) or for which a prestatie was declared (JW323 ProductPeriode Begindatum).

    Those two dates decide what the exports of a year contain (the BIJ records and the Iv3 amounts). Two
    ``SELECT DISTINCT`` queries on the year, no linking; a year with neither a start nor a declaration (while
    a delivery merely runs on) is not listed, and neither is a year of a stop or toewijzing alone: ask for it
    with ``--year``.
    """
    years: set[int] = set()
    with engine.connect() as conn:
        for column, bericht_id in (
            (m.Start.begindatum, m.Start.bericht_id),
            (m.Prestatie.periode_begin, m.Prestatie.bericht_id),
        ):
            years.update(
                int(y) for y in conn.execute(_years_of(column, bericht_id)).scalars() if y is not None
            )
    return sorted(years)


def _years_of(column: InstrumentedAttribute[dt.date], bericht_id: InstrumentedAttribute[int]) -> Select[Any]:
    year = func.extract("year", column)
    return (
        select(year).join(m.Bericht, m.Bericht.id == bericht_id).where(m.Bericht.status == "valid").distinct()
    )

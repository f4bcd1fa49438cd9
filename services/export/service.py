"""The exports as files: one function per export, shared by ``ijw export`` and the HTTP API.

Each returns an :class:`ExportFile` (columns and sorted rows, plus a companion of what could not be
exported where there is one), rendered as CSV or JSON byte for byte the same for the same data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from ijw.productcodes import ProductCatalog, load_catalog
from services.export import coverage, indicators, iv3, reconciliation
from services.export.bij import COLUMNS as BIJ_COLUMNS
from services.export.bij import UNEXPORTABLE_COLUMNS, Kind, derive_bij
from services.export.bij.records import KIND_PERIODS, KINDS
from services.export.csvout import as_dicts, to_csv, to_json
from services.export.periods import Period, periods_in
from services.export.privacy import BsnTransform, identity
from services.quality import LinkedTraffic, load_traffic


@dataclass(slots=True)
class ExportFile:
    """A table (and optionally its companion table), with what it is."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    companion_columns: tuple[str, ...] = ()
    companion: list[tuple[str, ...]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    companion_label: str = "unexportable"

    def csv(self) -> bytes:
        return to_csv(self.columns, self.rows)

    def companion_csv(self) -> bytes:
        return to_csv(self.companion_columns, self.companion)

    def of_gemeenten(self, gemeenten: frozenset[str]) -> ExportFile:
        """Only the rows of ``gemeenten``: by the ``gemeente`` column, or, for tables by ``niveau`` and
        ``code`` (indicators), the gemeente-level rows (a regio or aanbieder row spans other gemeenten).
        A table with neither (the BIJ records) is returned as is: restrict its input instead.
        """
        return ExportFile(
            self.name,
            self.columns,
            _rows_of(self.columns, self.rows, gemeenten),
            self.companion_columns,
            _rows_of(self.companion_columns, self.companion, gemeenten),
            {**self.meta, "gemeenten": sorted(gemeenten)},
            self.companion_label,
        )

    def json(self) -> bytes:
        document: dict[str, Any] = {
            "export": self.name,
            **self.meta,
            "rows": as_dicts(self.columns, self.rows),
        }
        if self.companion_columns:
            document["unexportable"] = as_dicts(self.companion_columns, self.companion)
        return to_json(document)


def _rows_of(
    columns: tuple[str, ...], rows: list[tuple[str, ...]], gemeenten: frozenset[str]
) -> list[tuple[str, ...]]:
    if "gemeente" in columns:
        at = columns.index("gemeente")
        return [r for r in rows if r[at] in gemeenten]
    if "niveau" in columns and "code" in columns:
        level, code = columns.index("niveau"), columns.index("code")
        return [r for r in rows if r[level] == "gemeente" and r[code] in gemeenten]
    return rows


class Exporter:
    """Exports of one database; the linked traffic is read once per exporter (and per call to refresh).

    ``gemeenten``: only the traffic of these gemeenten (an afnemer's grant); None: every gemeente.
    """

    def __init__(
        self,
        engine: Engine,
        catalog: ProductCatalog | None = None,
        gemeenten: frozenset[str] | None = None,
    ) -> None:
        self.engine = engine
        self.catalog = catalog or load_catalog()
        self.gemeenten = gemeenten
        self._traffic: LinkedTraffic | None = None

    @property
    def traffic(self) -> LinkedTraffic:
        if self._traffic is None:
            traffic = load_traffic(self.engine)
            self._traffic = traffic if self.gemeenten is None else traffic.of_gemeenten(self.gemeenten)
        return self._traffic

    def _granted(self, file: ExportFile) -> ExportFile:
        return file if self.gemeenten is None else file.of_gemeenten(self.gemeenten)

    def bij(self, period: Period, kind: Kind = "jh", bsn: BsnTransform = identity) -> ExportFile:
        result = derive_bij(self.traffic, self.catalog, period, kind, bsn)
        return self._granted(
            ExportFile(
                f"bij-{kind}",
                BIJ_COLUMNS[kind],
                result.rows,
                UNEXPORTABLE_COLUMNS,
                result.unexportable,
                {"period": period.label, "kind": kind},
            )
        )

    def coverage(self, year: int) -> ExportFile:
        """The coverage of every BIJ file of ``year`` (jh, jb, jr; the machtigingen have no trajectories)."""
        exports = [
            derive_bij(self.traffic, self.catalog, period, kind)
            for kind in KINDS
            if kind != "jbm"
            for period in periods_in(year, KIND_PERIODS[kind])
        ]
        return self._granted(
            ExportFile("coverage", coverage.COLUMNS, coverage.coverage_rows(exports), meta={"year": year})
        )

    def iv3(self, year: int, quarters: bool = False) -> ExportFile:
        result = iv3.derive_iv3(self.engine, self.catalog, year, quarters=quarters)
        return self._granted(
            ExportFile(
                "iv3",
                result.columns,
                result.rows(),
                iv3.UNMAPPED_COLUMNS,
                result.unmapped_rows(),
                {"year": year, "quarters": quarters},
                companion_label="unmapped",
            )
        )

    def reconciliation(self, year: int, min_cell: int) -> ExportFile:
        rows = reconciliation.derive_reconciliation(self.engine, self.traffic, self.catalog, year, min_cell)
        return self._granted(
            ExportFile(
                "reconciliation", reconciliation.COLUMNS, rows, meta={"year": year, "min_cell": min_cell}
            )
        )

    def indicators(self, year: int, min_cell: int) -> ExportFile:
        rows = indicators.derive_indicators(self.engine, self.traffic, self.catalog, year, min_cell)
        meta = {"year": year, "min_cell": min_cell}
        return self._granted(ExportFile("indicators", indicators.COLUMNS, rows, meta=meta))


def filename(
    export: str, label: str, *, kind: str = "jh", quarters: bool = False, companion: bool = False
) -> str:
    """The download name of an export file (HTTP API and dashboard alike).

    >>> filename("bij", "2025-H1"), filename("bij", "2025-Q1", kind="jr", companion=True)
    ('bij-jh-2025-H1.csv', 'bij-jr-2025-Q1.unexportable.csv')
    >>> filename("iv3", "2025", quarters=True), filename("iv3", "2025", companion=True)
    ('iv3-2025-kwartalen.csv', 'iv3-2025.unmapped.csv')
    >>> filename("reconciliation", "2025"), filename("coverage", "2025")
    ('reconciliation-2025.csv', 'coverage-2025.csv')
    """
    if export == "bij":
        return f"bij-{kind}-{label}{'.unexportable' if companion else ''}.csv"
    if export == "iv3":
        return f"iv3-{label}{'-kwartalen' if quarters else ''}{'.unmapped' if companion else ''}.csv"
    return f"{export}-{label}.csv"


def companion_path(out: str, label: str = "unexportable") -> str:
    """``FILE.csv`` → ``FILE.<label>.csv`` (an :class:`ExportFile`'s companion: its ``companion_label``).

    >>> companion_path("out/bij.csv"), companion_path("bij"), companion_path("iv3-2025.csv", "unmapped")
    ('out/bij.unexportable.csv', 'bij.unexportable.csv', 'iv3-2025.unmapped.csv')
    """
    stem = out[:-4] if out.endswith(".csv") else out
    return f"{stem}.{label}.csv"

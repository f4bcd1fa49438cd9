"""The exports as files: one function per export, shared by ``ijw export`` and the HTTP API.

Each returns an :class:`ExportFile` (columns and sorted rows, plus a companion of what could not be
exported where there is one), rendered as CSV or JSON byte for byte the same for the same data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from ijw.productcodes import ProductCatalog, load_catalog
from services.export import indicators, iv3, reconciliation
from services.export.bij import COLUMNS as BIJ_COLUMNS
from services.export.bij import UNEXPORTABLE_COLUMNS, Kind, derive_bij
from services.export.csvout import as_dicts, to_csv, to_json
from services.export.deliveries import LinkedTraffic, load_traffic
from services.export.periods import Period
from services.export.privacy import BsnTransform, identity


@dataclass(slots=True)
class ExportFile:
    """A table (and optionally its companion table), with what it is."""

    name: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    companion_columns: tuple[str, ...] = ()
    companion: list[tuple[str, ...]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def csv(self) -> bytes:
        return to_csv(self.columns, self.rows)

    def companion_csv(self) -> bytes:
        return to_csv(self.companion_columns, self.companion)

    def json(self) -> bytes:
        document: dict[str, Any] = {
            "export": self.name,
            **self.meta,
            "rows": as_dicts(self.columns, self.rows),
        }
        if self.companion_columns:
            document["unexportable"] = as_dicts(self.companion_columns, self.companion)
        return to_json(document)


class Exporter:
    """Exports of one database; the linked traffic is read once per exporter (and per call to refresh)."""

    def __init__(self, engine: Engine, catalog: ProductCatalog | None = None) -> None:
        self.engine = engine
        self.catalog = catalog or load_catalog()
        self._traffic: LinkedTraffic | None = None

    @property
    def traffic(self) -> LinkedTraffic:
        if self._traffic is None:
            self._traffic = load_traffic(self.engine)
        return self._traffic

    def bij(self, period: Period, kind: Kind = "jh", bsn: BsnTransform = identity) -> ExportFile:
        result = derive_bij(self.traffic, self.catalog, period, kind, bsn)
        return ExportFile(
            f"bij-{kind}",
            BIJ_COLUMNS[kind],
            result.rows,
            UNEXPORTABLE_COLUMNS,
            result.unexportable,
            {"period": period.label, "kind": kind},
        )

    def iv3(self, year: int, quarters: bool = False) -> ExportFile:
        result = iv3.derive_iv3(self.engine, self.catalog, year, quarters=quarters)
        return ExportFile(
            "iv3",
            result.columns,
            result.rows(),
            iv3.UNMAPPED_COLUMNS,
            result.unmapped_rows(),
            {"year": year, "quarters": quarters},
        )

    def reconciliation(self, year: int, min_cell: int) -> ExportFile:
        rows = reconciliation.derive_reconciliation(self.engine, self.traffic, self.catalog, year, min_cell)
        return ExportFile(
            "reconciliation", reconciliation.COLUMNS, rows, meta={"year": year, "min_cell": min_cell}
        )

    def indicators(self, year: int, min_cell: int) -> ExportFile:
        rows = indicators.derive_indicators(self.engine, self.traffic, self.catalog, year, min_cell)
        return ExportFile("indicators", indicators.COLUMNS, rows, meta={"year": year, "min_cell": min_cell})


def companion_path(out: str) -> str:
    """``FILE.csv`` → ``FILE.unexportable.csv``.

    >>> companion_path("out/bij.csv"), companion_path("bij")
    ('out/bij.unexportable.csv', 'bij.unexportable.csv')
    """
    stem = out[:-4] if out.endswith(".csv") else out
    return f"{stem}.unexportable.csv"

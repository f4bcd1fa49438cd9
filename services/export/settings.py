"""Configuration of the export service (environment variables with prefix ``IJW_``).

The shared settings (``IJW_DB_URL``, ``IJW_PSEUDONYM_KEY`` …) are those of :class:`ijw.settings.Settings`;
``IJW_EXPORT_MIN_CELL``: the small-cell threshold of aggregate outputs (default 5).

>>> ExportSettings(db_url="sqlite://", pseudonym_key=None).export_min_cell
5
"""

from __future__ import annotations

from pydantic import Field

from ijw.settings import Settings


class ExportSettings(Settings):
    """Settings of the export service (CLI and HTTP); without a pseudonym key, exports that must be
    pseudonymised are refused."""

    #: Cells of aggregate outputs resting on fewer persons than this (but more than none) are suppressed.
    export_min_cell: int = Field(default=5, ge=1)

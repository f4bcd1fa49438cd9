"""Shared fixtures: the official reference pack (skipped with a reason when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ijw.paths import reference_dir


@pytest.fixture(scope="session")
def reference() -> Path:
    """The official iJw 3.2 reference pack (``../shared/ijw-3.2`` or ``IJW_REFERENCE_DIR``)."""
    ref = reference_dir()
    if ref is None:
        pytest.skip(
            "official iJw 3.2 reference pack not found: set IJW_REFERENCE_DIR or put shared/ beside the repo"
        )
    return ref

"""Where the project's data folders and the official reference pack are found.

The data folders (``xsd/``, ``productcodes/``, ``codelijsten/``) sit at the repository root in a checkout
and under ``ijw/_data/`` in an installed wheel. The official iJw 3.2 reference pack is only needed by tests
and tools that compare against it: ``../shared/ijw-3.2`` beside the checkout, or ``IJW_REFERENCE_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = _PACKAGE_DIR.parent


def data_dir(name: str) -> Path:
    """Return the project data folder ``name`` (``xsd``, ``productcodes``, ``codelijsten``)."""
    for candidate in (REPO_ROOT / name, _PACKAGE_DIR / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"project data folder {name!r} not found next to {_PACKAGE_DIR}")


def reference_dir() -> Path | None:
    """Return the official iJw 3.2 reference pack, or None when it is not present."""
    env = os.environ.get("IJW_REFERENCE_DIR")
    candidates = [Path(env)] if env else [REPO_ROOT.parent / "shared" / "ijw-3.2"]
    for candidate in candidates:
        if (candidate / "xsd" / "basisschema.xsd").is_file():
            return candidate
    return None

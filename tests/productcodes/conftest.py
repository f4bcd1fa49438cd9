"""Fixtures: small product code folders built in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ijw.paths import data_dir
from tests.productcodes.productcode_samples import CATALOGUE, HULPVORM, TAAKVELD, UNIFORM, MakeFolder


@pytest.fixture
def make_folder(tmp_path: Path) -> MakeFolder:
    """Build a product code folder; keyword arguments replace or add files (path → text; None drops)."""
    counter = [0]

    def make(**files: str | None) -> Path:
        counter[0] += 1
        root = tmp_path / f"productcodes{counter[0]}"
        root.mkdir()
        shipped = data_dir("productcodes")
        shutil.copy(shipped / "categorieen.csv", root / "categorieen.csv")
        shutil.copy(shipped / "iv3-taakvelden.csv", root / "iv3-taakvelden.csv")
        content: dict[str, str | None] = {
            "uniforme-productcodes/v2026-01.csv": UNIFORM,
            "gemeente-catalogi/0599-rotterdam/v2026-01.csv": CATALOGUE,
            "mappings/hulpvorm/v2026-01.csv": HULPVORM,
            "mappings/taakveld/v2026-01.csv": TAAKVELD,
        }
        content.update({k.replace("__", "/"): v for k, v in files.items()})
        for rel, text in content.items():
            path = root / rel
            if text is None:
                path.unlink(missing_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make

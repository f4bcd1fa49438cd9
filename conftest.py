"""Doctest collection over the packages: every module of ``ijw``, ``services``, ``ijw_app`` and
``ijw_tools`` is a doctest module (``testpaths`` in ``pyproject.toml`` names the packages, so a plain
``pytest`` runs them; ``pytest ijw/rules`` runs those of one folder).

This hook stands in for ``--doctest-modules``, which would also import every ``conftest.py`` under
``tests/`` as a module named ``conftest`` and so clash across the test folders (they are no packages).
Left out, because importing them does something else than define code: the Alembic migrations
(``env.py`` reads ``alembic.context.config``, which exists only while Alembic runs a migration) and the
``__main__`` modules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem, DoctestModule

ROOT = Path(__file__).resolve().parent
PACKAGES = frozenset({"ijw", "services", "ijw_app", "ijw_tools"})
MIGRATIONS = ROOT / "ijw" / "db" / "migrations"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> DoctestModule | None:
    if file_path.suffix != ".py" or file_path.name == "__main__.py":
        return None
    path = file_path.resolve()
    if not path.is_relative_to(ROOT) or path.relative_to(ROOT).parts[0] not in PACKAGES:
        return None
    if path.is_relative_to(MIGRATIONS):
        return None
    return DoctestModule.from_parent(parent, path=file_path)


@pytest.fixture(autouse=True)
def _doctests_on_the_shipped_product_codes(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The product code examples show the shipped data: no overlay folder, no example catalogues."""
    if isinstance(request.node, DoctestItem):
        monkeypatch.delenv("IJW_PRODUCTCODES_DIR", raising=False)
        monkeypatch.delenv("IJW_PRODUCTCODES_EXAMPLES", raising=False)

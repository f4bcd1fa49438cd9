"""Doctest collection over the packages (``--doctest-modules`` with ``testpaths`` in ``pyproject.toml``).

Left out, because importing them does something else than define code: the Alembic migrations
(``env.py`` reads ``alembic.context.config``, which exists only while Alembic runs a migration).
"""

from __future__ import annotations

import pytest
from _pytest.doctest import DoctestItem

collect_ignore_glob = ["ijw/db/migrations/*"]


@pytest.fixture(autouse=True)
def _doctests_on_the_shipped_product_codes(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The product code examples show the shipped data: no overlay folder, no example catalogues."""
    if isinstance(request.node, DoctestItem):
        monkeypatch.delenv("IJW_PRODUCTCODES_DIR", raising=False)
        monkeypatch.delenv("IJW_PRODUCTCODES_EXAMPLES", raising=False)

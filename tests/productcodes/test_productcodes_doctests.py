"""The doctests of the code list and product code modules."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "ijw.codelists",
    "ijw.codelists.csvfile",
    "ijw.codelists.lists",
    "ijw.productcodes",
    "ijw.productcodes.versions",
    "ijw.productcodes.loader",
    "ijw.productcodes.catalogue",
    "ijw.productcodes.checks",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IJW_PRODUCTCODES_DIR", raising=False)
    monkeypatch.delenv("IJW_PRODUCTCODES_EXAMPLES", raising=False)
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0

"""The doctests in the library's docstrings are tests too: run every module's examples."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import ijw

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(ijw.__path__, "ijw.")
    if ".migrations" not in info.name and info.name != "ijw.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"

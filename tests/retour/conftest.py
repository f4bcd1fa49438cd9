"""Fixtures of the retour tests: one shared validator and the official example messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from retour_support import INCOMING, example_bytes

from ijw.validation import Validator


@pytest.fixture(scope="session")
def validator() -> Validator:
    return Validator()


@pytest.fixture(scope="session")
def examples(reference: Path) -> dict[str, bytes]:
    """The official examples of the seven incoming messages, repaired where invalid as published."""
    return {name: example_bytes(reference, name) for name in INCOMING}

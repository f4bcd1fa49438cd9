"""Keyed-hash pseudonyms of clients: what the dashboard shows instead of a BSN.

A pseudonym is the HMAC-SHA256 of the BSN under the pseudonymisation key (``IJW_PSEUDONYM_KEY``), as 64 hex
digits: the same keyed hash as the exports to afnemers (:mod:`services.export.privacy`), so that a beheerder
can match a client in the dashboard to an exported record. Without the key a pseudonym can neither be turned
back into a BSN nor computed from one. Rotating the key changes every pseudonym (``docs/operations.md``).
Pages show the first :data:`SHORT` digits in lists; a search accepts any prefix of at least that length.

>>> p = Pseudonymiser(b"test-key-of-16-bytes")
>>> len(p.pseudonym("999999990")), p.pseudonym("999999990") == p.pseudonym("999999990")
(64, True)
>>> p.pseudonym("999999990") == Pseudonymiser(b"other-key-16-bytes").pseudonym("999999990")
False
>>> p.find(p.pseudonym("999999990")[:16].upper(), ["123456782", "999999990"])
'999999990'
>>> Pseudonymiser.looks_like("0123456789abcdef"), Pseudonymiser.looks_like("123456782")
(True, False)
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from collections.abc import Iterable

from ijw.pseudonym import MIN_KEY_BYTES
from ijw.pseudonym import PSEUDONYM_KEY_ENV as ENV_KEY
from ijw.pseudonym import pseudonym as keyed_hash

log = logging.getLogger(__name__)

SHORT = 16
_PATTERN = re.compile(rf"^[0-9a-f]{{{SHORT},64}}$")


class Pseudonymiser:
    """Turns BSNs into pseudonyms with one key; ``ephemeral`` when the key was made up at start."""

    __slots__ = ("_key", "ephemeral")

    def __init__(self, key: bytes, *, ephemeral: bool = False) -> None:
        if not key:
            raise ValueError("the pseudonymisation key is empty")
        self._key = key
        self.ephemeral = ephemeral

    def __repr__(self) -> str:  # never the key
        return f"Pseudonymiser(ephemeral={self.ephemeral})"

    @classmethod
    def from_environment(cls) -> Pseudonymiser:
        """The key of ``IJW_PSEUDONYM_KEY``; without one, a random key for this process (logged)."""
        value = os.environ.get(ENV_KEY, "")
        if value:
            if len(value.encode()) < MIN_KEY_BYTES:
                log.warning("%s is shorter than %d bytes: use a long random value", ENV_KEY, MIN_KEY_BYTES)
            return cls(value.encode("utf-8"))
        log.warning(
            "%s is not set: the dashboard uses a random key; pseudonyms change when the process restarts",
            ENV_KEY,
        )
        return cls(secrets.token_bytes(32), ephemeral=True)

    def pseudonym(self, bsn: str) -> str:
        """The pseudonym of ``bsn``: 64 lower-case hex digits."""
        return keyed_hash(self._key, bsn)

    def find(self, pseudonym: str, bsns: Iterable[str]) -> str | None:
        """The BSN among ``bsns`` whose pseudonym starts with ``pseudonym`` (None: none, or ambiguous)."""
        wanted = normalise(pseudonym)
        if not _PATTERN.match(wanted):
            return None
        found = [bsn for bsn in bsns if self.pseudonym(bsn).startswith(wanted)]
        return found[0] if len(found) == 1 else None

    @staticmethod
    def looks_like(text: str) -> bool:
        """Whether ``text`` has the form of a pseudonym or of a searchable prefix of one."""
        return bool(_PATTERN.match(normalise(text)))


def normalise(text: str) -> str:
    """A pseudonym as typed or pasted: trimmed, lower case."""
    return text.strip().lower()

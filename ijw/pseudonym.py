"""Client pseudonyms: the keyed hash that stands in for a BSN wherever a BSN may not go.

A pseudonym is the HMAC-SHA256 of the BSN under a secret key (``IJW_PSEUDONYM_KEY``), as 64 lower-case hex
digits. The same BSN gives the same pseudonym under the same key, so exports over several periods and the
dashboard name a client alike; without the key a BSN cannot be recovered by trying all 10^9 of them. The key
lives in configuration only, never in the database or an export; rotating it changes every pseudonym.

One :class:`Pseudonymiser` serves every reader: the exports call it on each BSN (``BsnTransform``), the
dashboard shows its pseudonyms (the first :data:`SHORT` digits in lists) and finds a client by any prefix
of at least that length.

>>> p = pseudonym(b"test-key-of-16-bytes", "999999990")
>>> len(p), p == pseudonym(b"test-key-of-16-bytes", "999999990"), p == pseudonym(b"other-key", "999999990")
(64, True, False)
>>> pseudo = Pseudonymiser(b"test-key-of-16-bytes")
>>> pseudo("999999990") == pseudo.pseudonym("999999990") == p
True
>>> pseudo.find(p[:16].upper(), ["123456782", "999999990"])
'999999990'
>>> Pseudonymiser.looks_like("0123456789abcdef"), Pseudonymiser.looks_like("123456782")
(True, False)
>>> Pseudonymiser.required(b"short")
Traceback (most recent call last):
...
ijw.pseudonym.PseudonymKeyError: the pseudonym key must have at least 16 bytes
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from typing import Final

log = logging.getLogger(__name__)

PSEUDONYM_KEY_ENV: Final = "IJW_PSEUDONYM_KEY"
MIN_KEY_BYTES: Final = 16
SHORT: Final = 16
"""Digits of a pseudonym shown in lists, and the shortest prefix a search accepts."""
MAX_CACHED: Final = 1 << 18
"""Pseudonyms memoised per :class:`Pseudonymiser` (a year's clients); the memo starts over when full."""
_PATTERN = re.compile(rf"^[0-9a-f]{{{SHORT},64}}$")

#: The elements of a message whose values identify a person: scrubbed from finding texts, masked on screens.
PERSONAL_ELEMENTS = frozenset(
    {
        "Bsn",
        "Achternaam",
        "Voorvoegsel",
        "Voornamen",
        "Voorletters",
        "Straatnaam",
        "Postcode",
        "Plaatsnaam",
        "Telefoonnummer",
        "Emailadres",
        "Nummer",
        "Naam",
        "Commentaar",
    }
)


def pseudonym(key: bytes, bsn: str) -> str:
    """The pseudonym of ``bsn`` under ``key``."""
    return hmac.new(key, bsn.encode("ascii"), hashlib.sha256).hexdigest()


class PseudonymKeyError(RuntimeError):
    """Pseudonymisation was asked for but no (long enough) key is configured."""


class Pseudonymiser:
    """Turns BSNs into pseudonyms under one key (memoised: the same BSN occurs in many records);
    ``ephemeral`` when the key was made up at start (pseudonyms then change when the process restarts)."""

    __slots__ = ("_cache", "_key", "ephemeral")

    def __init__(self, key: bytes, *, ephemeral: bool = False) -> None:
        if not key:
            raise ValueError("the pseudonymisation key is empty")
        self._key = key
        self._cache: dict[str, str] = {}
        self.ephemeral = ephemeral

    def __repr__(self) -> str:  # never the key
        return f"Pseudonymiser(ephemeral={self.ephemeral})"

    @classmethod
    def required(cls, key: bytes | None) -> Pseudonymiser:
        """A pseudonymiser for ``key``; :class:`PseudonymKeyError` when there is none or it is too short
        (what must be pseudonymised is then refused, never sent with BSNs)."""
        if not key:
            raise PseudonymKeyError(f"no pseudonym key configured: set {PSEUDONYM_KEY_ENV}")
        if len(key) < MIN_KEY_BYTES:
            raise PseudonymKeyError(f"the pseudonym key must have at least {MIN_KEY_BYTES} bytes")
        return cls(key)

    @classmethod
    def or_ephemeral(cls, key: bytes | None) -> Pseudonymiser:
        """A pseudonymiser for ``key`` (a short one is warned about); without one, a random key for this
        process (logged): for what only shows pseudonyms, such as the dashboard."""
        if key:
            if len(key) < MIN_KEY_BYTES:
                log.warning(
                    "%s is shorter than %d bytes: use a long random value", PSEUDONYM_KEY_ENV, MIN_KEY_BYTES
                )
            return cls(key)
        log.warning(
            "%s is not set: a random key is used; pseudonyms change when the process restarts",
            PSEUDONYM_KEY_ENV,
        )
        return cls(secrets.token_bytes(32), ephemeral=True)

    def __call__(self, bsn: str) -> str:
        """The pseudonym of ``bsn``: 64 lower-case hex digits."""
        found = self._cache.get(bsn)
        if found is None:
            if len(self._cache) >= MAX_CACHED:
                self._cache.clear()
            found = self._cache[bsn] = pseudonym(self._key, bsn)
        return found

    pseudonym = __call__

    def find(self, prefix: str, bsns: Iterable[str]) -> str | None:
        """The BSN among ``bsns`` whose pseudonym starts with ``prefix`` (None: none, or ambiguous)."""
        wanted = normalise(prefix)
        if not _PATTERN.match(wanted):
            return None
        found = [bsn for bsn in bsns if self(bsn).startswith(wanted)]
        return found[0] if len(found) == 1 else None

    @staticmethod
    def looks_like(text: str) -> bool:
        """Whether ``text`` has the form of a pseudonym or of a searchable prefix of one."""
        return bool(_PATTERN.match(normalise(text)))


def normalise(text: str) -> str:
    """A pseudonym as typed or pasted: trimmed, lower case."""
    return text.strip().lower()

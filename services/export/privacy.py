"""Privacy of exports: BSN pseudonyms (keyed hash) and small-cell suppression.

A pseudonym is the HMAC-SHA256 of the BSN under a secret key, as 64 hex digits: the same BSN gives the same
pseudonym under the same key (so an afnemer can link records over periods), and without the key a BSN cannot
be recovered by trying all 10^9 BSNs. The key comes from configuration (``IJW_PSEUDONYM_KEY``) and is never
written to the database or to an export.

>>> p = Pseudonymiser(b"test-key")
>>> p("999999990") == p("999999990"), len(p("999999990"))
(True, 64)
>>> p("999999990") == Pseudonymiser(b"other")("999999990")
False
>>> suppress(3, 5), suppress(0, 5), suppress(7, 5)
(True, False, False)
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ijw.pseudonym import MIN_KEY_BYTES, PSEUDONYM_KEY_ENV, pseudonym


class PseudonymKeyError(RuntimeError):
    """Pseudonymisation was asked for but no (long enough) key is configured."""


class Pseudonymiser:
    """Maps a BSN to its keyed-hash pseudonym (memoised: the same BSN occurs in many records)."""

    __slots__ = ("_cache", "_key")

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._cache: dict[str, str] = {}

    def __call__(self, bsn: str) -> str:
        found = self._cache.get(bsn)
        if found is None:
            found = pseudonym(self._key, bsn)
            self._cache[bsn] = found
        return found


def key_from_env() -> bytes | None:
    """The pseudonym key of ``IJW_PSEUDONYM_KEY`` (UTF-8), or None."""
    value = os.environ.get(PSEUDONYM_KEY_ENV)
    return value.encode("utf-8") if value else None


def pseudonymiser(key: bytes | None) -> Pseudonymiser:
    """A :class:`Pseudonymiser` for ``key``; :class:`PseudonymKeyError` when there is none."""
    if not key:
        raise PseudonymKeyError(f"no pseudonym key configured: set {PSEUDONYM_KEY_ENV}")
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(f"the pseudonym key must have at least {MIN_KEY_BYTES} bytes")
    return Pseudonymiser(key)


BsnTransform = Callable[[str], str]


def identity(bsn: str) -> str:
    """The BSN itself (an operator's export, or an afnemer entitled to BSN)."""
    return bsn


def for_recipient(bsn_entitled: bool, key: bytes | None) -> BsnTransform:
    """What a recipient gets for a BSN: the BSN itself when entitled to it, else its pseudonym under ``key``
    (:class:`PseudonymKeyError` when there is no usable key: never fall back to the BSN)."""
    return identity if bsn_entitled else pseudonymiser(key)


def suppress(count: int, min_cell: int) -> bool:
    """Whether a cell counting ``count`` persons must be suppressed (0 is shown: it discloses no one)."""
    return 0 < count < min_cell

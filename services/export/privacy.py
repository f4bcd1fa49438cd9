"""Privacy of exports: BSN pseudonyms for recipients not entitled to BSNs, and small-cell suppression.

The pseudonym is :class:`ijw.pseudonym.Pseudonymiser`'s keyed hash (the same the dashboard shows); the key
comes from configuration (``IJW_PSEUDONYM_KEY``) and is never written to the database or to an export.

>>> for_recipient(True, None)("999999990")
'999999990'
>>> len(for_recipient(False, b"k" * 16)("999999990"))
64
>>> suppress(3, 5), suppress(0, 5), suppress(7, 5)
(True, False, False)
"""

from __future__ import annotations

from collections.abc import Callable

from ijw.pseudonym import Pseudonymiser

BsnTransform = Callable[[str], str]


def identity(bsn: str) -> str:
    """The BSN itself (an operator's export, or an afnemer entitled to BSN)."""
    return bsn


def for_recipient(bsn_entitled: bool, key: bytes | None) -> BsnTransform:
    """What a recipient gets for a BSN: the BSN itself when entitled to it, else its pseudonym under ``key``
    (:class:`ijw.pseudonym.PseudonymKeyError` when there is no usable key: never fall back to the BSN)."""
    return identity if bsn_entitled else Pseudonymiser.required(key)


def suppress(count: int, min_cell: int) -> bool:
    """Whether a cell counting ``count`` persons must be suppressed (0 is shown: it discloses no one)."""
    return 0 < count < min_cell

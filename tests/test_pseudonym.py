"""The one pseudonymiser (``ijw.pseudonym``) that the exports and the dashboard both use.

The keyed hash is HMAC-SHA256 (docs/operations.md, "The pseudonymisation key"); its expected values are the
published test vectors of RFC 4231 (HMAC-SHA-256), not computed by the code under test.
"""

from __future__ import annotations

import logging

import pytest

from ijw.pseudonym import MAX_CACHED, Pseudonymiser, PseudonymKeyError

# RFC 4231, section 4.2 (test case 1) and 4.3 (test case 2): key, data, HMAC-SHA-256.
RFC4231 = [
    (b"\x0b" * 20, "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    (
        b"Jefe",
        "what do ya want for nothing?",
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    ),
]


@pytest.mark.parametrize(("key", "data", "expected"), RFC4231)
def test_the_pseudonym_is_hmac_sha256_of_the_bsn(key: bytes, data: str, expected: str) -> None:
    pseudo = Pseudonymiser(key)
    assert pseudo(data) == pseudo.pseudonym(data) == expected
    assert pseudo(data) == expected  # the memoised answer is the same


def test_the_exports_and_the_dashboard_share_it() -> None:
    from services.dashboard import Pseudonymiser as dashboard_pseudonymiser
    from services.export import for_recipient

    key = b"k" * 32
    assert dashboard_pseudonymiser is Pseudonymiser
    assert for_recipient(False, key)("999999990") == Pseudonymiser(key).pseudonym("999999990")
    assert for_recipient(True, key)("999999990") == "999999990"


@pytest.mark.parametrize(
    ("key", "message"), [(None, "no pseudonym key configured"), (b"k" * 15, "at least 16")]
)
def test_required_refuses_a_missing_or_short_key(key: bytes | None, message: str) -> None:
    with pytest.raises(PseudonymKeyError, match=message):
        Pseudonymiser.required(key)
    assert Pseudonymiser.required(b"k" * 16)("999999990") == Pseudonymiser(b"k" * 16)("999999990")


def test_or_ephemeral_makes_up_a_key_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="ijw.pseudonym"):
        first, second = Pseudonymiser.or_ephemeral(None), Pseudonymiser.or_ephemeral(None)
    assert first.ephemeral and second.ephemeral
    assert first("999999990") != second("999999990")
    assert "IJW_PSEUDONYM_KEY is not set" in caplog.text
    keyed = Pseudonymiser.or_ephemeral(b"k" * 32)
    assert not keyed.ephemeral and keyed("999999990") == Pseudonymiser(b"k" * 32)("999999990")
    assert "k" * 32 not in repr(keyed) and "k" * 32 not in caplog.text


def test_find_by_prefix_needs_a_unique_match() -> None:
    pseudo = Pseudonymiser(b"k" * 32)
    bsns = [f"{n:09d}" for n in range(2000)]
    target = bsns[1234]
    full = pseudo(target)
    assert pseudo.find(f"  {full.upper()} ", bsns) == target
    assert pseudo.find(full[:16], bsns) == target
    assert pseudo.find(full[:15], bsns) is None  # shorter than a shown pseudonym: not searched
    assert pseudo.find(full[:16], [*bsns, target]) is None  # two candidates: ambiguous
    assert pseudo.find("not a pseudonym!", bsns) is None


def test_the_memo_is_bounded() -> None:
    pseudo = Pseudonymiser(b"k" * 32)
    for n in range(MAX_CACHED + 10):
        pseudo(str(n))
    assert len(pseudo._cache) <= MAX_CACHED
    assert pseudo("5") == Pseudonymiser(b"k" * 32)("5")

"""Client pseudonyms: the keyed hash that stands in for a BSN wherever a BSN may not go.

A pseudonym is the HMAC-SHA256 of the BSN under a secret key (``IJW_PSEUDONYM_KEY``), as 64 lower-case hex
digits. The same BSN gives the same pseudonym under the same key, so exports over several periods and the
dashboard name a client alike; without the key a BSN cannot be recovered by trying all 10^9 of them. The key
lives in configuration only, never in the database or an export; rotating it changes every pseudonym.

>>> p = pseudonym(b"test-key-of-16-bytes", "999999990")
>>> len(p), p == pseudonym(b"test-key-of-16-bytes", "999999990"), p == pseudonym(b"other-key", "999999990")
(64, True, False)
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

PSEUDONYM_KEY_ENV: Final = "IJW_PSEUDONYM_KEY"
MIN_KEY_BYTES: Final = 16

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

"""Raw message bytes in the database: zlib-compressed, identified by their SHA-256.

>>> decompress(compress(b"<Bericht/>"))
b'<Bericht/>'
>>> sha256_hex(b"")[:12]
'e3b0c44298fc'
"""

from __future__ import annotations

import hashlib
import zlib

COMPRESSION_LEVEL = 1


def compress(data: bytes) -> bytes:
    return zlib.compress(data, COMPRESSION_LEVEL)


def decompress(data: bytes) -> bytes:
    return zlib.decompress(data)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()

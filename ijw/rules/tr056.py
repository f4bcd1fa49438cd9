"""TR056: the BerichtIdentificatie of a heenbericht is unique per berichtsoort for its sender.

The ingest service judges it when a message is stored (it needs only the keys stored before); the quality
service reads its findings to tell a message that broke it from the first one with the same key.

>>> TR056, TR056_RETOURCODE
('TR056', '9056')
"""

from __future__ import annotations

from typing import Final

TR056: Final = "TR056"
TR056_RETOURCODE: Final = "9056"
#: where a TR056 finding points
TR056_LOCATION: Final = "/Bericht/Header/BerichtIdentificatie/Identificatie"

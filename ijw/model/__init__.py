"""Typed iJw 3.2 message records.

:func:`parse_record` turns an XSD-valid message document into its typed record (``JW301Bericht`` …); the
classes themselves are generated from the compact model into :mod:`ijw.model.generated`.

>>> from ijw.safeparse import parse_message
>>> from pathlib import Path
>>> from ijw.paths import reference_dir
>>> ref = reference_dir()
>>> if ref is not None:
...     record = parse_record(parse_message((ref / "examples" / "JW301.xml").read_bytes()), "JW301")
...     assert record.header.bericht_code == "436"
"""

from ijw.model.parse import MessageModelError, parse_bytes, parse_record

__all__ = ["MessageModelError", "parse_bytes", "parse_record"]

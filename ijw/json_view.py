"""A message as JSON, decoded by the types of its XSD: for gemeente BI teams that load JSON.

The second XSD engine the design names, xmlschema, decodes the message with the project's XSD of its type:
elements become objects keyed by their local name (no namespace prefixes), an element the XSD lets repeat
becomes a list, integers (amounts in cents, volumes, numbers) become JSON numbers, dates, times and codes
stay strings (codes keep their leading zeros). Only an XSD-valid message is decoded: of an invalid one the
types (and for a structural error the place of a value) are unknown, and a view that silently dropped or
moved a value would be worse than none, so it is refused (code ``XSD``). The result is
``{"message": "JW301", "Bericht": {...}}``.

xmlschema is pure Python, far slower than libxml2: this view is for ``ijw convert --json`` and the HTTP
API's JSON representation of a stored message, never for validation. The input is parsed by
:func:`ijw.safeparse.parse_message` first, so hostile input is refused as everywhere else.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import TYPE_CHECKING, Any

from ijw.paths import data_dir
from ijw.safeparse import MessageRejected, identify, parse_message

if TYPE_CHECKING:
    import xmlschema

#: the media type of this view in the HTTP API (``Accept`` header of ``GET /berichten/{id}``)
MEDIA_TYPE = "application/vnd.ijw.bericht+json"

_LOCK = threading.Lock()


@cache
def _compiled(message: str) -> xmlschema.XMLSchema10:
    import xmlschema

    return xmlschema.XMLSchema10(str(data_dir("xsd") / f"{message.lower()}.xsd"))


def schema(message: str) -> xmlschema.XMLSchema10:
    """The project's XSD of ``message`` (``JW301`` …) compiled by xmlschema, once per process."""
    with _LOCK:  # a schema is compiled once even when threads ask at the same time
        return _compiled(message)


def message_json(data: bytes) -> dict[str, Any]:
    """The message in ``data`` as JSON-ready data; raises :class:`ijw.safeparse.MessageRejected` when the
    bytes are not an iJw 3.2 message (same codes as validation)."""
    root = parse_message(data)
    message = identify(root).message
    outcome: Any = schema(message).decode(
        root,
        validation="lax",
        strip_namespaces=True,
        preserve_root=True,
        decimal_type=str,
        datetime_types=False,
    )
    decoded, errors = outcome  # validation="lax" gives (data, errors)
    if errors:
        raise MessageRejected(
            "XSD",
            f"the message is not XSD-valid, and only an XSD-valid message can be decoded by its types "
            f"({len(errors)} errors; the first: {errors[0].reason}); its XML is available as received",
        )
    if not isinstance(decoded, dict):  # pragma: no cover - preserve_root always gives {"Bericht": ...}
        raise TypeError(f"unexpected decoding of {message}: {type(decoded).__name__}")
    return {"message": message, **decoded}

"""Generic, model-driven construction of the typed records from a parsed message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from lxml import etree

from ijw.model.generated import ROOTS, SPEC
from ijw.safeparse import identify, parse_message
from ijw.xmlpath import location


class MessageModelError(ValueError):
    """The document does not fit the typed model of its message (it is not XSD-valid)."""


def _text(value: str | None) -> str:
    return value if value is not None else ""


def _time(value: str | None) -> dt.time:
    """An ``xs:time``; ``24:00:00`` is XSD's other spelling of midnight, which Python writes 00:00:00.

    >>> _time("24:00:00"), _time("08:30:00")
    (datetime.time(0, 0), datetime.time(8, 30))
    """
    text = _text(value).strip()
    if text.startswith("24:00:00"):
        text = "00:00:00" + text[8:]
    return dt.time.fromisoformat(text)


_CONVERT: dict[str, Callable[[str | None], Any]] = {
    "string": _text,
    "integer": lambda v: int(_text(v).strip()),
    "date": lambda v: dt.date.fromisoformat(_text(v).strip()),
    "time": _time,
}


def _build(cls: type, el: etree._Element) -> Any:
    spec = SPEC[cls]
    kwargs: dict[str, Any] = {}
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        name = tag.rpartition("}")[2]
        entry = spec.get(name)
        if entry is None:
            raise MessageModelError(f"unexpected element {name} at {location(child)}")
        attr, kind, sub, repeated = entry
        try:
            value = _build(sub, child) if kind == "complex" else _CONVERT[kind](child.text)
        except ValueError as exc:
            if isinstance(exc, MessageModelError):
                raise
            raise MessageModelError(f"bad {kind} value at {location(child)}: {exc}") from None
        if repeated:
            kwargs.setdefault(attr, []).append(value)
        else:
            kwargs[attr] = value
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise MessageModelError(f"incomplete {cls.__name__} at {location(el)}: {exc}") from None


def parse_record(root: etree._Element, message: str) -> Any:
    """The typed record (e.g. ``JW301Bericht``) of an XSD-valid ``message`` document."""
    try:
        cls = ROOTS[message]
    except KeyError:
        raise MessageModelError(f"unknown message {message}") from None
    return _build(cls, root)


def parse_bytes(data: bytes) -> Any:
    """Safely parse and identify ``data`` and return its typed record (no XSD validation)."""
    root = parse_message(data)
    return parse_record(root, identify(root).message)

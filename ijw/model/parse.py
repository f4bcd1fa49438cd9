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


_Entry = tuple[str, str, Any, bool]
_BY_TAG: dict[type, dict[str, _Entry]] = {cls: {} for cls in SPEC}
"""Per record class: the :data:`SPEC` entry of each child's full tag (``{namespace}Name``) met so far, so
that a child costs one dict look-up (the namespaces of valid messages are few)."""
_BY_TAG_LIMIT = 512


def _entry(cls: type, tag: str, child: etree._Element) -> _Entry:
    """The :data:`SPEC` entry of ``cls`` for the child with ``tag`` (remembered in :data:`_BY_TAG`)."""
    entry = SPEC[cls].get(tag.rpartition("}")[2])
    if entry is None:
        raise MessageModelError(f"unexpected element {tag.rpartition('}')[2]} at {location(child)}")
    by_tag = _BY_TAG[cls]
    if len(by_tag) < _BY_TAG_LIMIT:  # bounded whatever namespaces unvalidated input uses
        by_tag[tag] = entry
    return entry


def _build(cls: type, el: etree._Element) -> Any:
    by_tag = _BY_TAG[cls]
    kwargs: dict[str, Any] = {}
    for child in el:
        tag = child.tag
        entry = by_tag.get(tag)
        if entry is None:
            if not isinstance(tag, str):  # a comment or processing instruction
                continue
            entry = _entry(cls, tag, child)
        attr, kind, sub, repeated = entry
        if kind == "string":
            value: Any = child.text
            if value is None:
                value = ""
        else:
            try:
                value = _build(sub, child) if kind == "complex" else _CONVERT[kind](child.text)
            except ValueError as exc:
                if isinstance(exc, MessageModelError):
                    raise
                raise MessageModelError(f"bad {kind} value at {location(child)}: {exc}") from None
        if repeated:
            found = kwargs.get(attr)
            if found is None:
                kwargs[attr] = [value]
            else:
                found.append(value)
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

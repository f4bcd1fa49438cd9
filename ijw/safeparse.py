"""Safe parsing of incoming iJw messages.

Messages come from outside, so parsing is defensive: no DTD loading, no entity resolution, no network, a
size limit checked before a single byte is parsed, and any document type declaration rejected outright
(iJw messages never carry one; refusing it blocks XXE and entity-expansion attacks such as billion laughs).
Every rejection is a :class:`MessageRejected` with a stable ``code`` and a clear ``reason`` so that the
caller can store the message as rejected and tell the sender why.

>>> parse_message(b"")
Traceback (most recent call last):
...
ijw.safeparse.MessageRejected: PARSE-EMPTY: the message is empty
>>> identify(parse_message(b"<a/>"))
Traceback (most recent call last):
...
ijw.safeparse.MessageRejected: NOT-IJW: document element {}a is not an iJw 3.2 Bericht
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from lxml import etree

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
IJW_NAMESPACE = re.compile(r"^http://www\.istandaarden\.nl/ijw/3_2/(jw\d{3})/schema$")
OTHER_ISTANDAARD = re.compile(r"^http://www\.istandaarden\.nl/(\w+)/(\d+_\d+)/(\w+)/schema$")


class MessageRejected(Exception):
    """The input is not a message we can process; ``code`` says which kind of rejection."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


def max_message_bytes() -> int:
    """The configured size limit (``IJW_MAX_MESSAGE_BYTES``, default 8 MiB)."""
    value = os.environ.get("IJW_MAX_MESSAGE_BYTES")
    return int(value) if value else DEFAULT_MAX_BYTES


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


_PARSER = _parser()


def check_size(size: int, limit: int | None = None) -> None:
    limit = max_message_bytes() if limit is None else limit
    if size > limit:
        raise MessageRejected(
            "PARSE-SIZE", f"the message is {size} bytes, more than the limit of {limit} bytes"
        )


def parse_message(data: bytes, limit: int | None = None) -> etree._Element:
    """Parse ``data`` safely and return the document element."""
    if not data or data.isspace():
        raise MessageRejected("PARSE-EMPTY", "the message is empty")
    check_size(len(data), limit)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _syntax_rejection(exc, _at_end(data, exc)) from None
    if root is None:
        raise MessageRejected("PARSE-SYNTAX", "no document element")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # type: ignore[union-attr]
        raise MessageRejected(
            "PARSE-DOCTYPE", "a document type declaration (DOCTYPE/entities) is not allowed in an iJw message"
        )
    return root


def _at_end(data: bytes, exc: etree.XMLSyntaxError) -> bool:
    """Whether the parser failed at the very end of the input (a truncated document)."""
    line, column = exc.position
    body = data.rstrip()
    last_line_no = body.count(b"\n") + 1
    last_line = body.rsplit(b"\n", 1)[-1]
    return line >= last_line_no and column >= len(last_line)


def _syntax_rejection(exc: etree.XMLSyntaxError, at_end: bool = False) -> MessageRejected:
    text = str(exc.msg or exc)
    line = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
    lowered = text.lower()
    bad_char = "char" in lowered and "out of allowed range" in lowered
    if "utf-8" in lowered or "encoding" in lowered or bad_char:
        return MessageRejected("PARSE-ENCODING", f"the message is not valid UTF-8 text{line}: {text}")
    if "entity" in lowered or "doctype" in lowered:
        return MessageRejected("PARSE-DOCTYPE", f"entities are not allowed in an iJw message{line}: {text}")
    if at_end or "premature end" in lowered or "end of data" in lowered:
        return MessageRejected(
            "PARSE-TRUNCATED", f"the XML ends before the document is complete{line}: {text}"
        )
    return MessageRejected("PARSE-SYNTAX", f"the message is not well-formed XML{line}: {text}")


@dataclass(frozen=True, slots=True)
class Identity:
    """Which iJw message a document is: ``JW301`` and its BerichtCode as found in the header."""

    message: str
    namespace: str


def identify(root: etree._Element) -> Identity:
    """Identify the message by the namespace of its document element ``Bericht``."""
    qname = etree.QName(root)
    namespace = qname.namespace or ""
    match = IJW_NAMESPACE.match(namespace)
    if match is None:
        other = OTHER_ISTANDAARD.match(namespace)
        if other is not None:
            standaard, release, bericht = other.groups()
            raise MessageRejected(
                "NOT-IJW",
                f"namespace {namespace} is {standaard} release {release.replace('_', '.')} {bericht}, "
                "not an iJw 3.2 message",
            )
        raise MessageRejected(
            "NOT-IJW", f"document element {{{namespace}}}{qname.localname} is not an iJw 3.2 Bericht"
        )
    if qname.localname != "Bericht":
        raise MessageRejected("NOT-IJW", f"document element is {qname.localname}, expected Bericht")
    return Identity(match.group(1).upper(), namespace)

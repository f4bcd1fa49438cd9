"""In-message rules of iJw 3.2 (control level 2), each under its official code.

Entry point for the validator: :func:`check` returns the findings of every in-message rule for an
XSD-valid message.
"""

from __future__ import annotations

from lxml import etree

from ijw.findings import Finding


def check(root: etree._Element, message: str) -> list[Finding]:
    """Findings of all in-message rules for ``root`` (an XSD-valid ``message`` such as ``JW301``)."""
    return []

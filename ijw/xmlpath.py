"""Namespace-free locations of elements, as findings report them.

A location is the chain of local names from the document element, with a 1-based position on every step
whose parent has more than one child of that name:

>>> from lxml import etree
>>> root = etree.fromstring(b"<a xmlns='urn:x'><b/><b><c/></b></a>")
>>> location(root[1][0])
'/a/b[2]/c'
>>> resolve(root, '/a/b[2]/c') is root[1][0]
True
"""

from __future__ import annotations

import re

from lxml import etree

_STEP = re.compile(r"^([A-Za-z_][\w.-]*)(?:\[(\d+)\])?$")


def local_name(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


_NAMESPACE = re.compile(r"\{[^}]*\}")


def location(el: etree._Element) -> str:
    """Location of ``el`` from the root of its document.

    lxml computes the element path in C (positions only where siblings share the name); this only strips
    the namespaces, so it stays cheap on declarations with thousands of prestaties.
    """
    tree = el.getroottree()
    root = tree.getroot()
    head = "/" + local_name(root)
    if el is root:
        return head
    return head + "/" + _NAMESPACE.sub("", tree.getelementpath(el))


def resolve(root: etree._Element, path: str) -> etree._Element | None:
    """The element at ``path`` (as made by :func:`location`), or None."""
    steps = path.strip("/").split("/")
    if not steps or local_name(root) != _STEP.match(steps[0]).group(1):  # type: ignore[union-attr]
        return None
    node = root
    for step in steps[1:]:
        match = _STEP.match(step)
        if match is None:
            return None
        name, pos = match.group(1), int(match.group(2) or 1)
        same = [c for c in node if isinstance(c.tag, str) and local_name(c) == name]
        if len(same) < pos:
            return None
        node = same[pos - 1]
    return node

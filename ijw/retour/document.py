"""Writing retour documents with lxml: namespaces, copying heenbericht content, RetourCodes.

A retour document uses the prefixes of the official examples: ``jw302:`` (etc.) for the retour message's own
namespace and ``ijw:`` for the basisschema, whose namespace holds the children of the shared composite
types (``BerichtIdentificatie/Identificatie``, ``Omvang/Volume``, …). Copying a heenbericht element moves
every element of the heenbericht's namespace into the retour's namespace and leaves basisschema elements
where they are; leaf text is copied unchanged, layout whitespace is dropped and re-indented at the end.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree

from ijw.schema.model import Model
from ijw.xmlpath import local_name

BASISSCHEMA_PREFIX = "ijw"
INDENT = "\t"
_ID_SALT = b"ijw-retour-v1\n"

_COPIED_TAGS: dict[tuple[str, str, str], str] = {}
"""(heenbericht tag, heenbericht namespace, retour namespace) → the tag of the copy (a copy looks each up
once per process; the tags of valid messages are a few hundred)."""
_COPIED_TAGS_LIMIT = 4096

ClassCodes = dict[etree._Element, list[str]]
"""Retourcodes per berichtklasse element of the heenbericht, in the order their findings came."""


@dataclass(frozen=True, slots=True)
class Identification:
    """How the answer identifies itself.

    For JW302 … JW320 these are IdentificatieRetour and DagtekeningRetour; for JW325, which is a message of
    its own, they are its BerichtIdentificatie (Identificatie, Dagtekening). XsltVersie is optional.
    """

    identificatie: str
    dagtekening: str
    xslt_versie: str | None


class RetourDocument:
    """A retour message under construction (document element ``Bericht`` in the retour namespace)."""

    def __init__(self, model: Model, retourbericht: str, heen_namespace: str) -> None:
        self.model = model
        self.retourbericht = retourbericht
        self.namespace = model.namespace(retourbericht)
        self.basis_namespace = model.namespace("basisschema")
        self.heen_namespace = heen_namespace
        self.root = etree.Element(
            self.qname("Bericht"),
            nsmap={retourbericht.lower(): self.namespace, BASISSCHEMA_PREFIX: self.basis_namespace},
        )

    def qname(self, name: str) -> str:
        return f"{{{self.namespace}}}{name}"

    def basis_qname(self, name: str) -> str:
        return f"{{{self.basis_namespace}}}{name}"

    def add(self, parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
        """Append an element of the retour namespace to ``parent``."""
        el = etree.SubElement(parent, self.qname(name))
        if text is not None:
            el.text = text
        return el

    def add_basis(self, parent: etree._Element, name: str, text: str) -> etree._Element:
        """Append a basisschema element (child of a composite type) to ``parent``."""
        el = etree.SubElement(parent, self.basis_qname(name))
        el.text = text
        return el

    def add_retourcodes(self, parent: etree._Element, codes: Iterable[str]) -> None:
        """Append ``RetourCodes`` with one ``RetourCode`` per code (nothing when ``codes`` is empty)."""
        codes = list(codes)
        if not codes:
            return
        wrapper = self.add(parent, "RetourCodes")
        for code in codes:
            self.add(wrapper, "RetourCode", code)

    def add_xsd_versie(self, parent: etree._Element, name: str) -> None:
        """Append ``name`` (XsdVersieRetour, XsdVersie) holding the project's XSD versions."""
        holder = self.add(parent, name)
        self.add_basis(holder, "BasisschemaXsdVersie", self.model.basisschema_xsd_versie)
        self.add_basis(holder, "BerichtXsdVersie", self.model.bericht_xsd_versie)

    def _tag(self, src: etree._Element) -> str:
        tag = str(src.tag)
        key = (tag, self.heen_namespace, self.namespace)
        copied = _COPIED_TAGS.get(key)
        if copied is None:
            qname = etree.QName(tag)
            copied = self.qname(qname.localname) if qname.namespace == self.heen_namespace else tag
            if len(_COPIED_TAGS) < _COPIED_TAGS_LIMIT:
                _COPIED_TAGS[key] = copied
        return copied

    def copy(
        self,
        src: etree._Element,
        parent: etree._Element,
        codes_for: Callable[[etree._Element], list[str] | None] | None = None,
        *,
        rename: str | None = None,
    ) -> etree._Element:
        """Copy the heenbericht element ``src`` (with its subtree) below ``parent``.

        ``codes_for`` gives the retourcodes of every copied element that is a berichtklasse (None for other
        elements); they become the element's last child. ``rename`` gives the copy another local name.
        """
        tag = self.qname(rename) if rename else self._tag(src)
        el = etree.SubElement(parent, tag)
        children = [c for c in src if isinstance(c.tag, str)]
        if children:
            for child in children:
                self.copy(child, el, codes_for)
        else:
            el.text = src.text
        if codes_for is not None:
            codes = codes_for(src)
            if codes is not None:
                self.add_retourcodes(el, codes)
        return el

    def finish(self) -> etree._Element:
        """Indent the document like the official examples and return its document element."""
        etree.indent(self.root, space=INDENT)
        return self.root


def child(el: etree._Element, name: str) -> etree._Element | None:
    """The first child element of ``el`` with local name ``name``."""
    for c in el:
        if isinstance(c.tag, str) and local_name(c) == name:
            return c
    return None


def child_text(el: etree._Element | None, *path: str) -> str | None:
    """Stripped text of the element reached from ``el`` through the local names ``path``."""
    node = el
    for name in path:
        if node is None:
            return None
        node = child(node, name)
    if node is None or node.text is None:
        return None
    return node.text.strip()


def default_identificatie(heen_root: etree._Element) -> str:
    """A reproducible identification (12 characters) for the answer to ``heen_root``.

    Derived from the canonical form (C14N) of the whole heenbericht, so from its header identity (afzender,
    berichtcode, identificatie, dagtekening) and its content: the same message always gets the same
    IdentificatieRetour, a different one practically never does. Shaped like the official examples
    (eight and three hexadecimal digits).
    """
    digest = hashlib.sha256(_ID_SALT + etree.tostring(heen_root, method="c14n")).hexdigest()
    return f"{digest[:8]}-{digest[8:11]}"


def under(el: etree._Element, ancestors: set[etree._Element]) -> bool:
    """True when ``el`` or one of its ancestors is in ``ancestors``."""
    node: etree._Element | None = el
    while node is not None:
        if node in ancestors:
            return True
        node = node.getparent()
    return False

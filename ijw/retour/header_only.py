"""A retour message that is only its Header (JW302 … JW320), written as bytes without building a tree.

Most answers are the header alone (no errors, an in-message error, an error in the Header; see
:mod:`ijw.retour.builder`). :func:`header_only_retour` writes exactly the bytes that building that answer
with :class:`~ijw.retour.document.RetourDocument` and serializing it gives: the heenbericht's header
elements in the same order (BerichtCode replaced by the retour's), elements of the heenbericht's namespace
moved to the retour's (prefix of the retour message), basisschema elements kept (prefix ``ijw``), leaf text
unchanged and escaped as lxml escapes it, attributes, comments and layout dropped, indented with tabs. A
header it cannot write that way (an element in another namespace or in none) gives None: the caller builds
the tree instead.

>>> from lxml import etree
>>> from ijw.retour.document import Identification
>>> heen = etree.fromstring(
...     '<h:Header xmlns:h="urn:heen" xmlns:b="urn:basis"><h:BerichtCode>436</h:BerichtCode>'
...     '<h:Afzender>0599 &amp; co</h:Afzender><h:BerichtIdentificatie><b:Identificatie>A1'
...     '</b:Identificatie></h:BerichtIdentificatie></h:Header>'
... )
>>> shape = HeaderShape("JW302", "urn:retour", "urn:basis", "437", ("3", "2"))
>>> written = header_only_retour(shape, heen, Identification("id-1", "2026-01-02", None), ["0001"])
>>> print(written.decode().expandtabs(4))
<?xml version="1.0" encoding="UTF-8"?>
<jw302:Bericht xmlns:jw302="urn:retour" xmlns:ijw="urn:basis">
    <jw302:Header>
        <jw302:BerichtCode>437</jw302:BerichtCode>
        <jw302:Afzender>0599 &amp; co</jw302:Afzender>
        <jw302:BerichtIdentificatie>
            <ijw:Identificatie>A1</ijw:Identificatie>
        </jw302:BerichtIdentificatie>
        <jw302:IdentificatieRetour>id-1</jw302:IdentificatieRetour>
        <jw302:DagtekeningRetour>2026-01-02</jw302:DagtekeningRetour>
        <jw302:XsdVersieRetour>
            <ijw:BasisschemaXsdVersie>3</ijw:BasisschemaXsdVersie>
            <ijw:BerichtXsdVersie>2</ijw:BerichtXsdVersie>
        </jw302:XsdVersieRetour>
        <jw302:RetourCodes>
            <jw302:RetourCode>0001</jw302:RetourCode>
        </jw302:RetourCodes>
    </jw302:Header>
</jw302:Bericht>
<BLANKLINE>
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ijw.retour.document import BASISSCHEMA_PREFIX, INDENT, Identification
from ijw.retour.outcome import XML_DECLARATION

_ESCAPE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
"""What lxml escapes in element text (quotes stay as they are)."""


@dataclass(frozen=True, slots=True)
class HeaderShape:
    """What a retour message's header needs from the model: its message, namespaces, BerichtCode and the
    XSD versions (basisschema, bericht) that XsdVersieRetour gives."""

    retourbericht: str
    namespace: str
    basis_namespace: str
    bericht_code: str
    xsd_versies: tuple[str, str]


_PAD = tuple("\n" + INDENT * depth for depth in range(16))
"""A new line indented to each depth."""
_NAMES: dict[tuple[str, str, str], tuple[str, str, str] | None] = {}
"""(heenbericht tag, heenbericht namespace, retour prefix) → the copy's start, end and empty tag (None: not
written here); the tags of valid messages are a few hundred."""
_NAMES_LIMIT = 4096


def _names(tag: str, heen: str, prefix: str, basis: str) -> tuple[str, str, str] | None:
    key = (tag, heen, prefix)
    if key in _NAMES:
        return _NAMES[key]
    namespace, _, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    qname = f"{prefix}:{local}" if namespace == heen else f"{BASISSCHEMA_PREFIX}:{local}"
    names = (f"<{qname}>", f"</{qname}>", f"<{qname}/>") if namespace in (heen, basis) else None
    if len(_NAMES) < _NAMES_LIMIT:
        _NAMES[key] = names
    return names


def header_only_retour(
    shape: HeaderShape, heen_header: etree._Element, ids: Identification, codes: list[str]
) -> bytes | None:
    """The whole retour message (declaration to final newline) answering with ``heen_header`` and the
    header's retourcodes ``codes`` (none: no RetourCodes); None when the header cannot be written here."""
    prefix = shape.retourbericht.lower()
    heen = etree.QName(heen_header).namespace or ""
    basis = shape.basis_namespace
    out: list[str] = []
    append = out.append

    def copy(el: etree._Element, depth: int) -> bool:
        pad = _PAD[depth]
        for kid in el:
            tag = kid.tag
            if not isinstance(tag, str):  # a comment or processing instruction: not copied
                continue
            names = _names(tag, heen, prefix, basis)
            if names is None:
                return False
            start, end, empty = names
            if len(kid) and any(isinstance(grandchild.tag, str) for grandchild in kid):
                append(pad + start)
                if not copy(kid, depth + 1):
                    return False
                append(pad + end)
            elif depth == 2 and tag.endswith("}BerichtCode"):
                append(f"{pad}{start}{shape.bericht_code}{end}")
            else:
                text = kid.text
                append(pad + empty if text is None else pad + start + text.translate(_ESCAPE) + end)
        return True

    if not copy(heen_header, 2):
        return None
    pad = _PAD[2]
    append(
        f"{pad}<{prefix}:IdentificatieRetour>{ids.identificatie.translate(_ESCAPE)}</{prefix}:IdentificatieRetour>"
    )
    append(f"{pad}<{prefix}:DagtekeningRetour>{ids.dagtekening}</{prefix}:DagtekeningRetour>")
    if ids.xslt_versie is not None:
        append(f"{pad}<{prefix}:XsltVersie>{ids.xslt_versie}</{prefix}:XsltVersie>")
    basisschema, bericht = shape.xsd_versies
    append(
        f"{pad}<{prefix}:XsdVersieRetour>"
        f"{_PAD[3]}<{BASISSCHEMA_PREFIX}:BasisschemaXsdVersie>{basisschema}</{BASISSCHEMA_PREFIX}:BasisschemaXsdVersie>"
        f"{_PAD[3]}<{BASISSCHEMA_PREFIX}:BerichtXsdVersie>{bericht}</{BASISSCHEMA_PREFIX}:BerichtXsdVersie>"
        f"{pad}</{prefix}:XsdVersieRetour>"
    )
    if codes:
        append(f"{pad}<{prefix}:RetourCodes>")
        for code in codes:
            append(f"{_PAD[3]}<{prefix}:RetourCode>{code}</{prefix}:RetourCode>")
        append(f"{pad}</{prefix}:RetourCodes>")
    start = (
        f'<{prefix}:Bericht xmlns:{prefix}="{shape.namespace}" '
        f'xmlns:{BASISSCHEMA_PREFIX}="{basis}">\n{INDENT}<{prefix}:Header>'
    )
    end = f"\n{INDENT}</{prefix}:Header>\n</{prefix}:Bericht>\n"
    return XML_DECLARATION + (start + "".join(out) + end).encode()

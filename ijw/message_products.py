"""Where each iJw message carries product codes, and on which date each product applies.

Used by the product code checks: every (categorie, code, date) occurrence, with its element so that the
location is computed only for occurrences that get a finding. Retour messages copy the products of their
heenbericht and are not checked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from lxml import etree

from ijw.rules import jw323
from ijw.schema.model import load_model
from ijw.xmlpath import location

# message → (product element, child holding categorie+code or None when flat, categorie, code, date child)
_SPEC: dict[str, tuple[str, str | None, str, str, str]] = {
    "JW301": ("ToegewezenProduct", "Product", "Categorie", "Code", "Ingangsdatum"),
    "JW305": ("StartProduct", "Product", "Categorie", "Code", "Begindatum"),
    "JW307": ("StopProduct", "Product", "Categorie", "Code", "Begindatum"),
    "JW315": ("AangevraagdProduct", "Product", "Categorie", "Code", "ToewijzingIngangsdatum"),
    "JW317": ("NieuwProduct", "Product", "Categorie", "Code", "GewensteIngangsdatum"),
    "JW323": ("Prestatie", None, "ProductCategorie", "ProductCode", "ProductPeriode"),
}


@dataclass(frozen=True, slots=True)
class MessageProducts:
    """The products of one message as rows of (categorie, code, date text), plus their locations.

    Locations are computed only for the rows that get a finding.
    """

    rows: list[tuple[str, str | None, str | None]]
    _element: Callable[[int], etree._Element]
    holder: str | None

    def location(self, index: int) -> str:
        where = location(self._element(index))
        return f"{where}/{self.holder}" if self.holder else where


_NONE = MessageProducts([], [].__getitem__, None)


def _text(el: etree._Element) -> str:
    return (el.text or "").strip()


@cache
def _tags(message: str) -> tuple[str, str | None, str, str, str]:
    """Clark tags of the product element, categorie, code and date of ``message``, plus the holder name."""
    product_name, holder_name, cat_name, code_name, date_name = _SPEC[message]
    model = load_model()
    msg_ns = "{" + model.namespace(message) + "}"
    basis_ns = "{" + model.namespace("basisschema") + "}"
    if holder_name is None:  # JW323: flat in the Prestatie, in the message namespace
        return msg_ns + product_name, None, msg_ns + cat_name, msg_ns + code_name, msg_ns + date_name
    # Categorie/Code inside a CDT_Product are in the basisschema namespace; Code is optional.
    return msg_ns + product_name, holder_name, basis_ns + cat_name, basis_ns + code_name, msg_ns + date_name


def products_in(
    root: etree._Element, message: str, prestaties: jw323.Prestaties | None = None
) -> MessageProducts:
    """The products of an (XSD-valid) message; no rows for messages without products.

    lxml filters the tags in C, so only the categorie, code and date elements reach Python. A declaration
    (JW323) is read as the columns of :class:`ijw.rules.jw323.Prestaties`, which the in-message rules read
    too (pass them as ``prestaties`` when they have been read already).
    """
    if message not in _SPEC:
        return _NONE
    product_tag, holder_name, cat_tag, code_tag, date_tag = _tags(message)

    if holder_name is None:
        # JW323: ProductCategorie, ProductCode and ProductPeriode are required in every Prestatie
        if prestaties is None:
            clienten = jw323.clienten_of(root)
            if clienten is None:
                return _NONE
            prestaties = jw323.Prestaties(clienten)
        codes: list[str | None] = prestaties.codes  # type: ignore[assignment]  # read-only here
        if not (all(prestaties.codes) and "".join(prestaties.codes).isalnum()):  # else nothing to strip
            codes = list(map(str.strip, prestaties.codes))
            if not all(codes):
                codes = [code or None for code in codes]
        begins: list[str | None] = prestaties.begins  # type: ignore[assignment]  # read-only here
        return MessageProducts(
            list(zip(prestaties.cats, codes, begins, strict=True)), prestaties.element, None
        )
    rows: list[tuple[str, str | None, str | None]] = []
    found: list[etree._Element] = []
    cat: str | None = None
    code: str | None = None
    on: str | None = None
    current: etree._Element | None = None
    for el in root.iter(product_tag, cat_tag, code_tag, date_tag):
        tag = el.tag
        if tag == product_tag:
            if current is not None and cat:
                rows.append((cat, code, on))
                found.append(current)
            current, cat, code, on = el, None, None, None
        elif current is None:
            continue
        elif tag == cat_tag:
            cat = _text(el)
        elif tag == code_tag:
            code = _text(el) or None
        elif el.getparent() is current:
            on = el.text
    if current is not None and cat:
        rows.append((cat, code, on))
        found.append(current)
    return MessageProducts(rows, found.__getitem__, holder_name)


#: Positions of Afzender and Ontvanger in the XSD sequence of every Header
_HEADER_INDEX = {"Afzender": 3, "Ontvanger": 4}


def gemeente_of(root: etree._Element, afzender_is_gemeente: bool) -> str | None:
    """The gemeentecode in the header: Afzender or Ontvanger, whichever is the gemeente."""
    header = root[0] if len(root) else None
    if header is None:
        return None
    wanted = "Afzender" if afzender_is_gemeente else "Ontvanger"
    suffix = "}" + wanted
    index = _HEADER_INDEX[wanted]
    el: etree._Element | None = header[index] if len(header) > index else None
    if el is None or not isinstance(el.tag, str) or not el.tag.endswith(suffix):  # not where the XSD has it
        el = next((c for c in header if isinstance(c.tag, str) and c.tag.endswith(suffix)), None)
    return el.text.strip() if el is not None and el.text else None

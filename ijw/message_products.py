"""Where each iJw message carries product codes, and on which date each product applies.

Used by the product code checks: every (categorie, code, date) occurrence, with its element so that the
location is computed only for occurrences that get a finding. Retour messages copy the products of their
heenbericht and are not checked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from lxml import etree

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


def products_in(root: etree._Element, message: str) -> MessageProducts:
    """The products of an (XSD-valid) message; no rows for messages without products.

    lxml filters the tags in C, so only the categorie, code and date elements reach Python: a declaration
    with thousands of prestaties costs little.
    """
    spec = _SPEC.get(message)
    if spec is None:
        return _NONE
    product_name, holder_name, cat_name, code_name, date_name = spec
    model = load_model()
    msg_ns = "{" + model.namespace(message) + "}"
    basis_ns = "{" + model.namespace("basisschema") + "}"
    product_tag = msg_ns + product_name

    def element(index: int) -> etree._Element:
        # only rows with a finding need their element; keeping thousands of proxies alive would be costly
        return next(islice(root.iter(product_tag), index, None))

    if holder_name is None:
        # JW323: ProductCategorie, ProductCode and ProductPeriode are required in every Prestatie, so the
        # columns line up; the first Begindatum is the DeclaratiePeriode's.
        cats = [e.text or "" for e in root.iter(msg_ns + cat_name)]  # an enumeration: nothing to strip
        codes = [(e.text or "").strip() or None for e in root.iter(msg_ns + code_name)]
        dates = [e.text for e in root.iter(basis_ns + "Begindatum")][1:]
        return MessageProducts(list(zip(cats, codes, dates, strict=True)), element, None)
    # Categorie/Code inside a CDT_Product are in the basisschema namespace; Code is optional.
    cat_tag, code_tag, date_tag = basis_ns + cat_name, basis_ns + code_name, msg_ns + date_name
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


def gemeente_of(root: etree._Element, afzender_is_gemeente: bool) -> str | None:
    """The gemeentecode in the header: Afzender or Ontvanger, whichever is the gemeente."""
    header = root[0] if len(root) else None
    if header is None:
        return None
    wanted = "Afzender" if afzender_is_gemeente else "Ontvanger"
    el = next((c for c in header if isinstance(c.tag, str) and c.tag.endswith("}" + wanted)), None)
    return el.text.strip() if el is not None and el.text else None

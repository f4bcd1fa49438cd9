"""Where each iJw message carries product codes, and on which date each product applies.

Used by the product code checks: every (categorie, code, date) occurrence with its location. Retour
messages copy the products of their heenbericht and are not checked again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

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
class ProductOccurrence:
    categorie: str
    code: str | None
    on: dt.date | None
    element: etree._Element

    @property
    def location(self) -> str:
        """Computed on demand: only occurrences with a finding need it."""
        return location(self.element)


def _child(el: etree._Element, name: str) -> etree._Element | None:
    for child in el:
        if isinstance(child.tag, str) and child.tag.endswith("}" + name):
            return child
    return None


def _date(el: etree._Element | None) -> dt.date | None:
    if el is None:
        return None
    if len(el):  # a period: its Begindatum
        el = _child(el, "Begindatum")
        if el is None:
            return None
    try:
        return dt.date.fromisoformat((el.text or "").strip())
    except ValueError:
        return None


def products_in(root: etree._Element, message: str) -> Iterator[ProductOccurrence]:
    """Product occurrences of an (XSD-valid) message; nothing for messages without products."""
    spec = _SPEC.get(message)
    if spec is None:
        return
    product_tag, holder_name, cat_name, code_name, date_name = spec
    namespace = etree.QName(root).namespace
    for product in root.iter(f"{{{namespace}}}{product_tag}"):
        holder = _child(product, holder_name) if holder_name else product
        if holder is None:
            continue
        cat = _child(holder, cat_name)
        if cat is None or not cat.text:
            continue
        code = _child(holder, code_name)
        yield ProductOccurrence(
            categorie=cat.text.strip(),
            code=code.text.strip() if code is not None and code.text else None,
            on=_date(_child(product, date_name)),
            element=holder,
        )


def gemeente_of(root: etree._Element, afzender_is_gemeente: bool) -> str | None:
    """The gemeentecode in the header: Afzender or Ontvanger, whichever is the gemeente."""
    header = root[0] if len(root) else None
    if header is None:
        return None
    el = _child(header, "Afzender" if afzender_is_gemeente else "Ontvanger")
    return el.text.strip() if el is not None and el.text else None

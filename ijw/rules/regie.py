"""In-message rules of the regieberichten: start (JW305) and stop (JW307) jeugdhulp.

Client: TR134 on the Geboortedatum. StartProduct and StopProduct: CS058 (only first delivery or
removal; a change is sent as a removal plus a new delivery, OP033x2), TR134 (the Begindatum of a start
and the Einddatum of a stop are reported after the fact), TR101 on the logical key. StopProduct also
TR018 (not ending before it began).

>>> status_allowed("1"), status_allowed("3"), status_allowed("2"), status_allowed("9")
(True, True, False, False)
"""

from __future__ import annotations

from lxml import etree

from ijw.rules._core import B, Report, child, dagtekening, kids, ns, texts
from ijw.rules.common import check_birth_date, check_unique, not_after
from ijw.rules.datatypes import end_not_before_begin
from ijw.rules.values import date_key, integer

_STATUS_ALLOWED = frozenset({"1", "3"})
_CATEGORIE = B + "Categorie"
_CODE = B + "Code"


def status_allowed(status: str) -> bool:
    """CS058: StatusAanlevering of a start or stop is 1 (eerste aanlevering) or 3 (verwijderen)."""
    return status in _STATUS_ALLOWED


def _check(report: Report, root: etree._Element, message: str, klasse: str, stop: bool) -> None:
    message_ns = ns(message)
    dag = dagtekening(root, message_ns)
    client = child(root, 1, message_ns + "Client")
    if client is None:
        return
    check_birth_date(report, child(client, 1, message_ns + "Geboortedatum"), dag)
    t_nummer, t_product = message_ns + "ToewijzingNummer", message_ns + "Product"
    t_begin, t_end = message_ns + "Begindatum", message_ns + "Einddatum"
    t_status, t_reden = message_ns + "StatusAanlevering", message_ns + "RedenBeeindiging"
    keys: list[tuple[object, etree._Element]] = []
    for product in client.iter(message_ns + klasse):
        parts = kids(product)
        nummer = _text(parts, t_nummer)
        product_el = parts.get(t_product)
        categorie_code = (None, None) if product_el is None else _product(product_el)
        begin = _text(parts, t_begin) or ""
        key: tuple[object, ...] = (
            None if nummer is None else integer(nummer),
            categorie_code,
            date_key(begin),
        )
        status = _text(parts, t_status) or ""
        if not status_allowed(status):
            report.add(
                "CS058",
                f"StatusAanlevering {status} is not allowed: use 1 or 3",
                product,
                "/StatusAanlevering",
            )
        if not stop and not not_after(begin, dag):
            report.add("TR134", f"Begindatum is after the Dagtekening {dag.strip()}", product, "/Begindatum")
        if stop:
            end = _text(parts, t_end) or ""
            key += (date_key(end), _text(parts, t_reden))
            if not not_after(end, dag):
                report.add(
                    "TR134", f"Einddatum is after the Dagtekening {dag.strip()}", product, "/Einddatum"
                )
            if not end_not_before_begin(begin, end):
                report.add("TR018", "Einddatum is before Begindatum", product, "/Einddatum")
        keys.append((key, product))
    check_unique(report, keys, klasse)


def _text(parts: dict[object, etree._Element], tag: str) -> str | None:
    el = parts.get(tag)
    return None if el is None else el.text


def _product(product: etree._Element) -> tuple[str | None, str | None]:
    parts = texts(product)
    return parts.get(_CATEGORIE), parts.get(_CODE)


def check_start(report: Report, root: etree._Element) -> None:
    """All JW305 class rules."""
    _check(report, root, "JW305", "StartProduct", stop=False)


def check_stop(report: Report, root: etree._Element) -> None:
    """All JW307 class rules."""
    _check(report, root, "JW307", "StopProduct", stop=True)

"""In-message rules of the regieberichten: start (JW305) and stop (JW307) jeugdhulp.

Client: TR002/TR134 on the Geboortedatum. StartProduct and StopProduct: CS058 (only first delivery or
removal; a change is sent as a removal plus a new delivery, OP033x2), TR134 (start and stop dates are
reported after the fact), TR101 on the logical key. StopProduct also TR018 (not ending before it began).

>>> status_allowed("1"), status_allowed("3"), status_allowed("2"), status_allowed("9")
(True, True, False, False)
"""

from __future__ import annotations

from lxml import etree

from ijw.rules._core import Report, dagtekening, fields, ns
from ijw.rules.common import check_birth_date, check_not_after, check_unique
from ijw.rules.datatypes import end_not_before_begin
from ijw.rules.values import integer, key_of

_STATUS_ALLOWED = frozenset({"1", "3"})


def status_allowed(status: str) -> bool:
    """CS058: StatusAanlevering of a start or stop is 1 (eerste aanlevering) or 3 (verwijderen)."""
    return status in _STATUS_ALLOWED


def _key(f: dict[str, str | None], stop: bool) -> tuple[object, ...]:
    nummer = f.get("ToewijzingNummer")
    key: tuple[object, ...] = (
        None if nummer is None else integer(nummer),
        f.get("Categorie"),
        f.get("Code"),
        key_of(f.get("Begindatum")),
    )
    if stop:
        key += (key_of(f.get("Einddatum")), f.get("RedenBeeindiging"))
    return key


def _check(report: Report, root: etree._Element, message: str, klasse: str, stop: bool) -> None:
    message_ns = ns(message)
    dag = dagtekening(root, message_ns)
    client = root.find(message_ns + "Client")
    if client is None:
        return
    check_birth_date(report, client.find(message_ns + "Geboortedatum"), dag)
    keys: list[tuple[object, etree._Element]] = []
    for product in client.iter(message_ns + klasse):
        f = fields(product)
        keys.append((_key(f, stop), product))
        status = f.get("StatusAanlevering") or ""
        if not status_allowed(status):
            report.add("CS058", f"StatusAanlevering {status} is not allowed: use 1 or 3", product,
                       "/StatusAanlevering")
        check_not_after(report, product.find(message_ns + "Begindatum"), dag, "Begindatum")
        if stop:
            einddatum = product.find(message_ns + "Einddatum")
            check_not_after(report, einddatum, dag, "Einddatum")
            if einddatum is not None and not end_not_before_begin(f.get("Begindatum"), einddatum.text):
                report.add("TR018", "Einddatum is before Begindatum", einddatum)
    check_unique(report, keys, klasse)


def check_start(report: Report, root: etree._Element) -> None:
    """All JW305 class rules."""
    _check(report, root, "JW305", "StartProduct", stop=False)


def check_stop(report: Report, root: etree._Element) -> None:
    """All JW307 class rules."""
    _check(report, root, "JW307", "StopProduct", stop=True)

"""In-message rules of the verzoek om wijziging (JW317).

Verzoek: TR352 (something stays or changes: the VOW lists the current toewijzingen) and TR353 (something
changes or is added). OngewijzigdProduct and TeWijzigenProduct: TR101 on ToewijzingNummer;
TeWijzigenProduct and NieuwProduct: the toewijzingsvariant rules of :mod:`ijw.rules.products`;
NieuwProduct: TR101 on Product + GewensteIngangsdatum, TR380 (a new product starts after the
Dagtekening) and TR410 (no stacked new products).

>>> lists_current(ongewijzigd=0, te_wijzigen=1), lists_current(ongewijzigd=0, te_wijzigen=0)
(True, False)
>>> changes_something(te_wijzigen=0, nieuw=2), changes_something(te_wijzigen=0, nieuw=0)
(True, False)
"""

from __future__ import annotations

from lxml import etree

from ijw.rules._core import Report, child, dagtekening, kids, ns
from ijw.rules.common import check_unique
from ijw.rules.products import NIEUW, TE_WIJZIGEN, Occurrence, check_shape, check_stacking
from ijw.rules.values import date_key, integer, key_of

NS = ns("JW317")


def lists_current(ongewijzigd: int, te_wijzigen: int) -> bool:
    """TR352: at least one OngewijzigdProduct or TeWijzigenProduct."""
    return ongewijzigd + te_wijzigen > 0


def changes_something(te_wijzigen: int, nieuw: int) -> bool:
    """TR353: at least one TeWijzigenProduct or NieuwProduct."""
    return te_wijzigen + nieuw > 0


def starts_after(gewenste_ingangsdatum: str, dag: str) -> bool:
    """TR380: the date lies after the Dagtekening.

    >>> starts_after("2026-09-02", "2026-09-01"), starts_after("2026-09-01", "2026-09-01")
    (True, False)
    """
    return date_key(gewenste_ingangsdatum) > date_key(dag)


_NUMMER = NS + "ToewijzingNummer"
_GEWENST = NS + "GewensteIngangsdatum"
_PRODUCT = NS + "Product"


def _nummer(parts: dict[object, etree._Element]) -> int | None:
    el = parts.get(_NUMMER)
    return None if el is None or el.text is None else integer(el.text)


def check(report: Report, root: etree._Element) -> None:
    """All JW317 class rules."""
    dag = dagtekening(root, NS)
    client = child(root, 1, NS + "Client")
    verzoek = None if client is None else child(client, 1, NS + "Verzoek")
    if verzoek is None:
        return
    ongewijzigd = [(kids(p), p) for p in verzoek.iter(NS + "OngewijzigdProduct")]
    te_wijzigen = [(kids(p), p) for p in verzoek.iter(NS + "TeWijzigenProduct")]
    nieuw = [(kids(p), p) for p in verzoek.iter(NS + "NieuwProduct")]
    if not lists_current(len(ongewijzigd), len(te_wijzigen)):
        report.add(
            "TR352", "a verzoek om wijziging needs an OngewijzigdProduct or TeWijzigenProduct", verzoek
        )
    if not changes_something(len(te_wijzigen), len(nieuw)):
        report.add("TR353", "a verzoek om wijziging needs a TeWijzigenProduct or NieuwProduct", verzoek)
    check_unique(
        report,
        ((_nummer(parts), p) for parts, p in ongewijzigd),
        "OngewijzigdProduct (ToewijzingNummer)",
    )
    check_unique(
        report, ((_nummer(parts), p) for parts, p in te_wijzigen), "TeWijzigenProduct (ToewijzingNummer)"
    )
    for parts, product in te_wijzigen:
        check_shape(report, product, parts, NS, TE_WIJZIGEN)
    keys: list[tuple[object, etree._Element]] = []
    stacking: list[Occurrence] = []
    for parts, product in nieuw:
        occurrence = check_shape(report, product, parts, NS, NIEUW)
        stacking.append(occurrence)
        gewenst = parts.get(_GEWENST)
        begin = "" if gewenst is None else gewenst.text or ""
        keys.append(((occurrence.product, key_of(begin)), product))
        if not starts_after(begin, dag):
            report.add(
                "TR380",
                f"GewensteIngangsdatum is not after the Dagtekening {dag.strip()}",
                product,
                "/GewensteIngangsdatum",
            )
    check_unique(report, keys, "NieuwProduct (Product, GewensteIngangsdatum)")
    check_stacking(report, "TR410", stacking)

"""Rule mutations: XSD-valid messages that break, or just keep, the in-message rules (control level 2).

The mutations of :mod:`ijw_tools.corpus.mutations` exercise the XSD; these exercise the rules, for the
differential conformance test against the official validation XSLT (``tests/conformance``). Two families,
neither of which knows how the project implements a rule:

- generic perturbations (:func:`perturb`), driven only by the shape of the message: a date moved relative
  to the Dagtekening and to the other dates of the message, a repeated element written twice (exactly or
  with one date changed), an optional element dropped, an enumeration leaf set to another of its values,
  an amount set to 0, a leaf given the value of another leaf of its type; one to three of them at once;
- recipes per rule code (:data:`RECIPES`), written from the conditions of the official XSLT and the rule
  texts (``regels/``): each sets, drops or repeats a few elements of the fullest valid message so that the
  rule is broken (or, for a near miss, only just kept).

A mutated message usually stays XSD-valid; one that does not is still a test of the XSD verdict.

>>> import random
>>> from ijw.schema.model import load_model
>>> items = list(rule_mutations(load_model(), "JW315", random.Random(3), count=4))
>>> len(items) >= 4 and all(data.startswith(b"<?xml") for _, data in items)
True
>>> {"recipe:TR383", "recipe:CD043-near"} <= {kind for kind, _ in items}
True
"""

from __future__ import annotations

import calendar
import copy
import random
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from lxml import etree

from ijw.schema.model import Model
from ijw_tools.corpus.generator import generate_tree, serialize
from ijw_tools.corpus.shape import Node, Shape, local, locate, walk

#: An operation of a recipe: ``(action, path, value)``. Actions: ``set`` (text), ``drop`` (remove the
#: element), ``dup`` (write the element twice), ``dupset`` (write it twice and set ``value`` = "CHILD=VALUE"
#: in the copy), ``all`` (set the text of every match). Paths are local names separated by ``/``, matched
#: anywhere below the root (first match); ``[2]`` selects the second match.
Op = tuple[str, str, str | None]

RECIPE_ATTEMPTS = 5
_DATE_EXPR = re.compile(r"^=(D|\.\./[A-Za-z/]+|/[A-Za-z/]+)((?:[+-]\d+[dmy])*)(\|m[se])?$")
_OFFSET = re.compile(r"([+-]\d+)([dmy])")

#: Per official rule code: recipes (lists of operations on the fullest valid message of a type) that break
#: the rule, and near misses ("-near") that keep it. From the XSLT's conditions and the rule texts.
RECIPES: dict[str, dict[str, list[tuple[str, list[Op]]]]] = {
    "CD005": {
        "JW301": [("", [("drop", "Contact/Adres/Postcode", None)])],
        "JW302": [("", [("drop", "Contact/Adres/LandCode", None)])],
    },
    "CD007": {"JW301": [("", [("set", "Communicatie/Vorm", "1"), ("drop", "Communicatie/Taal", None)])]},
    "CD009": {"JW301": [("", [("set", "Contact/Soort", "01")]), ("near", [("set", "Contact/Soort", "04")])]},
    "CD025": {"JW301": [("", [("set", "Adres/LandCode", "NL"), ("drop", "Adres/Huis", None)])]},
    "CD034": {"JW301": [("", [("set", "Contact/Soort", "03"), ("drop", "Contact/Adres/Postcode", None)])]},
    "CD041": {
        "JW301": [("", [("drop", "ToegewezenProduct/Omvang", None)])],
        "JW317": [("", [("drop", "NieuwProduct/Omvang", None)])],
    },
    "CD043": {
        "JW315": [
            ("", [("drop", "AangevraagdProduct/BeschikkingIngangsdatum", None)]),
            ("near", [("drop", "AangevraagdProduct/BeschikkingNummer", None)]),
        ]
    },
    "CD060": {"JW323": [("", [("set", "Prestatie/IngediendBedrag/DebetCredit", "D")])]},
    "CD066": {"JW315": [("", [("set", "Verwijzer/Type", "02")])]},
    "CD067": {
        "JW315": [
            (
                "",
                [
                    ("set", "Verwijzer/Type", "03"),
                    ("drop", "Verwijzer/ZorgverlenerCode", None),
                    ("drop", "Verwijzer/Naam", None),
                ],
            )
        ]
    },
    "CD068": {
        "JW315": [("", [("set", "Verwijzer/Type", "01")]), ("near", [("set", "Verwijzer/Type", "05")])]
    },
    "CD075": {"JW301": [("", [("drop", "ToegewezenProduct/Einddatum", None)])]},
    "CD076": {
        "JW315": [
            (
                "",
                [
                    ("set", "AangevraagdProduct/Omvang/Frequentie", "2"),
                    ("drop", "AangevraagdProduct/ToewijzingEinddatum", None),
                ],
            )
        ]
    },
    "CD077": {"JW317": [("", [("drop", "NieuwProduct/Omvang", None)])]},
    "CD078": {"JW301": [("", [("set", "ToegewezenProduct/Budget", "100")])]},
    "CD079": {
        "JW301": [
            ("", [("drop", "ToegewezenProduct/Budget", None), ("drop", "ToegewezenProduct/Product", None)])
        ]
    },
    "CD080": {
        "JW301": [
            (
                "",
                [
                    ("drop", "ToegewezenProduct/Product/Code", None),
                    ("set", "ToegewezenProduct/Einddatum", "2021-01-01"),
                ],
            )
        ]
    },
    "CD085": {"JW319": [("", [("set", "VerzoekAntwoord", "1"), ("drop", "RedenAfwijzingVerzoek", None)])]},
    "CD086": {"JW319": [("", [("set", "VerzoekAntwoord", "2")])]},
    "CD087": {
        "JW323": [("", [("set", "Prestatie/Eenheid", "04"), ("drop", "Prestatie/ProductTarief", None)])]
    },
    "CD095": {
        "JW315": [
            (
                "",
                [
                    ("drop", "AangevraagdProduct/Product/Code", None),
                    ("drop", "AangevraagdProduct/ToewijzingEinddatum", None),
                ],
            )
        ]
    },
    "CD096": {
        "JW317": [
            ("", [("drop", "NieuwProduct/Product/Code", None), ("drop", "NieuwProduct/Einddatum", None)]),
            (
                "near",
                [
                    ("drop", "NieuwProduct/Product/Code", None),
                    ("set", "NieuwProduct/Einddatum", "2020-12-31"),
                ],
            ),
        ]
    },
    "CS002": {
        "JW305": [("", [("set", "Client/Bsn", "999900007")]), ("near", [("set", "Client/Bsn", "999900006")])]
    },
    "CS003": {
        "JW301": [
            ("", [("set", "ToegewezenProduct/Einddatum", "=../Ingangsdatum-1d")]),
            ("near", [("set", "ToegewezenProduct/Einddatum", "=../Ingangsdatum")]),
        ]
    },
    "CS050": {"JW301": [("", [("drop", "Naam/Partnernaam", None), ("set", "Naam/NaamGebruik", "3")])]},
    "CS058": {"JW305": [("", [("set", "StartProduct/StatusAanlevering", "2")])]},
    "CS089": {
        "JW301": [("", [("set", "Contact/Adres/LandCode", "NL"), ("set", "Contact/Adres/Postcode", "1234")])]
    },
    "CS100": {
        "JW323": [
            ("", [("set", "Prestatie/ProductPeriode/Begindatum", "2020-12-31")]),
            ("near", [("set", "DeclaratiePeriode/Begindatum", "2021-01-01")]),
        ]
    },
    "CS139": {
        "JW305": [
            ("", [("set", "Geboortedatum/DatumGebruik", "2"), ("set", "Geboortedatum/Datum", "2012-05-03")])
        ]
    },
    "CS318": {"JW301": [("", [("set", "Client/Naam/NaamGebruik", "6")])]},
    "CS325": {
        "JW323": [
            (
                "",
                [
                    ("set", "Prestatie/IngediendBedrag/Bedrag", "0"),
                    ("set", "Prestatie/IngediendBedrag/DebetCredit", "C"),
                ],
            )
        ]
    },
    "CS335": {
        "JW301": [
            (
                "",
                [
                    ("set", "ToegewezenProduct/RedenWijziging", "13"),
                    ("set", "ToegewezenProduct/Einddatum", "=../Ingangsdatum+1d"),
                ],
            ),
            (
                "near",
                [
                    ("set", "ToegewezenProduct/RedenWijziging", "13"),
                    ("set", "ToegewezenProduct/Einddatum", "=../Ingangsdatum"),
                ],
            ),
        ]
    },
    "CS336": {"JW301": [("", [("set", "ToegewezenProduct/RedenWijziging", "01")])]},
    "CS337": {"JW323": [("", [("set", "ProductPeriode/Einddatum", "=../Begindatum+1m|ms")])]},
    "CS338": {
        "JW301": [
            (
                "",
                [
                    ("set", "ToegewezenProduct/Omvang/Eenheid", "14"),
                    ("set", "ToegewezenProduct/Omvang/Frequentie", "1"),
                ],
            )
        ]
    },
    "CS339": {
        "JW323": [
            (
                "",
                [
                    ("set", "Prestatie/Eenheid", "83"),
                    ("set", "Prestatie/GeleverdVolume", "7"),
                    ("set", "Prestatie/IngediendBedrag/Bedrag", "8"),
                ],
            )
        ]
    },
    "CS340": {"JW323": [("", [("set", "DeclaratiePeriode/Einddatum", "=../Begindatum+1m")])]},
    "CS343": {
        "JW315": [
            (
                "",
                [
                    ("set", "AangevraagdProduct/Omvang/Eenheid", "16"),
                    ("set", "AangevraagdProduct/Omvang/Frequentie", "1"),
                    ("drop", "AangevraagdProduct/ToewijzingEinddatum", None),
                ],
            )
        ]
    },
    "TR002": {
        "JW301": [
            (
                "",
                [
                    ("set", "Relatie/Geboortedatum/DatumGebruik", "1"),
                    ("set", "Relatie/Geboortedatum/Datum", "=D-125y|ms"),
                ],
            ),
            (
                "near",
                [
                    ("set", "Client/Geboortedatum/DatumGebruik", "3"),
                    ("set", "Client/Geboortedatum/Datum", "1900-01-01"),
                ],
            ),
        ],
        "JW315": [
            (
                "",
                [
                    ("drop", "Client/Geboortedatum/DatumGebruik", None),
                    ("set", "Client/Geboortedatum/Datum", "=D-120y-1d"),
                ],
            )
        ],
    },
    "TR006": {
        "JW301": [("", [("drop", "Contact/Telefoon", None), ("drop", "Contact/Adres/Postcode", None)])]
    },
    "TR018": {"JW307": [("", [("set", "StopProduct/Einddatum", "=../Begindatum-1d")])]},
    "TR061": {"JW301": [("", [("all", "Contact/Soort", "04")])]},
    "TR101": {
        "JW315": [("", [("dupset", "AangevraagdProduct", "Commentaar=Tweede aanvraag")])],
        "JW301": [("", [("dup", "Relatie", None)])],
        "JW323": [("", [("dup", "Prestatie", None)])],
    },
    "TR134": {
        "JW323": [("", [("set", "DeclaratiePeriode/Begindatum", "=D+1d")])],
        "JW305": [
            ("", [("set", "StartProduct/Begindatum", "=D+1d")]),
            ("near", [("set", "StartProduct/Begindatum", "=D")]),
        ],
    },
    "TR137": {"JW323": [("", [("set", "ProductPeriode/Einddatum", "=D+1d")])]},
    "TR302": {"JW301": [("", [("dup", "ToegewezenProduct", None)])]},
    "TR315": {"JW323": [("", [("dup", "Prestatie", None)])]},
    "TR316": {
        "JW323": [
            (
                "",
                [
                    (
                        "set",
                        "ProductReferentie/VorigReferentieNummer",
                        "=COPY:ProductReferentie/ReferentieNummer",
                    )
                ],
            )
        ]
    },
    "TR319": {"JW323": [("", [("set", "ProductPeriode/Begindatum", "=/DeclaratiePeriode/Einddatum+1d")])]},
    "TR335": {"JW323": [("", [("set", "ProductPeriode/Einddatum", "=/DeclaratieDagtekening-61m")])]},
    "TR342": {"JW325": [("", [("set", "TotaalToegekendBedrag/TotaalBedrag", "99999")])]},
    "TR352": {
        "JW317": [("", [("drop", "OngewijzigdeProducten", None), ("drop", "TeWijzigenProducten", None)])]
    },
    "TR353": {"JW317": [("", [("drop", "NieuweProducten", None), ("drop", "TeWijzigenProducten", None)])]},
    "TR358": {"JW323": [("", [("set", "TotaalIngediendBedrag/TotaalBedrag", "1")])]},
    "TR377": {"JW319": [("", [("set", "RedenAfwijzingVerzoek", "8"), ("drop", "Woonplaatsbeginsel", None)])]},
    "TR380": {"JW317": [("", [("set", "NieuwProduct/GewensteIngangsdatum", "=D")])]},
    "TR383": {"JW315": [("", [("dup", "AangevraagdProduct", None)])]},
    "TR386": {"JW315": [("", [("dupset", "AangevraagdProduct", "ReferentieAanbieder=R-2")])]},
    "TR409": {"JW319": [("", [("set", "RedenAfwijzingVerzoek", "3")])]},
    "TR410": {"JW317": [("", [("dup", "NieuwProduct", None)])]},
    "TR416": {
        "JW323": [
            (
                "",
                [
                    ("all", "IngediendBedrag/DebetCredit", "D"),
                    ("dupset", "Prestatie", "ReferentieNummer=R-3"),
                ],
            )
        ]
    },
}


def _match(root: etree._Element, path: str) -> list[etree._Element]:
    index = 0
    if path.endswith("]"):
        path, _, number = path[:-1].rpartition("[")
        index = int(number) - 1
    steps = path.split("/")
    found = [el for el in root.iter() if isinstance(el.tag, str) and local(el) == steps[0]]
    for step in steps[1:]:
        found = [kid for el in found for kid in el if isinstance(kid.tag, str) and local(kid) == step]
    return found[index:] if index else found


def _dagtekening(root: etree._Element) -> date:
    for path in ("Header/BerichtIdentificatie/Dagtekening", "Header/Dagtekening"):
        found = _match(root, path)
        if found and found[0].text:
            return date.fromisoformat(found[0].text)
    return date(2026, 1, 15)


def shift(day: date, offset: int, unit: str) -> date:
    """``day`` moved by ``offset`` days, months or years (clamped to the end of a shorter month).

    >>> shift(date(2024, 2, 29), -120, "y"), shift(date(2026, 1, 31), 1, "m")
    (datetime.date(1904, 2, 29), datetime.date(2026, 2, 28))
    """
    if unit == "d":
        return day + timedelta(days=offset)
    months = day.year * 12 + day.month - 1 + (offset if unit == "m" else 12 * offset)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _value(el: etree._Element, root: etree._Element, expr: str) -> str | None:
    """The value of a recipe: a literal, ``=COPY:path`` or a date expression (``=D+1d``,
    ``=../Begindatum-1m|ms``)."""
    if not expr.startswith("="):
        return expr
    if expr.startswith("=COPY:"):
        source = _match(root, expr[6:])
        return source[0].text if source else None
    m = _DATE_EXPR.match(expr)
    if m is None:
        raise ValueError(f"bad recipe value {expr!r}")
    ref, offsets, edge = m.groups()
    if ref == "D":
        day = _dagtekening(root)
    else:
        parent = el.getparent() if ref.startswith("../") else root
        found = _match(parent if parent is not None else root, ref.removeprefix("../").lstrip("/"))
        if not found or not found[0].text:
            return None
        day = date.fromisoformat(found[0].text)
    for offset, unit in _OFFSET.findall(offsets):
        day = shift(day, int(offset), unit)
    if edge == "|ms":
        day = day.replace(day=1)
    elif edge == "|me":
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day.isoformat()


def apply_recipe(root: etree._Element, ops: list[Op]) -> bool:
    """Apply ``ops`` to ``root`` in place; False when an element a step needs is not there."""
    for action, path, value in ops:
        found = _match(root, path)
        if not found:
            if action == "drop":
                continue
            return False
        target = found[0]
        if action == "drop":
            parent = target.getparent()
            assert parent is not None
            parent.remove(target)
        elif action == "set" or action == "all":
            for el in found if action == "all" else [target]:
                text = _value(el, root, value or "")
                if text is None:
                    return False
                el.text = text
        elif action in ("dup", "dupset"):
            twin = copy.deepcopy(target)
            target.addnext(twin)
            if action == "dupset" and value:
                name, _, text = value.partition("=")
                kids = _match(twin, name) or ([twin] if local(twin) == name else [])
                if not kids:
                    return False
                kids[0].text = text
    return True


# --- generic perturbations ------------------------------------------------------------------------------


def _date_options(root: etree._Element, dates: list[etree._Element], rng: random.Random) -> list[date]:
    dag = _dagtekening(root)
    other = date.fromisoformat(rng.choice(dates).text or dag.isoformat()) if dates else dag
    options = [dag, other]
    options += [
        shift(dag, n, u) for n, u in ((1, "d"), (-1, "d"), (1, "m"), (-1, "m"), (-60, "m"), (-61, "m"))
    ]
    options += [shift(dag, -120, "y"), shift(shift(dag, -120, "y"), -1, "d"), shift(dag, -125, "y")]
    options += [shift(other, n, u) for n, u in ((1, "d"), (-1, "d"), (1, "m"), (-1, "m"))]
    options += [other.replace(day=1), other.replace(day=calendar.monthrange(other.year, other.month)[1])]
    options += [date(1900, 1, 1), date(2020, 12, 31), date(2021, 1, 1), dag.replace(month=1, day=1)]
    return options


def perturb(shape: Shape, root: etree._Element, rng: random.Random) -> str:
    """Apply one rule-blind perturbation to ``root`` in place; returns its kind."""
    nodes = list(walk(shape, root))
    elements = {n.path: locate(root, n.path) for n in nodes}
    date_nodes = [n for n in nodes if n.leaf is not None and n.leaf.base == "date"]

    def date_shift() -> bool:
        if not date_nodes:
            return False
        el = elements[rng.choice(date_nodes).path]
        el.text = rng.choice(_date_options(root, [elements[n.path] for n in date_nodes], rng)).isoformat()
        return True

    def duplicate() -> bool:
        repeated = [n for n in nodes if n.element.repeated]
        if not repeated:
            return False
        el = elements[rng.choice(repeated).path]
        twin = copy.deepcopy(el)
        el.addnext(twin)
        inner = [d for d in twin.iter() if d is not twin and isinstance(d.tag, str) and _is_date(d.text)]
        if inner and rng.random() < 0.5:
            target = rng.choice(inner)
            target.text = rng.choice(_date_options(root, inner, rng)).isoformat()
        return True

    def drop() -> bool:
        optional = [n for n in nodes if n.element.optional]
        if not optional:
            return False
        el = elements[rng.choice(optional).path]
        parent = el.getparent()
        if parent is None:
            return False
        parent.remove(el)
        return True

    def enum_swap() -> bool:
        enums = [n for n in nodes if n.leaf is not None and len(n.leaf.enum) > 1]
        if not enums:
            return False
        node = rng.choice(enums)
        assert node.leaf is not None
        elements[node.path].text = rng.choice(node.leaf.enum)
        return True

    def zero_amount() -> bool:
        amounts = [n for n in nodes if n.element.name in ("Bedrag", "TotaalBedrag")]
        if not amounts:
            return False
        elements[rng.choice(amounts).path].text = "0"
        return True

    def same_value() -> bool:
        by_type: dict[str, list[Node]] = {}
        for n in nodes:
            if n.leaf is not None and not n.leaf.enum and n.leaf.fixed is None:
                by_type.setdefault(n.leaf.type_name, []).append(n)
        pairs = [ns for ns in by_type.values() if len(ns) > 1]
        if not pairs:
            return False
        a, b = rng.sample(rng.choice(pairs), 2)
        elements[a.path].text = elements[b.path].text
        return True

    kinds: list[tuple[str, Callable[[], bool]]] = [
        ("date", date_shift),
        ("date", date_shift),
        ("duplicate", duplicate),
        ("drop", drop),
        ("enum", enum_swap),
        ("zero", zero_amount),
        ("same", same_value),
    ]
    for _ in range(10):
        kind, action = rng.choice(kinds)
        if action():
            return kind
    return "none"


def _is_date(text: str | None) -> bool:
    return bool(text) and len(text or "") == 10 and (text or "")[4] == "-" and (text or "")[7] == "-"


def rule_mutations(
    model: Model, message: str, rng: random.Random, count: int, *, recipes: bool = True
) -> Iterator[tuple[str, bytes]]:
    """``count`` messages of type ``message`` with one to three generic perturbations each (kind
    ``perturb:<kinds>``), then, when ``recipes``, every recipe of :data:`RECIPES` for the type (kind
    ``recipe:<code>`` or ``recipe:<code>-near``), each on a fresh fullest valid message."""
    shape = Shape(model, message)
    for _ in range(count):
        root = generate_tree(model, message, rng, rng.choice((0.3, 0.6, 0.9, 1.0)))
        kinds = [perturb(shape, root, rng) for _ in range(rng.choice((1, 1, 2, 3)))]
        yield "perturb:" + "+".join(kinds), serialize(root)
    if not recipes:
        return
    for code, per_message in RECIPES.items():
        for variant, ops in per_message.get(message, ()):
            # the fullest message has every element a recipe names, unless the XSD offers a choice
            for _ in range(RECIPE_ATTEMPTS):
                root = generate_tree(model, message, rng, 1.0)
                if apply_recipe(root, ops):
                    yield f"recipe:{code}" + (f"-{variant}" if variant else ""), serialize(root)
                    break

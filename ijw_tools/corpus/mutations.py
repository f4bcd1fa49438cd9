"""Systematic mutations of a valid message, one family per kind of XSD constraint.

:func:`mutations` yields ``(kind, message)`` pairs: for every kind in :data:`MUTATION_KINDS` that applies to
the message, up to ``per_kind`` mutated copies, each with a different target element (chosen with ``rng``)
and, where a kind has several variants (e.g. the invalid dates 2027-06-31 and 2026-02-29), a different
variant; with ``per_kind=None`` every possible target and value (exhaustive).

Most mutations make the message invalid. Some kinds are meant to stay valid and catch a schema that is too
strict (``missing_optional``, ``enum_value``: every code of every enumeration, ``boundary_value``: exact
maxLength, minInclusive, maxInclusive and edge dates), and some variants may stay valid
(``whitespace_padding`` of an integer or date, an ``xsi:schemaLocation`` attribute, a no-break space
against ``.*[^\\s].*``): the equivalence test compares verdicts, not expectations.

>>> import random
>>> from ijw.schema.model import load_model
>>> from ijw_tools.corpus.generator import generate_valid
>>> model = load_model()
>>> valid = generate_valid(model, "JW318", random.Random(1), optional_rate=1.0)
>>> kinds = {kind for kind, _ in mutations(model, "JW318", valid, random.Random(2))}
>>> "known_jw318_retourcode" in kinds and "wrong_order" in kinds
True
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from lxml import etree

from ijw.schema.model import Model
from ijw_tools.corpus.generator import serialize
from ijw_tools.corpus.shape import Leaf, Node, Shape, local, locate, walk

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FOREIGN_NS = "urn:example:niet-ijw"
#: Patterns that only require a non-blank character (``.*[^\s].*`` and LDT_Commentaar's pattern).
NON_BLANK_PATTERNS = (r".*[^\s].*", r"([.\s]*\S+[.\s]*)+")
ALNUM_PATTERN = "([a-zA-Z0-9])+"

#: Every mutation kind, in the order :func:`mutations` yields them.
MUTATION_KINDS: tuple[str, ...] = (
    "missing_required",
    "missing_optional",
    "empty_complex",
    "wrong_order",
    "too_long",
    "too_short",
    "empty",
    "wrong_pattern",
    "whitespace_only",
    "whitespace_padding",
    "wrong_enum",
    "enum_value",
    "boundary_value",
    "out_of_range",
    "not_integer",
    "invalid_date",
    "date_with_timezone",
    "time_with_zone",
    "invalid_time",
    "extra_element",
    "repeated_element",
    "text_in_complex",
    "unexpected_attribute",
    "wrong_namespace_root",
    "wrong_namespace_child",
    "wrong_berichtcode",
    "wrong_berichtversie",
    "wrong_berichtsubversie",
    "known_jw315_date",
    "known_jw318_retourcode",
)

#: Kinds that apply only to some message types (elements of type LDT_Tijd; the two official examples).
KINDS_FOR: dict[str, tuple[str, ...]] = {
    "time_with_zone": ("JW301", "JW302"),
    "invalid_time": ("JW301", "JW302"),
    "known_jw315_date": ("JW315",),
    "known_jw318_retourcode": ("JW318",),
}


def applicable_kinds(message_name: str) -> tuple[str, ...]:
    """The mutation kinds that can apply to a message type (given a message with all optional elements)."""
    return tuple(k for k in MUTATION_KINDS if message_name in KINDS_FOR.get(k, (message_name,)))


INVALID_DATES = (
    "2027-06-31",
    "2026-02-29",
    "2026-13-01",
    "2026-00-10",
    "2026-04-31",
    "2026-01-00",
    "26-01-01",
    "2026-1-1",
    "2026/01/01",
    "01-01-2026",
    "20260101",
    "2026-01-01T00:00:00",
)
ZONED_DATES = ("2026-01-01Z", "2026-01-01+01:00", "2026-01-01-05:00", "2026-01-01+00:00")
ZONED_TIMES = ("12:00:00Z", "12:00:00+01:00", "08:30:00-02:00", "23:59:59+14:00")
INVALID_TIMES = ("24:30:00", "12:60:00", "12:30", "1230", "12:30:61", "7:30:00", "12:30:00 uur")
NOT_INTEGERS = ("1.5", "12a", "tien", "1e3", "1,0", "0x1F", "--1")
BAD_PATTERNS: dict[str, tuple[str, ...]] = {
    "LDT_AgbCode": ("1234567A", "1234 567", "12-45678", "ABCDEFGH"),
    "LDT_BurgerServicenummer": ("99990000A", "9999-0006", " 99990000", "BSN999999"),
    "LDT_Gemeente": ("03a3", "GM0363", "363", "00363"),
    "LDT_Telefoonnummer": ("+31201234567", "020-1234567", "06 12345678", "(020)123456"),
    "LDT_Versie": ("1.0", "01.0.0", "v1.0.0", "1.0.0.0", "1.0.0-rc1", "1..0"),
    "LDT_Voorletters": ("J.", "J K", "J1", "A-B"),
    ALNUM_PATTERN: ("D-2026-01", "D 123", "Déc123", "_123", "D.12"),
}
WHITESPACE = ("   ", "\t", " \t ", "\n  ", "\u00a0")
PADDING = (" {} ", "\n{}", "{}\t", "  {}")

T = TypeVar("T")


class _Mutator:
    """The valid tree and its nodes, with helpers to copy, pick targets and serialize."""

    def __init__(self, shape: Shape, root: etree._Element, rng: random.Random, per_kind: int | None) -> None:
        self.shape = shape
        self.root = root
        self.nodes = list(walk(shape, root))
        self.rng = rng
        self.per_kind = per_kind

    def pick(self, candidates: Sequence[T]) -> list[T]:
        """``per_kind`` different targets (all of them, shuffled, when ``per_kind`` is None)."""
        count = len(candidates) if self.per_kind is None else min(self.per_kind, len(candidates))
        return self.rng.sample(list(candidates), count)

    def variants(self, options: Sequence[str]) -> Iterator[str]:
        """The variants in turn from a random start: ``per_kind`` of them, or endlessly when None."""
        start = self.rng.randrange(len(options))
        i = 0
        while self.per_kind is None or i < self.per_kind:
            yield options[(start + i) % len(options)]
            i += 1

    def some_variants(self, options: Sequence[str]) -> list[str]:
        """``per_kind`` variants, or every variant when ``per_kind`` is None."""
        return list(options) if self.per_kind is None else list(self.variants(options))

    def copy(self) -> etree._Element:
        return copy.deepcopy(self.root)

    def leaves(self, test: Callable[[Node, Leaf], bool]) -> list[Node]:
        return [n for n in self.nodes if n.leaf is not None and test(n, n.leaf)]

    def complexes(self) -> list[Node]:
        return [n for n in self.nodes if n.complex is not None]

    def text(self, node: Node) -> str:
        return locate(self.root, node.path).text or ""

    def set_text(self, node: Node, value: str | None) -> bytes:
        tree = self.copy()
        locate(tree, node.path).text = value
        return serialize(tree)

    def retext(self, targets: list[Node], options: Sequence[str]) -> Iterator[bytes]:
        for node, value in zip(targets, self.variants(options), strict=False):
            yield self.set_text(node, value)

    def named(self, name: str) -> list[Node]:
        return [n for n in self.nodes if n.element.name == name and n.parent_type.name == "Header"]


def _missing_required(m: _Mutator) -> Iterator[bytes]:
    seen: dict[tuple[tuple[int, ...], str], Node] = {}
    for n in m.nodes:
        if n.element.min_occurs == 1:
            seen.setdefault((n.path[:-1], n.element.name), n)
    for node in m.pick(list(seen.values())):
        tree = m.copy()
        parent = locate(tree, node.path[:-1])
        tag = locate(tree, node.path).tag
        for sibling in [c for c in parent if c.tag == tag]:
            parent.remove(sibling)
        yield serialize(tree)


def _missing_optional(m: _Mutator) -> Iterator[bytes]:
    for node in m.pick([n for n in m.nodes if n.element.optional]):
        tree = m.copy()
        target = locate(tree, node.path)
        parent = target.getparent()
        assert parent is not None
        parent.remove(target)
        yield serialize(tree)


def _empty_complex(m: _Mutator) -> Iterator[bytes]:
    for node in m.pick(m.complexes()):
        tree = m.copy()
        target = locate(tree, node.path)
        for child in list(target):
            target.remove(child)
        yield serialize(tree)


def _wrong_order(m: _Mutator) -> Iterator[bytes]:
    parents = [(), *(n.path for n in m.complexes())]
    pairs: list[tuple[tuple[int, ...], int]] = []
    for path in parents:
        kids = list(locate(m.root, path))
        pairs += [(path, i) for i in range(len(kids) - 1) if kids[i].tag != kids[i + 1].tag]
    for path, i in m.pick(pairs):
        tree = m.copy()
        parent = locate(tree, path)
        first = parent[i]
        parent.remove(first)
        parent.insert(i + 1, first)
        yield serialize(tree)


def _too_long(m: _Mutator) -> Iterator[bytes]:
    for node in m.pick(m.leaves(lambda n, leaf: leaf.max_length is not None)):
        assert node.leaf is not None and node.leaf.max_length is not None
        value = m.text(node)
        pad = value[-1:] if node.leaf.enum else ("0" if value.isdigit() else "x")
        yield m.set_text(node, value + pad * (node.leaf.max_length + 1 - len(value)))


def _too_short(m: _Mutator) -> Iterator[bytes]:
    def short(n: Node, leaf: Leaf) -> bool:
        fixed_length = any("{" in p for p in leaf.patterns) or leaf.fixed is not None
        enum_len = leaf.enum and min(len(e) for e in leaf.enum) > 1
        return leaf.is_string and len(m.text(n)) > 1 and bool(fixed_length or enum_len)

    for node in m.pick(m.leaves(short)):
        yield m.set_text(node, m.text(node)[:-1])


def _empty(m: _Mutator) -> Iterator[bytes]:
    for node, value in zip(m.pick(m.leaves(lambda n, leaf: True)), m.variants(("", "-")), strict=False):
        yield m.set_text(node, None if value == "-" else "")


def _wrong_pattern(m: _Mutator) -> Iterator[bytes]:
    def bad(leaf: Leaf) -> tuple[str, ...]:
        if ALNUM_PATTERN in leaf.patterns:
            return BAD_PATTERNS[ALNUM_PATTERN]
        return BAD_PATTERNS.get(leaf.type_name, ())

    for node in m.pick(m.leaves(lambda n, leaf: leaf.is_string and bool(bad(leaf)))):
        assert node.leaf is not None
        yield m.set_text(node, m.rng.choice(bad(node.leaf)))


def _whitespace_only(m: _Mutator) -> Iterator[bytes]:
    targets = m.pick(m.leaves(lambda n, leaf: any(p in NON_BLANK_PATTERNS for p in leaf.patterns)))
    for node, blank in zip(targets, m.variants(WHITESPACE), strict=False):
        assert node.leaf is not None
        size = max(node.leaf.min_length or 1, min(len(blank), node.leaf.max_length or len(blank)))
        yield m.set_text(node, (blank * size)[:size])


def _whitespace_padding(m: _Mutator) -> Iterator[bytes]:
    targets = m.pick(m.leaves(lambda n, leaf: True))
    for node, form in zip(targets, m.variants(PADDING), strict=False):
        yield m.set_text(node, form.format(m.text(node)))


def _near_misses(enum: Sequence[str]) -> list[str]:
    """Values one step away from an enumeration value (0199 and 0201 for 0200, NK/NM for NL), not in it."""
    result: list[str] = []
    for value in enum:
        if value.isdigit():
            steps = [str(int(value) + d).zfill(len(value)) for d in (-1, 1)]
        else:
            steps = [value[:-1] + chr(ord(value[-1]) + d) for d in (-1, 1)]
        result += [v for v in steps if len(v) == len(value) and v not in enum and v not in result]
    return result


def _by_type(nodes: list[Node]) -> dict[str, list[Node]]:
    groups: dict[str, list[Node]] = {}
    for node in nodes:
        assert node.leaf is not None
        groups.setdefault(node.leaf.type_name, []).append(node)
    return groups


def _wrong_enum(m: _Mutator) -> Iterator[bytes]:
    enum_leaves = m.leaves(lambda n, leaf: bool(leaf.enum))
    targets: list[tuple[Node, str]] = []
    for node in enum_leaves:
        assert node.leaf is not None
        current = m.text(node)
        if current.lower() != current:
            targets.append((node, current.lower()))
        alphabet = "0123456789" if current.isdigit() else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        for _ in range(50):
            guess = "".join(m.rng.choice(alphabet) for _ in current)
            if guess not in node.leaf.enum:
                targets.append((node, guess))
                break
    for group in _by_type(enum_leaves).values():
        assert group[0].leaf is not None
        targets += [(m.rng.choice(group), miss) for miss in _near_misses(group[0].leaf.enum)]
    for node, value in m.pick(targets):
        yield m.set_text(node, value)


def _enum_value(m: _Mutator) -> Iterator[bytes]:
    """Every value of every enumeration (on a random element of that type): a dropped code shows up."""
    targets: list[tuple[Node, str]] = []
    for group in _by_type(m.leaves(lambda n, leaf: bool(leaf.enum))).values():
        assert group[0].leaf is not None
        targets += [(m.rng.choice(group), value) for value in group[0].leaf.enum]
    for node, value in m.pick(targets):
        yield m.set_text(node, value)


#: Valid edge values per basisschema type, beyond the generic length and range boundaries.
EDGE_VALUES: dict[str, tuple[str, ...]] = {
    "LDT_Versie": ("0.0.0", "1234567890.0.99", "10.20.30"),
    "LDT_Voorletters": ("Ö", "ÀÉÏàéỳ", "aZ"),
    "LDT_Commentaar": (".a.", " a ", "a\tb", "x" * 1000),
    "LDT_Telefoonnummer": ("0", "0" * 15),
    "LDT_Gemeente": ("0000", "9999"),
    "LDT_BurgerServicenummer": ("000000000", "999999999"),
    "LDT_AgbCode": ("00000000", "99999999"),
    ALNUM_PATTERN: ("a", "Z9", "ab12CD34ef56"),
}
EDGE_DATES = ("0001-01-01", "9999-12-31", "2024-02-29", "2000-02-29", "1900-02-28")
EDGE_TIMES = ("00:00:00", "23:59:59", "23:59:59.999999", "24:00:00", "12:00:00.5")


def _boundary_values(leaf: Leaf) -> list[str]:
    """Values on the edges of a leaf's facets: exact minimum and maximum length and value, edge dates."""
    if leaf.enum:
        return []
    if leaf.is_integer:
        return [str(v) for v in (leaf.min_inclusive, leaf.max_inclusive) if v is not None]
    if leaf.base == "date":
        return list(EDGE_DATES)
    if leaf.base == "time":
        return list(EDGE_TIMES)
    values: list[str] = []
    for length in (leaf.min_length, leaf.max_length):
        for fill in ("x", "0", "A"):
            if length and all(re.fullmatch(p, fill * length) for p in leaf.patterns):
                values.append(fill * length)
                break
    if any(p in NON_BLANK_PATTERNS for p in leaf.patterns) and (leaf.max_length or 3) >= 3:
        values.append(" x ")
        if leaf.max_length:
            values.append("x" + " " * (leaf.max_length - 1))
    key = ALNUM_PATTERN if ALNUM_PATTERN in leaf.patterns else leaf.type_name
    values += [v for v in EDGE_VALUES.get(key, ()) if leaf.max_length is None or len(v) <= leaf.max_length]
    return list(dict.fromkeys(values))


def _boundary_value(m: _Mutator) -> Iterator[bytes]:
    """Values on the edges of the facets (exact maxLength, minInclusive, maxInclusive …): mostly valid."""
    targets: list[tuple[Node, str]] = []
    for node in m.leaves(lambda n, leaf: True):
        assert node.leaf is not None
        targets += [(node, value) for value in _boundary_values(node.leaf)]
    for node, value in m.pick(targets):
        yield m.set_text(node, value)


def _out_of_range(m: _Mutator) -> Iterator[bytes]:
    for node in m.pick(m.leaves(lambda n, leaf: leaf.is_integer and leaf.max_inclusive is not None)):
        assert node.leaf is not None and node.leaf.max_inclusive is not None
        low = node.leaf.min_inclusive if node.leaf.min_inclusive is not None else 0
        yield m.set_text(node, m.rng.choice((str(node.leaf.max_inclusive + 1), str(low - 1), "1" + "0" * 25)))


def _not_integer(m: _Mutator) -> Iterator[bytes]:
    yield from m.retext(m.pick(m.leaves(lambda n, leaf: leaf.is_integer)), NOT_INTEGERS)


def _invalid_date(m: _Mutator) -> Iterator[bytes]:
    yield from m.retext(m.pick(m.leaves(lambda n, leaf: leaf.base == "date")), INVALID_DATES)


def _date_with_timezone(m: _Mutator) -> Iterator[bytes]:
    yield from m.retext(m.pick(m.leaves(lambda n, leaf: leaf.base == "date")), ZONED_DATES)


def _time_with_zone(m: _Mutator) -> Iterator[bytes]:
    yield from m.retext(m.pick(m.leaves(lambda n, leaf: leaf.base == "time")), ZONED_TIMES)


def _invalid_time(m: _Mutator) -> Iterator[bytes]:
    yield from m.retext(m.pick(m.leaves(lambda n, leaf: leaf.base == "time")), INVALID_TIMES)


def _parents(m: _Mutator) -> list[tuple[tuple[int, ...], str]]:
    """Paths of the document element and every complex element, with the namespace of their children."""
    result: list[tuple[tuple[int, ...], str]] = [((), m.shape.ns)]
    for n in m.complexes():
        assert n.complex is not None
        result.append((n.path, m.shape.namespace_of(n.complex)))
    return result


def _extra_element(m: _Mutator) -> Iterator[bytes]:
    for (path, ns), variant in zip(
        m.pick(_parents(m)), m.variants(("unknown", "known", "foreign")), strict=False
    ):
        tree = m.copy()
        parent = locate(tree, path)
        if variant == "unknown":
            tag = f"{{{ns}}}Onbekend"
        elif variant == "known":
            tag = f"{{{ns}}}{m.rng.choice(('Bsn', 'Commentaar', 'Begindatum', 'RetourCode'))}"
        else:
            tag = f"{{{FOREIGN_NS}}}Extra"
        extra = etree.Element(tag)
        extra.text = "1"
        parent.insert(m.rng.randint(0, len(parent)), extra)
        yield serialize(tree)


def _repeated_element(m: _Mutator) -> Iterator[bytes]:
    for node in m.pick([n for n in m.nodes if not n.element.repeated]):
        tree = m.copy()
        target = locate(tree, node.path)
        target.addnext(copy.deepcopy(target))
        yield serialize(tree)


def _text_in_complex(m: _Mutator) -> Iterator[bytes]:
    paths = [(), *(n.path for n in m.complexes())]
    for path, where in zip(m.pick(paths), m.variants(("text", "tail")), strict=False):
        tree = m.copy()
        target = locate(tree, path)
        if where == "tail" and len(target):
            target[m.rng.randrange(len(target))].tail = "tekst"
        else:
            target.text = "tekst"
        yield serialize(tree)


def _unexpected_attribute(m: _Mutator) -> Iterator[bytes]:
    paths = [(), *(n.path for n in m.nodes)]
    options = ("id", "lang", "nil", "foreign", "schemaLocation")
    for path, variant in zip(m.pick(paths), m.variants(options), strict=False):
        tree = m.copy()
        target = locate(tree, path)
        if variant == "id":
            target.set("id", "1")
        elif variant == "lang":
            target.set(f"{{{XML_NS}}}lang", "nl")
        elif variant == "nil":
            target.set(f"{{{XSI}}}nil", "true")
        elif variant == "foreign":
            target.set(f"{{{FOREIGN_NS}}}opmerking", "x")
        else:  # xsi:schemaLocation is allowed on any element: this variant stays valid
            target.set(f"{{{XSI}}}schemaLocation", f"{m.shape.ns} {m.shape.prefix}.xsd")
        yield serialize(tree)


def _wrong_namespace_root(m: _Mutator) -> Iterator[bytes]:
    model, msg = m.shape.model, m.shape.message
    partner = msg.retour_of or msg.answered_by or "JW301"
    options = (
        model.namespace(partner),
        m.shape.ns.replace("/3_2/", "/3_1/"),
        m.shape.basis_ns,
        "",
    )
    for ns in m.some_variants(options):
        tree = m.copy()
        tree.tag = f"{{{ns}}}Bericht" if ns else "Bericht"
        yield serialize(tree)


def _wrong_namespace_child(m: _Mutator) -> Iterator[bytes]:
    for node, variant in zip(m.pick(m.nodes), m.variants(("flip", "foreign", "none")), strict=False):
        tree = m.copy()
        target = locate(tree, node.path)
        qname = etree.QName(target)
        if variant == "flip":
            ns = m.shape.basis_ns if qname.namespace == m.shape.ns else m.shape.ns
        else:
            ns = FOREIGN_NS if variant == "foreign" else ""
        target.tag = f"{{{ns}}}{qname.localname}" if ns else qname.localname
        yield serialize(tree)


def _header_value(m: _Mutator, name: str, options: Sequence[str]) -> Iterator[bytes]:
    for node in m.named(name)[:1]:
        for value in m.some_variants(options):
            yield m.set_text(node, value)


def _wrong_berichtcode(m: _Mutator) -> Iterator[bytes]:
    own = m.shape.message.code
    others = [msg.code for msg in m.shape.model.messages.values() if msg.code != own]
    yield from _header_value(m, "BerichtCode", [m.rng.choice(others), "999", own[::-1], "0" + own[:2]])


def _wrong_berichtversie(m: _Mutator) -> Iterator[bytes]:
    yield from _header_value(m, "BerichtVersie", ("2", "4", "03", "30", "3.0"))


def _wrong_berichtsubversie(m: _Mutator) -> Iterator[bytes]:
    yield from _header_value(m, "BerichtSubversie", ("1", "3", "02", "20", "2.0"))


def _known_jw315_date(m: _Mutator) -> Iterator[bytes]:
    """The official JW315 example: ToewijzingEinddatum 2027-06-31 in every AangevraagdProduct."""
    if m.shape.message.name != "JW315":
        return
    tree = m.copy()
    ns = m.shape.ns
    products = tree.findall(f".//{{{ns}}}AangevraagdProduct")
    for product in products:
        end = product.find(f"{{{ns}}}ToewijzingEinddatum")
        if end is None:
            end = etree.Element(f"{{{ns}}}ToewijzingEinddatum")
            start = product.find(f"{{{ns}}}ToewijzingIngangsdatum")
            assert start is not None
            start.addnext(end)
        end.text = "2027-06-31"
    if products:
        yield serialize(tree)


def _known_jw318_retourcode(m: _Mutator) -> Iterator[bytes]:
    """The official JW318 example: a bare RetourCode directly under Verzoek, after RedenVerzoek."""
    if m.shape.message.name != "JW318":
        return
    tree = m.copy()
    ns = m.shape.ns
    reden = tree.find(f"{{{ns}}}Client/{{{ns}}}Verzoek/{{{ns}}}RedenVerzoek")
    if reden is None:
        return
    code = etree.Element(f"{{{ns}}}RetourCode")
    code.text = "9350"
    reden.addnext(code)
    yield serialize(tree)


_MUTATORS: dict[str, Callable[[_Mutator], Iterator[bytes]]] = {
    "missing_required": _missing_required,
    "missing_optional": _missing_optional,
    "empty_complex": _empty_complex,
    "wrong_order": _wrong_order,
    "too_long": _too_long,
    "too_short": _too_short,
    "empty": _empty,
    "wrong_pattern": _wrong_pattern,
    "whitespace_only": _whitespace_only,
    "whitespace_padding": _whitespace_padding,
    "wrong_enum": _wrong_enum,
    "enum_value": _enum_value,
    "boundary_value": _boundary_value,
    "out_of_range": _out_of_range,
    "not_integer": _not_integer,
    "invalid_date": _invalid_date,
    "date_with_timezone": _date_with_timezone,
    "time_with_zone": _time_with_zone,
    "invalid_time": _invalid_time,
    "extra_element": _extra_element,
    "repeated_element": _repeated_element,
    "text_in_complex": _text_in_complex,
    "unexpected_attribute": _unexpected_attribute,
    "wrong_namespace_root": _wrong_namespace_root,
    "wrong_namespace_child": _wrong_namespace_child,
    "wrong_berichtcode": _wrong_berichtcode,
    "wrong_berichtversie": _wrong_berichtversie,
    "wrong_berichtsubversie": _wrong_berichtsubversie,
    "known_jw315_date": _known_jw315_date,
    "known_jw318_retourcode": _known_jw318_retourcode,
}
assert tuple(_MUTATORS) == MUTATION_KINDS

_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)


def mutations(
    model: Model, message_name: str, valid_bytes: bytes, rng: random.Random, per_kind: int | None = 2
) -> Iterator[tuple[str, bytes]]:
    """Mutated copies of a valid message of type ``message_name``, as ``(kind, message)`` pairs.

    For each kind of :data:`MUTATION_KINDS` that applies, up to ``per_kind`` copies with different targets
    and variants; with ``per_kind=None``, one copy for every possible target (exhaustive). ``valid_bytes``
    must follow the model (as :func:`generate_valid` makes it).
    """
    shape = Shape(model, message_name)
    root = etree.fromstring(valid_bytes, _PARSER)
    if local(root) != "Bericht":
        raise ValueError(f"not a message: document element {local(root)}")
    mutator = _Mutator(shape, root, rng, per_kind)
    for kind, produce in _MUTATORS.items():
        for data in produce(mutator):
            yield kind, data

"""The shape of a message as the corpus generator sees it: leaves with their effective facets, complex
elements with the namespace of their children, and a walk that maps an lxml tree back onto the model.

An element declared in a message schema (a child of ``Root``, ``Header``, ``Client`` …) is in the message
namespace; an element declared in a basisschema complex type (a child of a ``CDT_*`` typed element) is in
the basisschema namespace, because both schemas use ``elementFormDefault="qualified"``.

>>> from ijw.schema.model import load_model
>>> model = load_model()
>>> leaf = resolve_leaf(model, model.messages["JW301"].types["Header"].elements[0])
>>> leaf.type_name, leaf.base, leaf.patterns, leaf.fixed
('LDT_BerichtCode', 'string', ('436',), '436')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from ijw.schema.model import ComplexType, Element, Message, Model, SimpleType

_LITERAL = re.compile(r"^[0-9A-Za-z]+$")


class CorpusError(ValueError):
    """The model holds something the corpus generator cannot produce values for."""


@dataclass(frozen=True)
class Leaf:
    """The effective restriction of a simple-typed element: its basisschema type and all its facets."""

    type_name: str  # the basisschema simple type (LDT_*)
    base: str  # XSD built-in: string | integer | date | time
    min_length: int | None
    max_length: int | None
    min_inclusive: int | None
    max_inclusive: int | None
    patterns: tuple[str, ...]  # every pattern of every restriction step (all must match)
    enum: tuple[str, ...]

    @property
    def fixed(self) -> str | None:
        """The only allowed value when a pattern is a plain literal (BerichtCode ``436``)."""
        for pattern in self.patterns:
            if _LITERAL.match(pattern):
                return pattern
        return None

    @property
    def is_integer(self) -> bool:
        return self.base == "integer"

    @property
    def is_string(self) -> bool:
        return self.base == "string"


def _int(facets: dict[str, str], key: str) -> int | None:
    return int(facets[key]) if key in facets else None


def _layers(model: Model, el: Element) -> tuple[str, list[SimpleType]]:
    """The basisschema type name and the restriction layers, innermost (element) first."""
    if el.inline is not None:
        base = model.simple_types.get(el.inline.base)
        if base is None:
            raise CorpusError(f"{el.name}: inline base {el.inline.base} is not a basisschema simple type")
        return el.inline.base, [el.inline, base]
    assert el.type_name is not None
    st = model.simple_types.get(el.type_name)
    if st is None:
        raise CorpusError(f"{el.name}: {el.type_name} is not a simple type")
    return el.type_name, [st]


def resolve_leaf(model: Model, el: Element) -> Leaf:
    """Combine the facets of an element's simple type and of its inline restriction (if any)."""
    type_name, layers = _layers(model, el)
    builtin = layers[-1].base
    min_length: int | None = None
    max_length: int | None = None
    min_inc: int | None = None
    max_inc: int | None = None
    patterns: list[str] = []
    enum: tuple[str, ...] = ()
    for layer in layers:
        lo, hi = _int(layer.facets, "minLength"), _int(layer.facets, "maxLength")
        if lo is not None:
            min_length = lo if min_length is None else max(min_length, lo)
        if hi is not None:
            max_length = hi if max_length is None else min(max_length, hi)
        lo, hi = _int(layer.facets, "minInclusive"), _int(layer.facets, "maxInclusive")
        if lo is not None:
            min_inc = lo if min_inc is None else max(min_inc, lo)
        if hi is not None:
            max_inc = hi if max_inc is None else min(max_inc, hi)
        if "pattern" in layer.facets:
            patterns.append(layer.facets["pattern"])
        if layer.enum and not enum:
            enum = layer.enum
    return Leaf(type_name, builtin, min_length, max_length, min_inc, max_inc, tuple(patterns), enum)


@dataclass(frozen=True)
class Child:
    """What the model says about one child element: its declaration and how to build it."""

    element: Element
    leaf: Leaf | None  # set for simple-typed elements
    complex: ComplexType | None  # set for complex-typed elements
    children_ns: str | None  # namespace of the complex type's children


class Shape:
    """Model lookups for one message type, with the namespaces of its schema and of the basisschema."""

    def __init__(self, model: Model, message_name: str) -> None:
        if message_name not in model.messages:
            raise CorpusError(f"unknown message {message_name!r}")
        self.model = model
        self.message: Message = model.messages[message_name]
        self.ns = model.namespace(self.message.name)
        self.basis_ns = model.namespace("basisschema")
        self.prefix = self.message.lower
        self.root_type = self.message.types["Root"]
        self._children: dict[tuple[str, str], Child] = {}

    def child(self, ct: ComplexType, el: Element) -> Child:
        """Resolve the type of ``el`` declared in ``ct`` (cached)."""
        key = (ct.name, el.name)
        found = self._children.get(key)
        if found is not None:
            return found
        name = el.type_name
        if el.inline is not None or name in self.model.simple_types:
            found = Child(el, resolve_leaf(self.model, el), None, None)
        elif name in self.model.complex_types:
            found = Child(el, None, self.model.complex_types[name], self.basis_ns)
        elif name in self.message.types:
            found = Child(el, None, self.message.types[name], self.ns)
        else:
            raise CorpusError(f"{self.message.name}:{ct.name}/{el.name}: unknown type {name}")
        self._children[key] = found
        return found

    def namespace_of(self, ct: ComplexType) -> str:
        """Namespace of the children of an element of type ``ct``."""
        return self.basis_ns if ct.name in self.model.complex_types else self.ns


@dataclass(frozen=True)
class Node:
    """One element of a (valid) message tree, with its model declaration."""

    path: tuple[int, ...]  # child indexes from the document element
    element: Element
    child: Child
    parent_type: ComplexType

    @property
    def leaf(self) -> Leaf | None:
        return self.child.leaf

    @property
    def complex(self) -> ComplexType | None:
        return self.child.complex


def local(el: etree._Element) -> str:
    """The local name of an element."""
    return etree.QName(el).localname


def walk(shape: Shape, root: etree._Element) -> Iterator[Node]:
    """Every element below the document element of a tree that follows the model, with its declaration.

    The tree must be valid in structure (as :func:`ijw_tools.corpus.generator.generate_valid` makes it); an
    element the model does not declare raises :class:`CorpusError`.
    """

    def visit(el: etree._Element, ct: ComplexType, path: tuple[int, ...]) -> Iterator[Node]:
        by_name = {e.name: e for e in ct.elements}
        for index, kid in enumerate(el):
            if not isinstance(kid.tag, str):
                continue
            name = local(kid)
            decl = by_name.get(name)
            if decl is None:
                raise CorpusError(f"{ct.name}: undeclared child {name}")
            child = shape.child(ct, decl)
            node = Node((*path, index), decl, child, ct)
            yield node
            if child.complex is not None:
                yield from visit(kid, child.complex, node.path)

    yield from visit(root, shape.root_type, ())


def locate(root: etree._Element, path: tuple[int, ...]) -> etree._Element:
    """The element at ``path`` (child indexes from ``root``)."""
    el = root
    for index in path:
        el = el[index]
    return el

"""Build valid iJw 3.2 messages of any of the 14 types by walking the compact model.

Optional elements are present with probability :data:`OPTIONAL_PRESENT`, repeated elements occur one to
three times, and every leaf gets a realistic value from :mod:`ijw_tools.corpus.values`. Prefixes follow the
official examples: ``jw301`` (etc.) for the message namespace, ``ijw`` for the basisschema namespace.

>>> import random
>>> from ijw.schema.model import load_model
>>> data = generate_valid(load_model(), "JW301", random.Random(7))
>>> data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
True
>>> b"<jw301:BerichtCode>436</jw301:BerichtCode>" in data
True
"""

from __future__ import annotations

import random

from lxml import etree

from ijw.schema.model import ComplexType, Model
from ijw_tools.corpus.shape import Shape
from ijw_tools.corpus.values import value_for

#: Probability that an optional element is generated.
OPTIONAL_PRESENT = 0.6


XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def serialize(root: etree._Element) -> bytes:
    """The message as UTF-8 bytes with an XML declaration, tab-indented like the official examples.

    Indenting changes only whitespace between elements (never the text of a leaf), and it changes the
    tree in place: serialize a tree you no longer need, or a copy.
    """
    etree.indent(root, space="\t")
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8") + b"\n"


def _occurrences(min_occurs: int, repeated: bool, rng: random.Random, optional_rate: float) -> int:
    if min_occurs == 0 and rng.random() >= optional_rate:
        return 0
    if repeated:
        return rng.choices((1, 2, 3), weights=(5, 3, 2))[0]
    return 1


def _fill(
    shape: Shape, parent: etree._Element, ct: ComplexType, rng: random.Random, optional_rate: float
) -> None:
    ns = shape.namespace_of(ct)
    parent_name = etree.QName(parent).localname
    siblings: dict[str, str] = {}
    for decl in ct.elements:
        child = shape.child(ct, decl)
        for _ in range(_occurrences(decl.min_occurs, decl.repeated, rng, optional_rate)):
            el = etree.SubElement(parent, f"{{{ns}}}{decl.name}")
            if child.complex is not None:
                _fill(shape, el, child.complex, rng, optional_rate)
            else:
                assert child.leaf is not None
                el.text = value_for(child.leaf, decl.name, parent_name, siblings, rng)
                siblings[decl.name] = el.text


def generate_tree(
    model: Model, message_name: str, rng: random.Random, optional_rate: float = OPTIONAL_PRESENT
) -> etree._Element:
    """A valid message of type ``message_name`` (``JW301`` …) as an lxml element tree.

    ``optional_rate`` is the probability that an optional element is present: 1.0 gives the fullest
    message, 0.0 the smallest.
    """
    shape = Shape(model, message_name)
    root = etree.Element(f"{{{shape.ns}}}Bericht", nsmap={"ijw": shape.basis_ns, shape.prefix: shape.ns})
    _fill(shape, root, shape.root_type, rng, optional_rate)
    return root


def generate_valid(
    model: Model, message_name: str, rng: random.Random, optional_rate: float = OPTIONAL_PRESENT
) -> bytes:
    """A valid message of type ``message_name`` (``JW301`` …) as UTF-8 bytes, deterministic for ``rng``.

    See :func:`generate_tree` for ``optional_rate``.
    """
    return serialize(generate_tree(model, message_name, rng, optional_rate))

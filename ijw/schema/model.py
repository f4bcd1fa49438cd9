"""Load the compact message model (``xsd/model/ijw-3.2.yaml``) into typed objects.

The model is a faithful, documentation-free description of the iJw 3.2 schemas: the simple types of the
basisschema with their facets, the complex types as ordered sequences of elements, and per message its
own complex types.  Both the XSD generator and the typed-record generator read it through this module.

>>> m = load_model()
>>> m.messages["JW301"].code
'436'
>>> [e.name for e in m.messages["JW323"].types["Prestatie"].elements][:3]
['ProductReferentie', 'ToewijzingNummer', 'ProductCategorie']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ijw.paths import data_dir

FACETS = ("minLength", "maxLength", "minInclusive", "maxInclusive", "pattern")
BASE_TYPES = ("string", "integer", "date", "time")


class ModelError(ValueError):
    """The compact model is malformed."""


@dataclass(frozen=True)
class SimpleType:
    """A restriction of an XSD built-in (``base``) or of a basisschema simple type."""

    name: str | None
    base: str
    facets: dict[str, str] = field(default_factory=dict)
    enum: tuple[str, ...] = ()

    @property
    def builtin(self) -> bool:
        return self.base in BASE_TYPES


@dataclass(frozen=True)
class Element:
    """One child element in a sequence."""

    name: str
    type_name: str | None  # named type; None when ``inline`` holds an anonymous restriction
    inline: SimpleType | None
    min_occurs: int
    repeated: bool

    @property
    def optional(self) -> bool:
        return self.min_occurs == 0


@dataclass(frozen=True)
class ComplexType:
    name: str
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Message:
    name: str  # "JW301"
    code: str  # BerichtCode "436"
    title: str
    afzender: str  # "gemeente" | "aanbieder"
    ontvanger: str
    retour_of: str | None
    answered_by: str | None
    types: dict[str, ComplexType]

    @property
    def lower(self) -> str:
        return self.name.lower()

    @property
    def is_retour(self) -> bool:
        return self.retour_of is not None


@dataclass(frozen=True)
class Model:
    release: str
    namespace_template: str
    basisschema_xsd_versie: str
    bericht_xsd_versie: str
    simple_types: dict[str, SimpleType]
    complex_types: dict[str, ComplexType]
    messages: dict[str, Message]

    def namespace(self, name: str) -> str:
        """Namespace URI of ``basisschema`` or of a message (``JW301`` or ``jw301``)."""
        return self.namespace_template.format(name=name.lower())

    def resolve_simple(self, name: str) -> SimpleType | None:
        return self.simple_types.get(name)

    def is_basis_type(self, name: str) -> bool:
        return name in self.simple_types or name in self.complex_types


_OCCURS = {"": (1, False), "?": (0, False), "+": (1, True), "*": (0, True)}
_NAME = re.compile(r"^([A-Za-z][A-Za-z0-9]*)([?+*]?)$")


def _simple(name: str | None, spec: dict[str, Any]) -> SimpleType:
    unknown = set(spec) - {"base", "enum", *FACETS}
    if unknown:
        raise ModelError(f"{name or 'inline type'}: unknown keys {sorted(unknown)}")
    enum = tuple(spec.get("enum", ()))
    if not all(isinstance(v, str) for v in enum) or not isinstance(spec.get("pattern", ""), str):
        # YAML reads unquoted NO/YES/ON as booleans and 01 as a number: quote such values in the model
        raise ModelError(f"{name or 'inline type'}: enumeration values and patterns must be quoted strings")
    facets = {k: str(spec[k]) for k in FACETS if k in spec}
    return SimpleType(name, str(spec["base"]), facets, enum)


def _complex(name: str, spec: dict[str, Any]) -> ComplexType:
    elements = []
    for key, value in spec.items():
        match = _NAME.match(key)
        if not match:
            raise ModelError(f"{name}: bad element key {key!r}")
        min_occurs, repeated = _OCCURS[match.group(2)]
        if isinstance(value, dict):
            elements.append(Element(match.group(1), None, _simple(None, value), min_occurs, repeated))
        else:
            elements.append(Element(match.group(1), str(value), None, min_occurs, repeated))
    return ComplexType(name, tuple(elements))


def parse_model(raw: dict[str, Any]) -> Model:
    simple = {n: _simple(n, s) for n, s in raw["simple_types"].items()}
    complex_ = {n: _complex(n, s) for n, s in raw["complex_types"].items()}
    messages = {}
    for name, info in raw["message_info"].items():
        types = {n: _complex(n, s) for n, s in raw["messages"][name]["types"].items()}
        if "Root" not in types:
            raise ModelError(f"{name}: no Root type")
        messages[name] = Message(
            name=name,
            code=str(info["code"]),
            title=str(info["title"]),
            afzender=str(info["afzender"]),
            ontvanger=str(info["ontvanger"]),
            retour_of=info.get("retour_of"),
            answered_by=info.get("answered_by"),
            types=types,
        )
    model = Model(
        release=str(raw["release"]),
        namespace_template=str(raw["namespace"]),
        basisschema_xsd_versie=str(raw["basisschema_xsd_versie"]),
        bericht_xsd_versie=str(raw["bericht_xsd_versie"]),
        simple_types=simple,
        complex_types=complex_,
        messages=messages,
    )
    _check_references(model)
    return model


def _check_references(model: Model) -> None:
    def check(owner: str, el: Element, local: dict[str, ComplexType]) -> None:
        if el.inline is not None:
            if el.inline.base not in model.simple_types:
                raise ModelError(f"{owner}/{el.name}: inline base {el.inline.base} is not a basisschema type")
        elif (
            el.type_name not in model.simple_types
            and el.type_name not in model.complex_types
            and (el.type_name not in local)
        ):
            raise ModelError(f"{owner}/{el.name}: unknown type {el.type_name}")

    for ct in model.complex_types.values():
        for el in ct.elements:
            check(ct.name, el, {})
    for msg in model.messages.values():
        for ct in msg.types.values():
            for el in ct.elements:
                check(f"{msg.name}:{ct.name}", el, msg.types)


def default_model_path() -> Path:
    return data_dir("xsd") / "model" / "ijw-3.2.yaml"


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> Model:
    """Load and check the compact model (cached)."""
    with open(path or default_model_path(), encoding="utf-8") as fh:
        return parse_model(yaml.safe_load(fh))

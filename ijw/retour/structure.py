"""Berichtklassen: the parts of a message that a retour message judges one by one.

A retour message mirrors its heenbericht, but every *berichtklasse* (Header, Client, ToegewezenProduct,
StartProduct, Prestatie, …) carries its own ``RetourCodes`` as its last child. Container elements such as
``ToegewezenProducten`` or ``Relaties`` are not berichtklassen: they carry no retourcode.

Which elements are berichtklassen is read from the compact model rather than listed by hand: a type of the
retour message that has a ``RetourCodes`` element is a berichtklasse, and the heenbericht element at the
same place (the same chain of element names below ``Bericht``) is the class it judges. The declaratie-
antwoord (JW325) names the class ``Declaratie`` of the JW323 ``DeclaratieAntwoord``; that is the only
renaming.

>>> s = structure_for("JW301")
>>> s.retourbericht
'JW302'
>>> ("Client", "ToegewezenProducten", "ToegewezenProduct") in s.classes
True
>>> ("Client", "ToegewezenProducten") in s.classes
False
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ijw.schema.model import Message, Model, load_model
from ijw.xmlpath import local_name

NamePath = tuple[str, ...]
"""Local names from the child of ``Bericht`` down to an element, without positions."""

# Elements of a retour message named differently from the heenbericht element they answer.
_RENAMED = {"JW325": {"DeclaratieAntwoord": "Declaratie"}}


class NotAnsweredError(ValueError):
    """The message is not answered with a retour message (it is a retour message itself)."""


@dataclass(frozen=True)
class RetourStructure:
    """How the retour message ``retourbericht`` answers the heenbericht ``heenbericht``."""

    heenbericht: str
    retourbericht: str
    classes: frozenset[NamePath]

    def name_path(self, el: etree._Element) -> NamePath:
        """The :data:`NamePath` of ``el`` in its document (empty for the document element)."""
        names: list[str] = []
        node: etree._Element | None = el
        while node is not None and node.getparent() is not None:
            names.append(local_name(node))
            node = node.getparent()
        return tuple(reversed(names))

    def is_class(self, el: etree._Element) -> bool:
        """True when ``el`` (an element of the heenbericht) is a berichtklasse."""
        return self.name_path(el) in self.classes

    def class_of(self, el: etree._Element) -> etree._Element | None:
        """The innermost berichtklasse containing ``el`` (``el`` itself when it is one), or None."""
        node: etree._Element | None = el
        while node is not None:
            if self.is_class(node):
                return node
            node = node.getparent()
        return None


def _classes(message: Message) -> frozenset[NamePath]:
    renamed = _RENAMED.get(message.name, {})
    found: set[NamePath] = set()

    def walk(type_name: str, prefix: NamePath) -> None:
        ctype = message.types[type_name]
        if prefix and any(e.name == "RetourCodes" for e in ctype.elements):
            found.add(prefix)
        for element in ctype.elements:
            if element.name == "RetourCodes" or element.type_name not in message.types:
                continue
            walk(element.type_name, (*prefix, renamed.get(element.name, element.name)))

    walk("Root", ())
    return frozenset(found)


def retour_message_for(heenbericht: str, model: Model | None = None) -> str | None:
    """The retour message answering ``heenbericht`` (``JW301`` → ``JW302``), None for retour messages."""
    info = (model or load_model()).messages.get(heenbericht)
    return info.answered_by if info is not None else None


# (id of the model, heenbericht) → (the model, kept alive so its id stays unique, and the structure)
_CACHE: dict[tuple[int, str], tuple[Model, RetourStructure]] = {}


def structure_for(heenbericht: str, model: Model | None = None) -> RetourStructure:
    """The :class:`RetourStructure` for a heenbericht such as ``JW301``.

    Raises :class:`NotAnsweredError` for messages that get no retour message.
    """
    model = model or load_model()
    cached = _CACHE.get((id(model), heenbericht))
    if cached is not None:
        return cached[1]
    retour = retour_message_for(heenbericht, model)
    if retour is None:
        raise NotAnsweredError(f"{heenbericht} is not answered with a retour message")
    structure = RetourStructure(heenbericht, retour, _classes(model.messages[retour]))
    _CACHE[(id(model), heenbericht)] = (model, structure)
    return structure

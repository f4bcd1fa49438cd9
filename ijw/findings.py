"""Findings: what validation says about a message.

A finding names the rule that produced it by its official code (``TR101``, ``CS003``, ``XSD``) or by one
of the project's own check codes, the retourcode the standard prescribes for it (if any), and the location
of the element it concerns as a namespace-free path with 1-based positions for repeated siblings, e.g.
``/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Omvang/Volume``.

>>> f = Finding("TR101", "ReferentieNummer komt meer dan eens voor", "9101", "/Bericht/Header")
>>> f.as_dict()["rule"]
'TR101'
>>> f.is_error
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding about one message."""

    rule: str
    message: str
    retourcode: str | None = None
    location: str | None = None
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as a call with the fields (in C; the ingest's process pool sends many findings)."""
        return (Finding, (self.rule, self.message, self.retourcode, self.location, self.severity))

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of the ``ijw validate --json`` contract (plus severity)."""
        return asdict(self)

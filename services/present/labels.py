"""The one Dutch vocabulary of the screens and the report, for the values the API and the files keep in
English (``valid``, ``error`` …): a value of the API or a file is shown through these and nowhere else.

>>> status("rejected"), severity("warning"), berichtsoort(""), berichtsoort("JW301")
('geweigerd', 'waarschuwing', 'niet herkend', 'JW301')
>>> status("other")
'other'
"""

from __future__ import annotations

STATUSES: dict[str, str] = {"valid": "geldig", "invalid": "ongeldig", "rejected": "geweigerd"}
"""A stored message's status: valid, invalid (stored, with error findings), rejected (not iJw, unreadable)."""

SEVERITIES: dict[str, str] = {"error": "fout", "warning": "waarschuwing", "info": "informatie"}

UNIDENTIFIED = "niet herkend"
"""Rejected input whose message type could not be read: one term for every page, file and report."""

SOURCES: dict[str, str] = {"ingest": "validatie", "quality": "kwaliteit (berichtoverstijgend)"}
"""Who found a finding: validation on arrival, or the quality service across messages."""

STEPS: dict[str, str] = {
    "verzoek": "verzoek",
    "antwoord": "antwoord op verzoek",
    "toewijzing": "toewijzing",
    "start": "start zorg",
    "stop": "stop zorg",
    "prestatie": "prestatie (declaratie)",
    "afgewezen": "afgewezen prestatie",
}

ISSUES: dict[str, str] = {
    "geen-start": "toewijzing zonder start (JW305)",
    "geen-stop": "beëindigde toewijzing zonder stop (JW307)",
    "declaratie-zonder-toewijzing": "prestatie gedeclareerd zonder toewijzing",
    "declaratie-zonder-start": "prestatie gedeclareerd zonder start",
}
"""The kinds of incomplete trajectory of the quality report."""


def status(value: str) -> str:
    """The Dutch word for a message status (the value itself when unknown)."""
    return STATUSES.get(value, value)


def severity(value: str) -> str:
    """The Dutch word for a finding's severity."""
    return SEVERITIES.get(value, value)


def berichtsoort(value: str | None) -> str:
    """A message type, or :data:`UNIDENTIFIED` for rejected input without one."""
    return value or UNIDENTIFIED

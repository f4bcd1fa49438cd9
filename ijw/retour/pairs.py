"""Which message answers which: every retour message and the heenbericht it answers.

Every heenbericht is answered by one retour message (JW301 → JW302, …, JW319 → JW320), a declaratie (JW323)
by a declaratie-antwoord (JW325); :func:`ijw.retour.structure.retour_message_for` reads the same from the
XSDs, and the doctest checks that the two agree.

>>> from ijw.retour.structure import retour_message_for
>>> all(retour_message_for(heen) == retour for retour, heen in RETOUR_OF.items())
True
>>> HEEN_WITH_RETOUR
('JW301', 'JW305', 'JW307', 'JW315', 'JW317', 'JW319')
"""

from __future__ import annotations

from typing import Final

RETOUR_OF: Final[dict[str, str]] = {
    "JW302": "JW301",
    "JW306": "JW305",
    "JW308": "JW307",
    "JW316": "JW315",
    "JW318": "JW317",
    "JW320": "JW319",
    "JW325": "JW323",
}
"""The heenbericht each retour message (and the declaratie-antwoord) answers."""

HEEN_WITH_RETOUR: Final[tuple[str, ...]] = tuple(
    heen for retour, heen in RETOUR_OF.items() if retour != "JW325"
)
"""The heenberichten answered by a retour message (a JW323 is answered by a JW325, with its own deadline)."""

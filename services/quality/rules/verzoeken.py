"""Cross-message rules on verzoeken (JW315, JW317), evaluated against the linked state before the verzoek.

TR374 (retourcode 9374; bedrijfsregel OP350): "Een verzoek mag alleen worden verstuurd als er geen
onderhanden verzoek is voor de betreffende client van dezelfde aanbieder", and "Een verzoek is in
behandeling totdat er ofwel een antwoordbericht met VerzoekAntwoord 'Verzoek afgewezen' ofwel een
toewijzingsbericht met dezelfde ReferentieAanbieder gestuurd is". The receiving gemeente judges it, so the
client is the one it knows: the Bsn within that gemeente. A JW315 may ask several products, each with its own
ReferentieAanbieder: they are one verzoek, and a later message that repeats an open ReferentieAanbieder is
that same verzoek, not another one.

>>> tr374({"VZ-1"}, {"VZ-2"})
'a verzoek for this client is still in behandeling (ReferentieAanbieder VZ-1)'
>>> tr374({"VZ-1"}, {"VZ-1"}) is None, tr374(set(), {"VZ-2"}) is None
(True, True)
"""

from __future__ import annotations

from collections.abc import Set


def tr374(open_refs: Set[str], refs: Set[str]) -> str | None:
    """TR374: no verzoek while another verzoek for the same client of the aanbieder is in behandeling.

    ``open_refs``: the ReferentieAanbieders in behandeling for the client; ``refs``: those of the verzoek."""
    others = sorted(open_refs - refs)
    if others:
        return f"a verzoek for this client is still in behandeling (ReferentieAanbieder {', '.join(others)})"
    return None

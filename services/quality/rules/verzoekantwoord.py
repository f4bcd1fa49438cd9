"""Cross-message rules on the antwoordbericht (JW319), evaluated against the linked state before it.

The gemeente sends the JW319; the aanbieder receives and judges it (and would answer a broken one with
a JW320 carrying the retourcode). As with the JW325 (TR367), a JW319 that breaks a rule changes nothing:
it does not end a verzoek (TR374) and does not count as an earlier antwoord for the next one. A
ReferentieAanbieder belongs to the verzoek sent to the gemeente that answers (OP344: "Een verzoek ... wordt
door de gemeente uiteindelijk beantwoord"), so the earlier verzoek, toewijzing and antwoord are those
between the same gemeente and aanbieder. Texts: ``regels/technische-regels/berichtoverstijgend/<code>.md``;
bedrijfsregels OP344 and OP346 name TR359, TR360 and TR365, OP344 names TR355.

- TR355: "ReferentieAanbieder in het antwoordbericht komt voor in een eerder verzoek om toewijzing of verzoek
  om wijziging" (a verzoek the linked state accepted: a rejected one counts as not sent).
- TR359: "Als een antwoordbericht wordt verstuurd, mag er niet al eerder een toewijzingsbericht gestuurd
  zijn met dezelfde ReferentieAanbieder."
- TR360: "Een antwoordbericht met in VerzoekAntwoord de waarde 2 (Aanvraag in onderzoek), mag alleen
  gestuurd worden indien er nog geen antwoordbericht is met deze ReferentieAanbieder."
- TR365: "Als er al een antwoordbericht is met dezelfde ReferentieAanbieder dan moet VerzoekAntwoord daar de
  waarde 2 (Aanvraag in onderzoek) hebben." Toelichting of both: "Er kan slechts 1 maal een antwoordbericht
  verstuurd worden met in VerzoekAntwoord de waarde 2 (Aanvraag in onderzoek). Daarna moet er ofwel een
  toewijzing ofwel een antwoordbericht met in VerzoekAntwoord de waarde 1 (Verzoek afgewezen) worden
  gestuurd."

>>> tr360("2", ["2"]), tr360("1", ["2"]), tr365(["2"])
('an antwoordbericht with this ReferentieAanbieder was sent before', None, None)
>>> tr365(["2", "1"])
'an earlier antwoordbericht with this ReferentieAanbieder has VerzoekAntwoord 1'
"""

from __future__ import annotations

from collections.abc import Sequence

from ijw.codelists import codes


def tr355(verzoek_known: bool, ref: str) -> str | None:
    """TR355: the ReferentieAanbieder is that of an earlier verzoek (``verzoek_known``)."""
    return None if verzoek_known else f"no earlier verzoek with ReferentieAanbieder {ref}"


def tr359(toegewezen: bool, ref: str) -> str | None:
    """TR359: no toewijzing carried the ReferentieAanbieder before (``toegewezen``)."""
    return f"a toewijzing with ReferentieAanbieder {ref} was sent before" if toegewezen else None


def tr360(antwoord: str, earlier: Sequence[str]) -> str | None:
    """TR360: VerzoekAntwoord 2 only as the first antwoord (``earlier``: VerzoekAntwoord of the earlier
    antwoorden with this ReferentieAanbieder)."""
    if antwoord == codes.VERZOEK_IN_ONDERZOEK and earlier:
        return "an antwoordbericht with this ReferentieAanbieder was sent before"
    return None


def tr365(earlier: Sequence[str]) -> str | None:
    """TR365: every earlier antwoord with this ReferentieAanbieder had VerzoekAntwoord 2."""
    other = sorted({a for a in earlier if a != codes.VERZOEK_IN_ONDERZOEK})
    if other:
        return "an earlier antwoordbericht with this ReferentieAanbieder has VerzoekAntwoord " + ", ".join(
            other
        )
    return None

"""Cross-message rules on toewijzingen (JW301), evaluated against the linked state before the toewijzing.

The JW301 is the gemeente's message; the aanbieder receives it and judges it (retourcodes in its JW302). A
ToegewezenProduct that breaks a rule is rejected and changes nothing: the toegewezen product keeps its
actual version.

>>> tr379({("0599", "VZ-1")}, "0599", "VZ-1") is None, tr379(set(), "0599", "VZ-1")
(True, 'ReferentieAanbieder VZ-1 names no verzoek (VOT or VOW) of the aanbieder')
"""

from __future__ import annotations

from collections.abc import Iterable, Set

from services.quality.linking.model import PrestatieState, TrajectState


def tr332(traject: TrajectState, bsn: str) -> str | None:
    """TR332 (OP275): "Ieder ToegewezenProduct binnen één gemeente heeft een uniek nummer per wettelijk
    domein". A ToewijzingNummer names one toegewezen product; its later versions keep the number (IV066:
    "Indien een eerder afgegeven toewijzing gewijzigd wordt … wordt het ToewijzingNummer gevuld van de
    initiele toekenning"). A product toegewezen to another client under a number already given is another
    ToegewezenProduct with the same number. ``traject``: the toegewezen product the number already names (for
    this aanbieder; the partition does not see the numbers the gemeente gave other aanbieders)."""
    if bsn != traject.bsn:
        return f"ToewijzingNummer {traject.key[2]} already names a toegewezen product of another client"
    return None


def tr379(verzoeken: Set[tuple[str, str]], gemeente: str, referentie: str) -> str | None:
    """TR379: "Indien ToegewezenProduct wordt verstuurd ter honorering van een VOT of VOW, dient
    ReferentieAanbieder te worden gevuld met ReferentieAanbieder uit die VOT of VOW, anders leeglaten"
    (9379: "ReferentieAanbieder refereert niet naar een verzoek om toewijzing of verzoek om wijziging, is
    onterecht gevuld"). Judged on a filled ReferentieAanbieder: it names a verzoek (JW315 or JW317) the
    aanbieder sent to this gemeente. Whether a toewijzing honours a verzoek without saying so (an empty
    ReferentieAanbieder that should be filled) the traffic does not show: that half is not judged.

    ``verzoeken``: (gemeente, ReferentieAanbieder) of every verzoek received from the aanbieder."""
    if (gemeente, referentie) not in verzoeken:
        return f"ReferentieAanbieder {referentie} names no verzoek (VOT or VOW) of the aanbieder"
    return None


def goedgekeurd(p: PrestatieState, beantwoord: Set[tuple[str, str]]) -> bool:
    """Whether ``p`` is a goedgekeurde, not gecrediteerde debet: the gemeente answered its declaratie (a JW325
    with a DeclaratieAntwoord, ``beantwoord`` by (gemeente, DeclaratieIdentificatie)) without rejecting it,
    and no credit cancelled it."""
    return (
        not p.credit
        and not p.afgewezen
        and not p.gecrediteerd
        and (p.key[0], p.declaratie_identificatie) in beantwoord
    )


def tr385(prestaties: Iterable[PrestatieState], beantwoord: Set[tuple[str, str]]) -> str | None:
    """TR385 (OP362): "Indien de toewijzing goedgekeurde (niet gecrediteerde) prestatiesregels met gelijk
    ToewijzingNummer heeft, is het niet toegestaan deze toewijzing te verwijderen met RedenWijziging waarde
    13".

    ``prestaties``: those declared on the toewijzing. A prestatie the gemeente has not answered yet is not
    goedgekeurd; one it rejected in its JW325, or one a credit cancelled, no longer counts."""
    refs = sorted(p.referentie_nummer for p in prestaties if goedgekeurd(p, beantwoord))
    if refs:
        return (
            f"the toewijzing is removed (RedenWijziging 13) although it has goedgekeurde prestaties "
            f"({', '.join(refs[:5])}{' …' if len(refs) > 5 else ''})"
        )
    return None

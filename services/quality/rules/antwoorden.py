"""Cross-message rules on the declaratie-antwoord (JW325), evaluated against the linked state before it.

The JW325 is the gemeente's message: the aanbieder receives it and judges it against the declaraties it sent
(the traffic holds both). The rules with retourcode n.v.t. (TR337, TR371, TR376) have no retourcode the
aanbieder could answer with; they are reported all the same. What the answer changes follows OP355 ("De
koppeling kan plaatsvinden op berichtniveau of op declaratieniveau"): its rejections apply to the prestaties
of the declaratie its DeclaratieIdentificatie names, also when its DeclaratieNummer names none (TR376); a
returned prestatie that relates to no declaratiebericht (TR366) or to another client (TR304) or with other
values (TR367) changes nothing.

>>> import datetime as dt
>>> from services.quality.linking.model import Ontvangen
>>> ref = Ontvangen(12, dt.date(2025, 4, 3), "DN1")
>>> tr337(ref, dt.date(2025, 4, 3)) is None, tr337(None, dt.date(2025, 4, 3)) is not None
(True, True)
>>> tr337(ref, dt.date(2025, 4, 4))
'the declaratiebericht named is of 2025-04-03, not of 2025-04-04'
>>> tr366({"R1"}, "R1") is None, tr376({("0599", "DN1")}, "0599", "DN2")
(True, 'DeclaratieNummer DN2 is that of no declaratie received from the aanbieder')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set

from services.quality.linking.model import Ontvangen


def tr337(declaratie: Ontvangen | None, dagtekening: dt.date) -> str | None:
    """TR337: "De DeclaratieIdentificatie dient overeen te komen met de BerichtIdentificatie van een eerder
    ontvangen Declaratiebericht": Identificatie and Dagtekening (CDT_BerichtIdentificatie) both.

    ``declaratie``: the earlier received JW323 with that Identificatie; ``dagtekening``: the Dagtekening in
    DeclaratieIdentificatie."""
    if declaratie is None:
        return "DeclaratieIdentificatie names no declaratiebericht received earlier from the aanbieder"
    if declaratie.dagtekening != dagtekening:
        return f"the declaratiebericht named is of {declaratie.dagtekening}, not of {dagtekening}"
    return None


def tr366(referenties: Set[str], referentie_nummer: str) -> str | None:
    """TR366: "Iedere Prestatie in een declaratieantwoord is gerelateerd aan een declaratiebericht op basis
    van ProductReferentie" (9366: "ProductReferentie komt niet voor in een Declaratiebericht").

    ``referenties``: the ReferentieNummers of the prestaties the aanbieder declared (unique per aanbieder,
    TR314), in any declaratiebericht: the text does not require the one DeclaratieIdentificatie names."""
    if referentie_nummer not in referenties:
        return f"ReferentieNummer {referentie_nummer} is in no declaratiebericht of the aanbieder"
    return None


def tr376(nummers: Set[tuple[str, str]], gemeente: str, nummer: str) -> str | None:
    """TR376: "Het DeclaratieNummer dient overeen te komen met het DeclaratieNummer van een eerder ontvangen
    Declaratie". ``nummers``: (gemeente, DeclaratieNummer) of the declaraties the gemeenten received from the
    aanbieder (also those rejected whole: they were received); any of this gemeente's, as the text says."""
    if (gemeente, nummer) not in nummers:
        return f"DeclaratieNummer {nummer} is that of no declaratie received from the aanbieder"
    return None


def tr371(declaratie: str | None, heen: str | None) -> str | None:
    """TR371: "Waarde moet overeenkomen met waarde van XsdVersie uit het declaratiebericht dat gerelateerd is
    op basis van DeclaratieIdentificatie": the XsdVersieDeclaratie of the JW325 against the XsdVersie of the
    JW323, each "BasisschemaXsdVersie/BerichtXsdVersie". Not judged when either is unknown.

    >>> tr371("1.0.0/1.0.0", "1.0.0/1.0.0") is None, tr371("1.0.0/1.0.1", "1.0.0/1.0.0")
    (True, 'XsdVersieDeclaratie 1.0.0/1.0.1 differs from the XsdVersie 1.0.0/1.0.0 of the declaratiebericht')
    """
    if declaratie is not None and heen is not None and declaratie != heen:
        return f"XsdVersieDeclaratie {declaratie} differs from the XsdVersie {heen} of the declaratiebericht"
    return None

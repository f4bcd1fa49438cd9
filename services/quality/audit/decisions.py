"""The answer audit's judgement of one decision: what the receiver answered against what the standard
prescribes, given the rules that fail on the heenbericht (judged against the state before it).

A retour message (JW302 … JW320) answers with retourcodes per berichtklasse (``ijw.retour.builder``): a part
(a product, by ToewijzingNummer) with a rule code is rejected, one with only status codes (0200, 0233) is
approved; a rule code without a ToewijzingNummer (Header, Client, Verzoek) rejects everything under it. A
JW325 rejects a prestatie by returning it with its retourcodes, or the whole declaratie with codes on the
Header (``ijw.retour.declaratie``).

- (a) ``AUDIT-GOEDGEKEURD-ONTERECHT``: a rule with a retourcode fails on a part and the answer approved it;
- (b) ``AUDIT-AFGEWEZEN-ONTERECHT``: the answer carries a rule's retourcode and that rule holds on the
  heenbericht. Only retourcodes of rules the product judges on every message are read this way (``judged``);
  a code of a rule it cannot judge (a contract tariff, 0611 …) may well be right and is left alone.

>>> judge_prestatie({"9389"}, None, JUDGED)
Verdict(check='AUDIT-GOEDGEKEURD-ONTERECHT', codes=('9389',), at_stake=True)
>>> judge_prestatie(set(), {"9389"}, JUDGED)
Verdict(check='AUDIT-AFGEWEZEN-ONTERECHT', codes=('9389',), at_stake=True)
>>> judge_prestatie(set(), {"9389", "0611"}, JUDGED).at_stake  # 0611 (tariff) may justify the rejection
False
>>> judge_prestatie({"9322"}, {"9322"}, JUDGED) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass

from ijw.retour.codes import STATUS_CODES

GOEDGEKEURD_ONTERECHT = "AUDIT-GOEDGEKEURD-ONTERECHT"
AFGEWEZEN_ONTERECHT = "AUDIT-AFGEWEZEN-ONTERECHT"
ANTWOORD_ONTBREEKT = "AUDIT-ANTWOORD-ONTBREEKT"
ANTWOORD_TE_LAAT = "AUDIT-ANTWOORD-TE-LAAT"

#: for the doctests: the retourcodes of TR322 and TR389
JUDGED = frozenset({"9322", "9389"})


@dataclass(frozen=True, slots=True)
class Verdict:
    """A decision that differs from the standard: the audit code, the retourcodes concerned (the failing
    rules' for (a), the wrongly cited ones for (b)), and whether the part's amount is at stake (for (b): no
    other code of the rejection can justify it)."""

    check: str
    codes: tuple[str, ...]
    at_stake: bool


@dataclass(frozen=True, slots=True)
class PartVerdict:
    """A verdict on one part of a retour message: ``nummer`` is the ToewijzingNummer (None: the message or
    client as a whole)."""

    check: str
    code: str
    nummer: int | None


def rule_codes(codes: Iterable[str]) -> set[str]:
    """The codes that name a broken rule (status codes such as 0200, 0233, 8001 left out)."""
    return {c for c in codes if c and c not in STATUS_CODES}


def judge_prestatie(expected: Set[str], rejection: Set[str] | None, judged: Set[str]) -> Verdict | None:
    """One prestatie of a JW325: ``expected`` the retourcodes of the rules that fail on it (its own and the
    declaratie's), ``rejection`` the codes it was rejected with (None: approved), ``judged`` the retourcodes
    of the rules the product judges. None when the decision is the one the standard prescribes."""
    if rejection is None:
        if expected:
            return Verdict(GOEDGEKEURD_ONTERECHT, tuple(sorted(expected)), True)
        return None
    cited = rule_codes(rejection)
    wrong = {c for c in cited if c in judged and c not in expected}
    if not wrong:
        return None
    return Verdict(AFGEWEZEN_ONTERECHT, tuple(sorted(wrong)), not expected and wrong == cited)


def judge_retour(
    expected: Iterable[tuple[str, int | None]], actual: Iterable[tuple[str, int | None]], judged: Set[str]
) -> list[PartVerdict]:
    """A retour message: ``expected`` (retourcode, ToewijzingNummer) of the rules failing on the heenbericht,
    ``actual`` (retourcode, ToewijzingNummer) of the codes in the retour.

    (a) a failing rule on a part the retour did not reject at all; a part rejected with other codes than the
    failing rule's was decided right (its codes are incomplete, which the audit does not report). (b) a rule
    code in the retour that no failing rule on the heenbericht carries (compared by code: the retour may
    place it on another class than the finding's).

    >>> judge_retour([("9326", 7)], [("0200", None)], JUDGED | {"9326"})
    [PartVerdict(check='AUDIT-GOEDGEKEURD-ONTERECHT', code='9326', nummer=7)]
    >>> judge_retour([("9326", 7)], [("9019", 7)], JUDGED | {"9326", "9019"})
    [PartVerdict(check='AUDIT-AFGEWEZEN-ONTERECHT', code='9019', nummer=7)]
    >>> judge_retour([("0001", None)], [("0001", None)], JUDGED)
    []
    """
    rejecting = [(c, n) for c, n in actual if c not in STATUS_CODES]
    whole = any(n is None for _, n in rejecting)
    parts = {n for _, n in rejecting if n is not None}
    verdicts: list[PartVerdict] = []
    for code, nummer in sorted(set(expected), key=lambda x: (x[0], x[1] or 0)):
        if whole or (nummer is not None and nummer in parts) or (nummer is None and rejecting):
            continue
        verdicts.append(PartVerdict(GOEDGEKEURD_ONTERECHT, code, nummer))
    failing = {c for c, _ in expected}
    for code, nummer in sorted(set(rejecting), key=lambda x: (x[0], x[1] or 0)):
        if code in judged and code not in failing:
            verdicts.append(PartVerdict(AFGEWEZEN_ONTERECHT, code, nummer))
    return verdicts


def missing(detail: str) -> bool:
    """Whether a deadline finding reports a missing answer rather than a late one: the wording of
    :func:`services.quality.rules.process.late_after` ("not answered by …" against "answered …, after")."""
    return "not answered by" in detail

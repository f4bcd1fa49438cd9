"""In-message rules of the antwoordbericht (JW319) on a verzoek om toewijzing or wijziging.

An answer either rejects the verzoek (VerzoekAntwoord 1), with a RedenAfwijzingVerzoek (CD085), or says
it is being looked into (2), without one (CD086). A rejection on the woonplaatsbeginsel (reden 8) names
the responsible gemeente in the berichtklasse Woonplaatsbeginsel (TR377), which is absent with any other
reden (TR409; an answer without a reden is not held to TR409, as in the official XSLT).

>>> antwoord_problems("1", None, has_woonplaatsbeginsel=False)
['CD085']
>>> antwoord_problems("2", "3", has_woonplaatsbeginsel=False)
['CD086']
>>> antwoord_problems("1", "8", has_woonplaatsbeginsel=False), antwoord_problems("1", "3", True)
(['TR377'], ['TR409'])
>>> antwoord_problems("1", "8", has_woonplaatsbeginsel=True), antwoord_problems("2", None, True)
([], [])
"""

from __future__ import annotations

from lxml import etree

from ijw.rules._core import Report, child, ns, texts

NS = ns("JW319")
_AFGEWEZEN = "1"
_IN_ONDERZOEK = "2"
_WOONPLAATSBEGINSEL = "8"


def antwoord_problems(verzoek_antwoord: str, reden: str | None, has_woonplaatsbeginsel: bool) -> list[str]:
    """Codes of the rules (CD085, CD086, TR377, TR409) that this combination breaks."""
    problems: list[str] = []
    if verzoek_antwoord == _AFGEWEZEN and reden is None:
        problems.append("CD085")
    if verzoek_antwoord == _IN_ONDERZOEK and reden is not None:
        problems.append("CD086")
    if reden == _WOONPLAATSBEGINSEL and not has_woonplaatsbeginsel:
        problems.append("TR377")
    # an answer without a RedenAfwijzingVerzoek has no reden "ongelijk aan 8": the official XSLT checks
    # TR409 on a RedenAfwijzingVerzoek only
    if reden is not None and reden != _WOONPLAATSBEGINSEL and has_woonplaatsbeginsel:
        problems.append("TR409")
    return problems


_TEXT = {
    "CD085": ("a rejected verzoek (VerzoekAntwoord 1) needs a RedenAfwijzingVerzoek", ""),
    "CD086": (
        "a verzoek in onderzoek (VerzoekAntwoord 2) takes no RedenAfwijzingVerzoek",
        "/RedenAfwijzingVerzoek",
    ),
    "TR377": (
        "RedenAfwijzingVerzoek 8 (woonplaatsbeginsel) needs the Woonplaatsbeginsel",
        "/RedenAfwijzingVerzoek",
    ),
    "TR409": ("Woonplaatsbeginsel is only given with RedenAfwijzingVerzoek 8", "/Woonplaatsbeginsel"),
}


def check(report: Report, root: etree._Element) -> None:
    """All JW319 class rules."""
    antwoord = child(root, 1, NS + "Antwoord")
    if antwoord is None:
        return
    parts = texts(antwoord)
    problems = antwoord_problems(
        parts.get(NS + "VerzoekAntwoord") or "",
        parts.get(NS + "RedenAfwijzingVerzoek"),
        NS + "Woonplaatsbeginsel" in parts,
    )
    for code in problems:
        message, below = _TEXT[code]
        report.add(code, message, antwoord, below)

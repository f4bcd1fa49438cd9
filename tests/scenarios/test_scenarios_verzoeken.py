"""Hand-written scenarios of verzoeken (JW315, JW317) and antwoordberichten (JW319), each named after the
passage of the official rule text it illustrates.

Every message is written out by hand (``ijwxml``), sent through the real ingest one at a time (the XSD and the
official XSLT judge it first), and judged by the real quality service; the expected findings are read from
the quoted text. Rule texts: ``ijw-3.2/regels/technische-regels/berichtoverstijgend/TRnnn.md``. Each scenario
runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from ijwxml import Aanvraag, Kind, Wijziging
from script import D, Script, play

KIND, ANDER_KIND = Script().kind, Kind("999900018", achternaam="de Vries")
VERZOEK = "/Bericht/Client/Verzoek"
AANGEVRAAGD = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[{}]"
ANTWOORD = "/Bericht/Antwoord"
#: 4 hours a week
UUR_PER_WEEK = (4, "04", "2")


def _toegewezen(s: Script, nummer: int, *, kind: Kind = KIND, dag: D = D(2025, 4, 28), **kw: object) -> None:
    """A toewijzing (sent on ``dag``) from 1 May to 31 December 2025 of 45A03, 4 hours a week unless ``kw``
    says otherwise (``referentie_aanbieder``: the verzoek it honours)."""
    values: dict[str, object] = {"ingang": D(2025, 5, 1), "eind": D(2025, 12, 31), "omvang": UUR_PER_WEEK}
    s.toewijzing(f"toewijzing {nummer}", dag, kind, nummer, **(values | kw))  # type: ignore[arg-type]


def _ongewijzigd(nummer: int) -> Wijziging:
    return Wijziging("ongewijzigd", nummer)


def _nieuw(gewenst: D, code: str | None = "45A05", eind: D = D(2025, 12, 31)) -> Wijziging:
    """A NieuwProduct of category 45 to ``eind``: 4 hours a week of ``code``, or aspecifiek (``code`` None)
    with a Budget of € 2,000 (CD096: no Omvang without a Code)."""
    if code is None:
        return Wijziging("nieuw", gewenst=gewenst, eind=eind, categorie="45", budget=200000)
    return Wijziging("nieuw", gewenst=gewenst, eind=eind, categorie="45", code=code, omvang=UUR_PER_WEEK)


def _aanvraag(referentie: str, ingang: D, code: str = "45A03") -> Aanvraag:
    """An AangevraagdProduct of ``code``, 4 hours a week from ``ingang`` to 31 December 2025 (CD076: an
    Einddatum with a weekly Frequentie)."""
    return Aanvraag(referentie, ingang, D(2025, 12, 31), code=code)


# -- TR374, TR347 (JW315, JW317) ------------------------------------------------------------------------


def test_tr374_geen_verzoek_zolang_een_ander_in_behandeling_is(db_url: str) -> None:
    """TR374: "Een verzoek mag alleen worden verstuurd als er geen onderhanden verzoek is voor de betreffende
    client van dezelfde aanbieder"; "Een verzoek is in behandeling totdat er ofwel een antwoordbericht met
    VerzoekAntwoord 'Verzoek afgewezen' ofwel een toewijzingsbericht met dezelfde ReferentieAanbieder
    gestuurd is". "Aanvraag in onderzoek" ends nothing; the afwijzing and the toewijzing do."""
    s = Script()
    s.verzoek_om_toewijzing("VOT VZ-1", D(2025, 4, 1), [_aanvraag("VZ-1", D(2025, 5, 1))])
    s.antwoordbericht("VZ-1 in onderzoek", D(2025, 4, 2), "VZ-1", "2")
    s.verzoek_om_toewijzing("VOT VZ-2", D(2025, 4, 3), [_aanvraag("VZ-2", D(2025, 5, 1), "45A05")])
    s.verzoek_om_toewijzing("ander kind", D(2025, 4, 3), [_aanvraag("VZ-3", D(2025, 5, 1))], kind=ANDER_KIND)
    s.antwoordbericht("VZ-1 afgewezen", D(2025, 4, 7), "VZ-1", "1", "7")
    s.verzoek_om_toewijzing("VOT VZ-4", D(2025, 4, 8), [_aanvraag("VZ-4", D(2025, 5, 1))])
    _toegewezen(s, 1001, dag=D(2025, 4, 10), referentie_aanbieder="VZ-4")
    s.verzoek_om_wijziging("VOW VZ-5", D(2025, 6, 2), "VZ-5", [_ongewijzigd(1001), _nieuw(D(2025, 7, 1))])
    s.verzoek_om_wijziging("VOW VZ-6", D(2025, 6, 3), "VZ-6", [_ongewijzigd(1001), _nieuw(D(2025, 7, 1))])
    assert play(db_url, s) == [
        ("TR374", "VOT VZ-2", AANGEVRAAGD.format(1) + "/ReferentieAanbieder"),
        ("TR374", "VOW VZ-6", VERZOEK + "/ReferentieAanbieder"),
    ]


def test_tr347_referentie_aanbieder_uniek_voor_de_aanbieder(db_url: str) -> None:
    """TR347: "ReferentieAanbieder is uniek voor de aanbieder binnen het wettelijk domein"; IV097: "Bij een
    verzoek om toewijzing heeft ieder gevraagd product een apart ReferentieAanbieder": the AangevraagdProduct
    that repeats VZ-1 is rejected, its neighbour VZ-2 stands (the antwoord on VZ-2 breaks no TR355); a JW317
    repeating VZ-2 is rejected whole."""
    s = Script()
    s.verzoek_om_toewijzing("VOT VZ-1", D(2025, 4, 1), [_aanvraag("VZ-1", D(2025, 5, 1))])
    _toegewezen(s, 1001, dag=D(2025, 4, 3), referentie_aanbieder="VZ-1")
    s.verzoek_om_toewijzing(
        "VOT VZ-1 en VZ-2",
        D(2025, 4, 7),
        [_aanvraag("VZ-1", D(2025, 6, 1), "45A05"), _aanvraag("VZ-2", D(2025, 6, 1), "45A07")],
        kind=ANDER_KIND,
    )
    s.antwoordbericht("VZ-2 afgewezen", D(2025, 4, 8), "VZ-2", "1", "7")
    s.verzoek_om_wijziging("VOW VZ-2", D(2025, 6, 2), "VZ-2", [_ongewijzigd(1001), _nieuw(D(2025, 7, 1))])
    assert play(db_url, s) == [
        ("TR347", "VOT VZ-1 en VZ-2", AANGEVRAAGD.format(1) + "/ReferentieAanbieder"),
        ("TR347", "VOW VZ-2", VERZOEK + "/ReferentieAanbieder"),
    ]


# -- JW317: TR349, TR350, TR351, TR357, TR361, TR373, TR375, TR411, TR412 ----------------------------------


def test_tr349_tr350_tr351_alle_actuele_toewijzingen_en_alleen_die(db_url: str) -> None:
    """TR349: "Het verzoek om wijziging bericht bevat alle actuele ToegewezenProducten van de client, hetzij
    in OngewijzigdProduct, hetzij in TeWijzigenProduct"; TR350/TR351: each OngewijzigdProduct or
    TeWijzigenProduct "is gerelateerd aan een actueel toegewezen product op basis van het
    ToewijzingNummer". 1003 ended in May, before the Dagtekening 2 June; a rejected verzoek is not in
    behandeling (TR374), so the next one comes."""
    s = Script()
    _toegewezen(s, 1001)
    _toegewezen(s, 1002, code="45A05")
    _toegewezen(s, 1003, code="45A07", eind=D(2025, 5, 31))
    s.verzoek_om_wijziging(
        "zonder 1002", D(2025, 6, 2), "VOW-1", [_ongewijzigd(1001), _nieuw(D(2025, 7, 1), "45A09")]
    )
    s.verzoek_om_wijziging(
        "met 1003 en 9999",
        D(2025, 6, 3),
        "VOW-2",
        [
            _ongewijzigd(1001),
            _ongewijzigd(1003),
            _ongewijzigd(1002),
            Wijziging("te_wijzigen", 9999, D(2025, 7, 1), D(2026, 6, 30), omvang=UUR_PER_WEEK),
        ],
    )
    s.verzoek_om_wijziging(
        "compleet",
        D(2025, 6, 4),
        "VOW-3",
        [_ongewijzigd(1001), _ongewijzigd(1002), _nieuw(D(2025, 7, 1), "45A09")],
    )
    ongewijzigd = VERZOEK + "/OngewijzigdeProducten/OngewijzigdProduct[{}]/ToewijzingNummer"
    assert play(db_url, s) == [
        ("TR349", "zonder 1002", VERZOEK),
        ("TR350", "met 1003 en 9999", ongewijzigd.format(2)),
        ("TR351", "met 1003 en 9999", VERZOEK + "/TeWijzigenProducten/TeWijzigenProduct[1]/ToewijzingNummer"),
    ]


def test_tr357_tr373_wijziging_voor_de_gehele_looptijd(db_url: str) -> None:
    """TR357: "Als GewensteIngangsdatum kleiner dan of gelijk is aan de dagtekening, dan is
    GewensteIngangsdatum gelijk aan ingangsdatum van het originele ToegewezenProduct"; TR373: "Indien in een
    TeWijzigenProduct het Budget of het totaal over toewijzingsperiode wordt gewijzigd, dient
    GewensteIngangsdatum gelijk te zijn aan de actuele toewijzing". 1001: 4 hours a week, changed from 1 June
    (the Dagtekening): TR357; 1002: 100 hours in total, raised from July: TR373. Kept: the verlenging of 1001
    from its Ingangsdatum and the new total of 1002 from its Ingangsdatum."""
    s = Script()
    _toegewezen(s, 1001)
    _toegewezen(s, 1002, kind=ANDER_KIND, omvang=(100, "04", "6"))
    te_wijzigen = VERZOEK + "/TeWijzigenProducten/TeWijzigenProduct[1]/GewensteIngangsdatum"
    wijzig = Wijziging("te_wijzigen", 1001, D(2025, 6, 2), D(2026, 6, 30), omvang=(6, "04", "2"))
    s.verzoek_om_wijziging("vanaf de dagtekening", D(2025, 6, 2), "VOW-1", [wijzig])
    totaal = Wijziging("te_wijzigen", 1002, D(2025, 7, 1), D(2025, 12, 31), omvang=(150, "04", "6"))
    s.verzoek_om_wijziging("totaal vanaf juli", D(2025, 6, 2), "VOW-2", [totaal], kind=ANDER_KIND)
    verlenging = Wijziging("te_wijzigen", 1001, D(2025, 5, 1), D(2026, 6, 30), omvang=UUR_PER_WEEK)
    s.verzoek_om_wijziging("verlenging", D(2025, 6, 3), "VOW-3", [verlenging])
    totaal = Wijziging("te_wijzigen", 1002, D(2025, 5, 1), D(2025, 12, 31), omvang=(150, "04", "6"))
    s.verzoek_om_wijziging("totaal vanaf het begin", D(2025, 6, 3), "VOW-4", [totaal], kind=ANDER_KIND)
    assert play(db_url, s) == [
        ("TR357", "vanaf de dagtekening", te_wijzigen),
        ("TR373", "totaal vanaf juli", te_wijzigen),
    ]


def test_tr375_tr411_tr412_omvang_naar_het_product_van_de_toewijzing(db_url: str) -> None:
    """TR375: "Indien Product in de toewijzing met ToewijzingNummer leeg is en Einddatum groter dan 31-12-2020
    of leeg is, dan leeg laten"; TR412: the same for "Code in Product"; TR411: "Indien Code in Product bij de
    toewijzing met ToewijzingNummer gevuld is, dan Omvang verplicht vullen". 1001 is aspecifiek (category 45,
    a Budget), 1002 specifiek."""
    s = Script()
    _toegewezen(s, 1001, code=None, omvang=None, budget=200000)
    _toegewezen(s, 1002, kind=ANDER_KIND)
    met_omvang = Wijziging("te_wijzigen", 1001, D(2025, 5, 1), D(2026, 6, 30), omvang=UUR_PER_WEEK)
    s.verzoek_om_wijziging("aspecifiek met Omvang", D(2025, 6, 2), "VOW-1", [met_omvang])
    zonder = Wijziging("te_wijzigen", 1002, D(2025, 5, 1), D(2026, 6, 30))
    s.verzoek_om_wijziging("specifiek zonder Omvang", D(2025, 6, 2), "VOW-2", [zonder], kind=ANDER_KIND)
    budget = Wijziging("te_wijzigen", 1001, D(2025, 5, 1), D(2026, 6, 30), budget=200000)
    s.verzoek_om_wijziging("aspecifiek met Budget", D(2025, 6, 3), "VOW-3", [budget])
    te_wijzigen = VERZOEK + "/TeWijzigenProducten/TeWijzigenProduct[1]"
    assert play(db_url, s) == [
        ("TR412", "aspecifiek met Omvang", te_wijzigen + "/Omvang"),
        ("TR411", "specifiek zonder Omvang", te_wijzigen),
    ]


def test_tr361_een_product_alleen_vaker_zonder_overlap(db_url: str) -> None:
    """TR361: "Een Product mag alleen vaker in verzoek om wijziging voorkomen als de zorgperiodes elkaar niet
    overlappen"; Toelichting: "Voor producten die zijn opgenomen in de berichtklasse TeWijzigenProduct of
    OngewijzigdProduct moet op basis van het ToewijzingNummer de overlap op de aangevraagde producten
    gecontroleerd worden. Indien de productcode niet is meegegeven dan geldt deze technische regel op niveau
    van productcategorie." 1001 (45A03 to 31 December) goes on beside an aspecifiek 45 from July; kept: 45A03
    again from January 2026."""
    s = Script()
    _toegewezen(s, 1001)
    s.verzoek_om_wijziging(
        "aspecifiek 45 ernaast", D(2025, 6, 2), "VOW-1", [_ongewijzigd(1001), _nieuw(D(2025, 7, 1), None)]
    )
    s.verzoek_om_wijziging(
        "45A03 daarna",
        D(2025, 6, 3),
        "VOW-2",
        [_ongewijzigd(1001), _nieuw(D(2026, 1, 1), "45A03", D(2026, 6, 30))],
    )
    assert play(db_url, s) == [
        ("TR361", "aspecifiek 45 ernaast", VERZOEK + "/NieuweProducten/NieuwProduct[1]"),
    ]


# -- JW319: TR355, TR359, TR360, TR365 ------------------------------------------------------------------


def test_tr355_tr359_tr360_tr365_het_antwoordbericht(db_url: str) -> None:
    """TR355: "ReferentieAanbieder in het antwoordbericht komt voor in een eerder verzoek om toewijzing of
    verzoek om wijziging"; TR359: "Als een antwoordbericht wordt verstuurd, mag er niet al eerder een
    toewijzingsbericht gestuurd zijn met dezelfde ReferentieAanbieder"; TR360/TR365, Toelichting: "Er kan
    slechts 1 maal een antwoordbericht verstuurd worden met in VerzoekAntwoord de waarde 2 (Aanvraag in
    onderzoek). Daarna moet er ofwel een toewijzing ofwel een antwoordbericht met in VerzoekAntwoord de waarde
    1 (Verzoek afgewezen) worden gestuurd." VZ-1: in onderzoek, toegewezen, then afgewezen (TR359); VZ-2: in
    onderzoek twice (TR360), afgewezen (kept), afgewezen again (TR365); VZ-9 was never asked (TR355)."""
    s = Script()
    s.verzoek_om_toewijzing(
        "VOT", D(2025, 4, 1), [_aanvraag("VZ-1", D(2025, 5, 1)), _aanvraag("VZ-2", D(2025, 5, 1), "45A05")]
    )
    s.antwoordbericht("VZ-1 in onderzoek", D(2025, 4, 2), "VZ-1", "2")
    s.antwoordbericht("VZ-2 in onderzoek", D(2025, 4, 2), "VZ-2", "2")
    s.antwoordbericht("VZ-9 afgewezen", D(2025, 4, 2), "VZ-9", "1", "7")
    _toegewezen(s, 1001, dag=D(2025, 4, 8), referentie_aanbieder="VZ-1")
    s.antwoordbericht("VZ-1 afgewezen", D(2025, 4, 9), "VZ-1", "1", "7")
    s.antwoordbericht("VZ-2 weer in onderzoek", D(2025, 4, 9), "VZ-2", "2")
    s.antwoordbericht("VZ-2 afgewezen", D(2025, 4, 10), "VZ-2", "1", "7")
    s.antwoordbericht("VZ-2 weer afgewezen", D(2025, 4, 11), "VZ-2", "1", "7")
    assert play(db_url, s) == [
        ("TR355", "VZ-9 afgewezen", ANTWOORD + "/ReferentieAanbieder"),
        ("TR359", "VZ-1 afgewezen", ANTWOORD + "/ReferentieAanbieder"),
        ("TR360", "VZ-2 weer in onderzoek", ANTWOORD + "/VerzoekAntwoord"),
        ("TR365", "VZ-2 weer afgewezen", ANTWOORD + "/VerzoekAntwoord"),
    ]

"""The cross-message rules on verzoeken (JW315, JW317) and the antwoordbericht on them (JW319): for each, a
scenario that breaks it (a finding with the official code on the right message, at the right element) and
the near misses its text allows (no finding). Rule texts: ``ijw-3.2/regels/technische-regels/
berichtoverstijgend/TRnnn.md``; each quoted next to its test. Each runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from builder import BSN, OTHER_BSN, VP, Traffic

D = dt.date
VERZOEK = "/Bericht/Client/Verzoek"
ONGEWIJZIGD = VERZOEK + "/OngewijzigdeProducten/OngewijzigdProduct[{}]"
TE_WIJZIGEN = VERZOEK + "/TeWijzigenProducten/TeWijzigenProduct[{}]"
NIEUW = VERZOEK + "/NieuweProducten/NieuwProduct[{}]"
AANGEVRAAGD = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[{}]"
ANTWOORD = "/Bericht/Antwoord"
#: more clients (test BSNs, docs/elfproef.md), one per scenario that needs its own verzoek in behandeling
BSN3, BSN4, BSN5, BSN6 = "999990032", "999990044", "999990056", "999990068"
#: a JW317 of 10 April 2025
DAG = D(2025, 4, 10)
#: a generieke toewijzing: no Product, a Budget of € 1,000
GENERIEK: dict[str, object] = {
    "categorie": None,
    "code": None,
    "volume": None,
    "eenheid": None,
    "frequentie": None,
    "budget": 100000,
}


def _toewijzing(t: Traffic, nummer: int, bsn: str = BSN, **kw: object) -> int:
    """A toewijzing from 1 March to 31 December 2025, 4 hours a week of 45A01, unless ``kw`` says other."""
    values: dict[str, object] = {
        "ingang": D(2025, 3, 1),
        "eind": D(2025, 12, 31),
        "volume": 4,
        "eenheid": "04",
        "frequentie": "2",
    } | kw
    return t.jw301(D(2025, 2, 24), nummer, bsn=bsn, **values)  # type: ignore[arg-type]


def _wijzig(nummer: int, gewenst: dt.date = D(2025, 3, 1), **kw: object) -> VP:
    """A TeWijzigenProduct of toewijzing ``nummer``: 4 hours a week to 2026-06-30 unless ``kw`` says other."""
    values: dict[str, object] = {"eind": D(2026, 6, 30), "volume": 4, "eenheid": "04", "frequentie": "2"}
    return VP("te_wijzigen", nummer, gewenst, **(values | kw))  # type: ignore[arg-type]


def _on(traffic: Traffic, check: str) -> list[tuple[int, str | None]]:
    return [(b, loc) for c, b, loc in traffic.findings(check)]


def _tr_codes(traffic: Traffic) -> list[tuple[str, int]]:
    return [(c, b) for c, b, _ in _tr(traffic)]


def _tr(traffic: Traffic) -> list[tuple[str, int, str | None]]:
    """The findings on rules (not the deadlines or GEEN-START, judged on the same traffic)."""
    return [f for f in traffic.findings() if f[0].startswith("TR")]


def _nieuw(gewenst: dt.date, categorie: str, code: str | None, eind: dt.date | None = None) -> VP:
    """A NieuwProduct of 2 hours a week."""
    return VP("nieuw", None, gewenst, eind, 2, "04", "2", categorie=categorie, code=code)


# -- TR347 ----------------------------------------------------------------------------------------------


def test_tr347_referentie_aanbieder_used_in_an_earlier_verzoek(traffic: Traffic) -> None:
    # TR347: "ReferentieAanbieder is uniek voor de aanbieder binnen het wettelijk domein"; OP361: "Iedere
    # aanvraag in een VOT of VOW krijgt een uniek referentienummer per aanbieder per wettelijk domein" (not
    # per gemeente: a verzoek to Amsterdam uses it up for Rotterdam too). IV097: "Bij een verzoek om
    # toewijzing heeft ieder gevraagd product een apart ReferentieAanbieder", so an AangevraagdProduct is
    # rejected on its own and its neighbour with a new ReferentieAanbieder stands (the JW319 on it breaks no
    # TR355).
    traffic.verzoek(D(2025, 3, 3), "VZ-1")
    traffic.jw301(D(2025, 3, 5), 1001, ref="VZ-1", ingang=D(2025, 3, 10))  # VZ-1 honoured: not in behandeling
    again = traffic.verzoek(D(2025, 3, 10), "VZ-1", bsn=BSN3)
    traffic.run(as_of=D(2025, 3, 10))
    mixed = traffic.verzoek(D(2025, 3, 11), "VZ-2", bsn=BSN4, more_refs=("VZ-1",))  # incremental: read back
    amsterdam = Traffic(traffic.engine, gemeente="0363")
    amsterdam.verzoek(D(2025, 3, 12), "VZ-3", bsn=BSN5)
    rotterdam = traffic.verzoek(D(2025, 3, 13), "VZ-3", bsn=BSN6)
    traffic.jw319(D(2025, 3, 14), "VZ-2")
    traffic.run(as_of=D(2025, 3, 14))
    where = AANGEVRAAGD + "/ReferentieAanbieder"
    assert _on(traffic, "TR347") == [
        (again, where.format(1)),
        (mixed, where.format(2)),
        (rotterdam, where.format(1)),
    ]
    assert _tr_codes(traffic) == [("TR347", again), ("TR347", mixed), ("TR347", rotterdam)]


def test_tr347_kept_when_the_verzoek_that_used_it_was_rejected(traffic: Traffic) -> None:
    # A verzoek the gemeente rejects (here TR374: another verzoek of the client is in behandeling) changes
    # nothing (OP286 for a message rejected whole: "Het bericht moet daarmee functioneel als niet-verzonden
    # worden beschouwd"): sent again with the same ReferentieAanbieder once the other verzoek is answered, it
    # is the first verzoek with it. A JW317 with a new ReferentieAanbieder keeps the rule too.
    traffic.verzoek(D(2025, 3, 3), "VZ-1")
    rejected = traffic.verzoek(D(2025, 3, 4), "VZ-2")
    traffic.jw319(D(2025, 3, 5), "VZ-1", antwoord="1")
    traffic.verzoek(D(2025, 3, 6), "VZ-2")
    traffic.jw319(D(2025, 3, 7), "VZ-2", antwoord="1")
    traffic.verzoek(D(2025, 3, 10), "VZ-3", "JW317")
    traffic.run(as_of=D(2025, 3, 10))
    assert _tr_codes(traffic) == [("TR374", rejected)]


# -- TR349, TR350, TR351 ------------------------------------------------------------------------------


def test_tr349_the_vow_lists_every_actual_toewijzing_of_the_client(traffic: Traffic) -> None:
    # TR349: "Het verzoek om wijziging bericht bevat alle actuele ToegewezenProducten van de client"; its
    # Toelichting: "Actuele toewijzingen zijn toewijzingen die op of na de huidige datum geldig zijn": 1002
    # ends on the Dagtekening, so it is actual and missing.
    _toewijzing(traffic, 1001)
    _toewijzing(traffic, 1002, eind=DAG)
    vow = traffic.verzoek(DAG, "VOW-1", "JW317", producten=(VP("ongewijzigd", 1001),))
    traffic.run(as_of=DAG)
    assert _on(traffic, "TR349") == [(vow, VERZOEK)]
    assert _tr_codes(traffic) == [("TR349", vow)]


def test_tr349_kept_toewijzingen_that_are_not_actual_need_not_be_listed(traffic: Traffic) -> None:
    # TR349, Toelichting: actual are toewijzingen "die op of na de huidige datum geldig zijn, of waarvan de
    # ingangsdatum in de toekomst ligt" (1002 is listed); "Toewijzingen waarvan de einddatum en ingangsdatum
    # aan elkaar gelijk zijn met reden wijziging 13 (Verwijderd) of reden wijziging 01 (Administratieve
    # correctie (vervallen)), worden niet gezien als actuele toewijzing" (1004, 1005); 1003 ended before the
    # Dagtekening; 1006 is another client's. The near miss: 1007 has Einddatum = Ingangsdatum with another
    # RedenWijziging, so it is actual until that day only and ended before the Dagtekening.
    _toewijzing(traffic, 1001)
    _toewijzing(traffic, 1002, ingang=D(2025, 5, 1), code="45A02")
    _toewijzing(traffic, 1003, eind=D(2025, 4, 9))
    _toewijzing(traffic, 1004, ingang=D(2025, 5, 1), eind=D(2025, 5, 1), reden="13")
    _toewijzing(traffic, 1005, ingang=D(2025, 5, 1), eind=D(2025, 5, 1), reden="01")
    _toewijzing(traffic, 1006, bsn=OTHER_BSN)
    _toewijzing(traffic, 1007, ingang=D(2025, 4, 1), eind=D(2025, 4, 1), reden="05")
    traffic.verzoek(DAG, "VOW-1", "JW317", producten=(VP("ongewijzigd", 1002), _wijzig(1001)))
    traffic.run(as_of=DAG)
    assert _tr_codes(traffic) == []


def test_tr350_tr351_each_product_names_an_actual_toewijzing(traffic: Traffic) -> None:
    # TR350: "Ieder OngewijzigdProduct in een verzoek om wijziging bericht is gerelateerd aan een actueel
    # toegewezen product op basis van het ToewijzingNummer"; TR351: "Ieder TeWijzigenProduct in een verzoek om
    # wijziging is gerelateerd aan een actueel ToegewezenProduct op basis van ToewijzingNummer". 1003 ended
    # before the Dagtekening, 9999 was never toegewezen, 1004 was withdrawn (RedenWijziging 13, TR349's
    # Toelichting). A verzoek that breaks them is rejected: it is not in behandeling (TR374 keeps the next).
    _toewijzing(traffic, 1001)
    _toewijzing(traffic, 1003, eind=D(2025, 4, 9), code="45A02")
    _toewijzing(traffic, 1004, ingang=D(2025, 5, 1), eind=D(2025, 5, 1), reden="13", code="45A03")
    producten = (
        VP("ongewijzigd", 1001),
        VP("ongewijzigd", 1003),
        VP("ongewijzigd", 9999),
        _wijzig(1004, D(2025, 5, 1)),
    )
    vow = traffic.verzoek(DAG, "VOW-1", "JW317", producten=producten)
    traffic.verzoek(D(2025, 4, 11), "VOW-2", "JW317", producten=(VP("ongewijzigd", 1001),))
    traffic.run(as_of=D(2025, 4, 11))
    assert _on(traffic, "TR350") == [
        (vow, ONGEWIJZIGD.format(2) + "/ToewijzingNummer"),
        (vow, ONGEWIJZIGD.format(3) + "/ToewijzingNummer"),
    ]
    assert _on(traffic, "TR351") == [(vow, TE_WIJZIGEN.format(1) + "/ToewijzingNummer")]
    assert {c for c, _ in _tr_codes(traffic)} == {"TR350", "TR351"}


def test_tr350_tr351_kept_for_a_toewijzing_that_starts_later(traffic: Traffic) -> None:
    # TR349, Toelichting: actual is also a toewijzing "waarvan de ingangsdatum in de toekomst ligt" (1002).
    _toewijzing(traffic, 1001)
    _toewijzing(traffic, 1002, ingang=D(2025, 6, 1), code="45A02")
    traffic.verzoek(DAG, "VOW-1", "JW317", producten=(VP("ongewijzigd", 1001), _wijzig(1002, D(2025, 6, 1))))
    traffic.run(as_of=DAG)
    assert _tr_codes(traffic) == []


# -- TR357, TR373 --------------------------------------------------------------------------------------


def test_tr357_a_change_not_in_the_future_holds_from_the_ingangsdatum(traffic: Traffic) -> None:
    # TR357: "Als GewensteIngangsdatum kleiner dan of gelijk is aan de dagtekening, dan is
    # GewensteIngangsdatum gelijk aan ingangsdatum van het originele ToegewezenProduct": 1 April and the
    # Dagtekening itself are not in the future, and differ from the Ingangsdatum 1 March.
    _toewijzing(traffic, 1001)
    _toewijzing(traffic, 1002, bsn=OTHER_BSN)
    past = traffic.verzoek(DAG, "VOW-1", "JW317", producten=(_wijzig(1001, D(2025, 4, 1)),))
    today = traffic.verzoek(DAG, "VOW-2", "JW317", bsn=OTHER_BSN, producten=(_wijzig(1002, DAG),))
    traffic.run(as_of=DAG)
    where = TE_WIJZIGEN.format(1) + "/GewensteIngangsdatum"
    assert _on(traffic, "TR357") == [(past, where), (today, where)]
    assert _tr_codes(traffic) == [("TR357", past), ("TR357", today)]


def test_tr357_kept_from_the_ingangsdatum_or_in_the_future(traffic: Traffic) -> None:
    # TR357, Toelichting: "Als een wijziging niet in de toekomst moet ingaan, dan is het altijd een wijziging
    # die voor de gehele looptijd geldt": from the Ingangsdatum (1001), or from a day after the Dagtekening.
    _toewijzing(traffic, 1001)
    _toewijzing(traffic, 1002, bsn=OTHER_BSN)
    traffic.verzoek(DAG, "VOW-1", "JW317", producten=(_wijzig(1001, D(2025, 3, 1)),))
    traffic.verzoek(DAG, "VOW-2", "JW317", bsn=OTHER_BSN, producten=(_wijzig(1002, D(2025, 4, 11)),))
    traffic.run(as_of=DAG)
    assert _tr_codes(traffic) == []


def test_tr373_budget_or_total_changes_for_the_whole_looptijd(traffic: Traffic) -> None:
    # TR373: "Indien in een TeWijzigenProduct het Budget of het totaal over toewijzingsperiode wordt
    # gewijzigd, dient GewensteIngangsdatum gelijk te zijn aan de actuele toewijzing"; Toelichting: "Als in
    # een verzoek om wijziging een budgetaanpassing wordt gevraagd, is dit altijd voor de gehele looptijd van
    # de betreffende toewijzing". 1001: an aspecifieke toewijzing with a Budget of € 1,000; 1002: 100 hours in
    # total (Frequentie 6, IV093: "dan betreft dit altijd een wijziging vanaf de originele begindatum").
    _toewijzing(traffic, 1001, code=None, volume=None, eenheid=None, frequentie=None, budget=100000)
    _toewijzing(traffic, 1002, bsn=OTHER_BSN, volume=100, frequentie="6")
    budget = traffic.verzoek(
        DAG, "VOW-1", "JW317", producten=(_wijzig(1001, D(2025, 5, 1), volume=None, budget=150000),)
    )
    totaal = traffic.verzoek(
        DAG,
        "VOW-2",
        "JW317",
        bsn=OTHER_BSN,
        producten=(_wijzig(1002, D(2025, 5, 1), volume=120, frequentie="6"),),
    )
    traffic.run(as_of=DAG)
    where = TE_WIJZIGEN.format(1) + "/GewensteIngangsdatum"
    assert _on(traffic, "TR373") == [(budget, where), (totaal, where)]
    assert _tr_codes(traffic) == [("TR373", budget), ("TR373", totaal)]


def test_tr373_kept_when_neither_budget_nor_total_changes_or_from_the_ingangsdatum(traffic: Traffic) -> None:
    # TR373 names the Budget and "het totaal over toewijzingsperiode" only: the same Budget with a later
    # Einddatum from May (1001), another weekly Omvang from May (1002: no total), another Budget from the
    # Ingangsdatum (1003).
    _toewijzing(traffic, 1001, code=None, volume=None, eenheid=None, frequentie=None, budget=100000)
    _toewijzing(traffic, 1002, bsn=OTHER_BSN)
    _toewijzing(traffic, 1003, bsn=BSN3, code=None, volume=None, eenheid=None, frequentie=None, budget=100000)
    traffic.verzoek(
        DAG, "VOW-1", "JW317", producten=(_wijzig(1001, D(2025, 5, 1), volume=None, budget=100000),)
    )
    traffic.verzoek(DAG, "VOW-2", "JW317", bsn=OTHER_BSN, producten=(_wijzig(1002, D(2025, 5, 1), volume=6),))
    traffic.verzoek(DAG, "VOW-3", "JW317", bsn=BSN3, producten=(_wijzig(1003, volume=None, budget=150000),))
    traffic.run(as_of=DAG)
    assert _tr_codes(traffic) == []


# -- TR375, TR411, TR412 -------------------------------------------------------------------------------


def test_tr375_tr411_tr412_omvang_follows_the_product_of_the_toewijzing(traffic: Traffic) -> None:
    # TR375: "Indien Product in de toewijzing met ToewijzingNummer leeg is en Einddatum groter dan 31-12-2020
    # of leeg is, dan leeg laten"; TR412: the same when "Code in Product" is empty; TR411: "Indien Code in
    # Product bij de toewijzing met ToewijzingNummer gevuld is, dan Omvang verplicht vullen" (retourcodes
    # 9375, 9412: "Omvang is gevuld", 9411: "Omvang is leeg"). 1001: generiek (no Product), 1002: aspecifiek
    # (Categorie only), 1003: specifiek; each TeWijzigenProduct without an Einddatum or after 2020.
    _toewijzing(traffic, 1001, **GENERIEK)
    _toewijzing(traffic, 1002, bsn=OTHER_BSN, code=None)
    _toewijzing(traffic, 1003, bsn=BSN3)
    no_product = traffic.verzoek(DAG, "VOW-1", "JW317", producten=(_wijzig(1001, eind=None),))
    no_code = traffic.verzoek(DAG, "VOW-2", "JW317", bsn=OTHER_BSN, producten=(_wijzig(1002),))
    code = traffic.verzoek(DAG, "VOW-3", "JW317", bsn=BSN3, producten=(_wijzig(1003, volume=None),))
    traffic.run(as_of=DAG)
    omvang = TE_WIJZIGEN.format(1) + "/Omvang"
    assert _tr(traffic) == [
        ("TR375", no_product, omvang),
        ("TR412", no_product, omvang),
        ("TR412", no_code, omvang),
        ("TR411", code, TE_WIJZIGEN.format(1)),
    ]


def test_tr375_tr411_tr412_kept(traffic: Traffic) -> None:
    # The near misses: no Omvang for a generiek or aspecifiek toewijzing, an Omvang for a specifiek one, and
    # (TR375, TR412: "Einddatum groter dan 31-12-2020 of leeg") an Omvang asked up to 31-12-2020 itself.
    _toewijzing(traffic, 1001, **GENERIEK)
    _toewijzing(traffic, 1002, bsn=OTHER_BSN, code=None)
    _toewijzing(traffic, 1003, bsn=BSN3)
    traffic.verzoek(DAG, "VOW-1", "JW317", producten=(_wijzig(1001, volume=None, budget=100000),))
    traffic.verzoek(DAG, "VOW-2", "JW317", bsn=OTHER_BSN, producten=(_wijzig(1002, volume=None),))
    traffic.verzoek(DAG, "VOW-3", "JW317", bsn=BSN3, producten=(_wijzig(1003),))
    traffic.jw301(D(2020, 5, 25), 2001, bsn=BSN4, ingang=D(2020, 6, 1), code=None)
    traffic.verzoek(
        D(2020, 9, 1),
        "VOW-4",
        "JW317",
        bsn=BSN4,
        producten=(_wijzig(2001, D(2020, 6, 1), eind=D(2020, 12, 31)),),
    )
    traffic.run(as_of=DAG)
    assert _tr(traffic) == []


# -- TR361 ----------------------------------------------------------------------------------------------


def test_tr361_a_product_twice_in_overlapping_zorgperiodes(traffic: Traffic) -> None:
    # TR361: "Een Product mag alleen vaker in verzoek om wijziging voorkomen als de zorgperiodes elkaar niet
    # overlappen"; Toelichting: "Voor producten die zijn opgenomen in de berichtklasse TeWijzigenProduct of
    # OngewijzigdProduct moet op basis van het ToewijzingNummer de overlap op de aangevraagde producten
    # gecontroleerd worden. Indien de productcode niet is meegegeven dan geldt deze technische regel op niveau
    # van productcategorie." 1001 (45A01, to 31 December) goes on unchanged beside a new product of category
    # 45 without Code from June; 1002 (45A02) is extended to mid-2026 beside a new 45A02 from January 2026.
    _toewijzing(traffic, 1001)
    _toewijzing(traffic, 1002, code="45A02")
    producten = (
        VP("ongewijzigd", 1001),
        _wijzig(1002),
        _nieuw(D(2025, 6, 1), "45", None, D(2025, 8, 31)),
        _nieuw(D(2026, 1, 1), "45", "45A02"),
    )
    vow = traffic.verzoek(DAG, "VOW-1", "JW317", producten=producten)
    traffic.run(as_of=DAG)
    assert _on(traffic, "TR361") == [(vow, NIEUW.format(1)), (vow, NIEUW.format(2))]
    assert _tr_codes(traffic) == [("TR361", vow), ("TR361", vow)]


def test_tr361_kept_in_periods_that_do_not_overlap_or_another_product(traffic: Traffic) -> None:
    # TR361: allowed "als de zorgperiodes elkaar niet overlappen" (45A01 again from January 2026, after 1001
    # ends), another Categorie in the same period (41), and two NieuwProducten: those the XSLT compares within
    # the message (TR410, judged at ingest), not this rule again.
    _toewijzing(traffic, 1001)
    producten = (
        VP("ongewijzigd", 1001),
        _nieuw(D(2026, 1, 1), "45", "45A01"),
        _nieuw(D(2025, 6, 1), "41", "41A01"),
        _nieuw(D(2025, 7, 1), "41", "41A01"),
    )
    traffic.verzoek(DAG, "VOW-1", "JW317", producten=producten)
    traffic.run(as_of=DAG)
    assert _tr_codes(traffic) == []


# -- TR355, TR359, TR360, TR365 (JW319) -------------------------------------------------------------


def test_tr355_antwoord_on_a_referentie_aanbieder_of_no_earlier_verzoek(traffic: Traffic) -> None:
    # TR355: "ReferentieAanbieder in het antwoordbericht komt voor in een eerder verzoek om toewijzing of
    # verzoek om wijziging"; Toelichting: "moet worden gevuld met het ReferentieAanbieder van het
    # oorspronkelijke verzoek". VZ-9 was never asked; VZ-2 was asked of Amsterdam, not of Rotterdam that
    # answers (OP344: the gemeente answers the verzoek it received).
    traffic.verzoek(D(2025, 3, 3), "VZ-1")
    Traffic(traffic.engine, gemeente="0363").verzoek(D(2025, 3, 3), "VZ-2", bsn=OTHER_BSN)
    kept = traffic.jw319(D(2025, 3, 4), "VZ-1")
    unknown = traffic.jw319(D(2025, 3, 4), "VZ-9", antwoord="1")
    elsewhere = traffic.jw319(D(2025, 3, 5), "VZ-2", antwoord="1")
    traffic.run(as_of=D(2025, 3, 5))
    where = ANTWOORD + "/ReferentieAanbieder"
    assert _on(traffic, "TR355") == [(unknown, where), (elsewhere, where)]
    assert kept not in {b for _, b in _tr_codes(traffic)}


def test_tr359_no_antwoord_after_the_toewijzing(traffic: Traffic) -> None:
    # TR359: "Als een antwoordbericht wordt verstuurd, mag er niet al eerder een toewijzingsbericht gestuurd
    # zijn met dezelfde ReferentieAanbieder." VZ-2 is answered before it is toegewezen: kept. An antwoord that
    # breaks a rule changes nothing: the afwijzing of VZ-1 after its toewijzing ends no verzoek.
    traffic.verzoek(D(2025, 3, 3), "VZ-1")
    traffic.verzoek(D(2025, 3, 3), "VZ-2", bsn=OTHER_BSN)
    traffic.jw301(D(2025, 3, 4), 1001, ref="VZ-1", ingang=D(2025, 3, 10))
    traffic.jw319(D(2025, 3, 4), "VZ-2")
    traffic.run(as_of=D(2025, 3, 4))
    late = traffic.jw319(D(2025, 3, 5), "VZ-1", antwoord="1")  # an incremental run: read back
    traffic.jw301(D(2025, 3, 6), 1002, bsn=OTHER_BSN, ref="VZ-2", ingang=D(2025, 3, 10))
    traffic.run(as_of=D(2025, 3, 6))
    assert _on(traffic, "TR359") == [(late, ANTWOORD + "/ReferentieAanbieder")]
    assert _tr_codes(traffic) == [("TR359", late)]


def test_tr360_tr365_one_aanvraag_in_onderzoek_then_a_decision(traffic: Traffic) -> None:
    # TR360: "Een antwoordbericht met in VerzoekAntwoord de waarde 2 (Aanvraag in onderzoek), mag alleen
    # gestuurd worden indien er nog geen antwoordbericht is met deze ReferentieAanbieder"; TR365: "Als er al
    # een antwoordbericht is met dezelfde ReferentieAanbieder dan moet VerzoekAntwoord daar de waarde 2
    # (Aanvraag in onderzoek) hebben"; Toelichting of both: "Er kan slechts 1 maal een antwoordbericht
    # verstuurd worden met in VerzoekAntwoord de waarde 2 (Aanvraag in onderzoek). Daarna moet er ofwel een
    # toewijzing ofwel een antwoordbericht met in VerzoekAntwoord de waarde 1 (Verzoek afgewezen) worden
    # gestuurd." VZ-1: 2, then 1 (kept), then 1 again (TR365); VZ-2: 2 twice (TR360); VZ-3: 1, then 2
    # (TR360 and TR365).
    for ref, bsn in (("VZ-1", BSN), ("VZ-2", OTHER_BSN), ("VZ-3", BSN3)):
        traffic.verzoek(D(2025, 3, 3), ref, bsn=bsn)
    traffic.jw319(D(2025, 3, 4), "VZ-1")
    traffic.jw319(D(2025, 3, 4), "VZ-2")
    traffic.jw319(D(2025, 3, 4), "VZ-3", antwoord="1")
    traffic.run(as_of=D(2025, 3, 4))
    traffic.jw319(
        D(2025, 3, 10), "VZ-1", antwoord="1"
    )  # an incremental run: the earlier antwoorden read back
    twice = traffic.jw319(D(2025, 3, 10), "VZ-2")
    after_no = traffic.jw319(D(2025, 3, 10), "VZ-3")
    again = traffic.jw319(D(2025, 3, 11), "VZ-1", antwoord="1")
    traffic.run(as_of=D(2025, 3, 11))
    where = ANTWOORD + "/VerzoekAntwoord"
    assert _on(traffic, "TR360") == [(twice, where), (after_no, where)]
    assert _on(traffic, "TR365") == [(after_no, where), (again, where)]


def test_tr360_tr365_a_rejected_antwoord_is_no_earlier_antwoord(traffic: Traffic) -> None:
    # A JW319 that breaks a rule changes nothing (as a JW325 that breaks TR367): an "Aanvraag in onderzoek" on
    # a ReferentieAanbieder nobody asked (TR355) is no earlier antwoord when VZ-1 is then asked and answered.
    # And the rejected afwijzing ends no verzoek: a second verzoek of the client still breaks TR374.
    premature = traffic.jw319(D(2025, 3, 3), "VZ-1", antwoord="1")
    traffic.verzoek(D(2025, 3, 4), "VZ-1")
    traffic.jw319(D(2025, 3, 5), "VZ-1")
    second = traffic.verzoek(D(2025, 3, 6), "VZ-2")
    traffic.run(as_of=D(2025, 3, 6))
    assert _tr_codes(traffic) == [("TR355", premature), ("TR374", second)]


def test_tr347_tr360_tr374_incremental_runs_judge_as_one_full_run(traffic: Traffic) -> None:
    # The verzoek state read back between runs (used ReferentieAanbieders, antwoorden, toewijzingen that
    # honoured a verzoek, rejected AangevraagdProducten) is the state the linker had built: run by run, the
    # same findings as one full replay.
    steps = [
        lambda: traffic.verzoek(D(2025, 3, 3), "VZ-1", more_refs=("VZ-2",)),
        lambda: traffic.jw319(D(2025, 3, 4), "VZ-1"),
        lambda: traffic.verzoek(D(2025, 3, 5), "VZ-3", bsn=OTHER_BSN, more_refs=("VZ-1",)),
        lambda: traffic.jw301(D(2025, 3, 6), 1001, ref="VZ-2", ingang=D(2025, 3, 10)),
        lambda: traffic.jw319(D(2025, 3, 7), "VZ-1"),
        lambda: traffic.jw319(D(2025, 3, 7), "VZ-2", antwoord="1"),
        lambda: traffic.verzoek(D(2025, 3, 10), "VZ-4"),
        lambda: traffic.jw319(D(2025, 3, 11), "VZ-1", antwoord="1"),
        lambda: traffic.verzoek(D(2025, 3, 12), "VZ-5", "JW317", producten=(VP("ongewijzigd", 1001),)),
    ]
    for step in steps:
        step()
        traffic.run(as_of=D(2025, 3, 12))
    incremental = _tr(traffic)
    traffic.run(full=True, as_of=D(2025, 3, 12))
    assert _tr(traffic) == incremental
    assert {c for c, _, _ in incremental} == {"TR347", "TR359", "TR360", "TR374"}

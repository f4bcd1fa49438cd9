"""Hand-written scenarios, each named after the passage of the official rule text it illustrates.

Every message is written out by hand (``ijwxml``), sent through the real ingest one at a time, and judged by
the real quality service; the expected findings are read from the quoted text, not from the product or the
traffic generator. Rule texts: ``ijw-3.2/regels/technische-regels/berichtoverstijgend/TRnnn.md`` and the
bedrijfsregel (``regels/bedrijfsregels/OPnnn.md``) each implements. Each scenario runs on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from ijwxml import Kind, Prestatie
from script import ANDERE_AANBIEDER, ANDERE_GEMEENTE, D, Script, month, play

KIND, ANDER_KIND = Script().kind, Kind("999900018", achternaam="de Vries")
MEI, JUNI, JULI, SEPTEMBER = month(2025, 5), month(2025, 6), month(2025, 7), month(2025, 9)
PRESTATIE = "/Bericht/Declaratie/Clienten/Client[{}]/Prestaties/Prestatie[{}]"


def _toegewezen_en_gestart(
    s: Script, nummer: int = 1001, kind: Kind = KIND, *, party: dict[str, str] | None = None, **kw: object
) -> None:
    """A toewijzing from 1 May to 31 December 2025 (100 hours in total unless ``omvang`` says otherwise) and
    its start on 1 May; ``party``: another ``gemeente`` or ``aanbieder``."""
    values: dict[str, object] = {"ingang": D(2025, 5, 1), "eind": D(2025, 12, 31), "omvang": (100, "04", "6")}
    values |= kw
    party = party or {}
    s.toewijzing(f"toewijzing {nummer}", D(2025, 4, 28), kind, nummer, **party, **values)  # type: ignore[arg-type]
    s.start(f"start {nummer}", D(2025, 5, 2), nummer, D(2025, 5, 1), kind=kind, **party)


def _p(ref: str, periode: tuple[dt.date, dt.date], nummer: int = 1001, **kw: object) -> Prestatie:
    values: dict[str, object] = {"volume": 4, "bsn": KIND.bsn} | kw
    return Prestatie(ref, nummer, periode[0], periode[1], **values)  # type: ignore[arg-type]


# -- TR318 / OP284 ------------------------------------------------------------------------------------


def test_tr318_toelichting_no_care_in_july_and_august_then_september(db_url: str) -> None:
    """TR318, Toelichting: "In mei en juni wordt zorg geleverd … In juli en augustus wordt geen zorg
    geleverd … DeclaratiePeriode mei …; DeclaratiePeriode juni …; DeclaratiePeriode september"."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI)])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R2", JUNI)])
    s.declaratie("september", D(2025, 10, 2), SEPTEMBER, [_p("R3", SEPTEMBER)])
    assert play(db_url, s) == []


def test_tr318_op284_overlap_for_corrections_on_the_last_submitted_period(db_url: str) -> None:
    """OP284: "Overlap van declaratieperioden is toegestaan voor correcties op de laatst ingediende
    periode": a second declaratie over June credits June's prestatie and declares it again."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI)])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R2", JUNI)])
    s.declaratie(
        "correctie juni",
        D(2025, 7, 10),
        JUNI,
        [_p("R3", JUNI, credit=True, vorig="R2"), _p("R4", JUNI, volume=6)],
    )
    assert play(db_url, s) == []


def test_tr318_definitie_a_period_before_the_last_submitted_one(db_url: str) -> None:
    """TR318, Definitie: "moet DeclaratiePeriode de kalendermaand volgend op voorgaande DeclaratiePeriode
    zijn"; OP284 allows gaps and overlap with the last submitted period only. May after June is neither."""
    s = Script()
    _toegewezen_en_gestart(s)
    _toegewezen_en_gestart(s, 1002)
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R1", JUNI)])
    s.declaratie("mei na juni", D(2025, 7, 4), MEI, [_p("R2", MEI, 1002)])
    assert play(db_url, s) == [("TR318", "mei na juni", "/Bericht/Declaratie/DeclaratiePeriode")]


def test_tr318_design_a_rejected_declaratie_still_has_its_prestaties_judged(db_url: str) -> None:
    """DESIGN.md (quality): "the finding is kept even when the message is then rejected"; the receiving
    backoffice reports every failing retourcode. A declaratie rejected with TR318 reuses ReferentieNummer R1
    (TR314, "uniek voor de aanbieder … berichtoverstijgend") and declares June again (TR389)."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.declaratie("juli", D(2025, 8, 4), JULI, [_p("R1", JULI), _p("R2", JUNI)])
    s.declaratie("juni na juli", D(2025, 8, 5), JUNI, [_p("R1", MEI), _p("R3", JUNI)])
    assert play(db_url, s) == [
        ("TR314", "juni na juli", PRESTATIE.format(1, 1) + "/ProductReferentie/ReferentieNummer"),
        ("TR389", "juni na juli", PRESTATIE.format(1, 2) + "/IngediendBedrag/DebetCredit"),
        ("TR318", "juni na juli", "/Bericht/Declaratie/DeclaratiePeriode"),
    ]


# -- TR304 --------------------------------------------------------------------------------------------


def test_tr304_bsn_moet_overeenkomen_met_bsn_van_een_client(db_url: str) -> None:
    """TR304: "Bsn moet overeenkomen met Bsn van een Client": under ANDER_KIND's Bsn, a prestatie on
    toewijzing 1001 (of KIND) breaks it; one on ANDER_KIND's own toewijzing 1002 keeps it."""
    s = Script()
    _toegewezen_en_gestart(s)
    _toegewezen_en_gestart(s, 1002, ANDER_KIND)
    s.declaratie(
        "mei",
        D(2025, 6, 3),
        MEI,
        [_p("R2", MEI, 1002, bsn=ANDER_KIND.bsn), _p("R3", MEI, 1001, bsn=ANDER_KIND.bsn)],
    )
    assert play(db_url, s) == [("TR304", "mei", "/Bericht/Declaratie/Clienten/Client[1]/Bsn")]


# -- TR314 --------------------------------------------------------------------------------------------


def test_tr314_uniek_binnen_een_bericht(db_url: str) -> None:
    """TR314: "ReferentieNummer van de Prestatie moet uniek zijn voor de aanbieder …, zowel binnen één
    bericht als berichtoverstijgend". Within one message the official validation XSLT already rejects the
    second Prestatie with the same logical key (TR101, retourcode 0001, control level 2), so the message
    never reaches the cross-message level; it is reported, and changes nothing."""
    s = Script()
    _toegewezen_en_gestart(s)
    _toegewezen_en_gestart(s, 1002)
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI), _p("R1", MEI, 1002)])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R2", MEI)])  # May was not declared: no TR389
    assert play(db_url, s) == [
        ("TR101", "mei", "/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie[2]")
    ]


def test_tr314_uniek_voor_de_aanbieder_berichtoverstijgend(db_url: str) -> None:
    """TR314: unique "voor de aanbieder … berichtoverstijgend": again in a later declaratie, and again in a
    declaratie to another gemeente (the aanbieder is the same); another aanbieder may use the same number."""
    s = Script()
    _toegewezen_en_gestart(s)
    _toegewezen_en_gestart(s, 2001, party={"gemeente": ANDERE_GEMEENTE})
    _toegewezen_en_gestart(s, 3001, party={"aanbieder": ANDERE_AANBIEDER})
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI)])
    s.declaratie("andere aanbieder", D(2025, 6, 3), MEI, [_p("R1", MEI, 3001)], aanbieder=ANDERE_AANBIEDER)
    s.declaratie("andere gemeente", D(2025, 6, 4), MEI, [_p("R1", MEI, 2001)], gemeente=ANDERE_GEMEENTE)
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R1", JUNI)])
    location = PRESTATIE.format(1, 1) + "/ProductReferentie/ReferentieNummer"
    assert play(db_url, s) == [("TR314", "andere gemeente", location), ("TR314", "juni", location)]


# -- TR322 --------------------------------------------------------------------------------------------


def test_tr322_som_van_geleverd_volume_past_binnen_de_omvang(db_url: str) -> None:
    """TR322: "de som van GeleverdVolume in alle ingediende Prestaties die betrekking hebben op dat
    ToegewezenProduct [moet] passen binnen de toegewezen Omvang": 40 hours in total; 25 in May and 15 in
    June fit, 1 more in July does not."""
    s = Script()
    _toegewezen_en_gestart(s, omvang=(40, "04", "6"))
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI, volume=25)])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R2", JUNI, volume=15)])
    s.declaratie("juli", D(2025, 8, 4), JULI, [_p("R3", JULI, volume=1)])
    assert play(db_url, s) == [("TR322", "juli", PRESTATIE.format(1, 1) + "/GeleverdVolume")]


def test_tr322_toelichting_frequentie_en_loopduur(db_url: str) -> None:
    """TR322, Toelichting: "rekening … met de waarden van Eenheid, Frequentie en totale loopduur van het
    ToegewezenProduct": 3 hours per week (Frequentie 2) over May and June; June's 13 hours fit the weeks
    of the loopduur, but together with May's prestaties the sum passes what 10 weeks allow."""
    s = Script()
    _toegewezen_en_gestart(s, eind=D(2025, 7, 6), omvang=(3, "04", "2"))  # 1 May–6 July: ISO weeks 18–27
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI, volume=13)])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R2", JUNI, volume=13)])
    s.declaratie("juli", D(2025, 8, 4), JULI, [_p("R3", (D(2025, 7, 1), D(2025, 7, 6)), volume=5)])
    # 5 hours in 1–6 July, one ISO week of 3 hours, break TR321 as well (IV076: "1 week x 3 uur")
    volume = PRESTATIE.format(1, 1) + "/GeleverdVolume"
    assert play(db_url, s) == [("TR321", "juli", volume), ("TR322", "juli", volume)]


def test_tr322_with_tr341_minutes_on_a_toewijzing_in_hours(db_url: str) -> None:
    """TR341, Toelichting: "Bij toewijzing in uren mag ook in minuten gedeclareerd worden"; TR322 sums with
    the Eenheid: 10 hours allow 300 minutes plus 5 hours, not a minute more."""
    s = Script()
    _toegewezen_en_gestart(s, omvang=(10, "04", "6"))
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI, volume=300, eenheid="01", tarief=20)])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R2", JUNI, volume=5)])
    s.declaratie("juli", D(2025, 8, 4), JULI, [_p("R3", JULI, volume=1, eenheid="01", tarief=20)])
    assert play(db_url, s) == [("TR322", "juli", PRESTATIE.format(1, 1) + "/GeleverdVolume")]


def test_tr341_eenheid_moet_passen_bij_eenheid_in_het_toegewezen_product(db_url: str) -> None:
    """TR341, Definitie: "Eenheid in Prestatie moet passen bij Eenheid in het ToegewezenProduct"; Toelichting:
    "Bij toewijzing in uren mag ook in minuten gedeclareerd worden. Voor aspecifieke of generieke
    toewijzingen geldt dat de eenheid overeen dient te komen met de eenheid in de gemaakte
    contractafspraken": etmalen on a toewijzing in uren break it, minutes keep it, and on an aspecifieke
    toewijzing (no ProductCode) the contract decides, which the traffic does not show."""
    s = Script()
    _toegewezen_en_gestart(s)
    _toegewezen_en_gestart(s, 1002, code=None, omvang=None)  # CD080: no Omvang without a ProductCode
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI, eenheid="14", tarief=9000)])
    s.declaratie(
        "juni",
        D(2025, 7, 3),
        JUNI,
        [_p("R2", JUNI, volume=90, eenheid="01", tarief=20), _p("R3", JUNI, 1002, eenheid="14", tarief=9000)],
    )
    assert play(db_url, s) == [("TR341", "mei", PRESTATIE.format(1, 1) + "/Eenheid")]


# -- TR389 --------------------------------------------------------------------------------------------


def test_tr389_niet_al_eerder_een_debetprestatie_verzonden(db_url: str) -> None:
    """TR389: a debet "mag alleen ingezonden worden voor dezelfde ProductPeriode, ProductCategorie en
    ProductCode met gelijk ToewijzingNummer als er niet al eerder een debetprestatie is verzonden": May
    again in June's declaratie, and June again in a correction over June (allowed by OP284 as a period)."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI)])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R2", JUNI), _p("R3", MEI)])
    s.declaratie("correctie juni", D(2025, 7, 10), JUNI, [_p("R4", JUNI, volume=6)])
    debet = "/IngediendBedrag/DebetCredit"
    assert play(db_url, s) == [
        ("TR389", "juni", PRESTATIE.format(1, 2) + debet),
        ("TR389", "correctie juni", PRESTATIE.format(1, 1) + debet),
    ]


def test_tr389_toelichting_wel_toegestaan_na_een_creditprestatie(db_url: str) -> None:
    """TR389, Toelichting: "Indien eerder verzonden Prestatie met … Debet, een bijbehorende creditprestatie
    heeft, is het verzenden van een Prestatie met … Debet wel toegestaan. Een debetprestatie heeft een
    creditprestatie, als er voor dezelfde ProductPeriode een creditprestatie bestaat, waarbij
    VorigeReferentieNummer de waarde heeft van ReferentieNummer uit de debetprestatie": the new debet may
    come before its credit in the message."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI)])
    s.declaratie(
        "juni met correctie mei",
        D(2025, 7, 3),
        JUNI,
        [_p("R2", JUNI), _p("R3", MEI, volume=6), _p("R4", MEI, credit=True, vorig="R1")],
    )
    assert play(db_url, s) == []


# -- starts and stops ---------------------------------------------------------------------------------

START = "/Bericht/Client/StartProducten/StartProduct[1]"
STOP = "/Bericht/Client/StopProducten/StopProduct[1]"


def test_tr326_geen_nieuwe_start_zolang_er_een_actuele_start_is(db_url: str) -> None:
    """TR326: "Een Startbericht mag pas verstuurd worden als er géén actueel Startbericht bij een
    ToegewezenProduct is"; Toelichting: "Pas nadat er een stopbericht is gekomen kan er opnieuw een
    startbericht … gestuurd worden": a second start while the first runs breaks it; a start after a
    (tijdelijke) stop keeps it."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.start("tweede start", D(2025, 5, 12), 1001, D(2025, 5, 12))
    s.stop("tijdelijke stop", D(2025, 6, 2), 1001, D(2025, 5, 1), D(2025, 5, 31), reden="20")
    s.start("herstart", D(2025, 6, 16), 1001, D(2025, 6, 16))
    assert play(db_url, s) == [("TR326", "tweede start", START)]


def test_tr074_sleutel_uniek_in_combinatie_met_alle_reeds_ontvangen_berichten(db_url: str) -> None:
    """TR074: with StatusAanlevering 1 "moet de sleutel van de betreffende aanlevering niet alleen uniek zijn
    binnen het bericht zelf, maar ook in combinatie met alle reeds ontvangen berichten": the same start sent
    again after its stop breaks it; sent again after withdrawing it (StatusAanlevering 3) keeps it."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.stop("stop", D(2025, 6, 2), 1001, D(2025, 5, 1), D(2025, 5, 31), reden="31")
    s.start("dezelfde start opnieuw", D(2025, 6, 3), 1001, D(2025, 5, 1))
    _toegewezen_en_gestart(s, 1002)
    s.start("start 1002 ingetrokken", D(2025, 5, 5), 1002, D(2025, 5, 1), status="3")
    s.start("start 1002 opnieuw", D(2025, 5, 6), 1002, D(2025, 5, 1))
    assert play(db_url, s) == [("TR074", "dezelfde start opnieuw", START + "/Begindatum")]


def test_tr382_stop_met_de_sleutel_van_zijn_start(db_url: str) -> None:
    """TR382: "De sleutelelementen uit het startbericht moeten in het stopbericht … ongewijzigd worden
    overgenomen": a stop whose Begindatum is not that of a start breaks it; the stop with the start's
    Begindatum keeps it."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.stop("andere begindatum", D(2025, 6, 2), 1001, D(2025, 5, 2), D(2025, 5, 31), reden="31")
    s.stop("stop", D(2025, 6, 3), 1001, D(2025, 5, 1), D(2025, 5, 31), reden="31")
    assert play(db_url, s) == [("TR382", "andere begindatum", STOP + "/Begindatum")]


def test_tr415_geen_tweede_definitieve_stop_wel_na_een_tijdelijke(db_url: str) -> None:
    """TR415: "Er mag geen StopProduct zijn met gelijk Bsn, ToewijzingNummer, Begindatum en RedenBeeindiging
    <> waarde 20, indien StatusAanlevering waarde 1 of 2 heeft": a second definitive stop of one start breaks
    it; a definitive stop after a tijdelijke stop (20) of the same start keeps it."""
    s = Script()
    _toegewezen_en_gestart(s)
    _toegewezen_en_gestart(s, 1002)
    s.stop("stop 1001", D(2025, 6, 2), 1001, D(2025, 5, 1), D(2025, 5, 31), reden="31")
    s.stop("tweede stop 1001", D(2025, 6, 9), 1001, D(2025, 5, 1), D(2025, 6, 6), reden="34")
    s.stop("tijdelijke stop 1002", D(2025, 6, 2), 1002, D(2025, 5, 1), D(2025, 5, 31), reden="20")
    s.stop("definitieve stop 1002", D(2025, 6, 9), 1002, D(2025, 5, 1), D(2025, 6, 6), reden="31")
    assert play(db_url, s) == [("TR415", "tweede stop 1001", STOP + "/RedenBeeindiging")]


def test_op272_casus_4_correctie_van_een_stopbericht(db_url: str) -> None:
    """OP272: "Aanbieder verzendt binnen vijf werkdagen na daadwerkelijke beëindiging van de ondersteuning
    een stopbericht". Casus 4 of the Casusbeschrijvingen 3.2 ("Van levering via Stopzorg naar Corrigeren
    Stopzorg", OP272 among its rules): the care ends on Tuesday 17 June 2025 with RedenBeeindiging 33;
    "Enkele dagen nadat het stopbericht verstuurd is" the aanbieder sends "een nieuw stopbericht met hierin
    zowel de intrekking van de eerder verstuurde stop, als de nieuwe vervangende stop" with the reason
    "levering volgens plan beëindigd" (31 in JZ588 of release 3.2). A stop sent on time and corrected after
    the fifth werkdag (Tuesday 24 June) keeps OP272; a stop sent on the sixth werkdag breaks it, once, on
    that stop."""
    s = Script()
    _toegewezen_en_gestart(s, eind=D(2025, 6, 30))
    _toegewezen_en_gestart(s, 1002, eind=D(2025, 6, 30))
    s.stop("stop 1001", D(2025, 6, 18), 1001, D(2025, 5, 1), D(2025, 6, 17), reden="33")
    s.stop_correctie("correctie 1001", D(2025, 6, 26), 1001, D(2025, 5, 1), D(2025, 6, 17), "33", "31")
    s.stop("te late stop 1002", D(2025, 6, 25), 1002, D(2025, 5, 1), D(2025, 6, 17), reden="33")
    s.stop_correctie("correctie 1002", D(2025, 6, 30), 1002, D(2025, 5, 1), D(2025, 6, 17), "33", "31")
    assert play(db_url, s, checks=("OP272",)) == [("OP272", "te late stop 1002", None)]


# -- ProductPeriode against the toewijzing --------------------------------------------------------------


def test_tr307_tr387_begindatum_tenzij_de_toewijzing_later_in_de_maand_ingaat(db_url: str) -> None:
    """TR387: "De Begindatum van een ProductPeriode is altijd de eerste dag van de kalendermaand … tenzij de
    Ingangsdatum van de toewijzing later in de betreffende maand ligt. In dat geval is de Begindatum van de
    ProductPeriode gelijk aan de Begindatum van de toewijzing"; TR307: not before the Ingangsdatum. For a
    toewijzing from 12 May: 12–31 May keeps both, 1–31 May breaks both, 15–31 May breaks TR387."""
    s = Script()
    _toegewezen_en_gestart(s, ingang=D(2025, 5, 12))
    _toegewezen_en_gestart(s, 1002, ingang=D(2025, 5, 12))
    _toegewezen_en_gestart(s, 1003, ingang=D(2025, 5, 12))
    s.declaratie(
        "mei",
        D(2025, 6, 3),
        MEI,
        [
            _p("R1", (D(2025, 5, 12), MEI[1])),
            _p("R2", MEI, 1002),
            _p("R3", (D(2025, 5, 15), MEI[1]), 1003),
        ],
    )
    begin = "/ProductPeriode/Begindatum"
    assert play(db_url, s) == [
        ("TR307", "mei", PRESTATIE.format(1, 2) + begin),
        ("TR387", "mei", PRESTATIE.format(1, 2) + begin),
        ("TR387", "mei", PRESTATIE.format(1, 3) + begin),
    ]


def test_tr308_tr388_einddatum_tenzij_de_toewijzing_eerder_in_de_maand_eindigt(db_url: str) -> None:
    """TR388: "De Einddatum van een ProductPeriode is altijd de laatste dag van de kalendermaand … tenzij de
    Einddatum van de toewijzing eerder in de betreffende maand ligt. In dat geval is de Einddatum van de
    ProductPeriode gelijk aan de Einddatum van de toewijzing"; TR308: not after the toewijzing's Einddatum.
    For a toewijzing ending 20 June: 1–20 June keeps both, 1–30 June breaks both, 1–15 June breaks TR388."""
    s = Script()
    for nummer in (1001, 1002, 1003):
        _toegewezen_en_gestart(s, nummer, eind=D(2025, 6, 20))
    s.declaratie(
        "juni",
        D(2025, 7, 3),
        JUNI,
        [
            _p("R1", (JUNI[0], D(2025, 6, 20))),
            _p("R2", JUNI, 1002),
            _p("R3", (JUNI[0], D(2025, 6, 15)), 1003),
        ],
    )
    einde = "/ProductPeriode/Einddatum"
    assert play(db_url, s) == [
        ("TR308", "juni", PRESTATIE.format(1, 2) + einde),
        ("TR388", "juni", PRESTATIE.format(1, 2) + einde),
        ("TR388", "juni", PRESTATIE.format(1, 3) + einde),
    ]


# -- credits and DeclaratieNummer -----------------------------------------------------------------------


def test_tr323_tr390_credit_van_een_eerder_verzonden_debet_en_maar_een_keer(db_url: str) -> None:
    """TR323: "Een credit Prestatie moet gerelateerd zijn aan een eerder verzonden (goedgekeurde) debet
    Prestatie …; VorigReferentieNummer van de credit Prestatie moet worden gevuld met ReferentieNummer van de
    oorspronkelijke debet Prestatie"; TR390: a credit only "indien voor Prestatie met gelijk ProductReferentie
    niet een Prestatie met Credit bestaat". Crediting R1 keeps both; crediting R9 (never sent) breaks TR323;
    crediting R1 again breaks TR390."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI, volume=8)])
    s.declaratie(
        "juni", D(2025, 7, 3), JUNI, [_p("R2", JUNI, volume=8), _p("R3", MEI, credit=True, vorig="R1")]
    )
    s.declaratie(
        "juli", D(2025, 8, 4), JULI, [_p("R4", JULI, volume=8), _p("R5", MEI, credit=True, vorig="R9")]
    )
    s.declaratie(
        "augustus",
        D(2025, 9, 3),
        month(2025, 8),
        [_p("R6", month(2025, 8), volume=8), _p("R7", MEI, credit=True, vorig="R1")],
    )
    vorig = "/ProductReferentie/VorigReferentieNummer"
    assert play(db_url, s) == [
        ("TR323", "juli", PRESTATIE.format(1, 2) + vorig),
        ("TR390", "augustus", PRESTATIE.format(1, 2) + vorig),
    ]


def test_tr333_declaratienummer_uniek_voor_de_aanbieder(db_url: str) -> None:
    """TR333: "DeclaratieNummer van de Declaratie moet uniek zijn voor de aanbieder": June under May's
    DeclaratieNummer is rejected whole, and its prestaties are still judged (R1 again: TR314)."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI)], nummer="DN202505")
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R1", JUNI)], nummer="DN202505")
    s.declaratie("juni opnieuw", D(2025, 7, 4), JUNI, [_p("R2", JUNI)], nummer="DN202506")
    assert play(db_url, s) == [
        ("TR314", "juni", PRESTATIE.format(1, 1) + "/ProductReferentie/ReferentieNummer"),
        ("TR333", "juni", "/Bericht/Declaratie/DeclaratieNummer"),
    ]


def test_tr019_start_en_stop_gerelateerd_aan_een_toewijzing(db_url: str) -> None:
    """TR019: "de melding van de start of de stop van de ondersteuning [moet] gerelateerd zijn aan een
    toewijzing op basis van het ToewijzingNummer": a start and a stop of ToewijzingNummer 9999, which the
    gemeente never sent, break it."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.start("start 9999", D(2025, 5, 5), 9999, D(2025, 5, 5))
    s.stop("stop 9999", D(2025, 6, 2), 9999, D(2025, 5, 5), D(2025, 5, 31), reden="31")
    assert play(db_url, s) == [
        ("TR019", "start 9999", START + "/ToewijzingNummer"),
        ("TR019", "stop 9999", STOP + "/ToewijzingNummer"),
    ]


def test_tr063_tr071_verwijderen_van_een_aanlevering(db_url: str) -> None:
    """TR063: with StatusAanlevering 3 "moet voor de betreffende Client een eerdere aanlevering met dezelfde
    logische sleutel verstuurd zijn"; TR071: "StatusAanlevering mag niet de waarde '3' bevatten als er voor de
    betreffende melding start zorg al een stop zorg is verstuurd". Withdrawing a start that was never sent
    breaks TR063; withdrawing a stopped start breaks TR071; withdrawing the stop first, then the start, keeps
    both."""
    s = Script()
    _toegewezen_en_gestart(s)
    _toegewezen_en_gestart(s, 1002)
    s.start("nooit verstuurd", D(2025, 5, 6), 1001, D(2025, 5, 3), status="3")
    s.stop("stop 1001", D(2025, 6, 2), 1001, D(2025, 5, 1), D(2025, 5, 31), reden="31")
    s.start("gestopte start", D(2025, 6, 3), 1001, D(2025, 5, 1), status="3")
    s.stop("stop 1002", D(2025, 6, 2), 1002, D(2025, 5, 1), D(2025, 5, 31), reden="31")
    s.stop("stop 1002 weg", D(2025, 6, 3), 1002, D(2025, 5, 1), D(2025, 5, 31), reden="31", status="3")
    s.start("start 1002 weg", D(2025, 6, 4), 1002, D(2025, 5, 1), status="3")
    status = "/StatusAanlevering"
    assert play(db_url, s) == [
        ("TR063", "nooit verstuurd", START + status),
        ("TR071", "gestopte start", START + status),
    ]


def test_tr338_tr339_tr384_prestatie_en_toegewezen_product(db_url: str) -> None:
    """TR338: "De Prestatie is gerelateerd aan een ToegewezenProduct op basis van het Toewijzingnummer";
    TR339: "ProductCategorie in Prestatie moet gelijk zijn aan ProductCategorie in het ToegewezenProduct";
    TR384: "Het is niet toegestaan te declareren op een toewijzing met RedenWijziging waarde "13"
    (Verwijderd)". A prestatie on ToewijzingNummer 9999, one in categorie 44 on a toewijzing of categorie 45,
    and one on toewijzing 1002 after the gemeente removed it break them; one on 1001 keeps them."""
    s = Script()
    _toegewezen_en_gestart(s)
    _toegewezen_en_gestart(s, 1002)
    s.toewijzing(
        "1002 verwijderd",
        D(2025, 5, 20),
        KIND,
        1002,
        ingang=D(2025, 5, 1),
        eind=D(2025, 5, 1),
        omvang=(100, "04", "6"),
        reden_wijziging="13",
    )
    s.declaratie(
        "mei",
        D(2025, 6, 3),
        MEI,
        [
            _p("R1", MEI),
            _p("R2", MEI, 9999),
            _p("R3", MEI, categorie="44", code="44A01"),
            _p("R4", (D(2025, 5, 1), D(2025, 5, 1)), 1002),
        ],
    )
    assert play(db_url, s) == [
        ("TR338", "mei", PRESTATIE.format(1, 2) + "/ToewijzingNummer"),
        ("TR339", "mei", PRESTATIE.format(1, 3) + "/ProductCategorie"),
        ("TR340", "mei", PRESTATIE.format(1, 3) + "/ProductCode"),  # 44A01 is not the toegewezen 45A03
        ("TR384", "mei", PRESTATIE.format(1, 4) + "/ToewijzingNummer"),
    ]

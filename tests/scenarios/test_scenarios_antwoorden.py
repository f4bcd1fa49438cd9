"""Hand-written scenarios of what the gemeente sends (JW301 toewijzing, JW325 declaratie-antwoord) and of
stops (JW307): TR332, TR337, TR366, TR371, TR376, TR379, TR385, TR413 and TR414, each named after the
passage of the rule text it illustrates.

As in ``test_scenarios.py``: every message written out by hand (``ijwxml``), sent through the real ingest
one at a time and judged by the real quality service, on SQLite and PostgreSQL; the expected findings are
read from the quoted text (``ijw-3.2/regels/technische-regels/berichtoverstijgend/TRnnn.md``) and the worked
cases of ``docs/Casusbeschrijvingen_bij_de_releases_iWmo_en_iJw_3.2.md``.
"""

from __future__ import annotations

import datetime as dt

from ijwxml import Kind, Prestatie
from script import D, Script, month, play

KIND, ANDER_KIND = Script().kind, Kind("999900018", achternaam="de Vries")
MEI, JUNI = month(2025, 5), month(2025, 6)
STOP = "/Bericht/Client/StopProducten/StopProduct[1]"
PRODUCT = "/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]"
OMVANG = (100, "04", "6")


def _toegewezen_en_gestart(s: Script, nummer: int = 1001, **kw: object) -> None:
    """A toewijzing from 1 May to 31 December 2025 (100 hours in total: CD041 asks an Omvang with a Code)
    and its start on 1 May (of the script's client)."""
    values: dict[str, object] = {"ingang": D(2025, 5, 1), "eind": D(2025, 12, 31), "omvang": OMVANG} | kw
    s.toewijzing(f"toewijzing {nummer}", D(2025, 4, 28), s.kind, nummer, **values)
    s.start(f"start {nummer}", D(2025, 5, 2), nummer, D(2025, 5, 1))


def _p(ref: str, periode: tuple[dt.date, dt.date], nummer: int = 1001, **kw: object) -> Prestatie:
    values: dict[str, object] = {"volume": 4, "bsn": KIND.bsn} | kw
    return Prestatie(ref, nummer, periode[0], periode[1], **values)  # type: ignore[arg-type]


# -- JW307 --------------------------------------------------------------------------------------------


def test_tr413_definitie_er_is_al_een_stopproduct_met_reden_20(db_url: str) -> None:
    """TR413: "Als er al een StopProduct voor hetzelfde Bsn, ToewijzingNummer, Begindatum en met
    RedenBeeindiging waarde 20 is, dan moet RedenBeeindiging <> aan waarde 20 zijn"; OP378: "Zonder
    tussenkomst van een startbericht is na een tijdelijke stop alleen een definitieve stop toegestaan"."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.stop("tijdelijk", D(2025, 6, 9), 1001, D(2025, 5, 1), D(2025, 6, 7), "20")
    s.stop("weer tijdelijk", D(2025, 6, 16), 1001, D(2025, 5, 1), D(2025, 6, 14), "20")
    s.stop("definitief", D(2025, 6, 30), 1001, D(2025, 5, 1), D(2025, 6, 27), "34")
    assert play(db_url, s) == [("TR413", "weer tijdelijk", STOP + "/RedenBeeindiging")]


def test_tr414_casus_3_van_tijdelijke_naar_definitieve_stop_ongelijke_einddatum(db_url: str) -> None:
    """Casusbeschrijvingen, case 3: a temporary stop with Einddatum 7 June, then the definitive stop with
    Einddatum 27 June: "De einddatum levering moet gevuld worden met een datum die groter dan of gelijk is
    aan de einddatum levering die in de tijdelijke stop is doorgegeven (TR414)"."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.stop("tijdelijk", D(2025, 6, 9), 1001, D(2025, 5, 1), D(2025, 6, 7), "20")
    s.stop("definitief", D(2025, 6, 30), 1001, D(2025, 5, 1), D(2025, 6, 27), "34")
    assert play(db_url, s) == []


def test_tr414_definitie_einddatum_voor_die_van_de_actuele_stop(db_url: str) -> None:
    """TR414: "Als er al een StopProduct voor hetzelfde Bsn, ToewijzingNummer en Begindatum is, dan moet
    Einddatum >= zijn aan Einddatum uit actuele StopProduct": a definitive stop on 5 June after the temporary
    stop of 7 June breaks it."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.stop("tijdelijk", D(2025, 6, 9), 1001, D(2025, 5, 1), D(2025, 6, 7), "20")
    s.stop("definitief eerder", D(2025, 6, 10), 1001, D(2025, 5, 1), D(2025, 6, 5), "34")
    assert play(db_url, s) == [("TR414", "definitief eerder", STOP + "/Einddatum")]


# -- JW301 --------------------------------------------------------------------------------------------


def test_tr332_definitie_uniek_nummer_binnen_een_gemeente(db_url: str) -> None:
    """TR332: "Ieder ToegewezenProduct binnen één gemeente heeft een uniek nummer per wettelijk domein":
    ToewijzingNummer 1001, given to KIND, again for ANDER_KIND. A new version of 1001 for KIND (IV066: "de
    einddatum kan worden aangepast") keeps it."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.toewijzing(
        "verkort", D(2025, 5, 12), KIND, 1001, ingang=D(2025, 5, 1), eind=D(2025, 9, 30), omvang=OMVANG
    )
    s.toewijzing(
        "ander kind", D(2025, 5, 13), ANDER_KIND, 1001, ingang=D(2025, 5, 13), eind=None, omvang=OMVANG
    )
    assert play(db_url, s) == [("TR332", "ander kind", PRODUCT + "/ToewijzingNummer")]


def test_tr379_definitie_anders_leeglaten(db_url: str) -> None:
    """TR379: "Indien ToegewezenProduct wordt verstuurd ter honorering van een VOT of VOW, dient
    ReferentieAanbieder te worden gevuld met ReferentieAanbieder uit die VOT of VOW, anders leeglaten"
    (9379: "... is onterecht gevuld"): no verzoek VZ-77 was sent. The toewijzing is rejected, so its start
    relates to no toewijzing (TR019)."""
    s = Script()
    s.toewijzing(
        "zonder verzoek",
        D(2025, 4, 28),
        KIND,
        1001,
        ingang=D(2025, 5, 1),
        eind=None,
        omvang=OMVANG,
        referentie_aanbieder="VZ-77",
    )
    s.toewijzing(
        "zonder referentie", D(2025, 4, 28), KIND, 1002, ingang=D(2025, 5, 1), eind=None, omvang=OMVANG
    )
    s.start("start", D(2025, 5, 2), 1001, D(2025, 5, 1))
    assert play(db_url, s) == [
        ("TR379", "zonder verzoek", PRODUCT + "/ReferentieAanbieder"),
        ("TR019", "start", "/Bericht/Client/StartProducten/StartProduct[1]/ToewijzingNummer"),
    ]


def test_tr385_definitie_goedgekeurde_prestaties_en_redenwijziging_13(db_url: str) -> None:
    """TR385: "Indien de toewijzing goedgekeurde (niet gecrediteerde) prestatiesregels met gelijk
    ToewijzingNummer heeft, is het niet toegestaan deze toewijzing te verwijderen met RedenWijziging waarde
    13": May was declared and granted (JW325 with 8001). Toewijzing 1002, whose only prestatie the gemeente
    rejected, may be removed."""
    s = Script()
    _toegewezen_en_gestart(s)
    _toegewezen_en_gestart(s, 1002)
    afgewezen = _p("R2", MEI, 1002)
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI), afgewezen])
    s.antwoord("antwoord mei", D(2025, 6, 6), "mei", [afgewezen])
    for nummer in (1001, 1002):
        s.toewijzing(
            f"verwijder {nummer}",
            D(2025, 6, 10),
            KIND,
            nummer,
            ingang=D(2025, 5, 1),
            eind=D(2025, 5, 1),  # CS335: RedenWijziging 13 only with Einddatum equal to Ingangsdatum
            omvang=OMVANG,
            reden_wijziging="13",
        )
    assert play(db_url, s) == [("TR385", "verwijder 1001", PRODUCT + "/RedenWijziging")]


# -- JW325 --------------------------------------------------------------------------------------------


def test_tr337_tr376_tr366_the_answer_as_the_standard_relates_it(db_url: str) -> None:
    """The JW325 answers the JW323 whose BerichtIdentificatie its DeclaratieIdentificatie carries (TR337, "De
    DeclaratieIdentificatie dient overeen te komen met de BerichtIdentificatie van een eerder ontvangen
    Declaratiebericht"), names a DeclaratieNummer "van een eerder ontvangen Declaratie" (TR376) and returns
    prestaties "gerelateerd aan een declaratiebericht op basis van ProductReferentie" (TR366). One answer
    keeps all three; then one with another Dagtekening, one with an unknown DeclaratieNummer, one returning a
    ReferentieNummer never declared."""
    s = Script()
    _toegewezen_en_gestart(s)
    r1, r2 = _p("R1", MEI), _p("R2", JUNI)
    s.declaratie("mei", D(2025, 6, 3), MEI, [r1])
    s.antwoord("goed", D(2025, 6, 6), "mei", [r1])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [r2])
    ident = s.declaraties["juni"][0]
    s.antwoord("andere dag", D(2025, 7, 7), "juni", [r2], identificatie=(ident, D(2025, 7, 2)))
    s.antwoord("ander nummer", D(2025, 7, 7), "juni", [r2], nummer="DN-ONBEKEND")
    s.antwoord("onbekende prestatie", D(2025, 7, 8), "juni", [r2, _p("R9", JUNI)])
    prestatie = "/Bericht/DeclaratieAntwoord/Clienten/Client[1]/Prestaties/Prestatie[2]"
    assert play(db_url, s) == [
        ("TR337", "andere dag", "/Bericht/Header/DeclaratieIdentificatie"),
        ("TR376", "ander nummer", "/Bericht/DeclaratieAntwoord/DeclaratieNummer"),
        ("TR366", "onbekende prestatie", prestatie + "/ProductReferentie/ReferentieNummer"),
    ]


def test_tr371_xsdversie_uit_het_gerelateerde_declaratiebericht(db_url: str) -> None:
    """TR371: "Waarde moet overeenkomen met waarde van XsdVersie uit het declaratiebericht dat gerelateerd is
    op basis van DeclaratieIdentificatie": the JW323 was written with XsdVersie 1.0.0/1.0.0; the first answer
    repeats it, the second says 1.0.0/1.0.1."""
    s = Script()
    _toegewezen_en_gestart(s)
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI)])
    s.antwoord("zelfde versie", D(2025, 6, 6), "mei")
    s.antwoord("andere versie", D(2025, 6, 6), "mei", xsd_declaratie=("1.0.0", "1.0.1"))
    assert play(db_url, s) == [("TR371", "andere versie", "/Bericht/Header/XsdVersieDeclaratie")]

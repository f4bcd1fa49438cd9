"""TR321, TR340, TR369 and TR418 on a JW323 against its toewijzing (and the gemeente's contract tariffs).

Each rule: a case that breaks it and the near misses its text allows, the expected values read from the
rule text in ``ijw-3.2/regels/technische-regels/berichtoverstijgend/TRnnn.md`` and the invulinstructies and
constraints it relies on (quoted next to each test). The first tests call the rule functions on a
hand-made state; the ones with ``traffic`` run hand-made stored traffic through the real quality service
(SQLite and PostgreSQL) to check the finding lands on the right element and the rejected prestatie is not
counted. TR319 has no cross-message part (``berichtoverstijgend.csv``): the last test pins that reading.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from builder import P, Traffic

from ijw.productcodes import tarieven as tf
from ijw.productcodes.loader import ProductCodeError
from ijw.productcodes.tarieven import Tarief, Tarieven, load_tarieven, read_tarieven
from services.quality.linking.model import PrestatieState, TrajectState
from services.quality.rules import declaraties as d

D = dt.date
MARCH = (D(2025, 3, 1), D(2025, 3, 31))
APRIL = (D(2025, 4, 1), D(2025, 4, 30))
PRESTATIE = "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[1]"


def _traject(**kw: object) -> TrajectState:
    values: dict[str, object] = {
        "key": ("0599", "12345678", 1001),
        "bsn": "999990019",
        "client_id": None,
        "categorie": "45",
        "code": "45A01",
        "ingangsdatum": D(2025, 3, 1),
        "einddatum": D(2025, 12, 31),
        "toewijzingsdatum": D(2025, 2, 24),
        "toewijzingstijd": None,
        "volume": None,
        "eenheid": None,
        "frequentie": None,
        "budget": None,
        "reden_wijziging": None,
        "referentie_aanbieder": None,
        "verzoek_bericht_id": None,
        "first_bericht_id": 1,
        "first_dagtekening": D(2025, 2, 24),
        "last_bericht_id": 1,
    } | kw
    return TrajectState(**values)  # type: ignore[arg-type]


def _prestatie(periode: tuple[dt.date, dt.date] = MARCH, **kw: object) -> PrestatieState:
    values: dict[str, object] = {
        "prestatie_id": 1,
        "bericht_id": 2,
        "key": ("0599", "12345678", 1001),
        "declaratie_identificatie": "D1",
        "referentie_nummer": "R1",
        "vorig_referentie_nummer": None,
        "categorie": "45",
        "code": "45A01",
        "periode_begin": periode[0],
        "periode_eind": periode[1],
        "volume": 10,
        "eenheid": "04",
        "bedrag": 1000,
        "credit": False,
        "accepted": False,
        "tarief": 100,
    } | kw
    return PrestatieState(**values)  # type: ignore[arg-type]


# -- TR340 --------------------------------------------------------------------------------------------


def test_tr340_productcode_differs_from_the_toegewezen_productcode() -> None:
    # TR340.md, Definitie: "ProductCode in Prestatie moet gelijk zijn aan ProductCode in het
    # ToegewezenProduct, indien deze opgenomen is."
    problem = d.tr340(_traject(code="45A01"), _prestatie(code="45A02"))
    assert problem == "ProductCode 45A02 differs from 45A01 of the toegewezen product"


def test_tr340_kept_same_code_and_aspecifiek_or_generiek() -> None:
    # "indien deze opgenomen is": OP302, "Bij een aspecifieke toewijzing … is productcode leeg. De aanbieder
    # declareert één of meer nader gespecificeerde zorg- of ondersteuningsproducten"; generiek likewise.
    assert d.tr340(_traject(code="45A01"), _prestatie(code="45A01")) is None
    assert d.tr340(_traject(code=None), _prestatie(code="45A02")) is None
    assert d.tr340(_traject(code=None, categorie=None), _prestatie(categorie="43", code="43A01")) is None


def test_tr340_finding_on_the_productcode_and_not_counted(traffic: Traffic) -> None:
    traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), eind=D(2025, 6, 30), code="45A01")
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    other = traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, code="45A02")])
    traffic.run(as_of=D(2025, 4, 4))
    assert traffic.findings() == [("TR340", other, PRESTATIE + "/ProductCode")]


# -- TR321 --------------------------------------------------------------------------------------------


def test_tr321_per_week_inspanningsgericht_iv076_example() -> None:
    # IV076, Methode bij Inspanningsgerichte toewijzing: "Toewijzing: 07-07-2025 t/m 07-09-2025 voor 3 uur
    # per week … Productperiode: 07-07-2025 t/m 31-07-2025 … Controle maximaal volume … (4 weken x 3 uur =
    # 12 uur)"; August "(5 weken x 3 uur = 15 uur)"; September "(1 week x 3 uur = 3 uur)".
    t = _traject(ingangsdatum=D(2025, 7, 7), einddatum=D(2025, 9, 7), volume=3, eenheid="04", frequentie="2")
    july, august = (D(2025, 7, 7), D(2025, 7, 31)), (D(2025, 8, 1), D(2025, 8, 31))
    september = (D(2025, 9, 1), D(2025, 9, 7))
    assert d.tr321(t, _prestatie(july, volume=12)) is None
    assert d.tr321(t, _prestatie(august, volume=15)) is None
    assert d.tr321(t, _prestatie(september, volume=3)) is None
    assert d.tr321(t, _prestatie(july, volume=13)) == (
        "GeleverdVolume 13 exceeds the 12 the toegewezen Omvang allows in ProductPeriode "
        "2025-07-07–2025-07-31"
    )
    assert d.tr321(t, _prestatie(september, volume=4)) is not None


def test_tr321_per_week_outputgericht_counts_sundays_and_the_last_broken_week() -> None:
    # IV076, Methode bij Outputgerichte toewijzing: "De productperiode bevat het te declareren volume van de
    # weken waarvan de zondag valt in de productperiode"; Voorbeeld 2 (toewijzing 07-07-2025 t/m 06-09-2025
    # voor 300 euro per week): July 900 euro, August "(Aantal zondagen in de productperiode + 1) * 300 euro
    # (1800 euro)", "Over september wordt er geen declaratie meer ingediend". Eenheid 83: eurocents.
    t = _traject(
        ingangsdatum=D(2025, 7, 7), einddatum=D(2025, 9, 6), volume=30000, eenheid="83", frequentie="2"
    )
    july, august = (D(2025, 7, 7), D(2025, 7, 31)), (D(2025, 8, 1), D(2025, 8, 31))
    euro = {"eenheid": "83", "tarief": None}
    assert d.tr321(t, _prestatie(july, volume=90000, bedrag=90000, **euro)) is None
    assert d.tr321(t, _prestatie(august, volume=180000, bedrag=180000, **euro)) is None
    # the inspanningsgericht count (4 weeks touched in July) is not the outputgericht one (3 Sundays)
    assert d.tr321(t, _prestatie(july, volume=120000, bedrag=120000, **euro)) is not None
    september = (D(2025, 9, 1), D(2025, 9, 6))
    assert d.tr321(t, _prestatie(september, volume=30000, bedrag=30000, **euro)) is not None


def test_tr321_per_dag_per_maand_totaal_and_minutes() -> None:
    # TR321, Toelichting: "rekening … met de waarden van Eenheid en Frequentie in het ToegewezenProduct
    # enerzijds en de waarde van Eenheid en de duur van de ProductPeriode in de Prestatie anderzijds".
    per_dag = _traject(volume=2, eenheid="04", frequentie="1")
    half_march = (D(2025, 3, 1), D(2025, 3, 15))
    assert d.tr321(per_dag, _prestatie(half_march, volume=30)) is None  # 15 days × 2 hours
    assert d.tr321(per_dag, _prestatie(half_march, volume=31)) is not None
    per_maand = _traject(volume=8, eenheid="04", frequentie="4")
    assert d.tr321(per_maand, _prestatie(volume=8)) is None
    assert d.tr321(per_maand, _prestatie(volume=9)) is not None
    totaal = _traject(volume=40, eenheid="04", frequentie="6")
    assert d.tr321(totaal, _prestatie(volume=40)) is None
    assert d.tr321(totaal, _prestatie(volume=41)) is not None
    # TR341: "bij toewijzing in uren mag ook in minuten gedeclareerd worden": 8 hours are 480 minutes
    assert d.tr321(per_maand, _prestatie(volume=480, eenheid="01")) is None
    assert d.tr321(per_maand, _prestatie(volume=481, eenheid="01")) == (
        "GeleverdVolume 481 minutes exceeds the 480 minutes the toegewezen Omvang allows in ProductPeriode "
        "2025-03-01–2025-03-31"
    )


def test_tr321_kept_without_omvang_in_another_eenheid_and_for_a_credit() -> None:
    # "Indien in het ToegewezenProduct een Omvang is meegegeven": without one there is nothing to fit in.
    assert d.tr321(_traject(), _prestatie(volume=10_000)) is None
    # Another Eenheid cannot be compared (TR341's matter, reported there); a credit withdraws volume.
    per_maand = _traject(volume=8, eenheid="04", frequentie="4")
    assert d.tr321(per_maand, _prestatie(volume=100, eenheid="14")) is None
    assert d.tr321(per_maand, _prestatie(volume=100, credit=True)) is None


def test_tr321_finding_on_the_geleverd_volume(traffic: Traffic) -> None:
    # 8 hours per month: a March prestatie of 9 hours breaks TR321 (and, being the first, not yet TR322's
    # sum over the loopduur of four months, 32 hours).
    traffic.jw301(
        D(2025, 2, 24),
        1001,
        ingang=D(2025, 3, 1),
        eind=D(2025, 6, 30),
        volume=8,
        eenheid="04",
        frequentie="4",
    )
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    over = traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, volume=9)])
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *APRIL, volume=8)])
    traffic.run(as_of=D(2025, 5, 6))
    assert traffic.findings() == [("TR321", over, PRESTATIE + "/GeleverdVolume")]


# -- TR369 --------------------------------------------------------------------------------------------


def test_tr369_budget_exceeded_by_the_amounts_of_the_volumes() -> None:
    # TR369.md: "Indien in het ToegewezenProduct een Budget is meegegeven, moet de som van GeleverdVolume in
    # alle ingediende Prestaties … passen binnen het toegewezen Budget." The Budget is eurocents
    # (LDT_Budget); GeleverdVolume in hours counts as "GeleverdVolume vermenigvuldigd met ProductTarief"
    # (TR346), which is its IngediendBedrag: 10 hours at 87.50 = 875.00 euro.
    t = replace(_traject(code=None, budget=150_000), declared_bedrag=70_000)
    assert d.tr369(t, _prestatie(volume=10, tarief=8750, bedrag=87_500)) == (
        "the declared prestaties add up to 157500 eurocent, more than the toegewezen Budget of "
        "150000 eurocent"
    )


def test_tr369_kept_exactly_at_the_budget_in_euros_and_for_a_credit() -> None:
    # "passen binnen": the sum may equal the Budget. Eenheid 83: "wordt in GeleverdVolume een bedrag gevuld
    # in eurocent" (FAQ "Hoe declareer ik een toewijzing met de eenheid Euro's"), IngediendBedrag equal to it
    # (CS339). A credit lowers the sum. Without a Budget TR369 says nothing.
    t = replace(_traject(code=None, budget=150_000), declared_bedrag=70_000)
    assert d.tr369(t, _prestatie(volume=80_000, eenheid="83", tarief=None, bedrag=80_000)) is None
    assert d.tr369(t, _prestatie(volume=99_999, bedrag=99_999, credit=True)) is None
    assert d.tr369(_traject(), _prestatie(volume=10**6, bedrag=10**8)) is None


def test_tr369_counts_the_accepted_prestaties_minus_credits_and_rejections(traffic: Traffic) -> None:
    # A generiek toewijzing ("alleen het budget gevuld", OP302) of 100.00 euro; prestaties at 1.00 euro an
    # hour. March 60 (rejected by the gemeente in its JW325), April 60, then April credited and declared
    # again with 90: 90 counts. May 11 would make 101.00 euro: TR369; May 10 keeps it at exactly 100.00.
    traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), eind=D(2025, 6, 30), code=None, budget=10_000)
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    march = P("R1", 1001, *MARCH, volume=60)
    traffic.jw323(D(2025, 4, 3), MARCH, [march])
    traffic.jw325(D(2025, 4, 8), traffic.last_declaratie, [march])
    traffic.jw323(D(2025, 5, 5), APRIL, [P("R2", 1001, *APRIL, volume=60)])
    may = (D(2025, 5, 1), D(2025, 5, 31))
    traffic.jw323(
        D(2025, 6, 3),
        may,
        [P("R3", 1001, *APRIL, volume=60, credit=True, vorig="R2"), P("R4", 1001, *APRIL, volume=90)],
    )
    over = traffic.jw323(D(2025, 6, 4), may, [P("R5", 1001, *may, volume=11)])
    traffic.jw323(D(2025, 6, 5), may, [P("R6", 1001, *may, volume=10)])
    traffic.run(as_of=D(2025, 6, 6))
    assert traffic.findings() == [("TR369", over, PRESTATIE + "/GeleverdVolume")]


# -- TR418 and the contract tariffs -------------------------------------------------------------------

TARIEVEN = """gemeentecode,aanbieder,productcategorie,productcode,eenheid,tarief,ingangsdatum,einddatum
0599,,45,45A01,04,87.50,2025-01-01,2025-03-31
0599,,45,45A01,04,90.00,2025-04-01,
0599,12345678,45,45A02,04,70.00,2025-01-01,
0599,,45,45A02,04,75.00,2025-01-01,
"""


def _tariff_dir(root: Path, text: str = TARIEVEN, name: str = "0599-rotterdam") -> Path:
    folder = root / "tarieven" / name
    folder.mkdir(parents=True)
    (folder / "v2025-01.csv").write_text(text, encoding="utf-8")
    return root


def test_tarieven_by_date_aanbieder_and_minutes(tmp_path: Path) -> None:
    book = load_tarieven([_tariff_dir(tmp_path)], include_examples=False)
    on_march, on_april = D(2025, 3, 1), D(2025, 4, 1)
    assert book.contract_tarief("0599", "12345678", "45A01", "04", on_march) == 8750
    assert book.contract_tarief("0599", "12345678", "45A01", "04", on_april) == 9000
    # a line for the aanbieder itself wins over the gemeente's line for every aanbieder
    assert book.contract_tarief("0599", "12345678", "45A02", "04", on_march) == 7000
    assert book.contract_tarief("0599", "87654321", "45A02", "04", on_march) == 7500
    # IV081: "het ProductTarief omgerekend naar een tarief per minuut (tarief delen door 60 minuten) en
    # afgerond op 2 decimalen volgens de rekenkundige regels": 87.50 / 60 = 1.4583 → 1.46; 90.00 → 1.50
    assert book.contract_tarief("0599", "12345678", "45A01", "01", on_march) == 146
    assert book.contract_tarief("0599", "12345678", "45A01", "01", on_april) == 150
    assert book.contract_tarief("0599", "12345678", "45A03", "04", on_march) is None
    assert book.has_tarieven("0599") and not book.has_tarieven("0363")


def test_tarieven_half_up_rounding_of_iv081() -> None:
    # IV081: "1,455 wordt afgerond naar 1,46 en … 1,454 wordt afgerond naar 1,45": an hourly 87.30 gives
    # 1.455 per minute → 1.46; 87.24 gives 1.454 → 1.45.
    book = Tarieven.of(
        [
            Tarief("0599", None, "45", "45A01", "04", 8730, D(2025, 1, 1), None),
            Tarief("0599", None, "45", "45A02", "04", 8724, D(2025, 1, 1), None),
        ]
    )
    assert book.contract_tarief("0599", "12345678", "45A01", "01", D(2025, 2, 1)) == 146
    assert book.contract_tarief("0599", "12345678", "45A02", "01", D(2025, 2, 1)) == 145


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("0599,,45,45A01,04,87.5,2025-01-01,", "tarief '87.5' is not euros with two decimals"),
        ("599,,45,45A01,04,87.50,2025-01-01,", "gemeentecode '599' is not four digits"),
        ("0599,1234,45,45A01,04,87.50,2025-01-01,", "aanbieder '1234' is not an eight-digit AGB code"),
        ("0599,,45,45A01,83,87.50,2025-01-01,", "eenheid 83 (euro's) has no tariff"),
        ("0599,,45,45A01,04,87.50,2025-01-01,2024-12-31", "einddatum 2024-12-31 lies before"),
    ],
)
def test_tarieven_file_errors_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    root = _tariff_dir(tmp_path, TARIEVEN.splitlines()[0] + "\n" + line + "\n")
    with pytest.raises(ProductCodeError, match=r"v2025-01\.csv:2: ") as exc:
        read_tarieven(root / "tarieven" / "0599-rotterdam" / "v2025-01.csv")
    assert message in str(exc.value)


def test_tarieven_overlapping_periods_and_versions(tmp_path: Path) -> None:
    overlap = TARIEVEN + "0599,,45,45A01,04,95.00,2025-03-01,2025-03-31\n"
    with pytest.raises(ProductCodeError, match="overlaps in time"):
        load_tarieven([_tariff_dir(tmp_path / "a", overlap)], include_examples=False)
    # the highest version is the active one; an example folder is loaded only on request
    root = _tariff_dir(tmp_path / "b")
    newer = TARIEVEN.replace("87.50", "88.00")
    (root / "tarieven" / "0599-rotterdam" / "v2025-06.csv").write_text(newer, encoding="utf-8")
    _tariff_dir(root, TARIEVEN.replace("0599", "0363"), name="voorbeeld-0363")
    book = load_tarieven([root], include_examples=False)
    assert book.contract_tarief("0599", "12345678", "45A01", "04", D(2025, 3, 1)) == 8800
    assert not book.has_tarieven("0363")
    assert load_tarieven([root], include_examples=True).has_tarieven("0363")


def test_tr418_tarief_differs_from_the_contract() -> None:
    # TR418.md: "ProductTarief in Prestatie dient overeen te komen met het contractuele tarief van
    # ProductCode." (retourcode 0611: "Het ingediende tarief komt niet overeen met het contractuele tarief.")
    assert d.tr418(8750, _prestatie(tarief=8800)) == (
        "ProductTarief 8800 eurocent differs from the contract tariff of ProductCode 45A01 (8750 eurocent)"
    )


def test_tr418_kept_equal_tariff_no_tariff_euros_and_credit() -> None:
    assert d.tr418(8750, _prestatie(tarief=8750)) is None
    # no tariff file for the gemeente, or no line for the product on the date: not judged
    assert d.tr418(None, _prestatie(tarief=1)) is None
    # CD087: with Eenheid 83 ProductTarief is "leeg laten"; a credit repeats the debet it cancels (OP366)
    assert d.tr418(8750, _prestatie(eenheid="83", tarief=None)) is None
    assert d.tr418(8750, _prestatie(tarief=1, credit=True)) is None


def test_tr418_judged_only_for_a_gemeente_with_tariffs(
    traffic: Traffic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The builder declares at 1.00 euro an hour unless told otherwise. Gemeente 0599 has a tariff of 87.50
    # (until March) for 45A01: 1.00 breaks TR418, 87.50 keeps it, and 1.46 per minute keeps it (IV081).
    monkeypatch.setenv("IJW_PRODUCTCODES_DIR", str(_tariff_dir(tmp_path)))
    tf.clear_cache()
    traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), eind=D(2025, 6, 30))
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    wrong = traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, volume=1)])
    traffic.jw323(D(2025, 4, 4), MARCH, [P("R2", 1001, *MARCH, volume=1, tarief=8750)])
    traffic.jw323(D(2025, 4, 5), MARCH, [P("R3", 1001, *MARCH, volume=1, eenheid="01", tarief=146)])
    traffic.run(as_of=D(2025, 4, 6))
    assert [f for f in traffic.findings() if f[0] == "TR418"] == [
        ("TR418", wrong, PRESTATIE + "/ProductTarief")
    ]


def test_tr418_not_judged_without_a_tariff_file(traffic: Traffic, monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 14: "without one, TR418 is not judged". The shipped productcodes/ has no tariffs for 0599.
    monkeypatch.delenv("IJW_PRODUCTCODES_DIR", raising=False)
    monkeypatch.delenv("IJW_PRODUCTCODES_EXAMPLES", raising=False)
    assert not load_tarieven().has_tarieven("0599")
    traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), eind=D(2025, 6, 30))
    traffic.jw305(D(2025, 3, 3), 1001, D(2025, 3, 3))
    traffic.jw323(D(2025, 4, 3), MARCH, [P("R1", 1001, *MARCH, volume=1, tarief=1)])
    traffic.run(as_of=D(2025, 4, 4))
    assert traffic.findings() == []


# -- TR319 --------------------------------------------------------------------------------------------


def test_tr319_has_no_cross_message_part(reference: Path) -> None:
    # TR319.md: "Een declaratiebericht bevat alleen prestaties waarvan de ProductPeriode valt binnen de
    # huidige, of een voorgaande declaratieperiode." IV089: a declaratieperiode "is altijd een
    # kalendermaand"; IV090: "De productperiode zelf mag wel in het verleden liggen", with an example of
    # April prestaties declared in June although April was never a submitted period. So "voorgaande" is any
    # earlier calendar month, which the XSLT (TR319: ends no later than the DeclaratiePeriode) and CS337 (one
    # calendar month) judge within the message; the quality service does not judge it again.
    from services.quality.rules.catalog import LEVEL3_RULES, LINK_RULES

    regels = reference / "regels"
    iv090 = (regels / "invulinstructies" / "invulinstructie_IV090.md").read_text(encoding="utf-8")
    assert "De productperiode zelf mag wel in het verleden liggen" in iv090
    assert "01-05-2026 t/m 31-05-2026 (In april was er blijkbaar niets te declareren)" in iv090
    assert "ProductPeriode Prestatie 3: 01-04-2026 t/m 30-04-2026" in iv090
    assert LEVEL3_RULES["TR319"].status == "ingest" and "TR319" not in LINK_RULES


def test_tr418_the_report_says_for_which_gemeenten_it_is_judged(
    traffic: Traffic, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 14: "without one, TR418 is not judged and the report says so".
    from services.quality.report import render_report

    monkeypatch.delenv("IJW_PRODUCTCODES_DIR", raising=False)
    monkeypatch.delenv("IJW_PRODUCTCODES_EXAMPLES", raising=False)
    traffic.jw301(D(2025, 2, 24), 1001, ingang=D(2025, 3, 1), eind=D(2025, 6, 30))
    traffic.run()
    assert "er zijn geen contracttarieven ingelezen, dus TR418 is niet beoordeeld" in render_report(
        traffic.engine, None, None
    )
    monkeypatch.setenv("IJW_PRODUCTCODES_DIR", str(_tariff_dir(tmp_path)))
    html = render_report(traffic.engine, None, None)
    assert "contracttarieven zijn ingelezen: 0599 Rotterdam." in html


def test_tarieven_are_checked_by_ijw_productcodes_check(tmp_path: Path) -> None:
    # `ijw productcodes check` covers the tariffs like the catalogues: the file loads, its Eenheden are WJ756
    # codes and its gemeentecodes CBS codes.
    from ijw.paths import data_dir
    from ijw.productcodes.validate import check_data

    good = check_data([data_dir("productcodes"), _tariff_dir(tmp_path / "good")])
    assert good.ok, good.errors
    assert any(line.startswith("tarieven/0599-rotterdam: active ") for line in good.summary)
    bad = TARIEVEN + "9999,,45,45A03,77,10.00,2025-01-01,\n"
    report = check_data([data_dir("productcodes"), _tariff_dir(tmp_path / "bad", bad)])
    assert [e.rsplit(": ", 1)[-1] for e in report.errors] == [
        "eenheid '77' is not a code of WJ756",
        "gemeentecode 9999 is not in the CBS gemeente list",
    ]

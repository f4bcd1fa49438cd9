"""Hand-written scenarios of TR321, TR340, TR369 and TR418: a JW323 against its toewijzing and the
gemeente's contract tariffs, each named after the passage of the rule text it illustrates.

As in ``test_scenarios.py``: every message written out by hand (``ijwxml``), sent through the real ingest
one at a time and judged by the real quality service, on SQLite and PostgreSQL; the expected findings are
read from the quoted text (``ijw-3.2/regels/technische-regels/berichtoverstijgend/TRnnn.md``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ijwxml import Prestatie
from script import ANDERE_GEMEENTE, GEMEENTE, D, Script, month, play

from ijw.productcodes import tarieven

MEI, JUNI, JULI = month(2025, 5), month(2025, 6), month(2025, 7)
PRESTATIE = "/Bericht/Declaratie/Clienten/Client[1]/Prestaties/Prestatie[{}]"


def _toegewezen(s: Script, nummer: int = 1001, *, gemeente: str = GEMEENTE, **kw: object) -> None:
    """A toewijzing of ``gemeente`` from 1 May to 31 December 2025 and its start on 1 May (of the script's
    client)."""
    values: dict[str, object] = {"ingang": D(2025, 5, 1), "eind": D(2025, 12, 31)} | kw
    s.toewijzing(f"toewijzing {nummer}", D(2025, 4, 28), s.kind, nummer, gemeente=gemeente, **values)
    s.start(f"start {nummer}", D(2025, 5, 2), nummer, D(2025, 5, 1), gemeente=gemeente)


def _p(ref: str, periode: tuple[dt.date, dt.date], nummer: int = 1001, **kw: object) -> Prestatie:
    values: dict[str, object] = {"volume": 4, "bsn": Script().kind.bsn} | kw
    return Prestatie(ref, nummer, periode[0], periode[1], **values)  # type: ignore[arg-type]


def test_tr340_de_toegewezen_productcode_overgenomen(db_url: str) -> None:
    """TR340, Toelichting: "Indien de ProductCode in de Toewijzing gevuld is, dan moet in het
    declaratiebericht in de Prestatie de toegewezen ProductCode overgenomen worden": 45A04 on a toewijzing of
    45A03 breaks it; on an aspecifieke toewijzing (only the ProductCategorie, OP302) any code of the category
    keeps it."""
    s = Script()
    _toegewezen(s, omvang=(100, "04", "6"))
    _toegewezen(s, 1002, code=None)  # CD080: no Omvang without a ProductCode
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI, code="45A04"), _p("R2", MEI, 1002, code="45A04")])
    assert play(db_url, s) == [("TR340", "mei", PRESTATIE.format(1) + "/ProductCode")]


def test_tr321_geleverd_volume_past_binnen_volume_per_maand(db_url: str) -> None:
    """TR321, Definitie: "moet GeleverdVolume in de Prestatie passen binnen Volume in het ToegewezenProduct",
    Toelichting: with "Eenheid en Frequentie in het ToegewezenProduct … en de duur van de ProductPeriode": 8
    hours per month allow 8 in May, not 9 in June; 480 minutes in July are 8 hours (TR341)."""
    s = Script()
    _toegewezen(s, omvang=(8, "04", "4"))
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI, volume=8)])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R2", JUNI, volume=9)])
    s.declaratie("juli", D(2025, 8, 4), JULI, [_p("R3", JULI, volume=480, eenheid="01", tarief=20)])
    assert play(db_url, s) == [("TR321", "juni", PRESTATIE.format(1) + "/GeleverdVolume")]


def test_tr369_som_van_geleverd_volume_binnen_het_toegewezen_budget(db_url: str) -> None:
    """TR369, Definitie: "moet de som van GeleverdVolume in alle ingediende Prestaties die betrekking hebben
    op dat ToegewezenProduct passen binnen het toegewezen Budget". An aspecifieke toewijzing with a Budget
    of 100 euro (Toewijzingsvarianten: "Aspecifiek met budget"); 4 hours at 12.50 are 50 euro (TR346:
    IngediendBedrag = GeleverdVolume × ProductTarief): May and June reach the Budget exactly, July's hour
    goes over it."""
    s = Script()
    _toegewezen(s, code=None, budget=10_000)
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI)])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R2", JUNI)])
    s.declaratie("juli", D(2025, 8, 4), JULI, [_p("R3", JULI, volume=1)])
    assert play(db_url, s) == [("TR369", "juli", PRESTATIE.format(1) + "/GeleverdVolume")]


def test_tr418_producttarief_gelijk_aan_het_contractuele_tarief(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TR418, Definitie: "ProductTarief in Prestatie dient overeen te komen met het contractuele tarief van
    ProductCode". Gemeente 0599 agreed 12.50 an hour for 45A03: 13.00 in May breaks it, 12.50 in June keeps
    it, and 0.21 a minute in July keeps it (IV081: 12.50 / 60 = 0.2083, "afgerond op 2 decimalen").
    Gemeente 0363 has no tariff file: its 13.00 is not judged (issue 14: "without one, TR418 is not
    judged")."""
    folder = tmp_path / "tarieven" / "0599-rotterdam"
    folder.mkdir(parents=True)
    (folder / "v2025-01.csv").write_text(
        "gemeentecode,aanbieder,productcategorie,productcode,eenheid,tarief,ingangsdatum,einddatum\n"
        "0599,,45,45A03,04,12.50,2025-01-01,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("IJW_PRODUCTCODES_DIR", str(tmp_path))
    tarieven.clear_cache()
    s = Script()
    _toegewezen(s, omvang=(100, "04", "6"))  # CD041: an Omvang with a ProductCode and no Budget
    _toegewezen(s, 1002, gemeente=ANDERE_GEMEENTE, omvang=(100, "04", "6"))
    s.declaratie("mei", D(2025, 6, 3), MEI, [_p("R1", MEI, tarief=1300)])
    s.declaratie("juni", D(2025, 7, 3), JUNI, [_p("R2", JUNI, tarief=1250)])
    s.declaratie("juli", D(2025, 8, 4), JULI, [_p("R3", JULI, volume=240, eenheid="01", tarief=21)])
    s.declaratie("mei 0363", D(2025, 6, 3), MEI, [_p("R4", MEI, 1002, tarief=1300)], gemeente=ANDERE_GEMEENTE)
    assert play(db_url, s) == [("TR418", "mei", PRESTATIE.format(1) + "/ProductTarief")]

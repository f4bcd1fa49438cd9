"""Hand-built message content for the export tests (imported as ``export_builders``).

Each call stores one message row in ``berichten`` (status ``valid`` unless told) and its content rows, the
way ``ijw.db.content`` stores a parsed message, with the shared :class:`stored_traffic.Rows`; the values
follow its conventions (amounts in eurocents, debet_credit ``D``/``C``, StatusAanlevering ``1``/``3``,
RedenWijziging ``13`` = verwijderd).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine
from stored_traffic import Rows

from ijw.db import models as m

GEMEENTE = "0363"
AANBIEDER = "12345678"
BSN = "999990019"
D = dt.date


class Builder(Rows):
    """Inserts berichten and content rows; every method returns the new bericht id."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.engine = engine

    def toewijzing(
        self,
        nummer: int,
        ingangsdatum: dt.date,
        *,
        categorie: str = "45",
        code: str | None = "45A01",
        einddatum: dt.date | None = None,
        toewijzingsdatum: dt.date | None = None,
        referentie: str | None = None,
        reden: str | None = None,
        bsn: str = BSN,
        geboortedatum: dt.date | None = D(2015, 3, 4),
        geboortedatum_gebruik: str | None = None,
        geslacht: str | None = "2",
        postcode: str | None = "1234AB",
        gemeente: str = GEMEENTE,
        aanbieder: str = AANBIEDER,
        status: str = "valid",
    ) -> int:
        datum = toewijzingsdatum or ingangsdatum - dt.timedelta(days=10)
        return self.message(
            m.Toewijzing,
            "JW301",
            datum,
            gemeente,
            aanbieder,
            bsn,
            status=status,
            client={
                "geboortedatum": geboortedatum,
                "geboortedatum_gebruik": geboortedatum_gebruik,
                "geslacht": geslacht,
                "postcode": postcode,
            },
            toewijzing_nummer=nummer,
            referentie_aanbieder=referentie,
            categorie=categorie,
            code=code,
            toewijzingsdatum=datum,
            toewijzingstijd=dt.time(12, 0),
            ingangsdatum=ingangsdatum,
            einddatum=einddatum,
            reden_wijziging=reden,
        )

    def verzoek(
        self,
        referentie: str,
        verwijzer_type: str,
        dagtekening: dt.date,
        *,
        bsn: str = BSN,
        categorie: str = "45",
        code: str | None = "45A01",
        gemeente: str = GEMEENTE,
        aanbieder: str = AANBIEDER,
    ) -> int:
        return self.message(
            m.Verzoek,
            "JW315",
            dagtekening,
            gemeente,
            aanbieder,
            bsn,
            berichtsoort="JW315",
            referentie_aanbieder=referentie,
            categorie=categorie,
            code=code,
            toewijzing_ingangsdatum=dagtekening,
            verwijzer_type=verwijzer_type,
        )

    def _delivery(
        self,
        model: type[m.Base],
        soort: str,
        nummer: int | None,
        begindatum: dt.date,
        dagtekening: dt.date,
        extra: dict[str, Any],
        *,
        categorie: str,
        code: str | None,
        bsn: str,
        gemeente: str,
        aanbieder: str,
        status: str,
    ) -> int:
        return self.message(
            model,
            soort,
            dagtekening,
            gemeente,
            aanbieder,
            bsn,
            status=status,
            client={"geboortedatum": D(2015, 3, 4), "geslacht": "2"},
            toewijzing_nummer=nummer,
            categorie=categorie,
            code=code,
            toewijzing_ingangsdatum=begindatum,
            begindatum=begindatum,
            **extra,
        )

    def start(
        self,
        nummer: int | None,
        begindatum: dt.date,
        *,
        status_aanlevering: str = "1",
        dagtekening: dt.date | None = None,
        categorie: str = "45",
        code: str | None = "45A01",
        bsn: str = BSN,
        gemeente: str = GEMEENTE,
        aanbieder: str = AANBIEDER,
        status: str = "valid",
    ) -> int:
        return self._delivery(
            m.Start,
            "JW305",
            nummer,
            begindatum,
            dagtekening or begindatum,
            {"status_aanlevering": status_aanlevering},
            categorie=categorie,
            code=code,
            bsn=bsn,
            gemeente=gemeente,
            aanbieder=aanbieder,
            status=status,
        )

    def stop(
        self,
        nummer: int | None,
        begindatum: dt.date,
        einddatum: dt.date,
        reden: str = "31",
        *,
        status_aanlevering: str = "1",
        dagtekening: dt.date | None = None,
        categorie: str = "45",
        code: str | None = "45A01",
        bsn: str = BSN,
        gemeente: str = GEMEENTE,
        aanbieder: str = AANBIEDER,
    ) -> int:
        return self._delivery(
            m.Stop,
            "JW307",
            nummer,
            begindatum,
            dagtekening or einddatum,
            {"status_aanlevering": status_aanlevering, "reden_beeindiging": reden, "einddatum": einddatum},
            categorie=categorie,
            code=code,
            bsn=bsn,
            gemeente=gemeente,
            aanbieder=aanbieder,
            status="valid",
        )

    def trajectory(
        self,
        nummer: int,
        begindatum: dt.date,
        einddatum: dt.date | None = None,
        reden: str = "31",
        **toewijzing: Any,
    ) -> None:
        """A toewijzing with a start and, when ``einddatum`` is given, a stop."""
        product = {
            k: toewijzing[k] for k in ("categorie", "code", "bsn", "gemeente", "aanbieder") if k in toewijzing
        }
        self.toewijzing(nummer, begindatum, **toewijzing)
        self.start(nummer, begindatum, **product)
        if einddatum is not None:
            self.stop(nummer, begindatum, einddatum, reden, **product)

    def declaratie(
        self,
        identificatie: str,
        prestaties: list[tuple[str, int, str, str, dt.date, int, str]],
        *,
        gemeente: str = GEMEENTE,
        aanbieder: str = AANBIEDER,
        bsn: str = BSN,
        status: str = "valid",
    ) -> int:
        """A JW323 with prestaties ``(referentie, toewijzing, categorie, code, begin, cents, D|C)``."""
        b = self.bericht("JW323", D(2026, 1, 5), gemeente, aanbieder, status=status)
        d = self.insert(
            m.Declaratie,
            bericht_id=b,
            volgnummer=1,
            gemeente=gemeente,
            aanbieder=aanbieder,
            declaratie_identificatie=identificatie,
            declaratie_nummer=identificatie[-12:],
            periode_begin=D(2025, 1, 1),
            periode_eind=D(2025, 12, 31),
            declaratie_dagtekening=D(2026, 1, 5),
            totaal_bedrag=0,
            debet_credit="D",
        )
        c = self.client(b, bsn, gemeente)
        for i, (ref, nummer, categorie, code, begin, cents, dc) in enumerate(prestaties, 1):
            self.insert(
                m.Prestatie,
                bericht_id=b,
                declaratie_id=d,
                client_id=c,
                volgnummer=i,
                **_prestatie(ref, nummer, categorie, code, begin, cents, dc, bsn),
            )
        return b

    def declaratie_antwoord(
        self,
        identificatie: str,
        afgewezen: list[tuple[str, int, str, str, dt.date, int, str]],
        *,
        whole: bool = False,
        gemeente: str = GEMEENTE,
        aanbieder: str = AANBIEDER,
        bsn: str = BSN,
    ) -> int:
        """A JW325 on the JW323 ``identificatie``: rejected prestaties or (``whole``) none at all."""
        b = self.bericht("JW325", D(2026, 1, 10), gemeente, aanbieder)
        a = self.insert(
            m.DeclaratieAntwoord,
            bericht_id=b,
            volgnummer=1,
            gemeente=gemeente,
            aanbieder=aanbieder,
            declaratie_identificatie=identificatie,
            declaratie_dagtekening=D(2026, 1, 5),
            header_retourcodes="0001" if whole else "0200",
            declaratie_nummer=None if whole else identificatie[-12:],
        )
        c = self.client(b, bsn, gemeente)
        for i, (ref, nummer, categorie, code, begin, cents, dc) in enumerate(afgewezen, 1):
            self.insert(
                m.AfgewezenPrestatie,
                bericht_id=b,
                antwoord_id=a,
                client_id=c,
                volgnummer=i,
                retourcodes="8001",
                **_prestatie(ref, nummer, categorie, code, begin, cents, dc, bsn),
            )
        return b


def _prestatie(
    ref: str, nummer: int, categorie: str, code: str, begin: dt.date, cents: int, dc: str, bsn: str
) -> dict[str, Any]:
    end = (begin.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return {
        "bsn": bsn,
        "referentie_nummer": ref,
        "vorig_referentie_nummer": None,
        "toewijzing_nummer": nummer,
        "categorie": categorie,
        "code": code,
        "periode_begin": begin,
        "periode_eind": end,
        "volume": 1,
        "eenheid": "14",
        "tarief": cents,
        "bedrag": cents,
        "debet_credit": dc,
    }

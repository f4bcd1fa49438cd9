"""Names next to codes: gemeenten from the CBS list (``codelijsten/``), aanbieders from ``parties.naam``
(filled where the traffic's source knows them: :func:`record_names`), Iv3 taakvelden from the product
catalogue (``productcodes/iv3-taakvelden.csv``).

>>> gemeente("0363"), gemeente("9999"), gemeente(None)
('0363 Amsterdam', '9999', '–')
>>> taakveld("6.72a")
'6.72a jeugdhulp begeleiding'
>>> Names({"12345678": "Zorg & Co"}).aanbieder("12345678"), Names({}).aanbieder("87654321")
('12345678 Zorg & Co', '87654321')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import Engine, select, update

from ijw.codelists import load_codelists
from ijw.db.tables import PARTIES
from ijw.productcodes import load_catalog
from services.present.formats import NOTHING


def _joined(code: str | None, naam: str | None) -> str:
    if not code:
        return NOTHING
    return f"{code} {naam}" if naam else code


def gemeente(code: str | None) -> str:
    """``0363 Amsterdam``: the gemeentecode with its name in the CBS list (the code alone when unknown)."""
    return _joined(code, load_codelists().gemeente_naam(code) if code else None)


def taakveld(code: str | None) -> str:
    """``6.72a jeugdhulp begeleiding``: an Iv3 taakveld with its omschrijving."""
    found = load_catalog().taakvelden.get(code) if code else None
    return _joined(code, found.omschrijving if found else None)


@dataclass(frozen=True, slots=True)
class Names:
    """The aanbieder names known to the database, read once per page."""

    aanbieders: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, engine: Engine) -> Names:
        c = PARTIES.c
        with engine.connect() as conn:
            rows = conn.execute(
                select(c.code, c.naam).where(c.soort == "aanbieder", c.naam.is_not(None))
            ).all()
        return cls({code: naam for code, naam in rows if naam})

    def aanbieder(self, code: str | None) -> str:
        """``12345678 Naam``: an AGB code with the aanbieder's name where it is known."""
        return _joined(code, self.aanbieders.get(code) if code else None)

    def party(self, kind: str, code: str | None) -> str:
        """A gemeente or aanbieder with its name."""
        return gemeente(code) if kind == "gemeente" else self.aanbieder(code)


def record_names(engine: Engine, soort: str, names: Mapping[str, str]) -> int:
    """Store the names of parties of ``soort`` already in ``parties`` (iJw messages carry codes only: the
    names come from where the traffic is made or from a register). Returns how many rows changed."""
    changed = 0
    c = PARTIES.c
    with engine.begin() as conn:
        for code, naam in names.items():
            result = conn.execute(
                update(PARTIES).where(c.soort == soort, c.code == code).values(naam=naam[:200])
            )
            changed += result.rowcount
    return changed

"""The expectation suites over the linked tables and the content tables they rest on, as plain data.

Each :class:`ExpectationSpec` names a GX Core expectation class (``great_expectations.expectations``) and its
arguments; :mod:`services.quality.expectations.runner` turns them into GX objects. Keeping the suites as data
means importing this module costs nothing (GX itself is imported only to run them) and the report can list
what is checked without GX.

Value sets come from the code lists the product ships: productcategorie from JZ020 (``productcodes/``),
reden beëindiging from JZ588 (``codelijsten/``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ijw.codelists.lists import load_codelists
from ijw.productcodes.loader import load_catalog

PERSONAL_COLUMNS = frozenset({"bsn", "geboortedatum", "postcode", "client_id"})
"""Columns whose values never leave the database: no unexpected values of these are stored or shown."""

_BSN = r"^[0-9]{9}$"
_GEMEENTE = r"^[0-9]{4}$"
_AGB = r"^[0-9]{8}$"


@dataclass(frozen=True, slots=True)
class ExpectationSpec:
    """One expectation: the GX class name, its keyword arguments and what it means in domain terms."""

    expectation: str
    kwargs: dict[str, Any]
    description: str  # Dutch: the report and /kwaliteit show it to the parties

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns the expectation reads."""
        found: list[str] = []
        for key in ("column", "column_A", "column_B"):
            if key in self.kwargs:
                found.append(str(self.kwargs[key]))
        found.extend(str(c) for c in self.kwargs.get("column_list", ()))
        return tuple(found)

    @property
    def personal(self) -> bool:
        return any(c in PERSONAL_COLUMNS for c in self.columns)


@dataclass(frozen=True, slots=True)
class SuiteSpec:
    """An expectation suite over one table."""

    name: str
    table: str
    description: str
    expectations: tuple[ExpectationSpec, ...] = field(default_factory=tuple)


def _e(expectation: str, description: str, **kwargs: Any) -> ExpectationSpec:
    return ExpectationSpec(expectation, kwargs, description)


def _not_null(column: str, what: str) -> ExpectationSpec:
    return _e("ExpectColumnValuesToNotBeNull", f"{what} is altijd gevuld", column=column)


def _regex(column: str, regex: str, what: str) -> ExpectationSpec:
    return _e("ExpectColumnValuesToMatchRegex", what, column=column, regex=regex)


def _in_set(column: str, values: list[str], what: str) -> ExpectationSpec:
    return _e("ExpectColumnValuesToBeInSet", what, column=column, value_set=values)


def _not_before(later: str, earlier: str, what: str) -> ExpectationSpec:
    return _e(
        "ExpectColumnPairValuesAToBeGreaterThanB",
        what,
        column_A=later,
        column_B=earlier,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
    )


def _parties() -> tuple[ExpectationSpec, ...]:
    return (
        _regex("gemeente", _GEMEENTE, "gemeente is een CBS-gemeentecode van 4 cijfers"),
        _regex("aanbieder", _AGB, "aanbieder is een AGB-code van 8 cijfers"),
    )


@lru_cache(maxsize=1)
def suites() -> tuple[SuiteSpec, ...]:
    """Every suite, in the order they run: the linked state, then the messages as received."""
    categorieen = sorted(load_catalog().categories)
    jz588 = sorted(load_codelists().get("JZ588"))
    bsn = _regex("bsn", _BSN, "bsn heeft 9 cijfers")
    return (*_linked_suites(categorieen, jz588, bsn), *_received_suites(categorieen, jz588, bsn))


def _linked_suites(categorieen: list[str], jz588: list[str], bsn: ExpectationSpec) -> tuple[SuiteSpec, ...]:
    """The suites of what the quality service linked and found."""
    return (
        SuiteSpec(
            "trajecten",
            "trajecten",
            "Gekoppelde toegewezen producten: één per (gemeente, aanbieder, ToewijzingNummer)",
            (
                _not_null("toewijzing_nummer", "ToewijzingNummer"),
                _e(
                    "ExpectCompoundColumnsToBeUnique",
                    "één traject per gemeente, aanbieder en ToewijzingNummer",
                    column_list=["gemeente", "aanbieder", "toewijzing_nummer"],
                ),
                _not_null("ingangsdatum", "Ingangsdatum"),
                _not_before("einddatum", "ingangsdatum", "Einddatum ligt niet vóór Ingangsdatum"),
                _in_set("categorie", categorieen, "productcategorie staat in JZ020"),
                bsn,
                *_parties(),
                _e(
                    "ExpectColumnValuesToBeBetween",
                    "het aantal prestaties is niet negatief",
                    column="n_prestaties",
                    min_value=0,
                ),
            ),
        ),
        SuiteSpec(
            "leveringen",
            "leveringen",
            "Leveringen: een feitelijke start (JW305) en de stop (JW307) die haar beëindigde",
            (
                _not_null("begindatum", "Begindatum"),
                _not_before("einddatum", "begindatum", "Einddatum ligt niet vóór Begindatum"),
                _in_set(
                    "status", ["actueel", "gestopt", "verwijderd"], "status is actueel, gestopt of verwijderd"
                ),
                _in_set("reden_beeindiging", jz588, "RedenBeeindiging staat in JZ588"),
                _not_before(
                    "stop_dagtekening", "start_dagtekening", "de stop is niet eerder gedagtekend dan de start"
                ),
                bsn,
                *_parties(),
            ),
        ),
        SuiteSpec(
            "prestatie_beoordelingen",
            "prestatie_beoordelingen",
            "Hoe het gekoppelde berichtenverkeer elke JW323-prestatie beoordeelde",
            (
                _e("ExpectColumnValuesToBeUnique", "één beoordeling per prestatie", column="prestatie_id"),
                _not_null("toewijzing_nummer", "ToewijzingNummer"),
                _not_null("accepted", "accepted"),
                *_parties(),
            ),
        ),
        SuiteSpec(
            "quality_findings",
            "quality_findings",
            "Bevindingen van de kwaliteitsdienst",
            (
                _not_null("check", "de controlecode"),
                _regex(
                    "check",
                    r"^(TR[0-9]{3}|OP[0-9]{3}(x[0-9]+)?|[A-Z]+(-[A-Z]+)*)$",
                    "de controle is een officiële regelcode of een eigen controlecode",
                ),
                _in_set("kind", ["aankomst", "stand"], "soort is aankomst of stand"),
                _in_set("severity", ["error", "warning", "info"], "ernst is error, warning of info"),
                _not_null("bericht_id", "het bericht van de bevinding"),
            ),
        ),
    )


def _received_suites(categorieen: list[str], jz588: list[str], bsn: ExpectationSpec) -> tuple[SuiteSpec, ...]:
    """The suites of the content rows as the ingest stored them."""
    return (
        SuiteSpec(
            "toewijzingen",
            "toewijzingen",
            "Toegewezen producten zoals ontvangen (JW301)",
            (
                _not_null("toewijzing_nummer", "ToewijzingNummer"),
                _not_before("einddatum", "ingangsdatum", "Einddatum ligt niet vóór Ingangsdatum"),
                _in_set("categorie", categorieen, "productcategorie staat in JZ020"),
                bsn,
                *_parties(),
            ),
        ),
        SuiteSpec(
            "stops",
            "stops",
            "Gestopte producten zoals ontvangen (JW307)",
            (
                _not_before("einddatum", "begindatum", "Einddatum ligt niet vóór Begindatum"),
                _in_set("reden_beeindiging", jz588, "RedenBeeindiging staat in JZ588"),
                *_parties(),
            ),
        ),
        SuiteSpec(
            "prestaties",
            "prestaties",
            "Gedeclareerde prestaties zoals ontvangen (JW323)",
            (
                _not_before(
                    "periode_eind", "periode_begin", "ProductPeriode Einddatum ligt niet vóór Begindatum"
                ),
                _in_set("debet_credit", ["D", "C"], "DebetCredit is D of C"),
                _e(
                    "ExpectColumnValuesToBeBetween",
                    "het bedrag is niet negatief",
                    column="bedrag",
                    min_value=0,
                ),
                _in_set("categorie", categorieen, "productcategorie staat in JZ020"),
            ),
        ),
    )


def suite(name: str) -> SuiteSpec:
    """The suite called ``name`` (KeyError when there is none)."""
    for spec in suites():
        if spec.name == name:
            return spec
    raise KeyError(name)

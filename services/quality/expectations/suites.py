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
    description: str

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
    return _e("ExpectColumnValuesToNotBeNull", f"{what} is always filled", column=column)


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
        _regex("gemeente", _GEMEENTE, "gemeente is a CBS gemeentecode of 4 digits"),
        _regex("aanbieder", _AGB, "aanbieder is an AGB code of 8 digits"),
    )


@lru_cache(maxsize=1)
def suites() -> tuple[SuiteSpec, ...]:
    """Every suite, in the order they run."""
    categorieen = sorted(load_catalog().categories)
    jz588 = sorted(load_codelists().get("JZ588"))
    bsn = _regex("bsn", _BSN, "bsn has 9 digits")
    return (
        SuiteSpec(
            "trajecten",
            "trajecten",
            "Linked toegewezen products: one per (gemeente, aanbieder, ToewijzingNummer)",
            (
                _not_null("toewijzing_nummer", "ToewijzingNummer"),
                _e(
                    "ExpectCompoundColumnsToBeUnique",
                    "one traject per gemeente, aanbieder and ToewijzingNummer",
                    column_list=["gemeente", "aanbieder", "toewijzing_nummer"],
                ),
                _not_null("ingangsdatum", "Ingangsdatum"),
                _not_before("einddatum", "ingangsdatum", "Einddatum is not before Ingangsdatum"),
                _in_set("categorie", categorieen, "productcategorie is in JZ020"),
                bsn,
                *_parties(),
                _e(
                    "ExpectColumnValuesToBeBetween",
                    "the number of prestaties is not negative",
                    column="n_prestaties",
                    min_value=0,
                ),
            ),
        ),
        SuiteSpec(
            "leveringen",
            "leveringen",
            "Deliveries: an actual start (JW305) and the stop (JW307) that ended it",
            (
                _not_null("begindatum", "Begindatum"),
                _not_before("einddatum", "begindatum", "Einddatum is not before Begindatum"),
                _in_set(
                    "status", ["actueel", "gestopt", "verwijderd"], "status is actueel, gestopt or verwijderd"
                ),
                _in_set("reden_beeindiging", jz588, "RedenBeeindiging is in JZ588"),
                _not_before(
                    "stop_dagtekening", "start_dagtekening", "the stop is not dated before the start"
                ),
                bsn,
                *_parties(),
            ),
        ),
        SuiteSpec(
            "prestatie_beoordelingen",
            "prestatie_beoordelingen",
            "How the linked traffic judged each JW323 prestatie",
            (
                _e("ExpectColumnValuesToBeUnique", "one judgement per prestatie", column="prestatie_id"),
                _not_null("toewijzing_nummer", "ToewijzingNummer"),
                _not_null("accepted", "accepted"),
                *_parties(),
            ),
        ),
        SuiteSpec(
            "quality_findings",
            "quality_findings",
            "Findings of the quality service",
            (
                _not_null("check", "the check code"),
                _regex(
                    "check",
                    r"^(TR[0-9]{3}|OP[0-9]{3}[a-z]?|[A-Z]+(-[A-Z]+)*)$",
                    "check is an official rule code or an own check code",
                ),
                _in_set("kind", ["aankomst", "stand"], "kind is aankomst or stand"),
                _in_set("severity", ["error", "warning", "info"], "severity is error, warning or info"),
                _not_null("bericht_id", "the message of the finding"),
            ),
        ),
        SuiteSpec(
            "toewijzingen",
            "toewijzingen",
            "Toegewezen products as received (JW301)",
            (
                _not_null("toewijzing_nummer", "ToewijzingNummer"),
                _not_before("einddatum", "ingangsdatum", "Einddatum is not before Ingangsdatum"),
                _in_set("categorie", categorieen, "productcategorie is in JZ020"),
                bsn,
                *_parties(),
            ),
        ),
        SuiteSpec(
            "stops",
            "stops",
            "Stopped products as received (JW307)",
            (
                _not_before("einddatum", "begindatum", "Einddatum is not before Begindatum"),
                _in_set("reden_beeindiging", jz588, "RedenBeeindiging is in JZ588"),
                *_parties(),
            ),
        ),
        SuiteSpec(
            "prestaties",
            "prestaties",
            "Declared prestaties as received (JW323)",
            (
                _not_before(
                    "periode_eind", "periode_begin", "ProductPeriode Einddatum is not before Begindatum"
                ),
                _in_set("debet_credit", ["D", "C"], "DebetCredit is D or C"),
                _e(
                    "ExpectColumnValuesToBeBetween",
                    "the amount is not negative",
                    column="bedrag",
                    min_value=0,
                ),
                _in_set("categorie", categorieen, "productcategorie is in JZ020"),
            ),
        ),
    )


def suite(name: str) -> SuiteSpec:
    """The suite called ``name`` (KeyError when there is none)."""
    for spec in suites():
        if spec.name == name:
            return spec
    raise KeyError(name)

"""Configuration of a traffic run and the catalogue of injectable defect kinds.

Every defect kind has a stable id (used in the ground truth, on the command line and in
:attr:`TrafficConfig.defect_rates`), the rule or check code a quality check reports for it, and the
*opportunity* its rate applies to: a rate of 0.02 for ``tweede-start`` means that about 2% of the actual
starts get a second, conflicting start.

Codes: official rule codes where the standard has one (``TR019`` …, ``CS002``, ``CS003``), ``XSD`` for a
message the XSD rejects, ``PARSE`` for bytes that are no XML message at all (the validator reports one of
its ``PARSE-*`` codes), the official bedrijfsregels for the deadlines (``OP090``, ``OP090x4``, ``OP272``;
``antwoord-te-laat`` is recorded under ``OP274`` for a JW315 and ``OP346`` for a JW317) and the project's
own check ``GEEN-START``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, Literal

Level = Literal["transport", "bericht", "berichtoverstijgend", "proces"]


@dataclass(frozen=True, slots=True)
class DefectKind:
    """One kind of injected defect."""

    id: str
    rule: str
    level: Level
    opportunity: str
    description: str
    default_rate: float
    #: The code reported instead of ``rule`` when the defective message is of this berichtsoort.
    rule_per_berichtsoort: Mapping[str, str] = field(default_factory=dict)

    def rule_for(self, berichtsoort: str) -> str:
        """The code a check reports for this defect on a message of ``berichtsoort``."""
        return self.rule_per_berichtsoort.get(berichtsoort, self.rule)


_KINDS: Final = (
    DefectKind(
        "start-zonder-toewijzing",
        "TR019",
        "berichtoverstijgend",
        "client trajectory with a toewijzing",
        "an extra JW305 whose ToewijzingNummer no JW301 of the gemeente ever carried",
        0.01,
    ),
    DefectKind(
        "dubbele-identificatie",
        "TR056",
        "berichtoverstijgend",
        "JW301 (not the first of its shard)",
        "a JW301 that reuses the BerichtIdentificatie of an earlier JW301 of the same gemeente with other "
        "content; the gemeente sends it again under a new identificatie",
        0.01,
    ),
    DefectKind(
        "bsn-niet-van-toewijzing",
        "TR304",
        "berichtoverstijgend",
        "first submission of a debet prestatie",
        "a debet prestatie declared under a BSN that is not the client of its toewijzing",
        0.004,
    ),
    DefectKind(
        "referentienummer-hergebruikt",
        "TR314",
        "berichtoverstijgend",
        "first submission of a debet prestatie (from the aanbieder's second declaration on)",
        "a debet prestatie whose ReferentieNummer the aanbieder already used in an earlier JW323",
        0.004,
    ),
    DefectKind(
        "volume-boven-omvang",
        "TR322",
        "berichtoverstijgend",
        "second or later monthly prestatie on a toewijzing with frequentie 6 (totaal binnen geldigheidsduur)",
        "the declared volumes of a toewijzing add up to more than its toegewezen Omvang (each prestatie "
        "alone fits)",
        0.05,
    ),
    DefectKind(
        "tweede-start",
        "TR326",
        "berichtoverstijgend",
        "first actual start of a toegewezen product",
        "a second JW305 (StatusAanlevering 1, other Begindatum) while the first start is still actual",
        0.01,
    ),
    DefectKind(
        "declaratie-na-einde-toewijzing",
        "TR308",
        "berichtoverstijgend",
        "toewijzing that ended before the month of a later declaration",
        "a prestatie for the calendar month after the toewijzing's Einddatum",
        0.02,
    ),
    DefectKind(
        "tweede-debet",
        "TR389",
        "berichtoverstijgend",
        "approved, uncredited debet prestatie of the previous declaration",
        "a second debet prestatie for the same ProductPeriode, product and ToewijzingNummer without a "
        "credit of the first",
        0.004,
    ),
    DefectKind(
        "retour-te-laat",
        "OP090",
        "proces",
        "retour message (JW302, JW306, JW308, JW316, JW318, JW320)",
        "the retour is sent 6 to 12 werkdagen after the heenbericht (deadline: 3 werkdagen)",
        0.01,
    ),
    DefectKind(
        "antwoord-te-laat",
        "OP274",
        "proces",
        "verzoek om toewijzing (JW315) or verzoek om wijziging (JW317)",
        "the first answer (JW301 or JW319) comes 8 to 14 werkdagen after the verzoek (deadline: 5)",
        0.03,
        MappingProxyType({"JW317": "OP346"}),
    ),
    DefectKind(
        "declaratie-antwoord-te-laat",
        "OP090x4",
        "proces",
        "declaratie (JW323)",
        "the JW325 comes 14 to 20 werkdagen after the JW323 (deadline: 10 werkdagen)",
        0.03,
    ),
    DefectKind(
        "toewijzing-zonder-start",
        "GEEN-START",
        "proces",
        "toegewezen product that would be started",
        "the aanbieder never sends a JW305 for the toewijzing (nor declares it)",
        0.01,
    ),
    DefectKind(
        "stop-ontbreekt",
        "OP272",
        "proces",
        "started toewijzing that ends as planned, at least 15 days before the end of the period",
        "the toewijzing ends, the delivery ends with it, but no JW307 is sent",
        0.02,
    ),
    DefectKind(
        "bsn-elfproef",
        "CS002",
        "bericht",
        "JW305 or JW315",
        "a copy with a BSN that fails the 11-proef, rejected with 0001 and sent again the same day",
        0.003,
    ),
    DefectKind(
        "datumvolgorde",
        "CS003",
        "bericht",
        "JW301",
        "a copy whose ToegewezenProduct Einddatum lies before its Ingangsdatum, rejected with 0001 and sent "
        "again the same day",
        0.003,
    ),
    DefectKind(
        "xsd-ongeldig",
        "XSD",
        "transport",
        "JW301, JW305, JW307 or JW315",
        "a copy with an impossible Geboortedatum (e.g. 2014-02-30); no retour, sent again the same day",
        0.002,
    ),
    DefectKind(
        "onleesbaar",
        "PARSE",
        "transport",
        "JW305 or JW307",
        "bytes that are not an XML message at all, sent instead of a message that follows the same day",
        0.001,
    ),
)

DEFECT_KINDS: Final[Mapping[str, DefectKind]] = MappingProxyType({k.id: k for k in _KINDS})
"""All defect kinds by id, in a stable order."""

DEFAULT_DEFECT_RATES: Final[Mapping[str, float]] = MappingProxyType({k.id: k.default_rate for k in _KINDS})

#: Defect kinds whose message is not a valid iJw message (level 1 or 2): a corrected copy follows.
CORRUPTING_KINDS: Final = frozenset({"bsn-elfproef", "datumvolgorde", "xsd-ongeldig", "onleesbaar"})


def no_defects() -> dict[str, float]:
    """Defect rates that switch every defect off."""
    return dict.fromkeys(DEFECT_KINDS, 0.0)


@dataclass(frozen=True)
class TrafficConfig:
    """What to generate.

    ``gemeenten``: number of gemeenten (real CBS codes, chosen deterministically from the 2026 list), or
    an explicit tuple of gemeentecodes. ``aanbieders``: number of aanbieders. ``clients``: number of
    clients; each client belongs to one gemeente and one aanbieder. Messages are dated within
    ``period_start`` … ``period_end`` (inclusive); events after the period are not generated.
    ``defect_rates`` maps defect kind ids to rates (kinds left out get their default; use
    :func:`no_defects` for clean traffic). ``regional_gemeente``: the gemeente that also uses regional
    (non-uniform) product codes (default: the first gemeente). ``approving_gemeenten``: gemeenten whose
    declaratie-antwoord (JW325) approves every prestatie, the injected defects included (a second debet, a
    volume above the Omvang …): a backoffice that does not check, for the answer audit to find. Default none:
    every gemeente rejects the defective prestaties.
    """

    gemeenten: int | tuple[str, ...] = 5
    aanbieders: int = 10
    clients: int = 200
    period_start: dt.date = dt.date(2025, 1, 1)
    period_end: dt.date = dt.date(2025, 12, 31)
    seed: int = 1
    defect_rates: Mapping[str, float] = field(default_factory=dict)
    regional_gemeente: str | None = None
    approving_gemeenten: tuple[str, ...] = ()

    @classmethod
    def of_year(cls, year: int, **options: Any) -> TrafficConfig:
        """A configuration whose period is the whole calendar ``year``.

        >>> TrafficConfig.of_year(2025, clients=3).period_end
        datetime.date(2025, 12, 31)
        """
        return cls(period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31), **options)

    def rate(self, kind: str) -> float:
        """The rate of defect kind ``kind``."""
        if kind not in DEFECT_KINDS:
            raise KeyError(f"unknown defect kind {kind!r}")
        return float(self.defect_rates.get(kind, DEFECT_KINDS[kind].default_rate))

    def check(self) -> None:
        """Raise ValueError when the configuration cannot be generated."""
        unknown = sorted(set(self.defect_rates) - set(DEFECT_KINDS))
        if unknown:
            raise ValueError(f"unknown defect kinds: {', '.join(unknown)}")
        for kind, rate in self.defect_rates.items():
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"defect rate of {kind} must lie between 0 and 1, not {rate}")
        n_gemeenten = len(self.gemeenten) if isinstance(self.gemeenten, tuple) else self.gemeenten
        if n_gemeenten < 1 or self.aanbieders < 1 or self.clients < 0:
            raise ValueError(
                "need at least one gemeente and one aanbieder, and a non-negative number of clients"
            )
        if self.aanbieders > 899:
            raise ValueError("at most 899 aanbieders (ToewijzingNummer and identificatie schemes)")
        if (self.period_end - self.period_start).days < 90:
            raise ValueError("the period must span at least 90 days")
        if self.period_start < dt.date(2021, 1, 1):
            raise ValueError("the period must start on or after 2021-01-01 (CS100)")

"""Generate ``docs/rules.md``: the rule catalogue with the tests that cover each implemented rule.

Run ``python -m ijw.rules.doc`` to rewrite the file, ``python -m ijw.rules.doc --check`` to fail when it is
out of date (``tests/rules/test_doc.py`` does the same). Test names are read from the case table in
``tests/rules/cases.py`` (calls of the form ``Break("CODE", "JWnnn", "name", …)``), which the parametrised
tests ``test_breaks`` and ``test_keeps`` in ``tests/rules/test_rules.py`` run.

>>> cases_by_rule('Break("TR101", "JW323", "twice", [], "/x")\\nKeep("TR101", "JW301", "ok", [])')
{'TR101': [('test_breaks', 'TR101-JW323-twice'), ('test_keeps', 'TR101-JW301-ok')]}
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict

from ijw.paths import REPO_ROOT
from ijw.rules.catalog import Rule, load_catalog
from ijw.rules.docgen import NONE, covering_cell, table_head, table_row, write_or_check

DOC_PATH = REPO_ROOT / "docs" / "rules.md"
CASES_PATH = REPO_ROOT / "tests" / "rules" / "cases.py"
_CASE = re.compile(r'\b(Break|Keep)\(\s*"([A-Z]{2}\d{3})",\s*"(JW\d{3})",\s*"([\w-]+)"')
_TEST = {"Break": "test_breaks", "Keep": "test_keeps"}
_TESTS_COLUMN = "Tests (`tests/rules/test_rules.py`)"
_REPORTING = """## How findings are reported

- Every finding names the rule by its official code (`TR…`, `CD…`, `CS…`) and carries the location
  of the element the rule concerns (`/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Omvang`);
  for an element that should be there but is not, the location is its parent.
- Retourcode: all in-message rules are control level 2. The standard gives each of them retourcode
  `0001` (the TR documents and the metadata of the conditions and constraints say so), because a
  message that breaks one is rejected as a whole: its retour carries only the header with `0001`
  (IV087/IV088). Findings therefore carry `0001` as retourcode and the rule's own code as `rule`;
  the retour builder puts `0001` on the header.
- Constraints on a basisschema datatype (Bsn, Geboortedatum with TR002, VolledigeNaam, Adres,
  Communicatie, amounts with debet/credit) are checked wherever the datatype occurs, retour messages
  included, as the official validation XSLT does. All other rules apply only to the heenberichten the
  official XSLT checks them in (the `xslt/` TR documents name WMO messages there: read as JW).
- Where a rule text leaves a reading open, the project reads it as the official validation XSLT 2.10.5
  does; `tests/conformance/test_conformance.py` compares both on every run (see "Differences from the
  official XSLT" below for the cases where the project keeps to the rule text instead).
- TR101 keys (official XSLT): Bsn (Client), Nummer (Relatie), Soort (Contact), ToewijzingNummer
  (ToegewezenProduct, OngewijzigdProduct, TeWijzigenProduct), Product + GewensteIngangsdatum
  (NieuwProduct), ToewijzingNummer + Product + Begindatum (StartProduct; StopProduct adds Einddatum and
  RedenBeeindiging), ReferentieAanbieder (AangevraagdProduct: a repeated one breaks TR101 and TR383),
  ReferentieNummer + VorigReferentieNummer (Prestatie, among the Prestaties of one Client).
- Dates: TR134 covers Geboortedatum (of a Client and of a Relatie), Afgiftedatum, Toewijzingsdatum, the
  Begindatum of a start, the Einddatum of a stop and the Begindatum of a DeclaratiePeriode and of every
  ProductPeriode; TR137 the Einddatum of ProductPeriode and DeclaratiePeriode; TR319 a ProductPeriode
  that ends after its DeclaratiePeriode (the rule document files TR319 as cross-message with retourcode
  9319, but the official XSLT checks it within the JW323, so it is an in-message rule with `0001`);
  TR380 the GewensteIngangsdatum of a NieuwProduct; TR335 the Einddatum of a ProductPeriode. An end date
  whose begin date is missing breaks CS003, and LandCode NL without a Postcode breaks CS089 (next to
  CD005). TR416 compares the debet Prestaties of one Client; TR409 applies to a RedenAfwijzingVerzoek
  other than 8 (an answer without one is not held to it); TR342 compares totals only."""

_DIFFERENCES = """## Differences from the official XSLT

`tests/conformance/test_conformance.py` compares the project with the official XSDs and the official
validation XSLT 2.10.5 on more than 20,000 messages per run (the XSD corpus, the rule mutations and a
traffic run of the project's generators, new every day, plus the official examples): the same XSD verdict
and, for an XSD-valid message, the same set of rule codes, in both directions. Every one of the 61 codes
the XSLT can report is reached by that corpus (none is unreachable by an XSD-valid message). The project
keeps the official behaviour wherever a rule text leaves room for it; it differs only where the XSLT is
wrong against a rule text that leaves no doubt. The test names each such case and allows nothing else:

- `CS335-without-Einddatum`: a ToegewezenProduct with RedenWijziging 13 and no Einddatum. CS335 reads
  "RedenWijziging 13 (verwijderd) mag alleen gebruikt worden indien de ingangsdatum gelijk is aan de
  einddatum": without an Einddatum the ingangsdatum is not equal to it, so the project reports CS335.
  The XSLT (template `checkDateEquals`) compares only when both dates are present and reports nothing.
- `date-with-whitespace`: a date written with whitespace around it (`<Begindatum> 2026-04-01</Begindatum>`),
  which the XSD accepts (`xs:date` collapses whitespace). The XSLT compares the raw text
  (`substring(…, 1, 10)`, `translate(…, '-', '')`), so next to such a date it reports, or misses, rules
  that compare dates, e.g. TR134 on a date that lies before the Dagtekening although TR134 reads
  "Vullen met een bestaande datum die niet groter is dan de Dagtekening van het bericht". The project
  compares the dates themselves; the test allows such a difference only when the official validation of
  the same message with its dates written plainly says what the project says."""

_LEFT_OUT = """Cross-message rules (berichtoverstijgend, control level 3) need the linked state of earlier
messages and rules against external sources (control level 4) need the CBS list, the gemeente's
product list or the receiver's clock; both belong to the quality service (a later issue).
Restrictions (RS) and the constraints CS015, CS025 and CS319 are facets of the XSD, checked at control
level 1 before any rule runs."""

_KIND = {"TR": "technische regel", "CD": "conditie", "CS": "constraint", "RS": "restrictie"}


def cases_by_rule(source: str) -> dict[str, list[tuple[str, str]]]:
    """Rule code → (test function, parameter id) for every case in the case table source."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for kind, code, message, name in _CASE.findall(source):
        found[code].append((_TEST[kind], f"{code}-{message}-{name}"))
    return dict(found)


def _row(rule: Rule, tests: list[tuple[str, str]]) -> str:
    implemented = "yes" if rule.implemented else f"no: {rule.reason}"
    return table_row(
        [
            rule.code,
            _KIND[rule.kind],
            rule.summary,
            ", ".join(rule.messages),
            rule.retourcode or NONE,
            implemented,
            covering_cell(f"{func}[{ident}]" for func, ident in tests),
        ]
    )


def render(source: str) -> str:
    """The whole ``docs/rules.md``."""
    catalog = load_catalog()
    tests = cases_by_rule(source)
    implemented = [r for r in catalog.values() if r.implemented]
    left_out = [r for r in catalog.values() if not r.implemented]
    reasons: dict[str, list[str]] = defaultdict(list)
    for r in left_out:
        reasons[re.split(r"[:(;]", r.reason, maxsplit=1)[0].strip()].append(r.code)
    lines = [
        "# In-message rules of iJw 3.2",
        "",
        "Generated by `python -m ijw.rules.doc` from `ijw/rules/catalog.csv` and the test cases in",
        "`tests/rules/cases.py`; do not edit by hand (`tests/rules/test_doc.py` checks it is current).",
        "",
        f"{len(catalog)} rules in the catalogue: {len(implemented)} implemented in `ijw.rules`, "
        f"{len(left_out)} not.",
        "",
        *_REPORTING.splitlines(),
        "",
        *_DIFFERENCES.splitlines(),
        "",
        "## Left out",
        "",
    ]
    for reason, codes in sorted(reasons.items()):
        lines.append(f"- {reason} ({len(codes)}): {', '.join(codes)}")
    lines += [
        "",
        *_LEFT_OUT.splitlines(),
        "",
        "## Catalogue",
        "",
        *table_head(
            ["Rule", "Kind", "What it checks", "Messages", "Retourcode", "Implemented", _TESTS_COLUMN]
        ),
    ]
    lines += [_row(rule, tests.get(rule.code, [])) for rule in catalog.values()]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    return write_or_check(DOC_PATH, render(CASES_PATH.read_text(encoding="utf-8")), "ijw.rules.doc", argv)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

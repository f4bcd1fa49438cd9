"""Full validation of one message: safe parse, identification, XSD, in-message rules, product codes.

This is the one pipeline that ``ijw validate``, ``ijw retour``, the ingest worker and the HTTP intake all
use, so every way in gives the same verdict.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import filterfalse
from pathlib import Path
from typing import Any

from lxml import etree

from ijw import rules
from ijw.files import parse_iso_date, read_message_file
from ijw.findings import Finding
from ijw.message_products import gemeente_of, products_in
from ijw.productcodes import load_catalog
from ijw.productcodes.checks import check_product
from ijw.rules import jw323
from ijw.safeparse import MessageRejected, identify, parse_message
from ijw.schema.model import load_model
from ijw.xsd_registry import XsdRegistry

RULES_SKIPPED = "RULES-SKIPPED"
_ProductRow = tuple[str, str | None, str | None]
_PRODUCT_CACHE_LIMIT = 50_000


@dataclass(slots=True)
class ValidationResult:
    """The verdict on one message. ``root`` is the parsed document (None when it could not be parsed)."""

    path: str | None
    message: str | None
    xsd_valid: bool
    findings: list[Finding] = field(default_factory=list)
    root: etree._Element | None = None
    rejection: MessageRejected | None = None

    @property
    def valid(self) -> bool:
        return self.xsd_valid and not any(f.is_error for f in self.findings)

    def as_json(self) -> dict[str, Any]:
        """The ``ijw validate --json`` contract of DESIGN.md."""
        return {
            "path": self.path,
            "message": self.message,
            "xsd_valid": self.xsd_valid,
            "findings": [
                {"rule": f.rule, "retourcode": f.retourcode, "location": f.location, "message": f.message}
                | ({"severity": f.severity} if f.severity != "error" else {})
                for f in self.findings
            ],
        }


class Validator:
    """Validates messages; create once and reuse (compiled XSDs and loaded code data are cached)."""

    def __init__(
        self, xsd_dir: Path | None = None, check_rules: bool = True, check_products: bool = True
    ) -> None:
        self.registry = XsdRegistry(xsd_dir)
        self.model = load_model()
        self.check_rules = check_rules
        self.check_products = check_products
        self.catalog = load_catalog() if check_products else None
        # per gemeente: the findings of each (categorie, code, date), and the products without findings
        self._product_cache: dict[str | None, dict[_ProductRow, tuple[Finding, ...]]] = {}
        self._clean_products: dict[str | None, set[_ProductRow]] = {}
        self._cached = 0

    def validate_file(self, path: Path) -> ValidationResult:
        try:
            data = read_message_file(path)
        except MessageRejected as exc:
            return _rejected(str(path), exc)
        return self.validate_bytes(data, str(path))

    def validate_bytes(self, data: bytes, path: str | None = None) -> ValidationResult:
        try:
            root = parse_message(data)
            identity = identify(root)
        except MessageRejected as exc:
            return _rejected(path, exc)
        message = identity.message
        findings = self.registry.validate(message, root)
        if findings:
            findings.append(
                Finding(
                    RULES_SKIPPED,
                    "the message is not XSD-valid, so its rules were not checked",
                    severity="info",
                )
            )
            return ValidationResult(path, message, False, findings, root)
        # a declaration's Prestaties are read once, for the rules and the product checks both
        prestaties = None
        if message == "JW323" and (self.check_rules or self.check_products):
            clienten = jw323.clienten_of(root)
            prestaties = None if clienten is None else jw323.Prestaties(clienten)
        # the product codes are checked first, while the columns they share with the rules are still in
        # the processor's cache; their findings come after those of the rules
        product_findings = self._product_findings(root, message, prestaties) if self.check_products else []
        if self.check_rules:
            findings.extend(rules.check(root, message, prestaties))
        findings.extend(product_findings)
        return ValidationResult(path, message, True, findings, root)

    def _product_findings(
        self, root: etree._Element, message: str, prestaties: jw323.Prestaties | None = None
    ) -> list[Finding]:
        """Product code findings: errors at every occurrence, informational ones once per distinct code.

        Results are memoised per (categorie, code, date) and gemeente: a large declaration names the same
        few products hundreds of times. Products known to have no findings are skipped in one set test.
        """
        products = products_in(root, message, prestaties)
        if not products.rows:  # retour messages and messages without products
            return []
        gemeente = gemeente_of(root, self.model.messages[message].afzender == "gemeente")
        cache = self._product_cache.get(gemeente)
        clean = self._clean_products.get(gemeente)
        if cache is None or clean is None or self._cached > _PRODUCT_CACHE_LIMIT:
            if self._cached > _PRODUCT_CACHE_LIMIT:
                self._product_cache.clear()
                self._clean_products.clear()
                self._cached = 0
            cache = self._product_cache.setdefault(gemeente, {})
            clean = self._clean_products.setdefault(gemeente, set())
        if clean.issuperset(products.rows):
            return []
        counts = Counter(filterfalse(clean.__contains__, products.rows))
        found: list[Finding] = []
        notes: dict[tuple[str, str | None, str | None], tuple[Finding, str, int]] = {}
        # each distinct product is checked once; only products with findings are looked up row by row
        for row, count in counts.items():
            findings = cache.get(row)
            if findings is None:
                categorie, code, on = row
                findings = cache[row] = tuple(
                    check_product(categorie, code, parse_iso_date(on), gemeente, None, catalog=self.catalog)
                )
                self._cached += 1
                if not findings:
                    clean.add(row)
            if not findings:
                continue
            for f in findings:
                if f.is_error:
                    indices = [i for i, other in enumerate(products.rows) if other == row]
                    found.extend(replace(f, location=products.location(i)) for i in indices)
                else:
                    note_key = (f.rule, row[0], row[1])
                    seen = notes.get(note_key)
                    if seen:
                        notes[note_key] = (f, seen[1], seen[2] + count)
                    else:
                        notes[note_key] = (f, products.location(products.rows.index(row)), count)
        for f, where, count in notes.values():
            text = f.message if count == 1 else f"{f.message} ({count} occurrences in this message)"
            found.append(replace(f, location=where, message=text))
        return found


def _rejected(path: str | None, exc: MessageRejected) -> ValidationResult:
    return ValidationResult(path, None, False, [Finding(exc.code, exc.reason)], None, exc)

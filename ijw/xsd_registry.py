"""The XSDs the product validates with, compiled once per message type.

By default the project's own XSDs in ``xsd/``; a deployment may point to another release with
``IJW_XSD_DIR`` or by passing ``xsd_dir``.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

from lxml import etree

from ijw.findings import Finding
from ijw.paths import data_dir

_PREFIX = re.compile(r"[A-Za-z_][\w.-]*:")


def default_xsd_dir() -> Path:
    env = os.environ.get("IJW_XSD_DIR")
    return Path(env) if env else data_dir("xsd")


class XsdRegistry:
    """Compiled XSDs per message (``JW301`` …), loaded lazily, safe to share between threads."""

    def __init__(self, xsd_dir: Path | None = None) -> None:
        self.xsd_dir = xsd_dir or default_xsd_dir()
        self._schemas: dict[str, etree.XMLSchema] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    def schema(self, message: str) -> etree.XMLSchema:
        # An XMLSchema object keeps its error log, so each thread gets its own compiled copy.
        cache: dict[str, etree.XMLSchema] | None = getattr(self._local, "schemas", None)
        if cache is None:
            cache = self._local.schemas = {}
        schema = cache.get(message)
        if schema is None:
            path = self.xsd_dir / f"{message.lower()}.xsd"
            if not path.is_file():
                raise FileNotFoundError(f"no XSD for {message} in {self.xsd_dir}")
            with self._lock:
                schema = etree.XMLSchema(etree.parse(str(path)))
            cache[message] = schema
        return schema

    def validate(self, message: str, root: etree._Element) -> list[Finding]:
        """XSD findings for ``root`` (empty when valid)."""
        schema = self.schema(message)
        if schema.validate(root):
            return []
        findings = []
        for entry in schema.error_log:  # type: ignore[attr-defined]
            location = _PREFIX.sub("", entry.path) if entry.path else None
            findings.append(Finding("XSD", f"line {entry.line}: {entry.message}", None, location))
        return findings

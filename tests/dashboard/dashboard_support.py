"""What the dashboard tests share besides fixtures: the test database's facts and the browser settings."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PSEUDONYM_KEY = "dashboard-test-pseudonym-key-0123456789"
AFNEMER_EXPORTS = ("bij", "iv3")
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
    # no network beyond this machine: a page that needs another host shows it (a CDN's script never loads)
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
)
AXE_JS = Path(
    os.environ.get("IJW_AXE_JS", ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js")
)
"""axe-core, installed by ``.ci/axe.sh`` (npm)."""


def screenshot_dir() -> Path:
    """Where the browser tests put their screenshots for the CI log: ``IJW_SCREENSHOT_DIR``, default
    ``out/ci-screenshots`` in the repository (git-ignored)."""
    folder = Path(os.environ.get("IJW_SCREENSHOT_DIR", ROOT / "out" / "ci-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class TrafficDb:
    """The test database and what the tests check the pages against."""

    url: str
    keys: dict[str, str]  # party kind -> API key
    gemeenten: tuple[str, ...]
    aanbieders: tuple[str, ...]
    bsns: frozenset[str]
    surnames: frozenset[str]
    toewijzingen: dict[int, frozenset[tuple[str, str]]]  # ToewijzingNummer -> {(gemeente, aanbieder)}

    @property
    def gemeente(self) -> str:
        """The gemeente whose key the tests use."""
        return self.gemeenten[0]

    @property
    def afnemer_gemeente(self) -> str:
        """The one gemeente the afnemer's key is granted."""
        return self.gemeenten[1]

    @property
    def aanbieder(self) -> str:
        """The aanbieder whose key the tests use."""
        return self.aanbieders[0]


def login(client: Any, key: str, **kwargs: Any) -> Any:
    """Log in as a browser does: fetch the form (its CSRF token and cookie), then post it with ``key``."""
    form = client.get("/dashboard/login")
    match = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert match is not None, "the login form has no CSRF token"
    return client.post(
        "/dashboard/login", data={"api_key": key, "csrf": match.group(1)}, follow_redirects=False, **kwargs
    )

"""``/docs`` and ``/redoc`` of ``ijw serve`` render in headless Chromium with no network beyond 127.0.0.1
(issue 16: "blank pages without internet, Swagger UI comes from a CDN"), and the API has one title.

The browser resolves no host but 127.0.0.1 (``--host-resolver-rules`` in ``CHROME_FLAGS``), so a page that
needs a CDN stays blank and fails here. The checks read what Swagger UI and ReDoc render from the OpenAPI
document (the title and an operation), not the static HTML the server sends.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from dashboard_support import screenshot_dir

from services.apidocs import TITLE

pytestmark = pytest.mark.browser

RESOURCES_JS = (
    "return performance.getEntriesByType('resource').filter(e => e.responseStatus > 0).map(e => e.name);"
)
"""Every resource the page loaded (a request the CSP or the missing network stopped has status 0: ReDoc
asks its CDN for a logo, which :data:`services.apidocs.DOCS_POLICY` forbids)."""


def _wait_for_text(driver: Any, selector: str, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(
        lambda d: any(text in e.text for e in d.find_elements(By.CSS_SELECTOR, selector))
    )


def test_one_title_for_the_whole_api(server: str) -> None:
    spec = httpx.get(f"{server}/openapi.json", timeout=30).json()
    assert spec["info"]["title"] == TITLE
    paths = set(spec["paths"])
    assert {"/berichten", "/health"} <= paths
    assert any(p.startswith("/kwaliteit") for p in paths) and any(p.startswith("/exports") for p in paths)
    assert "exports" in spec["info"]["description"] and "kwaliteit" in spec["info"]["description"]


@pytest.mark.parametrize(
    ("path", "selector"),
    [("/docs", ".swagger-ui .info .title"), ("/redoc", "h1")],
)
def test_api_docs_render_offline(browser: Any, server: str, path: str, selector: str) -> None:
    browser.get(server + path)
    _wait_for_text(browser, selector, TITLE)
    if path == "/docs":
        _wait_for_text(browser, ".opblock-summary-path", "/berichten")
    else:
        _wait_for_text(browser, "[role=menuitem], li", "berichten")
    here = urlsplit(server).netloc
    loaded = browser.execute_script(RESOURCES_JS)
    assert loaded and all(urlsplit(u).netloc == here for u in loaded), loaded
    policy = httpx.get(server + path, timeout=30).headers["content-security-policy"]
    assert "default-src 'self'" in policy and "img-src 'self' data:" in policy
    shot = screenshot_dir() / f"api{path.replace('/', '-')}.png"
    assert browser.save_screenshot(str(shot))
    print(f"screenshot: {shot}")

"""The dashboard end to end in headless Chromium against ``ijw serve``: each party sees its own data only.

A gemeente, an aanbieder, an afnemer and a beheerder log in through the form with their API keys and walk the
pages. The checks read the rendered tables: the gemeente's pages show only its gemeentecode, the aanbieder's
only its AGB code (and never another aanbieder's), the afnemer only the exports page, with the exports and
the gemeente it is granted, and downloads that hold nothing else. No page HTML holds a BSN or a surname of
the test traffic. Every page is photographed into the test's tmp folder, and each screenshot must be a real
picture: a PNG of the window's size with many colours.

Every page is also checked where a person would be let down (issue 16, DESIGN.md): it loads nothing from
another host (the browser has no network beyond 127.0.0.1, and no attribute or loaded resource names another
host), and axe-core (``.ci/axe.sh``) finds no WCAG 2.1 A/AA violation. The screenshots go to the CI log
folder, ``IJW_SCREENSHOT_DIR`` (default ``out/ci-screenshots``), one per page and party kind.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from dashboard_png import colours
from dashboard_support import AFNEMER_EXPORTS, TrafficDb, screenshot_dir

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 900


class Visit:
    """A logged-in browser session that records every page's HTML and takes a screenshot of each."""

    def __init__(self, driver: Any, base: str, shots: Path, axe_js: str) -> None:
        self.driver = driver
        self.base = base
        self.shots = shots
        self.axe_js = axe_js
        self.pages: dict[str, str] = {}
        self.screenshots: list[Path] = []
        self.external: dict[str, list[str]] = {}
        self.violations: dict[str, list[str]] = {}

    def open(self, path: str, name: str) -> str:
        self.driver.get(self.base + path)
        html: str = self.driver.page_source
        self.pages[name] = html
        shot = self.shots / f"{name}.png"
        assert self.driver.save_screenshot(str(shot)), f"no screenshot of {path}"
        self.screenshots.append(shot)
        self.external[name] = self.foreign_addresses()
        self.violations[name] = self.axe()
        return html

    def foreign_addresses(self) -> list[str]:
        """Addresses on the current page (attributes, loaded resources) whose host is not this server."""
        found: list[str] = self.driver.execute_script(ADDRESSES_JS)
        here = urlsplit(self.base).netloc
        page = self.driver.current_url
        return sorted(
            {
                address
                for address in found
                if urlsplit(urljoin(page, address)).scheme in ("http", "https", "ws", "wss", "ftp")
                and urlsplit(urljoin(page, address)).netloc != here
            }
        )

    def axe(self) -> list[str]:
        """axe-core's WCAG 2.1 A/AA violations on the current page, as ``rule: element`` lines."""
        self.driver.execute_script(self.axe_js)
        result: list[dict[str, Any]] = self.driver.execute_async_script(AXE_RUN_JS)
        return [f"{v['id']} ({v['impact']}): {', '.join(v['nodes'])}" for v in result]

    def check_pages(self) -> None:
        """No page references another host; axe finds no violation on any page."""
        assert {n: a for n, a in self.external.items() if a} == {}, "pages reference another host"
        assert {n: v for n, v in self.violations.items() if v} == {}, "axe-core violations"

    def login(self, key: str) -> None:
        from selenium.webdriver.common.by import By

        self.open("/dashboard/", "login")
        assert "/dashboard/login" in self.driver.current_url
        field = self.driver.find_element(By.ID, "api_key")
        field.send_keys(key)
        field.submit()
        self.pages["after-login"] = self.driver.page_source

    def column(self, table_id: str, index: int) -> list[str]:
        """The texts of column ``index`` of the table with ``table_id`` on the current page."""
        from selenium.webdriver.common.by import By

        rows = self.driver.find_elements(By.CSS_SELECTOR, f"#{table_id} tbody tr")
        values = []
        for row in rows:
            cells = row.find_elements(By.TAG_NAME, "td")
            if len(cells) > index:
                values.append(cells[index].text.strip())
        return values

    def nav(self) -> list[str]:
        from selenium.webdriver.common.by import By

        return [a.text for a in self.driver.find_elements(By.CSS_SELECTOR, "header nav a")]

    def check_private(self, db: TrafficDb) -> None:
        """No page holds a BSN or a client's surname of the test traffic."""
        for name, html in self.pages.items():
            for bsn in db.bsns:
                assert bsn not in html, f"a BSN of the test traffic appears on page {name}"
            for surname in db.surnames:
                assert not re.search(rf"\b{re.escape(surname)}\b", html), f"a client surname on page {name}"

    def check_screenshots(self) -> None:
        """Each screenshot is a PNG of the window with real content (not one colour, not tiny)."""
        assert self.screenshots
        for shot in self.screenshots:
            assert shot.stat().st_size > 5_000, f"{shot.name} is suspiciously small"
            width, height, seen = colours(shot)
            assert width >= WIDTH * 0.9 and height >= 400, f"{shot.name} is {width}x{height}"
            assert seen >= 16, f"{shot.name} has only {seen} colour(s): a blank page"


ADDRESSES_JS = """
const found = [];
for (const element of document.querySelectorAll('*')) {
  for (const attribute of element.attributes) {
    if (/(^|:)href$|^src$|^srcset$|^action$|^formaction$|^poster$|^data$/.test(attribute.name)) {
      found.push(attribute.value);
    }
  }
}
for (const entry of performance.getEntriesByType('resource')) { found.push(entry.name); }
return found;
"""
AXE_RUN_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,
                                          nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
  .catch(e => done([{id: 'axe-error', impact: 'error', nodes: [String(e)]}]));
"""


@pytest.fixture
def visit(browser: Any, server: str, axe_js: str, request: pytest.FixtureRequest) -> Visit:
    shots = screenshot_dir() / request.node.name
    shots.mkdir(parents=True, exist_ok=True)
    print(f"screenshots of {request.node.name}: {shots}")
    browser.set_script_timeout(60)
    return Visit(browser, server, shots, axe_js)


def _messages_and_one_message(visit: Visit, party: str, own_column: int, own: str) -> None:
    """The message list behind the first rule of the validation page, and the first message's own page:
    every listed message is the party's own."""
    from selenium.webdriver.common.by import By

    visit.open("/dashboard/validation", f"{party}-validation-for-drilldown")
    rule = visit.driver.find_elements(By.CSS_SELECTOR, "#rules tbody td:first-child a")
    path = rule[0].get_attribute("href")[len(visit.base) :] if rule else "/dashboard/berichten"
    visit.open(path, f"{party}-berichten")
    listed = visit.column("berichten", own_column)
    assert listed and all(cell.split()[0] == own for cell in listed), listed
    first = visit.driver.find_elements(By.CSS_SELECTOR, "#berichten tbody td:first-child a")[0]
    visit.open(first.get_attribute("href")[len(visit.base) :], f"{party}-bericht")
    assert visit.driver.find_element(By.CSS_SELECTOR, "pre.xml").text.strip().startswith("<")


def _first_trajectory(visit: Visit) -> str:
    from selenium.webdriver.common.by import By

    links = visit.driver.find_elements(By.CSS_SELECTOR, "#clients td.pseudonym a")
    assert links, "no clients listed"
    href: str = links[0].get_attribute("href")
    return href[len(visit.base) :]


def test_gemeente_sees_its_own_gemeente_only(visit: Visit, traffic_db: TrafficDb) -> None:
    own = traffic_db.gemeente
    others = [g for g in traffic_db.gemeenten if g != own]
    visit.login(traffic_db.keys["gemeente"])
    assert "/dashboard/pipeline" in visit.driver.current_url
    assert visit.nav() == ["Verwerking", "Validatie", "Trajecten", "Berichten", "Kwaliteit"]

    visit.open("/dashboard/pipeline", "gemeente-pipeline")
    pairs = visit.column("pairs", 0)
    assert pairs and all(cell.startswith(own) for cell in pairs), pairs
    recent = list(zip(visit.column("recent", 2), visit.column("recent", 3), strict=True))
    assert recent and all(own in pair for pair in recent), recent
    text = visit.driver.find_element("tag name", "main").text
    for other in others:
        assert other not in " ".join(pairs) and all(other not in pair for pair in recent)
    assert int(visit.driver.find_element("id", "total").text.replace(".", "")) > 0
    assert "laatst ontvangen" in text

    visit.open("/dashboard/validation", "gemeente-validation")
    assert visit.column("types", 0), "no message types on the validation page"

    visit.open("/dashboard/trajectories", "gemeente-trajectories")
    gemeenten = visit.column("clients", 3)
    assert gemeenten and all(cell.split()[0] == own for cell in gemeenten), gemeenten
    visit.open(_first_trajectory(visit), "gemeente-trajectory")
    assert {c.split()[0] for c in visit.column("events", 3)} == {own}

    # a ToewijzingNummer of another gemeente is not found
    foreign = next(n for n, ps in traffic_db.toewijzingen.items() if all(g != own for g, _ in ps))
    html = visit.open(f"/dashboard/trajectories?q={foreign}", "gemeente-foreign-search")
    assert "Geen cliënt gevonden" in html

    # quality: the gemeente's own aanbieders, its trend charts, its findings
    _messages_and_one_message(visit, "gemeente", 3, own)
    html = visit.open("/dashboard/quality", "gemeente-quality")
    aanbieders = [c.split()[0] for c in visit.column("parties", 0)]
    assert aanbieders and set(aanbieders) <= set(traffic_db.aanbieders), aanbieders
    assert own in visit.driver.find_element("id", "selection").text
    assert html.count('class="line reactive nofill"') >= 2 and visit.column("findings", 0)
    # the charts' own styles are allowed by the page's CSP (else pygal's bars are drawn black)
    fill = visit.driver.execute_script(
        "return getComputedStyle(document.querySelector('svg.pygal-chart rect.rect')).fill"
    )
    assert fill not in ("rgb(0, 0, 0)", "none", ""), fill
    for other in others:
        assert other not in html
    refused = visit.open(f"/dashboard/quality?gemeente={others[0]}", "gemeente-quality-other")
    assert "Geen toegang" in refused
    visit.check_private(traffic_db)
    visit.check_screenshots()
    visit.check_pages()


def test_aanbieder_never_sees_another_agb(visit: Visit, traffic_db: TrafficDb) -> None:
    own = traffic_db.aanbieder
    others = [a for a in traffic_db.aanbieders if a != own]
    visit.login(traffic_db.keys["aanbieder"])
    visit.open("/dashboard/pipeline", "aanbieder-pipeline")
    assert {c.split()[0] for c in visit.column("pairs", 1)} == {own}
    recent = list(zip(visit.column("recent", 2), visit.column("recent", 3), strict=True))
    assert recent and all(own in pair for pair in recent), recent

    visit.open("/dashboard/validation", "aanbieder-validation")
    visit.open("/dashboard/validation?berichtsoort=JW301", "aanbieder-validation-jw301")
    visit.open("/dashboard/trajectories", "aanbieder-trajectories")
    assert {c.split()[0] for c in visit.column("clients", 4)} == {own}
    visit.open(_first_trajectory(visit), "aanbieder-trajectory")
    assert {c.split()[0] for c in visit.column("events", 4)} == {own}
    assert {c.split()[0] for c in visit.column("toewijzingen", 2)} <= {own}

    # search by an own ToewijzingNummer leads to that client's page
    nummer = next(n for n, ps in traffic_db.toewijzingen.items() if len(ps) == 1 and next(iter(ps))[1] == own)
    visit.open(f"/dashboard/trajectories?q={nummer}", "aanbieder-search")
    assert "/dashboard/trajectories/" in visit.driver.current_url
    assert str(nummer) in visit.column("toewijzingen", 0) + visit.column("events", 5)

    _messages_and_one_message(visit, "aanbieder", 4, own)
    visit.open("/dashboard/quality", "aanbieder-quality")
    gemeenten = {cell.split()[0] for cell in visit.column("parties", 0)}
    assert gemeenten and gemeenten <= set(traffic_db.gemeenten)
    visit.open(f"/dashboard/quality?gemeente={sorted(gemeenten)[0]}", "aanbieder-quality-gemeente")
    assert len(visit.column("parties", 0)) == 1

    for name, html in visit.pages.items():
        for other in others:
            assert other not in html, f"AGB {other} of another aanbieder appears on page {name}"
    visit.check_private(traffic_db)
    visit.check_screenshots()
    visit.check_pages()


def test_afnemer_sees_its_granted_exports_only(visit: Visit, traffic_db: TrafficDb) -> None:
    import httpx

    granted = traffic_db.afnemer_gemeente
    visit.login(traffic_db.keys["afnemer"])
    assert "/dashboard/exports" in visit.driver.current_url
    assert visit.nav() == ["Exports"]
    visit.open("/dashboard/exports", "afnemer-exports")
    assert {cell.split()[0] for cell in visit.column("iv3", 0)} == {granted}
    files = visit.column("downloads", 3)
    prefixes = (*AFNEMER_EXPORTS, "coverage")  # the BIJ coverage comes with the BIJ grant
    assert files and all(name.startswith(prefixes) for name in files), files
    grants = visit.driver.find_element("id", "grants").text
    assert granted in grants and "pseudoniem" in grants

    # the downloads, fetched with the browser's own session cookie
    cookies = {c["name"]: c["value"] for c in visit.driver.get_cookies()}
    links = [
        a.get_attribute("href")
        for a in visit.driver.find_elements("css selector", "#downloads td.download a")
    ]
    assert len(links) == len(files)
    for link in links:
        response = httpx.get(link, cookies=cookies, timeout=60)
        assert response.status_code == 200, link
        body = response.text
        assert not any(bsn in body for bsn in traffic_db.bsns), link
        if body.startswith("gemeente,"):
            assert {line.split(",")[0] for line in body.splitlines()[1:]} <= {granted}, link

    for path in (
        "/dashboard/pipeline",
        "/dashboard/validation",
        "/dashboard/trajectories",
        "/dashboard/berichten",
    ):
        page = visit.open(path, "afnemer" + path.replace("/", "-"))
        assert "Geen toegang" in page and "berichten.lezen" in page
    assert "kwaliteit.lezen" in visit.open("/dashboard/quality", "afnemer-quality")
    for name, page in visit.pages.items():
        assert not re.search(r"JW3\d\d", page), f"a message type appears on the afnemer's page {name}"
        for code in traffic_db.gemeenten + traffic_db.aanbieders:
            if code != granted:
                assert code not in page, f"party {code} appears on the afnemer's page {name}"
    visit.check_private(traffic_db)
    visit.check_screenshots()
    visit.check_pages()


def test_beheerder_sees_everything_and_can_log_out(visit: Visit, traffic_db: TrafficDb) -> None:
    visit.login(traffic_db.keys["beheerder"])
    visit.open("/dashboard/pipeline", "beheerder-pipeline")
    gemeenten = {cell.split()[0] for cell in visit.column("pairs", 0)}
    assert gemeenten == set(traffic_db.gemeenten)
    assert {c.split()[0] for c in visit.column("pairs", 1)} == set(traffic_db.aanbieders)
    visit.open("/dashboard/validation", "beheerder-validation")
    visit.open("/dashboard/trajectories", "beheerder-trajectories")
    visit.open(_first_trajectory(visit), "beheerder-trajectory")
    visit.open("/dashboard/quality", "beheerder-quality")
    assert {c.split()[0] for c in visit.column("parties", 0)} == set(traffic_db.aanbieders)
    visit.open("/dashboard/exports", "beheerder-exports")
    assert {cell.split()[0] for cell in visit.column("iv3", 0)} == set(traffic_db.gemeenten)
    visit.open("/dashboard/berichten", "beheerder-berichten")
    visit.open("/dashboard/berichten?status=rejected", "beheerder-berichten-geweigerd")
    assert visit.nav() == ["Verwerking", "Validatie", "Trajecten", "Berichten", "Kwaliteit", "Exports"]
    visit.check_private(traffic_db)
    visit.check_screenshots()
    visit.check_pages()

    visit.driver.find_element("css selector", ".who button").click()
    # the click returns before the browser followed the redirect: wait for it
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(visit.driver, 15).until(lambda d: "/dashboard/login" in d.current_url)
    visit.open("/dashboard/pipeline", "after-logout")
    assert "/dashboard/login" in visit.driver.current_url


def test_wrong_key_is_refused(visit: Visit, traffic_db: TrafficDb) -> None:
    visit.login("ijw_000000000000_" + "x" * 43)
    assert "Deze sleutel is niet geldig" in visit.driver.page_source
    visit.open("/dashboard/pipeline", "wrong-key-pipeline")
    assert "/dashboard/login" in visit.driver.current_url

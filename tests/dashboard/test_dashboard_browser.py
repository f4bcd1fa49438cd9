"""The dashboard end to end in headless Chromium against ``ijw serve``: each party sees its own data only.

A gemeente, an aanbieder, an afnemer and a beheerder log in through the form with their API keys and walk the
pages. The checks read the rendered tables: the gemeente's pages show only its gemeentecode, the aanbieder's
only its AGB code (and never another aanbieder's), the afnemer gets no message page at all. No page HTML holds
a BSN or a surname of the test traffic. Every page is photographed into the test's tmp folder, and each
screenshot must be a real picture: a PNG of the window's size with many colours.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from dashboard_png import colours
from dashboard_support import TrafficDb

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1280, 900


class Visit:
    """A logged-in browser session that records every page's HTML and takes a screenshot of each."""

    def __init__(self, driver: Any, base: str, shots: Path) -> None:
        self.driver = driver
        self.base = base
        self.shots = shots
        self.pages: dict[str, str] = {}
        self.screenshots: list[Path] = []

    def open(self, path: str, name: str) -> str:
        self.driver.get(self.base + path)
        html: str = self.driver.page_source
        self.pages[name] = html
        shot = self.shots / f"{name}.png"
        assert self.driver.save_screenshot(str(shot)), f"no screenshot of {path}"
        self.screenshots.append(shot)
        return html

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


@pytest.fixture
def visit(browser: Any, server: str, tmp_path: Path) -> Visit:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    return Visit(browser, server, shots)


def _first_trajectory(visit: Visit) -> str:
    from selenium.webdriver.common.by import By

    links = visit.driver.find_elements(By.CSS_SELECTOR, "#clients a.pseudonym")
    assert links, "no clients listed"
    href: str = links[0].get_attribute("href")
    return href[len(visit.base) :]


def test_gemeente_sees_its_own_gemeente_only(visit: Visit, traffic_db: TrafficDb) -> None:
    own = traffic_db.gemeente
    others = [g for g in traffic_db.gemeenten if g != own]
    visit.login(traffic_db.keys["gemeente"])
    assert "/dashboard/pipeline" in visit.driver.current_url
    assert visit.nav() == ["Pipeline", "Validation", "Trajectories"]

    visit.open("/dashboard/pipeline", "gemeente-pipeline")
    pairs = visit.column("pairs", 0)
    assert pairs and all(cell.startswith(own) for cell in pairs), pairs
    recent = list(zip(visit.column("recent", 2), visit.column("recent", 3), strict=True))
    assert recent and all(own in pair for pair in recent), recent
    text = visit.driver.find_element("tag name", "main").text
    for other in others:
        assert other not in " ".join(pairs) and all(other not in pair for pair in recent)
    assert int(visit.driver.find_element("id", "total").text.replace("\u202f", "")) > 0
    assert "last arrival" in text

    visit.open("/dashboard/validation", "gemeente-validation")
    assert visit.column("types", 0), "no message types on the validation page"

    visit.open("/dashboard/trajectories", "gemeente-trajectories")
    gemeenten = visit.column("clients", 3)
    assert gemeenten and all(cell == own for cell in gemeenten), gemeenten
    visit.open(_first_trajectory(visit), "gemeente-trajectory")
    assert set(visit.column("events", 3)) == {own}

    # a ToewijzingNummer of another gemeente is not found
    foreign = next(n for n, ps in traffic_db.toewijzingen.items() if all(g != own for g, _ in ps))
    html = visit.open(f"/dashboard/trajectories?q={foreign}", "gemeente-foreign-search")
    assert "No client found" in html
    visit.check_private(traffic_db)
    visit.check_screenshots()


def test_aanbieder_never_sees_another_agb(visit: Visit, traffic_db: TrafficDb) -> None:
    own = traffic_db.aanbieder
    others = [a for a in traffic_db.aanbieders if a != own]
    visit.login(traffic_db.keys["aanbieder"])
    visit.open("/dashboard/pipeline", "aanbieder-pipeline")
    assert set(visit.column("pairs", 1)) == {own}
    recent = list(zip(visit.column("recent", 2), visit.column("recent", 3), strict=True))
    assert recent and all(own in pair for pair in recent), recent

    visit.open("/dashboard/validation", "aanbieder-validation")
    visit.open("/dashboard/validation?berichtsoort=JW301", "aanbieder-validation-jw301")
    visit.open("/dashboard/trajectories", "aanbieder-trajectories")
    assert set(visit.column("clients", 4)) == {own}
    visit.open(_first_trajectory(visit), "aanbieder-trajectory")
    assert set(visit.column("events", 4)) == {own}
    assert set(visit.column("toewijzingen", 2)) <= {own}

    # search by an own ToewijzingNummer leads to that client's page
    nummer = next(n for n, ps in traffic_db.toewijzingen.items() if len(ps) == 1 and next(iter(ps))[1] == own)
    visit.open(f"/dashboard/trajectories?q={nummer}", "aanbieder-search")
    assert "/dashboard/trajectories/" in visit.driver.current_url
    assert str(nummer) in visit.column("toewijzingen", 0) + visit.column("events", 5)

    for name, html in visit.pages.items():
        for other in others:
            assert other not in html, f"AGB {other} of another aanbieder appears on page {name}"
    visit.check_private(traffic_db)
    visit.check_screenshots()


def test_afnemer_sees_no_message_pages(visit: Visit, traffic_db: TrafficDb) -> None:
    visit.login(traffic_db.keys["afnemer"])
    html = visit.pages["after-login"]
    assert "No pages for this key" in html
    assert visit.nav() == []
    visit.open("/dashboard/", "afnemer-home")
    for path in ("/dashboard/pipeline", "/dashboard/validation", "/dashboard/trajectories"):
        page = visit.open(path, "afnemer" + path.replace("/", "-"))
        assert "Not allowed" in page and "berichten.lezen" in page
    for name, page in visit.pages.items():
        assert not re.search(r"JW3\d\d", page), f"a message type appears on the afnemer's page {name}"
        for code in traffic_db.gemeenten + traffic_db.aanbieders:
            assert code not in page, f"party {code} appears on the afnemer's page {name}"
    visit.check_private(traffic_db)
    visit.check_screenshots()


def test_beheerder_sees_everything_and_can_log_out(visit: Visit, traffic_db: TrafficDb) -> None:
    visit.login(traffic_db.keys["beheerder"])
    visit.open("/dashboard/pipeline", "beheerder-pipeline")
    gemeenten = {cell.split()[0] for cell in visit.column("pairs", 0)}
    assert gemeenten == set(traffic_db.gemeenten)
    assert set(visit.column("pairs", 1)) == set(traffic_db.aanbieders)
    visit.open("/dashboard/validation", "beheerder-validation")
    visit.open("/dashboard/trajectories", "beheerder-trajectories")
    visit.open(_first_trajectory(visit), "beheerder-trajectory")
    visit.check_private(traffic_db)
    visit.check_screenshots()

    visit.driver.find_element("css selector", ".who button").click()
    # the click returns before the browser followed the redirect: wait for it
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(visit.driver, 15).until(lambda d: "/dashboard/login" in d.current_url)
    visit.open("/dashboard/pipeline", "after-logout")
    assert "/dashboard/login" in visit.driver.current_url


def test_wrong_key_is_refused(visit: Visit, traffic_db: TrafficDb) -> None:
    visit.login("ijw_000000000000_" + "x" * 43)
    assert "This key is not valid" in visit.driver.page_source
    visit.open("/dashboard/pipeline", "wrong-key-pipeline")
    assert "/dashboard/login" in visit.driver.current_url

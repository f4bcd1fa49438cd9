"""Fixtures of the dashboard tests: a small database of generated traffic, keys of every party kind, the
product's own ``ijw serve`` on a free port, and headless Chromium driven by selenium.

Without Chromium (Debian's ``chromium`` and ``chromium-driver``; ``.ci/chromium.sh`` installs them) or the
selenium package, the browser tests are skipped with that reason, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from dashboard_support import (
    AFNEMER_EXPORTS,
    AXE_JS,
    CHROME_FLAGS,
    CHROMEDRIVER,
    CHROMIUM,
    PSEUDONYM_KEY,
    TrafficDb,
)
from lxml import etree
from sqlalchemy import select
from stored_traffic import ingest

from ijw.auth.credentials import issue
from ijw.db import make_engine, migrate
from ijw.db import models as m
from ijw_tools.traffic import TrafficConfig, generate_traffic
from services.present.names import record_names
from services.quality.run import run_quality


@pytest.fixture(scope="session")
def traffic_db(tmp_path_factory: pytest.TempPathFactory) -> TrafficDb:
    """Generated traffic (2 gemeenten, 3 aanbieders, 16 clients, one year) ingested into SQLite and linked
    by the quality service; keys of a gemeente, an aanbieder, a regional afnemer (granted
    :data:`AFNEMER_EXPORTS` of the second gemeente) and a beheerder."""
    folder = tmp_path_factory.mktemp("dashboard-db")
    url = f"sqlite:///{folder / 'ijw.sqlite'}"
    migrate(url)
    engine = make_engine(url)
    run = generate_traffic(
        TrafficConfig(
            gemeenten=2,
            aanbieders=3,
            clients=16,
            period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 12, 31),
            seed=20261123,
            # cross-message defects often enough that clients have quality findings on their trajectory
            defect_rates={"tweede-start": 0.2, "declaratie-na-einde-toewijzing": 0.2, "tweede-debet": 0.2},
        )
    )
    messages = list(run)
    surnames: set[str] = set()
    for msg in messages:
        try:
            root = etree.fromstring(msg.data)
        except etree.XMLSyntaxError:
            continue  # an injected defect: not well-formed
        surnames.update(e.text.strip() for e in root.iter("{*}Achternaam") if e.text and e.text.strip())
    for start in range(0, len(messages), 100):
        ingest(engine, [msg.data for msg in messages[start : start + 100]], source="file")
    with engine.connect() as conn:
        bsns = frozenset(r[0] for r in conn.execute(select(m.Client.bsn).distinct()))
        parties = conn.execute(select(m.Party.soort, m.Party.code)).all()
        toewijzingen: dict[int, set[tuple[str, str]]] = {}
        for r in conn.execute(
            select(m.Toewijzing.toewijzing_nummer, m.Toewijzing.gemeente, m.Toewijzing.aanbieder)
        ):
            toewijzingen.setdefault(r.toewijzing_nummer, set()).add((r.gemeente, r.aanbieder))
    gemeenten = tuple(sorted(code for soort, code in parties if soort == "gemeente"))
    aanbieders = tuple(sorted(code for soort, code in parties if soort == "aanbieder"))
    assert len(gemeenten) >= 2 and len(aanbieders) >= 2 and bsns, "the generated traffic is too small"
    run_quality(engine)
    # the aanbieders' names (not in the messages) as the demo records them, for the dashboard to show
    record_names(engine, "aanbieder", {a.agb: a.naam for a in run.scenario.aanbieders})
    keys = {
        "gemeente": issue(engine, "gemeente", gemeenten[0]).key,
        "aanbieder": issue(engine, "aanbieder", aanbieders[0]).key,
        # a regional afnemer: two exports, for the other gemeente only
        "afnemer": issue(
            engine, "afnemer", "regio-test", exports=AFNEMER_EXPORTS, gemeenten=[gemeenten[1]]
        ).key,
        "beheerder": issue(engine, "beheerder", "ops-test").key,
    }
    engine.dispose()
    return TrafficDb(
        url,
        keys,
        gemeenten,
        aanbieders,
        bsns,
        frozenset(s for s in surnames if len(s) >= 4),
        {n: frozenset(p) for n, p in toewijzingen.items()},
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(traffic_db: TrafficDb, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``ijw serve`` on the test database (a child process on 127.0.0.1); yields the base URL."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("server") / "serve.log"
    env = {**os.environ, "IJW_PSEUDONYM_KEY": PSEUDONYM_KEY}
    env.pop("IJW_BOOTSTRAP_SERVERS", None)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ijw_app", "serve", "--db", traffic_db.url, "--port", str(port)],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"ijw serve exited with {proc.returncode}: {log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"ijw serve did not answer within 60 s: {log_path.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium() -> tuple[str, str]:
    """Paths of Debian's chromium and chromedriver (skip, or under CI fail, when absent)."""
    browser = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    driver = CHROMEDRIVER if os.path.exists(CHROMEDRIVER) else shutil.which("chromedriver")
    if not browser or not driver:
        _missing(
            "headless Chromium not installed (apt-get install chromium chromium-driver, "
            "or bash .ci/chromium.sh)"
        )
    try:
        import selenium  # noqa: F401
    except ImportError:
        _missing("the selenium package is not installed (pip install -e '.[dev]')")
    assert browser and driver
    return browser, driver


@pytest.fixture(scope="session")
def axe_js() -> str:
    """The source of axe-core (``bash .ci/axe.sh`` installs it; skip, or under CI fail, when absent)."""
    if not AXE_JS.is_file():
        _missing(f"axe-core is not installed at {AXE_JS} (bash .ci/axe.sh)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def browser(chromium: tuple[str, str], tmp_path: Path) -> Iterator[Any]:
    """A fresh headless Chromium (its own profile folder) driven through chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = chromium
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    service = Service(executable_path=driver_path, log_output=str(tmp_path / "chromedriver.log"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()

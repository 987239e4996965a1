"""Drive the browser workspace (gadget/, issue 21) on a real local wiki: one Chromium, logged in
as one mentor at a time, its console read after every page.

The wiki loads the gadget the way a mentor does on a wiki that allows user scripts: the one
line from their dashboard in ``User:<Mentor>/common.js``. :func:`user_scripts_and_minerva`
turns on ``$wgAllowUserJs`` (off by default since MediaWiki 1.39's defaults) and loads the
bundled MinervaNeue skin for one test module, and puts the settings back afterwards.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import browser
import localwiki
from screenshots import capture
from wikiseed import Wiki

from tests.integration.wikipages import latest_revisions

PASSWORD = "Seed-pass-123!"  # wikiseed's default password
READY = "return document.documentElement.classList.contains('mentor-dashboard-ready')"
EXTRA_PHP = "wfLoadSkin( 'MinervaNeue' );\n$wgAllowUserJs = true;\n$wgAllowUserCss = true;"
# Console lines that are not the gadget's: the php -S server has no favicon, and MediaWiki's
# own modules warn about their deprecations.
NOT_OURS = ("favicon.ico",)
# MENTOR_DASHBOARD_SHOTS=docs makes the tests save the README's pictures there, as they go.
SHOTS = os.environ.get("MENTOR_DASHBOARD_SHOTS", "")


@contextmanager
def user_scripts_and_minerva(wiki: Wiki) -> Iterator[None]:
    """User scripts allowed and MinervaNeue loaded on WIKI until the block ends.

    PHP's opcache sees the changed LocalSettings.php only after a moment: wait until siteinfo
    lists the skin (both lines take effect together, being one file)."""
    path = localwiki.site_dir(wiki.name) / "LocalSettings.php"
    original = path.read_text()
    path.write_text(original + "\n# --- added by tests/browser/workspace.py ---\n" + EXTRA_PHP + "\n")
    try:
        deadline = time.monotonic() + 30
        while not _has_minerva(wiki):
            if time.monotonic() > deadline:
                raise AssertionError("the wiki did not load MinervaNeue")
            time.sleep(0.5)
        yield
    finally:
        path.write_text(original)


def _has_minerva(wiki: Wiki) -> bool:
    got = wiki.anonymous().get(action="query", meta="siteinfo", siprop="skins")
    return any(s.get("code") == "minerva" and not s.get("unusable") for s in got["query"]["skins"])


def page_url(base: str, title: str, **query: str) -> str:
    params = "".join(f"&{k}={quote(v)}" for k, v in query.items())
    return f"{base}/index.php?title={quote(title.replace(' ', '_'), safe=':/')}{params}"


@dataclass
class Browser:
    """One headless Chromium on one wiki; ``user`` is who it is logged in as."""

    driver: Any
    base: str
    user: str | None = None
    console: list[dict[str, Any]] = field(default_factory=list)  # every line read so far

    def drain_console(self) -> list[dict[str, Any]]:
        lines: list[dict[str, Any]] = list(self.driver.get_log("browser"))
        self.console.extend(lines)
        return lines

    def errors(self) -> list[dict[str, Any]]:
        """Console errors so far that are not MediaWiki's own noise."""
        self.drain_console()
        return [
            line
            for line in self.console
            if line.get("level") == "SEVERE" and not any(s in str(line.get("message")) for s in NOT_OURS)
        ]

    def login(self, user: str) -> None:
        from selenium.webdriver.common.by import By

        if self.user == user:
            return
        self.driver.delete_all_cookies()
        self.driver.get(page_url(self.base, "Special:UserLogin"))
        self.driver.find_element(By.ID, "wpName1").send_keys(user)
        self.driver.find_element(By.ID, "wpPassword1").send_keys(PASSWORD)
        self.driver.find_element(By.ID, "wpLoginAttempt").click()
        self.wait(lambda d: d.execute_script("return !!(window.mw && mw.config.get('wgUserName'))"))
        got = self.driver.execute_script("return mw.config.get('wgUserName')")
        if got != user:
            raise AssertionError(f"logged in as {got!r}, not {user!r}")
        self.user = user
        self.drain_console()

    def open(self, title: str, *, ready: bool = True, **query: str) -> None:
        """Load TITLE; with READY, wait until the workspace is built (or the link is there)."""
        self.driver.get(page_url(self.base, title, **query))
        if ready:
            self.wait(lambda d: d.execute_script(READY))
        else:
            self.wait(lambda d: d.execute_script("return document.readyState === 'complete'"))
        self.drain_console()

    def wait(self, until: Callable[[Any], Any], timeout: float = 30) -> Any:
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout).until(until)

    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def rows(self) -> list[str]:
        """The mentee names the workspace table shows now, in order."""
        got = self.js(
            "return [...document.querySelectorAll('.mentor-dashboard-row')].map(r => r.dataset.name)"
        )
        return [str(n) for n in got]


@contextmanager
def chromium(base: str, width: int = 1280, height: int = 900) -> Iterator[Browser]:
    """Headless Chromium (scripts/browser.py's flags) with its console log readable."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    found = browser.executables()
    if found is None:
        raise FileNotFoundError(browser.MISSING)
    binary, driver_path = found
    with tempfile.TemporaryDirectory(prefix="mentor-dashboard-gadget-") as profile:
        options = Options()
        options.binary_location = binary
        for flag in (
            *browser.CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
        ):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(driver_path))
        try:
            driver.set_page_load_timeout(60)
            viewport(driver, width, height)
            yield Browser(driver, base)
        finally:
            driver.quit()


def viewport(driver: Any, width: int, height: int, mobile: bool = False) -> None:
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def latest(wiki: Wiki, title: str) -> dict[str, Any] | None:
    """The latest revision of TITLE (revid, user, comment, text), or None when it does not exist."""
    revs = latest_revisions(wiki, [title], rvprop="ids|user|comment|content")
    rev = next(iter(revs.values()), None)  # one title asked, keyed as the wiki writes it
    if rev is None:
        return None
    return {
        "revid": int(rev["revid"]),
        "user": rev["user"],
        "comment": rev.get("comment", ""),
        "text": rev["slots"]["main"]["content"],
    }


def json_page(wiki: Wiki, title: str) -> Any:
    rev = latest(wiki, title)
    if rev is None:
        raise AssertionError(f"{title} does not exist")
    return json.loads(rev["text"])


def shot(b: Browser, name: str, selector: str = "", max_height: int = 900) -> Path | None:
    """With MENTOR_DASHBOARD_SHOTS set, a PNG of what matches SELECTOR (the viewport when empty)
    into that folder; otherwise nothing."""
    if not SHOTS:
        return None
    out = Path(SHOTS) / name
    out.parent.mkdir(parents=True, exist_ok=True)
    if not selector:
        return capture(b.driver, out)
    rect = b.js(
        "const r = document.querySelector(arguments[0]).getBoundingClientRect();"
        "return {x: r.left + scrollX - 8, y: r.top + scrollY - 8,"
        " width: r.width + 16, height: r.height + 16}",
        selector,
    )
    rect["height"] = min(rect["height"], max_height)
    return capture(b.driver, out, rect)

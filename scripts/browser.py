"""Headless Debian Chromium driven by Selenium: screenshots and layout measurements of real pages.

Used by ``scripts/screenshots.py`` (``make screenshots``) and the browser tests
(``tests/integration/test_fold.py``). Everything is local: Debian's ``chromium`` and
``chromium-driver`` (``scripts/bootstrap.sh`` installs both), the driver named by path so
Selenium never looks for one on the network, and a throwaway profile per browser.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# Quiet, reproducible and offline: no first-run UI, no sync, no update checks, no shared profile.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
MISSING = "headless Chromium needs Debian's chromium and chromium-driver: run scripts/bootstrap.sh as root"


def executables() -> tuple[str, str] | None:
    """Chromium and its driver, or None where either is missing."""
    browser = next((p for n in ("chromium", "chromium-browser") if (p := shutil.which(n))), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


@contextmanager
def headless(width: int, height: int, *, mobile: bool = False) -> Iterator[Any]:
    """A Selenium Chrome driver whose viewport is exactly WIDTH×HEIGHT CSS pixels.

    A window size includes the browser's own frame, so the viewport is set through the DevTools
    protocol instead; MOBILE makes the page see a touch phone (``pointer: coarse``).
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    found = executables()
    if found is None:
        raise FileNotFoundError(MISSING)
    browser, driver_path = found
    with tempfile.TemporaryDirectory(prefix="mentor-dashboard-chromium-") as profile:
        options = Options()
        options.binary_location = browser
        for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(driver_path))
        try:
            metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
            driver.set_page_load_timeout(60)
            yield driver
        finally:
            driver.quit()


@dataclass(frozen=True)
class Fold:
    """Where the mentee table sits on a rendered dashboard, in CSS pixels from the page top."""

    viewport: tuple[int, int]
    skin: str  # the body's skin-* class, e.g. "skin-vector-2022"
    heading_top: float  # the M1 section heading
    first_row_top: float  # the table's first mentee row
    first_row_bottom: float
    row_heights: tuple[float, ...]  # the first rows, to tell one-line rows from wrapped ones
    row_flags: tuple[int, ...]  # how many attention flags each of those rows carries
    table_width: float
    column_width: float  # the content column the table sits in
    examples: int  # M2's worked JSON examples on the page
    examples_shown: int  # how many of them are visible: none while the fold is closed


_FOLD_SCRIPT = """
const heading = document.getElementById(arguments[0]);
const table = document.querySelector('table.mentor-dashboard-mentees');
if (!heading || !table) { return null; }
const top = el => el.getBoundingClientRect().top + window.scrollY;
const rows = [...table.tBodies[0].rows].filter(r => !r.querySelector('th'));
const examples = [...document.querySelectorAll('.mentor-dashboard-examples pre')];
const skin = [...document.body.classList].filter(c => /^skin-(?!-)/.test(c) && c !== 'skin-vector');
return {
  viewport: [window.innerWidth, window.innerHeight],
  skin: skin.length ? skin[skin.length - 1] : 'skin-vector',
  heading_top: top(heading.closest('h2, .mw-heading') || heading),
  first_row_top: top(rows[0]),
  first_row_bottom: top(rows[0]) + rows[0].getBoundingClientRect().height,
  row_heights: rows.slice(0, 10).map(r => r.getBoundingClientRect().height),
  row_flags: rows.slice(0, 10).map(r => r.querySelectorAll('.mentor-dashboard-flag').length),
  table_width: table.getBoundingClientRect().width,
  column_width: document.querySelector('.mw-parser-output').getBoundingClientRect().width,
  examples: examples.length,
  examples_shown: examples.filter(e => e.offsetParent !== null).length,
};
"""


def fold(driver: Any, url: str, heading_id: str) -> Fold:
    """Load URL and measure the mentee table below the heading whose anchor is HEADING_ID, once
    MediaWiki's scripts have run (they fold the collapsible parts)."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script(
            "return !!(window.mw && mw.loader.getState('jquery.makeCollapsible') === 'ready')"
        )
    )
    got = driver.execute_script(_FOLD_SCRIPT, heading_id)
    if got is None:
        raise AssertionError(f"{url} has no heading #{heading_id} or no mentee table")
    return Fold(
        viewport=(int(got["viewport"][0]), int(got["viewport"][1])),
        skin=str(got["skin"]),
        heading_top=float(got["heading_top"]),
        first_row_top=float(got["first_row_top"]),
        first_row_bottom=float(got["first_row_bottom"]),
        row_heights=tuple(float(h) for h in got["row_heights"]),
        row_flags=tuple(int(n) for n in got["row_flags"]),
        table_width=float(got["table_width"]),
        column_width=float(got["column_width"]),
        examples=int(got["examples"]),
        examples_shown=int(got["examples_shown"]),
    )

"""The mentee table where a mentor sees it: near the top of a real, rendered dashboard (issue 20).

The demo programme (``scripts/seed_demo.py``: 12 mentors, 240 mentees, questions, reverts,
blocks, warnings, praise) is seeded into the test wiki and the bot runs once, as ``make demo``
does. Headless Chromium then opens a mentor's dashboard in Vector 2022 with a 1280×900 viewport
and measures where MediaWiki's own layout put the table.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import browser
import localwiki
import pytest
import screenshots
from seed_demo import MENTORS

from bot.render.i18n import Messages

pytestmark = [pytest.mark.wiki, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
VIEWPORT = (1280, 900)
FIRST_ROW_WITHIN = 1200  # px from the top of the page (issue 20's "Done when")


@pytest.fixture(scope="module")
def demo(fresh_wiki: dict[str, Any]) -> Iterator[str]:
    """The demo programme on the test wiki, after one bot run; yields the wiki's base URL."""
    if browser.executables() is None:
        pytest.fail(browser.MISSING)
    site = str(fresh_wiki["name"])
    env = dict(os.environ, MENTOR_WIKI=site, MENTOR_WIKI_LANG="en", PYWIKIBOT_DIR=str(ROOT))
    subprocess.run([sys.executable, str(ROOT / "scripts" / "seed_demo.py")], env=env, check=True, timeout=300)
    subprocess.run([sys.executable, "-m", "bot.ops.cli", "run"], env=env, check=True, timeout=300, cwd=ROOT)
    yield localwiki.url(site)


@pytest.fixture(scope="module")
def vector_2022(demo: str) -> browser.Fold:
    heading = Messages.load("en").texts["mentordashboard-mentees-heading"].replace(" ", "_")
    # The README's pictures' mentor: the fullest page, with every kind of alert on it.
    mentor = screenshots.busiest_mentor(demo, MENTORS)
    url = f"{demo}/index.php?title=User:{mentor.replace(' ', '_')}/Mentor_dashboard&useskin=vector-2022"
    with browser.headless(*VIEWPORT) as driver:
        return browser.fold(driver, url, heading)


def test_the_page_is_measured_in_vector_2022_at_1280_by_900(vector_2022: browser.Fold) -> None:
    assert vector_2022.skin == "skin-vector-2022"
    assert vector_2022.viewport == VIEWPORT


def test_the_mentee_table_heading_is_above_the_fold(vector_2022: browser.Fold) -> None:
    assert 0 < vector_2022.heading_top < VIEWPORT[1], vector_2022


def test_the_first_mentee_row_is_within_the_first_1200_pixels(vector_2022: browser.Fold) -> None:
    assert vector_2022.heading_top < vector_2022.first_row_top
    assert vector_2022.first_row_bottom <= FIRST_ROW_WITHIN, vector_2022


def test_the_table_fits_its_column_and_rows_read_in_one_line(vector_2022: browser.Fold) -> None:
    assert vector_2022.table_width <= vector_2022.column_width + 1, vector_2022
    # A row with two alerts may wrap between them; any other row reads in one line.
    one_line = min(vector_2022.row_heights)
    single = [h for h, n in zip(vector_2022.row_heights, vector_2022.row_flags, strict=True) if n <= 1]
    assert len(single) >= 5 and max(single) < 1.5 * one_line, vector_2022
    assert any(n >= 2 for n in vector_2022.row_flags), "no measured row has two alerts"


def test_the_worked_json_examples_are_folded_away(vector_2022: browser.Fold) -> None:
    # Every example the M2 template writes is on the page (the count comes from the template).
    template = (ROOT / "templates" / "_mentor_tools.wikitext.j2").read_text(encoding="utf-8")
    assert vector_2022.examples == template.count('<pre dir="ltr">') > 0
    assert vector_2022.examples_shown == 0

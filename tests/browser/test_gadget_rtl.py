"""The workspace on a right-to-left wiki (issue 21): an Arabic wiki, its messages, its layout.

A fresh wiki in Arabic with one mentor and two mentees; the bot publishes its pages, the
mentor loads the gadget from common.js, and one browser looks at the dashboard.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import localwiki
import pytest
from wikiseed import UserSpec, Wiki

from bot.build.gadget_code import common_js_line
from bot.model.assignment import day_number
from bot.render.i18n import Messages
from tests.browser.workspace import chromium, user_scripts_and_minerva
from tests.integration.botrun import run_bot, save_assignment_pages, site_of
from tests.integration.wikiconfig import served_wiki

pytestmark = [pytest.mark.wiki, pytest.mark.browser]

MW = os.environ.get("MW") or localwiki.DEFAULT_MW
MENTOR = "Mentor Ada"
MENTEES = ("Newcomer One", "Newcomer Two")
AR = Messages.load("ar").texts
ARABIC = "\u0600-\u06ff"


@pytest.fixture(scope="module")
def shown(wiki_info: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """What the browser finds in the workspace on the Arabic wiki's dashboard."""
    with served_wiki("mdgadgetar", MW, "ar") as name:
        wiki = Wiki(name)
        now = datetime.now(UTC)
        ids = wiki.create_users(
            [UserSpec(MENTOR, editcount=1000, registered=now - timedelta(days=900))]
            + [UserSpec(m, registered=now - timedelta(days=3)) for m in MENTEES]
        )
        wiki.admin().edit("Project:Mentorship/Mentors", f"{{{{Mentor list entry|user={MENTOR}}}}}\n")
        wiki.session_for(MENTEES[0]).edit(f"User:{MENTEES[0]}", "مرحبا")
        site = site_of(name)
        save_assignment_pages(
            {MENTOR: dict.fromkeys((ids[m] for m in MENTEES), day_number(now.date()))}, site=site
        )
        run_bot(site=site, cache_dir=Path(tempfile.mkdtemp(prefix="mentor-dashboard-gadget-ar-")))
        script = wiki.api(action="query", meta="siteinfo", siprop="general")["query"]["general"]["script"]
        code = f"User:{site.username()}/mentor-dashboard.js"
        wiki.session_for(MENTOR).edit(f"User:{MENTOR}/common.js", common_js_line(script, code))
        with user_scripts_and_minerva(wiki), chromium(wiki.base_url) as b:
            b.login(MENTOR)
            b.open(f"User:{MENTOR}/Mentor dashboard", useskin="vector-2022")
            got: dict[str, Any] = b.js(
                "const ws = document.querySelector('.mentor-dashboard-ws');"
                "const row = document.querySelector('.mentor-dashboard-row');"
                "const box = el => el.getBoundingClientRect();"
                "return {dir: ws.getAttribute('dir'), lang: ws.getAttribute('lang'),"
                " direction: getComputedStyle(ws).direction,"
                " heading: ws.querySelector('.mentor-dashboard-ws-heading').textContent,"
                " star: box(row.querySelector('.mentor-dashboard-star-cell')).left,"
                " name: box(row.querySelector('.mentor-dashboard-name')).left,"
                " times: [...ws.querySelectorAll('time')].map(t => t.textContent),"
                " rows: [...document.querySelectorAll('.mentor-dashboard-row')].map(r => r.dataset.name),"
                " link: document.querySelector('#pt-mentordashboard').textContent.trim()}"
            )
            got["errors"] = b.errors()
            yield got


def test_the_workspace_is_right_to_left_in_arabic(shown: dict[str, Any]) -> None:
    assert (shown["dir"], shown["lang"], shown["direction"]) == ("rtl", "ar", "rtl")
    assert shown["star"] > shown["name"]  # the first column is on the right


def test_its_words_and_relative_times_are_arabic(shown: dict[str, Any]) -> None:
    assert shown["heading"] == AR["gadget-workspace-heading"]
    assert shown["link"] == AR["gadget-portlet-link"]
    assert shown["times"] and all(re.search(f"[{ARABIC}]", t) for t in shown["times"]), shown["times"]


def test_it_lists_the_mentees_and_logs_no_error(shown: dict[str, Any]) -> None:
    assert sorted(shown["rows"]) == sorted(MENTEES)
    assert shown["errors"] == []

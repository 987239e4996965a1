"""The status page and the on-wiki settings page, on the real wiki."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from wikiseed import UserSpec, Wiki

from bot.core.settings import Settings
from tests.integration.botrun import run_bot, seed_assignments
from tests.integration.wikipages import page_text

pytestmark = pytest.mark.wiki
MENTOR = "Settings Mentor"
MENTEES = [f"Settings Mentee {i}" for i in range(15)]
STATUS = "User:MentorBot/Status"
SETTINGS = "Project:Mentorship/Settings.json"


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    ago = datetime.now(UTC) - timedelta(days=2)
    ids = w.create_users([UserSpec(n, registered=ago) for n in [MENTOR, *MENTEES]])
    w.admin().edit("Project:Mentorship/Mentors", f"* [[User:{MENTOR}]]\n* [[Talk:Not a user]]\n")
    seed_assignments({MENTOR: [ids[n] for n in MENTEES]})
    yield w


def rows(w: Wiki) -> int:
    return len(re.findall(r"^\|-$", page_text(w, f"User:{MENTOR}/Mentor dashboard"), re.M))


def test_status_page_reports_the_run_and_the_mentor_list_problem(wiki: Wiki) -> None:
    run_bot(Settings())
    status = html.unescape(page_text(wiki, STATUS))
    assert "Mentors on the list: {{formatnum:1}}" in status
    assert "Not a user" in status and "does not link to a user page" in status


def test_status_page_is_not_saved_again_when_nothing_changed(wiki: Wiki) -> None:
    _, gw = run_bot(Settings())
    assert gw.edits == 0


def test_valid_settings_page_changes_how_the_dashboard_is_built(wiki: Wiki) -> None:
    wiki.admin().edit(SETTINGS, json.dumps({"main_page_rows": 10}))
    run_bot(Settings())
    assert rows(wiki) == 10
    assert "/Mentees" in page_text(wiki, f"User:{MENTOR}/Mentor dashboard")


def test_broken_settings_keep_the_last_valid_ones_and_the_status_page_says_why(wiki: Wiki) -> None:
    wiki.admin().edit(SETTINGS, '{"main_page_rows": 10, "recent_dayz": 3}')
    run_bot(Settings())
    assert rows(wiki) == 10  # still the last valid revision's value, not the default 100
    status = html.unescape(page_text(wiki, STATUS))
    assert "recent_dayz" in status and "last valid settings" in status

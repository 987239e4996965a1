"""Operators read one page, ``User:<Bot>/Status``: a mistake in a mentor's own settings page must
reach it, one line each with a link to the page to fix, not only that mentor's dashboard."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from wikiseed import UserSpec, Wiki

from bot.core.settings import Settings
from tests.integration.botrun import run_bot
from tests.integration.wikipages import page_text

pytestmark = pytest.mark.wiki
STATUS = "User:MentorBot/Status"
WRONG_WEIGHT = "Weight Typo Mentor"  # saves a value the schema refuses
WRONG_PRAISE = "Praise Typo Mentor"  # saves a praise object with one wrong key
TIDY = "Tidy Mentor"  # valid settings: nothing of theirs may be listed
SETTINGS = {
    WRONG_WEIGHT: {"weight": 3, "message": "Ask me"},
    WRONG_PRAISE: {"praise": {"days": 5, "min_edits": "five"}},
    TIDY: {"weight": 2},
}


def settings_page(mentor: str) -> str:
    return f"User:{mentor}/{Settings().mentor_settings_subpage}"


@pytest.fixture(scope="module")
def status(fresh_wiki: dict[str, Any]) -> Iterator[tuple[Wiki, str]]:
    """The status page after one run in which two of three mentors saved wrong settings."""
    w = Wiki(str(fresh_wiki["name"]))
    ago = datetime.now(UTC) - timedelta(days=400)
    w.create_users([UserSpec(n, registered=ago, editcount=1000) for n in SETTINGS])
    w.admin().edit(Settings().mentor_list, "".join(f"* [[User:{n}]]\n" for n in SETTINGS))
    for mentor, body in SETTINGS.items():  # each mentor saves their own page, as mentors do
        w.session_for(mentor).edit(settings_page(mentor), json.dumps(body), "my settings")
    run_bot(Settings())
    yield w, page_text(w, STATUS)


def problem_lines(text: str) -> list[str]:
    return [line for line in html.unescape(text).splitlines() if line.startswith("* ")]


def linked(w: Wiki, title: str) -> set[str]:
    res = w.api(action="query", prop="links", titles=title, pllimit="max")
    return {link["title"] for link in res["query"]["pages"][0].get("links", [])}


def test_a_wrong_value_in_a_mentors_settings_is_listed_with_a_link_to_their_page(
    status: tuple[Wiki, str],
) -> None:
    _, text = status
    lines = [line for line in problem_lines(text) if '"weight": 3' in line]
    assert len(lines) == 1, problem_lines(text)
    assert f"[[:{settings_page(WRONG_WEIGHT)}|" in lines[0]


def test_a_wrong_praise_key_is_listed_by_its_own_name_with_a_link(status: tuple[Wiki, str]) -> None:
    _, text = status
    lines = [line for line in problem_lines(text) if "praise.min_edits" in line]
    assert len(lines) == 1, problem_lines(text)
    assert f"[[:{settings_page(WRONG_PRAISE)}|" in lines[0]
    assert '"five"' in lines[0] and "must be an object" not in lines[0]


def test_the_links_on_the_status_page_resolve_to_both_settings_pages(status: tuple[Wiki, str]) -> None:
    w, _ = status
    assert {settings_page(WRONG_WEIGHT), settings_page(WRONG_PRAISE)} <= linked(w, STATUS)


def test_a_mentor_whose_settings_are_valid_is_not_listed(status: tuple[Wiki, str]) -> None:
    _, text = status
    assert not [line for line in problem_lines(text) if TIDY in line]

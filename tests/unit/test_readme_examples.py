"""The README's copy-paste examples are ones the bot accepts.

Community admins and mentors paste these blocks into their wiki, so a block the parser would
report or skip would teach them a mistake. Each fenced block right after a
``<!-- checked: KIND -->`` line in README.md goes through the bot's own parser for that kind.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.core.settings import Settings
from bot.parse.mentor_list import parse_mentor_list
from bot.parse.mentor_settings import parse_mentor_settings
from bot.parse.site_settings import parse_site_settings

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"^<!-- checked: ([a-z-]+) -->\n```[a-z]*\n(.*?)^```$", re.MULTILINE | re.DOTALL)
KINDS = {"mentor-list", "site-settings", "mentor-settings"}


def examples(kind: str) -> list[str]:
    return [body for found, body in BLOCK.findall(README.read_text(encoding="utf-8")) if found == kind]


def test_every_marked_block_has_a_known_kind() -> None:
    found = {kind for kind, _ in BLOCK.findall(README.read_text(encoding="utf-8"))}
    assert found == KINDS


def listed_names(text: str) -> list[str]:
    """The mentors a block names, read independently of the parser: JSON usernames, template
    ``user=`` values and the first ``[[User:…]]`` link of each list line."""
    if text.lstrip().startswith("{"):
        return [entry["username"] for entry in json.loads(text)["Mentors"].values()]
    names = re.findall(r"\{\{Mentor list entry\|user=([^|}]+)", text)
    names += re.findall(r"^\* \[\[User:([^|\]]+)", text, re.MULTILINE)
    return names


@pytest.mark.parametrize("text", examples("mentor-list"))
def test_mentor_list_examples_parse_without_problems(text: str) -> None:
    parsed = parse_mentor_list(text, page="Project:Mentorship/Mentors", user_namespaces={"User"})
    assert parsed.problems == ()
    assert sorted(m.username for m in parsed.mentors) == sorted(listed_names(text))


@pytest.mark.parametrize("text", examples("site-settings"))
def test_site_settings_examples_are_valid_and_change_what_they_say(text: str) -> None:
    wanted = json.loads(text)
    settings = parse_site_settings(text, Settings())
    for key, value in wanted.items():
        got = getattr(settings, key)
        assert (list(got) if isinstance(got, tuple) else got) == value, key


@pytest.mark.parametrize("text", examples("mentor-settings"))
def test_mentor_settings_examples_are_valid(text: str) -> None:
    settings, problems = parse_mentor_settings(text)
    assert problems == []
    wanted = json.loads(text)
    assert list(settings.claim) == wanted.get("claim", [])
    assert settings.status.value == wanted.get("status", "active")

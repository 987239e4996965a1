"""A mentor's settings problems, and the place of any problem on its page, read in the wiki's
language: every message the settings reader and the place-makers say exists in each shipped
language, renders with no English left in it, and keeps what the mentor types as code."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from bot.model.problem import Code, Said, english
from bot.parse.growth_api import parse_growth_mentor_list
from bot.parse.mentor_list import parse_mentor_list
from bot.parse.mentor_settings import SettingsRevision, parse_mentor_settings, trusted_settings
from bot.render.i18n import Messages, read_message_file
from bot.render.installed import I18N_DIR

TRANSLATED = ("cs", "fr", "ar")
ENGLISH = read_message_file(I18N_DIR / "en.json")
T = datetime(2026, 11, 1, tzinfo=UTC)

# One broken settings page per way a page can be wrong.
BROKEN_PAGES = (
    "{",
    "[1]",
    '{"stauts": "away"}',
    '{"praise": {"colour": "red"}}',
    '{"away_until": "2026-02-30"}',
    '{"status": "away"}',
    '{"status": "gone"}',
    '{"notify_day": "Funday"}',
    '{"away_until": "soon"}',
    '{"message": 5}',
    '{"claim": "Newbie"}',
    '{"praise": [1]}',
    '{"praise": {"skip_blocked": 1}}',
    '{"praise": {"days": 0}}',
)
# What no page the schema of today can reach, said directly: the reader keeps them for a
# schema that grows, so they must be translated all the same.
UNREACHABLE = (
    Said.of("mentordashboard-settings-shape", "[1] is not of type 'object'"),
    Said.of("mentordashboard-settings-invalid-other", Code('"colour": "red"')),
)


def settings_said() -> list[Said]:
    """Every problem the settings reader says about the pages above and about untrusted edits."""
    out = [p for text in BROKEN_PAGES for p in parse_mentor_settings(text)[1]]
    for editor, trusted in (("Vandal", True), ("", False)):
        revisions = [SettingsRevision(9, editor, T, "{}")]
        if trusted:
            revisions.append(SettingsRevision(8, "Mentor", T, "{}"))
        out.extend(trusted_settings("Mentor", revisions, admins=set()).problems)
    return out + list(UNREACHABLE)


def places() -> list[Said]:
    """The places the mentor list readers name, and the assignments problem of a dashboard."""
    wikitext = parse_mentor_list("* [[Talk:X]]", page="Project:M", user_namespaces=["User"])
    json_list = parse_mentor_list(
        json.dumps({"Mentors": {"x": {}}}),
        page="Project:M.json",
        content_model="json",
        user_namespaces=["User"],
    )
    growth = parse_growth_mentor_list({"growthmentorlist": {"7": {}}})
    found = [p.at for parsed in (wikitext, json_list, growth) for p in parsed.problems if p.at]
    return [
        *found,
        Said.of("mentordashboard-where-revision", 12, "Ann"),
        Said.of("mentordashboard-where-at", "Project:M", found[0]),
        Said.of("mentordashboard-dashboard-assignments-unreadable", "the page is not valid JSON"),
    ]


ALL = settings_said() + places()
NEW_PREFIXES = ("mentordashboard-settings-", "mentordashboard-where-", "mentordashboard-dashboard-")


def test_every_new_message_is_said_by_some_case_here() -> None:
    said = {s.key for s in ALL} | {p.key for s in ALL for p in s.params if isinstance(p, Said)}
    assert {k for k in ENGLISH if k.startswith(NEW_PREFIXES)} == said


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_message_renders_in_the_language_with_no_english_left(lang: str) -> None:
    theirs = read_message_file(I18N_DIR / f"{lang}.json")
    messages, en = Messages.load(lang), Messages.load("en")
    for said in ALL:
        assert said.key in theirs, said.key  # not English filling a gap
        text = messages.said(said)
        assert re.search(r"\$[0-9]", text) is None, (said.key, text)
        if said.key != "mentordashboard-where-at" or lang == "ar":  # "$1, $2" is punctuation
            assert text != en.said(said), (lang, said.key)


@pytest.mark.parametrize("lang", ("en", *TRANSLATED))
def test_what_the_mentor_types_is_code_in_every_language(lang: str) -> None:
    (said,) = parse_mentor_settings('{"status": "gone"}')[1]
    text = Messages.load(lang).said(said)
    assert '<code dir="ltr">&#34;status&#34;&#58; &#34;gone&#34;</code>' in text
    assert '<code dir="ltr">&#34;active&#34;, &#34;away&#34;, &#34;quit&#34;</code>' in text


def test_code_is_escaped_like_any_text_from_the_wiki() -> None:
    (said,) = parse_mentor_settings(json.dumps({"weight": "]]{{x}}<b>~~~~\n== h =="}))[1]
    text = Messages.load("cs").said(said)
    for raw in ("]]", "{{x}}", "<b>", "~~~~", "\n", "== h"):
        assert raw not in text, raw


def test_english_for_logs_keeps_the_wording_that_tells_the_mentor_what_to_write() -> None:
    words = [english(s) for s in parse_mentor_settings('{"weight": 3, "praise": {"days": 0}}')[1]]
    assert words == [
        '"praise.days": 0 must be a whole number from 1 to 30, so it is ignored',
        '"weight": 3 must be one of 0, 1, 2, 4, so it is ignored',
    ]


def test_the_count_of_unknown_settings_picks_the_plural() -> None:
    one, two = (
        parse_mentor_settings(json.dumps(dict.fromkeys(keys, 1)))[1][0] for keys in (["a"], ["a", "b"])
    )
    assert english(one).startswith('unknown setting "a" is ignored')
    assert english(two).startswith('unknown settings "a", "b" are ignored')

"""Fuzzing what people type into pages the bot reads: nothing crashes, and nothing goes unreported.

The mentor list parser's own tests already prove it never raises on arbitrary text. These prove
the other half of the contract: each malformed entry, among any number of good ones, is reported
at its own line while every good entry still counts; and the two settings pages (the on-wiki
site settings and each mentor's JSON) turn any text into settings plus plain-words problems,
or a SiteSettingsError, never another exception.
"""

from __future__ import annotations

import json
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.settings import Settings
from bot.model.problem import Said, english
from bot.parse.mentor_list import parse_mentor_list
from bot.parse.mentor_settings import MentorSettings, parse_mentor_settings
from bot.parse.site_settings import SiteSettingsError, parse_site_settings

PAGE = "Project:Mentorship/Mentors"
NAMESPACES = ("User", "Benutzer")

# Malformed entries, each of which must be skipped and reported at its own line.
BAD_ENTRIES = [
    "* [[User:]]",
    "* [[Talk:Not a user]]",
    "* [[User:Someone/subpage]]",
    "* [[User:A{{b}}]]",
    "* just a bullet",
    "{{Mentor list entry}}",
    "{{Mentor list entry|user=}}",
    "{{Mentor list entry|user=Someone else|weight=3}}",
    "{{Mentor list entry|user=Someone else|weight=heavy}}",
    "{{Mentor list entry|weight=2}}",
]  # fmt: skip
NAME_CHARS = string.ascii_letters + string.digits + " éאض"


def names() -> st.SearchStrategy[list[str]]:
    name = st.text(NAME_CHARS, min_size=1, max_size=12).map(lambda n: " ".join(f"Good {n}".split()))
    return st.lists(name, min_size=0, max_size=8, unique_by=lambda n: n.lower())


def good_entry(name: str, style: int) -> str:
    return [
        f"* [[User:{name}]]",
        f"* [[Benutzer:{name}|{name}]] | Hello from {name}",
        f"{{{{Mentor list entry|user={name}|weight=4}}}}",
    ][style % 3]


@settings(max_examples=100, deadline=None)
@given(good=names(), bad=st.lists(st.sampled_from(BAD_ENTRIES), max_size=8), order=st.randoms())
def test_every_malformed_entry_is_reported_at_its_line_and_every_good_one_counts(
    good: list[str], bad: list[str], order: object
) -> None:
    lines = [("good", good_entry(n, i), n) for i, n in enumerate(good)] + [("bad", b, "") for b in bad]
    order.shuffle(lines)  # type: ignore[attr-defined]
    text = "\n".join(line for _, line, _ in lines)
    parsed = parse_mentor_list(text, page=PAGE, user_namespaces=NAMESPACES)
    assert [m.username for m in parsed.mentors] == [n for kind, _, n in lines if kind == "good"]
    reported = {p.place for p in parsed.problems}
    for number, (kind, line, _) in enumerate(lines, start=1):
        if kind == "bad":
            assert f"{PAGE}, line {number}" in reported, f"line {number} {line!r} was not reported"


JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
MENTOR_KEYS = st.sampled_from(["status", "away_until", "message", "weight", "claim", "starred", "x"])
MENTOR_VALUES = JSON_VALUES | st.sampled_from(
    ["active", "away", "quit", "2026-12-24", "2026-02-30", 0, 1, 2, 3, 4, ["Newbie"], "~~~~ {{x}}", "m" * 300]
)
MENTOR_PAGES = st.dictionaries(MENTOR_KEYS, MENTOR_VALUES, max_size=6)
SITE_KEYS = st.sampled_from(["main_page_rows", "recent_days", "summary_prefix", "mentor_list", "x"])


@settings(max_examples=150, deadline=None)
@given(data=MENTOR_PAGES | JSON_VALUES, cut=st.integers(0, 200))
def test_any_mentor_settings_text_gives_settings_and_problems_never_an_exception(
    data: object, cut: int
) -> None:
    for text in (json.dumps(data), json.dumps(data)[:cut]):
        found, problems = parse_mentor_settings(text)
        assert isinstance(found, MentorSettings)
        assert all(isinstance(p, Said) and english(p) for p in problems)  # each key exists
        try:
            is_object = isinstance(json.loads(text), dict)
        except ValueError:
            is_object = not text.strip()  # an empty page is simply no settings
        if not is_object:
            assert problems and found == MentorSettings(), text


@settings(max_examples=150, deadline=None)
@given(data=st.dictionaries(SITE_KEYS, JSON_VALUES) | JSON_VALUES, cut=st.integers(0, 200))
def test_any_site_settings_text_gives_settings_or_a_settings_error(data: object, cut: int) -> None:
    for text in (json.dumps(data), json.dumps(data)[:cut]):
        try:
            result = parse_site_settings(text, Settings())
        except SiteSettingsError as e:
            assert str(e)
        else:
            assert isinstance(result, Settings)

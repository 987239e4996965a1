"""No page the bot renders can pass the size limit, whatever the mentees are called.

MediaWiki refuses a page over its limit, and a refused save stops the run, so pages after it
would never be updated: a few hundred accounts with long names full of characters the escaper
expands would otherwise lock every mentor out of fresh dashboards.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.build.index import UnansweredPage
from bot.build.overview import MenteeRow, paginate
from bot.build.questions import UnansweredItem
from bot.build.view import MenteesPage
from bot.core.settings import Settings
from bot.render.i18n import Messages
from bot.render.pages import render_mentees_page, render_unanswered_page

NOW = datetime(2026, 11, 25, tzinfo=UTC)
EN = Messages.load("en")
LIMIT = Settings().max_page_bytes
# The longest valid username (255 bytes) made of characters the escaper expands the most.
WORST = "A" + ("~~'" * 90)[:251]


def row(name: str) -> MenteeRow:
    return MenteeRow(name, NOW, 12345, 678, 9, 3, True, 2, NOW, flags=("unanswered", "blocked"))


def subpage_sizes(names: list[str]) -> list[int]:
    rows = [row(n) for n in names]
    main, pages = paginate(rows, "User:M/Mentor dashboard", Settings())
    assert main + [r for _, chunk in pages for r in chunk] == rows  # nothing lost, order kept
    return [
        len(
            render_mentees_page(
                MenteesPage("M", link.title, "T", tuple(chunk), link.first, len(rows), NOW, 30), EN
            ).encode()
        )
        for link, chunk in pages
    ]


def test_a_full_subpage_of_the_longest_most_escaped_names_stays_under_the_limit() -> None:
    sizes = subpage_sizes([f"{WORST[:-3]}{i:03d}" for i in range(700)])
    assert len(sizes) >= 2 and max(sizes) <= LIMIT, sizes


def test_ordinary_names_still_fill_subpages_of_500_rows() -> None:
    rows = [row(f"Newcomer {i}") for i in range(1100)]
    _, pages = paginate(rows, "T", Settings())
    assert [len(c) for _, c in pages] == [500, 500]
    assert [(link.first, link.last) for link, _ in pages] == [(101, 600), (601, 1100)]


@settings(max_examples=15, deadline=None)
@given(st.lists(st.text(st.sampled_from("~'!&*A é😀"), min_size=1, max_size=80), min_size=100, max_size=400))
def test_subpages_stay_under_the_limit_for_any_names(names: list[str]) -> None:
    assert max(subpage_sizes([n * 3 for n in names]) or [0]) <= LIMIT


def open_question(i: int, heading: str = "How do I cite a book?") -> UnansweredItem:
    asked = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=i)
    return UnansweredItem(
        f"Mentor {i % 200}", f"Newcomer {i}", "User talk:M", f"q{i}", heading, asked, True, "Help?"
    )


def unanswered_rows(text: str) -> int:
    return text.count('|- class="mentor-dashboard-question')


def test_a_wiki_wide_backlog_lists_the_oldest_rows_and_says_how_many_more_wait() -> None:
    items = tuple(open_question(i) for i in range(8000))  # L's 8,000 threads, all still open
    view = UnansweredPage("Project:Mentorship/Unanswered questions", items, 2, NOW, rows_limit=500)
    text = render_unanswered_page(view, EN, LIMIT)
    assert unanswered_rows(text) == 500
    assert (
        "Newcomer 0</bdi>]]" in text and "Newcomer 499</bdi>]]" in text and "Newcomer 500</bdi>]]" not in text
    )
    assert "{{formatnum:7500}} more questions are}} waiting and not listed here" in text


@settings(max_examples=5, deadline=None)
@given(st.integers(min_value=10_000, max_value=60_000))
def test_long_headings_shorten_the_table_instead_of_passing_the_limit(heading_chars: int) -> None:
    heading = ("[[~~~~]]{{x}}" * heading_chars)[:heading_chars]  # each character escaped
    items = tuple(open_question(i, heading) for i in range(100))
    view = UnansweredPage("Project:Mentorship/Unanswered questions", items, 2, NOW, rows_limit=100)
    text = render_unanswered_page(view, EN, LIMIT)
    assert len(text.encode()) <= LIMIT
    assert 0 < unanswered_rows(text) < 100

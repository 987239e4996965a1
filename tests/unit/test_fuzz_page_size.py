"""No page the bot renders can pass the size limit, whatever the mentees are called.

MediaWiki refuses a page over its limit, and a refused save stops the run, so pages after it
would never be updated: a few hundred accounts with long names full of characters the escaper
expands would otherwise lock every mentor out of fresh dashboards.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import Settings
from bot.dashboard.overview import paginate
from bot.dashboard.view import MenteeRow, MenteesPage
from bot.i18n import Messages
from bot.render import render_mentees_page

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
                MenteesPage("M", link.title, "T", tuple(chunk), link.first, len(rows), NOW), EN
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

"""A first run reads mentors' archives and thanks per mentor, or, on a small wiki, whole.

The two reads must agree on every mentor: the wide one matches archive titles by prefix
itself, where the per-mentor one lets ``allpages`` do it, so names that begin alike, redirects
and pages outside any mentor's archive prefix are what it could get wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botseed import logged_in_site
from wikiseed import UserSpec, Wiki

from bot.gateway import Gateway
from bot.read.talk import WIDE_FROM, fetch_archives_and_thanks, read_each_mentor, read_whole_namespace

pytestmark = pytest.mark.wiki
# "Reader 1" is the start of "Reader 10": the wide read must not give one's archives to the other.
MENTORS = [f"Archive Reader {i}" for i in (1, 10, 2, 3, 4, 5, 6, 7)]
PREFIX = "Archive"


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    w.create_users([UserSpec(n) for n in [*MENTORS, "Thankful Newcomer"]])
    newcomer = w.session_for("Thankful Newcomer")
    for title in (
        "User talk:Archive Reader 1/Archive 1",
        "User talk:Archive Reader 1/Archive 2",
        "User talk:Archive Reader 10/Archive 2024",
        "User talk:Archive Reader 2/Archives/Old",  # still under the prefix "Archive"
        "User talk:Archive Reader 3/Drafts",  # not an archive
        "User talk:Archive Reader 4",  # the talk page itself
        "User talk:Someone Else/Archive 1",  # not a mentor's
    ):
        newcomer.edit(title, "== A question ==\nHow do I cite? ~~~~")
    newcomer.edit("User talk:Archive Reader 5/Archive 1", "#REDIRECT [[User talk:Archive Reader 5]]")
    w.add_thanks(
        [
            ("Thankful Newcomer", "Archive Reader 1", None),
            ("Thankful Newcomer", "Archive Reader 10", None),
            ("Archive Reader 2", "Archive Reader 10", None),
            ("Archive Reader 3", "Thankful Newcomer", None),
        ]
    )
    yield w


def test_the_whole_namespace_and_each_mentor_give_the_same_archives_and_thanks(wiki: Wiki) -> None:
    gw = Gateway(logged_in_site())
    try:
        start = gw.counts.reads
        each = read_each_mentor(gw, MENTORS, PREFIX)
        assert gw.counts.reads - start == len(MENTORS)
        whole = read_whole_namespace(gw, MENTORS, PREFIX, 10 * gw.batch_size, budget=3)
        assert gw.counts.reads - start == len(MENTORS) + 1  # a small wiki: both streams in one answer
    finally:
        gw.close()
    assert whole is not None
    assert whole == each
    archives, thanks = whole
    assert {t: m for t, (m, _) in archives.items()} == {
        "User talk:Archive Reader 1/Archive 1": "Archive Reader 1",
        "User talk:Archive Reader 1/Archive 2": "Archive Reader 1",
        "User talk:Archive Reader 10/Archive 2024": "Archive Reader 10",
        "User talk:Archive Reader 2/Archives/Old": "Archive Reader 2",
    }
    assert {m: t.total for m, t in thanks.items() if t.total} == {
        "Archive Reader 1": 1,
        "Archive Reader 10": 2,
    }
    assert set(thanks) == set(MENTORS)


def test_a_first_run_on_a_small_wiki_reads_it_whole(wiki: Wiki) -> None:
    assert len(MENTORS) >= WIDE_FROM
    gw = Gateway(logged_in_site())
    try:
        start = gw.counts.reads
        chosen = fetch_archives_and_thanks(gw, MENTORS, PREFIX)
        assert gw.counts.reads - start == 2  # the page count, then both streams in one answer
        each = read_each_mentor(gw, MENTORS, PREFIX)
    finally:
        gw.close()
    assert chosen == each


def test_a_wide_read_that_outgrows_its_budget_gives_up(wiki: Wiki) -> None:
    gw = Gateway(logged_in_site())
    try:
        # Two entries an answer: the four thanks alone need two answers.
        start = gw.counts.reads
        assert read_whole_namespace(gw, MENTORS, PREFIX, 2, budget=1) is None
        assert gw.counts.reads - start == 1
        assert read_whole_namespace(gw, MENTORS, PREFIX, 2, budget=10) == read_each_mentor(
            gw, MENTORS, PREFIX
        )
    finally:
        gw.close()

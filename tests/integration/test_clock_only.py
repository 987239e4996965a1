"""The clock alone edits no page: on the demo wiki, a run one day later saves none of its pages,
and a run a week later saves only the pages whose content really changed (ARCHITECTURE §7.6).

The demo's programme is seeded (scripts/seed_demo.py: 12 mentors, 240 mentees, months of
backdated edits, blocks, warnings, questions), the bot runs once, then again with its clock
(``run_pass(now=...)``) one day and then seven days ahead, every run a full refresh, so every
page is rebuilt from scratch. Which pages were saved is read from the wiki: each page's latest
revision id, before and after each run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import seed_demo
from wikiseed import Wiki

from bot.core.clock import week_start
from bot.ops.memory import RunMemory
from bot.render.pages import strip_updated_line
from tests.integration.botrun import run_bot
from tests.integration.wikipages import latest_revisions

pytestmark = [pytest.mark.wiki, pytest.mark.slow]

DASHBOARDS = [f"User:{m}/Mentor dashboard" for m in seed_demo.MENTORS]
# The shared pages, in the project namespace, which the wiki names after itself.
INDEX, UNANSWERED = "Mentorship/Dashboards", "Mentorship/Unanswered questions"


@dataclass(frozen=True)
class Revision:
    revid: int
    comment: str
    text: str


def latest(wiki: Wiki, titles: list[str]) -> dict[str, Revision]:
    """Each page's latest revision, as the wiki holds it."""
    return {
        title: Revision(rev["revid"], rev["comment"], rev["slots"]["main"]["content"])
        for title, rev in latest_revisions(wiki, titles, "ids|comment|content").items()
    }


def base_time(now: datetime) -> datetime:
    """The first run's clock: now, or tomorrow when a week or a month ends today.

    A Monday starts a new ISO week (the digest's "this week", and every window), and the first of
    a month moves M2's example date: both are real changes on every dashboard, so the one-day
    step must not cross them. Moving the first run to tomorrow keeps every question asked at
    seeding at most two days old one day later, so none crosses the two-day overdue limit.
    """
    if (now + timedelta(days=1)).weekday() == 0 or (now + timedelta(days=1)).month != now.month:
        return now + timedelta(days=1)
    return now


@dataclass
class Runs:
    """What the three runs left on the wiki; ``demo_pages`` are the demo's 14 pages."""

    base: datetime
    seeded: date  # the day the questions were asked
    start: dict[str, Revision]
    day: dict[str, Revision]
    week: dict[str, Revision]
    status: str
    index: str
    unanswered: str
    day_changed: set[str]
    week_changed: set[str]
    created: str  # the summary of the first dashboard's first revision

    @property
    def demo_pages(self) -> set[str]:
        return {*DASHBOARDS, self.index, self.unanswered}


@pytest.fixture(scope="module")
def runs(fresh_wiki: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    wiki = Wiki(str(fresh_wiki["name"]))
    seeded = datetime.now(UTC)
    seed_demo.seed(wiki)
    memory = RunMemory(tmp_path_factory.mktemp("clock") / "memory.sqlite3")
    base = base_time(datetime.now(UTC))
    _, gw = run_bot(memory=memory, now=base, full=True)
    status = f"User:{gw.site.username()}/Status"
    project = gw.site.namespaces[4].custom_name
    index, unanswered = f"{project}:{INDEX}", f"{project}:{UNANSWERED}"
    titles = [*DASHBOARDS, index, unanswered, status]
    start = latest(wiki, titles)
    history = wiki.api(
        action="query", prop="revisions", titles=DASHBOARDS[0], rvprop="comment", rvdir="newer"
    )
    created = history["query"]["pages"][0]["revisions"][0]["comment"]
    assert set(titles) <= set(start), "the first run writes every demo page"

    run_bot(memory=memory, now=base + timedelta(days=1), full=True)
    day = latest(wiki, titles)
    run_bot(memory=memory, now=base + timedelta(days=7), full=True)
    week = latest(wiki, titles)
    yield Runs(
        base,
        seeded.date(),
        start,
        day,
        week,
        status,
        index,
        unanswered,
        {t for t in titles if day[t].revid != start[t].revid},
        {t for t in titles if week[t].revid != day[t].revid},
        created,
    )
    memory.close()


def changed_lines(old: str, new: str) -> list[str]:
    """The lines a save changed, apart from the "last updated" line (the clock's own line)."""
    old, new = strip_updated_line(old), strip_updated_line(new)
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_day_later_no_demo_page_is_saved_only_the_status_heartbeat(runs: Runs) -> None:
    # Every question was asked on the seeding day, so one day after the first run it is at most
    # two days old and none crosses the overdue limit; the step stays inside one ISO week and one
    # month (base_time). Nothing else happened on the wiki, so nothing on the 14 pages changed.
    assert (runs.base + timedelta(days=1)).date() - runs.seeded <= timedelta(days=2)
    assert runs.day_changed & runs.demo_pages == set()
    # The status page is the operators' heartbeat: saved once a new day begins (ARCHITECTURE §7.4).
    assert runs.day_changed == {runs.status}


def test_a_week_later_every_dashboard_starts_a_new_week_and_says_so(runs: Runs) -> None:
    monday = week_start(runs.base + timedelta(days=7)).date()
    assert monday != week_start(runs.base).date()
    for title in DASHBOARDS:
        assert title in runs.week_changed, f"{title}: the digest's week rolled over"
        rev = runs.week[title]
        assert f"new week from {monday.isoformat()}" in rev.comment
        assert "active mentees:" not in rev.comment  # says what changed, not what the page holds
        assert monday.isoformat() in rev.text and monday.isoformat() not in runs.day[title].text


def test_a_week_later_the_questions_past_the_limit_reach_the_unanswered_page(runs: Runs) -> None:
    # Seven days on, every open question is more than two days old: the shared page lists them.
    old, new = runs.day[runs.unanswered].text, runs.week[runs.unanswered].text
    rows = new.count('|- class="mentor-dashboard-question mentor-dashboard-overdue"')
    assert old.count('|- class="mentor-dashboard-question') == 0
    assert rows > 0
    assert runs.unanswered in runs.week_changed
    assert f"questions now overdue: {rows}" in runs.week[runs.unanswered].comment


def test_a_week_later_the_index_changes_only_in_its_counts(runs: Runs) -> None:
    # The index shows dates and counts, no ages: the only thing a week can change on it is how
    # many mentees are active (a mentee whose window ended at the Monday leaves the count).
    if runs.index not in runs.week_changed:
        return
    for line in changed_lines(runs.day[runs.index].text, runs.week[runs.index].text):
        assert line[1:].startswith('| data-sort-value="') and "formatnum" in line, line
    assert "active mentees:" in runs.week[runs.index].comment


def test_nothing_but_the_demo_pages_and_the_status_page_was_written(runs: Runs) -> None:
    assert runs.week_changed <= {*runs.demo_pages, runs.status}


def test_the_first_run_wrote_what_the_pages_hold(runs: Runs) -> None:
    # With no memory of an earlier run, a summary can only say what the page holds. (The latest
    # revision after the first run is the protection's; the page's first revision is the save.)
    assert runs.created.startswith("Mentor dashboard: active mentees: ")

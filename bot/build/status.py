"""The bot's status page, ``User:<Bot>/Status``: what the last run did and what needs fixing.

Run-specific figures (time, duration, requests, pages changed) sit on the clock-only line, which
the comparison ignores; so the page is saved when the problems or the mentor count change, and
otherwise at most once a day, as a heartbeat operators can watch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.lifecycle.status import MentorStatus
from bot.model.problem import Problem, Said
from bot.model.titles import Titles
from bot.parse.growth_api import WHERE as GROWTH_LIST

_LAST_RUN_DATE = re.compile(r'<span class="mentor-dashboard-updated">[^<]*?(\d{4}-\d\d-\d\d)')


@dataclass(frozen=True)
class StatusView:
    bot: str
    updated: datetime
    seconds: float
    reads: int
    writes: int
    changed: tuple[str, ...]
    mentors: int
    dry_run: bool
    problems: tuple[Problem, ...]
    # (what a problem's "where" starts with, the page to link): from ``status_pages``.
    pages: tuple[tuple[str, str], ...] = ()

    @property
    def lines(self) -> tuple[ProblemLine, ...]:
        return tuple(problem_line(p, self.pages) for p in self.problems)


@dataclass(frozen=True)
class ProblemLine:
    """One problem as the status page lists it: the page to fix (linked), then where on it, and what."""

    page: str | None  # None: the problem names no page, so the line has no link
    rest: str  # what follows the title in ``where``, when a reader wrote the place into it
    said: Said
    at: Said | None = None  # the place on the page (a line, a key, a revision), worded on render


# The title at the start of a problem's "where": a namespace prefix, then anything up to the first
# ", " or " (revision " that the readers put after a title, or the end.
_TITLE_AT_START = re.compile(r"(?P<title>[^\[\]{}|#<>:,]+:[^\[\]{}|#<>]+?)(?=, | \(revision |$)")


def status_pages(titles: Titles) -> tuple[tuple[str, str], ...]:
    """What the problems of a pass name, and the page to link for each. The lifecycle's pure
    decisions say "mentor list" or "assignments" because they hold no titles; the titles of the
    pass are listed too, since a user name may itself hold ", " (``User:Smith, John``)."""
    words = {
        "mentor list": titles.mentor_list,
        GROWTH_LIST: "Special:ManageMentors",  # where GrowthExperiments' list is edited
        "assignment": titles.mentor_list,  # new accounts waiting: the list decides who takes them
        "assignments": f"Special:PrefixIndex/{titles.assignments_prefix}",
    }
    own = (titles.settings, titles.mentor_list, titles.state, titles.shutoff, titles.status)
    mentors = [t for m in titles.mentors.values() for t in (m.settings, m.dashboard, m.user)]
    return (*words.items(), *((t, t) for t in (*own, *mentors)))


def problem_line(problem: Problem, pages: Iterable[tuple[str, str]] = ()) -> ProblemLine:
    """Split ``where`` into the page to fix and the rest: a known name or title first (the
    longest that fits), then the pattern."""
    where, at = problem.where, problem.at
    for named, page in sorted(pages, key=lambda p: len(p[0]), reverse=True):
        if where == named or (where.startswith(named) and where[len(named)] in ",( :"):
            return ProblemLine(page, where[len(named) :], problem.said, at)
    m = _TITLE_AT_START.match(where)
    if m is None:
        return ProblemLine(None, where, problem.said, at)
    return ProblemLine(m["title"], where[m.end() :], problem.said, at)


def settings_problems(statuses: Mapping[str, MentorStatus], subpage: str) -> list[Problem]:
    """Every problem in the mentors' own settings pages, for the status page (their dashboards
    show them too, but operators read only this page). SUBPAGE is ``mentor_settings_subpage``;
    the canonical ``User:`` prefix links correctly on a wiki of any language."""
    return [
        Problem(f"User:{name}/{subpage}", said)
        for name, status in statuses.items()
        for said in status.settings.problems
    ]


def heartbeat_due(saved_text: str | None, now: datetime) -> bool:
    """True when the saved status page is from an earlier day (or missing)."""
    if not saved_text:
        return True
    m = _LAST_RUN_DATE.search(saved_text)
    return m is None or m.group(1) < now.date().isoformat()

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
from bot.model.problem import Problem

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
    # Titles a problem's "where" may start with; they win over the pattern (a name may hold ", ").
    pages: tuple[str, ...] = ()

    @property
    def lines(self) -> tuple[ProblemLine, ...]:
        return tuple(problem_line(p, self.pages) for p in self.problems)


@dataclass(frozen=True)
class ProblemLine:
    """One problem as the status page lists it: the page to fix (linked), then where on it, and what."""

    page: str | None  # None: the problem names no page, so the line has no link
    rest: str  # what follows the title in ``where``: ", line 3", " (revision 12 by X)"
    message: str


# The title at the start of a problem's "where": a namespace prefix, then anything up to the first
# ", " or " (revision " that the readers put after a title, or the end.
_TITLE_AT_START = re.compile(r"(?P<title>[^\[\]{}|#<>:,]+:[^\[\]{}|#<>]+?)(?=, | \(revision |$)")


def problem_line(problem: Problem, pages: Iterable[str] = ()) -> ProblemLine:
    """Split ``where`` into the page to fix and the rest; a known title wins over the pattern,
    because a user name may itself hold ", " (``User:Smith, John``)."""
    where = problem.where
    for title in sorted(pages, key=len, reverse=True):
        if where == title or (where.startswith(title) and where[len(title)] in ",( :"):
            return ProblemLine(title, where[len(title) :], problem.message)
    m = _TITLE_AT_START.match(where)
    if m is None:
        return ProblemLine(None, where, problem.message)
    return ProblemLine(m["title"], where[m.end() :], problem.message)


def settings_problems(statuses: Mapping[str, MentorStatus], subpage: str) -> list[Problem]:
    """Every problem in the mentors' own settings pages, for the status page (their dashboards
    show them too, but operators read only this page). SUBPAGE is ``mentor_settings_subpage``;
    the canonical ``User:`` prefix links correctly on a wiki of any language."""
    return [
        Problem(f"User:{name}/{subpage}", message)
        for name, status in statuses.items()
        for message in status.settings.problems
    ]


def heartbeat_due(saved_text: str | None, now: datetime) -> bool:
    """True when the saved status page is from an earlier day (or missing)."""
    if not saved_text:
        return True
    m = _LAST_RUN_DATE.search(saved_text)
    return m is None or m.group(1) < now.date().isoformat()

"""The two pages every mentor shares: the index of dashboards and the list of overdue questions. Pure.

They list every mentor, so they are built from one row per mentor; the run memory keeps those
rows, and an incremental run rebuilds both pages without reading the mentors it skipped. They
show the day the oldest question was asked, never its age, and an away date only until it
passes, so the clock alone changes them only when a question becomes overdue or an absence ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.build.questions import UnansweredItem
from bot.lifecycle.status import MentorStatus


@dataclass(frozen=True)
class IndexRow:
    """One mentor's line on the index; its fields are what the run memory keeps, by name."""

    mentor: str
    dashboard: str
    away_until: date | None  # None: active
    active_mentees: int
    unanswered: int
    oldest_asked: date | None  # the day the oldest open question was asked; None: nothing open
    inactive: str | None = None  # "away" | "removed": no edits for the configured days
    quiet_days: int | None = None  # days since the mentor's last edit, when inactive
    leaving: str | None = None  # a Hold: departing, mentees kept for now (ARCHITECTURE §9.8)
    leaving_until: date | None = None  # Hold.GRACE: the day the mentees are reassigned


@dataclass(frozen=True)
class IndexPage:
    """``Project:Mentorship/Dashboards``: every mentor, so anyone can find a dashboard."""

    title: str
    rows: tuple[IndexRow, ...]
    updated: datetime


@dataclass(frozen=True)
class UnansweredPage:
    """``Project:Mentorship/Unanswered questions``: open past N days, across all mentors."""

    title: str
    items: tuple[UnansweredItem, ...]
    overdue_days: int
    updated: datetime
    rows_limit: int  # Settings.unanswered_page_rows: a wiki-wide backlog can pass MediaWiki's page size limit

    @property
    def shown(self) -> tuple[UnansweredItem, ...]:
        return self.items[: self.rows_limit]

    @property
    def hidden(self) -> int:
        return max(0, len(self.items) - self.rows_limit)


def index_row(
    mentor: str,
    dashboard: str,
    away_until: datetime | None,
    active: int,
    open_items: Sequence[UnansweredItem],
    today: date,
) -> IndexRow:
    """A mentor's line; an away date already past is not shown (the mentor is back)."""
    away = away_until.date() if away_until is not None and away_until.date() >= today else None
    return IndexRow(
        mentor=mentor,
        dashboard=dashboard,
        away_until=away,
        active_mentees=active,
        unanswered=len(open_items),
        oldest_asked=min((i.asked.date() for i in open_items), default=None),
    )


def with_inactivity(row: IndexRow, status: MentorStatus | None) -> IndexRow:
    """The index row, marked when the mentor is leaving, or away or reassigned for inactivity."""
    if status is not None and status.leaving is not None:
        until = status.leaving.until
        row = replace(row, leaving=str(status.leaving.hold), leaving_until=until.date() if until else None)
    if status is None or status.inactive is None:
        return row
    return replace(row, inactive=status.inactive, quiet_days=status.quiet_days)


def overdue_items(items: Iterable[UnansweredItem]) -> tuple[UnansweredItem, ...]:
    """Open questions past the limit, across mentors, oldest first."""
    return tuple(sorted((i for i in items if i.overdue), key=lambda i: (i.asked, i.mentor, i.asker)))

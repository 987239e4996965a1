"""Build M3–M6 for one mentor, and the two pages every mentor shares: the index and the open list.

Pure: it turns what ``bot/read/talk.py`` read into view-models, and decides which FAQ
pages the publish step should create. All windows and ages are whole UTC days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.build.impact import Impact, mentor_impact
from bot.build.questions import (
    AskerRules,
    Question,
    UnansweredItem,
    mentor_questions,
    questions_by_asker,
    unanswered_items,
)
from bot.core.settings import Settings
from bot.model.mentee import MenteeFacts
from bot.model.talk import Asker, TalkPageThreads


@dataclass(frozen=True)
class PageRef:
    """A page the dashboard links or transcludes, and whether it is there to show."""

    title: str
    exists: bool


@dataclass(frozen=True)
class MentorTalkView:
    """What M3–M6 show on one mentor's dashboard."""

    unanswered: tuple[UnansweredItem, ...]
    overdue_days: int
    impact: Impact
    faq: PageRef
    community_faq: PageRef
    resources: PageRef
    rows_limit: int = 200  # listed at most; the count above the table is of all of them

    @property
    def shown(self) -> tuple[UnansweredItem, ...]:
        return self.unanswered[: self.rows_limit]

    @property
    def hidden(self) -> int:
        return max(0, len(self.unanswered) - self.rows_limit)


@dataclass(frozen=True)
class IndexRow:
    mentor: str
    dashboard: str
    away_until: date | None  # None: active
    active_mentees: int
    unanswered: int
    oldest_days: int | None  # age of the oldest open question; None: nothing open
    inactive: str | None = None  # "away" | "removed": no edits for the configured days
    quiet_days: int | None = None  # days since the mentor's last edit, when inactive


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
    rows_limit: int = 500  # a wiki-wide backlog can pass MediaWiki's page size limit

    @property
    def shown(self) -> tuple[UnansweredItem, ...]:
        return self.items[: self.rows_limit]

    @property
    def hidden(self) -> int:
        return max(0, len(self.items) - self.rows_limit)


def questions_of(
    pages: Sequence[TalkPageThreads], mentee_ids: Iterable[int], askers: Mapping[str, Asker], s: Settings
) -> list[Question]:
    """A mentor's questions on their talk page and archives (DESIGN §4.4)."""
    rules = AskerRules(frozenset(mentee_ids), askers)
    return mentor_questions(pages, rules, s.preview_chars)


def with_question_counts(
    facts: Iterable[MenteeFacts], questions: Iterable[Question]
) -> tuple[MenteeFacts, ...]:
    """Fill M1's "questions asked" column and "unanswered" flag from the questions found."""
    counts = questions_by_asker(questions)
    return tuple(
        replace(f, questions=counts[f.user.name][0], unanswered=counts[f.user.name][1])
        if f.user.name in counts
        else f
        for f in facts
    )


def mentor_talk_view(
    *,
    facts: Sequence[MenteeFacts],
    active: int,
    questions: Sequence[Question],
    thanks: Sequence[datetime],
    today: date,
    faq: PageRef,
    community_faq: PageRef,
    resources: PageRef,
    s: Settings,
) -> MentorTalkView:
    return MentorTalkView(
        unanswered=unanswered_items(questions, today, s.overdue_days),
        overdue_days=s.overdue_days,
        rows_limit=s.question_rows,
        impact=mentor_impact(
            facts=facts,
            active=active,
            questions=questions,
            thanks=thanks,
            today=today,
            answered_days=s.impact_answered_days,
            thanks_days=s.impact_thanks_days,
            retention_days=s.retention_days,
        ),
        faq=faq,
        community_faq=community_faq,
        resources=resources,
    )


def faq_to_create(faq: str, existing: frozenset[str], community_text: str | None) -> str | None:
    """The text to create a mentor's FAQ page with, or None: only when it is missing, never over it."""
    if faq in existing or community_text is None:
        return None
    return community_text


def index_row(
    mentor: str,
    dashboard: str,
    away_until: datetime | None,
    active: int,
    open_items: Sequence[UnansweredItem],
    today: date,
) -> IndexRow:
    away = away_until.date() if away_until is not None and away_until.date() >= today else None
    return IndexRow(
        mentor=mentor,
        dashboard=dashboard,
        away_until=away,
        active_mentees=active,
        unanswered=len(open_items),
        oldest_days=max((i.age_days for i in open_items), default=None),
    )


def overdue_items(items: Iterable[UnansweredItem]) -> tuple[UnansweredItem, ...]:
    """Open questions past the limit, across mentors, oldest first."""
    return tuple(sorted((i for i in items if i.overdue), key=lambda i: (i.asked, i.mentor, i.asker)))

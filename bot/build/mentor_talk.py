"""What a mentor's talk page adds to their dashboard: M3 questions, M4 open list, M5 impact, M6 pages. Pure.

It turns the threads ``bot/read/talk.py`` read into view-models and feeds M1's "questions asked"
column, so one reading of the talk pages serves every section and costs no further request.
All windows and ages are whole UTC days, taken from ``Settings``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.build.faq import PageRef
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
from bot.model.dormant import NO_DORMANT, Dormant
from bot.model.mentee import MenteeFacts
from bot.model.talk import Asker, TalkPageThreads, ThanksReceived


@dataclass(frozen=True)
class MentorTalkView:
    """What M3–M6 show on one mentor's dashboard."""

    unanswered: tuple[UnansweredItem, ...]
    overdue_days: int
    impact: Impact
    faq: PageRef
    community_faq: PageRef
    resources: PageRef
    rows_limit: int  # Settings.question_rows: listed at most; the count above the table is of all

    @property
    def shown(self) -> tuple[UnansweredItem, ...]:
        return self.unanswered[: self.rows_limit]

    @property
    def hidden(self) -> int:
        return max(0, len(self.unanswered) - self.rows_limit)


def questions_of(
    pages: Sequence[TalkPageThreads], mentee_ids: Collection[int], askers: Mapping[str, Asker], s: Settings
) -> list[Question]:
    """A mentor's questions on their talk page and archives (ARCHITECTURE §6.4)."""
    rules = AskerRules(mentee_ids, askers)
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
    thanks: Sequence[datetime] | ThanksReceived,
    today: date,
    faq: PageRef,
    community_faq: PageRef,
    resources: PageRef,
    s: Settings,
    dormant: Dormant = NO_DORMANT,
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
            s=s,
            dormant=dormant,
        ),
        faq=faq,
        community_faq=community_faq,
        resources=resources,
    )

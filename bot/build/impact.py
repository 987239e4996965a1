"""M5, mentor impact: what a mentor's work adds up to, from data the sources already read.

Pure. Every window starts on a Monday (``bot/core/clock.py``, window_start) and the page writes
that date ("3 since 2026-09-07"), so the figures change with the data or when a new week begins,
never because a day passed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from bot.build.questions import Question, answered_counts
from bot.core.clock import window_start
from bot.core.settings import Settings
from bot.model.dormant import NO_DORMANT, Dormant
from bot.model.mentee import MenteeFacts
from bot.model.talk import ThanksReceived


@dataclass(frozen=True)
class Tally:
    """A figure in all, and within its recent window."""

    total: int
    recent: int


@dataclass(frozen=True)
class ImpactWindows:
    """The windows, from Settings, and the Monday each one starts on, which the page names."""

    answered_days: int
    thanks_days: int
    retention_days: int
    recent_days: int  # M1's window, for mentee edits
    answered_since: date | None = None
    thanks_since: date | None = None
    recent_since: date | None = None


@dataclass(frozen=True)
class Impact:
    mentees_total: int
    mentees_active: int
    edits: Tally  # mentee edits; recent: since ``windows.recent_since``
    questions_total: int
    answered: Tally  # answered by anyone; recent: since ``windows.answered_since``
    answered_by_mentor: Tally
    median_response_hours: int | None  # None: nothing answered yet
    thanks: Tally
    retention_base: int  # mentees registered at least ``retention_days`` days ago
    retained: int  # of those, the ones who edited ``retention_days`` or more after registering
    windows: ImpactWindows


def median_hours(questions: Iterable[Question]) -> int | None:
    """Median time to the first reply, in whole hours (rounded half up; under an hour is 0)."""
    times = [q.response_time for q in questions if q.response_time is not None]
    if not times:
        return None
    seconds = median(t.total_seconds() for t in times)
    return int(seconds / 3600 + 0.5)


def retention(
    facts: Iterable[MenteeFacts], today: date, days: int, dormant: Dormant = NO_DORMANT
) -> tuple[int, int]:
    """(mentees registered DAYS or more before today, of those still editing DAYS after registering).

    "Still editing" means their last edit we know of is DAYS or more after registration. The
    last edit comes from the contributions the run reads (the last ``active_edit_days``
    days), so someone who stopped before that window counts as not retained. DORMANT mentees
    count by the same rule, from their totals.
    """
    cutoff = window_start(today, days)
    base = dormant.registered_by(cutoff)
    retained = sum(1 for reg, last in dormant.edited if reg <= cutoff and last >= reg + timedelta(days=days))
    for f in facts:
        reg = f.user.registration
        if reg is None or reg > cutoff or f.user.temp:
            continue
        base += 1
        last = f.activity.last_edit
        if last is not None and last >= reg + timedelta(days=days):
            retained += 1
    return base, retained


def mentor_impact(
    *,
    facts: Sequence[MenteeFacts],
    active: int,
    questions: Sequence[Question],
    thanks: Sequence[datetime] | ThanksReceived,
    today: date,
    s: Settings,
    dormant: Dormant = NO_DORMANT,
) -> Impact:
    """M5 for one mentor; every window is ``Settings``' and starts on a Monday, 00:00 UTC.
    FACTS are the mentees other than the DORMANT ones, who count from their totals."""
    answered_since = window_start(today, s.impact_answered_days)
    answered, answered_recent, by_mentor, by_mentor_recent = answered_counts(questions, answered_since)
    thanks_since = window_start(today, s.impact_thanks_days)
    received = thanks if isinstance(thanks, ThanksReceived) else ThanksReceived.of(thanks)
    base, retained = retention(facts, today, s.retention_days, dormant)
    return Impact(
        mentees_total=len(facts) + dormant.count,
        mentees_active=active,
        edits=Tally(
            sum(f.user.editcount for f in facts) + dormant.editcount,
            sum(f.activity.edits_recent for f in facts) + dormant.edits_recent,
        ),
        questions_total=len(questions),
        answered=Tally(answered, answered_recent),
        answered_by_mentor=Tally(by_mentor, by_mentor_recent),
        median_response_hours=median_hours(questions),
        thanks=Tally(received.total, received.since(thanks_since)),
        retention_base=base,
        retained=retained,
        windows=ImpactWindows(
            s.impact_answered_days,
            s.impact_thanks_days,
            s.retention_days,
            s.recent_days,
            answered_since=answered_since.date(),
            thanks_since=thanks_since.date(),
            recent_since=window_start(today, s.recent_days).date(),
        ),
    )

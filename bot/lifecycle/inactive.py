"""Inactive mentors (GrowthExperiments' optional clean-up), decided here and nowhere else. Pure.

Communities wrote their own bots to drop mentors who stopped editing; GrowthExperiments later
made it an option. Here both steps are settings and both are off by default:

* ``inactive_away_days``: a mentor with no edit for that long is treated as away. They keep
  their mentees and stay on the list and on the index page, marked inactive with the days since
  their last edit, and get no new mentees until they edit again. Nothing is written anywhere:
  the next run after their next edit makes them active again by itself.
* ``inactive_remove_days``: a mentor quiet for that long is treated as if they had set
  ``"status": "quit"``: their mentees are reassigned through the quit path (journal, edit
  summaries naming the reason, optional notices) and their dashboard is replaced by the short
  page. The mentor list is never edited: the bot does not silently remove anyone, and a mentor
  who edits again gets new mentees on the next run, like any returning mentor.

A mentor who has not edited in the window read counts from their registration, or from the
window's start; a mentor without registration data and without edits counts from the window's
start too. The dashboard and index say "no edits in the last N days" with N the threshold, so
the pages do not change every day while a mentor stays quiet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from bot.core.settings import Settings
from bot.lifecycle.status import MentorStatus
from bot.model.problem import Problem
from bot.parse.mentor_settings import Status


class Inactivity(StrEnum):
    """What the inactivity rule did to a mentor who stopped editing."""

    AWAY = "away"
    REMOVED = "removed"


def cutoff(now: datetime, days: int) -> datetime:
    """00:00 UTC DAYS days before today: a threshold that the clock crosses only at midnight."""
    return datetime.combine(now.date() - timedelta(days=days), time(0, 0), tzinfo=UTC)


def apply_inactivity(
    status: MentorStatus, last_seen: datetime | None, now: datetime, s: Settings
) -> MentorStatus:
    """STATUS with the inactivity settings applied; unchanged when they are off or do not apply.

    LAST_SEEN is the mentor's last edit, or their registration when they have not edited
    within the window read; None (no edit, no registration date) leaves them alone. The days
    shown are the threshold that applied, not a count that would change every day.
    An explicit quit stays a quit.
    """
    if last_seen is None or status.quit:
        return status
    if s.inactive_remove_days and last_seen < cutoff(now, s.inactive_remove_days):
        return replace(
            status,
            status=Status.QUIT,
            away_until=None,
            inactive=Inactivity.REMOVED,
            quiet_days=s.inactive_remove_days,
        )
    if s.inactive_away_days and last_seen < cutoff(now, s.inactive_away_days):
        if status.status == Status.AWAY:  # keeps an explicit return date
            return replace(status, inactive=Inactivity.AWAY, quiet_days=s.inactive_away_days)
        return replace(
            status,
            status=Status.AWAY,
            away_until=None,
            inactive=Inactivity.AWAY,
            quiet_days=s.inactive_away_days,
        )
    return status


def lookback_days(s: Settings) -> int:
    """How far back the mentors' edits must be read: the smaller threshold that is switched on
    (an edit after it keeps the mentor fully active)."""
    on = [d for d in (s.inactive_away_days, s.inactive_remove_days) if d]
    return min(on, default=0)


def inactivity_problems(statuses: Mapping[str, MentorStatus], s: Settings) -> list[Problem]:
    """One line per inactive mentor for the status page, naming the setting that applied."""
    out = []
    for name, st in sorted(statuses.items()):
        if st.inactive == Inactivity.AWAY:
            key, days = "mentordashboard-problem-inactive-away", s.inactive_away_days
            out.append(Problem.of(f"User:{name}", key, st.quiet_days, days))
        elif st.inactive == Inactivity.REMOVED:
            key, days = "mentordashboard-problem-inactive-removed", s.inactive_remove_days
            out.append(Problem.of(f"User:{name}", key, st.quiet_days, days))
    return out

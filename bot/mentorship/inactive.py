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

A mentor who has never edited counts from their registration; a mentor without registration
data and without edits is left alone, since the bot cannot tell how long they have been quiet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from bot.config import Settings
from bot.mentorship.mentors import MentorStatus
from bot.mentorship.settings import STATUS_AWAY, STATUS_QUIT
from bot.problems import Problem

INACTIVE_AWAY = "away"
INACTIVE_REMOVED = "removed"


def quiet_days(last_edit: datetime | None, registration: datetime | None, now: datetime) -> int | None:
    """Whole days since the mentor last edited (or registered, if never); None when unknown."""
    since = last_edit or registration
    return None if since is None else (now.date() - since.date()).days


def apply_inactivity(status: MentorStatus, quiet: int | None, s: Settings) -> MentorStatus:
    """STATUS with the inactivity settings applied; unchanged when they are off or do not apply.

    Whole days, so crossing a threshold by the clock alone happens at midnight UTC, once.
    An explicit quit stays a quit; an explicit away keeps its return date.
    """
    if quiet is None or status.quit:
        return status
    if s.inactive_remove_days and quiet >= s.inactive_remove_days:
        return replace(
            status, status=STATUS_QUIT, away_until=None, inactive=INACTIVE_REMOVED, quiet_days=quiet
        )
    if s.inactive_away_days and quiet >= s.inactive_away_days:
        if status.status == STATUS_AWAY:
            return replace(status, inactive=INACTIVE_AWAY, quiet_days=quiet)
        return replace(status, status=STATUS_AWAY, away_until=None, inactive=INACTIVE_AWAY, quiet_days=quiet)
    return status


def lookback_days(s: Settings) -> int:
    """How far back the mentors' edits must be read: the larger threshold that is switched on."""
    return max(s.inactive_away_days, s.inactive_remove_days)


def inactivity_problems(statuses: Mapping[str, MentorStatus], s: Settings) -> list[Problem]:
    """One line per inactive mentor for the status page, naming the setting that applied."""
    out = []
    for name, st in sorted(statuses.items()):
        if st.inactive == INACTIVE_AWAY:
            out.append(
                Problem(
                    f"User:{name}",
                    f"no edits for {st.quiet_days} days: treated as away, no new mentees "
                    f"(inactive_away_days = {s.inactive_away_days})",
                )
            )
        elif st.inactive == INACTIVE_REMOVED:
            out.append(
                Problem(
                    f"User:{name}",
                    f"no edits for {st.quiet_days} days: mentees reassigned as if they had quit; "
                    f"still on the mentor list (inactive_remove_days = {s.inactive_remove_days})",
                )
            )
    return out

"""Everything the dashboard knows about one mentee, and the rule that says who is an active mentee.

The rule lives with the record because every stage asks it: the praise reader (who may be
praised), the overview (who is listed) and the impact figures. It is pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.core.clock import window_start
from bot.core.settings import Settings
from bot.model.alerts import PageAlert
from bot.model.user import Activity, WikiUser


@dataclass(frozen=True, slots=True)
class MenteeFacts:
    """Everything the sources learned about one mentee."""

    user: WikiUser
    activity: Activity = field(default_factory=Activity)
    reverted: tuple[datetime, ...] = ()  # timestamps of their edits tagged mw-reverted
    blocks: tuple[datetime, ...] = ()  # when they were blocked, within the block-log window read
    warned: bool = False
    questions: int = 0
    unanswered: int = 0
    opted_out: bool = False
    assigned: date | None = None  # the day the assignment pages record (digest: new mentees)
    warned_at: datetime | None = None  # last edit of their talk page, when it carries a warning
    page_alerts: tuple[PageAlert, ...] = ()  # what became of pages they created (issue 22)
    greeted: bool = True  # False: no human besides them has ever edited their talk page


def exclusion(f: MenteeFacts, now: datetime, s: Settings) -> str | None:
    """Why a mentee is not listed (ARCHITECTURE §6.2), or None when they are active."""
    u = f.user
    if u.temp:
        return "temporary account"
    if u.is_bot:
        return "bot"
    if u.block and u.block.indefinite and not u.block.partial:
        return "indefinitely blocked"
    if f.opted_out:
        return "opted out"
    if dormant(f, now, s):
        return "inactive"
    return None


def dormant(f: MenteeFacts, now: datetime, s: Settings) -> bool:
    """Neither new nor active: registered before the new-account window and no edit in the
    activity window. The windows only move forward, so a dormant mentee stays dormant until
    something happens to them (an edit, a block, a rename, a talk-page event), which the change
    streams report: that is what lets a refresh with memory skip them (ARCHITECTURE §8.6)."""
    return dormant_account(f.user, f.activity, now, s)


def dormant_account(user: WikiUser, activity: Activity, now: datetime, s: Settings) -> bool:
    """:func:`dormant` from the account and its edits alone, before the other facts are read:
    what only a listed mentee shows (reverts, page alerts) is not read for a dormant one."""
    # From a Monday, not from this second: the clock alone changes who is listed once a week.
    reg = user.registration
    if reg is not None and reg >= window_start(now.date(), s.recent_registration_days):
        return False
    last = activity.last_edit
    return last is None or last < window_start(now.date(), s.active_edit_days)

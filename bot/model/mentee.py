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


@dataclass(frozen=True)
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
    # From a Monday, not from this second: the clock alone changes who is listed once a week.
    registered_recently = u.registration is not None and u.registration >= window_start(
        now.date(), s.recent_registration_days
    )
    last = f.activity.last_edit
    edited_recently = last is not None and last >= window_start(now.date(), s.active_edit_days)
    if not (registered_recently or edited_recently):
        return "inactive"
    return None

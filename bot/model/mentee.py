"""Everything the dashboard knows about one mentee, gathered by the read stage for the builders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

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

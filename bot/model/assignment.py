"""Who mentors whom, as one assignments page holds it: ids survive renames, days are yyyymmdd."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Assignments:
    """One mentor's mentees as stored, with the revision it was read at (None: no page yet)."""

    mentor: str
    title: str
    mentees: dict[int, int] = field(default_factory=dict)  # user id -> yyyymmdd
    revid: int | None = None
    # Why the page as it is now cannot be used ("" when it can). The mentees are then those of
    # the bot's own last revision, and nothing moves to or from this mentor until it is fixed.
    unreadable: str = ""


def assignments_title(bot_user: str, prefix: str, mentor: str) -> str:
    return f"User:{bot_user}/{prefix}{mentor}.json"


def day_number(d: date) -> int:
    return d.year * 10000 + d.month * 100 + d.day

"""Who each listed mentor is right now: status, weight, message and eligibility. Pure.

The mentor list (admins) and the mentor's own settings page both say something about a mentor;
this is where they are combined, once, so the dashboard, the index page and the assignment
decisions all see the same mentor. The rules:

* status comes from the settings page; the list's ``awayTimestamp`` (JSON format) also makes a
  mentor away. ``away_until`` is the day they are back: from 00:00 UTC that day they are active.
* weight: the settings page wins over the list, because on a standalone wiki admins own the list
  and the mentor cannot change it there; without a settings weight the list's applies.
* message: likewise the settings page first (ARCHITECTURE §6.3), then the list.
* eligibility (ARCHITECTURE §6.1) never hides a mentor; it only stops automatic assignment, and the
  reasons are kept as data for the dashboard and the index page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.core.clock import midnight
from bot.core.settings import Settings
from bot.model.mentor import MentorEntry
from bot.parse.mentor_settings import ReadSettings, Status

if TYPE_CHECKING:  # pure modules stay importable without pywikibot, which bot.read.users pulls in
    from bot.model.user import WikiUser

# Reasons a mentor is not eligible; each has a message "mentordashboard-ineligible-<code>".


class Ineligible(StrEnum):
    """Why a listed mentor gets no new mentees automatically; each has a message."""

    NO_ACCOUNT = "no-account"
    TEMPORARY = "temporary"
    EDITS = "edits"  # params: edit count, minimum
    AGE = "age"  # params: days since registration, minimum
    BLOCKED = "blocked"


@dataclass(frozen=True)
class Ineligibility:
    code: str
    params: tuple[int, ...] = ()


class Hold(StrEnum):
    """Why a departing mentor still has their mentees (ARCHITECTURE §9.8); each has a message."""

    GRACE = "grace"  # leaving when the grace period ends; restored in time, nothing happens
    CONFIRM = "confirm"  # removed with many others at once: waits for an admin's confirm_removals
    UNREADABLE = "unreadable"  # still named on the list, but their entry cannot be read
    STORE = "store"  # their assignments page cannot be read, so none of their mentees moves


@dataclass(frozen=True)
class Leaving:
    """What the index and the dashboard say about a mentor whose mentees are kept for now."""

    hold: Hold
    reason: str  # REASON_QUIT, REASON_REMOVED, REASON_INACTIVE; "" when the entry is unreadable
    until: datetime | None = None  # GRACE: when the mentees are reassigned


@dataclass(frozen=True)
class MentorStatus:
    """One listed mentor as every later stage sees them."""

    name: str
    status: Status  # away only while away_until is in the future
    away_until: date | None
    weight: int
    message: str
    ineligible: tuple[Ineligibility, ...]
    settings: ReadSettings
    # Set by bot.lifecycle.inactive when a mentor has not edited for the configured days.
    inactive: str | None = None  # "away" | "removed"
    quiet_days: int | None = None
    leaving: Leaving | None = None  # set by the lifecycle while departing mentees are kept
    no_pages: str = ""  # the message key saying why the name gets no pages ("": it does)

    @property
    def eligible(self) -> bool:
        return not self.ineligible

    @property
    def quit(self) -> bool:
        return self.status == Status.QUIT

    @property
    def takes_new_mentees(self) -> bool:
        """Whether the weighted pick may choose this mentor (ARCHITECTURE §9.4)."""
        return self.status == Status.ACTIVE and self.eligible and self.weight > 0 and self.leaving is None


def ineligibility(user: WikiUser | None, now: datetime, s: Settings) -> tuple[Ineligibility, ...]:
    """Every reason the account may not get automatic mentees; empty when it may."""
    if user is None:
        return (Ineligibility(Ineligible.NO_ACCOUNT),)
    if user.temp:
        return (Ineligibility(Ineligible.TEMPORARY),)
    out = []
    if user.editcount < s.mentor_min_edits:
        out.append(Ineligibility(Ineligible.EDITS, (user.editcount, s.mentor_min_edits)))
    # Accounts from before MediaWiki recorded registration are old by definition.
    if user.registration is not None:
        age = (now - user.registration).days
        if age < s.mentor_min_age_days:
            out.append(Ineligibility(Ineligible.AGE, (age, s.mentor_min_age_days)))
    if s.mentor_block_makes_ineligible and user.block is not None and not user.block.partial:
        out.append(Ineligibility(Ineligible.BLOCKED))
    return tuple(out)


def no_pages_reason(name: str, user: WikiUser | None) -> str:
    """Why a listed name gets no pages, as a message key taking the name: only a real, usable
    account gets a dashboard and an FAQ page, so a typo or a renamed mentor on the list never
    creates pages of nobody."""
    if user is None:
        return "mentordashboard-problem-no-account"
    if user.temp:
        return "mentordashboard-problem-temporary-account"
    if user.block is not None and not user.block.partial:
        return "mentordashboard-problem-blocked-account"
    return ""


def mentor_status(
    entry: MentorEntry, read: ReadSettings, user: WikiUser | None, now: datetime, s: Settings
) -> MentorStatus:
    settings = read.settings
    status, away_until = settings.status, settings.away_until
    if status == Status.AWAY and away_until is not None and midnight(away_until) <= now:
        status = Status.ACTIVE  # back automatically from that day on
    if status == Status.ACTIVE and entry.away_until is not None and entry.away_until > now:
        status, away_until = Status.AWAY, entry.away_until.date()
    weight = settings.weight if settings.weight is not None else entry.weight
    message = settings.message if settings.message is not None else entry.message
    return MentorStatus(
        name=entry.username,
        status=status,
        away_until=away_until if status == Status.AWAY else None,
        weight=weight,
        message=message,
        ineligible=ineligibility(user, now, s),
        settings=read,
        no_pages=no_pages_reason(entry.username, user),
    )

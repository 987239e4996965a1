"""Everything the dashboard knows about one mentee, and the rule that says who is an active mentee.

The rule lives with the record because every stage asks it: the praise reader (who may be
praised), the overview (who is listed) and the impact figures. It is pure.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

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


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


def microseconds(t: datetime) -> int:
    """T as whole microseconds since 1970 (UTC): exact, and eight bytes in an ``array``."""
    return (t - EPOCH) // MICROSECOND


@dataclass(frozen=True, slots=True)
class Dormant:
    """What the build needs of one mentor's dormant mentees (ARCHITECTURE §8.6), as totals.

    A dormant mentee is never listed and has no edit in the window read, so no row, flag, praise
    or digest edit of theirs ever shows: they only count, in M5's figures (mentees, edits,
    retention) and the digest's counts for the week. At Wikipedia scale they are nine in ten
    mentees, so they are kept as these totals and sorted arrays, not as one record each.
    """

    count: int = 0
    editcount: int = 0  # their edit counts, summed (M5 "edits")
    edits_recent: int = 0  # always 0 while dormancy means "no edit in the window"; summed anyway
    ids: array[int] = field(default_factory=lambda: array("q"))  # sorted: whose questions count
    registered: array[int] = field(default_factory=lambda: array("q"))  # sorted µs, accounts not temp
    # (registration, last edit) of the accounts not temp that edited before the window at all.
    edited: tuple[tuple[datetime, datetime], ...] = ()
    assigned: array[int] = field(default_factory=lambda: array("l"))  # sorted yyyymmdd days
    troubled: tuple[datetime, ...] = ()  # each one's latest block or warning, when they have one

    def holds(self, user_id: int) -> bool:
        i = bisect_left(self.ids, user_id)
        return i < len(self.ids) and self.ids[i] == user_id

    def registered_by(self, t: datetime) -> int:
        """How many of those not temporary registered at or before T."""
        return bisect_right(self.registered, microseconds(t))

    def assigned_since(self, day: int) -> int:
        return len(self.assigned) - bisect_left(self.assigned, day)


NO_DORMANT = Dormant()


class DormantFold:
    """Adds dormant mentees up into a ``Dormant`` one at a time, so their records can go."""

    def __init__(self) -> None:
        self.count = self.editcount = self.edits_recent = 0
        self.ids, self.registered, self.assigned = array("q"), array("q"), array("l")
        self.edited: list[tuple[datetime, datetime]] = []
        self.troubled: list[datetime] = []

    def add(self, f: MenteeFacts, day: int | None, blocks: tuple[datetime, ...] | None = None) -> None:
        """F with its assignment DAY (yyyymmdd; None: not known); BLOCKS, when given, stand for
        F's own (the block log this pass read, for facts the memory kept)."""
        u = f.user
        self.count += 1
        self.editcount += u.editcount
        self.edits_recent += f.activity.edits_recent
        self.ids.append(u.user_id)
        if u.registration is not None and not u.temp:
            self.registered.append(microseconds(u.registration))
            if f.activity.last_edit is not None:
                self.edited.append((u.registration, f.activity.last_edit))
        if day is not None:
            self.assigned.append(day)
        trouble = list(f.blocks if blocks is None else blocks)
        if f.warned and f.warned_at is not None:
            trouble.append(f.warned_at)
        if trouble:
            self.troubled.append(max(trouble))

    def tally(self) -> Dormant:
        if not self.count:
            return NO_DORMANT
        return Dormant(
            self.count,
            self.editcount,
            self.edits_recent,
            array("q", sorted(self.ids)),
            array("q", sorted(self.registered)),
            tuple(self.edited),
            array("l", sorted(self.assigned)),
            tuple(self.troubled),
        )

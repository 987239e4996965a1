"""The "needs you now" block at the top of a dashboard: what waits on the mentor. Pure.

Issue 20: a mentor opening the page should see first what asks for action, in a few lines, and
nothing at all in a quiet week. The block is taken from what the page shows further down (M4's
overdue questions, the M1 flags, M7's candidates), so it can never disagree with the sections
it points to, and it changes only when they do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.build.alerts import Alerts, page_alerts
from bot.build.mentor_talk import MentorTalkView
from bot.build.overview import Flag, MenteeRow
from bot.build.praise import PraiseView
from bot.build.questions import UnansweredItem

# Each line names this many people or questions, then counts the rest: the block has to stay
# short, or it pushes the mentee table below the fold.
NAMES_PER_LINE = 4


@dataclass(frozen=True)
class Shortlist:
    """The first few of a longer list, and how many more there are."""

    shown: tuple[str, ...]
    more: int

    @classmethod
    def of(cls, names: tuple[str, ...]) -> Shortlist:
        return cls(names[:NAMES_PER_LINE], max(0, len(names) - NAMES_PER_LINE))


@dataclass(frozen=True)
class NeedsYou:
    """Overdue questions, mentees in trouble, praise due."""

    overdue: tuple[UnansweredItem, ...]  # the oldest first, at most NAMES_PER_LINE
    overdue_total: int
    blocked: Shortlist
    warned: Shortlist
    praise: Shortlist
    alerts: Alerts = field(default_factory=Alerts)  # pages up for deletion, deleted or moved (issue 22)
    graduate: Shortlist = field(default_factory=lambda: Shortlist((), 0))
    could_mentor: Shortlist = field(default_factory=lambda: Shortlist((), 0))


def needs_you(
    talk: MentorTalkView | None, rows: Sequence[MenteeRow], praise: PraiseView | None
) -> NeedsYou | None:
    """None when nothing waits, so a quiet week adds no block at all.

    Blocked and warned mentees are those flagged on this page's rows; the table's own flags
    say which, and starred and recently active mentees (the ones on this page) come first.
    """
    overdue = tuple(q for q in talk.unanswered if q.overdue) if talk else ()
    blocked = tuple(r.name for r in rows if Flag.BLOCKED in r.flags)
    warned = tuple(r.name for r in rows if Flag.WARNED in r.flags)
    due = tuple(e.name for e in praise.entries) if praise else ()
    alerts = page_alerts(rows)
    if not (overdue or blocked or warned or due or alerts):
        return None
    return NeedsYou(
        overdue=overdue[:NAMES_PER_LINE],
        overdue_total=len(overdue),
        blocked=Shortlist.of(blocked),
        warned=Shortlist.of(warned),
        praise=Shortlist.of(due),
        alerts=alerts,
        graduate=Shortlist.of(alerts.graduate),
        could_mentor=Shortlist.of(alerts.mentor),
    )

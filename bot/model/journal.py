"""The lifecycle's memory: moves (the journal), claims and the new-account log position.

The records are kept on the wiki, in the state page (``bot/parse/journal.py`` is its codec), so a
lost local cache can never make a move, a claim or a notice happen twice:

* ``newusers``: the last processed log id and its time, and accounts still waiting for a mentor
  (nobody could take them when they arrived);
* ``claims``: per mentor, the settings revision last read, the claims already carried out (so
  each is carried out once) and the results of the latest ones (shown on the dashboard);
* ``pending``: the journal proper. Moves are written here before any assignments page changes
  and cleared after the last one; a run that finds moves here finishes them first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.model.problem import SaidError

# Why a mentee moves; each names its reason in edit summaries and notices.
REASON_NEW = "new-account"
REASON_CLAIM = "claim"
REASON_QUIT = "quit"
REASON_REMOVED = "removed"  # the mentor is no longer on the mentor list
REASON_INACTIVE = "inactive"  # the mentor has not edited for Settings.inactive_remove_days
REASON_OPTED_OUT = "opted-out"  # released: the mentee asked for no mentor

NOTICE_WELCOME = "welcome"
NOTICE_REASSIGN = "reassign"


class JournalError(SaidError):
    """The state page holds something the bot did not write; it stops rather than guess."""


@dataclass(frozen=True)
class Move:
    """One mentee changing hands: from None is a new assignment, to None a release."""

    user_id: int
    name: str
    to: str | None
    frm: str | None
    reason: str
    batch: int  # the journal entry it belongs to: keys its notice, so a replay never posts twice
    notice: str | None = None  # NOTICE_WELCOME, NOTICE_REASSIGN or None
    by: str = ""  # for a claim: the mentor whose settings revision asked for it
    revid: int = 0  # for a claim: that revision

    def notice_key(self) -> str:
        return f"{self.notice}:{self.user_id}:{self.batch}"


@dataclass(frozen=True)
class ClaimResult:
    name: str
    outcome: str  # see bot.lifecycle.plan ClaimOutcome
    other: str = ""  # the previous mentor, or the mentor who holds or took the mentee


@dataclass(frozen=True)
class ClaimRecord:
    revid: int  # settings revision last read
    done: tuple[str, ...] = ()  # claims carried out and still on the page
    results: tuple[ClaimResult, ...] = ()  # of the latest revision that held new claims
    at: datetime | None = None  # when those results were produced


@dataclass(frozen=True)
class Departure:
    """A mentor on their way out: since when, and why. Kept on the state page so the grace period
    (``Settings.removal_grace_hours``) survives between runs and restarts."""

    reason: str  # REASON_QUIT, REASON_REMOVED or REASON_INACTIVE
    since: datetime


@dataclass(frozen=True)
class Journal:
    """Everything the state page holds."""

    last_logid: int | None = None
    last_log_time: datetime | None = None
    waiting: tuple[int, ...] = ()  # new accounts no mentor could take yet, by user id
    claims: dict[str, ClaimRecord] = field(default_factory=dict)
    pending: tuple[Move, ...] = ()
    batch: int = 0  # last journal entry number used
    leaving: dict[str, Departure] = field(default_factory=dict)  # mentors inside their grace period

"""Accounts and what they did, as the readers hand them on: plain records, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Block:
    expiry: datetime | None  # None: indefinite
    partial: bool

    @property
    def indefinite(self) -> bool:
        return self.expiry is None


_GROUPS: dict[frozenset[str], frozenset[str]] = {}  # every combination of groups seen, once


@dataclass(frozen=True, slots=True)
class WikiUser:
    name: str
    user_id: int
    registration: datetime | None
    editcount: int
    groups: frozenset[str]
    block: Block | None = None
    # MediaWiki 1.43 puts temporary accounts in the implicit "temp" group; a flag is all we keep.
    temp: bool = False

    def __post_init__(self) -> None:
        # Nearly every account has the same few groups ("*", "user", "autoconfirmed"): one shared
        # set for each combination, not one each (a pass holds hundreds of thousands of accounts).
        object.__setattr__(self, "groups", _GROUPS.setdefault(self.groups, self.groups))

    @property
    def is_bot(self) -> bool:
        return "bot" in self.groups


@dataclass(frozen=True, slots=True)
class Edit:
    """One contribution, as the "this week" digest lists it."""

    revid: int
    title: str
    timestamp: datetime
    comment: str | None  # None: hidden by revision deletion (an empty summary is "")
    tags: tuple[str, ...] = ()
    user: str = ""


@dataclass(frozen=True, slots=True)
class Activity:
    """Edits of one user in the window read: newest first."""

    last_edit: datetime | None = None
    edits_recent: int = 0  # in the last settings.recent_days
    # The same contributions stream, kept for M7 and the digest at no extra request: when each
    # recent edit was made, the oldest edit in the window, and the newest few in full.
    recent_times: tuple[datetime, ...] = ()  # newest first, within the "recent" window
    first_in_window: datetime | None = None
    edits_in_window: int = 0
    latest: tuple[Edit, ...] = ()  # newest first, at most Settings.digest_edits


@dataclass(frozen=True, slots=True)
class NewAccount:
    """One ``newusers`` log entry."""

    user_id: int
    name: str
    logid: int
    timestamp: datetime
    temp: bool  # the log entry's own temp flag (MediaWiki ≥ 1.42)
    # ``newusers/autocreate``: the account arrived through central login (SUL, a wiki farm) or
    # another session provider, usually an editor from elsewhere, not a newcomer.
    autocreated: bool = False

"""What the preflight (``mentor-dashboard check``) learns before a first run: plain records.

The readers fill ``Account``; the command line fills ``Pace`` from pywikibot's config; the dry
pass fills ``Workload``. ``bot/decide/preflight.py`` turns them into ``Finding``s.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Account:
    """The bot's account as the wiki sees this login (``meta=userinfo``)."""

    name: str
    groups: frozenset[str]  # implicit ones included: "*", "user", "autoconfirmed"
    rights: frozenset[str]  # what this login may do: a BotPassword's or OAuth grants applied
    group_rights: frozenset[str]  # what the account's groups give, before any grant narrows it
    blocked: str | None = None  # the block reason; None: not blocked

    @property
    def has_bot_flag(self) -> bool:
        return "bot" in self.groups


@dataclass(frozen=True)
class Pace:
    """How fast the bot may write, from pywikibot's user-config.py (``put_throttle``, maxlag)."""

    put_throttle: float  # seconds between two writes
    write_maxlag: int | None  # writes wait while the wiki's replication lag is above this; None: off
    read_maxlag: int | None
    retry_wait: float  # the first wait after a maxlag refusal (it doubles up to retry_max)

    def describe(self) -> str:
        """One line for the end of a run and for the check."""
        lag = f"maxlag {self.write_maxlag} s" if self.write_maxlag else "no maxlag"
        return (
            f"writes: one every {self.put_throttle:g} s (put_throttle), {lag} (write_maxlag), "
            "from user-config.py"
        )


@dataclass(frozen=True)
class Workload:
    """What the next run would do, counted on a dry pass over every mentor."""

    new_mentees: int  # accounts the lifecycle would assign (new accounts only, not claims)
    other_moves: int  # claims and reassignments
    creates: int  # pages that do not exist yet
    updates: int  # pages that exist and would change
    protections: int  # pages that would be protected after saving
    lifecycle_writes: int  # state page, assignments pages and notices
    pages_built: int  # every page a full pass builds (each saved at most once a day)
    read_seconds: float  # how long the dry pass took: the reads of a full pass
    read_requests: int

    @property
    def first_run_writes(self) -> int:
        return self.creates + self.updates + self.protections + self.lifecycle_writes


class Level(StrEnum):
    """How much a finding matters to the operator."""

    BLOCKING = "blocking"  # a run would fail or do harm: fix it first
    CONFIG = "config"  # the configuration cannot be used (exit 2)
    WARNING = "warning"  # a run works, but something is missing or weaker than it should be
    OK = "ok"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    level: Level
    topic: str  # "rights", "pages", "mentor list", "settings", …
    message: str

    def __str__(self) -> str:
        return f"{self.level.value:>8}  {self.topic}: {self.message}"

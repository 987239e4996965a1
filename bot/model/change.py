"""What happened on the wiki since the last run, as one record the refresh planner reads."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model.talk import Thank


@dataclass(frozen=True)
class Cursor:
    rcid: int = 0
    logid: int = 0  # of the thanks log


@dataclass(frozen=True)
class Changes:
    users: frozenset[str]  # who edited, or was blocked
    titles: frozenset[str]  # pages edited or created
    owners: frozenset[str]  # users whose user or talk page (or a subpage) changed
    thanked: frozenset[str]  # users who received thanks
    new_accounts: bool
    cursor: Cursor  # where the next run starts
    thanks: tuple[Thank, ...] = ()  # each new entry of the thanks log, for the totals the memory keeps

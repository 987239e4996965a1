"""A page as the bot read it, and what publishing did to it: the records both ends of a pass share."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

PROTECTION = {"edit": "sysop", "move": "sysop"}


@dataclass(frozen=True)
class CurrentPage:
    """What a page holds now, read just before publishing."""

    title: str
    text: str | None  # None: the page does not exist
    revid: int | None
    protection: frozenset[tuple[str, str]] = frozenset()  # (type, level), e.g. ("edit", "sysop")
    model: str = "wikitext"

    @property
    def protected(self) -> bool:
        return all((t, lvl) in self.protection for t, lvl in PROTECTION.items())


class PageAction(StrEnum):
    """What publishing did to one page. The values are what the command line prints."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED_NOBOTS = "skipped-nobots"  # the page says {{nobots}} (or {{bots}} without this bot)
    DRY_RUN = "dry-run"  # would have been saved; the diff was shown
    REFUSED = "refused"  # the wiki refused this page's content or title


@dataclass(frozen=True)
class Outcome:
    title: str
    action: PageAction
    diff: str = ""  # for a dry run: the unified diff of current and new text (a real save keeps none)

"""A page as the bot read it, and what publishing did to it: the records both ends of a pass share."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Outcome:
    title: str
    action: str  # "created", "updated", "unchanged", "skipped-nobots", "dry-run", "refused"
    diff: str = ""

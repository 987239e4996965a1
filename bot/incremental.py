"""Decide which mentors an incremental run must refresh, from what changed since the last run.

Pure: the changes come from ``bot/sources/changes.py``, the watch lists from the read stage.
A change to a page every dashboard depends on (mentor list, settings) means all mentors.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from bot.sources.changes import Changes


@dataclass(frozen=True)
class Watch:
    """What one mentor's pages depend on."""

    people: frozenset[str]  # the mentor and their mentees
    titles: frozenset[str]  # talk page, settings JSON, assignments page, own dashboard pages, …
    prefixes: tuple[str, ...] = ()  # talk-page archives and other subpage families


ALL = None  # "refresh everyone"


def affected(
    changes: Changes, watches: Mapping[str, Watch], global_titles: Collection[str]
) -> set[str] | None:
    """Mentors whose dashboards may differ now; None when every dashboard may."""
    if changes.titles & set(global_titles):
        return ALL
    out = set()
    for mentor, w in watches.items():
        if (
            changes.users & w.people
            or changes.titles & w.titles
            or mentor in changes.thanked
            or any(t.startswith(p) for p in w.prefixes for t in changes.titles)
        ):
            out.add(mentor)
    return out

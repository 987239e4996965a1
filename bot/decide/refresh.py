"""Decide which mentors an incremental run must refresh, from what changed since the last run.

Pure: the changes come from ``bot/read/changes.py``, the watch lists from the read stage.
A change to a page every dashboard depends on (mentor list, settings) means all mentors.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from bot.model.change import Changes


@dataclass(frozen=True)
class Watch:
    """What one mentor's pages depend on."""

    mentee_ids: frozenset[int]  # every mentee in the store (their edits, blocks, talk pages)
    titles: frozenset[str]  # talk page, assignments page, …
    prefixes: tuple[str, ...] = ()  # "User:<Mentor>/" (dashboard, settings JSON), talk archives


ALL = None  # "refresh everyone"


def affected(
    changes: Changes,
    watches: Mapping[str, Watch],
    ids_of: Mapping[str, int],
    global_titles: Collection[str],
    moved: Collection[str] = (),
) -> set[str] | None:
    """Mentors whose dashboards may differ now; None when every dashboard may.

    ``ids_of`` resolves the names the changes mention (editors, block targets, owners of changed
    user and talk pages) to user ids, because the assignment store knows mentees by id.
    """
    if changes.titles & set(global_titles):
        return ALL
    touched_ids = {ids_of[n] for n in changes.users | changes.owners if n in ids_of}
    out = {m for m in moved if m in watches}
    for mentor, w in watches.items():
        if (
            mentor in changes.users
            or mentor in changes.thanked
            or touched_ids & w.mentee_ids
            or changes.titles & w.titles
            or any(t.startswith(p) for p in w.prefixes for t in changes.titles)
        ):
            out.add(mentor)
    return out

"""Decide which mentors an incremental run must refresh, from what changed since the last run.

Pure: the changes come from ``bot/read/changes.py``, the watch lists from the read stage.
A change to a page every dashboard depends on (mentor list, settings) means all mentors.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.model.assignment import Assignments
from bot.model.change import Changes, Cursor
from bot.model.titles import MentorTitles


@dataclass(frozen=True)
class Watch:
    """What one mentor's pages depend on."""

    mentee_ids: Set[int]  # every mentee in the store (their edits, blocks, talk pages): the store's own keys
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


@dataclass(frozen=True)
class Recall:
    """What the run memory says about the last run (all None without memory)."""

    last_run: datetime | None = None
    last_full_day: date | None = None  # UTC day of the last full refresh
    cursor: Cursor | None = None  # where the change streams were read up to
    same_wiki: bool = False  # the memory was written for this wiki at this address


# How far back the change streams are trusted to be complete: MediaWiki keeps recent changes
# for $wgRCMaxAge (90 days by default); a memory older than this is as good as none.
STREAM_HORIZON = timedelta(days=30)


def streams_cover(recall: Recall, started: datetime) -> bool:
    """Whether the change streams since the last run can tell this run everything that changed,
    so what the memory holds stays good when they are added to it."""
    return (
        recall.last_run is not None
        and recall.cursor is not None
        and recall.same_wiki
        and started - recall.last_run <= STREAM_HORIZON
    )


# A dormant mentee nothing was heard of is looked at again once in this many days. Four weeks,
# not one: what only the sweep can see (an account hidden, an edit count fixed by a maintenance
# script) changes no listed row, since a dormant mentee is only counted, and a weekly sweep of
# 360,000 dormant mentees would cost 103 requests a day, a third of a large wiki's daily refresh.
SWEEP_DAYS = 28


def sweep_day(user_id: int, today: date) -> bool:
    """Whether TODAY is the day a dormant mentee is looked at again although the change streams
    said nothing of them (what the streams cannot say: an account hidden, an edit count fixed
    by a maintenance script). User ids spread evenly over the days, so each day checks one
    SWEEP_DAYS-th of them."""
    return user_id % SWEEP_DAYS == today.toordinal() % SWEEP_DAYS


def quiet_mentees(
    held: Iterable[int], remembered: Collection[int], touched: Collection[int], today: date
) -> tuple[frozenset[int], frozenset[int]]:
    """(quiet, swept): held mentees the memory knows as dormant and nothing happened to since
    (not TOUCHED), who cost no read; and those of them due for the slow sweep today, whose
    account alone is read, to see that it is still as remembered."""
    quiet = {uid for uid in held if uid in remembered and uid not in touched}
    swept = {uid for uid in quiet if sweep_day(uid, today)}
    return frozenset(quiet - swept), frozenset(swept)


def needs_full_refresh(recall: Recall, *, asked: bool, today: date) -> bool:
    """Full when asked (--full), on the first run of each UTC day (windows move with the date),
    and whenever the memory cannot say what the last run saw."""
    known = recall.last_run is not None and recall.cursor is not None and recall.same_wiki
    return asked or not known or recall.last_full_day != today


def watches_for(
    listed: Iterable[str], stored: Mapping[str, Assignments], titles: Mapping[str, MentorTitles]
) -> dict[str, Watch]:
    """What each listed mentor's pages depend on: their mentees, talk page, store and subpages."""
    out = {}
    for mentor in listed:
        page = stored.get(mentor)
        t = titles[mentor]
        out[mentor] = Watch(
            mentee_ids=page.mentees.keys() if page else frozenset(),  # not a copy: XL holds 400,000
            titles=frozenset({t.talk, page.title if page else ""}),
            prefixes=(f"{t.user}/", f"{t.talk}/"),
        )
    return out

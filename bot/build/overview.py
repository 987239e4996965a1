"""M1, the mentee overview: who is an active mentee, what needs attention, and in what order.

Pure: the facts come in as plain data read by ``bot/read``; nothing here touches the wiki.
The flags and who is listed at all count from a Monday (``bot/core/clock.py``, window_start),
so they change with the clock at most once a week.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from bot.core.clock import window_start
from bot.core.settings import Settings
from bot.model.alerts import Fate, PageAlert
from bot.model.mentee import MenteeFacts, exclusion

# Accounts from before MediaWiki recorded registration dates, with no edits, sort last.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Flag(StrEnum):
    """Why a mentee row asks for attention, in the order the flags are shown."""

    UNANSWERED = "unanswered"  # they have a question waiting on the mentor's talk page
    BLOCKED = "blocked"  # blocked now, or blocked recently
    REVERTED = "reverted"  # an edit of theirs was reverted recently
    WARNED = "warned"  # a warning template sits on their talk page
    # Page-fate alerts (issue 22, bot/read/page_fate.py): a page they created in the window.
    PAGE_DELETED = "page-deleted"
    PAGE_NOMINATED = "page-nominated"
    PAGE_TAGGED = "page-tagged"
    PAGE_MOVED = "page-moved"
    UNGREETED = "ungreeted"  # no person but them has ever edited their talk page


# Which flag each page fate raises.
FATE_FLAG = {
    Fate.DELETED: Flag.PAGE_DELETED,
    Fate.NOMINATED: Flag.PAGE_NOMINATED,
    Fate.TAGGED: Flag.PAGE_TAGGED,
    Fate.MOVED: Flag.PAGE_MOVED,
}


class Hint(StrEnum):
    """A good-news note beside the flags (issue 22): a chance to congratulate, not a problem."""

    NONE = ""
    GRADUATE = "graduate"  # as GrowthExperiments graduates mentees: enough edits and days
    MENTOR = "mentor"  # meets the wiki's own rules for mentors (mentor_min_edits, mentor_min_age_days)


def hint(f: MenteeFacts, now: datetime, s: Settings) -> Hint:
    """The strongest hint a mentee has earned. Counted in whole days since registration, so the
    clock changes it at most once, on the day the threshold is passed: a real change."""
    u = f.user
    if u.registration is None:
        return Hint.NONE
    days = (now.date() - u.registration.date()).days
    if u.editcount >= s.mentor_min_edits and days >= s.mentor_min_age_days and u.block is None:
        return Hint.MENTOR
    if u.editcount >= s.graduation_min_edits and days >= s.graduation_min_days:
        return Hint.GRADUATE
    return Hint.NONE


def last_active(f: MenteeFacts) -> datetime:
    """Their last edit, or their registration when they never edited (GrowthExperiments' rule)."""
    return f.activity.last_edit or f.user.registration or EPOCH


def flags(f: MenteeFacts, now: datetime, s: Settings) -> tuple[str, ...]:
    recent = window_start(now.date(), s.recent_days)  # from a Monday: moves once a week at most
    found = set()
    if f.unanswered:
        found.add(Flag.UNANSWERED)
    if (f.user.block is not None) or any(t >= recent for t in f.blocks):
        found.add(Flag.BLOCKED)
    if any(t >= recent for t in f.reverted):
        found.add(Flag.REVERTED)
    if f.warned:
        found.add(Flag.WARNED)
    found.update(FATE_FLAG[a.fate] for a in f.page_alerts)
    if not f.greeted:
        found.add(Flag.UNGREETED)
    return tuple(k for k in Flag if k in found)


def overview_rows(
    facts: Iterable[MenteeFacts],
    starred: Iterable[str],
    now: datetime,
    s: Settings,
    welcome: str | None = None,
) -> list[MenteeRow]:
    """Active mentees, starred first, then most recently active: the order mentors asked for.

    WELCOME is the mentor's welcome page when it exists: "not yet greeted" links preload it.
    """
    star = set(starred)
    rows = [
        MenteeRow(
            name=f.user.name,
            registered=f.user.registration,
            edits=f.user.editcount,
            edits_recent=f.activity.edits_recent,
            reverted=len(f.reverted),
            questions=f.questions,
            blocked_now=f.user.block is not None,
            block_count=len(f.blocks),
            last_active=last_active(f),
            starred=f.user.name in star,
            flags=flags(f, now, s),
            news=RowNews(f.page_alerts, hint(f, now, s), welcome),
        )
        for f in facts
        if exclusion(f, now, s) is None
    ]
    rows.sort(key=lambda r: r.name)
    rows.sort(key=lambda r: r.last_active, reverse=True)
    rows.sort(key=lambda r: not r.starred)
    return rows


def subpage_title(dashboard_title: str, n: int) -> str:
    """``…/Mentees`` for the first overflow page, then ``…/Mentees/2``, ``…/Mentees/3`` …"""
    return f"{dashboard_title}/Mentees" + ("" if n == 1 else f"/{n}")


# An upper bound on a table row's size apart from the name: cells, numbers, flags, notes, messages.
# Measured with every flag and note set and five-digit counts: 1,013 bytes in English, 1,153 in
# Arabic (two bytes a letter). 1,400 leaves a fifth for longer translations and still lets 500
# rows of ordinary names fill a subpage.
ROW_BYTES_BESIDES_NAME = 1_400
PAGE_BYTES_BESIDES_ROWS = 100_000  # headings, intro, the subpage's own messages
# The template prints a mentee's name five times (sort key, link label, three link targets), and
# escaping turns one byte into at most six ("~" becomes "&#126;").
NAME_PRINTS, ESCAPE_GROWTH = 5, 6


# Issue 22 added flags a row may carry all at once, a hint, and a link that opens a new section
# on the mentee's talk page (their name once more, and the mentor's welcome page percent-encoded:
# three bytes a byte). Measured in Arabic, the longest: 175 bytes a flag label in its span, 120 a
# hint. Rows pay for these only when they carry them, so ordinary rows still fill a subpage.
FLAGS_IN_BASE, FLAG_BYTES, HINT_BYTES, LINK_BYTES = 4, 200, 150, 80


def row_bytes_bound(row: MenteeRow) -> int:
    """How big a row can get once rendered: a bound, so no page is ever refused as too big."""
    bound = ROW_BYTES_BESIDES_NAME + NAME_PRINTS * ESCAPE_GROWTH * len(row.name.encode())
    bound += FLAG_BYTES * max(0, len(row.flags) - FLAGS_IN_BASE) + (HINT_BYTES if row.news.hint else 0)
    if Flag.UNGREETED in row.flags:
        welcome = len((row.news.welcome or "").encode())
        bound += LINK_BYTES + ESCAPE_GROWTH * len(row.name.encode()) + 3 * welcome
    return bound


def paginate(
    rows: Sequence[MenteeRow], dashboard_title: str, s: Settings
) -> tuple[list[MenteeRow], list[tuple[MenteePageLink, list[MenteeRow]]]]:
    """The main page's rows, then each /Mentees subpage with its rows.

    A subpage holds at most ``subpage_rows`` rows, and fewer when their names are so long that
    the page could pass ``max_page_bytes``: MediaWiki refuses a page over its limit, and one
    refused page would stop every later save of the run.
    """
    main = list(rows[: s.main_page_rows])
    pages: list[tuple[MenteePageLink, list[MenteeRow]]] = []
    chunk: list[MenteeRow] = []
    size = 0
    budget = s.max_page_bytes - PAGE_BYTES_BESIDES_ROWS
    first = s.main_page_rows + 1

    def close() -> None:
        nonlocal chunk, size, first
        link = MenteePageLink(subpage_title(dashboard_title, len(pages) + 1), first, first + len(chunk) - 1)
        pages.append((link, chunk))
        first += len(chunk)
        chunk, size = [], 0

    for row in rows[s.main_page_rows :]:
        grow = row_bytes_bound(row)
        if chunk and (len(chunk) >= s.subpage_rows or size + grow > budget):
            close()
        chunk.append(row)
        size += grow
    if chunk:
        close()
    return main, pages


@dataclass(frozen=True)
class RowNews:
    """Issue 22's part of a row: what became of their pages, a hint, and the greeting link's preload."""

    alerts: tuple[PageAlert, ...] = ()
    hint: str = ""  # a Hint: ready to graduate, or to mentor
    welcome: str | None = None  # the mentor's welcome page, preloaded by the "not yet greeted" link


@dataclass(frozen=True)
class MenteeRow:
    """One line of M1, the mentee overview."""

    name: str
    registered: datetime | None
    edits: int
    edits_recent: int  # in the last ``recent_days`` days
    reverted: int
    questions: int
    blocked_now: bool
    block_count: int
    last_active: datetime
    starred: bool = False
    flags: tuple[str, ...] = ()
    news: RowNews = field(default_factory=RowNews)  # issue 22's alerts and hints

    @property
    def attention_rank(self) -> int:
        """The attention column's sort key: negative, so the first click on the column (which
        sorts ascending) brings the most flags to the top, then the most reverted edits and blocks."""
        return -(1000 * len(self.flags) + min(999, self.reverted + self.block_count))


@dataclass(frozen=True)
class MenteePageLink:
    """A link from the main dashboard to a /Mentees subpage holding rows first..last (1-based)."""

    title: str
    first: int
    last: int

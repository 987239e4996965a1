"""The view-models the templates format: plain, frozen data with no wiki access.

Builders in ``bot/build/`` produce these; ``bot/render/pages.py`` turns them into wikitext.
Every string in here is untrusted user text unless its type is ``Wikitext``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.build.attention import NeedsYou, needs_you
from bot.build.digest import Digest
from bot.build.mentor_talk import MentorTalkView
from bot.build.overview import MenteePageLink, MenteeRow
from bot.build.praise import PraiseView
from bot.build.tools import MentorTools
from bot.core.clock import window_start
from bot.lifecycle.status import Leaving
from bot.model.said import Said


@dataclass(frozen=True)
class MenteesPage:
    """A /Mentees, /Mentees/2 ... subpage: the overflow of the main table."""

    mentor: str
    title: str
    dashboard_title: str
    rows: tuple[MenteeRow, ...]
    first: int  # 1-based number of the first row, for "rows 101-600"
    total: int
    updated: datetime
    recent_days: int  # the window of the "edits since" column (Settings.recent_days)

    @property
    def recent_since(self) -> date:
        """Where the "edits since" column counts from: a Monday (bot/core/clock.py, window_start)."""
        return window_start(self.updated.date(), self.recent_days).date()


@dataclass(frozen=True)
class Workspace:
    """The browser workspace's place on a dashboard (docs/GADGET.md): the empty element above M1
    that the gadget fills, and in M2 the line a mentor adds to their common.js to load it."""

    common_js: str  # plain text: mw.loader.load('…');


@dataclass(frozen=True)
class Dashboard:
    """Everything the main dashboard page shows, for one mentor."""

    mentor: str
    updated: datetime  # rendered on the "last updated" line only
    recent_days: int  # the window of the "edits since" column (Settings.recent_days)
    problems: tuple[Said, ...] = ()  # plain-language errors shown first (settings JSON etc.)
    rows: tuple[MenteeRow, ...] = ()  # at most main_page_rows: the main page's share of M1
    total_mentees: int = 0  # all active mentees, main page and subpages together
    more_pages: tuple[MenteePageLink, ...] = ()
    talk: MentorTalkView | None = None  # M3–M6; None leaves those sections out
    tools: MentorTools | None = None  # M2; None leaves the section out
    digest: Digest | None = None  # "this week", at the top; None leaves it out
    praise: PraiseView | None = None  # M7; None leaves the section out
    leaving: Leaving | None = None  # departing, mentees kept for now: said at the top

    @property
    def recent_since(self) -> date:
        """Where the "edits since" column counts from: a Monday (bot/core/clock.py, window_start)."""
        return window_start(self.updated.date(), self.recent_days).date()

    @property
    def needs_you(self) -> NeedsYou | None:
        """The "needs you now" block at the top (bot/build/attention.py), or None."""
        return needs_you(self.talk, self.rows, self.praise)

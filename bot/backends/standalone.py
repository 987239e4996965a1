"""The standalone backend: what the bot did before there were backends, behind the interface.

The mentor list is the page admins edit (any of ARCHITECTURE §6.1's formats); assignments are
the bot's own ``User:<Bot>/Assignments/<Mentor>.json`` pages, all read in one ``allpages``
listing (``bot/read/assignments.py``) and written through the funnel in the lifecycle's
crash-safe order (``bot/publish/lifecycle.py``); the lifecycle is ``bot/lifecycle/standalone.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.assignment import Assignments, assignments_title, day_number
from bot.model.journal import REASON_CLAIM, Move
from bot.model.mentor import ParsedList
from bot.model.page import CurrentPage
from bot.model.problem import Problem
from bot.publish.funnel import Writer
from bot.publish.lifecycle import apply_moves
from bot.read import assignments as store
from bot.read import users as src
from bot.read.mentor_list import read_mentor_list
from bot.read.titles import title_of
from bot.render.i18n import Messages


class StandaloneBackend:
    name = "standalone"

    def __init__(
        self, gw: Gateway, writer: Writer, s: Settings, list_title: str, list_page: CurrentPage | None
    ) -> None:
        self.gw = gw  # for the readers
        self.writer = writer
        self.s = s
        self.list_title = list_title
        self.list_page = list_page  # as the control read found it
        self.bot_user = str(gw.site.username())

    def mentors(self) -> ParsedList:
        return read_mentor_list(self.gw, self.s, self.list_title, self.list_page)

    def assignments(self, mentors: Iterable[str] = ()) -> tuple[dict[str, Assignments], list[Problem]]:
        """Every assignments page in one listing; pages of mentors no longer listed are kept, so
        the lifecycle and the questions code still see former mentees."""
        return store.read_all(self.gw, self.bot_user, self.s.assignments_prefix)

    def mentees_of(self, mentor: str) -> frozenset[int]:
        stored, _ = self.assignments()
        page = stored.get(mentor)
        return frozenset(page.mentees) if page else frozenset()

    def assignments_title(self, mentor: str) -> str:
        """MENTOR's assignments page, as the wiki writes the title (no request)."""
        return title_of(self.gw.site, assignments_title(self.bot_user, self.s.assignments_prefix, mentor))

    def claim(self, mentee: str, mentor: str, reason: str) -> str | None:
        """One claim outside the lifecycle's journal, with the same crash-safe add-then-remove."""
        user = src.fetch_users(self.gw, names=[mentee]).get(mentee)
        if user is None:
            return f"{mentee} is not an account on this wiki"
        stored, _ = self.assignments()
        holder = next((m for m, a in stored.items() if user.user_id in a.mentees), None)
        broken = [stored[m] for m in (mentor, holder) if m in stored and stored[m].unreadable]
        if broken:
            return "; ".join(f"{page.title}: {page.unreadable}" for page in broken)
        if holder == mentor:
            return None
        move = Move(user.user_id, user.name, mentor, holder, REASON_CLAIM, 0, by=mentor)
        apply_moves(
            self.writer,
            [move],
            dict(stored),
            title_for=self.assignments_title,
            day=day_number(date.today()),
            summary_prefix=f"{self.s.summary_prefix}: {reason}" if reason else self.s.summary_prefix,
            messages=Messages.load(self.s.language or self.gw.site.lang),
        )
        return None

    def set_status(
        self,
        mentor: str,
        *,
        away_until: datetime | None,
        message: str | None = None,
        weight: int | None = None,
    ) -> bool:
        """Nothing to send: on a standalone wiki the mentor's settings page is itself the record
        of away, message and weight, and the bot reads it on every run."""
        return False

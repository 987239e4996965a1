"""The standalone backend: what the bot did before there were backends, behind the interface.

The mentor list is the page admins edit (any of DESIGN §4.1's formats); assignments are the
bot's own ``User:<Bot>/Assignments/<Mentor>.json`` pages; the lifecycle is ``bot.lifecycle.standalone``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

import pywikibot

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.lifecycle.journal import REASON_CLAIM, Move
from bot.model.assignment import Assignments, assignments_title, day_number
from bot.model.mentor import ParsedList
from bot.model.page import CurrentPage
from bot.model.problem import Problem
from bot.parse.mentor_list import parse_mentor_list
from bot.publish.moves import apply_moves
from bot.read import assignments as store
from bot.read import users as src

if TYPE_CHECKING:
    from bot.lifecycle.standalone import Lifecycle
    from bot.render.i18n import Messages


class StandaloneBackend:
    name = "standalone"

    def __init__(
        self,
        gw: Gateway,
        s: Settings,
        list_title: str,
        list_page: CurrentPage | None,
        known: Mapping[str, CurrentPage] | None = None,
    ) -> None:
        self.gw = gw
        self.s = s
        self.list_title = list_title
        self.list_page = list_page
        # Pages the lifecycle need not read again: what the control read holds, the list included.
        self.known = dict(known or {})
        if list_page is not None:
            self.known[list_title] = list_page
        self.bot_user = str(gw.site.username())

    def mentors(self) -> ParsedList:
        page = self.list_page
        if page is None or page.text is None:
            missing = Problem(self.list_title, "the mentor list page does not exist")
            return ParsedList((), (missing,))
        ns = self.gw.site.namespaces[2]
        return parse_mentor_list(
            page.text,
            page=self.list_title,
            user_namespaces={ns.custom_name, ns.canonical_name, *ns.aliases},
            template_names=self.s.mentor_list_templates,
            content_model=page.model,
            default_weight=self.s.default_weight,
        )

    def assignments(self, mentors: Iterable[str] = ()) -> tuple[dict[str, Assignments], list[str]]:
        """Every assignments page in one listing; pages of mentors no longer listed are kept, so
        the lifecycle and the questions code still see former mentees."""
        return store.read_all(self.gw, self.bot_user, self.s.assignments_prefix)

    def mentees_of(self, mentor: str) -> frozenset[int]:
        stored, _ = self.assignments()
        page = stored.get(mentor)
        return frozenset(page.mentees) if page else frozenset()

    def claim(self, mentee: str, mentor: str, reason: str) -> str | None:
        """One claim outside the lifecycle's journal, with the same crash-safe add-then-remove."""
        user = src.fetch_users(self.gw, names=[mentee]).get(mentee)
        if user is None:
            return f"{mentee} is not an account on this wiki"
        stored, problems = self.assignments()
        if problems:
            return "; ".join(problems)
        holder = next((m for m, a in stored.items() if user.user_id in a.mentees), None)
        if holder == mentor:
            return None
        move = Move(user.user_id, user.name, mentor, holder, REASON_CLAIM, 0, by=mentor)
        apply_moves(
            self.gw,
            [move],
            dict(stored),
            title_for=self._title,
            day=day_number(date.today()),
            summary_prefix=f"{self.s.summary_prefix}: {reason}" if reason else self.s.summary_prefix,
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

    def lifecycle(
        self, messages: Messages, now: datetime, *, write: bool, show: Callable[[str], None]
    ) -> Lifecycle:
        from bot.lifecycle.standalone import Lifecycle

        return Lifecycle(self.gw, self.s, messages, now, write=write, show=show, known=self.known)

    def _title(self, mentor: str) -> str:
        title = assignments_title(self.bot_user, self.s.assignments_prefix, mentor)
        return str(pywikibot.Page(self.gw.site, title).title())

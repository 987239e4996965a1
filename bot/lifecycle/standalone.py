"""The mentor lifecycle in one pass: read → decide → write, before the dashboards are built.

This is the only module that knows the order of the lifecycle's stages (``bot/run.py`` calls it
first, so the dashboards it then builds show the assignments just made):

* read: the mentor list, every mentor's settings page and account, the state page, the
  assignment pages, the ``newusers`` log since the last processed id, opt-outs;
* finish any journal an interrupted run left on the state page;
* decide (``bot.lifecycle.plan``): claims, reassignment of departing mentors' mentees, new
  accounts, with a seeded RNG when ``Settings.assignment_seed`` is set;
* write (``bot.publish.moves``): journal, assignments, notices, journal cleared.

Writes happen only on a full, real run. With ``--mentor`` (``write=False``) or ``--dry-run``
the decision is still made and shown, but nothing is saved: moving mentees on a partial view of
the list would be wrong, and a dry run must change nothing.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import pywikibot

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.lifecycle import inactive
from bot.lifecycle import plan as decide
from bot.lifecycle.journal import ClaimRecord, Move, State, StateError, decode, encode
from bot.lifecycle.notices import Notice, notice_for
from bot.lifecycle.status import MentorStatus, mentor_status
from bot.model.assignment import Assignments, assignments_title, day_number
from bot.model.mentor import ParsedList
from bot.model.page import CurrentPage
from bot.model.problem import Problem
from bot.parse.mentor_list import parse_mentor_list
from bot.parse.mentor_settings import read_settings
from bot.publish.moves import ApplyReport, apply_moves, read_assignments, save_state
from bot.read import assignments as store
from bot.read import users as src
from bot.read.engagement import fetch_last_edits
from bot.read.mentor_settings import fetch_admins, fetch_settings_revisions
from bot.read.newusers import fetch_new_accounts, read_window_start
from bot.read.pages import read_current
from bot.render.i18n import Messages

log = logging.getLogger(__name__)


@dataclass
class LifecycleResult:
    """What the dashboards and the index page need to know about each mentor after this pass."""

    mentors: dict[str, MentorStatus] = field(default_factory=dict)  # the whole list
    claims: dict[str, ClaimRecord] = field(default_factory=dict)
    departed: dict[str, str] = field(default_factory=dict)  # mentor -> quit | removed
    moves: tuple[Move, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    report: ApplyReport = field(default_factory=ApplyReport)
    # What the read stage may reuse instead of reading again (None: read it afresh).
    stored: dict[str, Assignments] | None = None
    optouts: frozenset[str] | None = None


def _title(site: pywikibot.site.APISite, title: str) -> str:
    return str(pywikibot.Page(site, title).title())


def state_page_title(site: pywikibot.site.APISite, s: Settings) -> str:
    """The bot's lifecycle state page (log position, claims, journal)."""
    return _title(site, f"User:{site.username()}/{s.lifecycle_state_page}")


class Lifecycle:
    def __init__(
        self,
        gw: Gateway,
        settings: Settings,
        messages: Messages,
        now: datetime,
        *,
        write: bool = True,
        show: Callable[[str], None] = print,
        known: Mapping[str, CurrentPage] | None = None,
    ) -> None:
        self.gw = gw
        # Pages the run's control read already holds (the mentor list, the state page): by title,
        # so a settings change that moves one of them means reading it afresh.
        self.known = dict(known or {})
        self.site = gw.site
        self.s = settings
        self.messages = messages
        self.now = now
        self.write = write
        self.show = show
        self.bot_user = str(self.site.username())
        self.rng = random.Random(settings.assignment_seed)

    def settings_title(self, mentor: str) -> str:
        return _title(self.site, f"User:{mentor}/{self.s.mentor_settings_subpage}")

    def assignments_title(self, mentor: str) -> str:
        return _title(self.site, assignments_title(self.bot_user, self.s.assignments_prefix, mentor))

    @property
    def state_title(self) -> str:
        return state_page_title(self.site, self.s)

    # --- read -------------------------------------------------------------------------------

    def read_list(self) -> tuple[ParsedList, bool]:
        """The mentor list and whether it can be trusted to say who was removed."""
        list_title = _title(self.site, self.s.mentor_list)
        page = self.current(list_title)
        if page is None or page.text is None:
            return ParsedList((), ()), False
        ns = self.site.namespaces[2]
        parsed = parse_mentor_list(
            page.text,
            page=list_title,
            user_namespaces={ns.custom_name, ns.canonical_name, *ns.aliases},
            template_names=self.s.mentor_list_templates,
            content_model=page.model,
            default_weight=self.s.default_weight,
        )
        return parsed, not parsed.problems

    def read_mentors(self, parsed: ParsedList) -> dict[str, MentorStatus]:
        names = [m.username for m in parsed.mentors]
        revisions = fetch_settings_revisions(self.gw, {n: self.settings_title(n) for n in names})
        editors = {r.user for m, revs in revisions.items() for r in revs if r.user != m}
        admins = fetch_admins(self.gw, editors, self.s.settings_trusted_groups) if editors else set()
        accounts = src.fetch_users(self.gw, names=names)
        days = inactive.lookback_days(self.s)
        window = inactive.cutoff(self.now, days)
        last_edits = fetch_last_edits(self.gw, list(accounts), since=window) if days else {}
        out: dict[str, MentorStatus] = {}
        for entry in parsed.mentors:
            read = read_settings(entry.username, revisions.get(entry.username, ()), admins)
            user = accounts.get(entry.username)
            status = mentor_status(entry, read, user, self.now, self.s)
            if days and user is not None:
                # No edit inside the window read: quiet since before it, unless they registered later.
                seen = last_edits.get(user.name) or max(
                    t for t in (user.registration, window - timedelta(seconds=1)) if t
                )
                status = inactive.apply_inactivity(status, seen, self.now, self.s)
            out[entry.username] = status
        return out

    def current(self, title: str) -> CurrentPage | None:
        if title in self.known:
            return self.known[title]
        return read_current(self.gw, [title]).get(title)

    def read_state(self) -> tuple[State, int | None]:
        page = self.current(self.state_title)
        if page is None or page.text is None:
            return State(), None
        return decode(page.text), page.revid

    # --- the pass ---------------------------------------------------------------------------

    def run(self) -> LifecycleResult:
        result = LifecycleResult()
        parsed, clean = self.read_list()
        mentors = self.read_mentors(parsed)
        result.mentors = mentors
        result.problems.extend(inactive.inactivity_problems(mentors, self.s))
        try:
            state, state_rev = self.read_state()
        except StateError as e:
            result.problems.append(Problem(self.state_title, str(e)))
            return result
        result.claims = dict(state.claims)
        if state.pending and self.write:
            log.info("finishing %d moves an interrupted run left (batch %d)", len(state.pending), state.batch)
            self.carry_out(state.pending, mentors, result.report)
            state = replace(state, pending=())
            state_rev = save_state(
                self.gw,
                self.state_title,
                state,
                state_rev,
                f"{self.s.summary_prefix}: finished batch {state.batch}",
            )

        stored, problems = store.read_all(self.gw, self.bot_user, self.s.assignments_prefix)
        result.problems.extend(Problem("assignments", p) for p in problems)
        listed = set(mentors)
        departing = {m for m, st in mentors.items() if st.quit} | {m for m in stored if m not in listed}
        since = read_window_start(
            state.last_log_time,
            self.now,
            timedelta(days=self.s.assignment_lookback_days),
            timedelta(hours=self.s.newusers_overlap_hours),
        )
        new_accounts = fetch_new_accounts(self.gw, after_logid=state.last_logid, since=since)
        ids = {a.user_id for a in new_accounts} | set(state.waiting)
        ids |= {uid for m in departing if m in stored for uid in stored[m].mentees}
        accounts = {u.user_id: u for u in src.fetch_users(self.gw, ids=ids).values()} if ids else {}
        claimed = {n for st in mentors.values() for n in st.settings.settings.claim}
        targets = src.fetch_users(self.gw, names=claimed) if claimed else {}
        optouts = frozenset(src.fetch_optouts(self.gw, _title(self.site, self.s.optout_template)))
        result.optouts = optouts

        decided = decide.plan(
            decide.PlanInput(
                now=self.now,
                mentors=tuple(mentors.values()),
                list_clean=clean,
                stored={m: frozenset(a.mentees) for m, a in stored.items()},
                accounts=accounts,
                claim_targets=targets,
                optouts=optouts,
                new_accounts=tuple(new_accounts),
                state=state,
            ),
            self.s,
            self.rng,
        )
        result.problems.extend(decided.problems)
        result.departed = decided.departed
        result.moves = decided.moves
        result.claims = dict(decided.state.claims)
        for move in decided.moves:
            log.info("move: %s (%d) %s -> %s (%s)", move.name, move.user_id, move.frm, move.to, move.reason)
        result.stored = None if decided.moves and self.write else stored  # what the read stage can reuse
        if not self.write:
            for move in decided.moves:
                self.show(
                    f"would move {move.name}: {move.frm or '(new)'} → {move.to or '(none)'} ({move.reason})"
                )
            return result

        if encode(decided.state) != encode(state):
            batch = decided.state.batch
            summary = (
                f"{self.s.summary_prefix}: journal of {len(decided.moves)} mentee moves (batch {batch})"
                if decided.moves
                else f"{self.s.summary_prefix}: new-account log read, claims recorded"
            )
            state_rev = save_state(self.gw, self.state_title, decided.state, state_rev, summary)
        batch = decided.state.batch
        if decided.moves:
            self.carry_out(decided.moves, mentors, result.report, dict(stored))
            save_state(
                self.gw,
                self.state_title,
                replace(decided.state, pending=()),
                state_rev,
                f"{self.s.summary_prefix}: {len(decided.moves)} mentee moves done (batch {batch})",
            )
        return result

    def carry_out(
        self,
        moves: tuple[Move, ...],
        mentors: dict[str, MentorStatus],
        report: ApplyReport,
        pages: dict[str, Assignments] | None = None,
    ) -> None:
        if pages is None:
            pages = {}
            for mentor in {m for mv in moves for m in (mv.to, mv.frm) if m}:
                pages[mentor] = read_assignments(self.gw, mentor, self.assignments_title(mentor))
        talk = self.site.namespaces[3].custom_name
        notices: list[Notice] = []
        for mv in moves:
            if mv.notice and mv.to:
                intro = mentors[mv.to].message if mv.to in mentors else ""
                notices.append(
                    notice_for(mv, intro, f"{talk}:{mv.name}", self.messages, self.s.summary_prefix)
                )
        day = day_number(self.now.date())
        result = apply_moves(
            self.gw,
            moves,
            pages,
            title_for=self.assignments_title,
            day=day,
            summary_prefix=self.s.summary_prefix,
            notices=notices,
        )
        report.edits += result.edits
        report.notices_posted += result.notices_posted
        report.notices_skipped += result.notices_skipped

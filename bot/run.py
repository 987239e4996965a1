"""One pass over the wiki: read → build → render → publish, for all mentors or the ones named.

This is the only module that knows the order of the stages. It keeps the reads batched across
mentors (one users query for everyone's mentees, one contributions stream, one block-log pass)
so the cost follows the size of the wiki's activity, not the number of mentees times figures.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pywikibot
from pywikibot.exceptions import APIError

from bot.build.digest import build_digest
from bot.build.overview import overview_rows, paginate
from bot.build.questions import Question, UnansweredItem
from bot.build.status import StatusView, heartbeat_due
from bot.build.talk import (
    IndexPage,
    IndexRow,
    MentorTalkView,
    PageRef,
    UnansweredPage,
    faq_to_create,
    index_row,
    mentor_talk_view,
    overdue_items,
    questions_of,
    with_question_counts,
)
from bot.build.tools import DepartedPage, mentor_tools
from bot.build.view import Dashboard, MenteesPage
from bot.core.clock import day_start, utcnow
from bot.core.settings import Settings
from bot.decide.refresh import Watch, affected
from bot.gateway import Gateway
from bot.lifecycle.backend import Backend, make_backend
from bot.lifecycle.standalone import LifecycleResult, state_page_title
from bot.model.assignment import Assignments
from bot.model.change import Cursor
from bot.model.mentee import MenteeFacts
from bot.model.mentor import MentorEntry
from bot.model.page import CurrentPage, Outcome
from bot.model.problem import Problem
from bot.model.talk import TalkData
from bot.model.user import Activity
from bot.ops.memory import State, decode_row, encode_row
from bot.ops.progress import progress
from bot.parse.talk_threads import SignatureRules
from bot.publish.pages import check_shutoff, check_writable, create_once, publish
from bot.read import users as src
from bot.read.changes import latest_cursor, read_changes
from bot.read.pages import read_current
from bot.read.praise import EngagementData, praise_view, read_praise, with_inactivity
from bot.read.revcache import RevisionCache
from bot.read.site_settings import SettingsError, parse_settings, read_settings
from bot.read.talk import read_talk
from bot.render.i18n import Messages
from bot.render.pages import (
    render_dashboard,
    render_departed,
    render_index,
    render_mentees_page,
    render_status,
    render_unanswered_page,
    strip_updated_line,
)

log = logging.getLogger(__name__)

# Refusals that concern one page's content or title, not the bot or the wiki as a whole.
PAGE_REFUSALS = frozenset(
    {
        "contenttoobig",
        "spamblacklist",
        "abusefilter-disallowed",
        "abusefilter-warning",
        "titleblacklist-forbidden",
        "cascadeprotected",
        "protectedpage",
    }
)
CHANGE_OVERLAP = timedelta(minutes=10)  # look back past the last start; ids drop what was seen
STALE_SUBPAGES_CHECKED = 3  # overflow pages past the last needed one that are looked for and retired


@dataclass
class RunReport:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action in ("created", "updated")]

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action == "refused"]


@dataclass(frozen=True)
class WikiData:
    """What the read stage hands to the build stage."""

    mentors: tuple[MentorEntry, ...]
    mentees_of: dict[str, tuple[MenteeFacts, ...]]
    talk: TalkData = field(default_factory=TalkData)
    mentee_ids: frozenset[int] = frozenset()  # every id in the store: current and former mentees
    engagement: EngagementData = field(default_factory=EngagementData)  # M7 (bot/read/praise.py)


def title_of(site: pywikibot.site.APISite, title: str) -> str:
    """A title as the wiki writes it (localised namespace, first letter case), without a request."""
    return str(pywikibot.Page(site, title).title())


class Pass:
    """A single idempotent run. ``phase`` timings and request counts end up in the report."""

    def __init__(
        self,
        gw: Gateway,
        settings: Settings,
        *,
        now: datetime | None = None,
        only: Iterable[str] = (),
        dry_run: bool = False,
        show: Callable[[str], None] = print,
        settings_page: str = "Project:Mentorship/Settings.json",
        state_dir: Path | None = None,
        state: State | None = None,
        full: bool = True,
    ) -> None:
        self.gw = gw
        self.site = gw.site
        self.s = settings
        self.now = now or utcnow()
        self.only = {n.replace("_", " ") for n in only}
        self.dry_run = dry_run
        self.show = show
        self.report = RunReport()
        self.bot_user = str(self.site.username())
        self.settings_page = settings_page
        self.state_dir = state_dir  # None: caches live in memory for this run only
        self.state = state  # None: no memory of earlier runs, so every run is a full refresh
        self.full = full
        self.subset: set[str] | None = None  # mentors an incremental run refreshes; None: all
        self.listed: tuple[MentorEntry, ...] = ()
        self.started_at = utcnow()  # wall clock, for the change cursor (self.now may be simulated)
        self.cursor: Cursor | None = None
        self.status_title = title_of(self.site, f"User:{self.bot_user}/Status")
        self.current_status = CurrentPage(self.status_title, None, None)
        self.fresh_rows: dict[str, dict[str, Any]] = {}
        self.built: dict[str, tuple[str, str]] = {}  # title -> (text, summary) of this pass's pages
        self.faq_creations: dict[str, tuple[str, str]] = {}  # title -> (text, summary), created once
        self.lifecycle = LifecycleResult()
        self.backend: Backend | None = None  # chosen after the settings are read (bot.lifecycle.backend)
        self.control: dict[str, CurrentPage] = {}  # pages the control read holds, by title
        self.extensions: frozenset[str] | None = None  # from siteinfo, asked before logging in

    @contextmanager
    def _timed(self, name: str) -> Iterator[None]:
        """Count the phase's requests and time it; non-interactive runs log one line per phase."""
        t0 = time.monotonic()
        with self.gw.phase(name):
            yield
        elapsed = time.monotonic() - t0
        self.report.timings[name] = elapsed
        c = self.gw.counts.by_phase.get(name, Counter())
        log.info("phase %s: %.2fs, %d read / %d write requests", name, elapsed, c["read"], c["write"])

    # --- read ---------------------------------------------------------------------------

    def control_titles(self) -> tuple[str, str, str, str]:
        """Shutoff page, settings page and mentor list: the pages people edit to steer the bot.

        The lifecycle's state page rides along: the lifecycle reads it next, and one batched
        request costs the same for four titles as for three.
        """
        return (
            title_of(self.site, f"User:{self.bot_user}/Shutoff"),
            title_of(self.site, self.settings_page),
            title_of(self.site, self.s.mentor_list),
            state_page_title(self.site, self.s),
        )

    def read_control(self) -> tuple[str, CurrentPage | None]:
        """Check the shutoff page and apply the on-wiki settings: everything after depends on them."""
        gw = self.gw
        shutoff, settings_title, list_title, state_title = self.control_titles()
        control = read_current(gw, [shutoff, settings_title, list_title, state_title])
        self.control = control
        check_shutoff(control.get(shutoff))
        saved = control.get(settings_title)
        if saved is not None and saved.text is not None:
            try:
                self.s = parse_settings(saved.text, self.s)
            except SettingsError:  # fall back to the newest valid revision, and say why
                self.s, problems = read_settings(gw, settings_title, self.s)
                self.report.problems.extend(problems)
        s = self.s
        if title_of(self.site, s.mentor_list) != list_title:  # the settings moved the list
            list_title = title_of(self.site, s.mentor_list)
            control.update(read_current(gw, [list_title]))
        return list_title, control.get(list_title)

    def read(self, list_title: str, page: CurrentPage | None) -> WikiData:
        gw, s = self.gw, self.s
        backend = self.backend or make_backend(gw, s, list_title, page)
        parsed = backend.mentors()
        self.report.problems.extend(parsed.problems)
        if self.lifecycle.stored is not None:  # the lifecycle read them and changed nothing
            stored = self.lifecycle.stored
        else:
            stored, store_problems = backend.assignments(m.username for m in parsed.mentors)
            self.report.problems.extend(Problem("assignments", p) for p in store_problems)
        self.listed = parsed.mentors
        with self._timed("changes"):
            self.subset = self.plan_refresh(parsed.mentors, stored, list_title)
        mentors = tuple(m for m in parsed.mentors if self.selected(m.username))
        all_ids = frozenset(i for a in stored.values() for i in a.mentees)
        if not mentors:  # nothing to refresh: the shared pages come from the run memory's rows
            return WikiData((), {}, TalkData(), all_ids, EngagementData())
        ids = {i for m in mentors for i in stored.get(m.username, Assignments(m.username, "")).mentees}
        accounts = {u.user_id: u for u in src.fetch_users(gw, ids=ids).values()}
        names = [u.name for u in accounts.values()]

        # Windows start at midnight UTC, so the clock alone changes a page at most once a day.
        today = day_start(self.now)
        recent = today - timedelta(days=s.recent_days)
        window = today - timedelta(days=s.active_edit_days)
        editors = [u.name for u in accounts.values() if u.editcount > 0]
        activity = src.fetch_activity(gw, editors, since=window, recent=recent)
        reverted = src.fetch_reverted(gw, editors)
        blocks = src.fetch_blocks(gw, since=window)
        talk_ns = self.site.namespaces[3].custom_name
        warned_at = src.fetch_warned_times(gw, names, s.warning_prefixes, talk_ns)
        warned = set(warned_at)
        optouts = self.lifecycle.optouts
        if optouts is None:
            optouts = frozenset(src.fetch_optouts(gw, title_of(self.site, s.optout_template)))

        mentees_of: dict[str, tuple[MenteeFacts, ...]] = {}
        for m in mentors:
            facts = []
            held = stored.get(m.username, Assignments(m.username, "")).mentees
            for uid in held:
                user = accounts.get(uid)
                if user is None:
                    continue
                facts.append(
                    MenteeFacts(
                        user=user,
                        activity=activity.get(user.name, Activity()),
                        reverted=tuple(reverted.get(user.name, ())),
                        blocks=tuple(blocks.get(user.name, ())),
                        warned=user.name in warned,
                        opted_out=user.name in optouts,
                        assigned=date(held[uid] // 10000, held[uid] // 100 % 100, held[uid] % 100),
                        warned_at=warned_at.get(user.name),
                    )
                )
            mentees_of[m.username] = tuple(facts)
        talk = self.read_talk(mentors)
        overrides = {n: st.settings.settings.praise for n, st in self.lifecycle.mentors.items()}
        engagement = read_praise(gw, mentees_of, overrides, s, self.now)
        return WikiData(mentors, mentees_of, talk, all_ids, engagement)

    def praise_title(self, mentor: str) -> str:
        return title_of(self.site, f"User:{mentor}/{self.s.dashboard_subpage}/{self.s.praise_subpage}")

    def faq_title(self, mentor: str) -> str:
        return title_of(self.site, f"User:{mentor}/{self.s.dashboard_subpage}/{self.s.faq_subpage}")

    def read_talk(self, mentors: Iterable[MentorEntry]) -> TalkData:
        """Talk pages, archives, thanks and M3/M6 pages: batched, see bot/read/talk.py."""
        names = [m.username for m in mentors]
        cache = RevisionCache(
            None if self.dry_run or self.state_dir is None else self.state_dir / "talk-revisions.sqlite3"
        )
        try:
            return read_talk(
                self.gw,
                names,
                archive_prefix=self.s.archive_prefix,
                question_tags=self.s.question_tags,
                rules=SignatureRules.from_site(self.site, self.s.unsigned_templates),
                cache=cache,
                faq_titles=[self.faq_title(n) for n in names],
                resources_title=title_of(self.site, self.s.resources_page),
                community_faq_title=title_of(self.site, self.s.community_faq),
                also_check=[self.praise_title(n) for n in names] if self.s.praise_enabled else (),
            )
        finally:
            cache.close()

    # --- build and render ---------------------------------------------------------------

    def selected(self, mentor: str) -> bool:
        return (not self.only or mentor in self.only) and (self.subset is None or mentor in self.subset)

    def plan_refresh(
        self, listed: tuple[MentorEntry, ...], stored: dict[str, Assignments], list_title: str
    ) -> set[str] | None:
        """The mentors whose pages may have changed since the last run; None means a full refresh.

        Full when asked (--full), on the first run of each UTC day (ages and "last 30 days" move
        with the clock), and whenever there is no memory of a previous run.
        """
        if self.state is None or self.only:
            return None
        last_run, last_full = self.state.get("last_run"), self.state.get("last_full_day")
        cursor = self.state.get("cursor")
        same_wiki = self.state.get("wiki") == self.wiki_identity()
        today = self.started_at.date().isoformat()
        if self.full or not (last_run and cursor and same_wiki) or last_full != today:
            self.cursor = latest_cursor(self.gw)
            return None
        rcid, logid = (int(x) for x in cursor.split(":"))
        changes = read_changes(
            self.gw,
            since=datetime.fromisoformat(last_run) - CHANGE_OVERLAP,
            after=Cursor(rcid, logid),
            own=self.bot_user,
            own_inputs=title_of(self.site, f"User:{self.bot_user}/{self.s.assignments_prefix}"),
        )
        self.cursor = changes.cursor
        names = (changes.users | changes.owners) - {m.username for m in listed}
        ids_of = {u.name: u.user_id for u in src.fetch_users(self.gw, names=sorted(names)).values()}
        watches = {}
        for m in listed:
            user_page = title_of(self.site, f"User:{m.username}")
            talk = title_of(self.site, f"User talk:{m.username}")
            page = stored.get(m.username)
            watches[m.username] = Watch(
                mentee_ids=frozenset(page.mentees if page else ()),
                titles=frozenset({talk, page.title if page else ""}),
                prefixes=(f"{user_page}/", f"{talk}/"),
            )
        moved = {x for mv in self.lifecycle.moves for x in (mv.frm, mv.to) if x}
        moved |= set(self.lifecycle.departed)
        global_titles = {list_title, title_of(self.site, self.settings_page)}
        return affected(changes, watches, ids_of, global_titles, moved)

    def wiki_identity(self) -> str:
        """Which wiki the memory belongs to: a cache from another wiki (or a reinstalled one on
        another address) must never steer an incremental run."""
        # The address comes from the family file, not siteinfo: pywikibot caches siteinfo on disk,
        # so a wiki reinstalled on another port would still report the old server.
        return f"{self.site.siteinfo['wikiid']} {self.site.base_url('')}"

    def remember(self, rows: dict[str, dict[str, Any]]) -> None:
        """After a successful run: where the next one reads changes from, and the shared-page rows."""
        if self.state is None or self.dry_run or self.only:
            return
        with self.state.transaction():
            self.state.set_summaries(rows, replace_all=self.subset is None)
            self.state.set("last_run", self.started_at.isoformat())
            self.state.set("wiki", self.wiki_identity())
            if self.cursor is not None:
                self.state.set("cursor", f"{self.cursor.rcid}:{self.cursor.logid}")
            if self.report.refused:  # the next run is a full refresh, so it tries those pages again
                self.state.set("last_full_day", "")
            elif self.subset is None:
                self.state.set("last_full_day", self.started_at.date().isoformat())

    def dashboard_title(self, mentor: str) -> str:
        return title_of(self.site, f"User:{mentor}/{self.s.dashboard_subpage}")

    def build(self, data: WikiData, messages: Messages) -> dict[str, tuple[str, str]]:
        """Title → (wikitext, edit summary) for every page this pass owns."""
        out: dict[str, tuple[str, str]] = {}
        life = self.lifecycle
        for name, reason in sorted(life.departed.items()):
            if not self.only or name in self.only:
                title = self.dashboard_title(name)
                faq = title_of(self.site, f"User:{name}/{self.s.dashboard_subpage}/FAQ")
                text = render_departed(DepartedPage(name, title, reason, faq), messages)
                out[title] = (text, f"{self.s.summary_prefix}: {name} is not mentoring any more")
        index: list[IndexRow] = []
        open_items: list[UnansweredItem] = []
        for m in data.mentors:
            if m.username in life.departed:
                if m.username in life.mentors and life.mentors[m.username].inactive:
                    # Reassigned for inactivity but still listed: the index keeps saying so.
                    title = self.dashboard_title(m.username)
                    row = index_row(m.username, title, None, 0, (), self.now.date())
                    index.append(with_inactivity(row, life.mentors[m.username]))
                continue
            title = self.dashboard_title(m.username)
            status = life.mentors.get(m.username)
            tools = None
            if status is not None:
                settings_title = title_of(self.site, f"User:{m.username}/{self.s.mentor_settings_subpage}")
                tools = mentor_tools(status, life.claims.get(m.username), settings_title, self.now)
            starred = status.settings.settings.starred if status else ()
            questions = questions_of(
                data.talk.pages.get(m.username, ()), data.mentee_ids, data.talk.askers, self.s
            )
            facts = with_question_counts(data.mentees_of.get(m.username, ()), questions)
            rows = overview_rows(facts, starred, self.now, self.s)
            talk = self.talk_view(m.username, facts, len(rows), questions, data.talk)
            open_items.extend(talk.unanswered)
            index.append(
                with_inactivity(
                    index_row(m.username, title, m.away_until, len(rows), talk.unanswered, self.now.date()),
                    status,
                )
            )
            main, subpages = paginate(rows, title, self.s)
            flagged = sum(1 for r in rows if r.flags)
            view = Dashboard(
                mentor=m.username,
                title=title,
                updated=self.now,
                rows=tuple(main),
                total_mentees=len(rows),
                more_pages=tuple(link for link, _ in subpages),
                starred_count=sum(1 for r in rows if r.starred),
                talk=talk,
                problems=tools.problems if tools else (),
                tools=tools,
                digest=build_digest(
                    facts,
                    questions=questions,
                    now=self.now,
                    window_start=day_start(self.now) - timedelta(days=self.s.active_edit_days),
                    max_edits=self.s.digest_edits,
                ),
                praise=praise_view(
                    data.engagement.praise.get(m.username), self.praise_title(m.username), data.talk.existing
                ),
            )
            summary = f"{self.s.summary_prefix}: {len(rows)} active mentees, {flagged} needing attention"
            out[title] = (render_dashboard(view, messages, self.s.max_page_bytes), summary)
            for link, chunk in subpages:
                page = MenteesPage(
                    mentor=m.username,
                    title=link.title,
                    dashboard_title=title,
                    rows=tuple(chunk),
                    first=link.first,
                    total=len(rows),
                    updated=self.now,
                )
                out[link.title] = (
                    render_mentees_page(page, messages),
                    f"{summary} (rows {link.first}–{link.last})",
                )
        fresh: dict[str, dict[str, Any]] = {r.mentor: {"index": encode_row(r), "open": []} for r in index}
        for item in open_items:
            fresh[item.mentor]["open"].append(encode_row(item))
        self.fresh_rows = fresh
        if self.subset is not None and self.state is not None:  # incremental: the rest from the cache
            cached = self.state.summaries()
            listed = {m.username for m in self.listed} - set(self.lifecycle.departed)
            for mentor in sorted(listed - set(fresh)):
                if mentor in cached:
                    index.append(decode_row(IndexRow, cached[mentor]["index"]))
                    open_items.extend(decode_row(UnansweredItem, i) for i in cached[mentor]["open"])
        if not self.only:  # the shared pages list every mentor, so a partial run leaves them alone
            out.update(self.shared_pages(index, open_items, messages))
        return out

    def talk_view(
        self,
        mentor: str,
        facts: tuple[MenteeFacts, ...],
        active: int,
        questions: list[Question],
        talk: TalkData,
    ) -> MentorTalkView:
        """M3–M6 for one mentor; notes the FAQ page to create when it is missing."""
        faq = self.faq_title(mentor)
        community = title_of(self.site, self.s.community_faq)
        resources = title_of(self.site, self.s.resources_page)
        text = faq_to_create(faq, talk.existing, talk.community_faq)
        if text is not None:
            self.faq_creations[faq] = (
                text,
                f"{self.s.summary_prefix}: your FAQ replies, copied from [[{community}]]",
            )
        return mentor_talk_view(
            facts=facts,
            active=active,
            questions=questions,
            thanks=talk.thanks.get(mentor, ()),
            today=self.now.date(),
            faq=PageRef(faq, faq in talk.existing or text is not None),
            community_faq=PageRef(community, community in talk.existing),
            resources=PageRef(resources, resources in talk.existing),
            s=self.s,
        )

    def shared_pages(
        self, index: list[IndexRow], open_items: list[UnansweredItem], messages: Messages
    ) -> dict[str, tuple[str, str]]:
        """The index of all dashboards and the cross-mentor list of old open questions."""
        index_title = title_of(self.site, self.s.index_page)
        unanswered_title = title_of(self.site, self.s.unanswered_page)
        overdue = overdue_items(open_items)
        rows = tuple(sorted(index, key=lambda r: r.mentor))
        waiting = sum(r.unanswered for r in rows)
        return {
            index_title: (
                render_index(IndexPage(index_title, rows, self.now), messages),
                f"{self.s.summary_prefix}: {len(rows)} mentors, {waiting} unanswered questions",
            ),
            unanswered_title: (
                render_unanswered_page(
                    UnansweredPage(
                        unanswered_title, overdue, self.s.overdue_days, self.now, self.s.unanswered_page_rows
                    ),
                    messages,
                    self.s.max_page_bytes,
                ),
                f"{self.s.summary_prefix}: {len(overdue)} questions unanswered for more than "
                f"{self.s.overdue_days} days",
            ),
        }

    def create_faqs(self) -> None:
        """Create missing FAQ pages from the community bank; an existing page is never touched."""
        for title, (text, summary) in self.faq_creations.items():
            self.report.outcomes.append(create_once(self.gw, title, text, summary, dry_run=self.dry_run))

    # --- publish ------------------------------------------------------------------------

    def publish_all(self, pages: dict[str, tuple[str, str]]) -> None:
        shutoff = title_of(self.site, f"User:{self.bot_user}/Shutoff")
        current = read_current(self.gw, [shutoff, self.status_title, *pages])
        if not self.dry_run:
            check_shutoff(current.get(shutoff))
        self.create_faqs()  # first, so the dashboards that transclude them are parsed with them
        for title, (text, summary) in progress(pages.items(), len(pages), "publish"):
            self._publish(current.get(title) or CurrentPage(title, None, None), text, summary, self.s.protect)
        self.current_status = current.get(self.status_title) or CurrentPage(self.status_title, None, None)

    def _publish(
        self, page: CurrentPage, text: str, summary: str, protect: bool, force: bool = False
    ) -> Outcome:
        try:
            outcome = publish(
                self.gw,
                page,
                text,
                summary,
                same=(lambda a, b: False)
                if force
                else (lambda a, b: strip_updated_line(a) == strip_updated_line(b)),
                dry_run=self.dry_run,
                protect=protect,
            )
        except APIError as e:
            if e.code not in PAGE_REFUSALS:
                raise
            # The wiki refused this one page (too big, a blacklisted link, an edit filter): the
            # others are still saved, and the status page and the exit code say what happened.
            log.error("%s was not saved: %s: %s", page.title, e.code, e.info)
            self.report.problems.append(Problem(page.title, f"the wiki refused the save: {e.code}: {e.info}"))
            outcome = Outcome(page.title, "refused")
        if outcome.diff and self.dry_run:
            self.show(outcome.diff)
        self.report.outcomes.append(outcome)
        return outcome

    def publish_status(self, messages: Messages, started: float, mentors: int) -> None:
        """Save the status page when its content changed, or once a day as a heartbeat."""
        view = StatusView(
            bot=self.bot_user,
            updated=self.now,
            seconds=time.monotonic() - started,
            reads=self.gw.counts.reads,
            writes=self.gw.counts.writes,
            changed=tuple(o.title for o in self.report.changed),
            mentors=mentors,
            dry_run=self.dry_run,
            problems=tuple(self.report.problems),
        )
        text = render_status(view, messages)
        page = self.current_status
        outcome = self._publish(
            page, text, "Status of the last run", protect=False, force=heartbeat_due(page.text, self.now)
        )
        self.report.outcomes.remove(outcome)  # the status page is not a dashboard

    def run(self, messages: Messages) -> RunReport:
        started = time.monotonic()
        with self._timed("login"):
            self.extensions = check_writable(self.gw)
            self.site.login()
        with self._timed("control"):
            list_title, list_page = self.read_control()
            self.backend = make_backend(self.gw, self.s, list_title, list_page, self.extensions, self.control)
        if self.s.language and self.s.language != messages.lang:  # the settings chose a language
            messages = Messages.load(self.s.language)
        with self._timed("lifecycle"):
            write = not self.dry_run and not self.only
            runner = self.backend.lifecycle(messages, self.now, write=write, show=self.show)
            self.lifecycle = runner.run()
            self.report.problems.extend(self.lifecycle.problems)
        with self._timed("read"):
            data = self.read(list_title, list_page)
        with self._timed("build"):
            pages = self.build(data, messages)
        self.built = pages
        with self._timed("publish"):
            self.publish_all(pages)
            if not self.only:
                self.publish_status(messages, started, len(self.listed))
        self.remember(self.fresh_rows)
        return self.report

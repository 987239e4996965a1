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
from datetime import datetime, timedelta
from pathlib import Path

import pywikibot

from bot.config import Settings
from bot.dashboard.overview import MenteeFacts, overview_rows, paginate
from bot.dashboard.questions import Question, UnansweredItem
from bot.dashboard.talk_modules import (
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
from bot.dashboard.tools import DepartedPage, mentor_tools
from bot.dashboard.view import Dashboard, MenteesPage
from bot.gateway import Gateway
from bot.i18n import Messages
from bot.lifecycle import Lifecycle, LifecycleResult
from bot.problems import Problem
from bot.progress import progress
from bot.publish import Outcome, check_shutoff, check_writable, create_once, publish
from bot.render import (
    render_dashboard,
    render_departed,
    render_index,
    render_mentees_page,
    render_status,
    render_unanswered_page,
    strip_updated_line,
)
from bot.sources import assignments as store
from bot.sources import users as src
from bot.sources.mentor_list import MentorEntry, parse_mentor_list
from bot.sources.pages import CurrentPage, read_current
from bot.sources.revcache import RevisionCache
from bot.sources.site_settings import SettingsError, parse_settings, read_settings
from bot.sources.talk import TalkData, read_talk
from bot.sources.talk_threads import SignatureRules
from bot.status import StatusView, heartbeat_due
from bot.timeutil import utcnow

log = logging.getLogger(__name__)

STALE_SUBPAGES_CHECKED = 3  # overflow pages past the last needed one that are looked for and retired


@dataclass
class RunReport:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action in ("created", "updated")]


@dataclass(frozen=True)
class WikiData:
    """What the read stage hands to the build stage."""

    mentors: tuple[MentorEntry, ...]
    mentees_of: dict[str, tuple[MenteeFacts, ...]]
    talk: TalkData = field(default_factory=TalkData)
    mentee_ids: frozenset[int] = frozenset()  # every id in the store: current and former mentees


def title_of(site: pywikibot.site.APISite, title: str) -> str:
    """A title as the wiki writes it (localised namespace, first letter case), without a request."""
    return str(pywikibot.Page(site, title).title())


def user_namespace_names(site: pywikibot.site.APISite) -> set[str]:
    ns = site.namespaces[2]
    return {ns.custom_name, ns.canonical_name, *ns.aliases}


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
        self.status_title = title_of(self.site, f"User:{self.bot_user}/Status")
        self.current_status = CurrentPage(self.status_title, None, None)
        self.faq_creations: dict[str, tuple[str, str]] = {}  # title -> (text, summary), created once
        self.lifecycle = LifecycleResult()

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

    def control_titles(self) -> tuple[str, str, str]:
        """Shutoff page, settings page and mentor list: the pages people edit to steer the bot."""
        return (
            title_of(self.site, f"User:{self.bot_user}/Shutoff"),
            title_of(self.site, self.settings_page),
            title_of(self.site, self.s.mentor_list),
        )

    def read_control(self) -> tuple[str, CurrentPage | None]:
        """Check the shutoff page and apply the on-wiki settings: everything after depends on them."""
        gw = self.gw
        shutoff, settings_title, list_title = self.control_titles()
        control = read_current(gw, [shutoff, settings_title, list_title])
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
        text, model = "", "wikitext"
        if page is not None and page.text is not None:
            text, model = page.text, page.model
        else:
            self.report.problems.append(Problem(list_title, "the mentor list page does not exist"))
        parsed = parse_mentor_list(
            text,
            page=list_title,
            user_namespaces=user_namespace_names(self.site),
            template_names=s.mentor_list_templates,
            content_model=model,
            default_weight=s.default_weight,
        )
        self.report.problems.extend(parsed.problems)
        mentors = tuple(m for m in parsed.mentors if not self.only or m.username in self.only)

        stored, store_problems = store.read_all(gw, self.bot_user, s.assignments_prefix)
        self.report.problems.extend(Problem("assignments", p) for p in store_problems)
        ids = {i for m in mentors for i in stored.get(m.username, store.Assignments(m.username, "")).mentees}
        accounts = {u.user_id: u for u in src.fetch_users(gw, ids=ids).values()}
        names = [u.name for u in accounts.values()]

        recent = self.now - timedelta(days=s.recent_days)
        window = self.now - timedelta(days=s.active_edit_days)
        editors = [u.name for u in accounts.values() if u.editcount > 0]
        activity = src.fetch_activity(gw, editors, since=window, recent=recent)
        reverted = src.fetch_reverted(gw, editors)
        blocks = src.fetch_blocks(gw, since=window)
        talk_ns = self.site.namespaces[3].custom_name
        warned = src.fetch_warned(gw, names, s.warning_prefixes, talk_ns)
        optouts = src.fetch_optouts(gw, title_of(self.site, s.optout_template))

        mentees_of: dict[str, tuple[MenteeFacts, ...]] = {}
        for m in mentors:
            facts = []
            for uid in stored.get(m.username, store.Assignments(m.username, "")).mentees:
                user = accounts.get(uid)
                if user is None:
                    continue
                facts.append(
                    MenteeFacts(
                        user=user,
                        activity=activity.get(user.name, src.Activity()),
                        reverted=tuple(reverted.get(user.name, ())),
                        blocks=tuple(blocks.get(user.name, ())),
                        warned=user.name in warned,
                        opted_out=user.name in optouts,
                    )
                )
            mentees_of[m.username] = tuple(facts)
        all_ids = frozenset(i for a in stored.values() for i in a.mentees)
        return WikiData(mentors, mentees_of, self.read_talk(mentors), all_ids)

    def faq_title(self, mentor: str) -> str:
        return title_of(self.site, f"User:{mentor}/{self.s.dashboard_subpage}/{self.s.faq_subpage}")

    def read_talk(self, mentors: Iterable[MentorEntry]) -> TalkData:
        """Talk pages, archives, thanks and M3/M6 pages: batched, see bot/sources/talk.py."""
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
            )
        finally:
            cache.close()

    # --- build and render ---------------------------------------------------------------

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
                index_row(m.username, title, m.away_until, len(rows), talk.unanswered, self.now.date())
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
            )
            summary = f"{self.s.summary_prefix}: {len(rows)} active mentees, {flagged} needing attention"
            out[title] = (render_dashboard(view, messages), summary)
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
                    UnansweredPage(unanswered_title, overdue, self.s.overdue_days, self.now), messages
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
            check_writable(self.gw)
            self.site.login()
        with self._timed("control"):
            list_title, list_page = self.read_control()
        with self._timed("lifecycle"):
            write = not self.dry_run and not self.only
            self.lifecycle = Lifecycle(self.gw, self.s, messages, self.now, write=write, show=self.show).run()
            self.report.problems.extend(self.lifecycle.problems)
        with self._timed("read"):
            data = self.read(list_title, list_page)
        with self._timed("build"):
            pages = self.build(data, messages)
        with self._timed("publish"):
            self.publish_all(pages)
            if not self.only:
                self.publish_status(messages, started, len(data.mentors))
        return self.report

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

import pywikibot

from bot.config import Settings
from bot.dashboard.overview import MenteeFacts, overview_rows, paginate
from bot.dashboard.tools import DepartedPage, mentor_tools
from bot.dashboard.view import Dashboard, MenteesPage
from bot.gateway import Gateway
from bot.i18n import Messages
from bot.lifecycle import Lifecycle, LifecycleResult
from bot.problems import Problem
from bot.publish import CurrentPage, Outcome, check_shutoff, publish, read_current
from bot.render import render_dashboard, render_departed, render_mentees_page, strip_updated_line
from bot.sources import assignments as store
from bot.sources import users as src
from bot.sources.mentor_list import MentorEntry, parse_mentor_list
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

    def read(self) -> WikiData:
        s, gw = self.s, self.gw
        list_title = title_of(self.site, s.mentor_list)
        pages = list(
            gw.query_pages([list_title], prop="revisions", rvprop="content|contentmodel", rvslots="main")
        )
        text, model = "", "wikitext"
        if pages and pages[0].get("revisions"):
            slot = pages[0]["revisions"][0]["slots"]["main"]
            text, model = slot.get("content", ""), slot.get("contentmodel", "wikitext")
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
        return WikiData(mentors, mentees_of)

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
            rows = overview_rows(data.mentees_of.get(m.username, ()), starred, self.now, self.s)
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
        return out

    # --- publish ------------------------------------------------------------------------

    def publish_all(self, pages: dict[str, tuple[str, str]]) -> None:
        current = read_current(self.gw, pages)
        for title, (text, summary) in pages.items():
            page = current.get(title) or CurrentPage(title, None, None)
            outcome = publish(
                self.gw,
                page,
                text,
                summary,
                same=lambda a, b: strip_updated_line(a) == strip_updated_line(b),
                dry_run=self.dry_run,
                protect=self.s.protect,
            )
            if outcome.diff and self.dry_run:
                self.show(outcome.diff)
            self.report.outcomes.append(outcome)

    def run(self, messages: Messages) -> RunReport:
        with self._timed("login"):
            self.site.login()
        with self._timed("lifecycle"):
            check_shutoff(self.gw, title_of(self.site, f"User:{self.bot_user}/Shutoff"))
            write = not self.dry_run and not self.only
            self.lifecycle = Lifecycle(self.gw, self.s, messages, self.now, write=write, show=self.show).run()
            self.report.problems.extend(self.lifecycle.problems)
        with self._timed("read"):
            data = self.read()
        with self._timed("build"):
            pages = self.build(data, messages)
        with self._timed("publish"):
            if not self.dry_run:
                check_shutoff(self.gw, title_of(self.site, f"User:{self.bot_user}/Shutoff"))
            self.publish_all(pages)
        return self.report

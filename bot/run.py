"""One pass over the wiki, as the sequence of its stages: read → decide → build → render → publish.

This is the only module that knows the order of the stages. Each stage is a plain function
over explicit data: the readers (``bot/read``) and the write funnel (``bot/publish``) are the
only ones that reach the wiki, and everything handed between them is a record from
``bot/model``. One ``RunMode`` says what kind of pass this is.

1. login: the read-only check and the installed extensions in one siteinfo request;
2. control: the shutoff page, the settings and the mentor list (``bot/read/control.py``);
3. lifecycle: assignments, claims, away, quit and inactivity (``bot/lifecycle``), first, so
   the dashboards built next show the assignments just made;
4. read: the mentor list and the store, then what changed since the last run (an
   incremental run refreshes only the mentors it touched), then every fact about them;
5. build: every page as a ``PageEdit`` (``bot/build/pages.py``, rendered by ``bot/render``);
6. publish: each changed page through the funnel, then the status page;
7. remember: where the next run starts reading, in the local run memory.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from bot.build.gadget import GadgetSite, NextRun
from bot.build.gadget_code import install_refusal
from bot.build.pages import Lifecycle, build_pages, status_edit
from bot.build.status import StatusView, heartbeat_due, settings_problems, status_pages
from bot.core.clock import utcnow, window_start
from bot.core.names import user_name
from bot.core.settings import Settings
from bot.decide.refresh import affected, needs_full_refresh, streams_cover, watches_for
from bot.gateway import Gateway
from bot.lifecycle.backend import Backend, make_backend
from bot.lifecycle.cycle import LifecycleResult, run_lifecycle
from bot.model.assignment import Assignments, HeldIds
from bot.model.change import Changes, Cursor
from bot.model.edit import PageEdit
from bot.model.mentee import MenteeFacts
from bot.model.mentor import MentorEntry
from bot.model.page import Outcome, PageAction
from bot.model.problem import Problem
from bot.model.talk import MentorKnown
from bot.model.titles import Titles
from bot.model.wiki import WikiData
from bot.ops.memory import RunMemory, recall, remember, remembered_dormant, remembered_reads, remembered_rows
from bot.ops.schedule import ScheduleError, upcoming
from bot.publish.batch import publish_pages, publish_status
from bot.publish.funnel import Writer
from bot.publish.gadget import GadgetInstallError, install_gadget
from bot.publish.ping import post_pings
from bot.read.account import read_account
from bot.read.changes import latest_cursor
from bot.read.control import read_control, wiki_identity, wiki_key
from bot.read.recent import Recent, read_recent
from bot.read.siteinfo import THANKS_EXTENSION, SiteFacts, read_site
from bot.read.titles import page_titles
from bot.read.wiki import read_wiki
from bot.render.i18n import Messages
from bot.render.installed import gadget_source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunMode:
    """What kind of pass this is. The default is what cron wants: incremental, and real."""

    full: bool = False  # refresh every mentor, not only those touched since the last run
    dry_run: bool = False  # write nothing: the funnel turns every write into a diff or a log line
    only: frozenset[str] = frozenset()  # refresh only these mentors; no lifecycle writes, no shared pages
    install_gadget: bool = False  # also install the workspace as a gadget (needs editsitejs, …)

    @classmethod
    def of(
        cls,
        *,
        full: bool = False,
        dry_run: bool = False,
        mentors: Iterable[str] = (),
        install_gadget: bool = False,
    ) -> RunMode:
        return cls(full, dry_run, frozenset(user_name(n) for n in mentors), install_gadget)

    @property
    def partial(self) -> bool:
        return bool(self.only)


@dataclass
class RunReport:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase
    built: dict[str, PageEdit] = field(default_factory=dict)  # this pass's pages, by title
    refreshed: frozenset[str] | None = None  # the mentors this pass refreshed; None: all
    lifecycle: LifecycleResult | None = None  # what the lifecycle did (in a dry run: would do)
    pings: list[str] = field(default_factory=list)  # talk pages that got a mentor's message

    @property
    def changed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action in (PageAction.CREATED, PageAction.UPDATED)]

    @property
    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.action is PageAction.REFUSED]


@dataclass(frozen=True)
class Refresh:
    """Which mentors this pass refreshes (None: all of them), where the change streams end, and
    what they held since the last run (None: the memory cannot say, so everything is read)."""

    subset: frozenset[str] | None
    cursor: Cursor | None
    recent: Recent | None = None

    @property
    def changes(self) -> Changes | None:
        return None if self.recent is None else self.recent.changes

    @property
    def touched(self) -> frozenset[int]:
        """Ids of the users the change streams name: editors, block targets, page owners."""
        if self.recent is None:
            return frozenset()
        c, ids = self.recent.changes, self.recent.ids_of
        return frozenset(ids[n] for n in c.users | c.owners if n in ids)


def run_pass(
    gw: Gateway,
    settings: Settings,
    messages: Messages,
    mode: RunMode | None = None,
    *,
    memory: RunMemory | None = None,
    now: datetime | None = None,
    show: Callable[[str], None] = print,
    cache_dir: Path | None = None,
    schedule: str | None = None,
) -> RunReport:
    """One idempotent pass. MEMORY is the run memory (None: every pass is a full refresh);
    CACHE_DIR holds the talk-page revision cache (None: in memory for this pass only); NOW may be
    simulated, while the change cursor always follows the wall clock. SCHEDULE is the crontab
    line the bot runs on, when it is known (``serve --cron``, ``run --schedule``), so the
    workspace can say when the next run comes; the run memory keeps the last one given."""
    mode = mode or RunMode()
    report = RunReport()
    started, started_clock = utcnow(), time.monotonic()
    now = now or started
    writer = Writer(gw, dry_run=mode.dry_run, show=show)
    wiki = wiki_key(gw.site)  # caches are per wiki: revision ids collide

    with timed(gw, report, "login"):
        site = read_site(gw)
        extensions = site.extensions
        gw.site.login()
        if mode.install_gadget:  # before anything is written: a refusal leaves the wiki as it was
            refuse_install(gw)
    with timed(gw, report, "control"):
        control = read_control(gw, settings)
        writer.guard_shutoff(control.titles.shutoff, control.pages.get(control.titles.shutoff))
        s = control.settings
        report.problems.extend(control.problems)
        backend = make_backend(
            gw, writer, s, control.titles.mentor_list, control.mentor_list, extensions, control.pages
        )
    if s.language and s.language != messages.lang:  # the settings chose the wiki's language
        messages = Messages.load(s.language)
    s = localised(s, messages)

    with timed(gw, report, "lifecycle"):
        life = run_lifecycle(
            backend,
            writer,
            s,
            messages,
            now,
            write=not (mode.dry_run or mode.partial),
            show=show,
            known=control.pages,
        )
        report.problems.extend(life.problems)
        report.problems.extend(settings_problems(life.mentors, s.mentor_settings_subpage))
        report.lifecycle = life

    with timed(gw, report, "read"):
        listed, stored = read_roster(backend, life, report)
        titles = page_titles(gw.site, s, [*listed, *life.departed])
    with timed(gw, report, "changes"):
        refresh = plan_refresh(gw, mode, memory, titles, listed, stored, life, started)
        report.refreshed = refresh.subset
    with timed(gw, report, "read"):
        chosen = tuple(
            m
            for m in listed.values()
            if (not mode.only or m.username in mode.only)
            and (refresh.subset is None or m.username in refresh.subset)
        )
        data = read_wiki(
            gw,
            s,
            mentors=chosen,
            stored=stored,
            statuses=life.mentors,
            optouts=life.optouts,
            titles=titles,
            now=now,
            cache=None if mode.dry_run or cache_dir is None else cache_dir / f"{wiki}-talk-revisions.sqlite3",
            known=remembered_reads(memory) if memory is not None else None,
            changes=refresh.changes,
            dormant=held_dormant(memory, refresh, chosen, stored),
            touched=refresh.touched,
        )

    with timed(gw, report, "build"):
        built = build_pages(
            data,
            Lifecycle(
                life.mentors,
                life.claims,
                life.departed,
                {m: a.unreadable for m, a in stored.items() if a.unreadable},
            ),
            s=s,
            messages=messages,
            titles=titles,
            now=now,
            listed=tuple(listed),
            only=mode.only,
            remembered=remembered_rows(memory) if memory is not None and refresh.subset is not None else None,
            previous=remembered_rows(memory) if memory is not None else None,
            thanks=THANKS_EXTENSION in extensions,
            gadget=gadget_site(site, s, now, schedule or remembered_schedule(memory)),
            install=mode.install_gadget,
        )
        report.built = dict(built.pages)

    with timed(gw, report, "publish"):
        published = publish_pages(
            writer,
            built.pages.values(),
            built.creations.values(),
            shutoff=titles.shutoff,
            status=titles.status,
            protect_reason=protect_reason(s, messages),
        )
        report.outcomes.extend(published.outcomes)
        report.problems.extend(published.problems)
        if built.install is not None:
            report.outcomes.extend(install_gadget(writer, built.install))
        report.pings = post_pings(writer, built.pings, titles.bot).posted  # after the dashboards they link
        if not mode.partial and published.status is not None:
            status = status_page(
                report, titles, s, messages, now, mode, time.monotonic() - started_clock, gw, len(listed)
            )
            problem = publish_status(
                writer,
                published.status,
                status,
                heartbeat=heartbeat_due(published.status.text, now),
                protect_reason=protect_reason(s, messages),
            )
            report.problems.extend([problem] if problem else [])

    if memory is not None and not (mode.dry_run or mode.partial):
        remember(
            memory,
            rows=built.rows,
            reads=known_after(data, window_start(now.date(), s.impact_thanks_days)),
            dormant=dormant_after(data, chosen, stored),
            held=data.mentee_ids,
            full=refresh.subset is None,
            started=started,
            wiki=wiki_identity(gw.site),
            cursor=refresh.cursor,
            refused=bool(report.refused),
        )
        if schedule:
            memory.set(SCHEDULE_KEY, schedule)
    return report


SCHEDULE_KEY = "schedule"  # the run memory's copy of the last schedule given (docs/GADGET.md)


def remembered_schedule(memory: RunMemory | None) -> str | None:
    return (memory.get(SCHEDULE_KEY) or None) if memory is not None else None


def gadget_site(site: SiteFacts, s: Settings, now: datetime, schedule: str | None) -> GadgetSite | None:
    """What the workspace's pages need from the wiki, the schedule and the package (None: off)."""
    if not s.gadget:
        return None
    next_run = NextRun()
    if schedule:
        try:
            next_run = upcoming(schedule, now)
        except ScheduleError as e:  # a remembered schedule the bot no longer reads: say nothing
            log.warning("schedule %r: %s; the workspace shows no next run", schedule, e)
    js, css = gadget_source()
    return GadgetSite(script=site.script, max_bytes=site.max_bytes, next_run=next_run, js=js, css=css)


def refuse_install(gw: Gateway) -> None:
    """Raise GadgetInstallError when this login may not install the gadget."""
    account = read_account(gw)
    why = install_refusal(account.rights, account.group_rights)
    if why is not None:
        raise GadgetInstallError(f"{why}; nothing was written")


def read_roster(
    backend: Backend, life: LifecycleResult, report: RunReport
) -> tuple[dict[str, MentorEntry], dict[str, Assignments]]:
    """The mentor list by name, and who mentors whom (reused from the lifecycle when it changed
    nothing, so the store is read once a pass)."""
    parsed = backend.mentors()
    report.problems.extend(parsed.problems)
    entries: list[MentorEntry] = []
    for entry in (*parsed.mentors, *life.kept):
        status = life.mentors.get(entry.username)
        if status is not None and status.no_pages:  # only real accounts get a dashboard
            report.problems.append(Problem.of(f"User:{entry.username}", status.no_pages, entry.username))
            continue
        entries.append(entry)
    if life.stored is not None:
        stored = life.stored
    else:
        stored, problems = backend.assignments(m.username for m in entries)
        report.problems.extend(problems)
    return {m.username: m for m in entries}, stored


def plan_refresh(
    gw: Gateway,
    mode: RunMode,
    memory: RunMemory | None,
    titles: Titles,
    listed: dict[str, MentorEntry],
    stored: dict[str, Assignments],
    life: LifecycleResult,
    started: datetime,
) -> Refresh:
    """The mentors whose pages may have changed since the last run (``bot/decide/refresh.py``)."""
    if memory is None or mode.partial:
        return Refresh(None, None)
    last = recall(memory, wiki_identity(gw.site))
    if not streams_cover(last, started):
        return Refresh(None, latest_cursor(gw))  # where the next run starts reading
    assert last.last_run is not None and last.cursor is not None
    recent = read_recent(
        gw,
        last_run=last.last_run,
        cursor=last.cursor,
        bot=titles.bot,
        own_inputs=titles.assignments_prefix,
        listed=listed,
    )
    if needs_full_refresh(last, asked=mode.full, today=started.date()):
        return Refresh(None, recent.changes.cursor, recent)
    moved = {x for mv in life.moves for x in (mv.frm, mv.to) if x} | set(life.departed)
    subset = affected(
        recent.changes,
        watches_for(listed, stored, titles.mentors),
        recent.ids_of,
        {titles.mentor_list, titles.settings},
        moved,
    )
    return Refresh(None if subset is None else frozenset(subset), recent.changes.cursor, recent)


def held_dormant(
    memory: RunMemory | None,
    refresh: Refresh,
    chosen: Iterable[MentorEntry],
    stored: Mapping[str, Assignments],
) -> Mapping[int, MenteeFacts] | None:
    """What the memory keeps of the chosen mentors' dormant mentees, when the change streams
    since the last run were read (without them the memory cannot say who stayed quiet)."""
    if memory is None or refresh.recent is None:
        return None
    return remembered_dormant(memory, held_ids(chosen, stored))


def held_ids(chosen: Iterable[MentorEntry], stored: Mapping[str, Assignments]) -> HeldIds:
    return HeldIds.of(stored[m.username] for m in chosen if m.username in stored)


def dormant_after(
    data: WikiData, chosen: Iterable[MentorEntry], stored: Mapping[str, Assignments]
) -> Iterator[tuple[int, str | None]]:
    """The mentees this pass read afresh, with their memory row when they are dormant (None:
    not dormant, or no account found: the memory forgets them), one at a time."""
    rows = data.dormant_read
    yield from rows
    for m in chosen:
        for uid in stored[m.username].mentees if m.username in stored else ():
            if uid not in data.remembered and uid not in rows:
                yield uid, None


def known_after(data: WikiData, horizon: datetime) -> dict[str, MentorKnown]:
    """What the memory keeps of this pass's per-mentor reads: archive titles and thanks totals,
    thanks before HORIZON (the impact window's start) kept only as a count."""
    talk = data.talk
    return {
        m.username: MentorKnown(talk.archives[m.username], talk.thanks[m.username].pruned(horizon))
        for m in data.mentors
        if m.username in talk.archives and m.username in talk.thanks
    }


def status_page(
    report: RunReport,
    titles: Titles,
    s: Settings,
    messages: Messages,
    now: datetime,
    mode: RunMode,
    seconds: float,
    gw: Gateway,
    mentors: int,
) -> PageEdit:
    """``User:<Bot>/Status``: what the last run did, and every problem it met, for operators."""
    view = StatusView(
        bot=titles.bot,
        updated=now,
        seconds=seconds,
        reads=gw.counts.reads,
        writes=gw.counts.writes,
        changed=tuple(o.title for o in report.changed),
        mentors=mentors,
        dry_run=mode.dry_run,
        problems=tuple(report.problems),
        pages=status_pages(titles),
    )
    return status_edit(titles.status, view, messages)


def localised(s: Settings, messages: Messages) -> Settings:
    """The settings with the summary prefix in the wiki's language, unless the community chose
    one: the default prefix is a message, so every edit summary reads in one language."""
    if s.summary_prefix != Settings.summary_prefix:
        return s
    return replace(s, summary_prefix=messages.plain("mentordashboard-summary-prefix"))


def protect_reason(s: Settings, messages: Messages) -> str:
    """The protection log's comment for the pages the bot protects."""
    return messages.plain("mentordashboard-protect-reason", s.summary_prefix)


@contextmanager
def timed(gw: Gateway, report: RunReport, name: str) -> Iterator[None]:
    """Count the phase's requests and time it; non-interactive runs log one line per phase."""
    t0 = time.monotonic()
    with gw.phase(name):
        yield
    elapsed = time.monotonic() - t0
    report.timings[name] = report.timings.get(name, 0.0) + elapsed
    c = gw.counts.by_phase.get(name, Counter())
    log.info("phase %s: %.2fs, %d read / %d write requests", name, elapsed, c["read"], c["write"])

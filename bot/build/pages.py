"""The build stage: every page this pass owns, from the facts read, as ``PageEdit`` records.

Pure: facts, settings, titles and the clock come in; view-models are built
(``bot/build/*``) and rendered (``bot/render``), and nothing here touches the wiki. Each
page's edit summary says what changed since the last run built it (``bot/build/summary.py``,
from the rows the run memory kept), or what it holds when there is no memory. The shared pages
(index, unanswered questions) list every mentor, so a partial run (``--mentor``) leaves them alone, and an
incremental run completes them with the rows the run memory kept for the mentors it skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.build.digest import build_digest
from bot.build.faq import PageRef, faq_to_create
from bot.build.gadget import DataTitles, GadgetSite, data_pages, mentor_list_page, messages_page
from bot.build.gadget_code import CodeTitles, code_pages, common_js_line, install_pages
from bot.build.index import IndexPage, IndexRow, UnansweredPage, index_row, overdue_items, with_inactivity
from bot.build.mentor_talk import MentorTalkView, mentor_talk_view, questions_of, with_question_counts
from bot.build.overview import overview_rows, paginate
from bot.build.ping import ping_view
from bot.build.praise import praise_view
from bot.build.questions import Question, UnansweredItem
from bot.build.status import StatusView
from bot.build.summary import Seen, dashboard_summary, index_summary, seen, unanswered_summary
from bot.build.tools import DepartedPage, mentor_tools
from bot.build.view import Dashboard, MenteesPage, Workspace
from bot.core.clock import window_start
from bot.core.settings import Settings
from bot.lifecycle.status import MentorStatus
from bot.model.dormant import NO_DORMANT, Dormant
from bot.model.edit import GadgetInstall, PageEdit, TalkMessage
from bot.model.journal import ClaimRecord
from bot.model.mentee import MenteeFacts
from bot.model.mentor import MentorEntry
from bot.model.said import Said
from bot.model.talk import TalkData, ThanksReceived
from bot.model.titles import MentorTitles, Titles
from bot.model.wiki import WikiData
from bot.render.i18n import Messages
from bot.render.pages import (
    render_dashboard,
    render_departed,
    render_index,
    render_mentees_page,
    render_ping,
    render_status,
    render_unanswered_page,
)


@dataclass(frozen=True)
class MentorRows:
    """One mentor's line on the index and open questions on the shared page: what the run memory
    keeps, so an incremental run can rebuild the shared pages without reading that mentor."""

    index: IndexRow
    open: tuple[UnansweredItem, ...] = ()
    seen: Seen | None = None  # what the dashboard showed, for the next run's edit summary


@dataclass(frozen=True)
class Lifecycle:
    """What the lifecycle decided that the pages show."""

    statuses: Mapping[str, MentorStatus]  # every listed mentor
    claims: Mapping[str, ClaimRecord]
    departed: Mapping[str, str]  # mentor -> quit | removed | inactive
    unreadable: Mapping[str, str] = field(default_factory=dict)  # mentor -> why their store page fails


@dataclass(frozen=True)
class Built:
    pages: dict[str, PageEdit]  # by title, in the order they are saved
    creations: dict[str, PageEdit]  # FAQ pages to create once, before the dashboards
    rows: dict[str, MentorRows]  # this pass's rows, for the run memory
    pings: tuple[TalkMessage, ...] = ()  # mentors' opt-in messages due in this period (bot/build/ping.py)
    install: GadgetInstall | None = None  # the gadget's MediaWiki: pages, for run --install-gadget


def build_pages(
    data: WikiData,
    life: Lifecycle,
    *,
    s: Settings,
    messages: Messages,
    titles: Titles,
    now: datetime,
    listed: tuple[str, ...],
    only: frozenset[str] = frozenset(),
    remembered: Mapping[str, MentorRows] | None = None,
    previous: Mapping[str, MentorRows] | None = None,
    thanks: bool = False,
    gadget: GadgetSite | None = None,
    install: bool = False,
) -> Built:
    """Every page of this pass. LISTED is the whole mentor list; REMEMBERED, on an incremental
    run, the rows of the mentors this pass does not refresh (None: a full refresh). PREVIOUS is
    every row the run memory holds, whatever the kind of run, so that edit summaries can say
    what changed (None: no memory, and the summaries say what the pages hold). THANKS: the wiki
    has the Thanks extension, so the latest edits get a link to thank for each. GADGET: what
    the browser workspace's pages need (None: no workspace); INSTALL: also build its
    MediaWiki: pages (run --install-gadget)."""
    if titles.gadget is None:
        gadget = None
    pages: dict[str, PageEdit] = {}
    creations: dict[str, PageEdit] = {}
    for name, reason in sorted(life.departed.items()):
        if not only or name in only:
            mt = titles.mentors[name]
            text = render_departed(DepartedPage(name, mt.dashboard, reason, mt.faq), messages)
            summary = f"{s.summary_prefix}: {messages.plain('mentordashboard-summary-departed', name)}"
            pages[mt.dashboard] = PageEdit(mt.dashboard, text, summary, s.protect)
    fresh: dict[str, MentorRows] = {}
    pings: list[TalkMessage] = []
    for m in data.mentors:
        status = life.statuses.get(m.username)
        title = titles.mentors[m.username].dashboard
        if m.username in life.departed:
            if status is not None and status.inactive:
                # Reassigned for inactivity but still listed: the index keeps saying so.
                row = index_row(m.username, title, None, 0, (), now.date())
                fresh[m.username] = MentorRows(with_inactivity(row, status))
            continue
        before = previous.get(m.username) if previous is not None else None
        built = dashboard_pages(m, data, status, life, s, messages, titles, now, before, thanks, gadget)
        pings.extend([built.ping] if built.ping else [])
        pages.update((p.title, p) for p in built.pages)
        creations.update((p.title, p) for p in built.creations)
        fresh[m.username] = built.rows
    if not only:  # the shared pages list every mentor, so a partial run leaves them alone
        rows = dict(fresh)
        if remembered is not None:  # incremental: the mentors not refreshed, from the run memory
            for mentor in sorted(set(listed) - set(life.departed) - set(fresh)):
                if mentor in remembered:
                    rows[mentor] = remembered[mentor]
        pages.update((p.title, p) for p in shared_pages(rows, s, messages, titles, now, previous))
        if gadget is not None:
            mentors = [m for m in listed if m not in life.departed and m in titles.mentors]
            pages.update((p.title, p) for p in workspace_pages(mentors, gadget, s, messages, titles))
    setup = install_edits(gadget, s, messages, titles) if install and gadget is not None else None
    return Built(pages, creations, fresh, tuple(pings), setup)


@dataclass(frozen=True)
class _MentorPages:
    pages: tuple[PageEdit, ...]
    creations: tuple[PageEdit, ...]
    rows: MentorRows
    ping: TalkMessage | None = None


def dashboard_pages(
    entry: MentorEntry,
    data: WikiData,
    status: MentorStatus | None,
    life: Lifecycle,
    s: Settings,
    messages: Messages,
    titles: Titles,
    now: datetime,
    before: MentorRows | None = None,
    thanks: bool = False,
    gadget: GadgetSite | None = None,
) -> _MentorPages:
    """One mentor's dashboard, its /Mentees overflow pages and, when missing, their FAQ page."""
    mentor = entry.username
    mt = titles.mentors[mentor]
    tools = mentor_tools(status, life.claims.get(mentor), mt.settings, now) if status is not None else None
    problems = tools.problems if tools else ()
    if mentor in life.unreadable:
        problems = (
            Said.of("mentordashboard-dashboard-assignments-unreadable", life.unreadable[mentor]),
            *problems,
        )
    starred = status.settings.settings.starred if status else ()
    questions = questions_of(data.talk.pages.get(mentor, ()), data.mentee_ids, data.talk.askers, s)
    facts = with_question_counts(data.mentees_of.get(mentor, ()), questions)
    welcome = mt.welcome if mt.welcome in data.talk.existing else None  # as praise: only if it exists
    rows = overview_rows(facts, starred, now, s, welcome)
    faq = faq_page(mentor, data.talk, titles, s, messages)
    dormant = data.dormant_of.get(mentor, NO_DORMANT)
    talk = talk_view(mentor, facts, len(rows), questions, data.talk, titles, now, s, faq is not None, dormant)
    index = index_row(mentor, mt.dashboard, entry.away_until, len(rows), talk.unanswered, now.date())
    index = with_inactivity(index, status)
    main, subpages = paginate(rows, mt.dashboard, s)
    praise = praise_view(data.engagement.praise.get(mentor), mt.praise, data.talk.existing, now.date())
    view = Dashboard(
        mentor=mentor,
        updated=now,
        recent_days=s.recent_days,
        rows=tuple(main),
        total_mentees=len(rows),
        more_pages=tuple(link for link, _ in subpages),
        talk=talk,
        problems=problems,
        leaving=status.leaving if status else None,
        tools=tools,
        digest=build_digest(
            facts,
            questions=questions,
            now=now,
            window_start=window_start(now.date(), s.active_edit_days),
            max_edits=s.digest_edits,
            praiseworthy=frozenset(e.name for e in praise.entries) if praise else frozenset(),
            thanks=thanks,
            dormant=dormant,
            askers=data.talk.askers,
        ),
        praise=praise,
    )
    workspace = (
        Workspace(common_js_line(gadget.script, titles.gadget.code))
        if gadget is not None and titles.gadget is not None
        else None
    )
    shown = seen(
        rows,
        view.digest.since if view.digest else None,
        (e.name for e in view.praise.entries) if view.praise else (),
    )
    summary = dashboard_summary(
        s.summary_prefix,
        before.seen if before is not None else None,
        before.open if before is not None else (),
        shown,
        talk.unanswered,
        messages,
    )
    text = render_dashboard(view, messages, s.max_page_bytes, workspace)
    out = [PageEdit(mt.dashboard, text, summary, s.protect)]
    for link, chunk in subpages:
        page = MenteesPage(
            mentor=mentor,
            title=link.title,
            dashboard_title=mt.dashboard,
            rows=tuple(chunk),
            first=link.first,
            total=len(rows),
            updated=now,
            recent_days=s.recent_days,
        )
        text = render_mentees_page(page, messages)
        rows_summary = messages.plain("mentordashboard-summary-rows", summary, link.first, link.last)
        out.append(PageEdit(link.title, text, rows_summary, s.protect))
    if gadget is not None:
        said = messages.plain("mentordashboard-summary-gadget-data", mentor)
        out.extend(
            data_pages(
                mentor,
                data_titles(mt),
                rows,
                facts,
                talk.unanswered,
                status,
                updated=now,
                next_run=gadget.next_run,
                recent_since=view.recent_since,
                overdue_days=s.overdue_days,
                max_bytes=gadget.max_bytes,
                summary=f"{s.summary_prefix}: {said}",
            )
        )
    ping = ping_message(view, status, titles, s, messages, now)
    return _MentorPages(tuple(out), (faq,) if faq else (), MentorRows(index, talk.unanswered, shown), ping)


def ping_message(
    view: Dashboard,
    status: MentorStatus | None,
    titles: Titles,
    s: Settings,
    messages: Messages,
    now: datetime,
) -> TalkMessage | None:
    """The mentor's opt-in message for this period (bot/build/ping.py), when one is asked for and
    something waits on them; publish posts it once per period at most."""
    if status is None:
        return None
    mt = titles.mentors[view.mentor]
    ping = ping_view(
        view.mentor,
        status.settings.settings,
        view.needs_you,
        dashboard=mt.dashboard,
        settings_page=mt.settings,
        overdue_days=s.overdue_days,
        today=now.date(),
    )
    if ping is None:
        return None
    kind = ping.period.notify.value
    return TalkMessage(
        title=mt.talk,
        heading=messages.plain(f"mentordashboard-ping-heading-{kind}", ping.period.first_day.isoformat()),
        text=f"{render_ping(ping, messages)}\n{ping.period.marker}",
        summary=f"{s.summary_prefix}: {messages.plain('mentordashboard-summary-ping')}",
        marker=ping.period.marker,
        since=ping.period.start,
    )


def faq_page(mentor: str, talk: TalkData, titles: Titles, s: Settings, messages: Messages) -> PageEdit | None:
    """The mentor's FAQ page, copied from the community bank, when they have none yet."""
    faq = titles.mentors[mentor].faq
    text = faq_to_create(faq, talk.existing, talk.community_faq)
    if text is None:
        return None
    copied = messages.plain("mentordashboard-summary-faq-created", titles.shared.community_faq)
    summary = f"{s.summary_prefix}: {copied}"
    return PageEdit(faq, text, summary, protect=False, create_only=True)


def talk_view(
    mentor: str,
    facts: tuple[MenteeFacts, ...],
    active: int,
    questions: list[Question],
    talk: TalkData,
    titles: Titles,
    now: datetime,
    s: Settings,
    faq_created: bool,
    dormant: Dormant = NO_DORMANT,
) -> MentorTalkView:
    """The FAQ, unanswered questions, impact and resources of one mentor's dashboard."""
    faq = titles.mentors[mentor].faq
    return mentor_talk_view(
        facts=facts,
        active=active,
        questions=questions,
        thanks=talk.thanks.get(mentor, ThanksReceived()),
        today=now.date(),
        faq=PageRef(faq, faq in talk.existing or faq_created),
        community_faq=PageRef(titles.shared.community_faq, titles.shared.community_faq in talk.existing),
        resources=PageRef(titles.shared.resources, titles.shared.resources in talk.existing),
        s=s,
        dormant=dormant,
    )


def shared_pages(
    rows: Mapping[str, MentorRows],
    s: Settings,
    messages: Messages,
    titles: Titles,
    now: datetime,
    previous: Mapping[str, MentorRows] | None = None,
) -> list[PageEdit]:
    """The index of all dashboards and the cross-mentor list of old open questions."""
    index = tuple(sorted((r.index for r in rows.values()), key=lambda r: r.mentor))
    overdue = overdue_items(item for r in rows.values() for item in r.open)
    before = None if not previous else {m: r.index for m, r in previous.items()}
    before_open = None if not previous else [i for r in previous.values() for i in r.open]
    unanswered = UnansweredPage(
        titles.shared.unanswered, overdue, s.overdue_days, now, s.unanswered_page_rows
    )
    return [
        PageEdit(
            titles.shared.index,
            render_index(IndexPage(titles.shared.index, index, now), messages),
            index_summary(s.summary_prefix, before, index, messages),
            s.protect,
        ),
        PageEdit(
            titles.shared.unanswered,
            render_unanswered_page(unanswered, messages, s.max_page_bytes),
            unanswered_summary(s.summary_prefix, before_open, overdue, s.overdue_days, messages),
            s.protect,
        ),
    ]


def data_titles(mt: MentorTitles) -> DataTitles:
    return DataTitles(mt.data, mt.dashboard, mt.settings)


def workspace_pages(
    mentors: Iterable[str], gadget: GadgetSite, s: Settings, messages: Messages, titles: Titles
) -> list[PageEdit]:
    """The workspace's shared pages: its messages, the mentor list, then its code, which names the list."""
    assert titles.gadget is not None
    g = titles.gadget

    def summary(key: str) -> str:
        return f"{s.summary_prefix}: {messages.plain(key)}"

    listed = {m: data_titles(titles.mentors[m]) for m in mentors}
    return [
        messages_page(
            g.messages,
            messages.lang,
            messages.direction,
            messages.texts,
            summary("mentordashboard-summary-gadget-messages"),
        ),
        mentor_list_page(g.mentors, listed, g.messages, summary("mentordashboard-summary-gadget-list")),
        *code_pages(
            gadget.js,
            gadget.css,
            CodeTitles(g.code, g.style, g.mentors),
            titles.bot,
            summary("mentordashboard-summary-gadget-code"),
        ),
    ]


def install_edits(gadget: GadgetSite, s: Settings, messages: Messages, titles: Titles) -> GadgetInstall:
    """The gadget's MediaWiki: pages, the same code as the bot's own pages."""
    assert titles.gadget is not None
    g = titles.gadget
    return install_pages(
        s.gadget_name,
        gadget.js,
        gadget.css,
        CodeTitles(g.code, g.style, g.mentors),
        titles.bot,
        messages.plain("mentordashboard-gadget-description", s.dashboard_subpage),
        f"{s.summary_prefix}: {messages.plain('mentordashboard-summary-gadget-install')}",
    )


def status_edit(title: str, view: StatusView, messages: Messages) -> PageEdit:
    """The status page is the operators', not a dashboard: not protected."""
    summary = messages.plain("mentordashboard-summary-status")
    return PageEdit(title, render_status(view, messages), summary, protect=False)

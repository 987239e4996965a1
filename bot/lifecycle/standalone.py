"""The mentor lifecycle on a standalone wiki, in one pass: read → decide → write, before the dashboards.

``bot/lifecycle/cycle.py`` runs it first, so the dashboards the pass then builds show the
assignments just made. The stages, in order:

* read: the mentor list (from the backend), every mentor's settings page and account
  (``bot/lifecycle/roster.py``), the state page, the assignment pages (from the backend), the
  ``newusers`` log since the last processed id, the accounts involved, opt-outs;
* finish any journal an interrupted run left on the state page;
* decide (``bot/lifecycle/plan.py``, pure): claims, reassignment of departing mentors' mentees,
  new accounts, with a seeded RNG when ``Settings.assignment_seed`` is set;
* write (``bot/publish/lifecycle.py``, through the funnel): journal, assignments, notices,
  journal cleared.

Writes happen only on a full, real run. With ``--mentor`` (``write=False``) or ``--dry-run``
the decision is still made and shown ("would move …"), but nothing is saved: moving mentees on
a partial view of the list would be wrong, and a dry run must change nothing.

Cost on a run with nothing to do: the list and the state page come with the control read, so
it is the mentors' reads, one ``allpages`` listing of the store, one ``newusers`` log query, one
opt-out query, and a users query for new, waiting or claimed accounts when there are any.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from bot.backends.standalone import StandaloneBackend
from bot.core.clock import log_read_start
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.lifecycle import inactive
from bot.lifecycle import plan as decide
from bot.lifecycle.notices import Notice, notice_for
from bot.lifecycle.result import LifecycleResult
from bot.lifecycle.roster import mentor_statuses
from bot.lifecycle.status import Leaving, MentorStatus
from bot.model.assignment import Assignments, day_number
from bot.model.journal import Journal, JournalError, Move
from bot.model.mentor import MentorEntry, ParsedList
from bot.model.page import CurrentPage
from bot.model.problem import Problem
from bot.parse.journal import encode
from bot.parse.mentor_list import named_users
from bot.publish.funnel import Writer
from bot.publish.lifecycle import ApplyReport, apply_moves, save_journal
from bot.read import users as src
from bot.read.lifecycle import read_assignments_pages, read_journal, read_last_journal
from bot.read.newusers import autocreated_accounts, fetch_new_accounts
from bot.read.titles import page_titles
from bot.render.i18n import Messages

log = logging.getLogger(__name__)


def run_standalone(
    backend: StandaloneBackend,
    writer: Writer,
    s: Settings,
    messages: Messages,
    now: datetime,
    *,
    write: bool,
    show: Callable[[str], None],
    known: Mapping[str, CurrentPage],
) -> LifecycleResult:
    """One lifecycle pass; KNOWN are the pages the control read holds (list and state page)."""
    gw = backend.gw
    result = LifecycleResult()
    parsed = backend.mentors()
    mentors = mentor_statuses(gw, s, parsed, now)
    result.mentors = mentors
    result.problems.extend(inactive.inactivity_problems(mentors, s))
    titles = page_titles(gw.site, s, ())
    state = _read_state(gw, titles.state, known, backend.bot_user, write, result.problems)
    if state is None:
        return result
    journal, journal_rev, repair = state
    result.claims = dict(journal.claims)
    if journal.pending and write:
        log.info("finishing %d moves an interrupted run left (batch %d)", len(journal.pending), journal.batch)
        involved = {m for mv in journal.pending for m in (mv.to, mv.frm) if m}
        pages = read_assignments_pages(gw, {m: backend.assignments_title(m) for m in involved})
        # A move whose page cannot be read waits in the journal; the others are finished now.
        waits = tuple(mv for mv in journal.pending if any(_unreadable(pages, m) for m in (mv.to, mv.frm)))
        ready = tuple(mv for mv in journal.pending if mv not in waits)
        carry_out(backend, writer, s, messages, now, ready, mentors, pages, result.report)
        finished = replace(journal, pending=waits)
        journal_rev = save_journal(
            writer,
            titles.state,
            finished,
            journal_rev,
            f"{s.summary_prefix}: "
            + (
                messages.plain("mentordashboard-summary-journal-finished-waiting", finished.batch, len(waits))
                if waits
                else messages.plain("mentordashboard-summary-journal-finished", finished.batch)
            ),
            before=journal,
        )
        journal, repair = finished, False

    stored, problems = backend.assignments()
    result.problems.extend(problems)
    listed = set(mentors)
    gone = [m for m in stored if m not in listed]
    page = backend.list_page
    named = named_users(page.text or "", page.model, gone) if page is not None else frozenset()
    departing = {m for m, st in mentors.items() if st.quit} | set(gone)
    since = log_read_start(
        journal.last_log_time,
        now,
        timedelta(days=s.assignment_lookback_days),
        timedelta(hours=s.newusers_overlap_hours),
    )
    new_accounts = fetch_new_accounts(gw, after_logid=journal.last_logid, since=since)
    ids = {a.user_id for a in new_accounts} | set(journal.waiting)
    ids |= {uid for m in departing if m in stored for uid in stored[m].mentees}
    accounts = {u.user_id: u for u in src.fetch_users(gw, ids=ids).values()} if ids else {}
    claimed = {n for st in mentors.values() for n in st.settings.settings.claim}
    targets = src.fetch_users(gw, names=claimed) if claimed else {}
    autocreated = autocreated_accounts(gw, decide.claims_to_decide(mentors.values(), journal) & set(targets))
    optouts = frozenset(src.fetch_optouts(gw, titles.optout))
    result.optouts = optouts

    decided = decide.plan(
        decide.PlanInput(
            now=now,
            mentors=tuple(mentors.values()),
            absent=frozenset(gone) - named,
            stored={m: a.mentees.keys() for m, a in stored.items()},
            accounts=accounts,
            claim_targets=targets,
            optouts=optouts,
            new_accounts=tuple(new_accounts),
            state=journal,
            broken=frozenset(m for m, a in stored.items() if a.unreadable),
            autocreated=autocreated,
        ),
        s,
        random.Random(s.assignment_seed),
    )
    result.problems.extend(decided.problems)
    result.kept = _mark_leaving(gw, s, now, mentors, decided.leaving)
    result.departed = decided.departed
    result.moves = decided.moves
    result.claims = dict(decided.state.claims)
    for move in decided.moves:
        log.info("move: %s (%d) %s -> %s (%s)", move.name, move.user_id, move.frm, move.to, move.reason)
    result.stored = None if decided.moves and write else stored  # what the read stage can reuse
    if not write:
        for move in decided.moves:
            show(f"would move {move.name}: {move.frm or '(new)'} → {move.to or '(none)'} ({move.reason})")
        return result

    if repair or encode(decided.state) != encode(journal):
        batch = decided.state.batch
        summary = (
            f"{s.summary_prefix}: "
            + messages.plain("mentordashboard-summary-journal-planned", len(decided.moves), batch)
            if decided.moves
            else f"{s.summary_prefix}: " + messages.plain("mentordashboard-summary-journal-log")
        )
        journal_rev = save_journal(writer, titles.state, decided.state, journal_rev, summary, before=journal)
    batch = decided.state.batch
    if decided.moves:
        carry_out(backend, writer, s, messages, now, decided.moves, mentors, dict(stored), result.report)
        save_journal(
            writer,
            titles.state,
            replace(decided.state, pending=journal.pending),
            journal_rev,
            f"{s.summary_prefix}: "
            + messages.plain("mentordashboard-summary-journal-done", len(decided.moves), batch),
            before=decided.state,
        )
    return result


def _read_state(
    gw: Gateway,
    title: str,
    known: Mapping[str, CurrentPage],
    bot_user: str,
    write: bool,
    problems: list[Problem],
) -> tuple[Journal, int | None, bool] | None:
    """The journal, the revision to save on, and whether the page must be written back.

    A state page someone broke fails soft: the bot goes on from its own last readable revision
    and, on a real run, saves that back over the broken one. Only a page with no such revision
    stops the lifecycle (never the dashboards), and says what to do.
    """
    try:
        journal, revid = read_journal(gw, title, known)
        return journal, revid, False
    except JournalError as e:
        fallback = read_last_journal(gw, title, bot_user)
        if fallback is None:
            problems.append(Problem.of(title, "mentordashboard-problem-state-stops", e.said))
            return None
        journal, good, current = fallback
        key = (
            "mentordashboard-problem-state-repaired"
            if write
            else "mentordashboard-problem-state-repair-later"
        )
        problems.append(Problem.of(title, key, e.said, good))
        return journal, current, True


def _unreadable(pages: Mapping[str, Assignments], mentor: str | None) -> bool:
    return mentor is not None and mentor in pages and bool(pages[mentor].unreadable)


def _mark_leaving(
    gw: Gateway, s: Settings, now: datetime, mentors: dict[str, MentorStatus], leaving: Mapping[str, Leaving]
) -> tuple[MentorEntry, ...]:
    """Mark the mentors whose mentees are kept for now; those no longer on the list get a status of
    their own (weight 0, so nobody new is sent to them). Their entries, for the read stage."""
    for name in set(leaving) & set(mentors):
        mentors[name] = replace(mentors[name], leaving=leaving[name])
    kept = tuple(MentorEntry(name, 0, "", None, None, None) for name in sorted(set(leaving) - set(mentors)))
    if kept:
        for name, status in mentor_statuses(gw, s, ParsedList(kept, ()), now).items():
            mentors[name] = replace(status, leaving=leaving[name])
    return kept


def carry_out(
    backend: StandaloneBackend,
    writer: Writer,
    s: Settings,
    messages: Messages,
    now: datetime,
    moves: tuple[Move, ...],
    mentors: dict[str, MentorStatus],
    pages: dict[str, Assignments],
    report: ApplyReport,
) -> None:
    """MOVES onto the assignment PAGES as read, with their notices, in the crash-safe order."""
    talk = backend.gw.site.namespaces[3].custom_name
    notices: list[Notice] = []
    for mv in moves:
        if mv.notice and mv.to:
            intro = mentors[mv.to].message if mv.to in mentors else ""
            notices.append(notice_for(mv, intro, f"{talk}:{mv.name}", messages, s.summary_prefix))
    done = apply_moves(
        writer,
        moves,
        pages,
        title_for=backend.assignments_title,
        day=day_number(now.date()),
        summary_prefix=s.summary_prefix,
        messages=messages,
        notices=notices,
    )
    report.edits += done.edits
    report.notices_posted += done.notices_posted
    report.notices_skipped += done.notices_skipped

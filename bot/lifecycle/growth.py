"""The mentor lifecycle on a GrowthExperiments wiki: claims and status changes, sent to its API.

GrowthExperiments assigns new accounts, keeps the mentor list and reassigns the mentees of
mentors who leave, so none of that happens here: no new-account assignment, no reassignment,
no assignment pages. What the bot still adds is the mentor's settings page as a way to act:

* **claims** are decided exactly as on a standalone wiki (``bot.lifecycle.plan``: carried out
  once, later revision wins, same failure reasons on the dashboard) and carried out with
  ``action=growthsetmentor``. The calls come before the state page is saved, so a run killed
  between the two repeats the claim, which GrowthExperiments answers with "already the mentor"
  and the bot treats as done;
* **status, weight and message** are sent with ``action=growthmanagementorlist`` when the mentor
  saves a new revision of their settings page and it differs from what GrowthExperiments has.
  Only a new revision counts, so a change the mentor makes in Special:MentorDashboard is not
  undone on the next run by an old settings page. A page that does not mention ``status`` keeps
  GrowthExperiments' away state, which is sent back as it is because a change without
  ``isaway`` would end it.

``status: quit`` is not carried out: on such a wiki a mentor leaves through
Special:QuitMentorship, which reassigns their mentees the GrowthExperiments way; the mentor is
told so on their dashboard.

Cost: the same mentor reads as on a standalone wiki (``bot/lifecycle/roster.py``), the state
page from the control read, one ``growthmentormentee`` request per mentor, the claimed
accounts and the opt-outs; then one write per claim and per changed mentor, and at most one
save of the state page. With ``write=False`` (``--mentor``, ``--dry-run``) it says what it
would send and sends nothing.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime

from bot.backends.growth import GrowthBackend
from bot.core.clock import midnight
from bot.core.settings import Settings
from bot.lifecycle import plan as decide
from bot.lifecycle.result import LifecycleResult
from bot.lifecycle.roster import mentor_statuses
from bot.lifecycle.status import MentorStatus
from bot.model.journal import REASON_CLAIM, JournalError
from bot.model.mentor import MentorEntry
from bot.model.page import CurrentPage
from bot.model.problem import Problem
from bot.parse.journal import encode
from bot.parse.mentor_settings import Status
from bot.publish.funnel import Writer
from bot.publish.lifecycle import save_journal
from bot.read import users as src
from bot.read.lifecycle import read_journal
from bot.read.newusers import autocreated_accounts
from bot.read.titles import page_titles
from bot.render.i18n import Messages

log = logging.getLogger(__name__)


def said_keys(status: MentorStatus) -> set[str]:
    """The keys the trusted settings revision actually wrote; defaults do not count as asking."""
    rev = status.settings.revision
    try:
        data = json.loads(rev.text) if rev is not None else {}
    except json.JSONDecodeError:
        return set()
    return set(data) if isinstance(data, dict) else set()


def status_change(
    status: MentorStatus, entry: MentorEntry, now: datetime
) -> tuple[dict[str, object] | None, str | None]:
    """What to send for one mentor's new settings revision: (set_status arguments or None when
    GrowthExperiments already agrees, the message key of a problem to show the mentor or None).
    Pure."""
    said = said_keys(status)
    settings = status.settings.settings
    back = entry.away_until
    current_away = back if back is not None and back > now else None
    away, problem = current_away, None
    if "status" in said:
        if settings.status == Status.AWAY and settings.away_until is not None:
            away = midnight(settings.away_until) if midnight(settings.away_until) > now else None
        elif settings.status == Status.AWAY:
            problem = "mentordashboard-problem-growth-away-date"
        elif settings.status == Status.QUIT:
            problem = "mentordashboard-problem-growth-quit"
        elif settings.status == Status.ACTIVE:
            away = None
    message = settings.message if "message" in said and settings.message != entry.message else None
    weight = settings.weight if "weight" in said and settings.weight != entry.weight else None
    if away == current_away and message is None and weight is None:
        return None, problem
    return {"away_until": away, "message": message, "weight": weight}, problem


def run_growth(
    backend: GrowthBackend,
    writer: Writer,
    s: Settings,
    messages: Messages,
    now: datetime,
    *,
    write: bool,
    show: Callable[[str], None],
    known: Mapping[str, CurrentPage],
) -> LifecycleResult:
    """One lifecycle pass; KNOWN are the pages the control read holds (the state page)."""
    gw = backend.gw
    result = LifecycleResult()
    parsed = backend.mentors()
    entries = {m.username: m for m in parsed.mentors}
    mentors = mentor_statuses(gw, s, parsed, now)
    result.mentors = mentors
    titles = page_titles(gw.site, s, ())
    try:
        journal, journal_rev = read_journal(gw, titles.state, known)
    except JournalError as e:
        result.problems.append(Problem(titles.state, e.said))
        return result
    result.claims = dict(journal.claims)
    new_revision = {
        m
        for m, st in mentors.items()
        if st.settings.revision is not None
        and (m not in journal.claims or journal.claims[m].revid != st.settings.revision.revid)
    }
    stored, _ = backend.assignments(mentors)
    claimed = {n for st in mentors.values() for n in st.settings.settings.claim}
    targets = src.fetch_users(gw, names=claimed) if claimed else {}
    autocreated = autocreated_accounts(gw, decide.claims_to_decide(mentors.values(), journal) & set(targets))
    optouts = frozenset(src.fetch_optouts(gw, titles.optout))
    # Quitting is GrowthExperiments' business here: the plan must not reassign anyone.
    staying = tuple(replace(st, status=Status.ACTIVE) if st.quit else st for st in mentors.values())
    decided = decide.plan(
        decide.PlanInput(
            now=now,
            mentors=staying,
            absent=frozenset(),  # GrowthExperiments removes mentors itself
            stored={m: a.mentees.keys() for m, a in stored.items()},
            accounts={},
            claim_targets=targets,
            optouts=optouts,
            new_accounts=(),
            state=replace(journal, waiting=()),
            autocreated=autocreated,
        ),
        s,
        random.Random(s.assignment_seed),
    )
    claims = tuple(mv for mv in decided.moves if mv.reason == REASON_CLAIM)
    result.moves = claims
    result.optouts = optouts
    result.stored = None if claims and write else stored  # what the read stage can reuse
    result.claims = dict(decided.state.claims)
    changes: dict[str, dict[str, object]] = {}
    for name in sorted(new_revision):
        change, problem = status_change(mentors[name], entries[name], now)
        if problem:
            result.problems.append(Problem.of(f"User:{name}", problem))
        if change is not None:
            changes[name] = change
    if not write:
        for mv in claims:
            show(f"would ask GrowthExperiments to make {mv.to} the mentor of {mv.name} (claim)")
        for name, change in changes.items():
            show(f"would change {name} in GrowthExperiments' mentor list: {change}")
        return result

    retry: set[str] = set()
    for mv in claims:
        assert mv.to is not None
        reason = f"{s.summary_prefix}: " + messages.plain(
            "mentordashboard-summary-growth-claim", mv.to, mv.revid
        )
        refused = backend.claim(mv.name, mv.to, reason)
        if refused:
            result.problems.append(
                Problem.of(f"User:{mv.to}", "mentordashboard-problem-claim-refused", mv.name, refused)
            )
            retry.add(mv.to)
        else:
            log.info("claim: %s is now mentored by %s (was %s)", mv.name, mv.to, mv.frm)
    # A refused claim (a missing right, say) is not recorded as done: the next run tries again
    # and keeps reporting it, rather than the dashboard calling it carried out.
    claims_after = {m: r for m, r in decided.state.claims.items() if m not in retry}
    claims_after |= {m: journal.claims[m] for m in retry if m in journal.claims}
    result.claims = claims_after
    for name, change in changes.items():
        away = change["away_until"]
        message, weight = change["message"], change["weight"]
        assert away is None or isinstance(away, datetime)
        backend.set_status(
            name,
            away_until=away,
            message=message if isinstance(message, str) else None,
            weight=weight if isinstance(weight, int) else None,
        )
    final = replace(decided.state, pending=(), waiting=journal.waiting, claims=claims_after)
    if encode(final) != encode(journal):
        save_journal(
            writer,
            titles.state,
            final,
            journal_rev,
            f"{s.summary_prefix}: " + messages.plain("mentordashboard-summary-growth-journal", len(claims)),
            before=journal,
        )
    return result

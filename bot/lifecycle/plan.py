"""Decide who moves where in one run: claims, reassignment of departing mentors' mentees, and new
accounts (ARCHITECTURE §9.2, §9.3, §9.4). Pure: the sources have read everything, publish writes.

Order matters and is fixed:

1. **Claims**, oldest settings revision first, so that when two mentors claim the same newcomer
   the later revision wins. A claim is carried out once: the names already handled are kept in
   the state page, and only names new to the page count.
2. **Departing mentors** (status ``quit``, or gone from the mentor list): each mentee still with
   them is reassigned with the weighted pick. Removal from the list is only believed while the
   list has no problems at all: a malformed entry is skipped by the parser and would otherwise
   look exactly like a removed mentor, and moving a mentor's mentees away over a typo cannot be
   undone.
3. **New accounts** from the ``newusers`` log (and those still waiting), never temporary ones,
   never auto-created ones (central login brings experienced editors from other wikis; this is
   GrowthExperiments' rule too), never one that already has a mentor.

The result is a list of moves, at most one per mentee, and the next state with those moves as
its journal. Temporary accounts are recognised by the log's ``temp`` flag and by the implicit
``temp`` group of ``list=users`` (``WikiUser.temp``), never by their name.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import chain, pairwise
from typing import TYPE_CHECKING

from bot.core.names import user_name
from bot.core.settings import Settings
from bot.lifecycle.pick import Candidate, pick_mentor
from bot.lifecycle.status import Hold, Leaving, MentorStatus
from bot.model.journal import (
    NOTICE_REASSIGN,
    NOTICE_WELCOME,
    REASON_CLAIM,
    REASON_INACTIVE,
    REASON_NEW,
    REASON_OPTED_OUT,
    REASON_QUIT,
    REASON_REMOVED,
    ClaimRecord,
    ClaimResult,
    Departure,
    Journal,
    Move,
)
from bot.model.problem import Problem
from bot.model.user import NewAccount

if TYPE_CHECKING:  # pure modules stay importable without pywikibot, which bot.read.users pulls in
    from bot.model.user import WikiUser
    from bot.render.i18n import Messages

# Claim outcomes; each has a message "mentordashboard-claim-<outcome>".

SUMMARY_LIMIT = 480  # MediaWiki cuts summaries at 500 characters; leave room for the prefix


class ClaimOutcome(StrEnum):
    """Why a claim was or was not carried out; each has a message on the dashboard."""

    DONE = "done"
    ALREADY = "already"
    NO_USER = "no-such-user"
    TEMPORARY = "temporary"
    AUTOCREATED = "autocreated"
    SELF = "self"
    MENTOR = "another-mentor"
    OPTED_OUT = "opted-out"
    SUPERSEDED = "superseded"
    WAITING = "waiting"  # an assignments page involved cannot be read; tried again next run


@dataclass(frozen=True)
class PlanInput:
    now: datetime
    mentors: tuple[MentorStatus, ...]  # the whole mentor list, in list order
    # Mentors with an assignments page who are not on the list and whose name the list page no
    # longer holds anywhere: only their removal is believed (a broken entry still names them).
    absent: frozenset[str]
    # The assignment pages: mentor -> mentee ids (the pages' own keys, not a copy: a store at
    # Wikipedia scale holds every mentee of years, ARCHITECTURE §8.6).
    stored: Mapping[str, Collection[int]]
    accounts: dict[int, WikiUser]  # facts for departing mentors' mentees, new and waiting accounts
    claim_targets: dict[str, WikiUser]  # facts for every claimed name that exists
    optouts: frozenset[str]
    new_accounts: tuple[NewAccount, ...]
    state: Journal
    broken: frozenset[str] = frozenset()  # mentors whose assignments page cannot be read now
    # Claimed names whose account MediaWiki created automatically (``claims_to_decide`` says which
    # names the reader had to look up): never a mentee, claimed or not.
    autocreated: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Plan:
    moves: tuple[Move, ...]
    state: Journal  # the next state, with ``moves`` as its journal
    departed: dict[str, str]  # mentor -> REASON_QUIT or REASON_REMOVED: they get the short page
    problems: tuple[Problem, ...] = ()
    leaving: dict[str, Leaving] = field(default_factory=dict)  # departing, mentees kept for now


class Owners:
    """Who has each mentee: the first holder in ORDER. Asked of the pages themselves rather than
    copied into a map of every held id, which at Wikipedia scale would be the biggest thing the
    lifecycle holds; it is asked only about the few mentees a run moves."""

    def __init__(self, stored: Mapping[str, Collection[int]], order: Sequence[str]) -> None:
        self.pages = [(m, stored[m]) for m in order]

    def get(self, uid: int) -> str | None:
        return next((m for m, ids in self.pages if uid in ids), None)

    def __getitem__(self, uid: int) -> str:
        found = self.get(uid)
        if found is None:
            raise KeyError(uid)
        return found

    def __contains__(self, uid: int) -> bool:
        return self.get(uid) is not None

    def shared(self) -> list[tuple[int, list[str]]]:
        """Mentees on more than one page, by id, with their holders in order."""
        every = sorted(chain.from_iterable(ids for _, ids in self.pages))
        twice = sorted({a for a, b in pairwise(every) if a == b})
        return [(uid, [m for m, ids in self.pages if uid in ids]) for uid in twice]


def plan(inp: PlanInput, s: Settings, rng: random.Random) -> Plan:
    batch = inp.state.batch + 1
    listed = {m.name: m for m in inp.mentors}
    problems: list[Problem] = []
    departures = _departures(inp, s, listed, problems)
    departed = departures.departed
    # Who has each mentee. A mentee on two pages, one of them a departing mentor's, is a move an
    # interrupted run left half done: the mentor who stays is the owner.
    owner = Owners(inp.stored, sorted(inp.stored, key=lambda name: (name in departed, name)))
    for uid, names in owner.shared():
        staying = [n for n in names if n not in departed]
        if len(staying) > 1:
            problems.append(
                Problem.of(
                    "assignments", "mentordashboard-problem-two-mentors", uid, ", ".join(staying), staying[0]
                )
            )
    candidates = [
        Candidate(m.name, m.weight) for m in inp.mentors if m.takes_new_mentees and m.name not in inp.broken
    ]

    # Moves an earlier run journalled that still wait for an unreadable page: nobody plans for
    # those mentees until they are carried out.
    journalled = {m.user_id: m for m in inp.state.pending}
    moves: dict[int, Move] = dict(journalled)
    claims = dict(inp.state.claims)
    _claims(inp, listed, departed, owner, moves, claims, batch, frozenset(journalled))

    stuck_with: set[str] = set()  # departed mentors some mentees could not leave
    for mentor in sorted(departed):
        reason = departed[mentor]
        held = sorted(inp.stored.get(mentor, ()))
        stuck = 0
        for uid in held:
            if uid in moves:
                continue  # claimed this run
            if owner[uid] != mentor:
                # Left over from an interrupted run: the new mentor already has them.
                moves[uid] = Move(uid, _name(inp, uid), owner[uid], mentor, reason, batch)
                continue
            user = inp.accounts.get(uid)
            name = _name(inp, uid)
            if name in inp.optouts:
                moves[uid] = Move(uid, name, None, mentor, REASON_OPTED_OUT, batch)
                continue
            to = pick_mentor(candidates, {*departed, name}, rng)
            if to is None:
                stuck += 1
                continue
            notice = NOTICE_REASSIGN if s.reassign_notice and user is not None else None
            moves[uid] = Move(uid, name, to, mentor, reason, batch, notice)
        if stuck:
            stuck_with.add(mentor)
            problems.append(Problem.of(f"User:{mentor}", "mentordashboard-problem-stuck", stuck, mentor))

    waiting: list[int] = []
    since = inp.now - timedelta(days=s.recent_registration_days)
    fresh = [(a.user_id, a.temp or a.autocreated) for a in inp.new_accounts if _after(a, inp.state)]
    for uid, not_new in [*fresh, *((i, False) for i in inp.state.waiting)]:
        user = inp.accounts.get(uid)
        if not_new or user is None or user.temp or user.is_bot:
            continue  # temporary, auto-created, hidden or gone: never a mentee
        if uid in owner or uid in moves or user.name in inp.optouts:
            continue
        to = pick_mentor(candidates, {user.name}, rng)
        if to is None:
            if user.registration is not None and user.registration >= since and uid not in waiting:
                waiting.append(uid)
            continue
        notice = NOTICE_WELCOME if s.welcome_message else None
        moves[uid] = Move(uid, user.name, to, None, REASON_NEW, batch, notice)
    if waiting:
        problems.append(Problem.of("assignment", "mentordashboard-problem-accounts-waiting", len(waiting)))

    final = tuple(m for uid, m in moves.items() if uid not in journalled and (m.to != m.frm or m.frm is None))
    last = max(inp.new_accounts, key=lambda a: a.logid, default=None)
    state = replace(
        inp.state,
        last_logid=max(inp.state.last_logid or 0, last.logid) if last else inp.state.last_logid,
        last_log_time=max(a.timestamp for a in inp.new_accounts) if last else inp.state.last_log_time,
        waiting=tuple(waiting),
        claims=claims,
        pending=(*journalled.values(), *final),
        batch=batch if final else inp.state.batch,
        # A departure carried out is forgotten; one whose mentees could not all move keeps its
        # start, so it is retried at once rather than after a new grace period.
        leaving={m: d for m, d in departures.records.items() if m not in departed or m in stuck_with},
    )
    return Plan(final, state, departed, tuple(problems), departures.leaving)


@dataclass(frozen=True)
class _Departures:
    departed: dict[str, str]  # carried out this run: their mentees are reassigned now
    leaving: dict[str, Leaving]  # mentees kept for now, and why
    records: dict[str, Departure]  # the grace periods running, for the state page


def _departures(
    inp: PlanInput, s: Settings, listed: dict[str, MentorStatus], problems: list[Problem]
) -> _Departures:
    """Who leaves now, and who keeps their mentees for now (ARCHITECTURE §9.8).

    A removal is never guessed: only a mentor whose name has gone from the list page counts as
    removed; one still named there has a broken entry and keeps everyone. A departure with
    mentees waits ``removal_grace_hours`` from when it was first seen, and a list edit removing
    many mentors at once waits for an admin. A mentor holding no mentee leaves at once, as there
    is nothing to lose.
    """
    wanted = {m.name: REASON_INACTIVE if m.inactive else REASON_QUIT for m in inp.mentors if m.quit}
    leaving: dict[str, Leaving] = {}
    gone = sorted(m for m in inp.stored if m not in listed)
    for m in gone:
        if m in inp.absent:
            continue
        if inp.stored[m]:
            leaving[m] = Leaving(Hold.UNREADABLE, "")
            problems.append(Problem.of("mentor list", "mentordashboard-problem-entry-unreadable", m))
    removed = [m for m in gone if m in inp.absent]
    fresh = [m for m in removed if inp.stored[m] and m not in inp.state.leaving]
    confirmed = {user_name(n) for n in s.confirm_removals}
    mass = len(fresh) >= 2 and len(fresh) * 100 > s.max_removal_percent * (len(listed) + len(fresh))
    waiting = sorted(m for m in fresh if m not in confirmed) if mass else []
    if waiting:
        problems.append(
            Problem.of(
                "mentor list",
                "mentordashboard-problem-mass-removal",
                len(fresh),
                ", ".join(fresh),
                s.max_removal_percent,
                ", ".join(waiting),
            )
        )
    for m in removed:
        if m in waiting:
            leaving[m] = Leaving(Hold.CONFIRM, REASON_REMOVED)
        else:
            wanted[m] = REASON_REMOVED

    departed: dict[str, str] = {}
    records: dict[str, Departure] = {}
    grace = timedelta(hours=s.removal_grace_hours)
    for m, reason in sorted(wanted.items()):
        if not inp.stored.get(m):
            departed[m] = reason
            continue
        earlier = inp.state.leaving.get(m)
        records[m] = Departure(reason, earlier.since if earlier else inp.now)
        if m in inp.broken:
            leaving[m] = Leaving(Hold.STORE, reason)
            continue  # their mentees cannot be read, so none can be moved
        until = records[m].since + grace
        if inp.now >= until:
            departed[m] = reason
        else:
            leaving[m] = Leaving(Hold.GRACE, reason, until)
    return _Departures(departed, leaving, records)


def _after(account: NewAccount, state: Journal) -> bool:
    return state.last_logid is None or account.logid > state.last_logid


def _name(inp: PlanInput, uid: int) -> str:
    user = inp.accounts.get(uid)
    return user.name if user else f"#{uid}"


def claims_to_decide(mentors: Iterable[MentorStatus], state: Journal) -> frozenset[str]:
    """The claimed names a plan over STATE would decide: those of settings revisions not read
    before, and not carried out already. The readers look up only these."""
    return frozenset(n for m in mentors for n in _undecided(m, state) or ())


def _undecided(m: MentorStatus, state: Journal) -> list[str] | None:
    """M's claimed names not carried out yet; None when their settings revision was read before."""
    rev = m.settings.revision
    record = state.claims.get(m.name)
    if rev is None or (record is not None and record.revid == rev.revid):
        return None
    done = set(record.done) if record else set()
    return [n for n in m.settings.settings.claim if n not in done]


def _claims(
    inp: PlanInput,
    listed: dict[str, MentorStatus],
    departed: dict[str, str],
    owner: Owners,
    moves: dict[int, Move],
    claims: dict[str, ClaimRecord],
    batch: int,
    journalled: frozenset[int],
) -> None:
    """Carry out every claim not carried out before, oldest settings revision first. A claim that
    must wait for an unreadable assignments page is not recorded as handled, so it is tried again
    on the next run."""
    work = []
    for m in inp.mentors:
        rev, names = m.settings.revision, _undecided(m, inp.state)
        if rev is None or names is None or m.name in departed:
            continue
        work.append((rev.timestamp, rev.revid, m.name, names))
    results: dict[str, list[ClaimResult]] = {}
    took: dict[int, tuple[str, int]] = {}  # uid -> (mentor, index of their result) within this run
    waited: set[str] = set()  # mentors with a claim that waits
    for _, revid, mentor, names in sorted(work):
        out = results.setdefault(mentor, [])
        for name in names:
            outcome, other = _claim_outcome(inp, listed, owner, moves, mentor, name, journalled)
            if outcome == ClaimOutcome.WAITING:
                waited.add(mentor)
            if outcome == ClaimOutcome.DONE:
                user = inp.claim_targets[name]
                earlier = took.get(user.user_id)
                if earlier is not None:
                    prev_mentor, index = earlier
                    res = results[prev_mentor]
                    res[index] = ClaimResult(res[index].name, ClaimOutcome.SUPERSEDED, mentor)
                first_owner = moves[user.user_id].frm if user.user_id in moves else owner.get(user.user_id)
                moves[user.user_id] = Move(
                    user.user_id, user.name, mentor, first_owner, REASON_CLAIM, batch, by=mentor, revid=revid
                )
                took[user.user_id] = (mentor, len(out))
            out.append(ClaimResult(name, outcome, other))
    for _, revid, mentor, handled in work:
        record = claims.get(mentor)
        current = listed[mentor].settings.settings.claim
        waits = {r.name for r in results.get(mentor, ()) if r.outcome == ClaimOutcome.WAITING}
        kept = tuple(n for n in current if (record and n in record.done) or (n in handled and n not in waits))
        new_results = results.get(mentor) or []
        claims[mentor] = ClaimRecord(
            # A revision with a waiting claim is read again next run (no revision is 0).
            revid=0 if mentor in waited else revid,
            done=kept,
            results=tuple(new_results) if new_results else (record.results if record else ()),
            at=inp.now if new_results else (record.at if record else None),
        )


def _claim_outcome(
    inp: PlanInput,
    listed: dict[str, MentorStatus],
    owner: Owners,
    moves: dict[int, Move],
    mentor: str,
    name: str,
    journalled: frozenset[int],
) -> tuple[str, str]:
    user = inp.claim_targets.get(name)
    if user is None:
        return ClaimOutcome.NO_USER, ""
    if user.temp:
        return ClaimOutcome.TEMPORARY, ""
    if name in inp.autocreated:
        return ClaimOutcome.AUTOCREATED, ""
    if name == mentor:
        return ClaimOutcome.SELF, ""
    if name in listed:
        return ClaimOutcome.MENTOR, ""
    if name in inp.optouts:
        return ClaimOutcome.OPTED_OUT, ""
    uid = user.user_id
    if mentor in inp.broken:
        return ClaimOutcome.WAITING, mentor
    if uid in journalled or owner.get(uid) in inp.broken:
        return ClaimOutcome.WAITING, owner.get(uid) or ""
    now_with = moves[uid].to if uid in moves else owner.get(uid)
    if now_with == mentor:
        return ClaimOutcome.ALREADY, ""
    # Name the mentor they had before this run; one who only got them earlier in it never did.
    return ClaimOutcome.DONE, (moves[uid].frm if uid in moves else owner.get(uid)) or ""


# --- edit summaries ----------------------------------------------------------------------------

# Each reason's message suffix: "reassigned from X, who …" and "X, …: reassigned".
_REASON_KEYS = {REASON_QUIT: "quit", REASON_REMOVED: "removed", REASON_INACTIVE: "inactive"}


def summary_added(target: str, moves: Sequence[Move], messages: Messages) -> str:
    """Why mentees were added to TARGET's assignments page, in the wiki's language; every claim
    is named."""
    parts: list[str] = []
    new = [m.name for m in moves if m.reason == REASON_NEW]
    if new:
        parts.append(messages.plain("mentordashboard-summary-assigned-new", len(new), _list(new, messages)))
    for m in moves:
        if m.reason == REASON_CLAIM:
            if m.frm:
                parts.append(
                    messages.plain("mentordashboard-summary-claim-was", m.name, m.by, m.revid, m.frm)
                )
            else:
                parts.append(messages.plain("mentordashboard-summary-claim", m.name, m.by, m.revid))
    for reason, key in _REASON_KEYS.items():
        by_source: dict[str, list[str]] = {}
        for m in moves:
            if m.reason == reason and m.frm:
                by_source.setdefault(m.frm, []).append(m.name)
        for source, names in sorted(by_source.items()):
            parts.append(
                messages.plain(
                    f"mentordashboard-summary-reassigned-from-{key}", source, _list(names, messages)
                )
            )
    return _cut(messages.plain("mentordashboard-summary-separator").join(parts))


def summary_removed(source: str, moves: Sequence[Move], messages: Messages) -> str:
    """Why mentees left SOURCE's assignments page, and where each went, in the wiki's language."""
    parts: list[str] = []
    for m in moves:
        if m.reason == REASON_CLAIM:
            parts.append(messages.plain("mentordashboard-summary-claimed-by", m.name, m.to, m.revid))
    for reason, key in _REASON_KEYS.items():
        went = [f"{m.name} → {m.to}" for m in moves if m.reason == reason]
        if went:
            parts.append(
                messages.plain(f"mentordashboard-summary-reassigned-to-{key}", source, _list(went, messages))
            )
    out = [m.name for m in moves if m.reason == REASON_OPTED_OUT]
    if out:
        parts.append(messages.plain("mentordashboard-summary-released", _list(out, messages)))
    return _cut(messages.plain("mentordashboard-summary-separator").join(parts))


def _list(names: Iterable[str], messages: Messages) -> str:
    return messages.plain("mentordashboard-summary-comma").join(names)


def _cut(text: str) -> str:
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"

"""The "this week" digest at the top of a dashboard: what happened among the mentees lately. Pure.

Everything comes from data the read stage already holds (account facts, the contributions
stream, the block log, warning templates, questions), so the digest costs no request.

"This week" is the ISO week, from Monday 00:00 UTC. Its start moves only on Monday, so the clock
alone changes the counts once a week, when the heading's date changes too (ARCHITECTURE §7.6). The
edits list carries absolute UTC times, never "2 hours ago".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.build.questions import Question
from bot.core.clock import week_start
from bot.model.assignment import day_number
from bot.model.dormant import NO_DORMANT, Dormant
from bot.model.mentee import MenteeFacts
from bot.model.talk import Asker
from bot.model.user import Edit

TAG_REVERTED = "mw-reverted"


@dataclass(frozen=True)
class DigestEdit:
    """One line of the digest's edit list."""

    user: str
    revid: int
    title: str
    timestamp: datetime
    comment: str | None  # None: hidden by revision deletion
    reverted: bool
    tags: tuple[str, ...]  # core ``mw-*`` tags other than mw-reverted, shown with their wiki names
    praiseworthy: bool = False  # by a mentee M7 lists, and not reverted: worth a thank


@dataclass(frozen=True)
class Digest:
    since: date  # first day of the week, for the heading
    new_mentees: int
    first_edits: int
    questions: int
    blocked_or_warned: int
    edits: tuple[DigestEdit, ...]
    thanks: bool = False  # the wiki has the Thanks extension: each edit gets a link to thank for it


def made_first_edit_since(f: MenteeFacts, since: datetime, window_start: datetime) -> bool:
    """Whether the mentee's first edit ever falls on or after SINCE.

    The contributions stream reaches back to WINDOW_START only. For an account registered
    after that, its oldest edit in the stream is its first; for an older account, it is its
    first only if every edit the wiki counts is in the stream.
    """
    a = f.activity
    if a.first_in_window is None or a.first_in_window < since:
        return False
    reg = f.user.registration
    return (reg is not None and reg >= window_start) or f.user.editcount <= a.edits_in_window


def asked_by(
    asker: str, names: Collection[str], dormant: Dormant, askers: Mapping[str, Asker] | None
) -> bool:
    """Whether ASKER is one of the mentees: by name, or by account for the dormant ones."""
    if asker in names:
        return True
    account = askers.get(asker) if askers and dormant.count else None
    return account is not None and account.user_id is not None and dormant.holds(account.user_id)


def build_digest(
    facts: Iterable[MenteeFacts],
    *,
    questions: Iterable[Question],
    now: datetime,
    window_start: datetime,
    max_edits: int,
    praiseworthy: frozenset[str] = frozenset(),
    thanks: bool = False,
    dormant: Dormant = NO_DORMANT,
    askers: Mapping[str, Asker] | None = None,
) -> Digest:
    """Counts for the week and the latest MAX_EDITS edits across the mentor's mentees.

    A new mentee is one assigned this week (the assignment pages keep the day). A warning's
    date is the last edit of the warned mentee's talk page, the closest date the wiki offers for
    it at no cost. PRAISEWORTHY names the mentees M7 lists: their edits that stand are marked.
    THANKS: the wiki has the Thanks extension (siteinfo says), so each edit can be thanked for.
    FACTS are the mentees other than the DORMANT ones, who have no edit in the window (so no
    first edit and no edit to list) and count from their totals; ASKERS (the accounts behind
    thread openers) tell which questions a dormant mentee asked.
    """
    since = week_start(now)
    facts = list(facts)
    names = {f.user.name for f in facts}
    new = sum(1 for f in facts if f.assigned is not None and f.assigned >= since.date())
    new += dormant.assigned_since(day_number(since.date()))
    first = sum(1 for f in facts if made_first_edit_since(f, since, window_start))
    asked = sum(1 for q in questions if q.asked >= since and asked_by(q.asker, names, dormant, askers))
    troubled = sum(1 for t in dormant.troubled if t >= since)
    for f in facts:
        blocked = any(t >= since for t in f.blocks)
        if blocked or (f.warned and f.warned_at is not None and f.warned_at >= since):
            troubled += 1
    edits = sorted(
        (e for f in facts for e in f.activity.latest),
        key=lambda e: (e.timestamp, e.revid),
        reverse=True,
    )[:max_edits]
    return Digest(
        since=since.date(),
        new_mentees=new,
        first_edits=first,
        questions=asked,
        blocked_or_warned=troubled,
        edits=tuple(_line(e, e.user in praiseworthy) for e in edits),
        thanks=thanks,
    )


def _line(e: Edit, praised: bool) -> DigestEdit:
    reverted = TAG_REVERTED in e.tags
    return DigestEdit(
        user=e.user,
        revid=e.revid,
        title=e.title,
        timestamp=e.timestamp,
        comment=e.comment,
        reverted=reverted,
        tags=tuple(sorted(t for t in set(e.tags) if t.startswith("mw-") and t != TAG_REVERTED)),
        praiseworthy=praised and not reverted,
    )

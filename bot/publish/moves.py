"""Carry out the moves the plan decided: the writes of the mentor lifecycle, in a crash-safe order.

The order is what makes a run killed at any point safe to finish later:

1. the journal (the moves) is saved on the state page first;
2. every mentee is **added** to their new mentor's assignments page;
3. notices are posted, each carrying a hidden key; a talk page that already holds the key is
   never posted to again, so a replay cannot duplicate a notice;
4. mentees are **removed** from their old mentor's page only now, so at every moment each mentee
   is on at least one page;
5. the journal is cleared.

A run that finds a journal repeats steps 2–5 for it: adding a mentee already there, or removing
one already gone, changes nothing. Every assignments write is based on the revision read; when
someone else saved the page in between, MediaWiki refuses the edit (ConflictError) and the page
is read again and the same change re-applied, so the other edit is kept too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pywikibot

from bot.gateway import Gateway
from bot.lifecycle.journal import Move, State, encode
from bot.lifecycle.notices import Notice
from bot.lifecycle.plan import summary_added, summary_removed
from bot.model.assignment import Assignments
from bot.model.page import CurrentPage
from bot.publish.pages import ConflictError, bot_may_edit, save, save_assignments
from bot.read import assignments as store
from bot.read.pages import read_current

log = logging.getLogger(__name__)

CONFLICT_RETRIES = 3


@dataclass
class ApplyReport:
    edits: list[str] = field(default_factory=list)  # titles saved, in order
    notices_posted: list[str] = field(default_factory=list)
    notices_skipped: list[tuple[str, str]] = field(default_factory=list)  # (title, why)


def save_state(gw: Gateway, title: str, state: State, base_revid: int | None, summary: str) -> int | None:
    """Save the state page based on the revision read; returns the new revision id."""
    result = save(gw, title, encode(state), summary, base_revid, contentmodel="json")
    edit = result.get("edit", {})
    if edit.get("nochange"):
        return base_revid
    return int(edit["newrevid"])


def apply_moves(
    gw: Gateway,
    moves: Sequence[Move],
    pages: dict[str, Assignments],
    *,
    title_for: Callable[[str], str],
    day: int,
    summary_prefix: str,
    notices: Iterable[Notice] = (),
) -> ApplyReport:
    """Steps 2–4 above. PAGES are the assignment pages as read (missing mentors get a new page)."""
    report = ApplyReport()
    for to in sorted({m.to for m in moves if m.to}):
        batch = [m for m in moves if m.to == to]
        added = {m.user_id for m in batch}
        _change(
            gw,
            pages,
            to,
            title_for(to),
            _adding(added, day),
            f"{summary_prefix}: {summary_added(to, batch)}",
            report,
        )
    post_notices(gw, list(notices), report)
    for frm in sorted({m.frm for m in moves if m.frm}):
        batch = [m for m in moves if m.frm == frm]
        leaving = {m.user_id for m in batch}
        _change(
            gw,
            pages,
            frm,
            title_for(frm),
            _removing(leaving),
            f"{summary_prefix}: {summary_removed(frm, batch)}",
            report,
        )
    return report


def _adding(ids: set[int], day: int) -> Callable[[dict[int, int]], dict[int, int]]:
    """Add IDS assigned on DAY; a mentee already there keeps their date, so a replay changes nothing."""
    return lambda mentees: {**{uid: day for uid in ids}, **mentees}


def _removing(ids: set[int]) -> Callable[[dict[int, int]], dict[int, int]]:
    return lambda mentees: {uid: d for uid, d in mentees.items() if uid not in ids}


def _change(
    gw: Gateway,
    pages: dict[str, Assignments],
    mentor: str,
    title: str,
    change: Callable[[dict[int, int]], dict[int, int]],
    summary: str,
    report: ApplyReport,
) -> None:
    """Apply CHANGE to one mentor's page, re-reading and re-applying after a concurrent edit."""
    page = pages.get(mentor) or Assignments(mentor, title)
    for attempt in range(CONFLICT_RETRIES + 1):
        new = change(dict(page.mentees))
        if new == page.mentees and page.revid is not None:
            pages[mentor] = page
            return
        try:
            pages[mentor] = save_assignments(gw, page, new, summary)
            report.edits.append(title)
            return
        except ConflictError:
            if attempt == CONFLICT_RETRIES:
                raise
            log.info(
                "%s changed while the bot was writing it; reading it again (attempt %d)", title, attempt + 2
            )
            page = read_assignments(gw, mentor, title)


def read_assignments(gw: Gateway, mentor: str, title: str) -> Assignments:
    """One assignments page as it is now (an empty one when it does not exist)."""
    current = read_current(gw, [title]).get(title)
    if current is None or current.text is None:
        return Assignments(mentor, title)
    stored_mentor, mentees = store.decode(current.text, title)
    return Assignments(stored_mentor or mentor, title, mentees, current.revid)


def post_notices(gw: Gateway, notices: Sequence[Notice], report: ApplyReport) -> None:
    """Post each notice unless its key is already on the page or the page says {{nobots}}."""
    if not notices:
        return
    current = read_current(gw, {n.title for n in notices})
    for n in notices:
        page = current.get(n.title) or CurrentPage(n.title, None, None)
        if page.text is not None and n.marker in page.text:
            report.notices_skipped.append((n.title, "already posted"))
            continue
        if not bot_may_edit(gw, page):
            log.info("%s carries {{nobots}} for this bot; no notice posted", n.title)
            report.notices_skipped.append((n.title, "nobots"))
            continue
        post: dict[str, Any] = {
            "title": n.title,
            "section": "new",
            "sectiontitle": n.heading,
            "text": f"{n.body}\n{n.marker} ~~~~",
            "summary": n.summary,
            "bot": 1,
        }
        try:
            # A new section sent twice is two notices, so a failed post is not resent blindly.
            gw.post("edit", max_retries=0, **post)
        except (pywikibot.exceptions.ApiTimeoutError, pywikibot.exceptions.ServerError):
            again = read_current(gw, [n.title]).get(n.title)
            if again is None or again.text is None or n.marker not in again.text:
                gw.post("edit", **post)  # it never arrived: send it again, with the usual retries
            else:
                log.info("%s: the notice arrived though the answer was lost", n.title)
        log.info("notice posted on %s (%s)", n.title, n.move.notice_key())
        report.notices_posted.append(n.title)

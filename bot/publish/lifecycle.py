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

Cost: one save per mentor who gains or loses mentees, one batched read of the notice pages and
one new section per notice, and two saves of the state page per batch. Every write goes through
the ``Writer``, so a dry run that got this far would still write nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.lifecycle.notices import Notice
from bot.lifecycle.plan import summary_added, summary_removed
from bot.model.assignment import Assignments
from bot.model.journal import Journal, Move
from bot.model.page import CurrentPage
from bot.parse.journal import encode
from bot.publish.funnel import ConflictError, Writer
from bot.publish.pages import save_assignments
from bot.read.lifecycle import read_assignments_page
from bot.read.pages import read_current
from bot.render.i18n import Messages

log = logging.getLogger(__name__)

CONFLICT_RETRIES = 3


@dataclass
class ApplyReport:
    edits: list[str] = field(default_factory=list)  # titles saved, in order
    notices_posted: list[str] = field(default_factory=list)
    notices_skipped: list[tuple[str, str]] = field(default_factory=list)  # (title, why)


def save_journal(
    writer: Writer,
    title: str,
    journal: Journal,
    base_revid: int | None,
    summary: str,
    *,
    before: Journal | None = None,
) -> int | None:
    """Save the state page based on the revision read; the revision it now has.

    BEFORE, the journal as read, is what a dry run's diff is shown against.
    """
    old = None if before is None else encode(before)
    revid = writer.save(title, encode(journal), summary, base_revid, old=old, contentmodel="json")
    return base_revid if revid is None else revid


def apply_moves(
    writer: Writer,
    moves: Sequence[Move],
    pages: dict[str, Assignments],
    *,
    title_for: Callable[[str], str],
    day: int,
    summary_prefix: str,
    messages: Messages,
    notices: Iterable[Notice] = (),
) -> ApplyReport:
    """Steps 2–4 above. PAGES are the assignment pages as read (missing mentors get a new page)."""
    report = ApplyReport()
    for to in sorted({m.to for m in moves if m.to}):
        batch = [m for m in moves if m.to == to]
        added = {m.user_id for m in batch}
        _change(
            writer,
            pages,
            to,
            title_for(to),
            _adding(added, day),
            f"{summary_prefix}: {summary_added(to, batch, messages)}",
            report,
        )
    post_notices(writer, list(notices), report)
    for frm in sorted({m.frm for m in moves if m.frm}):
        batch = [m for m in moves if m.frm == frm]
        leaving = {m.user_id for m in batch}
        _change(
            writer,
            pages,
            frm,
            title_for(frm),
            _removing(leaving),
            f"{summary_prefix}: {summary_removed(frm, batch, messages)}",
            report,
        )
    return report


def _adding(ids: set[int], day: int) -> Callable[[dict[int, int]], dict[int, int]]:
    """Add IDS assigned on DAY; a mentee already there keeps their date, so a replay changes nothing."""
    return lambda mentees: {**{uid: day for uid in ids}, **mentees}


def _removing(ids: set[int]) -> Callable[[dict[int, int]], dict[int, int]]:
    return lambda mentees: {uid: d for uid, d in mentees.items() if uid not in ids}


def _change(
    writer: Writer,
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
        if page.unreadable:  # the plan never sends a move here; writing would lose the page's mentees
            log.warning("%s cannot be read (%s); left alone", title, page.unreadable)
            pages[mentor] = page
            return
        new = change(dict(page.mentees))
        if new == page.mentees and page.revid is not None:
            pages[mentor] = page
            return
        try:
            pages[mentor] = save_assignments(writer, page, new, summary)
            report.edits.append(title)
            return
        except ConflictError:
            if attempt == CONFLICT_RETRIES:
                raise
            log.info(
                "%s changed while the bot was writing it; reading it again (attempt %d)", title, attempt + 2
            )
            page = read_assignments_page(writer.gw, mentor, title)


def post_notices(writer: Writer, notices: Sequence[Notice], report: ApplyReport) -> None:
    """Post each notice unless its key is already on the page or the page says {{nobots}}."""
    if not notices:
        return
    current = read_current(writer.gw, {n.title for n in notices})
    for n in notices:
        page = current.get(n.title) or CurrentPage(n.title, None, None)
        if page.text is not None and n.marker in page.text:
            report.notices_skipped.append((n.title, "already posted"))
            continue
        text = f"{n.body}\n{n.marker} ~~~~"
        why_not = writer.post_section(
            n.title, n.heading, text, n.summary, marker=n.marker, current=page.text or ""
        )
        if why_not:
            report.notices_skipped.append((n.title, why_not))
            continue
        log.info("notice posted on %s (%s)", n.title, n.move.notice_key())
        report.notices_posted.append(n.title)

"""Saving one page: save what changed, protect the dashboards, respect the bot rules.

Saving is deliberately small and boring (EarwigBot's shape): the ``Writer`` has checked the
shutoff page (``bot/publish/batch.py``), so compare the new text with the current one ignoring
the clock-only line, honour ``{{nobots}}`` and the wiki's
in-use templates (the ``Writer`` asks pywikibot for every page it saves), save with the
bot flag and a summary that says what changed, then make sure the page is protected. Every
write goes through the ``Writer`` (``bot/publish/funnel.py``), which turns it into a diff in a
dry run; the comparison comes first, so an unchanged page costs no request at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.model.assignment import Assignments
from bot.model.page import PROTECTION, CurrentPage, Outcome, PageAction
from bot.parse import assignments
from bot.publish.funnel import ConflictError, ExcludedError, Writer, unified_diff

log = logging.getLogger(__name__)


def publish(
    writer: Writer,
    current: CurrentPage,
    new_text: str,
    summary: str,
    *,
    same: Callable[[str, str], bool] = str.__eq__,
    protect: str | None = None,
    model: str = "wikitext",
) -> Outcome:
    """Save NEW_TEXT over CURRENT unless ``same(old, new)``; protect it afterwards with the
    reason PROTECT (None: leave the protection alone). A page of MODEL other than wikitext
    (the workspace's JSON, JavaScript and CSS) is saved with that content model, and a current
    page of another model is never the same.

    The save is based on the revision read, so a concurrent edit surfaces as ConflictError
    instead of being overwritten. In a dry run the writer shows the diff and saves nothing.
    """
    title = current.title
    if current.text is not None and current.model == model and same(current.text, new_text):
        if protect is not None:
            ensure_protected(writer, current, protect)
        return Outcome(title, PageAction.UNCHANGED)
    extra = {} if model == "wikitext" else {"contentmodel": model}
    try:
        writer.save(title, new_text, summary, current.revid, old=current.text, **extra)
    except ExcludedError as e:
        log.warning("%s", e)
        return Outcome(title, PageAction.SKIPPED_NOBOTS)
    if protect is not None:
        ensure_protected(writer, current, protect)
    if writer.dry_run:  # the diff is kept only here: a pass saving hundreds of pages holds none
        return Outcome(title, PageAction.DRY_RUN, unified_diff(title, current.text, new_text))
    return Outcome(title, PageAction.CREATED if current.revid is None else PageAction.UPDATED)


def create_once(writer: Writer, title: str, text: str, summary: str) -> Outcome:
    """Create TITLE with TEXT only if it does not exist; a page that exists is never overwritten.

    ``createonly`` makes MediaWiki itself refuse when someone created the page in the meantime,
    so this cannot race with the mentor. The page is the mentor's, so it is not protected.
    """
    try:
        writer.save(title, text, summary, None)
    except ConflictError:
        return Outcome(title, PageAction.UNCHANGED)
    if writer.dry_run:
        return Outcome(title, PageAction.DRY_RUN, unified_diff(title, None, text))
    return Outcome(title, PageAction.CREATED)


def ensure_protected(writer: Writer, current: CurrentPage, reason: str) -> None:
    """Protect edit=sysop, move=sysop when the bot may; otherwise warn once and go on. REASON is
    the protection log's comment, in the wiki's language."""
    if current.protected:
        return
    if not writer.gw.site.has_right("protect"):
        log.warning("cannot protect %s: the bot account lacks the 'protect' right", current.title)
        return
    writer.protect(
        current.title,
        protections="|".join(f"{t}={lvl}" for t, lvl in PROTECTION.items()),
        expiry="|".join("infinite" for _ in PROTECTION),
        reason=reason,
    )


def save_assignments(
    writer: Writer, current: Assignments, mentees: dict[int, int], summary: str
) -> Assignments:
    """Write one mentor's assignments page, based on the revision read.

    A concurrent change raises ConflictError; the caller re-reads and re-applies its change, so
    nothing another writer did is ever overwritten.
    """
    if mentees == current.mentees and current.revid is not None:
        return current
    revid = writer.save(
        current.title,
        assignments.encode(current.mentor, mentees),
        summary,
        current.revid,
        old=None if current.revid is None else assignments.encode(current.mentor, current.mentees),
        contentmodel="json",
    )
    return Assignments(current.mentor, current.title, dict(mentees), revid or current.revid)

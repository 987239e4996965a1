"""The publish stage: save every built page that changed, through the one write funnel.

The current texts come in chunks of ``CHUNK`` pages, each read just before its pages are saved
and dropped after, so the memory a pass needs does not grow with the number of pages (the
shutoff page, checked once more right before the first write, and the status page come in a
read of their own). FAQ pages are created first, so the
dashboards that transclude them are parsed with them. A page the wiki refuses for its own
content or title (too big, a blacklisted link, an edit filter) does not stop the others: the
refusal becomes a problem on the status page and an outcome the exit code reports.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pywikibot.exceptions import APIError

from bot.model.edit import PageEdit
from bot.model.page import CurrentPage, Outcome, PageAction
from bot.model.problem import Problem
from bot.ops.progress import progress
from bot.parse.workspace import same_code, same_data
from bot.publish.funnel import Writer
from bot.publish.pages import create_once, publish
from bot.read.pages import read_current
from bot.render.pages import strip_updated_line

log = logging.getLogger(__name__)

CHUNK = 50  # pages whose current text is held at once: one read request per chunk

# Refusals that concern one page's content or title, not the bot or the wiki as a whole.
PAGE_REFUSALS = frozenset(
    {
        "contenttoobig",
        "spamblacklist",
        "abusefilter-disallowed",
        "abusefilter-warning",
        "titleblacklist-forbidden",
        "cascadeprotected",
        "protectedpage",
    }
)


@dataclass
class Published:
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    status: CurrentPage | None = None  # the status page as it was before this pass


def same_but_clock(old: str, new: str) -> bool:
    """Equal once the "last updated" line is dropped: the clock alone is not a change."""
    return strip_updated_line(old) == strip_updated_line(new)


# How each content model's pages are compared (ARCHITECTURE §4.2, docs/GADGET.md): the clock
# alone is no change to a dashboard or to a workspace data page.
SAME_BY_MODEL: dict[str, Callable[[str, str], bool]] = {
    "json": same_data,
    "javascript": same_code,
    "css": same_code,
}


def publish_pages(
    writer: Writer,
    pages: Iterable[PageEdit],
    creations: Iterable[PageEdit],
    *,
    shutoff: str,
    status: str,
    protect_reason: str,
) -> Published:
    pages, creations = list(pages), list(creations)
    # The first chunk rides with the shutoff and status pages: a quiet pass reads once here.
    first = CHUNK - 2
    current = read_current(writer.gw, [shutoff, status, *(p.title for p in pages[:first])])
    if not writer.dry_run:  # again, just before the first write (a dry run writes nothing)
        writer.guard_shutoff(shutoff, current.get(shutoff))
    done = Published(status=current.get(status) or CurrentPage(status, None, None))
    for page in creations:
        done.outcomes.append(create_once(writer, page.title, page.text, page.summary))
    for i, page in enumerate(progress(pages, len(pages), "publish")):
        if i >= first and (i - first) % CHUNK == 0:  # the previous chunk's texts are gone by now
            current = read_current(writer.gw, [p.title for p in pages[i : i + CHUNK]])
        saved = current.pop(page.title, None) or CurrentPage(page.title, None, None)
        same = SAME_BY_MODEL.get(page.model, same_but_clock)
        outcome, problem = save_page(writer, saved, page, same, protect_reason)
        done.outcomes.append(outcome)
        if problem is not None:
            done.problems.append(problem)
    return done


def save_page(
    writer: Writer,
    current: CurrentPage,
    page: PageEdit,
    same: Callable[[str, str], bool],
    protect_reason: str,
) -> tuple[Outcome, Problem | None]:
    """One page through the funnel; a refusal of this page alone is an outcome, not an error."""
    try:
        reason = protect_reason if page.protect else None
        outcome = publish(
            writer, current, page.text, page.summary, same=same, protect=reason, model=page.model
        )
    except APIError as e:
        if e.code not in PAGE_REFUSALS:
            raise
        log.error("%s was not saved: %s: %s", page.title, e.code, e.info)
        problem = Problem.of(page.title, "mentordashboard-problem-save-refused", e.code, e.info)
        return Outcome(page.title, PageAction.REFUSED), problem
    if outcome.action is PageAction.SKIPPED_NOBOTS:
        return outcome, Problem.of(page.title, "mentordashboard-problem-nobots", "{{nobots}}", "{{bots}}")
    return outcome, None


def publish_status(
    writer: Writer, current: CurrentPage, page: PageEdit, *, heartbeat: bool, protect_reason: str
) -> Problem | None:
    """The status page: saved when its content changed, or once a day as a heartbeat."""
    same = (lambda a, b: False) if heartbeat else same_but_clock
    _, problem = save_page(writer, current, page, same, protect_reason)
    return problem

"""The write funnel: the one object that changes the wiki, and the one place a dry run is enforced.

Every write the bot makes goes through a ``Writer``: page saves (dashboards, FAQ pages, the
status page, the bot's assignments and state JSON pages), protections, new talk-page sections
and the two GrowthExperiments actions. The gateway's public methods refuse write actions, and
only this module calls its write channel, so a write that skips the dry-run check cannot be
written by accident: it fails the first time it runs (and a unit test looks for callers).

In a dry run the Writer sends nothing. A page save becomes a unified diff, shown through
``show`` (the command line prints it); a protection, a notice or a GrowthExperiments action
becomes a log line. The callers still decide what to write exactly as in a real run, so a dry
run shows what a real one would do; the lifecycle, which would also read again after each
write, skips its writes itself and says "would …" instead, and the funnel is the guarantee.

The shutoff page (ARCHITECTURE §4.1) is read with the control pages, and the Writer is told
it was empty (``guard_shutoff``); from then on every write first reads it again when that is
more than ``SHUTOFF_RECHECK_SECONDS`` ago, so someone who writes on it during a long pass (a
first run at a 10 s put throttle lasts an hour) stops the bot within a minute, before its next
write, and not only when the next stage happens to read it.

What one write costs: a save is one request (plus the CSRF token, fetched once a session); a
save whose answer was lost costs one more read to find out whether it landed.
"""

from __future__ import annotations

import difflib
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import pywikibot
from pywikibot.exceptions import APIError, ApiTimeoutError, ServerError

from bot.gateway import Gateway
from bot.model.page import CurrentPage
from bot.read.control import check_shutoff
from bot.read.pages import read_current

log = logging.getLogger(__name__)

# A save based on a revision fails with one of these when the page changed under the bot.
CONFLICT_CODES = frozenset({"editconflict", "articleexists", "missingtitle"})
SHUTOFF_RECHECK_SECONDS = 60.0  # at most one read of the shutoff page a minute while writing


class ConflictError(RuntimeError):
    """The page changed after the bot read it; the caller re-reads and tries again."""


class ExcludedError(pywikibot.exceptions.Error):  # type: ignore[misc]  # pywikibot is untyped
    """The page tells this bot to keep off; nothing was written to it."""


def bot_may_edit(site: pywikibot.site.APISite, title: str, text: str | None) -> bool:
    """Whether TITLE, holding TEXT now (None: read it), lets this bot edit, by pywikibot's rules.

    ``Page.botMayEdit`` reads ``{{bots}}``/``{{nobots}}`` and the templates the family lists as
    ``edit_restricted_templates`` (``In use``, cs ``Pracuje se``, …) and archive templates, and
    obeys ``ignore_bot_templates`` in user-config.py. It asks the wiki which templates the saved
    page really uses (one ``prop=templates`` request), so a template named in a comment or
    ``<nowiki>`` does not count. Every page the bot writes goes through here, newcomers' talk
    pages included.
    """
    if text is not None and "{{" not in text:
        return True  # pywikibot would find no template in it either: spare its request
    page = pywikibot.Page(site, title)
    if text is not None:
        page.text = text
    return bool(page.botMayEdit())


def unified_diff(title: str, old: str | None, new: str) -> str:
    return "".join(
        difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{title} (current)",
            tofile=f"{title} (new)",
        )
    )


class Writer:
    """Sends the bot's writes through one gateway; with ``dry_run`` it sends none."""

    def __init__(self, gw: Gateway, *, dry_run: bool, show: Callable[[str], None] = print) -> None:
        self.gw = gw
        self.dry_run = dry_run
        self.show = show  # where a dry run's diffs go
        self._shutoff: str | None = None  # the shutoff page, once the pass has read it
        self._shutoff_read = 0.0  # time.monotonic() of the last read that found it empty

    def guard_shutoff(self, title: str, page: CurrentPage | None) -> None:
        """Raise ShutoffError when the shutoff page TITLE, as just read (PAGE), says stop;
        else remember the read, and read it again before any write once it is out of date."""
        check_shutoff(page)
        self._shutoff, self._shutoff_read = title, time.monotonic()

    def _before_write(self) -> None:
        if self._shutoff is None or time.monotonic() - self._shutoff_read < SHUTOFF_RECHECK_SECONDS:
            return
        self.guard_shutoff(self._shutoff, read_current(self.gw, [self._shutoff]).get(self._shutoff))

    def save(
        self,
        title: str,
        text: str,
        summary: str,
        base_revid: int | None,
        *,
        old: str | None = None,
        **extra: object,
    ) -> int | None:
        """One bot-flagged edit based on BASE_REVID (None: the page must not exist yet).

        Returns the new revision id, or None when no revision was made (the text was already
        there, or this is a dry run, which shows the diff from OLD instead). A concurrent edit
        raises ConflictError instead of being overwritten; a page that keeps bots off
        (``bot_may_edit``, asked of every existing page, OLD being its text) raises ExcludedError.
        """
        if base_revid is not None:
            self.refuse_excluded(title, old)
        if self.dry_run:
            diff = unified_diff(title, old, text)
            if diff:
                self.show(diff)
            return None
        self._before_write()
        params: dict[str, Any] = {"title": title, "text": text, "summary": summary, "bot": 1, **extra}
        if base_revid is None:
            params["createonly"] = 1
        else:
            params["baserevid"] = base_revid
            params["nocreate"] = 1
        try:
            result = self.gw._write("edit", **params)
        except APIError as e:
            if e.code not in CONFLICT_CODES:
                raise
            landed = own_save_landed(self.gw, title, text, json_model=extra.get("contentmodel") == "json")
            if landed is None:
                raise ConflictError(
                    f"{title} changed while the bot was working ({e.code}); it will retry"
                ) from e
            # pywikibot retried an edit whose answer was lost (reset, timeout, cut body): the
            # first attempt did save, and a second save of the same text is not a conflict.
            log.info("%s: saved, but the wiki's answer was lost; the retry found the edit done", title)
            self.gw.edits += 1
            return landed
        edit = result.get("edit", {})
        newrevid = edit.get("newrevid")
        return None if edit.get("nochange") or newrevid is None else int(newrevid)

    def protect(self, title: str, *, protections: str, expiry: str, reason: str) -> None:
        """``action=protect`` with PROTECTIONS like ``edit=sysop|move=sysop``."""
        if self.dry_run:
            log.info("dry run: %s would be protected (%s)", title, protections)
            return
        self._before_write()
        self.gw._write("protect", title=title, protections=protections, expiry=expiry, reason=reason)

    def refuse_excluded(self, title: str, current: str | None) -> None:
        """Raise ExcludedError when TITLE (holding CURRENT; None: read it) keeps this bot off."""
        if not bot_may_edit(self.gw.site, title, current):
            raise ExcludedError(
                f"{title} asks this bot to keep off ({{{{nobots}}}}, {{{{bots}}}} or an in-use "
                "template); not saved"
            )

    def new_section(
        self, title: str, heading: str, text: str, summary: str, *, marker: str, current: str | None = None
    ) -> bool:
        """Add a section to TITLE; True once it is there. TEXT must hold MARKER.

        A new section sent twice is two sections, so it is sent with ``max_retries=0``; after a
        failure whose answer never came, the page is read and the section sent again only when
        MARKER is not on it (one read, and at most one more write). CURRENT is the page's text
        as read (None: read it); a page that keeps bots off raises ExcludedError.
        """
        self.refuse_excluded(title, current)
        if self.dry_run:
            log.info("dry run: no section %r added to %s", heading, title)
            return False
        self._before_write()
        post: dict[str, Any] = {
            "title": title,
            "section": "new",
            "sectiontitle": heading,
            "text": text,
            "summary": summary,
            "bot": 1,
        }
        try:
            self.gw._write("edit", max_retries=0, **post)
        except (ApiTimeoutError, ServerError):
            again = read_current(self.gw, [title]).get(title)
            if again is None or again.text is None or marker not in again.text:
                self.gw._write("edit", **post)  # it never arrived: send it again, with the usual retries
            else:
                log.info("%s: the section arrived though the answer was lost", title)
        return True

    def post_section(
        self, title: str, heading: str, text: str, summary: str, *, marker: str, current: str | None
    ) -> str | None:
        """``new_section`` for the bot's messages, which skip a page rather than stop: None once
        posted, else why not ("nobots", "dry run"), as the run report lists it."""
        try:
            posted = self.new_section(title, heading, text, summary, marker=marker, current=current)
        except ExcludedError as e:
            log.info("%s; nothing posted", e)
            return "nobots"
        return None if posted else "dry run"

    def set_growth_mentor(self, mentee: str, mentor: str, reason: str) -> None:
        """``action=growthsetmentor``; GrowthExperiments' refusals come as APIError."""
        if self.dry_run:
            log.info("dry run: GrowthExperiments not asked to make %s the mentor of %s", mentor, mentee)
            return
        self._before_write()
        self.gw._write("growthsetmentor", mentee=mentee, mentor=mentor, reason=reason)

    def change_growth_mentor(self, username: str, params: dict[str, str]) -> None:
        """``action=growthmanagementorlist&geaction=change`` for USERNAME, with PARAMS."""
        if self.dry_run:
            log.info("dry run: %s not changed in GrowthExperiments' mentor list (%s)", username, params)
            return
        self._before_write()
        change: dict[str, Any] = {"geaction": "change", "username": username, **params}
        self.gw._write("growthmanagementorlist", **change)


def own_save_landed(gw: Gateway, title: str, text: str, *, json_model: bool = False) -> int | None:
    """The revision id when TITLE's latest revision is the bot's own, holding TEXT; else None.

    MediaWiki trims trailing whitespace on save, and may re-serialise JSON, so the comparison
    allows for both.
    """
    pages = gw.request(
        action="query", prop="revisions", titles=title, rvprop="ids|user|content", rvslots="main"
    )["query"]["pages"]
    revs = pages[0].get("revisions") if pages else None
    if not revs or revs[0].get("user") != gw.site.username():
        return None
    saved = revs[0]["slots"]["main"].get("content", "")
    if json_model:
        try:
            same = json.loads(saved) == json.loads(text)
        except ValueError:
            same = False
    else:
        same = saved.rstrip() == text.rstrip()
    return int(revs[0]["revid"]) if same else None

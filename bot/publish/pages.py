"""The only stage that writes: save what changed, protect the dashboards, respect the bot rules.

Saving is deliberately small and boring (EarwigBot's shape): check the shutoff page, compare the
new text with the current one ignoring the clock-only line, honour ``{{nobots}}``, save with the
bot flag and a summary that says what changed, then make sure the page is protected.
"""

from __future__ import annotations

import difflib
import json
import logging
from collections.abc import Callable
from typing import Any

import pywikibot
from pywikibot.exceptions import APIError

from bot.gateway import Gateway
from bot.model.assignment import Assignments
from bot.model.page import PROTECTION, CurrentPage, Outcome
from bot.read import assignments

log = logging.getLogger(__name__)


class ShutoffError(RuntimeError):
    """Someone asked the bot to stop by writing on its shutoff page."""


class ReadOnlyError(RuntimeError):
    """The wiki takes no edits for now ($wgReadOnly, a database switchover); try again later."""


class ConflictError(RuntimeError):
    """The page changed after the bot read it; the caller re-reads and tries again."""


def check_shutoff(page: CurrentPage | None) -> None:
    """Raise ShutoffError when the shutoff page holds anything but whitespace."""
    if page and page.text and page.text.strip():
        raise ShutoffError(
            f"{page.title} is not empty, so the bot stopped before writing: {page.text.strip()[:200]}"
        )


def check_writable(gw: Gateway) -> frozenset[str]:
    """Raise ReadOnlyError when the wiki says it is read-only; else the installed extensions.

    Asked before logging in, because on a read-only wiki even the login is refused, and
    pywikibot retries a ``readonly`` answer with waits that add up to many minutes. The same
    request lists the extensions, which the choice of backend needs: one request, not two.
    """
    query = gw.request(action="query", meta="siteinfo", siprop="general|extensions")["query"]
    general = query["general"]
    if general.get("readonly"):
        reason = str(general.get("readonlyreason") or "no reason given")
        raise ReadOnlyError(f"the wiki is read-only ({reason}); nothing was written, the next run catches up")
    return frozenset(str(e.get("name", "")) for e in query.get("extensions", []))


def bot_may_edit(gw: Gateway, current: CurrentPage) -> bool:
    """pywikibot's reading of {{bots}}/{{nobots}} on the current text."""
    if current.text is None or "bots" not in current.text.lower():
        return True  # no {{bots}}/{{nobots}} in the text: skip pywikibot's two template queries
    page = pywikibot.Page(gw.site, current.title)
    page.text = current.text
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


def publish(
    gw: Gateway,
    current: CurrentPage,
    new_text: str,
    summary: str,
    *,
    same: Callable[[str, str], bool] = str.__eq__,
    dry_run: bool = False,
    protect: bool = True,
) -> Outcome:
    """Save NEW_TEXT over CURRENT unless ``same(old, new)``; protect it afterwards when asked.

    The save is based on the revision read, so a concurrent edit surfaces as ConflictError
    instead of being overwritten.
    """
    title = current.title
    if current.text is not None and same(current.text, new_text):
        if protect and not dry_run:
            ensure_protected(gw, current)
        return Outcome(title, "unchanged")
    if not bot_may_edit(gw, current):
        log.warning("%s carries {{nobots}} for this bot; not saved", title)
        return Outcome(title, "skipped-nobots")
    diff = unified_diff(title, current.text, new_text)
    if dry_run:
        return Outcome(title, "dry-run", diff)
    save(gw, title, new_text, summary, current.revid)
    if protect:
        ensure_protected(gw, current)
    return Outcome(title, "created" if current.revid is None else "updated", diff)


def save(
    gw: Gateway, title: str, text: str, summary: str, base_revid: int | None, **extra: object
) -> dict[str, Any]:
    """One bot-flagged edit based on BASE_REVID (None: the page must not exist yet)."""
    params: dict[str, Any] = {"title": title, "text": text, "summary": summary, "bot": 1, **extra}
    if base_revid is None:
        params["createonly"] = 1
    else:
        params["baserevid"] = base_revid
        params["nocreate"] = 1
    try:
        return gw.post("edit", **params)
    except APIError as e:
        if e.code in ("editconflict", "articleexists", "missingtitle"):
            landed = own_save_landed(gw, title, text, json_model=extra.get("contentmodel") == "json")
            if landed is not None:
                # pywikibot retried an edit whose answer was lost (reset, timeout, cut body): the
                # first attempt did save, and a second save of the same text is not a conflict.
                log.info("%s: saved, but the wiki's answer was lost; the retry found the edit done", title)
                gw.edits += 1
                return {"edit": {"result": "Success", "title": title, "newrevid": landed}}
            raise ConflictError(f"{title} changed while the bot was working ({e.code}); it will retry") from e
        raise


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


def create_once(gw: Gateway, title: str, text: str, summary: str, *, dry_run: bool = False) -> Outcome:
    """Create TITLE with TEXT only if it does not exist; a page that exists is never overwritten.

    ``createonly`` makes MediaWiki itself refuse when someone created the page in the meantime,
    so this cannot race with the mentor. The page is the mentor's, so it is not protected.
    """
    if dry_run:
        return Outcome(title, "dry-run", unified_diff(title, None, text))
    try:
        save(gw, title, text, summary, None)
    except ConflictError:
        return Outcome(title, "unchanged")
    return Outcome(title, "created")


def ensure_protected(gw: Gateway, current: CurrentPage) -> None:
    """Protect edit=sysop, move=sysop when the bot may; otherwise warn once and go on."""
    if current.protected:
        return
    if not gw.site.has_right("protect"):
        log.warning("cannot protect %s: the bot account lacks the 'protect' right", current.title)
        return
    gw.post(
        "protect",
        title=current.title,
        protections="|".join(f"{t}={lvl}" for t, lvl in PROTECTION.items()),
        expiry="infinite|infinite",
        reason="Mentor dashboard: generated by a bot, edit the settings page instead",
    )


def save_assignments(gw: Gateway, current: Assignments, mentees: dict[int, int], summary: str) -> Assignments:
    """Write one mentor's assignments page, based on the revision read.

    A concurrent change raises ConflictError; the caller re-reads and re-applies its change, so
    nothing another writer did is ever overwritten.
    """
    if mentees == current.mentees and current.revid is not None:
        return current
    result = save(
        gw,
        current.title,
        assignments.encode(current.mentor, mentees),
        summary,
        current.revid,
        contentmodel="json",
    )
    revid = result.get("edit", {}).get("newrevid", current.revid)
    return Assignments(current.mentor, current.title, dict(mentees), revid)

"""What the mentor lifecycle reads before it decides: the mentors, the journal, one store page.

The lifecycle's other inputs have readers of their own (``bot/read/mentor_list.py`` for the
list, ``bot/read/users.py`` for accounts and opt-outs, ``bot/read/newusers.py`` for new
accounts, ``bot/read/assignments.py`` for the whole store); these are the ones only the
lifecycle needs. Costs:

* the state page is in the control read already (``KNOWN``), so reading it costs nothing
  unless the settings moved it; one history request when it cannot be read;
* the mentors: one batched revisions query for every settings page (plus one history request
  for each page whose last editor is not its owner), one users query for the accounts, one for
  the other editors' groups when there are any, and, only when an inactivity rule is on, one
  contributions pass over the lookback window;
* one assignments page: one request, only when a journal is replayed or a save conflicted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.assignment import Assignments
from bot.model.journal import Journal, JournalError
from bot.model.page import CurrentPage
from bot.model.user import WikiUser
from bot.parse import assignments as codec
from bot.parse.journal import decode
from bot.parse.mentor_settings import ReadSettings, trusted_settings
from bot.read.engagement import fetch_last_edits
from bot.read.history import recent_revisions, revision_text
from bot.read.mentor_settings import fetch_admins, fetch_settings_revisions
from bot.read.pages import read_current
from bot.read.users import fetch_users


@dataclass(frozen=True)
class MentorReads:
    """What the wiki says about the listed mentors, by name."""

    settings: dict[str, ReadSettings]  # from each settings page's newest trusted revision
    accounts: dict[str, WikiUser]  # mentors without an account are missing
    last_edits: dict[str, datetime]  # only those who edited since the window read; empty: not read


def current_page(gw: Gateway, title: str, known: Mapping[str, CurrentPage]) -> CurrentPage | None:
    """TITLE as it is now: from KNOWN (pages this pass read already) or one request."""
    if title in known:
        return known[title]
    return read_current(gw, [title]).get(title)


def read_mentors(
    gw: Gateway, s: Settings, settings_titles: Mapping[str, str], *, edits_since: datetime | None
) -> MentorReads:
    """Settings, account and (with EDITS_SINCE) last edit of each mentor in SETTINGS_TITLES.

    A settings revision counts only when the mentor or an admin saved it, so the groups of
    everyone else who edited a settings page are read too.
    """
    names = list(settings_titles)
    revisions = fetch_settings_revisions(gw, dict(settings_titles))
    editors = {r.user for m, revs in revisions.items() for r in revs if r.user != m}
    admins = fetch_admins(gw, editors, s.settings_trusted_groups) if editors else set()
    accounts = fetch_users(gw, names=names)
    last_edits = fetch_last_edits(gw, list(accounts), since=edits_since) if edits_since else {}
    settings = {n: trusted_settings(n, revisions.get(n, ()), admins) for n in names}
    return MentorReads(settings, accounts, last_edits)


def read_journal(gw: Gateway, title: str, known: Mapping[str, CurrentPage]) -> tuple[Journal, int | None]:
    """The journal on the state page TITLE and the revision read (None: no page yet).

    Raises JournalError when the page holds something the bot did not write.
    """
    page = current_page(gw, title, known)
    if page is None or page.text is None:
        return Journal(), None
    return decode(page.text), page.revid


def read_last_journal(gw: Gateway, title: str, bot_user: str) -> tuple[Journal, int, int] | None:
    """When the state page cannot be read: the newest of its last revisions that the bot saved
    and can read, as (journal, that revision, the page's current revision); one request."""
    revisions = recent_revisions(gw, title)
    for rev in revisions:
        if rev.get("user") != bot_user:
            continue
        try:
            journal = decode(revision_text(rev))
        except JournalError:
            continue
        return journal, int(rev["revid"]), int(revisions[0]["revid"])
    return None


def read_assignments_page(gw: Gateway, mentor: str, title: str) -> Assignments:
    """One assignments page as it is now (an empty one when it does not exist); a page that
    cannot be read comes back flagged ``unreadable``, and nothing is written to it."""
    current = read_current(gw, [title]).get(title)
    if current is None or current.text is None:
        return Assignments(mentor, title)
    try:
        stored_mentor, mentees = codec.decode(current.text, title)
    except codec.AssignmentError as e:
        return Assignments(mentor, title, {}, current.revid, unreadable=str(e))
    return Assignments(stored_mentor or mentor, title, mentees, current.revid)


def read_assignments_pages(gw: Gateway, titles: Mapping[str, str]) -> dict[str, Assignments]:
    """``read_assignments_page`` for each mentor → title in TITLES (one request each)."""
    return {mentor: read_assignments_page(gw, mentor, title) for mentor, title in titles.items()}

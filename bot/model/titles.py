"""Every title a pass uses, as the wiki writes it: worked out by ``bot/read/titles.py``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MentorTitles:
    user: str  # User:<Mentor>
    talk: str  # User talk:<Mentor>
    dashboard: str
    faq: str
    praise: str  # the mentor's praise message page (preloaded into new talk sections)
    settings: str  # the mentor's own settings JSON
    welcome: str = ""  # the mentor's welcome message page (preloaded for mentees not yet greeted)
    data: str = ""  # User:<Bot>/Dashboards/<Mentor>.json: the workspace's rows (docs/GADGET.md)


@dataclass(frozen=True)
class SharedTitles:
    index: str  # every mentor's dashboard, for anyone looking for one
    unanswered: str  # the cross-mentor list of overdue questions
    resources: str
    community_faq: str  # the bank every mentor's FAQ page is first copied from


@dataclass(frozen=True)
class GadgetTitles:
    """The browser workspace's pages, all under ``User:<Bot>/`` (docs/GADGET.md)."""

    code: str  # the JavaScript a mentor's common.js loads
    style: str  # its CSS
    mentors: str  # the list of mentors and their pages, for the personal-tools link
    messages: str  # the gadget-* messages in the wiki's language


@dataclass(frozen=True)
class Titles:
    bot: str  # the bot's user name
    shutoff: str
    settings: str
    mentor_list: str
    status: str
    state: str  # the lifecycle's state page (log position, claims, journal)
    shared: SharedTitles  # the pages every dashboard links or transcludes
    optout: str
    assignments_prefix: str  # "User:<Bot>/Assignments/": edits below it are the bot's own input
    mentors: dict[str, MentorTitles]
    gadget: GadgetTitles | None = None  # None: the workspace is off (Settings.gadget)

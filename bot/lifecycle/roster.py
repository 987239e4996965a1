"""Who is mentoring, and in what state: the mentor list joined with each mentor's settings page,
account and, when an inactivity rule is on, their last edit.

Both lifecycles start here (the standalone one with the mentor list page, the growth one with
GrowthExperiments' list), so a mentor's status is worked out one way on either kind of wiki.
The reads are ``bot/read/lifecycle.py``'s ``read_mentors`` (its cost is there); the rules are
``bot/lifecycle/status.py`` and ``bot/lifecycle/inactive.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.lifecycle import inactive
from bot.lifecycle.status import MentorStatus, mentor_status
from bot.model.mentor import ParsedList
from bot.read.lifecycle import read_mentors
from bot.read.titles import page_titles


def mentor_statuses(gw: Gateway, s: Settings, parsed: ParsedList, now: datetime) -> dict[str, MentorStatus]:
    """Each listed mentor's status, by name, in list order."""
    titles = page_titles(gw.site, s, [m.username for m in parsed.mentors])
    days = inactive.lookback_days(s)
    window = inactive.cutoff(now, days)
    reads = read_mentors(
        gw, s, {n: t.settings for n, t in titles.mentors.items()}, edits_since=window if days else None
    )
    out: dict[str, MentorStatus] = {}
    for entry in parsed.mentors:
        user = reads.accounts.get(entry.username)
        status = mentor_status(entry, reads.settings[entry.username], user, now, s)
        if days and user is not None:
            # No edit inside the window read: quiet since before it, unless they registered later.
            seen = reads.last_edits.get(user.name) or max(
                t for t in (user.registration, window - timedelta(seconds=1)) if t
            )
            status = inactive.apply_inactivity(status, seen, now, s)
        out[entry.username] = status
    return out

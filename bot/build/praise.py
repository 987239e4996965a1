"""M7, personalized praise: which mentees have earned a word of encouragement this week. Pure.

The rules follow GrowthExperiments' personalized praise (``GEPersonalizedPraise*``): enough
edits in a short window, still a newcomer, not blocked, few of those edits reverted, and not
praised recently. Each threshold is a wiki setting and the mentor may override it in their own
settings JSON, so a mentor with many mentees can raise the bar without asking an admin.

Windows start on a Monday (``bot/core/clock.py``) and the page names that day, so the list
changes with the clock at most once a week.
"Praised" means the mentor thanked the mentee, or edited the mentee's talk page, within
``quiet_days``: both are the mentor speaking to the mentee, and a reply in an existing thread
encourages as much as a new section does. The sources read both in batches (see
``bot/read/engagement.py``); this module only decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.core.clock import window_start
from bot.model.praise import Praise, PraiseEntry, PraiseRules


@dataclass(frozen=True)
class PraiseView:
    """M7 as the template shows it."""

    rules: PraiseRules
    entries: tuple[PraiseEntry, ...]
    preload: str | None  # the mentor's praise message page, when it exists
    preload_title: str  # where the mentor can write one
    since: date  # where the edits window starts, a Monday: the page names the day, not a count
    quiet_since: date  # where "not praised lately" starts


def praise_view(
    praise: Praise | None, preload_title: str, existing: frozenset[str], today: date
) -> PraiseView | None:
    """M7's view-model; the preload page is used only when it exists (an empty preload is worse
    than none: the mentor would start from a blank box with no hint)."""
    if praise is None:
        return None
    preload = preload_title if preload_title in existing else None
    rules = praise.rules
    since, quiet = window_start(today, rules.days).date(), window_start(today, rules.quiet_days).date()
    return PraiseView(rules, praise.entries, preload, preload_title, since, quiet)

"""M7, personalized praise: which mentees have earned a word of encouragement this week. Pure.

The rules follow GrowthExperiments' personalized praise (``GEPersonalizedPraise*``): enough
edits in a short window, still a newcomer, not blocked, few of those edits reverted, and not
praised recently. Each threshold is a wiki setting and the mentor may override it in their own
settings JSON, so a mentor with many mentees can raise the bar without asking an admin.

Windows are whole UTC days ending today, so the list changes with the clock at most once a day.
"Praised" means the mentor thanked the mentee, or edited the mentee's talk page, within
``quiet_days``: both are the mentor speaking to the mentee, and a reply in an existing thread
encourages as much as a new section does. The sources read both in batches (see
``bot/read/engagement.py``); this module only decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from bot.build.overview import exclusion
from bot.core.clock import last_days_start
from bot.core.settings import Settings
from bot.model.mentee import MenteeFacts
from bot.model.praise import PraiseEntry, PraiseRules


@dataclass(frozen=True)
class PraiseView:
    """M7 as the template shows it."""

    rules: PraiseRules
    entries: tuple[PraiseEntry, ...]
    preload: str | None  # the mentor's praise message page, when it exists
    preload_title: str  # where the mentor can write one


def candidates(
    facts: Iterable[MenteeFacts], rules: PraiseRules, now: datetime, s: Settings
) -> list[PraiseEntry]:
    """Mentees who meet every rule but "not praised recently", which needs the mentor's thanks.

    Listed mentees only (DESIGN §4.2): an opted-out or indefinitely blocked mentee is never
    suggested. Most edits first, then by name, so the order is stable between runs.
    """
    since = last_days_start(now.date(), rules.days)
    out = []
    for f in facts:
        if exclusion(f, now, s) is not None:
            continue
        if rules.skip_blocked and f.user.block is not None:
            continue
        if f.user.editcount >= rules.max_edits:
            continue
        edits = sum(1 for t in f.activity.recent_times if t >= since)
        reverted = sum(1 for t in f.reverted if t >= since)
        if edits < rules.min_edits or reverted > rules.max_reverted:
            continue
        out.append(PraiseEntry(f.user.name, edits, reverted, f.user.editcount))
    out.sort(key=lambda e: (-e.edits, e.name))
    return out


def not_recently_praised(
    entries: Iterable[PraiseEntry],
    praised: Mapping[str, datetime],
    rules: PraiseRules,
    today: date,
) -> list[PraiseEntry]:
    """Drop mentees the mentor thanked or wrote to since the start of the quiet window.

    PRAISED holds, per mentee, the latest time the mentor did either.
    """
    if rules.quiet_days <= 0:
        return list(entries)
    since = last_days_start(today, rules.quiet_days)
    return [e for e in entries if (t := praised.get(e.name)) is None or t < since]


def latest_contact(*sources: Mapping[str, datetime]) -> dict[str, datetime]:
    """Per mentee, the latest of several "the mentor spoke to them" records."""
    out: dict[str, datetime] = {}
    for source in sources:
        for name, t in source.items():
            if name not in out or t > out[name]:
                out[name] = t
    return out

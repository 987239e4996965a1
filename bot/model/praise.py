"""Praise (M7): the rules a mentor praises by, who meets them, and who was praised lately. Pure.

The rules follow GrowthExperiments' personalized praise: enough edits in a short window,
still a newcomer, not blocked, few of those edits reverted, and not praised recently. They sit
with the records because the praise reader applies them before it asks the wiki anything (only
mentors with a candidate left cost a request), and the dashboard shows what they chose.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.core.clock import window_start
from bot.core.settings import Settings
from bot.model.mentee import MenteeFacts, exclusion


@dataclass(frozen=True)
class PraiseOverrides:
    """The mentor's own M7 thresholds; None keeps the wiki's default (``Settings.praise_*``)."""

    days: int | None = None
    min_edits: int | None = None
    max_edits: int | None = None
    max_reverted: int | None = None
    quiet_days: int | None = None
    skip_blocked: bool | None = None


@dataclass(frozen=True)
class PraiseRules:
    days: int
    min_edits: int
    max_edits: int
    max_reverted: int
    quiet_days: int
    skip_blocked: bool

    @classmethod
    def of(cls, s: Settings, own: PraiseOverrides | None = None) -> PraiseRules:
        """The wiki's defaults with the mentor's own values on top; the window never exceeds the
        contributions window the read stage keeps (``recent_days``)."""
        o = own or PraiseOverrides()
        days = o.days if o.days is not None else s.praise_days
        return cls(
            days=max(1, min(days, s.recent_days)),
            min_edits=o.min_edits if o.min_edits is not None else s.praise_min_edits,
            max_edits=o.max_edits if o.max_edits is not None else s.praise_max_edits,
            max_reverted=o.max_reverted if o.max_reverted is not None else s.praise_max_reverted,
            quiet_days=o.quiet_days if o.quiet_days is not None else s.praise_quiet_days,
            skip_blocked=o.skip_blocked if o.skip_blocked is not None else s.praise_skip_blocked,
        )


@dataclass(frozen=True)
class PraiseEntry:
    """One praiseworthy mentee, with the figures that earned it."""

    name: str
    edits: int  # in the window
    reverted: int  # in the window
    total_edits: int


@dataclass(frozen=True)
class Praise:
    """M7 for one mentor: the rules applied and who met them."""

    rules: PraiseRules
    entries: tuple[PraiseEntry, ...] = ()


@dataclass(frozen=True)
class EngagementData:
    praise: Mapping[str, Praise] = field(default_factory=dict)  # by mentor; absent: M7 is off


def candidates(
    facts: Iterable[MenteeFacts], rules: PraiseRules, now: datetime, s: Settings
) -> list[PraiseEntry]:
    """Mentees who meet every rule but "not praised recently", which needs the mentor's thanks.

    Listed mentees only (ARCHITECTURE §6.2): an opted-out or indefinitely blocked mentee is never
    suggested. Most edits first, then by name, so the order is stable between runs.
    """
    since = window_start(now.date(), rules.days)
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
    since = window_start(today, rules.quiet_days)
    return [e for e in entries if (t := praised.get(e.name)) is None or t < since]


def latest_contact(*sources: Mapping[str, datetime]) -> dict[str, datetime]:
    """Per mentee, the latest of several "the mentor spoke to them" records."""
    out: dict[str, datetime] = {}
    for source in sources:
        for name, t in source.items():
            if name not in out or t > out[name]:
                out[name] = t
    return out

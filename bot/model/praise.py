"""Praise (M7): the rules a mentor praises by, and the mentees who met them, as plain records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.settings import Settings
from bot.parse.mentor_settings import PraiseOverrides


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

"""The bot's status page, ``User:<Bot>/Status``: what the last run did and what needs fixing.

Run-specific figures (time, duration, requests, pages changed) sit on the clock-only line, which
the comparison ignores; so the page is saved when the problems or the mentor count change, and
otherwise at most once a day, as a heartbeat operators can watch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.model.problem import Problem

_LAST_RUN_DATE = re.compile(r'<span class="mentor-dashboard-updated">[^<]*?(\d{4}-\d\d-\d\d)')


@dataclass(frozen=True)
class StatusView:
    bot: str
    updated: datetime
    seconds: float
    reads: int
    writes: int
    changed: tuple[str, ...]
    mentors: int
    dry_run: bool
    problems: tuple[Problem, ...]


def heartbeat_due(saved_text: str | None, now: datetime) -> bool:
    """True when the saved status page is from an earlier day (or missing)."""
    if not saved_text:
        return True
    m = _LAST_RUN_DATE.search(saved_text)
    return m is None or m.group(1) < now.date().isoformat()

"""The opt-in message on a mentor's talk page: whether one is due, and what it says. Pure.

Mentors do not open their dashboard every day, and asked to be told when a mentee needs them.
A section on their own talk page makes MediaWiki (Echo, where installed) notify them, so the bot
needs no channel of its own. A mentor chooses ``"notify": "weekly"`` (on ``notify_day``) or
``"daily"`` in their settings; nobody gets one unasked.

A period starts at 00:00 UTC of its day (the chosen weekday, or every day), so the clock alone
moves it only at midnight. The key of a message is its period's kind and first day: publish
posts at most one message per key (``bot/publish/ping.py``). The message says what the "needs
you now" block says (``bot/build/attention.py``), so a quiet period sends nothing, and a period
whose first runs were quiet sends one as soon as something waits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.build.attention import NeedsYou
from bot.parse.mentor_settings import MentorSettings, Notify

PING_MARKER = "<!-- mentor-dashboard-notice {key} -->"


@dataclass(frozen=True)
class Period:
    """One daily or weekly period of a mentor's messages."""

    notify: Notify
    first_day: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, time(), UTC)

    @property
    def key(self) -> str:
        """Unique per mentor and period; a user name is not in it, the talk page is the mentor's."""
        return f"ping:{self.notify.value}:{self.first_day.isoformat()}"

    @property
    def marker(self) -> str:
        return PING_MARKER.format(key=self.key)


def current_period(settings: MentorSettings, today: date) -> Period | None:
    """The period TODAY falls in, for a mentor who asked for messages; None when they did not."""
    if settings.notify is Notify.DAILY:
        return Period(Notify.DAILY, today)
    if settings.notify is Notify.WEEKLY:
        back = (today.weekday() - settings.notify_day) % 7
        return Period(Notify.WEEKLY, today - timedelta(days=back))
    return None


@dataclass(frozen=True)
class PingView:
    """What one message shows: the waiting items and where the dashboard is."""

    mentor: str
    dashboard: str
    settings: str  # the mentor's settings page, where the messages are turned off
    needs: NeedsYou
    overdue_days: int
    period: Period


def ping_view(
    mentor: str,
    settings: MentorSettings,
    needs: NeedsYou | None,
    *,
    dashboard: str,
    settings_page: str,
    overdue_days: int,
    today: date,
) -> PingView | None:
    """The message for this period, or None: not asked for, or nothing waits on the mentor."""
    period = current_period(settings, today)
    if period is None or needs is None:
        return None
    return PingView(mentor, dashboard, settings_page, needs, overdue_days, period)

"""Time in one place: the API speaks ISO 8601 UTC, the bot works in aware UTC datetimes.

Every window a page shows starts on a Monday, 00:00 UTC (ARCHITECTURE §7.6): "this week" is the
ISO week, and "the last N days" is stretched back to a Monday so that it covers at least N whole
days. The clock alone then moves a window once a week, on Monday, and a mentor who watches their
dashboard gets an edit only when something happened (or a new week began). The helpers that
compute those Mondays all live here, and so does the one formatter for timestamps sent to the
API. Display formats (``2026-11-25 09:32`` on a page) belong to ``bot/render/pages.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta


def parse_api_time(value: str) -> datetime:
    """An API timestamp ("2026-11-25T09:32:00Z") or a 14-digit MediaWiki one, as aware UTC."""
    if len(value) == 14 and value.isdigit():
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def api_time(moment: datetime) -> str:
    """MOMENT as the API takes timestamps: ``2026-11-25T09:32:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utcnow() -> datetime:
    return datetime.now(UTC)


def midnight(day: date) -> datetime:
    """00:00 UTC of DAY: when "away until DAY" ends, and where day-long windows start."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def day_start(moment: datetime) -> datetime:
    """Midnight UTC of MOMENT's day: windows counted from here move once a day, not every second."""
    return midnight(moment.astimezone(UTC).date())


def monday_of(day: date) -> date:
    """The Monday of DAY's ISO week."""
    return day - timedelta(days=day.weekday())


def week_start(now: datetime) -> datetime:
    """Where the digest's "this week" starts: 00:00 UTC on the Monday of NOW's ISO week."""
    return midnight(monday_of(now.astimezone(UTC).date()))


def window_start(today: date, days: int) -> datetime:
    """Where a window of "at least DAYS whole days up to today" starts: a Monday, 00:00 UTC.

    It is the Monday on or before (this week's Monday minus DAYS - 1 days), so even on a Monday
    the window covers DAYS days, today included; by Sunday it has grown by up to twelve more.
    Every window moves on the same day, when a new ISO week begins (with the digest's week), so
    the clock touches a page once a week at most instead of once per window. The page writes
    the date, so readers see the window exactly ("edits since 2026-10-26"). DAYS of 0 or less is
    today's week.
    """
    this_monday = monday_of(today)
    return midnight(monday_of(this_monday - timedelta(days=max(0, days - 1))))


def log_read_start(
    last_time: datetime | None, now: datetime, lookback: timedelta, overlap: timedelta
) -> datetime:
    """Where an incremental log read begins: OVERLAP before the last entry processed, or
    LOOKBACK ago on a first run. Entries are then kept by id, so the overlap costs no duplicates
    and an entry written in the same second as the last one is not missed."""
    return now - lookback if last_time is None else last_time - overlap

"""Time in one place: the API speaks ISO 8601 UTC, the bot works in aware UTC datetimes.

Every window the dashboard shows starts at a midnight UTC, so the clock alone changes a page
at most once a day; the helpers that compute those midnights all live here, and so does the
one formatter for timestamps sent to the API. Display formats (``2026-11-25 09:32`` on a page)
belong to ``bot/render/pages.py``, not here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

# "This week" on a dashboard: the last seven whole UTC days, today included.
WEEK_DAYS = 7


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


def days_before(day: date, days: int) -> datetime:
    """00:00 UTC DAYS days before DAY: where "the last DAYS days" starts when counted from midnight.

    M1's recent window, M5's windows and the inactive-mentor thresholds all start here, so a
    page they feed changes with the clock only at midnight.
    """
    return midnight(day - timedelta(days=days))


def last_days_start(today: date, days: int) -> datetime:
    """00:00 UTC on the first of the last DAYS whole days, today included (M7, the digest)."""
    return days_before(today, days - 1)


def week_start(now: datetime) -> datetime:
    """Where the digest's "this week" starts: 00:00 UTC six days before today."""
    return last_days_start(now.date(), WEEK_DAYS)


def log_read_start(
    last_time: datetime | None, now: datetime, lookback: timedelta, overlap: timedelta
) -> datetime:
    """Where an incremental log read begins: OVERLAP before the last entry processed, or
    LOOKBACK ago on a first run. Entries are then kept by id, so the overlap costs no duplicates
    and an entry written in the same second as the last one is not missed."""
    return now - lookback if last_time is None else last_time - overlap

"""Time in one place: the API speaks ISO 8601 UTC, the bot works in aware UTC datetimes.

Every window the dashboard shows starts at a midnight UTC, so the clock alone changes a page
at most once a day; the helpers that compute those midnights all live here.
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


def last_days_start(today: date, days: int) -> datetime:
    """00:00 UTC on the first of the last DAYS whole days, today included."""
    return midnight(today - timedelta(days=days - 1))

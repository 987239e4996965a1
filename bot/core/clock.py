"""Time in one place: the API speaks ISO 8601 UTC, the bot works in aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime


def parse_api_time(value: str) -> datetime:
    """An API timestamp ("2026-11-25T09:32:00Z") or a 14-digit MediaWiki one, as aware UTC."""
    if len(value) == 14 and value.isdigit():
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def day_start(moment: datetime) -> datetime:
    """Midnight UTC of MOMENT's day: windows counted from here move once a day, not every second."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)

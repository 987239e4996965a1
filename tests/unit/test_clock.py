"""Windows start at a midnight UTC, so the clock alone moves them once a day; one API time format."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from bot.core.clock import (
    api_time,
    log_read_start,
    parse_api_time,
    week_start,
    window_start,
)


def test_api_time_is_utc_with_a_z_whatever_zone_it_was_given() -> None:
    moment = datetime(2026, 11, 25, 10, 32, tzinfo=timezone(timedelta(hours=1)))
    assert api_time(moment) == "2026-11-25T09:32:00Z"
    assert parse_api_time(api_time(moment)) == moment


def test_the_week_is_the_iso_week_from_monday_midnight() -> None:
    morning, night = datetime(2026, 11, 25, 0, 0, tzinfo=UTC), datetime(2026, 11, 25, 23, 59, tzinfo=UTC)
    assert week_start(morning) == week_start(night) == datetime(2026, 11, 23, tzinfo=UTC)


def test_a_window_of_n_days_starts_on_a_monday_and_covers_at_least_n_days() -> None:
    for days in (1, 7, 14, 30, 90, 180):
        starts = set()
        for offset in range(21):  # three weeks of days, Monday 2026-11-23 first
            today = date(2026, 11, 23) + timedelta(days=offset)
            start = window_start(today, days)
            assert start.weekday() == 0 and start.time() == datetime.min.time()
            assert days <= (today - start.date()).days + 1 <= days + 12
            starts.add((offset // 7, start))
        assert len(starts) == 3, "it moves once a week, on Monday, and only then"


def test_a_thirty_day_window_read_on_a_thursday_starts_on_the_monday_before_the_thirtieth_day() -> None:
    # Thursday 2026-12-03: this week's Monday is 11-30; 29 days before it is Sunday 11-01.
    assert window_start(date(2026, 12, 3), 30) == datetime(2026, 10, 26, tzinfo=UTC)


def test_a_log_read_resumes_just_before_the_last_entry_or_looks_back_on_a_first_run() -> None:
    now, last = datetime(2026, 11, 25, 12, tzinfo=UTC), datetime(2026, 11, 24, 8, tzinfo=UTC)
    day, hour = timedelta(days=14), timedelta(hours=24)
    assert log_read_start(last, now, day, hour) == last - hour
    assert log_read_start(None, now, day, hour) == now - day

"""Windows start at a midnight UTC, so the clock alone moves them once a day; one API time format."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from bot.core.clock import api_time, days_before, last_days_start, log_read_start, parse_api_time, week_start


def test_api_time_is_utc_with_a_z_whatever_zone_it_was_given() -> None:
    moment = datetime(2026, 11, 25, 10, 32, tzinfo=timezone(timedelta(hours=1)))
    assert api_time(moment) == "2026-11-25T09:32:00Z"
    assert parse_api_time(api_time(moment)) == moment


def test_days_before_is_the_midnight_that_many_days_back() -> None:
    assert days_before(date(2026, 11, 25), 30) == datetime(2026, 10, 26, tzinfo=UTC)


def test_the_last_seven_days_include_today() -> None:
    assert last_days_start(date(2026, 11, 25), 7) == datetime(2026, 11, 19, tzinfo=UTC)


def test_the_week_starts_at_the_same_midnight_all_day() -> None:
    morning, night = datetime(2026, 11, 25, 0, 0, tzinfo=UTC), datetime(2026, 11, 25, 23, 59, tzinfo=UTC)
    assert week_start(morning) == week_start(night) == datetime(2026, 11, 19, tzinfo=UTC)


def test_a_log_read_resumes_just_before_the_last_entry_or_looks_back_on_a_first_run() -> None:
    now, last = datetime(2026, 11, 25, 12, tzinfo=UTC), datetime(2026, 11, 24, 8, tzinfo=UTC)
    day, hour = timedelta(days=14), timedelta(hours=24)
    assert log_read_start(last, now, day, hour) == last - hour
    assert log_read_start(None, now, day, hour) == now - day

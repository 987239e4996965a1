"""Inactive mentors: away, or reassigned as on quit, only when the settings say so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config import Settings
from bot.mentorship.inactive import (
    INACTIVE_AWAY,
    INACTIVE_REMOVED,
    apply_inactivity,
    inactivity_problems,
    quiet_days,
)
from bot.mentorship.mentors import MentorStatus
from bot.mentorship.settings import MentorSettings, ReadSettings

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def status(state: str = "active") -> MentorStatus:
    return MentorStatus("M", state, None, 2, "", (), ReadSettings(MentorSettings(), None))


def test_off_by_default_even_after_years_of_silence() -> None:
    assert apply_inactivity(status(), 3000, Settings()) == status()


def test_quiet_for_the_away_threshold_makes_a_mentor_away_and_takes_no_new_mentees() -> None:
    s = Settings(inactive_away_days=60)
    assert apply_inactivity(status(), 59, s) == status()
    away = apply_inactivity(status(), 60, s)
    assert (away.status, away.inactive, away.quiet_days) == ("away", INACTIVE_AWAY, 60)
    assert not away.takes_new_mentees and not away.quit


def test_quiet_for_the_removal_threshold_goes_through_the_quit_path() -> None:
    s = Settings(inactive_away_days=60, inactive_remove_days=180)
    gone = apply_inactivity(status(), 200, s)
    assert gone.quit and gone.inactive == INACTIVE_REMOVED


def test_an_explicit_quit_stays_a_plain_quit() -> None:
    s = Settings(inactive_remove_days=10)
    assert apply_inactivity(status("quit"), 400, s).inactive is None


def test_quiet_days_count_whole_utc_days_from_the_last_edit_or_registration() -> None:
    assert quiet_days(NOW.replace(hour=0) - timedelta(minutes=1), None, NOW) == 1
    assert quiet_days(None, NOW - timedelta(days=3), NOW) == 3
    assert quiet_days(None, None, NOW) is None


def test_the_status_page_names_each_inactive_mentor_and_the_setting() -> None:
    s = Settings(inactive_away_days=60)
    problems = inactivity_problems({"M": apply_inactivity(status(), 61, s), "N": status()}, s)
    assert len(problems) == 1
    assert problems[0].where == "User:M" and "61 days" in problems[0].message
    assert "inactive_away_days = 60" in problems[0].message

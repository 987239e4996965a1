"""Inactive mentors: away, or reassigned as on quit, only when the settings say so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.settings import Settings
from bot.lifecycle.inactive import (
    Inactivity,
    apply_inactivity,
    cutoff,
    inactivity_problems,
    lookback_days,
)
from bot.lifecycle.status import MentorStatus
from tests import factories as make

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def status(state: str = "active") -> MentorStatus:
    return make.mentor_status("M", state)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def test_off_by_default_even_after_years_of_silence() -> None:
    assert apply_inactivity(status(), ago(3000), NOW, Settings()) == status()
    assert lookback_days(Settings()) == 0


def test_quiet_for_the_away_threshold_makes_a_mentor_away_and_takes_no_new_mentees() -> None:
    s = Settings(inactive_away_days=60)
    assert apply_inactivity(status(), ago(59), NOW, s) == status()
    away = apply_inactivity(status(), ago(61), NOW, s)
    assert (away.status, away.inactive, away.quiet_days) == ("away", Inactivity.AWAY, 60)
    assert not away.takes_new_mentees and not away.quit


def test_the_threshold_moves_only_at_midnight_utc() -> None:
    s = Settings(inactive_away_days=60)
    edge = cutoff(NOW, 60)
    assert edge == datetime(2026, 9, 26, tzinfo=UTC)
    late = NOW.replace(hour=23, minute=59)
    assert apply_inactivity(status(), edge, late, s).inactive is None
    assert (
        apply_inactivity(status(), edge - timedelta(seconds=1), NOW.replace(hour=0), s).inactive
        == Inactivity.AWAY
    )


def test_quiet_for_the_removal_threshold_goes_through_the_quit_path() -> None:
    s = Settings(inactive_away_days=60, inactive_remove_days=180)
    gone = apply_inactivity(status(), ago(200), NOW, s)
    assert gone.quit and gone.inactive == Inactivity.REMOVED
    assert lookback_days(s) == 60


def test_an_explicit_quit_stays_a_plain_quit() -> None:
    s = Settings(inactive_remove_days=10)
    assert apply_inactivity(status("quit"), ago(400), NOW, s).inactive is None


def test_the_status_page_names_each_inactive_mentor_and_the_setting() -> None:
    s = Settings(inactive_away_days=60)
    problems = inactivity_problems({"M": apply_inactivity(status(), ago(61), NOW, s), "N": status()}, s)
    assert len(problems) == 1
    assert problems[0].where == "User:M" and "60 days" in problems[0].message
    assert "inactive_away_days = 60" in problems[0].message

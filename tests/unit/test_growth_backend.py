"""GrowthExperiments' response shapes read into the bot's own data, and what a new settings
revision sends back. Pure: the shapes are GrowthExperiments' (see bot/parse/growth_api.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.lifecycle.growth import status_change
from bot.lifecycle.status import MentorStatus
from bot.model.mentor import MentorEntry
from bot.model.problem import Said, english
from bot.parse.growth_api import GrowthApiError, parse_growth_mentees, parse_growth_mentor_list
from bot.parse.mentor_settings import MentorSettings, SettingsRevision, Status
from tests import factories as make

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_mentor_list_is_read_from_the_top_level_with_ids_and_away_times() -> None:
    result = {
        "batchcomplete": True,
        "growthmentorlist": {
            "12": {"message": "Hi", "weight": 4, "awayTimestamp": "2026-12-01T00:00:00Z", "username": "Ann"},
            "7": {"message": None, "weight": 2, "username": "Bo"},
        },
    }
    parsed = parse_growth_mentor_list(result)
    assert parsed.problems == ()
    assert parsed.mentors == (
        MentorEntry("Ann", 4, "Hi", datetime(2026, 12, 1, tzinfo=UTC), None, 12),
        MentorEntry("Bo", 2, "", None, None, 7),
    )


def test_an_empty_mentor_list_arrives_as_an_empty_json_array() -> None:
    assert parse_growth_mentor_list({"growthmentorlist": []}).mentors == ()


def test_automatically_assigned_false_means_weight_zero_as_in_older_versions() -> None:
    old = {"message": None, "weight": 2, "automaticallyAssigned": False, "username": "C"}
    result = {"growthmentorlist": {"3": old}}
    assert parse_growth_mentor_list(result).mentors[0].weight == 0


def test_odd_entries_are_reported_and_the_rest_kept() -> None:
    result = {
        "growthmentorlist": {
            "1": {"message": None, "weight": 3, "username": "Odd Weight"},
            "2": {"weight": 2},
            "3": {"message": None, "weight": 1, "username": "Fine"},
        }
    }
    parsed = parse_growth_mentor_list(result)
    assert [m.username for m in parsed.mentors] == ["Odd Weight", "Fine"]
    assert parsed.mentors[0].weight == 2
    assert len(parsed.problems) == 2


def test_a_response_without_the_module_key_is_an_error_not_an_empty_list() -> None:
    with pytest.raises(GrowthApiError, match="growthmentorlist"):
        parse_growth_mentor_list({"query": {"growthmentorlist": {}}})


def test_mentees_come_as_ids_from_the_top_level() -> None:
    body = {"mentor": "Ann", "mentees": [{"name": "X", "id": 5}, {"name": "Y", "id": 9}]}
    result = {"growthmentormentee": body}
    assert parse_growth_mentees(result) == {5: "X", 9: "Y"}


# --- what a new settings revision sends ---------------------------------------------------------


def status(text: str, settings: MentorSettings) -> MentorStatus:
    """Ann, as SETTINGS make her, read from a revision holding TEXT."""
    rev = SettingsRevision(3, "Ann", NOW, text)
    return make.mentor_status(
        "Ann", settings.status, away_until=settings.away_until, settings=settings, revision=rev
    )


def entry(away: datetime | None = None, weight: int = 2, message: str = "") -> MentorEntry:
    """Ann on GrowthExperiments' list (the JSON format: an id, no line)."""
    return make.mentor_entry("Ann", weight, message, away, uid=1)


def test_weight_alone_resends_the_absence_growthexperiments_already_has() -> None:
    away = datetime(2026, 12, 10, 6, 30, tzinfo=UTC)
    change, problem = status_change(status('{"weight": 4}', MentorSettings(weight=4)), entry(away), NOW)
    assert problem is None
    assert change == {"away_until": away, "message": None, "weight": 4}


def test_away_with_a_date_becomes_the_back_time_at_midnight_utc() -> None:
    s = MentorSettings(status=Status.AWAY, away_until=date(2026, 12, 24))
    change, _ = status_change(status('{"status": "away", "away_until": "2026-12-24"}', s), entry(), NOW)
    assert change == {"away_until": datetime(2026, 12, 24, tzinfo=UTC), "message": None, "weight": None}


def test_saying_active_ends_an_absence() -> None:
    away = datetime(2026, 12, 10, tzinfo=UTC)
    change, _ = status_change(status('{"status": "active"}', MentorSettings()), entry(away), NOW)
    assert change == {"away_until": None, "message": None, "weight": None}


def test_nothing_is_sent_when_growthexperiments_already_agrees() -> None:
    s = MentorSettings(message="Hi", weight=2)
    said = status('{"message": "Hi", "weight": 2}', s)
    assert status_change(said, entry(message="Hi"), NOW) == (None, None)


def test_quit_is_not_carried_out_and_the_mentor_is_told_where_to_go() -> None:
    change, problem = status_change(
        status('{"status": "quit"}', MentorSettings(status=Status.QUIT)), entry(), NOW
    )
    assert change is None
    assert problem is not None and "Special:QuitMentorship" in english(Said.of(problem))

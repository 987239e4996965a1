"""M7 rules: who deserves praise, with the wiki's thresholds or the mentor's own."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.settings import Settings
from bot.model.mentee import MenteeFacts
from bot.model.praise import (
    PraiseEntry,
    PraiseOverrides,
    PraiseRules,
    candidates,
    latest_contact,
    not_recently_praised,
)
from bot.model.problem import english
from bot.model.user import Block
from bot.parse.mentor_settings import parse_mentor_settings
from tests import factories as make

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
S = Settings()
RULES = PraiseRules.of(S)


def mentee(
    name: str,
    *,
    edits_days_ago: Iterable[float],
    total: int = 50,
    reverted_days_ago: Iterable[float] = (),
    block: Block | None = None,
) -> MenteeFacts:
    """A mentee registered 20 days ago with TOTAL edits, the recent ones EDITS_DAYS_AGO."""
    return make.mentee(
        make.wiki_user(name, NOW - timedelta(days=20), total, block=block),
        make.recent_activity(NOW - timedelta(days=d) for d in edits_days_ago),
        reverted=(NOW - timedelta(days=d) for d in reverted_days_ago),
    )


def eight_this_week() -> list[float]:
    return [0.1 * i for i in range(8)]


def names(found: list[PraiseEntry]) -> list[str]:
    return [e.name for e in found]


def test_eight_edits_this_week_from_a_newcomer_is_praiseworthy() -> None:
    found = candidates([mentee("A", edits_days_ago=eight_this_week())], RULES, NOW, S)
    assert names(found) == ["A"]
    assert found[0].edits == 8


def test_seven_edits_are_not_enough() -> None:
    assert candidates([mentee("A", edits_days_ago=eight_this_week()[:7])], RULES, NOW, S) == []


def test_the_window_starts_on_a_monday_so_the_clock_moves_it_only_once_a_week() -> None:
    # Wednesday 2026-11-25, a 7-day window: this week's Monday is 11-23, and six days before it
    # is Tuesday 11-17, so the window starts on Monday 11-16 at 00:00 UTC, whatever the hour.
    start = datetime(2026, 11, 16, 0, 0, tzinfo=UTC)
    just_in = (NOW - start).total_seconds() / 86400
    f = mentee("A", edits_days_ago=[*eight_this_week()[:7], just_in])
    assert names(candidates([f], RULES, NOW, S)) == ["A"]
    g = mentee("B", edits_days_ago=[*eight_this_week()[:7], just_in + 0.001])
    assert candidates([g], RULES, NOW, S) == []
    sunday = datetime(2026, 11, 29, 23, 59, tzinfo=UTC)
    assert names(candidates([f], RULES, sunday, S)) == ["A"]
    monday = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)
    assert candidates([f], RULES, monday, S) == []  # the new week moved the start to 11-23


def test_500_edits_in_all_is_no_newcomer() -> None:
    assert candidates([mentee("A", edits_days_ago=eight_this_week(), total=500)], RULES, NOW, S) == []
    assert names(candidates([mentee("A", edits_days_ago=eight_this_week(), total=499)], RULES, NOW, S)) == [
        "A"
    ]


def test_blocked_mentees_are_left_out_unless_the_setting_says_otherwise() -> None:
    blocked = mentee("A", edits_days_ago=eight_this_week(), block=Block(NOW + timedelta(days=1), False))
    assert candidates([blocked], RULES, NOW, S) == []
    lenient = PraiseRules.of(S, PraiseOverrides(skip_blocked=False))
    assert names(candidates([blocked], lenient, NOW, S)) == ["A"]


def test_more_reverts_in_the_window_than_allowed_is_left_out_but_older_reverts_do_not_count() -> None:
    two = mentee("A", edits_days_ago=eight_this_week(), reverted_days_ago=[1, 2])
    old = mentee("B", edits_days_ago=eight_this_week(), reverted_days_ago=[1, 20, 21])
    assert names(candidates([two, old], RULES, NOW, S)) == ["B"]


def test_mentees_not_listed_on_the_dashboard_are_never_suggested() -> None:
    indef = mentee("A", edits_days_ago=eight_this_week(), block=Block(None, False))
    lenient = PraiseRules.of(S, PraiseOverrides(skip_blocked=False))
    assert candidates([indef], lenient, NOW, S) == []


def test_most_edits_first_then_by_name() -> None:
    fs = [
        mentee("B", edits_days_ago=eight_this_week()),
        mentee("C", edits_days_ago=[*eight_this_week(), 0.9]),
        mentee("A", edits_days_ago=eight_this_week()),
    ]
    assert names(candidates(fs, RULES, NOW, S)) == ["C", "A", "B"]


def test_thanked_or_written_to_within_the_quiet_window_is_not_suggested_again() -> None:
    found = candidates([mentee(n, edits_days_ago=eight_this_week()) for n in ("A", "B", "C")], RULES, NOW, S)
    praised = latest_contact(
        {"A": NOW - timedelta(days=3)},  # a talk-page section last week
        {"B": NOW - timedelta(days=45), "A": NOW - timedelta(days=40)},  # thanks long ago
    )
    assert names(not_recently_praised(found, praised, RULES, NOW.date())) == ["B", "C"]


def test_quiet_days_zero_turns_the_praised_check_off() -> None:
    rules = PraiseRules.of(S, PraiseOverrides(quiet_days=0))
    found = candidates([mentee("A", edits_days_ago=eight_this_week())], rules, NOW, S)
    assert names(not_recently_praised(found, {"A": NOW}, rules, NOW.date())) == ["A"]


def test_a_mentor_sets_their_own_thresholds_in_their_settings_json() -> None:
    body = {"praise": {"days": 3, "min_edits": 2, "max_reverted": 0}}
    own, problems = parse_mentor_settings(json.dumps(body))
    assert problems == []
    rules = PraiseRules.of(S, own.praise)
    assert (rules.days, rules.min_edits, rules.max_reverted) == (3, 2, 0)
    assert rules.max_edits == S.praise_max_edits and rules.quiet_days == S.praise_quiet_days
    f = mentee("A", edits_days_ago=[0.5, 1.5, 5], reverted_days_ago=[])
    assert names(candidates([f], rules, NOW, S)) == ["A"]


@pytest.mark.parametrize("bad", [{"days": 0}, {"min_edits": "8"}, {"colour": "red"}, [1]])
def test_a_wrong_praise_setting_is_reported_and_the_defaults_apply(bad: object) -> None:
    own, problems = parse_mentor_settings(json.dumps({"praise": bad, "status": "active"}))
    assert len(problems) == 1 and "praise" in english(problems[0])
    assert own.praise == PraiseOverrides()


def test_the_window_never_reaches_past_what_the_read_stage_keeps() -> None:
    s = Settings(recent_days=5)
    assert PraiseRules.of(s, PraiseOverrides(days=30)).days == 5

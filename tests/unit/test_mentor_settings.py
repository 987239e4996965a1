"""The mentor's settings page: schema errors in plain words, and only trusted revisions count."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import jsonschema
import pytest

from bot.model.problem import Code, Said, english
from bot.parse.mentor_settings import (
    MentorSettings,
    SettingsRevision,
    Status,
    mentor_settings_schema,
    parse_mentor_settings,
    trusted_revision,
    trusted_settings,
)

T = datetime(2026, 11, 1, tzinfo=UTC)


def rev(revid: int, user: str, body: object) -> SettingsRevision:
    return SettingsRevision(revid, user, T, json.dumps(body))


def test_the_shipped_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(mentor_settings_schema())


def test_a_full_valid_page_is_read_as_written() -> None:
    body = {
        "status": "away",
        "away_until": "2026-12-24",
        "message": "Ask me!",
        "weight": 4,
        "claim": ["newbie_one", "User:Newbie Two", "Newbie One"],
        "starred": ["Newbie3"],
    }
    settings, problems = parse_mentor_settings(json.dumps(body))
    assert problems == []
    assert settings == MentorSettings(
        status=Status.AWAY,
        away_until=date(2026, 12, 24),
        message="Ask me!",
        weight=4,
        claim=("Newbie one", "Newbie Two", "Newbie One"),
        starred=("Newbie3",),
    )


def test_invalid_fields_are_dropped_and_named_while_valid_ones_still_count() -> None:
    settings, problems = parse_mentor_settings(json.dumps({"weight": 3, "status": "gone", "claim": ["A"]}))
    assert settings.claim == ("A",)
    assert settings.weight is None and settings.status == "active"
    choice = "mentordashboard-settings-invalid-choice"
    assert Said.of(choice, Code('"weight": 3'), Code("0, 1, 2, 4")) in problems
    assert Said.of(choice, Code('"status": "gone"'), Code('"active", "away", "quit"')) in problems


def test_an_impossible_date_is_reported() -> None:
    settings, problems = parse_mentor_settings('{"status": "away", "away_until": "2026-02-30"}')
    assert settings.away_until is None
    assert problems == [
        Said.of("mentordashboard-settings-not-a-date", Code('"away_until": "2026-02-30"'), Code("2026-12-24"))
    ]


def test_broken_json_says_where() -> None:
    settings, problems = parse_mentor_settings('{"status": "away",\n "weight": }')
    assert settings == MentorSettings()
    [problem] = problems
    assert problem.key == "mentordashboard-settings-json-invalid" and problem.params[:2] == (2, 12)


def test_unknown_settings_are_named() -> None:
    _, problems = parse_mentor_settings('{"stauts": "away"}')
    [problem] = problems
    assert problem.key == "mentordashboard-settings-unknown"
    assert problem.params[:2] == (1, Code('"stauts"'))
    assert '"status", "away_until"' in english(problem)


def test_a_message_over_240_characters_is_refused() -> None:
    settings, problems = parse_mentor_settings(json.dumps({"message": "x" * 241}))
    assert settings.message is None
    shown = Code(f'"message": {json.dumps("x" * 241)[:59]}…')  # cut to one line
    assert problems == [Said.of("mentordashboard-settings-invalid-text", shown, 240)]


def test_the_newest_revision_by_the_owner_or_an_admin_is_trusted() -> None:
    revisions = [rev(5, "Vandal", {}), rev(4, "Sysop", {}), rev(3, "Mentor", {})]
    assert trusted_revision(revisions, "Mentor", {"Sysop"}) == revisions[1]
    assert trusted_revision(revisions, "Mentor", set()) == revisions[2]
    assert trusted_revision(revisions[:1], "Mentor", {"Sysop"}) is None


def test_a_page_last_edited_by_someone_else_is_ignored_with_a_reason() -> None:
    revisions = [rev(9, "Vandal", {"status": "quit"}), rev(8, "Mentor", {"weight": 1})]
    read = trusted_settings("Mentor", revisions, admins=set())
    assert read.revision == revisions[1]
    assert read.settings.status == "active" and read.settings.weight == 1
    assert read.problems == (Said.of("mentordashboard-settings-untrusted", 9, "Vandal", 8),)


@pytest.mark.parametrize("editor", ["Vandal", ""])
def test_with_no_trusted_revision_at_all_nothing_is_used(editor: str) -> None:
    read = trusted_settings("Mentor", [rev(9, editor, {"status": "quit"})], admins=set())
    assert read.revision is None
    assert read.settings == MentorSettings()
    who = editor or Said.of("mentordashboard-settings-hidden-user")
    assert read.problems == (Said.of("mentordashboard-settings-untrusted-all", 9, who),)


@pytest.mark.parametrize(
    ("praise", "expected"),
    [
        ({"min_edits": "five"}, '"praise.min_edits": "five" must be a whole number from 1 to 100000'),
        ({"days": 0}, '"praise.days": 0 must be a whole number from 1 to 30'),
        ({"skip_blocked": "yes"}, '"praise.skip_blocked": "yes" must be true or false'),
    ],
)
def test_a_wrong_praise_key_is_named_by_itself_not_as_the_whole_praise_object(
    praise: dict[str, object], expected: str
) -> None:
    _, problems = parse_mentor_settings(json.dumps({"praise": praise}))
    assert len(problems) == 1 and english(problems[0]).startswith(expected)
    assert problems[0].key != "mentordashboard-settings-invalid-praise"


def test_the_other_praise_keys_still_count_when_one_is_wrong() -> None:
    settings, problems = parse_mentor_settings(json.dumps({"praise": {"days": 3, "min_edits": -1}}))
    assert settings.praise.days == 3 and settings.praise.min_edits is None
    assert len(problems) == 1 and problems[0].params[0] == Code('"praise.min_edits": -1')


def test_an_unknown_praise_key_is_named_and_the_known_ones_kept() -> None:
    settings, problems = parse_mentor_settings(json.dumps({"praise": {"colour": "red", "max_reverted": 2}}))
    assert settings.praise.max_reverted == 2
    [problem] = problems
    assert problem.key == "mentordashboard-settings-unknown-praise"
    assert problem.params[:3] == (1, Code('"colour"'), Code('"praise"'))
    assert '"max_reverted"' in str(problem.params[3])


def test_praise_that_is_not_an_object_is_reported_as_a_whole() -> None:
    settings, problems = parse_mentor_settings(json.dumps({"praise": [1], "weight": 2}))
    assert settings.weight == 2 and settings.praise == MentorSettings().praise
    assert len(problems) == 1 and english(problems[0]).startswith('"praise": [1] must be an object')

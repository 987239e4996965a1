"""Which mentors an incremental run refreshes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.decide.refresh import Watch, affected
from bot.model.change import Changes, Cursor
from bot.ops.memory import decode_row, encode_row

WATCHES = {
    "Ann": Watch(frozenset({11}), frozenset({"User talk:Ann"}), ("User:Ann/", "User talk:Ann/")),
    "Bo": Watch(frozenset({22}), frozenset({"User talk:Bo"}), ("User:Bo/", "User talk:Bo/")),
}
IDS = {"Newbie A": 11, "Newbie B": 22, "Stranger": 99}
GLOBAL = {"Project:Mentorship/Mentors", "Project:Mentorship/Settings.json"}


def changes(
    users: frozenset[str] = frozenset(),
    titles: frozenset[str] = frozenset(),
    owners: frozenset[str] = frozenset(),
    thanked: frozenset[str] = frozenset(),
) -> Changes:
    return Changes(users, titles, owners, thanked, False, Cursor())


def test_a_mentee_edit_affects_only_their_mentor() -> None:
    assert affected(changes(users=frozenset({"Newbie B"})), WATCHES, IDS, GLOBAL) == {"Bo"}


def test_a_question_on_a_talk_page_affects_that_mentor() -> None:
    got = affected(
        changes(users=frozenset({"Stranger"}), titles=frozenset({"User talk:Ann"})), WATCHES, IDS, GLOBAL
    )
    assert got == {"Ann"}


def test_a_warning_on_a_mentees_talk_page_affects_their_mentor() -> None:
    got = affected(changes(users=frozenset({"Admin"}), owners=frozenset({"Newbie A"})), WATCHES, IDS, GLOBAL)
    assert got == {"Ann"}


def test_archiving_and_settings_edits_affect_the_mentor_through_prefixes() -> None:
    assert affected(changes(titles=frozenset({"User talk:Ann/Archive 3"})), WATCHES, IDS, GLOBAL) == {"Ann"}
    assert affected(changes(titles=frozenset({"User:Bo/Mentor dashboard.json"})), WATCHES, IDS, GLOBAL) == {
        "Bo"
    }


def test_thanks_and_the_mentors_own_edits_affect_that_mentor() -> None:
    assert affected(changes(thanked=frozenset({"Bo"})), WATCHES, IDS, GLOBAL) == {"Bo"}
    assert affected(changes(users=frozenset({"Ann"})), WATCHES, IDS, GLOBAL) == {"Ann"}


def test_moved_mentees_affect_both_mentors() -> None:
    assert affected(changes(), WATCHES, IDS, GLOBAL, moved={"Ann", "Bo"}) == {"Ann", "Bo"}


def test_a_change_to_the_mentor_list_affects_everyone() -> None:
    assert affected(changes(titles=frozenset({"Project:Mentorship/Mentors"})), WATCHES, IDS, GLOBAL) is None


def test_unrelated_changes_affect_no_one() -> None:
    got = affected(
        changes(users=frozenset({"Stranger"}), titles=frozenset({"Main Page"})), WATCHES, IDS, GLOBAL
    )
    assert got == set()


@dataclass(frozen=True)
class Row:
    name: str
    when: datetime
    day: date | None
    count: int
    done: bool


def test_cached_rows_round_trip_through_json() -> None:
    row = Row("Ann", datetime(2026, 11, 25, 9, 30, tzinfo=UTC), date(2026, 11, 20), 3, True)
    assert decode_row(Row, encode_row(row)) == row
    assert decode_row(Row, encode_row(Row("Bo", row.when, None, 0, False))).day is None

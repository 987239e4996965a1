"""Which mentors an incremental run refreshes."""

from __future__ import annotations

from bot.incremental import Watch, affected
from bot.sources.changes import Changes

WATCHES = {
    "Ann": Watch(
        frozenset({"Ann", "Newbie A"}),
        frozenset({"User talk:Ann", "User:Ann/Mentor dashboard.json"}),
        ("User talk:Ann/Archive",),
    ),
    "Bo": Watch(frozenset({"Bo", "Newbie B"}), frozenset({"User talk:Bo"})),
}
GLOBAL = {"Project:Mentorship/Mentors", "Project:Mentorship/Settings.json"}


def changes(users: set[str] = set(), titles: set[str] = set(), thanked: set[str] = set()) -> Changes:  # noqa: B006
    return Changes(frozenset(users), frozenset(titles), frozenset(thanked), False, None)


def test_a_mentee_edit_affects_only_their_mentor() -> None:
    assert affected(changes(users={"Newbie B"}), WATCHES, GLOBAL) == {"Bo"}


def test_a_question_on_a_talk_page_affects_that_mentor() -> None:
    assert affected(changes(users={"Someone"}, titles={"User talk:Ann"}), WATCHES, GLOBAL) == {"Ann"}


def test_archiving_affects_the_mentor_through_the_archive_prefix() -> None:
    assert affected(changes(titles={"User talk:Ann/Archive 3"}), WATCHES, GLOBAL) == {"Ann"}


def test_thanks_affect_the_thanked_mentor() -> None:
    assert affected(changes(thanked={"Bo"}), WATCHES, GLOBAL) == {"Bo"}


def test_a_change_to_the_mentor_list_affects_everyone() -> None:
    assert affected(changes(titles={"Project:Mentorship/Mentors"}), WATCHES, GLOBAL) is None


def test_unrelated_changes_affect_no_one() -> None:
    assert affected(changes(users={"Stranger"}, titles={"Main Page"}), WATCHES, GLOBAL) == set()

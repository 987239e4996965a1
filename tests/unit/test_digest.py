"""The "this week" digest: counts and the latest edits, from data the read stage already holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.build.digest import build_digest, made_first_edit_since
from bot.build.questions import Question
from bot.core.clock import week_start
from bot.model.mentee import MenteeFacts
from bot.model.user import Edit
from tests import factories as make

NOW = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)  # a Sunday: the week began six days ago
WINDOW = NOW - timedelta(days=180)
WEEK = datetime(2026, 11, 23, tzinfo=UTC)  # its Monday


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def edit(user: str, revid: int, days: float, tags: tuple[str, ...] = (), comment: str | None = "c") -> Edit:
    return make.edit(revid, ago(days), user=user, comment=comment, tags=tags)


def mentee(
    name: str,
    *,
    registered: float = 30,
    total: int = 0,
    edits: tuple[Edit, ...] = (),
    first_in_window: float | None = None,
    in_window: int | None = None,
    blocks: tuple[datetime, ...] = (),
    warned: bool = False,
    warned_at: datetime | None = None,
    assigned: date | None = None,
) -> MenteeFacts:
    """A mentee registered REGISTERED days ago, with TOTAL edits of which EDITS are the newest."""
    first = None if first_in_window is None else ago(first_in_window)
    return make.mentee(
        make.wiki_user(name, ago(registered), total),
        make.window_activity(edits, first_in_window=first, edits_in_window=in_window),
        blocks=blocks,
        warned=warned,
        warned_at=warned_at,
        assigned=assigned,
    )


def digest(facts: list[MenteeFacts], questions: tuple[Question, ...] = (), n: int = 20) -> object:
    return build_digest(facts, questions=questions, now=NOW, window_start=WINDOW, max_edits=n)


def test_the_week_is_the_iso_week_so_it_moves_only_on_monday() -> None:
    assert week_start(NOW) == WEEK
    assert week_start(NOW.replace(hour=0, minute=0)) == WEEK
    assert week_start(NOW.replace(hour=23, minute=59)) == WEEK
    assert week_start(WEEK) == WEEK  # Monday 00:00 already belongs to the new week
    assert week_start(NOW + timedelta(days=1)) == WEEK + timedelta(days=7)


def test_new_mentees_are_those_assigned_this_week() -> None:
    fs = [
        mentee("A", assigned=date(2026, 11, 23)),
        mentee("B", assigned=date(2026, 11, 22)),
        mentee("C", assigned=date(2026, 11, 29)),
        mentee("D"),
    ]
    assert digest(fs).new_mentees == 2  # type: ignore[attr-defined]


def test_first_edit_this_week_for_a_young_account_is_its_oldest_edit_in_the_window() -> None:
    young = mentee("A", registered=10, total=3, first_in_window=2, edits=(edit("A", 1, 2),))
    earlier = mentee("B", registered=10, total=3, first_in_window=8, edits=(edit("B", 2, 8),))
    assert made_first_edit_since(young, WEEK, WINDOW)
    assert not made_first_edit_since(earlier, WEEK, WINDOW)


def test_an_old_account_made_its_first_edit_this_week_only_if_all_its_edits_are_in_the_window() -> None:
    fresh = mentee("A", registered=400, total=2, first_in_window=1, in_window=2)
    veteran = mentee("B", registered=400, total=90, first_in_window=1, in_window=2)
    assert made_first_edit_since(fresh, WEEK, WINDOW)
    assert not made_first_edit_since(veteran, WEEK, WINDOW)


def test_questions_count_only_this_weeks_from_current_mentees() -> None:
    def q(asker: str, days: float) -> Question:
        return make.question(asker, ago(days))

    qs = (q("A", 1), q("A", 6.3), q("A", 6.5), q("Gone", 1))  # 6.5 days ago is before 00:00 UTC
    assert digest([mentee("A")], qs).questions == 2  # type: ignore[attr-defined]


def test_blocked_or_warned_this_week_counts_each_mentee_once() -> None:
    fs = [
        mentee("A", blocks=(ago(1),), warned=True, warned_at=ago(2)),
        mentee("B", blocks=(ago(9),)),
        mentee("C", warned=True, warned_at=ago(3)),
        mentee("D", warned=True, warned_at=ago(10)),
        mentee("E", warned=False, warned_at=ago(1)),
    ]
    assert digest(fs).blocked_or_warned == 2  # type: ignore[attr-defined]


def test_latest_edits_are_merged_across_mentees_newest_first_and_cut_at_the_limit() -> None:
    a = tuple(edit("A", 10 + i, i) for i in range(5))
    b = tuple(edit("B", 20 + i, i + 0.5) for i in range(5))
    d = digest([mentee("A", edits=a), mentee("B", edits=b)], n=4)
    assert [e.revid for e in d.edits] == [10, 20, 11, 21]  # type: ignore[attr-defined]


def test_revert_marks_and_core_tags_are_kept_other_tags_are_not() -> None:
    e = edit("A", 1, 1, tags=("mw-reverted", "mw-undo", "visualeditor", "mw-reverted"))
    line = digest([mentee("A", edits=(e,))]).edits[0]  # type: ignore[attr-defined]
    assert line.reverted and line.tags == ("mw-undo",)


def test_a_hidden_summary_stays_hidden() -> None:
    line = digest([mentee("A", edits=(edit("A", 1, 1, comment=None),))]).edits[0]  # type: ignore[attr-defined]
    assert line.comment is None

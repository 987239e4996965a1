"""Edit summaries say what changed since the last run, in the wiki's language, not what a page holds."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from bot.build.index import IndexRow
from bot.build.overview import MenteeRow
from bot.build.pages import MentorRows
from bot.build.questions import UnansweredItem
from bot.build.summary import Seen, dashboard_summary, index_summary, seen, unanswered_summary
from bot.ops.memory import RunMemory, remember, remembered_rows
from bot.render.i18n import Messages

EN = Messages.load("en")
CS = Messages.load("cs")
P = "Mentor dashboard"
WEEK = date(2026, 11, 30)


def row(name: str, edits: int = 5, flags: tuple[str, ...] = ()) -> MenteeRow:
    when = datetime(2026, 11, 20, tzinfo=UTC)
    return MenteeRow(name, when, edits, 0, 0, 0, False, 0, when, flags=flags)


def item(asker: str, day: int, overdue: bool = False, mentor: str = "M") -> UnansweredItem:
    asked = datetime(2026, 11, day, 10, tzinfo=UTC)
    return UnansweredItem(
        mentor, asker, f"User talk:{mentor}", "Q", f"Question of {asker}", asked, overdue, "?"
    )


def test_without_a_previous_run_the_summary_says_what_the_page_holds() -> None:
    after = seen([row("A"), row("B")], WEEK, ())
    assert dashboard_summary(P, None, (), after, (item("A", 30),), EN) == (
        "Mentor dashboard: active mentees: 2, unanswered questions: 1"
    )


def test_new_questions_blocks_and_mentees_are_named_by_what_changed() -> None:
    before = seen([row("A"), row("B")], WEEK, ())
    after = seen([row("A"), row("B", flags=("blocked",)), row("C"), row("D")], WEEK, ())
    text = dashboard_summary(P, before, (), after, (item("A", 30), item("C", 30)), EN)
    assert text == "Mentor dashboard: new questions: 2; blocked: B; new mentees: 2; new edits by mentees: 10"


def test_a_flag_already_there_last_time_is_not_news() -> None:
    flagged = seen([row("A", flags=("warned",))], WEEK, ())
    assert dashboard_summary(P, flagged, (), flagged, (), EN) == "Mentor dashboard: figures updated"


def test_a_question_becoming_overdue_and_one_answered_are_reported() -> None:
    s = seen([row("A"), row("B")], WEEK, ())
    before = (item("A", 27), item("B", 28))
    after = (item("A", 27, overdue=True),)
    assert dashboard_summary(P, s, before, s, after, EN) == (
        "Mentor dashboard: questions now overdue: 1; questions answered or archived: 1"
    )


def test_a_new_week_is_named_with_its_monday() -> None:
    before = seen([row("A")], date(2026, 11, 23), ())
    after = seen([row("A")], WEEK, ())
    assert dashboard_summary(P, before, (), after, (), EN) == "Mentor dashboard: new week from 2026-11-30"


def test_many_names_are_cut_to_three_and_counted() -> None:
    names = [f"N{i}" for i in range(5)]
    before = seen([row(n) for n in names], WEEK, ())
    after = seen([row(n, flags=("warned",)) for n in names], WEEK, ())
    assert (
        dashboard_summary(P, before, (), after, (), EN) == "Mentor dashboard: warned: N0, N1, N2 and 2 more"
    )


def test_the_summary_is_in_the_wikis_language() -> None:
    before = seen([row("A")], WEEK, ())
    after = seen([row("A", flags=("blocked",))], WEEK, ())
    text = dashboard_summary("Nástěnka mentora", before, (), after, (), CS)
    assert text == f"Nástěnka mentora: {CS.plain('mentordashboard-summary-flag-blocked', 'A')}"
    assert CS.plain("mentordashboard-summary-flag-blocked", "A") != EN.plain(
        "mentordashboard-summary-flag-blocked", "A"
    )


def test_index_summary_names_mentors_whose_status_changed_and_the_new_count() -> None:
    before = {"Ada": IndexRow("Ada", "D", None, 4, 1, None), "Bo": IndexRow("Bo", "D", None, 2, 0, None)}
    after = [IndexRow("Ada", "D", date(2026, 12, 24), 4, 3, None), IndexRow("Bo", "D", None, 2, 0, None)]
    assert index_summary(P, before, after, EN) == (
        "Mentor dashboard: status changed: Ada; unanswered questions: 3 (was 1)"
    )


def test_unanswered_page_summary_counts_newly_overdue_questions() -> None:
    before = (item("A", 27), item("B", 25, overdue=True))
    after = (item("A", 27, overdue=True), item("B", 25, overdue=True))
    assert unanswered_summary(P, before, after, 2, EN) == "Mentor dashboard: questions now overdue: 1"


def test_the_run_memory_keeps_what_the_summary_compares(tmp_path: Path) -> None:
    memory = RunMemory(tmp_path / "m.sqlite3")
    shown = Seen(("A", "B"), (("B", ("blocked", "warned")),), WEEK, 12, ("A",))
    rows = {"M": MentorRows(IndexRow("M", "D", None, 2, 1, date(2026, 11, 27)), (item("A", 27),), shown)}
    remember(
        memory,
        rows=rows,
        full=True,
        started=datetime(2026, 12, 3, tzinfo=UTC),
        wiki="w",
        cursor=None,
        refused=False,
    )
    assert remembered_rows(memory) == rows

"""M1 rules: who is listed, in what order, with which flags, and how rows are split into pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.build.overview import Flag, MenteeRow, overview_rows, paginate
from bot.core.settings import Settings
from bot.model.mentee import MenteeFacts, exclusion
from bot.model.user import Activity, Block
from tests import factories as make

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
S = Settings()


def facts(
    name: str,
    *,
    registered_days_ago: float = 100,
    last_edit_days_ago: float | None = 5,
    groups: frozenset[str] = frozenset(),
    block: Block | None = None,
    temp: bool = False,
    reverted: tuple[datetime, ...] = (),
    blocks: tuple[datetime, ...] = (),
    warned: bool = False,
    opted_out: bool = False,
) -> MenteeFacts:
    """A mentee registered REGISTERED_DAYS_AGO, last editing LAST_EDIT_DAYS_AGO (None: never)."""
    editcount = 0 if last_edit_days_ago is None else 10
    user = make.wiki_user(
        name, NOW - timedelta(days=registered_days_ago), editcount, groups, block=block, temp=temp
    )
    last = None if last_edit_days_ago is None else NOW - timedelta(days=last_edit_days_ago)
    return make.mentee(
        user,
        Activity(last_edit=last, edits_recent=3),
        reverted=reverted,
        blocks=blocks,
        warned=warned,
        opted_out=opted_out,
    )


def names(rows: list[MenteeRow]) -> list[str]:
    return [r.name for r in rows]


def days_ago(moment: datetime) -> float:
    return (NOW - moment).total_seconds() / 86400


def test_new_account_without_edits_is_active_for_fourteen_days_counted_from_a_monday() -> None:
    # Wednesday 2026-11-25: this week's Monday is 11-23, 13 days before it is Tuesday 11-10, so
    # the 14 days start on Monday 11-09 and last until the next Monday moves them.
    start = datetime(2026, 11, 9, tzinfo=UTC)
    on_time = facts("A", registered_days_ago=days_ago(start), last_edit_days_ago=None)
    late = facts("A", registered_days_ago=days_ago(start) + 0.001, last_edit_days_ago=None)
    assert exclusion(on_time, NOW, S) is None
    assert exclusion(late, NOW, S) == "inactive"
    assert exclusion(on_time, datetime(2026, 11, 29, 23, 59, tzinfo=UTC), S) is None  # still Sunday
    assert exclusion(on_time, datetime(2026, 11, 30, tzinfo=UTC), S) == "inactive"  # a new week


def test_mentee_who_edited_within_180_days_counted_from_a_monday_is_active() -> None:
    # 179 days before Monday 2026-11-23 is Thursday 05-28: the window starts on Monday 05-25.
    start = datetime(2026, 5, 25, tzinfo=UTC)
    assert exclusion(facts("A", registered_days_ago=400, last_edit_days_ago=days_ago(start)), NOW, S) is None
    stale = facts("A", registered_days_ago=400, last_edit_days_ago=days_ago(start) + 0.001)
    assert exclusion(stale, NOW, S) == "inactive"


def test_indefinitely_blocked_mentee_is_not_listed_but_temporarily_blocked_is() -> None:
    assert exclusion(facts("A", block=Block(expiry=None, partial=False)), NOW, S) == "indefinitely blocked"
    assert exclusion(facts("A", block=Block(expiry=NOW + timedelta(days=3), partial=False)), NOW, S) is None
    assert exclusion(facts("A", block=Block(expiry=None, partial=True)), NOW, S) is None


def test_bots_temporary_accounts_and_opted_out_mentees_are_not_listed() -> None:
    assert exclusion(facts("A", groups=frozenset({"bot"})), NOW, S) == "bot"
    assert exclusion(facts("~2026-1", temp=True), NOW, S) == "temporary account"
    assert exclusion(facts("A", opted_out=True), NOW, S) == "opted out"


def test_starred_first_then_most_recently_active() -> None:
    rows = overview_rows(
        [
            facts("Old", last_edit_days_ago=50),
            facts("Fresh", last_edit_days_ago=1),
            facts("Starred", last_edit_days_ago=90),
            facts("Middle", last_edit_days_ago=10),
        ],
        ["Starred"],
        NOW,
        S,
    )
    assert names(rows) == ["Starred", "Fresh", "Middle", "Old"]
    assert rows[0].starred and not rows[1].starred


def test_last_active_is_registration_when_there_are_no_edits() -> None:
    f = facts("New", registered_days_ago=3, last_edit_days_ago=None)
    (row,) = overview_rows([f], [], NOW, S)
    assert row.last_active == f.user.registration


def test_flags_for_recent_revert_current_block_and_warning() -> None:
    f = facts(
        "A",
        reverted=(NOW - timedelta(days=2),),
        block=Block(expiry=NOW + timedelta(days=1), partial=False),
        blocks=(NOW - timedelta(days=1),),
        warned=True,
    )
    (row,) = overview_rows([f], [], NOW, S)
    assert set(row.flags) == {Flag.REVERTED, Flag.BLOCKED, Flag.WARNED}
    assert row.blocked_now and row.block_count == 1 and row.reverted == 1


def test_old_revert_and_old_block_raise_no_flag_but_still_count() -> None:
    f = facts("A", reverted=(NOW - timedelta(days=60),), blocks=(NOW - timedelta(days=60),))
    (row,) = overview_rows([f], [], NOW, S)
    assert row.flags == ()
    assert row.reverted == 1 and row.block_count == 1 and not row.blocked_now


def test_rows_split_into_main_page_and_subpages_of_at_most_500() -> None:
    base = facts("X")
    rows = overview_rows(
        [replace(base, user=replace(base.user, name=f"U{i:04d}")) for i in range(1234)], [], NOW, S
    )
    main, pages = paginate(rows, "User:M/Mentor dashboard", S)
    assert len(main) == 100
    assert [len(chunk) for _, chunk in pages] == [500, 500, 134]
    assert [link.title for link, _ in pages] == [
        "User:M/Mentor dashboard/Mentees",
        "User:M/Mentor dashboard/Mentees/2",
        "User:M/Mentor dashboard/Mentees/3",
    ]
    assert (pages[0][0].first, pages[0][0].last, pages[2][0].last) == (101, 600, 1234)
    assert names(main + [r for _, c in pages for r in c]) == names(rows)


def test_no_subpages_when_everything_fits() -> None:
    main, pages = paginate(overview_rows([facts("A")], [], NOW, S), "T", S)
    assert len(main) == 1 and pages == []

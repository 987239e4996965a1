"""Who is dormant, who may go unread, and what the run memory keeps of them (ARCHITECTURE §8.6)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.build.digest import build_digest
from bot.build.impact import mentor_impact
from bot.core.settings import Settings
from bot.decide.refresh import SWEEP_DAYS, quiet_mentees, sweep_day
from bot.model.assignment import Assignments, HeldIds, day_number
from bot.model.dormant import DormantFold, PackedRows
from bot.model.mentee import MenteeFacts, dormant
from bot.model.talk import Asker
from bot.model.user import Activity, Block
from bot.ops.memory import FORMAT, RunMemory, remember_dormant, remembered_dormant
from bot.parse.dormant_row import decode_dormant, encode_dormant
from tests import factories as make

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
S = Settings()


def test_new_or_active_mentees_are_not_dormant_and_the_rest_are() -> None:
    old = NOW - timedelta(days=700)
    assert dormant(make.mentee(make.wiki_user("A", old)), NOW, S)
    assert not dormant(make.mentee(make.wiki_user("B", NOW - timedelta(days=2))), NOW, S)
    edited = Activity(last_edit=NOW - timedelta(days=20))
    assert not dormant(make.mentee(make.wiki_user("C", old, 5), edited), NOW, S)
    stale = Activity(last_edit=NOW - timedelta(days=S.active_edit_days + 10))
    assert dormant(make.mentee(make.wiki_user("D", old, 5), stale), NOW, S)


def test_a_dormant_mentee_stays_dormant_as_the_clock_moves_on() -> None:
    f = make.mentee(make.wiki_user("A", NOW - timedelta(days=20)))  # past the 14-day window
    assert all(dormant(f, NOW + timedelta(days=d), S) for d in range(0, 400, 7))


def test_the_sweep_looks_at_each_user_once_in_its_period_an_even_share_a_day() -> None:
    assert SWEEP_DAYS >= 7  # at most once a week
    ids = range(1, 100 * SWEEP_DAYS + 1)
    days = [date(2026, 12, 1) + timedelta(days=d) for d in range(SWEEP_DAYS)]
    for uid in ids:
        assert sum(sweep_day(uid, d) for d in days) == 1
    assert all(sum(sweep_day(uid, d) for uid in ids) == 100 for d in days)


def test_only_remembered_dormant_mentees_nobody_touched_go_unread() -> None:
    today = date(2026, 12, 3)
    held = range(1, 15)
    remembered = {2, 3, 4, 5, 6, 7, 8, 9, 10}
    quiet, swept = quiet_mentees(held, remembered, touched={3}, today=today)
    assert not (quiet & swept)
    assert quiet | swept == remembered - {3}
    assert swept == {u for u in remembered - {3} if sweep_day(u, today)}


def test_the_memory_gives_back_a_dormant_mentees_facts_as_read(tmp_path: Path) -> None:
    user = make.wiki_user(
        "Old Timer",
        NOW - timedelta(days=900),
        12,
        ["autoconfirmed"],
        block=Block(NOW + timedelta(days=3), True),
        uid=41,
    )
    f = make.mentee(
        user,
        reverted=[NOW - timedelta(days=600)],
        blocks=[NOW - timedelta(days=2)],
        warned=True,
        warned_at=NOW - timedelta(days=1),
    )
    f = replace(f, greeted=False)
    assert decode_dormant(41, encode_dormant(f)) == f

    memory = RunMemory(tmp_path / "m.sqlite3")
    other = make.mentee(make.wiki_user("Other", NOW - timedelta(days=900), uid=42))
    with memory.transaction():
        remember_dormant(memory, [(41, f), (42, other)], held=None)
    memory.set("format", FORMAT)
    assert set(remembered_dormant(memory, [41, 42, 43])) == {41, 42}
    with memory.transaction():  # 41 edited (no longer dormant); a full refresh no longer holds 42
        remember_dormant(memory, [(41, None)], held=frozenset({41}))
    assert remembered_dormant(memory, [41, 42]) == {}
    memory.close()


def test_dormant_mentees_added_up_count_as_they_would_one_by_one() -> None:
    """Impact and digest figures are the same whether a dormant mentee comes as a record or only
    in its mentor's ``Dormant`` totals (ARCHITECTURE §8.6): the pages must not change."""
    week = datetime(2026, 11, 30, tzinfo=UTC)  # NOW's Monday
    old = NOW - timedelta(days=800)

    def quiet(name: str, **kw: object) -> MenteeFacts:
        user = make.wiki_user(name, old - timedelta(days=len(name)), len(name), temp=name.startswith("~"))
        return replace(make.mentee(user), **kw)  # type: ignore[arg-type]

    sleepers = [
        quiet("Blocked this week", blocks=(week + timedelta(hours=3),)),
        quiet("Blocked long ago", blocks=(week - timedelta(days=40),)),
        quiet("Warned this week", warned=True, warned_at=week + timedelta(days=1)),
        quiet("Warning unseen", warned=False, warned_at=week + timedelta(days=1)),
        quiet("Given this week", assigned=week.date() + timedelta(days=1)),
        quiet("Given last week", assigned=week.date() - timedelta(days=1)),
        quiet("~2026-1", assigned=week.date()),
        replace(quiet("Unregistered"), user=make.wiki_user("Unregistered", None, 3)),
        replace(quiet("Stopped"), activity=Activity(last_edit=NOW - timedelta(days=300))),
        replace(quiet("Stopped late"), activity=Activity(last_edit=old + timedelta(days=200))),
    ]
    lively = [
        make.mentee(
            make.wiki_user("Lively", NOW - timedelta(days=3), 7),
            make.window_activity([make.edit(9, NOW - timedelta(hours=2), user="Lively")], edits_in_window=7),
            assigned=week.date(),
        )
    ]
    assert all(dormant(f, NOW, S) for f in sleepers) and not dormant(lively[0], NOW, S)
    fold = DormantFold()
    for f in sleepers:
        fold.add(f, None if f.assigned is None else day_number(f.assigned))
    tally = fold.tally()
    askers = {f.user.name: Asker(f.user.name, f.user.user_id) for f in [*sleepers, *lively]}
    questions = [
        make.question("Blocked this week", week + timedelta(hours=5)),
        make.question("Stopped", week - timedelta(days=2)),
        make.question("Lively", week + timedelta(hours=7)),
        make.question("Stranger", week + timedelta(hours=8)),
    ]
    for retention_days in (S.retention_days, 30, 500):
        s = replace(S, retention_days=retention_days)
        one_by_one = mentor_impact(
            facts=[*lively, *sleepers], active=1, questions=questions, thanks=(), today=NOW.date(), s=s
        )
        added_up = mentor_impact(
            facts=lively, active=1, questions=questions, thanks=(), today=NOW.date(), s=s, dormant=tally
        )
        assert added_up == one_by_one
    assert one_by_one.retention_base > 0
    window = NOW - timedelta(days=S.active_edit_days)
    kw = {"questions": questions, "now": NOW, "window_start": window, "max_edits": 5}
    whole = build_digest([*lively, *sleepers], **kw)  # type: ignore[arg-type]
    folded = build_digest(lively, dormant=tally, askers=askers, **kw)  # type: ignore[arg-type]
    assert folded == whole
    assert (whole.new_mentees, whole.blocked_or_warned, whole.questions) == (3, 2, 2)


def test_packed_rows_give_back_every_row_as_appended_across_compressed_blocks() -> None:
    rows = PackedRows()
    given = [(uid, f'["Mentee {uid}","é",{uid % 7}]' * (1 + uid % 3)) for uid in range(5000, 0, -1)]
    for uid, row in given:
        rows.append(uid, row)
    assert rows.blocks  # more than one block's worth, so some were compressed
    assert list(rows) == given and len(rows) == len(given)
    assert 17 in rows and 0 not in rows and 5001 not in rows and "17" not in rows


def test_held_ids_hold_each_stored_id_once() -> None:
    stored = [Assignments("A", "t", {5: 20260101, 3: 20260102}), Assignments("B", "u", {3: 20260103, 9: 1})]
    held = HeldIds.of(stored)
    assert list(held) == [3, 5, 9] and len(held) == 3
    assert 5 in held and 4 not in held and set(held) == {3, 5, 9}

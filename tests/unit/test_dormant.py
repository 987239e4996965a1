"""Who is dormant, who may go unread, and what the run memory keeps of them (ARCHITECTURE §8.6)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.core.settings import Settings
from bot.decide.refresh import SWEEP_DAYS, quiet_mentees, sweep_day
from bot.model.mentee import dormant
from bot.model.user import Activity, Block
from bot.ops.memory import (
    FORMAT,
    RunMemory,
    decode_dormant,
    encode_dormant,
    remember_dormant,
    remembered_dormant,
)
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

"""What the run memory keeps of per-mentor reads, and how the change streams add to it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.decide.refresh import Recall, streams_cover
from bot.model.change import Cursor
from bot.model.talk import MentorKnown, Thank, ThanksReceived
from bot.ops.memory import RunMemory, remember, remembered_reads
from bot.read.changes import log_entry

T0 = datetime(2026, 11, 2, tzinfo=UTC)


def thank(logid: int, days: float) -> Thank:
    return Thank(logid, "Ann", T0 + timedelta(days=days))


def test_a_thank_seen_by_a_full_read_and_again_in_the_stream_counts_once() -> None:
    read = ThanksReceived((thank(1, 0), thank(2, 1)))
    got = read.adding([thank(2, 1), thank(3, 2), thank(3, 2)])
    assert [t.logid for t in got.recent] == [1, 2, 3]
    assert got.total == 3


def test_pruning_keeps_the_total_and_the_counts_inside_the_window() -> None:
    read = ThanksReceived((thank(1, 0), thank(2, 5), thank(3, 10)))
    horizon = T0 + timedelta(days=5)
    kept = read.pruned(horizon)
    assert (kept.total, kept.older, len(kept.recent)) == (3, 1, 2)
    assert kept.since(horizon) == read.since(horizon) == 2
    later = horizon + timedelta(days=3)
    assert kept.covers(later) and kept.since(later) == read.since(later) == 1
    assert not kept.covers(T0)  # a wider window needs the thanks that became a count


def test_pruning_to_an_earlier_horizon_changes_nothing() -> None:
    kept = ThanksReceived((thank(1, 0), thank(2, 5))).pruned(T0 + timedelta(days=3))
    assert kept.pruned(T0) == kept


def test_the_memory_gives_back_archives_and_thanks_as_they_were_kept(tmp_path: Path) -> None:
    memory = RunMemory(tmp_path / "m.sqlite3")
    known = {
        "Ann": MentorKnown(
            frozenset({"User talk:Ann/Archive 1", "User talk:Ann/Archive 2"}),
            ThanksReceived((thank(7, 4),), 5, T0),
        ),
        "Bo": MentorKnown(frozenset(), ThanksReceived()),
    }
    remember(
        memory, rows={}, reads=known, full=True, started=T0, wiki="w", cursor=Cursor(1, 2), refused=False
    )
    got = remembered_reads(memory)
    assert got["Ann"] == known["Ann"]
    assert (got["Bo"].archives, got["Bo"].thanks.total) == (frozenset(), 0)
    # An incremental run replaces only the mentors it read.
    remember(
        memory,
        rows={},
        reads={"Bo": MentorKnown(frozenset({"User talk:Bo/Archive"}), ThanksReceived())},
        full=False,
        started=T0,
        wiki="w",
        cursor=Cursor(3, 4),
        refused=False,
    )
    got = remembered_reads(memory)
    assert got["Ann"] == known["Ann"] and got["Bo"].archives == {"User talk:Bo/Archive"}
    memory.close()


def test_the_streams_cover_only_a_recent_memory_of_this_wiki() -> None:
    last = Recall(last_run=T0, cursor=Cursor(5, 6), same_wiki=True)
    assert streams_cover(last, T0 + timedelta(days=1))
    assert not streams_cover(last, T0 + timedelta(days=31))
    assert not streams_cover(Recall(last_run=T0, cursor=Cursor(5, 6), same_wiki=False), T0)
    assert not streams_cover(Recall(), T0)


def test_a_move_counts_its_source_and_its_target_as_changed() -> None:
    users: set[str] = set()
    titles: set[str] = set()
    owners: set[str] = set()
    rc = {
        "type": "log",
        "logtype": "move",
        "ns": 3,
        "title": "User talk:Ann/Old",
        "logparams": {"target_title": "User talk:Ann/Archive 3", "target_ns": 3},
    }
    log_entry(rc, users, titles, owners)
    assert titles == {"User talk:Ann/Old", "User talk:Ann/Archive 3"} and owners == {"Ann"}
    assert users == set()


def test_a_rename_names_both_the_old_and_the_new_account() -> None:
    users: set[str] = set()
    rc = {
        "type": "log",
        "logtype": "renameuser",
        "ns": 2,
        "title": "User:Old",
        "logparams": {"newuser": "New"},
    }
    log_entry(rc, users, set(), set())
    assert users == {"Old", "New"}


def test_a_wiki_is_read_whole_only_when_that_surely_costs_half_the_per_mentor_read_or_less() -> None:
    from bot.read.talk import WIDE_FROM, wide_read_fits

    # 100 mentors, 5,000 entries an answer: the page count plus up to 49 answers fit in 50.
    assert wide_read_fits(100, 20_000, 5_000)
    assert wide_read_fits(100, 49 * 5_000, 5_000)
    assert not wide_read_fits(100, 49 * 5_000 + 1, 5_000)
    # A Wikipedia: 60 million pages are 12,000 answers; 200 mentors read on their own.
    assert not wide_read_fits(200, 60_000_000, 5_000)
    # Without apihighlimits an answer holds 500 entries.
    assert not wide_read_fits(100, 30_000, 500)
    # A handful of mentors is read on their own, however small the wiki.
    assert not wide_read_fits(WIDE_FROM - 1, 10, 5_000)
    assert wide_read_fits(WIDE_FROM, 10, 5_000)

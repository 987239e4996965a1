"""The benchmark's wiki generator: the same seed must give the same wiki, at the promised scale."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import generate_wiki as gen

ANCHOR = datetime(2026, 11, 25, tzinfo=UTC)


def test_same_seed_and_anchor_give_the_same_plan() -> None:
    a = gen.plan(gen.WORKLOADS["S"], 7, ANCHOR)
    b = gen.plan(gen.WORKLOADS["S"], 7, ANCHOR)
    assert a.fingerprint() == b.fingerprint()
    assert list(a.records()) == list(b.records())


def test_another_seed_gives_another_plan() -> None:
    a = gen.plan(gen.WORKLOADS["S"], 7, ANCHOR)
    b = gen.plan(gen.WORKLOADS["S"], 8, ANCHOR)
    assert a.fingerprint() != b.fingerprint()


def test_workload_sizes_match_the_table() -> None:
    w = gen.WORKLOADS["S"]
    p = gen.plan(w, 7, ANCHOR)
    assert len(p.mentors) == w.mentors
    assert len(p.mentor_of) == w.mentees
    assert abs(p.mentee_edits - w.edits) <= w.edits * 0.05
    questions = sum(
        1
        for page in p.pages
        if page["page"].startswith("User talk:Mentor")
        for rev in page["revs"]
        if rev[3].endswith("new section")
    )
    assert questions == w.threads


def test_nothing_is_dated_after_the_anchor() -> None:
    p = gen.plan(gen.WORKLOADS["S"], 7, ANCHOR)
    newest = max(rev[1] for page in p.pages for rev in page["revs"])
    assert newest <= gen.mw(ANCHOR)


def test_signatures_use_mediawikis_english_format() -> None:
    when = datetime(2026, 11, 5, 12, 34, tzinfo=UTC)
    assert gen.signature("X", when) == "[[User:X|X]] ([[User talk:X|talk]]) 12:34, 5 November 2026 (UTC)"


def test_dormant_mentees_are_held_long_registered_and_long_quiet() -> None:
    w = gen.Workload("T", 3, 30, 300, 6, dormant=50)
    p = gen.plan(w, 7, ANCHOR)
    assert len(p.dormant_users) == 50 and w.held == 80
    names = {u.name for u in p.dormant_users}
    assert names <= set(p.mentor_of)
    for u in p.dormant_users:
        assert u.registered is not None and ANCHOR - timedelta(
            days=4 * 365 + 1
        ) <= u.registered <= ANCHOR - timedelta(days=365)
    last: dict[str, str] = {}
    for page in p.pages:
        for user, ts, *_ in page["revs"]:
            if user in names:
                last[user] = max(last.get(user, ts), ts)
    assert set(last) == names  # each made an edit once
    assert max(last.values()) <= gen.mw(ANCHOR - timedelta(days=200))
    # The current part is the same plan as without them.
    base = gen.plan(gen.Workload("T", 3, 30, 300, 6), 7, ANCHOR)
    assert [u.name for u in base.users] == [u.name for u in p.users]

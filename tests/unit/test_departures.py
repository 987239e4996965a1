"""A removal is never guessed (ARCHITECTURE §9.6): the grace period, the mass-removal guard and
unreadable assignments pages, decided without a wiki."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from bot.lifecycle import plan as p
from bot.lifecycle.status import Hold
from bot.model.journal import REASON_CLAIM, REASON_QUIT, REASON_REMOVED, Departure, Journal, Move
from bot.parse.journal import decode, encode
from tests.unit.test_plan import NOW, S, mentor, new, plan_input, user

GRACE = timedelta(hours=S.removal_grace_hours)


def run(**kw: object) -> p.Plan:
    settings = kw.pop("settings", S)
    return p.plan(plan_input(**kw), settings, random.Random(0))  # type: ignore[arg-type]


def test_a_removed_mentor_keeps_their_mentees_through_the_grace_period() -> None:
    got = run(mentors=(mentor("A"),), stored={"Gone": frozenset({1, 2})}, accounts={1: user("M", 1)})
    assert got.moves == ()
    assert got.departed == {}
    assert got.leaving["Gone"].hold == Hold.GRACE
    assert got.leaving["Gone"].until == NOW + GRACE
    assert got.state.leaving == {"Gone": Departure(REASON_REMOVED, NOW)}


def test_the_grace_period_counts_from_the_first_run_that_saw_the_removal() -> None:
    seen = Journal(leaving={"Gone": Departure(REASON_REMOVED, NOW - GRACE + timedelta(minutes=1))})
    early = run(mentors=(mentor("A"),), stored={"Gone": frozenset({1})}, state=seen)
    assert early.moves == () and early.leaving["Gone"].until == NOW + timedelta(minutes=1)
    late = run(
        mentors=(mentor("A"),),
        stored={"Gone": frozenset({1})},
        accounts={1: user("M", 1)},
        state=seen,
        now=NOW + timedelta(minutes=1),
    )
    assert [(m.frm, m.to, m.reason) for m in late.moves] == [("Gone", "A", REASON_REMOVED)]
    assert late.departed == {"Gone": REASON_REMOVED}


def test_an_entry_back_within_the_grace_period_changes_nothing_at_all() -> None:
    seen = Journal(leaving={"Back": Departure(REASON_REMOVED, NOW - timedelta(hours=3))})
    got = run(mentors=(mentor("A"), mentor("Back")), stored={"Back": frozenset({1})}, state=seen)
    assert got.moves == () and got.departed == {} and got.leaving == {}
    assert got.state.leaving == {}


def test_quitting_waits_for_the_grace_period_and_setting_active_again_cancels_it() -> None:
    quitting = run(mentors=(mentor("Q", status="quit"), mentor("A")), stored={"Q": frozenset({1})})
    assert quitting.moves == () and quitting.leaving["Q"].hold == Hold.GRACE
    back = run(mentors=(mentor("Q"), mentor("A")), stored={"Q": frozenset({1})}, state=quitting.state)
    assert back.state.leaving == {} and back.leaving == {}


def test_a_mentor_without_mentees_leaves_at_once() -> None:
    got = run(mentors=(mentor("Q", status="quit"), mentor("A")), stored={"Q": frozenset()})
    assert got.departed == {"Q": REASON_QUIT} and got.leaving == {}


def test_removing_more_than_the_share_at_once_waits_for_an_admin() -> None:
    stored = {name: frozenset({i}) for i, name in enumerate(["B", "C", "D"], 1)}
    mentors = tuple(mentor(n) for n in ["A", "E", "F", "G", "H", "I", "J"])  # 7 stay, 3 go: 30 %
    held = run(mentors=mentors, stored=stored, settings=replace(S, removal_grace_hours=0))
    assert held.moves == () and held.departed == {}
    assert {m: lv.hold for m, lv in held.leaving.items()} == dict.fromkeys("BCD", Hold.CONFIRM)
    assert held.state.leaving == {}  # the grace period has not started
    assert any("confirm_removals" in pr.message for pr in held.problems)
    confirmed = run(
        mentors=mentors,
        stored=stored,
        accounts={i: user(f"M{i}", i) for i in range(1, 4)},
        settings=replace(S, removal_grace_hours=0, confirm_removals=("B", "C", "D")),
    )
    assert sorted(str(m.frm) for m in confirmed.moves) == ["B", "C", "D"]


def test_one_removal_on_a_small_list_is_not_a_mass_removal() -> None:
    got = run(mentors=(mentor("A"),), stored={"Gone": frozenset({1})})
    assert got.leaving["Gone"].hold == Hold.GRACE


def test_removals_already_in_their_grace_period_do_not_count_as_new_ones() -> None:
    seen = Journal(leaving={n: Departure(REASON_REMOVED, NOW - GRACE) for n in "BC"})
    got = run(
        mentors=(mentor("A"), mentor("E")),
        stored={"B": frozenset({1}), "C": frozenset({2})},
        accounts={1: user("M1", 1), 2: user("M2", 2)},
        state=seen,
    )
    assert sorted(str(m.frm) for m in got.moves) == ["B", "C"]


def test_nobody_new_is_sent_to_a_mentor_whose_assignments_page_cannot_be_read() -> None:
    u = user("N", 5)
    got = run(
        mentors=(mentor("Broken"), mentor("A", 1)),
        stored={"Broken": frozenset({1})},
        accounts={5: u},
        new_accounts=(new(u, 1),),
        broken=frozenset({"Broken"}),
    )
    assert [(m.name, m.to) for m in got.moves] == [("N", "A")]


def test_a_departing_mentor_with_an_unreadable_page_keeps_everyone_until_it_is_fixed() -> None:
    got = run(
        mentors=(mentor("Q", status="quit"), mentor("A")),
        stored={"Q": frozenset({1})},
        broken=frozenset({"Q"}),
        settings=replace(S, removal_grace_hours=0),
    )
    assert got.moves == () and got.leaving["Q"].hold == Hold.STORE
    assert got.state.leaving == {"Q": Departure(REASON_QUIT, NOW)}


def test_a_claim_involving_an_unreadable_page_waits_and_is_tried_again() -> None:
    targets = {"Newbie": user("Newbie", 10)}
    by_broken = run(
        mentors=(mentor("Broken", claims=("Newbie",), revid=5),),
        claim_targets=targets,
        broken=frozenset({"Broken"}),
    )
    assert by_broken.moves == ()
    record = by_broken.state.claims["Broken"]
    assert [(r.name, r.outcome) for r in record.results] == [("Newbie", p.ClaimOutcome.WAITING)]
    assert record.revid == 0 and record.done == ()  # read again on the next run
    fixed = run(
        mentors=(mentor("Broken", claims=("Newbie",), revid=5),),
        claim_targets=targets,
        state=by_broken.state,
    )
    assert [(m.name, m.to, m.reason) for m in fixed.moves] == [("Newbie", "Broken", REASON_CLAIM)]
    from_broken = run(
        mentors=(mentor("A", claims=("Newbie",), revid=5), mentor("Broken")),
        claim_targets=targets,
        stored={"Broken": frozenset({10})},
        broken=frozenset({"Broken"}),
    )
    assert from_broken.moves == ()
    assert from_broken.state.claims["A"].results[0].other == "Broken"


def test_journalled_moves_that_wait_stay_in_the_journal_and_nobody_plans_over_them() -> None:
    waiting = Move(1, "M", "Broken", None, "new-account", 3)
    u = user("M", 1)
    got = run(
        mentors=(mentor("Broken"), mentor("A")),
        accounts={1: u},
        new_accounts=(new(u, 9),),
        state=Journal(batch=3, pending=(waiting,)),
        broken=frozenset({"Broken"}),
    )
    assert got.moves == ()
    assert got.state.pending == (waiting,)


def test_the_grace_periods_round_trip_through_the_state_page() -> None:
    journal = Journal(leaving={"Gone": Departure(REASON_REMOVED, NOW)})
    assert decode(encode(journal)) == journal
    assert "leaving" not in encode(Journal())  # older state pages stay byte-identical


def test_a_departure_carried_out_is_forgotten_and_one_with_stuck_mentees_keeps_its_start() -> None:
    start = Journal(leaving={"Q": Departure(REASON_QUIT, NOW - GRACE)})
    done = run(
        mentors=(mentor("Q", status="quit"), mentor("A")),
        stored={"Q": frozenset({1})},
        accounts={1: user("M", 1)},
        state=start,
    )
    assert done.departed == {"Q": REASON_QUIT} and done.state.leaving == {}
    stuck = run(mentors=(mentor("Q", status="quit"),), stored={"Q": frozenset({1})}, state=start)
    assert stuck.moves == () and stuck.state.leaving == start.leaving


def test_a_misspelt_key_on_the_state_page_is_an_error_never_an_empty_default() -> None:
    import pytest

    from bot.model.journal import JournalError

    good = encode(Journal(pending=(Move(1, "M", "A", None, "new-account", 2),), batch=2))
    for wrong in ('"pending"', '"waiting"', '"claims"', '"batch"'):
        bad = good.replace(wrong, wrong[:-1] + 'x"', 1)
        with pytest.raises(JournalError, match="unexpected key"):
            decode(bad)
    assert decode(good).pending[0].user_id == 1


def test_an_assignments_page_with_a_renamed_key_is_unreadable() -> None:
    import pytest

    from bot.parse.assignments import AssignmentError
    from bot.parse.assignments import decode as store_decode
    from bot.parse.assignments import encode as store_encode

    good = store_encode("Carrier", {1: 20261201})
    assert store_decode(good, "T") == ("Carrier", {1: 20261201})
    with pytest.raises(AssignmentError, match="unexpected key"):
        store_decode(good.replace('"mentor"', "\"m''entor\""), "T")

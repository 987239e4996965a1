"""The lifecycle decisions, without a wiki: claims, reassignment, new accounts, and the journal."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.settings import Settings
from bot.lifecycle import plan as p
from bot.lifecycle.status import (
    Hold,
    Ineligible,
    MentorStatus,
    ineligibility,
    mentor_status,
)
from bot.model.journal import (
    NOTICE_REASSIGN,
    REASON_CLAIM,
    REASON_NEW,
    REASON_OPTED_OUT,
    REASON_QUIT,
    REASON_REMOVED,
    ClaimRecord,
    Journal,
)
from bot.model.mentor import MentorEntry
from bot.model.user import Block, NewAccount, WikiUser
from bot.parse.journal import decode, encode
from bot.parse.mentor_settings import MentorSettings, ReadSettings, SettingsRevision, Status
from bot.render.i18n import Messages
from tests import factories as make

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
S = Settings()
EN = Messages.load("en")
AT_ONCE = replace(S, removal_grace_hours=0)  # departures carried out on the run that sees them


def user(name: str, uid: int, *, temp: bool = False) -> WikiUser:
    """A day-old account without edits, in the implicit groups MediaWiki lists for it."""
    groups = {"*", "temp"} if temp else {"*", "user"}
    return make.wiki_user(name, NOW - timedelta(days=1), 0, groups, temp=temp, uid=uid)


def mentor(
    name: str,
    weight: int = 2,
    status: str = "active",
    claims: tuple[str, ...] = (),
    revid: int = 0,
) -> MentorStatus:
    """A mentor whose settings page says STATUS and CLAIMS; revision REVID is dated REVID minutes ago."""
    revision = SettingsRevision(revid, name, NOW - timedelta(minutes=revid), "") if revid else None
    settings = MentorSettings(status=Status(status), claim=claims)
    return make.mentor_status(name, status, weight=weight, settings=settings, revision=revision)


def plan_input(**kw: object) -> p.PlanInput:
    """By default every stored mentor not on the list is absent from the list page too."""
    listed = {m.name for m in kw.get("mentors", ())}  # type: ignore[attr-defined]
    base: dict[str, object] = dict(
        now=NOW,
        mentors=(),
        absent=frozenset(kw.get("stored", {})) - listed,  # type: ignore[call-overload]
        stored={},
        accounts={},
        claim_targets={},
        optouts=frozenset(),
        new_accounts=(),
        state=Journal(),
    )
    base.update(kw)
    return p.PlanInput(**base)  # type: ignore[arg-type]


def new(u: WikiUser, logid: int, temp: bool = False) -> NewAccount:
    return make.new_account(u, logid, NOW, temp=temp)


# --- new accounts ------------------------------------------------------------------------------


def test_new_accounts_get_one_mentor_who_takes_new_mentees() -> None:
    accounts = {i: user(f"N{i}", i) for i in range(1, 31)}
    mentors = (
        mentor("A", 1),
        mentor("B", 4),
        mentor("Away", 4, "away"),
        mentor("Zero", 0),
        mentor("Quit", 4, "quit"),
    )
    got = p.plan(
        plan_input(
            mentors=mentors,
            accounts=accounts,
            new_accounts=tuple(new(u, u.user_id) for u in accounts.values()),
        ),
        S,
        random.Random(1),
    )
    assert sorted(m.user_id for m in got.moves) == sorted(accounts)
    assert {m.to for m in got.moves} <= {"A", "B"}
    assert all(m.reason == REASON_NEW and m.frm is None for m in got.moves)
    assert got.state.last_logid == 30
    assert got.state.pending == got.moves


def test_temporary_accounts_are_never_assigned_by_log_flag_or_by_group() -> None:
    by_log, by_group, real = user("~2026-1", 1), user("~2026-2", 2, temp=True), user("Real", 3)
    got = p.plan(
        plan_input(
            mentors=(mentor("A"),),
            accounts={1: by_log, 2: by_group, 3: real},
            new_accounts=(new(by_log, 1, temp=True), new(by_group, 2), new(real, 3)),
        ),
        S,
        random.Random(0),
    )
    assert [m.user_id for m in got.moves] == [3]


def test_auto_created_accounts_are_never_assigned_and_never_wait() -> None:
    # Central login creates the local account of an editor arriving from another wiki.
    arriving, real = user("Arriving Editor", 1), user("Real", 2)
    got = p.plan(
        plan_input(
            mentors=(mentor("Zero", 0),),  # nobody takes new mentees: real accounts wait
            accounts={1: arriving, 2: real},
            new_accounts=(replace(new(arriving, 1), autocreated=True), new(real, 2)),
        ),
        S,
        random.Random(0),
    )
    assert got.moves == ()
    assert got.state.waiting == (2,)
    assert got.state.last_logid == 2  # the entry is read past, not read again


def test_a_temporary_looking_name_without_the_flag_is_a_real_account() -> None:
    # Names are never the test: a wiki may configure any pattern, and "~" alone proves nothing.
    tilde = user("~Tilde", 1)
    got = p.plan(
        plan_input(mentors=(mentor("A"),), accounts={1: tilde}, new_accounts=(new(tilde, 1),)),
        S,
        random.Random(0),
    )
    assert [m.user_id for m in got.moves] == [1]


def test_accounts_already_assigned_bots_opted_out_and_old_log_entries_are_skipped() -> None:
    assigned, bot, out, old, fresh = (
        user(n, i) for i, n in enumerate(["Has", "Bot", "Out", "Old", "New"], 1)
    )
    accounts = {u.user_id: u for u in (assigned, bot, out, old, fresh)}
    accounts[2] = replace(bot, groups=frozenset({"bot"}))
    got = p.plan(
        plan_input(
            mentors=(mentor("A"),),
            stored={"A": frozenset({1})},
            accounts=accounts,
            optouts=frozenset({"Out"}),
            new_accounts=tuple(new(u, u.user_id + 100) for u in accounts.values()),
            state=Journal(last_logid=104),
        ),
        S,
        random.Random(0),
    )
    assert [m.name for m in got.moves] == ["New"]


def test_a_new_account_is_never_its_own_mentor() -> None:
    self_ = user("A", 1)
    got = p.plan(
        plan_input(mentors=(mentor("A"), mentor("B")), accounts={1: self_}, new_accounts=(new(self_, 1),)),
        S,
        random.Random(0),
    )
    assert [m.to for m in got.moves] == ["B"]


def test_with_no_mentor_available_new_accounts_wait_and_are_assigned_later() -> None:
    u = user("N", 1)
    first = p.plan(
        plan_input(mentors=(mentor("A", status="away"),), accounts={1: u}, new_accounts=(new(u, 1),)),
        S,
        random.Random(0),
    )
    assert first.moves == () and first.state.waiting == (1,)
    second = p.plan(
        plan_input(mentors=(mentor("A"),), accounts={1: u}, state=first.state), S, random.Random(0)
    )
    assert [(m.user_id, m.to) for m in second.moves] == [(1, "A")]
    assert second.state.waiting == ()


@settings(max_examples=60, deadline=None)
@given(
    stored=st.dictionaries(st.sampled_from(["A", "B", "C"]), st.frozensets(st.integers(1, 40), max_size=10)),
    new_ids=st.lists(st.integers(1, 60), max_size=30),
    quit_b=st.booleans(),
    seed=st.integers(0, 1000),
)
def test_nobody_ever_ends_up_with_two_mentors(
    stored: dict[str, frozenset[int]], new_ids: list[int], quit_b: bool, seed: int
) -> None:
    accounts = {i: user(f"U{i}", i) for i in range(1, 61)}
    mentors = (mentor("A"), mentor("B", status="quit" if quit_b else "active"), mentor("C", 1))
    got = p.plan(
        plan_input(
            mentors=mentors,
            stored=stored,
            accounts=accounts,
            new_accounts=tuple(new(accounts[i], n) for n, i in enumerate(new_ids, 1)),
        ),
        AT_ONCE,
        random.Random(seed),
    )
    assert len({m.user_id for m in got.moves}) == len(got.moves), "one move per mentee"
    after: dict[int, set[str]] = {}
    for name, ids in stored.items():
        for uid in ids:
            after.setdefault(uid, set()).add(name)
    for m in got.moves:
        if m.frm:
            after[m.user_id].discard(m.frm)
        if m.to:
            after.setdefault(m.user_id, set()).add(m.to)
    originally_single = {uid for uid in after if sum(uid in ids for ids in stored.values()) <= 1}
    assert all(len(after[uid]) <= 1 for uid in originally_single)
    if quit_b:
        assert all("B" not in names for names in after.values())


# --- claims ------------------------------------------------------------------------------------


def claim_plan(
    *mentors: MentorStatus, stored: dict[str, frozenset[int]] | None = None, **kw: object
) -> p.Plan:
    targets = {
        "Newbie": user("Newbie", 10),
        "Other": user("Other", 11),
        "~2026-5": user("~2026-5", 12, temp=True),
        "A": user("A", 1),
        "B": user("B", 2),
        "Shy": user("Shy", 13),
    }
    return p.plan(
        plan_input(
            mentors=mentors, claim_targets=targets, stored=stored or {}, optouts=frozenset({"Shy"}), **kw
        ),
        S,
        random.Random(0),
    )


def results(got: p.Plan, mentor_name: str) -> list[tuple[str, str, str]]:
    return [(r.name, r.outcome, r.other) for r in got.state.claims[mentor_name].results]


def test_a_claim_moves_the_mentee_and_names_the_previous_mentor() -> None:
    got = claim_plan(mentor("A", claims=("Newbie",), revid=5), mentor("B"), stored={"B": frozenset({10})})
    assert [(m.user_id, m.frm, m.to, m.reason, m.revid) for m in got.moves] == [
        (10, "B", "A", REASON_CLAIM, 5)
    ]
    assert results(got, "A") == [("Newbie", p.ClaimOutcome.DONE, "B")]


def test_each_failed_claim_says_why() -> None:
    got = claim_plan(mentor("A", claims=("Nobody", "A", "B", "Shy", "~2026-5"), revid=5), mentor("B"))
    assert got.moves == ()
    assert [r[1] for r in results(got, "A")] == [
        p.ClaimOutcome.NO_USER,
        p.ClaimOutcome.SELF,
        p.ClaimOutcome.MENTOR,
        p.ClaimOutcome.OPTED_OUT,
        p.ClaimOutcome.TEMPORARY,
    ]


def test_a_claim_of_an_auto_created_account_is_refused() -> None:
    got = claim_plan(mentor("A", claims=("Other", "Newbie"), revid=5), autocreated=frozenset({"Other"}))
    assert [(m.name, m.to) for m in got.moves] == [("Newbie", "A")]
    assert results(got, "A")[0] == ("Other", p.ClaimOutcome.AUTOCREATED, "")


def test_only_claims_of_new_revisions_not_carried_out_are_looked_up() -> None:
    first = claim_plan(mentor("A", claims=("Newbie",), revid=5))
    state = replace(first.state, pending=())
    assert p.claims_to_decide([mentor("A", claims=("Newbie",), revid=5)], state) == frozenset()
    newer = [mentor("A", claims=("Newbie", "Other"), revid=7), mentor("B")]
    assert p.claims_to_decide(newer, state) == frozenset({"Other"})


def test_a_claim_is_carried_out_once_even_if_the_mentee_moves_away_again() -> None:
    first = claim_plan(mentor("A", claims=("Newbie",), revid=5))
    # Later the mentee was claimed by B; A's page still lists the old claim, in a newer revision.
    second = claim_plan(
        mentor("A", claims=("Newbie", "Other"), revid=7),
        mentor("B"),
        stored={"B": frozenset({10})},
        state=first.state,
    )
    assert [(m.name, m.to) for m in second.moves] == [("Other", "A")]
    assert second.state.claims["A"].done == ("Newbie", "Other")


def test_an_unchanged_settings_revision_is_not_read_again() -> None:
    first = claim_plan(mentor("A", claims=("Newbie",), revid=5))
    again = claim_plan(mentor("A", claims=("Newbie",), revid=5), state=replace(first.state, pending=()))
    assert again.moves == ()
    assert again.state.claims == first.state.claims


def test_removing_and_adding_a_name_again_claims_it_again() -> None:
    state = Journal(claims={"A": ClaimRecord(5, ("Newbie",))})
    dropped = claim_plan(
        mentor("A", claims=(), revid=6), mentor("B"), stored={"B": frozenset({10})}, state=state
    )
    assert dropped.state.claims["A"].done == ()
    back = claim_plan(
        mentor("A", claims=("Newbie",), revid=7),
        mentor("B"),
        stored={"B": frozenset({10})},
        state=dropped.state,
    )
    assert [(m.name, m.to) for m in back.moves] == [("Newbie", "A")]


def test_the_later_revision_wins_when_two_mentors_claim_the_same_newcomer() -> None:
    # revid 3 is newer than revid 9 here: mentor() dates revision N at NOW minus N minutes.
    got = claim_plan(mentor("A", claims=("Newbie",), revid=3), mentor("B", claims=("Newbie",), revid=9))
    assert [(m.to, m.frm) for m in got.moves] == [("A", None)]
    assert results(got, "B") == [("Newbie", p.ClaimOutcome.SUPERSEDED, "A")]
    assert results(got, "A") == [("Newbie", p.ClaimOutcome.DONE, "")]


def test_the_latest_claim_results_stay_until_new_claims_arrive() -> None:
    first = claim_plan(mentor("A", claims=("Nobody",), revid=5))
    later = claim_plan(mentor("A", claims=("Nobody",), revid=8), state=first.state)
    assert results(later, "A") == [("Nobody", p.ClaimOutcome.NO_USER, "")]


# --- departing mentors ---------------------------------------------------------------------------


def test_a_quitting_mentors_mentees_are_all_reassigned_never_to_the_quitter() -> None:
    accounts = {i: user(f"M{i}", i) for i in range(1, 21)}
    got = p.plan(
        plan_input(
            mentors=(mentor("Q", status="quit"), mentor("A", 1), mentor("B", 2)),
            stored={"Q": frozenset(accounts), "A": frozenset()},
            accounts=accounts,
        ),
        replace(AT_ONCE, reassign_notice=True),
        random.Random(3),
    )
    assert sorted(m.user_id for m in got.moves) == sorted(accounts)
    assert all(m.frm == "Q" and m.to in {"A", "B"} and m.reason == REASON_QUIT for m in got.moves)
    assert all(m.notice == NOTICE_REASSIGN for m in got.moves)
    assert got.departed == {"Q": REASON_QUIT}


def test_opted_out_mentees_of_a_quitter_are_released_not_reassigned() -> None:
    accounts = {1: user("Shy", 1), 2: user("Keen", 2)}
    got = p.plan(
        plan_input(
            mentors=(mentor("Q", status="quit"), mentor("A")),
            stored={"Q": frozenset({1, 2})},
            accounts=accounts,
            optouts=frozenset({"Shy"}),
        ),
        AT_ONCE,
        random.Random(0),
    )
    assert {(m.name, m.to, m.reason) for m in got.moves} == {
        ("Shy", None, REASON_OPTED_OUT),
        ("Keen", "A", REASON_QUIT),
    }


def test_a_mentor_gone_from_the_list_page_is_treated_as_removed() -> None:
    got = p.plan(
        plan_input(mentors=(mentor("A"),), stored={"Gone": frozenset({1})}, accounts={1: user("M", 1)}),
        AT_ONCE,
        random.Random(0),
    )
    assert [(m.frm, m.to, m.reason) for m in got.moves] == [("Gone", "A", REASON_REMOVED)]


def test_a_mentor_still_named_on_the_list_page_keeps_their_mentees() -> None:
    got = p.plan(
        plan_input(
            mentors=(mentor("A"),),
            absent=frozenset(),  # "Gone" is still on the page, in an entry that could not be read
            stored={"Gone": frozenset({1})},
            accounts={1: user("M", 1)},
        ),
        AT_ONCE,
        random.Random(0),
    )
    assert got.moves == ()
    assert got.departed == {}
    assert got.leaving["Gone"].hold == Hold.UNREADABLE
    assert any("Gone" in pr.message and "still named" in pr.message for pr in got.problems)


def test_a_move_left_half_done_is_finished_towards_the_mentor_who_already_has_them() -> None:
    got = p.plan(
        plan_input(
            mentors=(mentor("Q", status="quit"), mentor("A"), mentor("B")),
            stored={"Q": frozenset({1}), "B": frozenset({1})},
            accounts={1: user("M", 1)},
        ),
        AT_ONCE,
        random.Random(0),
    )
    assert [(m.frm, m.to) for m in got.moves] == [("Q", "B")]
    assert got.problems == ()


def test_journal_batches_count_up_only_when_something_moves() -> None:
    empty = p.plan(plan_input(mentors=(mentor("A"),), state=Journal(batch=4)), S, random.Random(0))
    assert empty.state.batch == 4
    u = user("N", 1)
    busy = p.plan(
        plan_input(
            mentors=(mentor("A"),), accounts={1: u}, new_accounts=(new(u, 1),), state=Journal(batch=4)
        ),
        S,
        random.Random(0),
    )
    assert busy.state.batch == 5 and busy.moves[0].batch == 5


def test_state_round_trips_through_its_page_text() -> None:
    u = user("N", 1)
    got = claim_plan(
        mentor("A", claims=("Newbie", "Nobody"), revid=5),
        accounts={1: u},
        new_accounts=(new(u, 77),),
    )
    assert decode(encode(got.state)) == got.state


# --- mentors: eligibility, away, settings over list ---------------------------------------------


def entry(
    name: str = "A", weight: int = 2, message: str = "list message", away: datetime | None = None
) -> MentorEntry:
    return make.mentor_entry(name, weight, message, away, line=1)


def test_eligibility_defaults_are_500_edits_90_days_and_no_sitewide_block() -> None:
    ok = make.wiki_user("A", NOW - timedelta(days=90), 500, {"user"}, uid=1)
    assert ineligibility(ok, NOW, S) == ()
    young = replace(ok, registration=NOW - timedelta(days=89), editcount=499)
    assert [r.code for r in ineligibility(young, NOW, S)] == [Ineligible.EDITS, Ineligible.AGE]
    assert ineligibility(young, NOW, S)[0].params == (499, 500)
    blocked = replace(ok, block=Block(expiry=None, partial=False))
    assert [r.code for r in ineligibility(blocked, NOW, S)] == ["blocked"]
    assert ineligibility(replace(ok, block=Block(expiry=None, partial=True)), NOW, S) == ()
    assert [r.code for r in ineligibility(None, NOW, S)] == ["no-account"]


def test_an_ineligible_mentor_takes_no_new_mentees() -> None:
    newbie_mentor = make.wiki_user("A", NOW - timedelta(days=3), 0, {"user"}, uid=1)
    status = mentor_status(entry(), ReadSettings(MentorSettings(), None), newbie_mentor, NOW, S)
    assert not status.takes_new_mentees and status.ineligible


def test_away_until_a_future_day_then_back_automatically_on_that_day() -> None:
    ok = make.wiki_user("A", NOW - timedelta(days=900), 900, {"user"}, uid=1)
    read = ReadSettings(MentorSettings(status=Status.AWAY, away_until=date(2026, 12, 1)), None)
    away = mentor_status(entry(), read, ok, NOW, S)
    assert (away.status, away.away_until, away.takes_new_mentees) == ("away", date(2026, 12, 1), False)
    back = mentor_status(entry(), read, ok, datetime(2026, 12, 1, 0, 0, tzinfo=UTC), S)
    assert (back.status, back.away_until, back.takes_new_mentees) == ("active", None, True)


def test_the_settings_page_overrides_the_lists_weight_and_message() -> None:
    ok = make.wiki_user("A", NOW - timedelta(days=900), 900, {"user"}, uid=1)
    mine = mentor_status(entry(), ReadSettings(MentorSettings(weight=4, message="mine"), None), ok, NOW, S)
    assert (mine.weight, mine.message) == (4, "mine")
    listed = mentor_status(entry(weight=1), ReadSettings(MentorSettings(), None), ok, NOW, S)
    assert (listed.weight, listed.message) == (1, "list message")


def test_the_lists_away_timestamp_also_makes_a_mentor_away() -> None:
    ok = make.wiki_user("A", NOW - timedelta(days=900), 900, {"user"}, uid=1)
    st_ = mentor_status(entry(away=NOW + timedelta(days=3)), ReadSettings(MentorSettings(), None), ok, NOW, S)
    assert st_.status == "away"


def test_summaries_name_every_claim_and_reason() -> None:
    got = claim_plan(mentor("A", claims=("Newbie",), revid=5), mentor("B"), stored={"B": frozenset({10})})
    added = p.summary_added("A", got.moves, EN)
    removed = p.summary_removed("B", got.moves, EN)
    assert added == "claim of Newbie by A (settings revision 5, was with B)"
    assert removed == "Newbie claimed by A (settings revision 5)"
    many = [replace(got.moves[0], name=f"Name{i}", reason=REASON_NEW) for i in range(200)]
    assert len(p.summary_added("A", many, EN)) <= p.SUMMARY_LIMIT
    assert Counter(x.reason for x in many) == {REASON_NEW: 200}

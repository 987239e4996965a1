"""No mentee lost to a typo, on a real MediaWiki (ARCHITECTURE §9.6): the grace period, the
mass-removal guard, stores that fail soft, hand edits reported, and pages only for real accounts.

The wiki helpers are the lifecycle tests' (``start_from_now`` empties the bot's pages and reads
the new-account log up to now). Expected owners and notices come from what each test seeded.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from wikiseed import UserSpec, Wiki

from bot.core.settings import Settings
from bot.model.assignment import day_number
from tests.integration import botrun
from tests.integration.test_engagement import visible_rows
from tests.integration.test_lifecycle import (
    BOT,
    LIST,
    OLD,
    notices_on,
    owners,
    run_bot,
    set_settings,
    start_from_now,
)
from tests.integration.wikipages import page_text, text_if_exists

pytestmark = pytest.mark.wiki

MENTORS = ("Anna", "Bert", "Cleo", "Dara", "Emil")
GRACE = Settings(assignment_seed=7, reassign_notice=True)  # the default grace period: 24 hours
AT_ONCE = replace(GRACE, removal_grace_hours=0)
SITE_SETTINGS = "Project:Mentorship/Settings.json"
INDEX = "Project:Mentorship/Dashboards"
TODAY = day_number(datetime.now(UTC).date())


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    w.create_users([UserSpec(n, registered=OLD, editcount=600) for n in (*MENTORS, "Blocked Mentor")])
    yield w


def mentees(wiki: Wiki, prefix: str, n: int) -> dict[str, int]:
    """N day-old accounts the new-account log does not announce: the tests assign them by hand."""
    day_old = datetime.now(UTC) - timedelta(days=1)
    return wiki.create_users([UserSpec(f"{prefix} {i}", registered=day_old) for i in range(n)], log=False)


def assign(held: dict[str, list[int]]) -> None:
    botrun.save_assignment_pages({m: dict.fromkeys(ids, TODAY) for m, ids in held.items()})


def listing(*names: str) -> str:
    return "\n".join(f"* [[User:{m}]] | Hello from {m}" for m in names)


def status(wiki: Wiki) -> str:
    """The status page's text as a reader sees its words: references decoded, isolation dropped."""
    text = html.unescape(page_text(wiki, f"User:{BOT}/Status"))
    return text.replace("<bdi>", "").replace("</bdi>", "")


def dashboard(wiki: Wiki, mentor: str) -> str:
    return html.unescape(text_if_exists(wiki, f"User:{mentor}/Mentor dashboard") or "")


def store_title(mentor: str) -> str:
    return f"User:{BOT}/Assignments/{mentor}.json"


# --- the grace period ------------------------------------------------------------------------------


def test_a_removed_mentor_keeps_everyone_for_the_grace_period_and_a_quick_restore_changes_nothing(
    wiki: Wiki,
) -> None:
    start_from_now(wiki, ["Anna", "Bert"])
    ids = mentees(wiki, "Grace mentee", 3)
    assign({"Anna": list(ids.values())})

    wiki.admin().edit(LIST, listing("Bert"))
    run_bot(GRACE)
    assert {uid: owners(wiki)[uid] for uid in ids.values()} == {uid: ["Anna"] for uid in ids.values()}
    assert "leaving: mentees reassigned on" in visible_rows(wiki, INDEX)["Anna"]
    assert "You are leaving mentoring" in dashboard(wiki, "Anna")
    assert notices_on(wiki, list(ids)) == dict.fromkeys(ids, 0)

    wiki.admin().edit(LIST, listing("Anna", "Bert"))
    run_bot(GRACE)
    assert {uid: owners(wiki)[uid] for uid in ids.values()} == {uid: ["Anna"] for uid in ids.values()}
    assert "leaving" not in visible_rows(wiki, INDEX)["Anna"]
    assert "You are leaving mentoring" not in dashboard(wiki, "Anna")

    wiki.admin().edit(LIST, listing("Bert"))
    run_bot(GRACE)  # the grace period starts again here
    run_bot(GRACE, now=datetime.now(UTC) + timedelta(hours=25))
    assert {uid: owners(wiki)[uid] for uid in ids.values()} == {uid: ["Bert"] for uid in ids.values()}
    assert notices_on(wiki, list(ids)) == dict.fromkeys(ids, 1)


def test_removing_many_mentors_at_once_waits_for_an_admin_to_confirm(wiki: Wiki) -> None:
    start_from_now(wiki, list(MENTORS))
    ids = mentees(wiki, "Mass mentee", 6)
    held = {"Bert": list(ids.values())[:2], "Cleo": list(ids.values())[2:4], "Dara": list(ids.values())[4:]}
    assign(held)
    wiki.admin().edit(LIST, listing("Anna", "Emil"))  # three of five at once
    try:
        run_bot(AT_ONCE)
        assert {uid: owners(wiki)[uid] for uid in ids.values()} == {
            uid: [m] for m, uids in held.items() for uid in uids
        }
        assert "confirm_removals" in status(wiki)
        rows = visible_rows(wiki, INDEX)
        assert all("waits for an admin" in rows[m] for m in held)

        wiki.admin().edit(SITE_SETTINGS, json.dumps({"confirm_removals": list(held)}))
        run_bot(AT_ONCE)
        got = owners(wiki)
        assert {uid: len(got[uid]) for uid in ids.values()} == dict.fromkeys(ids.values(), 1)
        assert {got[uid][0] for uid in ids.values()} <= {"Anna", "Emil"}
    finally:
        wiki.admin().edit(SITE_SETTINGS, "{}")


# --- stores that fail soft ----------------------------------------------------------------------


def test_a_broken_assignments_page_with_a_journalled_move_is_no_crash_loop(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna", "Bert"])
    ids = mentees(wiki, "Loop mentee", 3)
    kept, arriving, claimed = ids["Loop mentee 0"], ids["Loop mentee 1"], ids["Loop mentee 2"]
    assign({"Bert": [kept], "Anna": [claimed]})
    # A run journalled a move to Bert and was stopped; then an admin saved Bert's page in a wrong shape.
    state_title = f"User:{BOT}/Mentorship state.json"
    state = json.loads(page_text(wiki, state_title))
    state |= {
        "batch": 1,
        "pending": [
            {"id": arriving, "name": "Loop mentee 1", "to": "Bert", "from": None, "reason": "new-account"}
            | {"batch": 1, "notice": "welcome", "by": "", "rev": 0}
        ],
    }
    wiki.admin().edit(state_title, json.dumps(state))
    good = page_text(wiki, store_title("Bert"))
    wiki.admin().edit(store_title("Bert"), json.dumps({"mentor": "Bert", "mentees": [kept]}))
    set_settings(wiki, "Bert", {"claim": ["Loop mentee 2"]})

    for _ in range(2):  # the same state twice: each run ends normally and publishes
        report = run_bot(GRACE)
        assert any(p.where == store_title("Bert") and "Admin" in p.message for p in report.problems)
        assert "Bert.json" in status(wiki)
        assert "Loop mentee 0" in dashboard(wiki, "Bert"), "the last good mentee list, not 0 mentees"
        assert "Your assignments page cannot be read" in dashboard(wiki, "Bert")
        assert owners(wiki).get(claimed) == ["Anna"], "the claim waits"
        assert arriving in {m["id"] for m in json.loads(page_text(wiki, state_title))["pending"]}
        assert notices_on(wiki, ["Loop mentee 1"]) == {"Loop mentee 1": 0}

    wiki.admin().edit(store_title("Bert"), good)  # repaired
    run_bot(GRACE)
    run_bot(GRACE)
    got = owners(wiki)
    assert {uid: got.get(uid) for uid in ids.values()} == {uid: ["Bert"] for uid in ids.values()}
    assert notices_on(wiki, ["Loop mentee 1"]) == {"Loop mentee 1": 1}, "posted once, after the repair"
    assert json.loads(page_text(wiki, state_title))["pending"] == []


def test_a_broken_state_page_is_repaired_from_the_bots_own_last_revision(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna"])
    state_title = f"User:{BOT}/Mentorship state.json"
    wiki.create_users([UserSpec("State newcomer 0", registered=datetime.now(UTC))])
    run_bot(GRACE)  # the bot moves the log position on: a state page revision of its own
    before = json.loads(page_text(wiki, state_title))
    wiki.admin().edit(state_title, '{"newusers": {"logid": "soon"}}')
    newcomer = wiki.create_users([UserSpec("State newcomer 1", registered=datetime.now(UTC))])
    report = run_bot(GRACE)
    assert any(p.where == state_title for p in report.problems)
    assert owners(wiki).get(newcomer["State newcomer 1"]) == ["Anna"], "the lifecycle went on"
    after = json.loads(page_text(wiki, state_title))
    assert after["newusers"]["logid"] > before["newusers"]["logid"]


def test_a_hand_edit_dropping_a_mentee_is_accepted_and_reported_with_its_diff(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna"])
    ids = mentees(wiki, "Hand mentee", 2)
    assign({"Anna": list(ids.values())})
    body = json.loads(page_text(wiki, store_title("Anna")))
    body["mentees"] = {d: [i for i in v if i != ids["Hand mentee 1"]] for d, v in body["mentees"].items()}
    wiki.admin().edit(store_title("Anna"), json.dumps(body))
    run_bot(GRACE)
    line = next(ln for ln in status(wiki).splitlines() if "by hand" in ln)
    assert "Admin" in line and f"Hand mentee 1 (#{ids['Hand mentee 1']})" in line
    assert "now {{PLURAL:1|has|have}} no mentor" in line  # MediaWiki picks the form
    assert owners(wiki).get(ids["Hand mentee 1"]) is None, "the edit is kept"


# --- only real accounts get pages ---------------------------------------------------------------------


def test_a_list_entry_for_a_missing_or_blocked_account_gets_no_pages(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna", "Nobody Here", "Blocked Mentor"])
    wiki.admin().block("Blocked Mentor", expiry="infinite", reason="test")
    run_bot(GRACE)
    for name in ("Nobody Here", "Blocked Mentor"):
        assert text_if_exists(wiki, f"User:{name}/Mentor dashboard") is None
        assert text_if_exists(wiki, f"User:{name}/Mentor dashboard/FAQ") is None
        assert name not in visible_rows(wiki, INDEX)
    assert "no account named Nobody Here" in status(wiki)
    assert "Blocked Mentor is blocked" in status(wiki)
    assert text_if_exists(wiki, "User:Anna/Mentor dashboard") is not None

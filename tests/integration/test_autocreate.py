"""Accounts MediaWiki created by itself (``newusers/autocreate``) never get a mentor.

On a wiki farm with central login (every Wikimedia wiki, Miraheze) most new local accounts are
editors arriving from another wiki; GrowthExperiments gives them no mentor, and neither does the
bot. The entries are real: ``createAndPromote.php`` creates an account through MediaWiki's own
``AuthManager::autoCreateUser`` (the path central login takes), which writes the autocreate log
entry on 1.39 and 1.43 alike; ``createUsers.php`` writes the ``create`` entry of a sign-up.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from wikiseed import UserSpec, Wiki

from bot.core.settings import Settings
from tests.integration.botrun import run_bot
from tests.integration.wikipages import page_text

pytestmark = pytest.mark.wiki
MENTOR = "Autocreate Mentor"
ARRIVING = ["Arriving Editor", "Another Arrival"]
SIGNED_UP = "Signed Up Newcomer"


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    w.create_users([UserSpec(MENTOR, registered=datetime.now(UTC) - timedelta(days=400), editcount=600)])
    for name in ARRIVING:
        w.maint("createAndPromote", name, "Arrival-pass-123")
    w.create_users([UserSpec(SIGNED_UP, registered=datetime.now(UTC) - timedelta(hours=2))])
    w.admin().edit("Project:Mentorship/Mentors", f"* [[User:{MENTOR}]]")
    yield w


def creation_log(wiki: Wiki, name: str) -> str:
    entries = wiki.api(action="query", list="logevents", letype="newusers", letitle=f"User:{name}")
    return str(entries["query"]["logevents"][0]["action"])


def user_id(wiki: Wiki, name: str) -> int:
    return int(wiki.api(action="query", list="users", ususers=name)["query"]["users"][0]["userid"])


def test_the_seeded_entries_are_the_ones_mediawiki_writes(wiki: Wiki) -> None:
    assert [creation_log(wiki, n) for n in ARRIVING] == ["autocreate", "autocreate"]
    assert creation_log(wiki, SIGNED_UP) == "create"


def test_auto_created_accounts_are_not_assigned_and_not_listed(wiki: Wiki) -> None:
    run_bot(Settings(assignment_seed=1))
    store = json.loads(page_text(wiki, f"User:MentorBot/Assignments/{MENTOR}.json"))
    assigned = {uid for ids in store["mentees"].values() for uid in ids}
    assert user_id(wiki, SIGNED_UP) in assigned
    assert not assigned & {user_id(wiki, n) for n in ARRIVING}
    dashboard = page_text(wiki, f"User:{MENTOR}/Mentor dashboard")
    assert f"[[User:{SIGNED_UP}|" in dashboard
    assert not any(n in dashboard for n in ARRIVING)


def test_a_claim_of_an_auto_created_account_is_refused_with_the_reason(wiki: Wiki) -> None:
    wiki.session_for(MENTOR).edit(
        f"User:{MENTOR}/Mentor dashboard.json", json.dumps({"claim": [ARRIVING[1], SIGNED_UP]})
    )
    run_bot(Settings(assignment_seed=1))
    store = json.loads(page_text(wiki, f"User:MentorBot/Assignments/{MENTOR}.json"))
    assigned = {uid for ids in store["mentees"].values() for uid in ids}
    assert user_id(wiki, ARRIVING[1]) not in assigned
    dashboard = page_text(wiki, f"User:{MENTOR}/Mentor dashboard")
    assert "not claimed, because the account was created automatically" in dashboard

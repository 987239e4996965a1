"""Temporary accounts (MediaWiki 1.43 core) never appear as mentees (ARCHITECTURE §6.2).

Version difference this guards: on 1.43 with ``$wgAutoCreateTempUser`` a logged-out edit creates
an account such as ``~2026-1`` whose ``list=users`` groups are ``["*", "temp"]`` (there is no
temp flag in list=users; logevents and recentchanges carry ``temp: true``). On 1.39 the same edit
is an IP edit, and ``list=users`` reports the IP as invalid, not as an account.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from wikiseed import UserSpec, Wiki

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.read.users import fetch_users
from tests.integration.botrun import logged_in_site, run_bot, seed_assignments
from tests.integration.wikipages import page_text

pytestmark = pytest.mark.wiki
MW = os.environ.get("MW") or "1.43"
MENTOR = "Temp Test Mentor"


@pytest.fixture(scope="module")
def logged_out(fresh_wiki: dict[str, Any]) -> Iterator[tuple[Wiki, str, dict[str, int]]]:
    wiki = Wiki(str(fresh_wiki["name"]))
    ids = wiki.create_users(
        [
            UserSpec(MENTOR, registered=datetime.now(UTC) - timedelta(days=800)),
            UserSpec("Real Newcomer", registered=datetime.now(UTC) - timedelta(days=2)),
        ]
    )
    anon = wiki.anonymous()
    anon.edit("Sandbox/Logged out", "an edit without an account")
    rev = wiki.api(action="query", prop="revisions", titles="Sandbox/Logged out", rvprop="user")
    editor = str(rev["query"]["pages"][0]["revisions"][0]["user"])  # ~2026-1 on 1.43, the IP on 1.39
    yield wiki, editor, ids


@pytest.mark.skipif(MW == "1.39", reason="MediaWiki 1.39 has no temporary accounts")
def test_logged_out_edit_creates_a_temporary_account_the_bot_recognises(logged_out: Any) -> None:
    _, temp_name, _ = logged_out
    gw = Gateway(logged_in_site())
    try:
        users = fetch_users(gw, names=[temp_name, "Real Newcomer"])
    finally:
        gw.close()
    assert users[temp_name].temp
    assert not users["Real Newcomer"].temp


@pytest.mark.skipif(MW == "1.39", reason="MediaWiki 1.39 has no temporary accounts")
def test_temporary_account_in_the_store_is_never_listed_as_a_mentee(logged_out: Any) -> None:
    wiki, temp_name, ids = logged_out
    temp_id = wiki.api(action="query", list="users", ususers=temp_name)["query"]["users"][0]["userid"]
    seed_assignments({MENTOR: [temp_id, ids["Real Newcomer"]]})
    wiki.admin().edit("Project:Mentorship/Mentors", f"* [[User:{MENTOR}]]")
    run_bot(Settings())
    text = page_text(wiki, f"User:{MENTOR}/Mentor dashboard")
    assert "[[User:Real Newcomer|" in text
    assert temp_name not in text


@pytest.mark.skipif(MW != "1.39", reason="only MediaWiki 1.39 records logged-out edits under the IP")
def test_on_1_39_a_logged_out_edit_is_an_ip_edit_not_an_account(logged_out: Any) -> None:
    _, name, _ = logged_out
    gw = Gateway(logged_in_site())
    try:
        assert fetch_users(gw, names=[name]) == {}
    finally:
        gw.close()

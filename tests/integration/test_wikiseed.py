"""scripts/wikiseed.py against a real local MediaWiki: every helper, checked through the API.

Runs on the version in $MW (1.43 by default); run it again with MW=1.39 for the old LTS. The
module gets a freshly reset copy of the session's test wiki.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import localwiki  # noqa: E402
import wikiseed  # noqa: E402
from wikiseed import ImportedEdit, Thank, UserSpec, Wiki  # noqa: E402

from tests.integration.wikipages import page_text  # noqa: E402

pytestmark = pytest.mark.wiki

MW = os.environ.get("MW") or localwiki.DEFAULT_MW
SIGNATURE_TIME = re.compile(r"\d\d:\d\d, \d{1,2} \w+ \d{4} \(UTC\)")
REGISTERED = datetime(2024, 3, 1, 12, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    w.create_users(
        [
            UserSpec("Mentor One", registered=REGISTERED - timedelta(days=400)),
            UserSpec("Newbie One", registered=REGISTERED),
            UserSpec("Newbie Two", registered=REGISTERED + timedelta(days=1)),
        ]
    )
    yield w


def users(w: Wiki, *names: str, prop: str = "registration|editcount|groups|blockinfo") -> dict[str, Any]:
    got = w.api(action="query", list="users", ususers="|".join(names), usprop=prop)["query"]["users"]
    return {u["name"]: u for u in got}


def contribs(w: Wiki, user: str) -> list[dict[str, Any]]:
    res = w.api(
        action="query", list="usercontribs", ucuser=user, ucprop="ids|title|timestamp|tags", uclimit=500
    )
    return list(res["query"]["usercontribs"])


def test_the_wiki_runs_the_requested_version(wiki: Wiki) -> None:
    general = wiki.api(action="query", meta="siteinfo")["query"]["general"]
    assert general["generator"].startswith(f"MediaWiki {MW}")


def test_create_users_sets_registration_groups_and_log(wiki: Wiki) -> None:
    ids = wiki.create_users(
        [
            UserSpec("Seeded Admin", registered=datetime(2023, 5, 6, 7, 8, 9, tzinfo=UTC), groups=("sysop",)),
            UserSpec("Seeded Plain", registered=datetime(2025, 1, 2, tzinfo=UTC)),
        ]
    )
    got = users(wiki, "Seeded Admin", "Seeded Plain")
    assert got["Seeded Admin"]["userid"] == ids["Seeded Admin"]
    assert got["Seeded Admin"]["registration"] == "2023-05-06T07:08:09Z"
    assert "sysop" in got["Seeded Admin"]["groups"]
    assert got["Seeded Plain"]["registration"] == "2025-01-02T00:00:00Z"
    assert got["Seeded Plain"]["editcount"] == 0
    # Idempotent: a second run skips existing names and still reports their ids.
    assert (
        wiki.create_users([UserSpec("Seeded Plain"), UserSpec("Seeded Third")])["Seeded Plain"]
        == ids["Seeded Plain"]
    )
    # The bot discovers new accounts from the newusers log, so the entry must carry the registration.
    log = wiki.api(action="query", list="logevents", letype="newusers", letitle="User:Seeded Admin")
    [entry] = log["query"]["logevents"]
    assert (entry["action"], entry["user"], entry["timestamp"]) == (
        "create",
        "Seeded Admin",
        "2023-05-06T07:08:09Z",
    )
    # The shared seed password works for a real login.
    assert wiki.session_for("Seeded Plain").whoami() == "Seeded Plain"


def test_new_section_is_signed_by_its_author_and_reply_by_the_replier(wiki: Wiki) -> None:
    title = "User talk:Mentor One"
    revid = wiki.session_for("Newbie One").new_section(title, "How do I add a picture?", "I am stuck.")
    text = page_text(wiki, title)
    assert "== How do I add a picture? ==" in text
    assert "[[User:Newbie One|" in text
    assert SIGNATURE_TIME.search(text.split("[[User:Newbie One|", 1)[1])
    rev = wiki.api(action="query", prop="revisions", revids=revid, rvprop="user")["query"]["pages"][0]
    assert rev["revisions"][0]["user"] == "Newbie One"

    wiki.session_for("Mentor One").reply(title, "How do I add a picture?", "Use the upload wizard.")
    text = page_text(wiki, title)
    assert re.search(r"\n:Use the upload wizard\. \[\[User:Mentor One\|Mentor One\]\].*\(UTC\)", text)
    wiki.session_for("Newbie One").new_section(title, "Second question", "Thanks!")
    wiki.session_for("Mentor One").reply(title, 1, "Second reply to the first section.")
    first = page_text(wiki, title).split("== Second question ==")[0]
    assert "Second reply to the first section. [[User:Mentor One|" in first


def test_block_shows_in_blockinfo(wiki: Wiki) -> None:
    wiki.create_users([UserSpec("Vandal One"), UserSpec("Vandal Two")])
    admin = wiki.admin()
    admin.block("Vandal One", expiry="infinite", reason="Vandalism")
    admin.block("Vandal Two", reason="Edit warring")
    admin.block("Vandal Two", expiry="2 weeks", reason="Reblocked")  # reblock, no error
    got = users(wiki, "Vandal One", "Vandal Two")
    assert got["Vandal One"]["blockexpiry"] == "infinite"
    assert got["Vandal One"]["blockreason"] == "Vandalism"
    assert got["Vandal Two"]["blockreason"] == "Reblocked"
    assert got["Vandal Two"]["blockexpiry"] != "infinite"
    admin.unblock("Vandal Two")
    assert "blockid" not in users(wiki, "Vandal Two")["Vandal Two"]


def test_undo_and_rollback_tag_the_reverted_edits_after_run_jobs(wiki: Wiki) -> None:
    newbie, mentor = wiki.session_for("Newbie Two"), wiki.session_for("Mentor One")
    mentor.edit("Revert test", "Good text.")
    bad = newbie.edit("Revert test", "Bad text.", summary="oops")
    undo = mentor.undo("Revert test", bad)
    bad2 = newbie.edit("Revert test", "Bad text again.")
    rollback = wiki.admin().rollback("Revert test", "Newbie Two")
    tags = {c["revid"]: c["tags"] for c in contribs(wiki, "Newbie Two")}
    assert "mw-reverted" not in tags[bad], "mw-reverted is set by a job, which the API never runs"
    wiki.run_jobs()
    tags = {c["revid"]: c["tags"] for c in contribs(wiki, "Newbie Two")}
    assert "mw-reverted" in tags[bad]
    assert "mw-reverted" in tags[bad2]
    assert "mw-undo" in {c["revid"]: c["tags"] for c in contribs(wiki, "Mentor One")}[undo]
    assert "mw-rollback" in {c["revid"]: c["tags"] for c in contribs(wiki, "Admin")}[rollback]


def test_import_edits_keeps_timestamps_counts_edits_and_adds_tags(wiki: Wiki) -> None:
    wiki.create_users([UserSpec("Old Timer", registered=datetime(2023, 1, 1, tzinfo=UTC))])
    start = datetime(2024, 6, 1, 10, 0, tzinfo=UTC)
    edits = [
        ImportedEdit(f"History {i % 3}", "Old Timer", start + timedelta(hours=i), f"Version {i} of the page.")
        for i in range(10)
    ]
    edits.append(ImportedEdit("History 0", "Mentor One", start + timedelta(days=30), "Mentor's edit"))
    edits.append(
        ImportedEdit("History 1", "Old Timer", start + timedelta(days=31), "reverted", tags=("mw-reverted",))
    )
    edits.append(ImportedEdit("History 2", "192.0.2.7", start + timedelta(days=32), "an IP edit"))
    recent = datetime.now(UTC).replace(microsecond=0) - timedelta(days=5)
    edits.append(ImportedEdit("Recent history", "Old Timer", recent, "Five days ago."))
    # Live edits within one second: a full rebuildrecentchanges would scramble their rows.
    live = wiki.session_for("Old Timer")
    live_new, live_edit = live.edit("Live page", "one"), live.edit("Live page", "two")
    before = users(wiki, "Mentor One")["Mentor One"]["editcount"]
    assert wiki.import_edits(edits) == 14

    got = contribs(wiki, "Old Timer")
    assert len(got) == 14
    assert {c["timestamp"] for c in got} >= {"2024-06-01T10:00:00Z", "2024-06-01T19:00:00Z"}
    tagged = [c for c in got if c["timestamp"] == "2024-07-02T10:00:00Z"]
    assert tagged[0]["tags"] == ["mw-reverted"]
    counts = users(wiki, "Old Timer", "Mentor One")
    assert counts["Old Timer"]["editcount"] == 14
    assert counts["Mentor One"]["editcount"] == before + 1, "live edits stay counted after initEditCount"
    assert page_text(wiki, "History 2") == "an IP edit"
    rc = wiki.api(action="query", list="recentchanges", rcuser="Old Timer", rcprop="ids|title|timestamp")
    rows = {(r["title"], r["revid"]): r for r in rc["query"]["recentchanges"]}
    assert {k[0] for k in rows} == {"Recent history", "Live page"}, "only the last 90 days are in RC"
    assert rows["Live page", live_new]["type"] == "new"
    assert rows["Live page", live_edit]["type"] == "edit"
    [imported] = [r for (title, _), r in rows.items() if title == "Recent history"]
    assert (imported["type"], imported["timestamp"]) == ("new", recent.strftime("%Y-%m-%dT%H:%M:%SZ"))
    with pytest.raises(wikiseed.SeedError, match="no such users: Nobody Here"):
        wiki.import_edits([ImportedEdit("X", "Nobody Here", start, "x")])


def test_thanks_read_back_through_logevents(wiki: Wiki) -> None:
    when = datetime(2024, 7, 1, 9, 0, tzinfo=UTC)
    ids = wiki.add_thanks([Thank("Newbie One", "Mentor One", when), ("Newbie Two", "Mentor One", None)])
    assert len(ids) == 2
    log = wiki.api(action="query", list="logevents", letype="thanks", letitle="User:Mentor One")
    entries = log["query"]["logevents"]
    assert {(e["user"], e["action"], e["title"]) for e in entries} == {
        ("Newbie One", "thank", "User:Mentor One"),
        ("Newbie Two", "thank", "User:Mentor One"),
    }
    assert "2024-07-01T09:00:00Z" in {e["timestamp"] for e in entries}
    with pytest.raises(wikiseed.SeedError, match="no such user"):
        wiki.add_thanks([("Nobody Here", "Mentor One", None)])


def test_anonymous_edit(wiki: Wiki) -> None:
    anon = wiki.anonymous()
    anon.edit("Logged-out edit", "Hello")
    if MW == "1.39":
        assert anon.whoami() == "127.0.0.1"
        return
    # 1.43 with temporary accounts: the edit creates ~YYYY-N and the session becomes that account.
    assert anon.name is not None and anon.name.startswith("~")
    got = users(wiki, anon.name, prop="groups")[anon.name]
    assert "temp" in got["groups"]


def test_api_errors_carry_code_and_info(wiki: Wiki) -> None:
    with pytest.raises(wikiseed.ApiError) as err:
        wiki.session_for("Newbie One").edit("Special:Nothing", "x")
    assert err.value.code == "pagecannotexist"
    assert err.value.info
    with pytest.raises(wikiseed.ApiError) as err:
        wiki.session_for("Newbie One").block("Newbie Two")
    assert err.value.code == "permissiondenied"
    with pytest.raises(wikiseed.ApiError, match="clientlogin"):
        wikiseed.UserSession(wiki, "Newbie One").login("wrong password")

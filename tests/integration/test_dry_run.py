"""``mentor-dashboard run --dry-run`` on a wiki where a full pass has everything to write: it writes
nothing at all, and says what it held back.

The wiki is seeded so that a real pass would write every kind of thing the bot writes: new
accounts needing a mentor (assignment pages, the state page, welcome notices), a claim in a
mentor's settings page, a mentor who quit (reassignment, "your mentor changed" notices, her
short page), dashboards to create and protect, FAQ pages to create from the community bank, the
index and status pages. "Nothing" is measured on the wiki itself: its edit count, and the newest
revision, recent-change and log ids (protections and account logs included). The real run at
the end proves the seed did call for writes, so the first test can fail.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import localwiki
import pytest
from wikiseed import UserSpec, Wiki

from tests.integration.botrun import cli_env, run_cli, seed_assignments
from tests.integration.wikipages import exists, text_if_exists

pytestmark = pytest.mark.wiki

BOT = localwiki.BOT_USER
OLD = datetime.now(UTC) - timedelta(days=400)
MENTORS = ("Dry Anna", "Dry Bert", "Dry Cleo")
QUITTER = "Dry Cleo"
NEW_ACCOUNTS = tuple(f"Dry Newcomer {i}" for i in range(3))
CLEO_MENTEES = ("Dry Cleo Mentee 0", "Dry Cleo Mentee 1")
CLAIMED = "Dry Claimed"  # Bert's mentee, claimed by Anna
COMMUNITY_FAQ = "== Where do I start? ==\nWith [[Help:Editing]]."
STATE = tempfile.mkdtemp(prefix="mentor-dashboard-dry-run-state-")


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    admin = w.admin()
    ids = w.create_users([UserSpec(m, registered=OLD, editcount=600) for m in MENTORS])
    ids |= w.create_users([UserSpec(n, registered=OLD) for n in (*CLEO_MENTEES, CLAIMED)], log=False)
    # The log is read up to now, so exactly the accounts created next are new.
    log = w.api(action="query", list="logevents", letype="newusers", lelimit=1, leprop="ids|timestamp")
    last = log["query"]["logevents"][0]
    state = {"newusers": {"logid": last["logid"], "time": last["timestamp"], "waiting": []}}
    admin.edit(f"User:{BOT}/Mentorship state.json", json.dumps(state))
    admin.edit("Project:Mentorship/Mentors", "\n".join(f"* [[User:{m}]] | Hello from {m}" for m in MENTORS))
    admin.edit(
        "Project:Mentorship/Settings.json",
        json.dumps({"welcome_message": True, "reassign_notice": True, "removal_grace_hours": 0}),
    )
    admin.edit("Project:Mentorship/FAQ", COMMUNITY_FAQ)
    seed_assignments({QUITTER: [ids[n] for n in CLEO_MENTEES], "Dry Bert": [ids[CLAIMED]]})
    w.session_for(QUITTER).edit(f"User:{QUITTER}/Mentor dashboard.json", json.dumps({"status": "quit"}))
    w.session_for("Dry Anna").edit("User:Dry Anna/Mentor dashboard.json", json.dumps({"claim": [CLAIMED]}))
    w.create_users([UserSpec(n, registered=datetime.now(UTC) - timedelta(hours=1)) for n in NEW_ACCOUNTS])
    yield w


def newest(wiki: Wiki, list_name: str, prefix: str, key: str) -> int:
    """The id KEY of the newest item of ``list=LIST_NAME`` (0: none)."""
    got = wiki.api(action="query", list=list_name, **{f"{prefix}limit": 1, f"{prefix}prop": "ids"})
    items = got["query"][list_name]
    if items and "revisions" in items[0]:  # allrevisions lists pages, each with its revisions
        items = items[0]["revisions"]
    return int(items[0][key]) if items else 0


def footprint(wiki: Wiki) -> dict[str, int]:
    """What any write leaves behind: the edit count, and the newest revision, change and log ids."""
    stats = wiki.api(action="query", meta="siteinfo", siprop="statistics")["query"]["statistics"]
    return {
        "edits": int(stats["edits"]),
        "revision": newest(wiki, "allrevisions", "arv", "revid"),
        "change": newest(wiki, "recentchanges", "rc", "rcid"),
        "log": newest(wiki, "logevents", "le", "logid"),
    }


def settled_footprint(wiki: Wiki) -> dict[str, int]:
    """The footprint once the seeding's deferred updates (the edit count) have landed."""
    before = footprint(wiki)
    for _ in range(20):
        time.sleep(0.5)
        now = footprint(wiki)
        if now == before:
            return now
        before = now
    raise AssertionError(f"the wiki kept changing while nobody wrote: {before}")


@pytest.fixture(scope="module")
def dry_run(wiki: Wiki) -> tuple[dict[str, int], Any, dict[str, int]]:
    """The footprint before, the dry run's process result, and the footprint after."""
    before = settled_footprint(wiki)
    res = run_cli("run", "--dry-run", env=cli_env(state=STATE))
    return before, res, settled_footprint(wiki)


def test_a_dry_run_with_everything_to_do_leaves_no_trace_on_the_wiki(
    dry_run: tuple[dict[str, int], Any, dict[str, int]],
) -> None:
    before, res, after = dry_run
    assert res.returncode == 0, res.stderr
    assert after == before
    assert "edits: 0" in res.stdout


def test_the_dry_run_shows_each_move_and_page_it_held_back(
    dry_run: tuple[dict[str, int], Any, dict[str, int]],
) -> None:
    _, res, _ = dry_run
    out = res.stdout
    for name in NEW_ACCOUNTS:
        assert f"would move {name}: (new) → " in out
    for name in CLEO_MENTEES:
        assert f"would move {name}: {QUITTER} → " in out
    assert f"would move {CLAIMED}: Dry Bert → Dry Anna (claim)" in out
    for mentor in ("Dry Anna", "Dry Bert"):
        assert f"+++ User:{mentor}/Mentor dashboard (new)" in out
        assert f"+++ User:{mentor}/Mentor dashboard/FAQ (new)" in out


def test_a_real_run_afterwards_writes_what_the_dry_run_held_back(
    wiki: Wiki, dry_run: tuple[dict[str, int], Any, dict[str, int]]
) -> None:
    _, _, after_dry = dry_run
    res = run_cli("run", env=cli_env(state=STATE))
    assert res.returncode == 0, res.stderr
    now = settled_footprint(wiki)
    assert all(now[k] > after_dry[k] for k in now), (after_dry, now)
    assert exists(wiki, "User:Dry Anna/Mentor dashboard")
    assert text_if_exists(wiki, "User:Dry Anna/Mentor dashboard/FAQ") == COMMUNITY_FAQ
    for name in (*NEW_ACCOUNTS, *CLEO_MENTEES):
        assert "<!-- mentor-dashboard-notice " in (text_if_exists(wiki, f"User talk:{name}") or ""), name

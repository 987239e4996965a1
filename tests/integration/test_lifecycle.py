"""The mentor lifecycle against a real MediaWiki: assignment, away, claims, settings trust, quit,
removal, return, a crash half-way, and a concurrent edit of an assignments page.

Every test starts from "now": the fixture empties the bot's assignment pages and writes a state
page whose log position is the newest ``newusers`` entry, then writes that test's mentor list.
Expected values come from what each test seeded, read back through the API, not from the bot.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import localwiki  # noqa: E402
import pywikibot  # noqa: E402
from wikiseed import UserSpec, Wiki  # noqa: E402

from bot.core.settings import Settings  # noqa: E402
from bot.gateway import Gateway  # noqa: E402
from bot.publish.funnel import Writer  # noqa: E402
from bot.publish.lifecycle import ApplyReport, _adding, _change  # noqa: E402
from bot.read.lifecycle import read_assignments_page  # noqa: E402
from bot.run import RunReport  # noqa: E402
from tests.integration import botrun  # noqa: E402
from tests.integration.wikipages import text_if_exists  # noqa: E402

pytestmark = pytest.mark.wiki

MW = os.environ.get("MW") or localwiki.DEFAULT_MW
BOT = localwiki.BOT_USER
OLD = datetime.now(UTC) - timedelta(days=400)
# Eligibility stays at its defaults (500 edits, 90 days): mentors are seeded to meet them.
# Departures are carried out on the run that sees them; the grace period has tests of its own.
SETTINGS = Settings(assignment_seed=20261125, removal_grace_hours=0)
LIST = "Project:Mentorship/Mentors"


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    w.create_users(
        [UserSpec(n, registered=OLD, editcount=600) for n in ("Anna", "Bert", "Cleo", "Dara", "Emil")]
        + [UserSpec("Fresh Mentor", registered=datetime.now(UTC) - timedelta(days=10), editcount=3)]
        + [UserSpec("Sally", registered=OLD, editcount=50, groups=("sysop",))]
    )
    yield w


def start_from_now(wiki: Wiki, mentors: list[str], extra: str = "") -> None:
    """No assignments, no mentor settings, log read up to now, and exactly these mentors listed."""
    admin = wiki.admin()
    pages = wiki.api(action="query", list="allpages", apnamespace=2, aplimit=500)
    for p in pages["query"]["allpages"]:
        if p["title"].startswith(f"User:{BOT}/") or p["title"].endswith("/Mentor dashboard.json"):
            admin.post(action="delete", title=p["title"], token=admin.token())
    log = wiki.api(action="query", list="logevents", letype="newusers", lelimit=1, leprop="ids|timestamp")
    last = log["query"]["logevents"][0]
    state = {"newusers": {"logid": last["logid"], "time": last["timestamp"], "waiting": []}}
    admin.edit(f"User:{BOT}/Mentorship state.json", json.dumps(state))
    admin.edit(LIST, "\n".join(f"* [[User:{m}]] | Hello from {m}" for m in mentors) + extra)


def set_settings(wiki: Wiki, mentor: str, body: dict[str, Any]) -> None:
    wiki.session_for(mentor).edit(f"User:{mentor}/Mentor dashboard.json", json.dumps(body))


def run_bot(settings: Settings = SETTINGS, now: datetime | None = None) -> RunReport:
    report, _ = botrun.run_bot(settings, site=pywikibot.Site(), now=now)
    return report


def new_accounts(wiki: Wiki, prefix: str, n: int) -> dict[str, int]:
    return wiki.create_users([UserSpec(f"{prefix} {i}") for i in range(n)])


def assignments(wiki: Wiki) -> dict[str, set[int]]:
    """Mentor -> mentee ids, straight from the bot's JSON pages."""
    out: dict[str, set[int]] = {}
    got = wiki.api(
        action="query",
        generator="allpages",
        gapnamespace=2,
        gapprefix=f"{BOT}/Assignments/",
        prop="revisions",
        rvprop="content",
        rvslots="main",
    )
    for page in got.get("query", {}).get("pages", []):
        body = json.loads(page["revisions"][0]["slots"]["main"]["content"])
        if not isinstance(body.get("mentees"), dict):
            continue  # a page someone broke on purpose; the test that broke it looks at it
        out[body["mentor"]] = {uid for ids in body["mentees"].values() for uid in ids}
    return out


def owners(wiki: Wiki) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for mentor, ids in assignments(wiki).items():
        for uid in ids:
            out.setdefault(uid, []).append(mentor)
    return out


def notices_on(wiki: Wiki, names: list[str]) -> dict[str, int]:
    """How many bot notices each user's talk page holds (counted by the hidden marker)."""
    return {
        n: (text_if_exists(wiki, f"User talk:{n}") or "").count("<!-- mentor-dashboard-notice ")
        for n in names
    }


def links_on(wiki: Wiki, title: str) -> set[str]:
    """Pages the rendered page links to, as MediaWiki parsed them."""
    got = wiki.api(action="parse", page=title, prop="links")
    return {link["title"] for link in got["parse"]["links"]}


def summaries(wiki: Wiki, title: str) -> list[str]:
    got = wiki.api(action="query", prop="revisions", titles=title, rvprop="comment", rvlimit=50)
    return [r["comment"] for r in got["query"]["pages"][0].get("revisions", [])]


# --- assignment of new accounts -------------------------------------------------------------------


def test_thirty_new_accounts_each_get_exactly_one_eligible_mentor(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna", "Bert", "Cleo", "Dara", "Fresh Mentor"])
    set_settings(wiki, "Cleo", {"status": "away", "away_until": "2099-01-01"})
    set_settings(wiki, "Dara", {"weight": 0})
    ids = new_accounts(wiki, "Newcomer", 30)
    temps = []
    if MW != "1.39":  # logged-out edits create temporary accounts only on 1.43
        for i in range(3):
            anon = wiki.anonymous()
            anon.edit(f"Sandbox {i}", "a logged-out edit")
            temps.append(str(anon.name))
    run_bot()
    got = owners(wiki)
    assert set(got) == set(ids.values()), "every new account, and nothing else, got a mentor"
    assert all(len(m) == 1 for m in got.values()), "nobody got two mentors"
    assert {m[0] for m in got.values()} <= {"Anna", "Bert"}, "away, weight-0 and ineligible mentors get none"
    temp_ids = wiki.api(action="query", list="users", ususers="|".join(temps) or "X")["query"]["users"]
    assert not {u.get("userid") for u in temp_ids} & set(got)

    before = {t: summaries(wiki, f"User:{BOT}/Assignments/{t}.json") for t in ("Anna", "Bert")}
    run_bot()
    assert owners(wiki) == got, "a second run assigns nobody again"
    assert {t: summaries(wiki, f"User:{BOT}/Assignments/{t}.json") for t in ("Anna", "Bert")} == before


def test_m2_tells_an_ineligible_mentor_why_and_links_their_settings_page(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna", "Fresh Mentor"])
    run_bot()
    text = text_if_exists(wiki, "User:Fresh Mentor/Mentor dashboard") or ""
    # Said once, truthfully (issue 20): the status line itself says there are no automatic mentees.
    assert "Status: '''active''', but you get no new mentees automatically, because" in text
    assert "You get new mentees." not in text
    assert "it has 3 {{PLURAL:3|edit|edits}}, and mentors need at least 500" in text
    assert "registered 10 {{PLURAL:10|day|days}} ago, and mentors need at least 90" in text
    html = wiki.api(action="parse", page="User:Fresh Mentor/Mentor dashboard", prop="text")["parse"]["text"]
    assert 'href="/index.php/Special:EditPage/User:Fresh_Mentor/Mentor_dashboard.json"' in html


def test_welcome_messages_name_the_mentor_quote_the_intro_and_respect_nobots(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna"])
    set_settings(wiki, "Anna", {"message": "Ask me about ''sources''!"})
    ids = new_accounts(wiki, "Welcomed", 2)
    wiki.session_for("Welcomed 1").edit("User talk:Welcomed 1", "{{nobots}}")
    run_bot(replace(SETTINGS, welcome_message=True))
    first = text_if_exists(wiki, "User talk:Welcomed 0") or ""
    assert "[[User:Anna|<bdi>Anna</bdi>]] is your mentor" in first
    assert "says: ''<bdi>Ask me about &#39;&#39;sources&#39;&#39;&#33;</bdi>''" in first, (
        "the intro is quoted, its markup inert"
    )
    assert text_if_exists(wiki, "User talk:Welcomed 1") == "{{nobots}}"
    assert set(owners(wiki)) == set(ids.values()), "{{nobots}} stops the message, not the assignment"


# --- away -----------------------------------------------------------------------------------------


def test_away_mentors_get_no_mentees_until_their_return_date(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna", "Bert"])
    back = (datetime.now(UTC) + timedelta(days=3)).date()
    set_settings(wiki, "Anna", {"status": "away", "away_until": back.isoformat()})
    ids = new_accounts(wiki, "Early", 8)
    run_bot()
    assert {uid: m for uid, m in owners(wiki).items()} == {uid: ["Bert"] for uid in ids.values()}
    assert f"'''away''' until {back.isoformat()}" in (
        text_if_exists(wiki, "User:Anna/Mentor dashboard") or ""
    )

    # On the return day Anna is active again by herself; Bert going away makes the proof sharp.
    set_settings(wiki, "Bert", {"status": "away"})
    later = new_accounts(wiki, "Later", 4)
    run_bot(now=datetime.combine(back, datetime.min.time(), tzinfo=UTC) + timedelta(hours=1))
    got = owners(wiki)
    assert {uid: got[uid] for uid in later.values()} == {uid: ["Anna"] for uid in later.values()}
    assert "Status: '''active'''" in (text_if_exists(wiki, "User:Anna/Mentor dashboard") or "")


# --- claims ---------------------------------------------------------------------------------------


def test_claims_succeed_once_and_each_failure_shows_its_reason(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna", "Bert"])
    set_settings(wiki, "Anna", {"weight": 0})
    ids = new_accounts(wiki, "Claimable", 2)
    wiki.create_users([UserSpec("Shy Newbie")])
    wiki.session_for("Shy Newbie").edit("User:Shy Newbie", "{{No mentor}}")
    run_bot()
    assert owners(wiki)[ids["Claimable 0"]] == ["Bert"]

    claims = ["Claimable 0", "Nobody At All", "Anna", "Bert", "Shy Newbie"]
    set_settings(wiki, "Anna", {"weight": 0, "claim": claims})
    run_bot()
    assert owners(wiki)[ids["Claimable 0"]] == ["Anna"]
    text = (
        (text_if_exists(wiki, "User:Anna/Mentor dashboard") or "").replace("<bdi>", "").replace("</bdi>", "")
    )
    for line in (
        "Claimable 0: now your mentee (their mentor was Bert).",
        "Nobody At All: not claimed, because there is no such user.",
        "Anna: not claimed, because you cannot be your own mentor.",
        "Bert: not claimed, because they are a mentor too.",
        "Shy Newbie: not claimed, because they asked not to have a mentor.",
    ):
        assert line in text
    assert summaries(wiki, f"User:{BOT}/Assignments/Anna.json")[0].endswith(
        "claim of Claimable 0 by Anna (settings revision "
        + str(wiki.last_revid("User:Anna/Mentor dashboard.json"))
        + ", was with Bert)"
    )

    # Bert takes the mentee back; Anna's page still lists the claim, which must not fire again.
    set_settings(wiki, "Bert", {"claim": ["Claimable 0"]})
    run_bot()
    set_settings(wiki, "Anna", {"weight": 0, "claim": [*claims, "Claimable 1"]})
    run_bot()
    got = owners(wiki)
    assert (got[ids["Claimable 0"]], got[ids["Claimable 1"]]) == (["Bert"], ["Anna"])


# --- quit, removal, return ------------------------------------------------------------------------


def seed_mentees(wiki: Wiki, mentor: str, prefix: str, n: int) -> dict[str, int]:
    """N new accounts, all assigned to MENTOR by a real run (the only mentor taking mentees)."""
    ids = new_accounts(wiki, prefix, n)
    run_bot()
    assert {uid for uid, m in owners(wiki).items() if m == [mentor]} >= set(ids.values())
    return ids


def test_quit_reassigns_every_mentee_once_with_one_notice_each(wiki: Wiki) -> None:
    start_from_now(wiki, ["Cleo", "Anna", "Bert"])
    for m in ("Anna", "Bert"):
        set_settings(wiki, m, {"status": "away"})
    ids = seed_mentees(wiki, "Cleo", "Quitter mentee", 10)
    wiki.session_for("Cleo").edit("User:Cleo/Mentor dashboard/FAQ", "My replies")
    wiki.session_for("Quitter mentee 3").edit("User talk:Quitter mentee 3", "{{bots|deny=all}}")
    for m in ("Anna", "Bert"):
        set_settings(wiki, m, {"status": "active"})
    set_settings(wiki, "Cleo", {"status": "quit"})

    run_bot(replace(SETTINGS, reassign_notice=True))
    got = owners(wiki)
    assert {uid: len(got.get(uid, [])) for uid in ids.values()} == {uid: 1 for uid in ids.values()}
    assert {got[uid][0] for uid in ids.values()} <= {"Anna", "Bert"}
    expected = {n: 0 if n == "Quitter mentee 3" else 1 for n in ids}
    assert notices_on(wiki, list(ids)) == expected
    assert any(
        "reassigned from Cleo, who quit mentoring" in s
        for s in summaries(wiki, f"User:{BOT}/Assignments/Anna.json")
    )
    short = text_if_exists(wiki, "User:Cleo/Mentor dashboard") or ""
    assert "is not mentoring any more" in short
    assert "User:Cleo/Mentor dashboard/FAQ" in links_on(wiki, "User:Cleo/Mentor dashboard")
    assert text_if_exists(wiki, "User:Cleo/Mentor dashboard/FAQ") == "My replies"

    run_bot(replace(SETTINGS, reassign_notice=True))
    assert notices_on(wiki, list(ids)) == expected, "a second run posts nothing again"

    # Coming back: new mentees, a full dashboard again, the FAQ page untouched.
    set_settings(wiki, "Cleo", {"status": "active"})
    for m in ("Anna", "Bert"):
        set_settings(wiki, m, {"status": "away"})
    back = new_accounts(wiki, "Returner mentee", 2)
    run_bot()
    assert all(owners(wiki)[uid] == ["Cleo"] for uid in back.values())
    fresh = text_if_exists(wiki, "User:Cleo/Mentor dashboard") or ""
    assert "is not mentoring any more" not in fresh and "Status: '''active'''" in fresh
    assert text_if_exists(wiki, "User:Cleo/Mentor dashboard/FAQ") == "My replies"


def test_removal_from_the_list_reassigns_but_not_while_the_list_is_broken(wiki: Wiki) -> None:
    start_from_now(wiki, ["Dara"])
    ids = seed_mentees(wiki, "Dara", "Removed mentee", 3)
    # Dara's line is now malformed: the parser skips it, which must not count as a removal.
    wiki.admin().edit(LIST, "* [[User:Anna]]\n* [[User:Dara|weight=9")
    run_bot()
    assert all(owners(wiki)[uid] == ["Dara"] for uid in ids.values())

    wiki.admin().edit(LIST, "* [[User:Anna]]")
    run_bot()
    assert all(owners(wiki)[uid] == ["Anna"] for uid in ids.values())
    assert any(
        "no longer on the mentor list" in s for s in summaries(wiki, f"User:{BOT}/Assignments/Dara.json")
    )
    assert "is no longer on the mentor list" in (text_if_exists(wiki, "User:Dara/Mentor dashboard") or "")


def test_a_reassignment_killed_half_way_is_finished_by_the_next_run(wiki: Wiki) -> None:
    start_from_now(wiki, ["Emil", "Anna", "Bert"])
    for m in ("Anna", "Bert"):
        set_settings(wiki, m, {"status": "away"})
    ids = seed_mentees(wiki, "Emil", "Crash mentee", 12)
    for m in ("Anna", "Bert"):
        set_settings(wiki, m, {"status": "active"})
    set_settings(wiki, "Emil", {"status": "quit"})

    overrides = {"reassign_notice": True, "assignment_seed": 5, "removal_grace_hours": 0}
    proc = botrun.start_pass_process(overrides)
    assert proc.stderr is not None
    posted = 0
    for line in proc.stderr:
        posted += "notice posted on" in line
        if posted == 4:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the run was killed half-way, not finished"
    half = owners(wiki)
    assert all(half.get(uid) for uid in ids.values()), "even half-way, every mentee has a page"
    # The kill lands after the fourth notice; on a busy machine one more may slip out first.
    assert 4 <= sum(notices_on(wiki, list(ids)).values()) < len(ids), "killed half-way"

    run_bot(replace(SETTINGS, reassign_notice=True))
    got = owners(wiki)
    assert {uid: len(got[uid]) for uid in ids.values()} == {uid: 1 for uid in ids.values()}
    assert all(got[uid][0] in {"Anna", "Bert"} for uid in ids.values())
    assert notices_on(wiki, list(ids)) == {n: 1 for n in ids}, "no notice lost, none posted twice"
    assert (text_if_exists(wiki, f"User:{BOT}/Mentorship state.json") or "").count('"pending": []') == 1


# --- concurrency ----------------------------------------------------------------------------------


def test_a_concurrent_edit_of_an_assignments_page_is_detected_and_both_changes_kept(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna"])
    ids = seed_mentees(wiki, "Anna", "Concurrent mentee", 2)
    title = f"User:{BOT}/Assignments/Anna.json"
    gw = Gateway(pywikibot.Site())
    try:
        stale = read_assignments_page(gw, "Anna", title)  # the run has read the page ...
        body = json.loads(text_if_exists(wiki, title) or "")  # ... and an admin saves it meanwhile
        body["mentees"].setdefault("20260101", []).append(999_001)
        wiki.admin().edit(title, json.dumps(body, separators=(",", ":")))
        report = ApplyReport()
        writer = Writer(gw, dry_run=False)
        _change(writer, {"Anna": stale}, "Anna", title, _adding({999_002}, 20261125), "test: add", report)
    finally:
        gw.close()
    assert report.edits == [title]
    assert assignments(wiki)["Anna"] == {*ids.values(), 999_001, 999_002}


def test_dry_run_moves_nobody(wiki: Wiki) -> None:
    start_from_now(wiki, ["Anna"])
    new_accounts(wiki, "Dry", 2)
    shown: list[str] = []
    botrun.run_bot(SETTINGS, site=pywikibot.Site(), dry_run=True, show=shown.append)
    assert owners(wiki) == {}
    assert sum("would move Dry" in s for s in shown) == 2

"""The opt-in message on a mentor's talk page, on the real local wiki.

Three mentors ask for a daily message (``"notify": "daily"``). One has a blocked mentee, so
something waits on them; one has a mentee with nothing to report; one has the same trouble as
the first but ``{{nobots}}`` on their talk page. The first run goes through the fault proxy with
the answer to the message's edit lost, so the bot cannot know whether it landed; every later
check counts the hidden keys MediaWiki stored, never what the bot says it did.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import localwiki
import pytest
from wikiseed import UserSpec, Wiki

from tests.faultproxy import Fault, FaultProxy
from tests.integration.botrun import run_bot, seed_assignments
from tests.integration.faultwiki import run_cli, write_config

pytestmark = pytest.mark.wiki

BUSY, QUIET, NOBOTS = "Ping Busy Mentor", "Ping Quiet Mentor", "Ping Nobots Mentor"
MENTEE_OF = {BUSY: "Ping Blocked Mentee", QUIET: "Ping Calm Mentee", NOBOTS: "Ping Other Blocked Mentee"}
KEY = re.compile(r"<!-- mentor-dashboard-notice (ping:\S+) -->")
NOBOTS_TEXT = "{{nobots}}\nNo bots here, please."


def talk(mentor: str) -> str:
    return f"User talk:{mentor}"


def text_of(wiki: Wiki, title: str) -> str:
    page = wiki.api(action="query", prop="revisions", titles=title, rvprop="content", rvslots="main")
    revs = page["query"]["pages"][0].get("revisions")
    return str(revs[0]["slots"]["main"]["content"]) if revs else ""


def keys_on(wiki: Wiki, mentor: str) -> Counter[str]:
    return Counter(KEY.findall(text_of(wiki, talk(mentor))))


@dataclass(frozen=True)
class FirstRun:
    wiki: Wiki
    today: str  # the day of the first run, as the message keys spell it
    lost: int  # answers the proxy lost
    exit_codes: tuple[int, ...]


@pytest.fixture(scope="module")
def first_run(fresh_wiki: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[FirstRun]:
    site = str(fresh_wiki["name"])
    wiki = Wiki(site)
    now = datetime.now(UTC)
    specs = [UserSpec(m, registered=now - timedelta(days=300)) for m in MENTEE_OF]
    specs += [UserSpec(n, registered=now - timedelta(days=3)) for n in MENTEE_OF.values()]
    ids = wiki.create_users(specs)
    admin = wiki.admin()
    admin.edit("Project:Mentorship/Mentors", "".join(f"* [[User:{m}]]\n" for m in MENTEE_OF))
    seed_assignments({m: [ids[n]] for m, n in MENTEE_OF.items()})
    for mentor, mentee in MENTEE_OF.items():
        wiki.session_for(mentee).edit(f"User:{mentee}", "Hello, I am new here.")
        wiki.session_for(mentor).edit(f"User:{mentor}/Mentor dashboard.json", json.dumps({"notify": "daily"}))
    admin.block(MENTEE_OF[BUSY], expiry="2 weeks", reason="test")
    admin.block(MENTEE_OF[NOBOTS], expiry="2 weeks", reason="test")
    wiki.session_for(NOBOTS).edit(talk(NOBOTS), NOBOTS_TEXT)

    proxy = FaultProxy(localwiki.url(site)).start()
    try:
        folder = tmp_path_factory.mktemp("ping")
        lost = Fault("lost", action="edit", match=lambda p: p.get("section") == "new")
        proxy.inject(lost)
        codes = [run_cli(write_config(folder / "run1", site, proxy.port)).returncode]
        proxy.clear()
        codes.append(run_cli(write_config(folder / "run2", site, proxy.port)).returncode)  # the next run
        yield FirstRun(wiki, datetime.now(UTC).date().isoformat(), lost.used, tuple(codes))
    finally:
        proxy.stop()


def test_a_lost_answer_and_a_rerun_leave_exactly_one_message(first_run: FirstRun) -> None:
    assert first_run.lost == 1  # the message's edit reached the wiki, its answer never came back
    assert first_run.exit_codes[-1] == 0
    assert keys_on(first_run.wiki, BUSY) == Counter({f"ping:daily:{first_run.today}": 1})
    parsed = first_run.wiki.api(action="parse", page=talk(BUSY), prop="links")["parse"]["links"]
    links = {link["title"] for link in parsed}
    assert {f"User:{MENTEE_OF[BUSY]}", f"User:{BUSY}/Mentor dashboard"} <= links


def test_a_mentor_with_nothing_waiting_gets_no_message(first_run: FirstRun) -> None:
    assert text_of(first_run.wiki, talk(QUIET)) == ""


def test_nobots_on_the_talk_page_stops_the_message(first_run: FirstRun) -> None:
    assert text_of(first_run.wiki, talk(NOBOTS)) == NOBOTS_TEXT


def test_a_message_archived_within_its_period_is_not_sent_again(first_run: FirstRun) -> None:
    """The mentor (or an archiving bot) moves the message away the same day: the key is gone
    from the page, but the bot's own edit there since the period began still counts."""
    first_run.wiki.session_for(BUSY).edit(talk(BUSY), "Archived.")
    report, _ = run_bot()
    assert report.pings == []
    assert text_of(first_run.wiki, talk(BUSY)) == "Archived."


def test_the_next_period_gets_one_message_however_often_the_bot_runs(first_run: FirstRun) -> None:
    tomorrow = datetime.now(UTC).replace(hour=9, minute=0) + timedelta(days=1)
    reports = [run_bot(now=tomorrow)[0] for _ in range(2)]
    assert [r.pings for r in reports] == [[talk(BUSY)], []]
    assert keys_on(first_run.wiki, BUSY) == Counter({f"ping:daily:{tomorrow.date().isoformat()}": 1})
    assert keys_on(first_run.wiki, QUIET) == Counter() and keys_on(first_run.wiki, NOBOTS) == Counter()

"""Injected faults between the bot and the real wiki: one test per fault class.

Every faulted run starts from the same seeded wiki (restored from a snapshot) as a clean run
did. Afterwards the run has either finished with exit 0, or stopped with exit 1 and a message
that says why; in both cases every page the bot saved is one the clean run also saved, and
a later run ends with exactly the clean run's pages. The bot runs as operators run it: the CLI
in a subprocess, with a pywikibot config whose family points at the fault proxy.
"""

from __future__ import annotations

import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import localwiki
import pytest
from wikiseed import Wiki

from bot.render.pages import strip_updated_line
from tests.faultproxy import Fault, FaultProxy, Record
from tests.integration.botrun import last_error_line
from tests.integration.faultwiki import (
    BOT,
    MENTORS,
    WikiSnapshot,
    World,
    assert_saves_whole,
    bot_revisions_since,
    comparable,
    notices,
    page_states,
    run_cli,
    seed_world,
    write_config,
)

pytestmark = pytest.mark.wiki
EXIT_OK, EXIT_FAILED = 0, 1


@dataclass
class Stage:
    """The seeded wiki, the proxy in front of it, and what a clean run made of it."""

    site: str
    world: World
    proxy: FaultProxy
    snapshot: WikiSnapshot
    folder: Path
    clean: dict[str, tuple[str, str]]
    clean_records: list[Record]
    before: dict[str, tuple[str, str]]  # the pages as seeded
    clean_saves: dict[str, list[str]]  # every text the clean run saved, per page, in order
    clean_notices: dict[str, Counter[str]]  # talk page → notice keys the clean run posted
    edited: set[str] = field(default_factory=set)  # pages the clean run saved
    runs: int = 0

    @property
    def wiki(self) -> Wiki:
        return self.world.wiki

    def seq_of(self, action: str, n: int = 1) -> int:
        """Sequence number of the Nth request with ACTION in the clean run."""
        return [r.seq for r in self.clean_records if r.action == action][n - 1]

    def run(self, *faults: Fault, **config: object) -> tuple[subprocess.CompletedProcess[str], str]:
        """Put the wiki back as seeded, program the faults, run the CLI; returns the result and
        the wiki time the run started at.
        """
        self.snapshot.restore()
        self.proxy.clear()
        self.proxy.inject(*faults)
        self.runs += 1
        since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        folder = write_config(self.folder / f"run{self.runs}", self.site, self.proxy.port, **config)
        return run_cli(folder), since

    def rerun(self) -> subprocess.CompletedProcess[str]:
        """The next scheduled run: no faults, nothing restored."""
        self.proxy.clear()
        self.runs += 1
        folder = write_config(self.folder / f"run{self.runs}", self.site, self.proxy.port)
        return run_cli(folder)

    def assert_saved_pages_are_whole(self, since: str) -> None:
        """Whatever the bot saved since SINCE is whole: a rendered page holds the clean run's
        final text for it, and a JSON page (assignments, lifecycle state) parses.
        """
        assert_saves_whole(self.wiki, self.edited, comparable(self.clean), since)

    def assert_same_saves_as_clean(self, since: str) -> None:
        """The run saved exactly what the clean run saved, page by page and in the same order:
        nothing twice, nothing extra, nothing missing.
        """
        saves = bot_revisions_since(self.wiki, self.edited, since)
        assert {t: [strip_updated_line(x) for x in v] for t, v in saves.items()} == self.clean_saves

    def assert_converged(self, since: str) -> None:
        self.assert_same_saves_as_clean(since)
        assert comparable(page_states(self.wiki)) == comparable(self.clean)
        assert notices(self.wiki) == self.clean_notices

    def assert_converged_after_failure(self, since: str) -> None:
        self.assert_saved_pages_are_whole(since)
        assert comparable(page_states(self.wiki)) == comparable(self.clean)
        assert notices(self.wiki) == self.clean_notices


@pytest.fixture(scope="module")
def stage(fresh_wiki: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    world = seed_world(Wiki(str(fresh_wiki["name"])))
    folder = tmp_path_factory.mktemp("faults")
    snapshot = WikiSnapshot(str(fresh_wiki["name"]), folder / "snapshot")
    proxy = FaultProxy(localwiki.url(str(fresh_wiki["name"]))).start()
    before = page_states(world.wiki)
    # Revision timestamps have one-second resolution: let the seeding's own saves (the bot seeds
    # assignments) fall before `since`, or they would count as the clean run's saves.
    time.sleep(1.1)
    since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    res = run_cli(write_config(folder / "clean", str(fresh_wiki["name"]), proxy.port))
    assert res.returncode == EXIT_OK, res.stderr
    clean = page_states(world.wiki)
    edited = {t for t, state in clean.items() if before.get(t) != state and t != f"User:{BOT}/Status"}
    assert len(edited) >= 6, edited  # two dashboards, two FAQ copies, index, unanswered list
    records = list(proxy.records)
    saves = {
        t: [strip_updated_line(x) for x in v]
        for t, v in bot_revisions_since(world.wiki, edited, since).items()
    }
    posted = notices(world.wiki)
    assert posted  # welcomes and reassignment notices
    stage = Stage(
        str(fresh_wiki["name"]), world, proxy, snapshot, folder, clean, records, before, saves, posted, edited
    )
    yield stage
    proxy.stop()


def test_connection_resets_before_and_after_the_wiki_did_the_work_are_retried(stage: Stage) -> None:
    """A reset before forwarding is a plain retry. A reset after the wiki created the page (the
    answer is lost) makes the retry meet ``articleexists``; that is the bot's own edit, not a
    conflict, so the run goes on and the page is saved once.
    """
    dashboard = f"User:{MENTORS[0]}/Mentor dashboard"
    res, since = stage.run(
        Fault("reset", skip=stage.seq_of("query", 4) - 1),
        Fault("reset", action="protect"),
        Fault("lost", action="edit", match=lambda p: p.get("title") == dashboard),
    )
    assert res.returncode == EXIT_OK, res.stderr
    assert sorted(r.fault for r in stage.proxy.records if r.fault) == ["lost", "reset", "reset"]
    stage.assert_converged(since)


def test_500_502_and_503_answers_are_retried(stage: Stage) -> None:
    res, since = stage.run(
        Fault("status", status=500, skip=stage.seq_of("query", 5) - 1),
        Fault("status", status=502, action="edit", skip=1),
        Fault("status", status=503, action="protect"),
    )
    assert res.returncode == EXIT_OK, res.stderr
    assert [r.fault for r in stage.proxy.records if r.fault] == ["status"] * 3
    stage.assert_converged(since)


def test_a_wiki_that_keeps_answering_503_stops_the_run_with_exit_1_and_the_next_run_finishes(
    stage: Stage,
) -> None:
    third_edit = stage.seq_of("edit", 3)
    res, since = stage.run(Fault("status", status=503, times=10_000, skip=third_edit - 1))
    assert res.returncode == EXIT_FAILED
    assert last_error_line(res).startswith("failed: ") and "503" in res.stderr
    assert "Traceback" not in last_error_line(res)
    # It gives up after one retry (or, for a notice, one look at the talk page and its retry):
    # no loop hammering a failing wiki.
    assert stage.proxy.count(fault="status") <= 3
    stage.assert_saved_pages_are_whole(since)
    again = stage.rerun()
    assert again.returncode == EXIT_OK, again.stderr
    stage.assert_converged_after_failure(since)


def test_maxlag_is_waited_out_as_long_as_the_wiki_asks_and_then_retried(stage: Stage) -> None:
    # Live wikis send maxlag=5 with writes, and only then does MediaWiki answer "maxlag".
    lagging = Fault("maxlag", action="edit", skip=1, lag=7, retry_after=2, match=lambda p: "maxlag" in p)
    res, since = stage.run(lagging, write_maxlag=5, retry_max=5)
    assert res.returncode == EXIT_OK, res.stderr
    assert lagging.used == 1
    lagged = next(r for r in stage.proxy.records if r.fault == "maxlag")
    retried = stage.proxy.records[lagged.seq]  # the next request is the same edit again
    assert (retried.action, retried.title) == ("edit", lagged.title)
    assert retried.at - lagged.at >= 1.9  # Retry-After: 2
    stage.assert_converged(since)


def test_maxlag_that_never_clears_stops_the_run_with_exit_1(stage: Stage) -> None:
    res, _ = stage.run(
        Fault("maxlag", times=10_000, lag=1, match=lambda p: "maxlag" in p), read_maxlag=5, write_maxlag=5
    )
    assert res.returncode == EXIT_FAILED
    assert last_error_line(res).startswith("failed: ") and "maxlag" in last_error_line(res)
    assert stage.proxy.count(fault="maxlag") == 2  # one retry after waiting, then it gives up
    assert comparable(page_states(stage.wiki)) == comparable(stage.before)


def test_an_answer_slower_than_the_socket_timeout_is_retried_without_a_second_edit(stage: Stage) -> None:
    # Generous margins: the machine may be busy with other test runs.
    res, since = stage.run(Fault("slow", action="edit", skip=4, delay=3.5), socket_timeout=(6.05, 2.5))
    assert res.returncode == EXIT_OK, res.stderr
    assert stage.proxy.count(fault="slow") == 1
    stage.assert_converged(since)


def test_truncated_answers_are_retried(stage: Stage) -> None:
    res, since = stage.run(
        Fault("truncate", skip=stage.seq_of("query", 6) - 1),  # connection cut mid-body
        Fault("truncate", action="edit", skip=3, full_length=False),  # a whole answer, half the JSON
    )
    assert res.returncode == EXIT_OK, res.stderr
    assert stage.proxy.count(fault="truncate") == 2
    stage.assert_converged(since)


def test_badtoken_makes_the_bot_fetch_a_new_token_and_save_once(stage: Stage) -> None:
    res, since = stage.run(Fault("badtoken", action="edit", skip=2))
    assert res.returncode == EXIT_OK, res.stderr
    bad = next(r for r in stage.proxy.records if r.fault == "badtoken")
    after = [r for r in stage.proxy.records if r.seq > bad.seq]
    assert after[0].action == "query" and "tokens" in after[0].params.get("meta", "")
    assert (after[1].action, after[1].title) == ("edit", bad.title)
    stage.assert_converged(since)


def test_a_page_someone_else_saved_meanwhile_is_not_overwritten_and_the_run_says_so(stage: Stage) -> None:
    """Not a fault of the network: the page changed between the bot's read and its save."""
    dashboard = f"User:{MENTORS[1]}/Mentor dashboard"
    seq = next(r.seq for r in stage.clean_records if r.action == "edit" and r.title == dashboard)
    stage.snapshot.restore()
    stage.proxy.clear()
    gate = stage.proxy.hold(seq, forward_on_release=True)
    since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    folder = write_config(stage.folder / "conflict", stage.site, stage.proxy.port)
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(run_cli, folder)
        assert gate.reached.wait(120)
        stage.wiki.admin().edit(dashboard, "Written by an admin while the bot was busy.")
        gate.release()
        res = running.result()
    assert res.returncode == EXIT_FAILED
    assert last_error_line(res).startswith("failed: ") and dashboard in last_error_line(res)
    assert "Traceback" not in res.stderr
    assert page_states(stage.wiki)[dashboard][0] == "Written by an admin while the bot was busy."
    again = stage.rerun()
    assert again.returncode == EXIT_OK, again.stderr
    stage.assert_converged_after_failure(since)


def test_a_lost_answer_to_a_notice_never_posts_it_twice(stage: Stage) -> None:
    """A new talk-page section is not idempotent: sent again, it is a second notice. So the bot
    must not resend it blindly; whatever it does, each mentee ends up with each notice once.
    """
    res, since = stage.run(Fault("lost", action="edit", match=lambda p: p.get("section") == "new"))
    assert stage.proxy.count(fault="lost") == 1
    if res.returncode != EXIT_OK:  # allowed to stop, as long as the next run finishes cleanly
        assert last_error_line(res).startswith("failed: "), res.stderr
        again = stage.rerun()
        assert again.returncode == EXIT_OK, again.stderr
    assert notices(stage.wiki) == stage.clean_notices
    stage.assert_converged_after_failure(since)

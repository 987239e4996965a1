"""The exit codes an operator's cron or Toolforge job sees, against the real test wiki.

0, 1 for a wiki that is not there, 3 with the shutoff set before the run and 4 with the lock
held are covered in test_cli.py and test_serve.py; this module adds what those leave out:
a shutoff written while a pass is under way stops even the lifecycle before its first write
(so exit 3 means nothing was written once the bot could have seen it), ``--locked-ok`` turns
an expected lock into success, and a page the wiki refuses makes the exit 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import localwiki
import pytest
from wikiseed import UserSpec, Wiki

import bot.run
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.ops.cli import EXIT_FAILED, EXIT_LOCKED, EXIT_OK
from bot.ops.lock import run_lock
from bot.publish import funnel
from bot.read.control import Control, ShutoffError, read_control
from tests.integration import botrun
from tests.integration.wikipages import exists

pytestmark = pytest.mark.wiki
BOT = localwiki.BOT_USER
SHUTOFF = f"User:{BOT}/Shutoff"
MENTORS = ["Exit Mentor One", "Exit Mentor Two"]
LIST = "Project:Mentorship/Mentors"


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    old = datetime.now(UTC) - timedelta(days=400)  # eligible mentors: the default 90 days, 500 edits
    w.create_users([UserSpec(m, registered=old, editcount=600) for m in MENTORS])
    w.admin().edit(LIST, "\n".join(f"* [[User:{m}]]" for m in MENTORS))
    yield w


def newest_revision(wiki: Wiki) -> int:
    changes = wiki.api(action="query", list="recentchanges", rcprop="ids", rclimit=1, rctype="edit|new")
    return int(changes["query"]["recentchanges"][0]["revid"])


def bot_edits_after(wiki: Wiki, revid: int) -> list[str]:
    """Titles of the bot's edits newer than revision REVID, oldest first."""
    got = wiki.api(action="query", list="usercontribs", ucuser=BOT, uclimit="max", ucprop="ids|title")
    return [c["title"] for c in reversed(got["query"]["usercontribs"]) if c["revid"] > revid]


def test_a_shutoff_written_during_the_pass_stops_the_lifecycle_before_its_first_write(
    wiki: Wiki, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = wiki.admin()
    log = wiki.api(action="query", list="logevents", letype="newusers", lelimit=1, leprop="ids|timestamp")
    last = log["query"]["logevents"][0]
    state = {"newusers": {"logid": last["logid"], "time": last["timestamp"], "waiting": []}}
    admin.edit(f"User:{BOT}/Mentorship state.json", json.dumps(state))
    newcomer = "Exit Newcomer"
    wiki.create_users([UserSpec(newcomer)])  # a new account: the lifecycle wants to assign it
    since = newest_revision(wiki)

    def shutoff_right_after_the_control_read(gw: Gateway, settings: Settings) -> Control:
        control = read_control(gw, settings)  # the shutoff page is still empty here
        admin.edit(SHUTOFF, "Stop: written while the bot was working.")
        return control

    monkeypatch.setattr(bot.run, "read_control", shutoff_right_after_the_control_read)
    monkeypatch.setattr(funnel, "SHUTOFF_RECHECK_SECONDS", 0.0)  # every write reads it again
    try:
        with pytest.raises(ShutoffError, match="Shutoff"):
            botrun.run_bot()
    finally:
        admin.edit(SHUTOFF, "")
    assert bot_edits_after(wiki, since) == []  # not an assignment, not a notice, not a dashboard

    monkeypatch.undo()  # the same pass, with nobody writing on the shutoff page, does assign
    _, gw = botrun.run_bot()
    assert gw.edits > 0
    edited = bot_edits_after(wiki, since)
    assert any(t.startswith(f"User:{BOT}/Assignments/") for t in edited), edited


def test_locked_ok_turns_a_held_lock_into_success_and_does_nothing(wiki: Wiki, tmp_path: Path) -> None:
    since = newest_revision(wiki)
    with run_lock(tmp_path / f"{botrun.SITE}-en.lock"):
        held = botrun.run_cli("run", env=botrun.cli_env(state=tmp_path), timeout=120)
        ok = botrun.run_cli("run", "--locked-ok", env=botrun.cli_env(state=tmp_path), timeout=120)
    assert held.returncode == EXIT_LOCKED
    assert ok.returncode == EXIT_OK, ok.stderr
    assert "another run is in progress" in ok.stderr
    assert "pages:" not in ok.stdout  # no pass ran
    assert bot_edits_after(wiki, since) == []


def test_a_page_the_wiki_refuses_makes_the_run_fail_with_exit_1(wiki: Wiki, tmp_path: Path) -> None:
    admin = wiki.admin()
    dashboard = f"User:{MENTORS[0]}/Mentor dashboard"
    admin.edit(dashboard, "An admin's page, protected.")
    admin.post(
        action="protect", title=dashboard, protections="edit=sysop", expiry="infinite", token=admin.token()
    )
    admin.post(action="userrights", user=BOT, remove="sysop", token=admin.token("userrights"))
    try:
        res = botrun.run_cli("run", "--full", env=botrun.cli_env(state=tmp_path), timeout=300)
    finally:
        admin.post(action="userrights", user=BOT, add="sysop", token=admin.token("userrights"))
    assert res.returncode == EXIT_FAILED, res.stdout + res.stderr
    assert botrun.last_error_line(res) == "failed: the wiki refused 1 page(s); the others were saved"
    assert f"problem: {dashboard}: the wiki refused the save: protectedpage" in res.stdout
    assert exists(wiki, f"User:{MENTORS[1]}/Mentor dashboard")  # the other mentor's page was saved

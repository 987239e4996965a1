"""``mentor-dashboard check`` on real local wikis: healthy, with pages missing, and with an account
that lacks rights. Nothing it does may write: its gateway's counters say so, and the wiki's
recent changes too.

The numbers it announces are held against what the test seeded and against what the real run
that follows does: the new accounts it says would get a mentor are the ones the run assigns, and
the pages it says would be created are the ones the run creates.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import localwiki
import pytest
from pywikibot import config as pwb_config
from wikiseed import UserSpec, Wiki

from bot.core.settings import Settings
from bot.decide.preflight import exit_code
from bot.gateway import Gateway
from bot.model.page import PageAction
from bot.model.preflight import Finding, Level, Pace
from bot.ops.check import preflight
from tests.integration import growthwiki
from tests.integration.botrun import ROOT, SITE, cli_env, logged_in_site, run_bot, run_cli, site_of

pytestmark = pytest.mark.wiki
MENTOR = "Check Mentor"
NEWCOMERS = ["Check Newcomer One", "Check Newcomer Two", "Check Newcomer Three"]
PACE = Pace(put_throttle=10, write_maxlag=5, read_maxlag=30, retry_wait=5)
COMMUNITY_PAGES = {
    "Project:Mentorship/FAQ": "== How do I start? ==\nBe bold.",
    "Project:Mentorship/Resources": "* [[Help:Contents]]",
    "Template:No mentor": "This user does not want a mentor.",
}


def check(settings: Settings | None = None) -> tuple[list[Finding], Gateway]:
    gw = Gateway(logged_in_site())
    try:
        return preflight(gw, settings or Settings(), PACE), gw
    finally:
        gw.close()


def messages(findings: list[Finding], level: Level | None = None) -> str:
    return "\n".join(f.message for f in findings if level is None or f.level is level)


def recent_changes(wiki: Wiki) -> int:
    return len(wiki.api(action="query", list="recentchanges", rclimit="max")["query"]["recentchanges"])


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    w.create_users(
        [UserSpec(MENTOR, registered=datetime.now(UTC) - timedelta(days=400), editcount=600)]
        + [UserSpec(n, registered=datetime.now(UTC) - timedelta(days=2)) for n in NEWCOMERS]
    )
    yield w


def test_missing_pages_block_and_are_named(wiki: Wiki) -> None:
    before = recent_changes(wiki)
    findings, gw = check()
    assert (gw.counts.writes, gw.edits) == (0, 0)
    assert recent_changes(wiki) == before
    blocking = messages(findings, Level.BLOCKING)
    assert "mentor list:" in blocking and "is missing" in blocking
    warnings = messages(findings, Level.WARNING)
    for role in ("community FAQ", "resources", "opt-out template"):
        assert f"{role}:" in warnings
    assert exit_code(findings) == 1


def test_a_healthy_wiki_passes_and_the_counts_are_what_the_run_then_does(wiki: Wiki) -> None:
    admin = wiki.admin()
    for title, text in COMMUNITY_PAGES.items():
        admin.edit(title, text)
    admin.edit("Project:Mentorship/Mentors", f"* [[User:{MENTOR}]]\n* [[User:Check Mentor/Subpage]]\n")
    wiki.session_for(MENTOR).edit(f"User:{MENTOR}/Mentor dashboard.json", json.dumps({"weight": 3}))
    before = recent_changes(wiki)
    findings, gw = check()
    assert (gw.counts.writes, gw.edits) == (0, 0)
    assert recent_changes(wiki) == before
    text = messages(findings)
    assert exit_code(findings) == 0, messages(findings, Level.BLOCKING)
    assert "standalone" in messages([f for f in findings if f.topic == "backend"])
    assert "has the bot flag" in text and "protect: yes" in text
    assert f"{len(NEWCOMERS)} new accounts would get a mentor" in text
    to_fix = messages([f for f in findings if f.topic == "to fix on the wiki"])
    assert "Check Mentor/Subpage" in to_fix  # the mentor list
    assert f"{MENTOR}'s settings page" in to_fix and "weight" in to_fix  # the mentor's own settings
    assert "one every 10 s (put_throttle), maxlag 5 s" in text
    (counts,) = [f.message for f in findings if f.message.endswith("writes in all)")]
    creates = int(counts.split(" pages to create")[0])

    report, _ = run_bot(Settings())
    created = [o.title for o in report.outcomes if o.action is PageAction.CREATED]
    assert creates == len(created) + 1  # and the status page, saved after the others
    store = json.loads(
        wiki.api(
            action="query", prop="revisions", titles=f"User:MentorBot/Assignments/{MENTOR}.json",
            rvprop="content", rvslots="main",
        )["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"]
    )  # fmt: skip
    assert sum(len(ids) for ids in store["mentees"].values()) == len(NEWCOMERS)


def test_the_command_line_exits_1_when_the_shutoff_page_says_stop(wiki: Wiki) -> None:
    wiki.admin().edit("User:MentorBot/Shutoff", "Stop: maintenance.")
    try:
        res = run_cli("check")
    finally:
        wiki.admin().edit("User:MentorBot/Shutoff", "")
    assert res.returncode == 1, res.stdout + res.stderr
    assert "blocking  shutoff:" in res.stdout
    assert res.stdout.rstrip().endswith("edits: 0")


@pytest.fixture(scope="module")
def weak_config(wiki: Wiki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config folder for WeakBot: a bot without sysop (no protect), and GrantBot: a sysop bot
    whose bot password leaves out the protect and user-JSON grants."""
    info = localwiki.site_info(SITE)
    folder = tmp_path_factory.mktemp("weak-config")
    (folder / "families").mkdir()
    shutil.copy(ROOT / "families" / f"{SITE}_family.py", folder / "families")
    config = (ROOT / "user-config.py").read_text()
    (folder / "user-config.py").write_text(config.replace('"MentorBot"', 'os.environ["CHECK_BOT"]'))
    lines = []
    for name, promote, grants in (
        ("WeakBot", ["--bot"], localwiki.BOT_GRANTS),
        ("GrantBot", ["--bot", "--sysop"], "basic,highvolume,editpage,createeditmovepage"),
    ):
        localwiki.maint(info, "createAndPromote", *promote, name, secrets.token_hex(16))
        password = secrets.token_hex(16)
        localwiki.maint(info, "createBotPassword", "--appid=pwb", f"--grants={grants}", name, password)
        lines.append(f"('{info['lang']}', '{SITE}', '{name}', BotPassword('pwb', '{password}'))")
    fd = os.open(folder / "user-password.cfg", os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
    return folder


def check_as(config: Path, bot: str) -> subprocess.CompletedProcess[str]:
    return run_cli("check", env={**cli_env(config), "CHECK_BOT": bot})


def test_a_bot_without_protect_rights_is_told_its_pages_stay_open(wiki: Wiki, weak_config: Path) -> None:
    before = recent_changes(wiki)
    res = check_as(weak_config, "WeakBot")
    assert recent_changes(wiki) == before
    assert res.returncode == 0, res.stdout + res.stderr
    assert " warning  rights: protect: missing" in res.stdout
    assert "editprotected" not in res.stdout  # only a bot that protects needs it
    assert "WeakBot has the bot flag" in res.stdout
    assert res.stdout.rstrip().endswith("edits: 0")


def test_rights_left_out_by_the_grants_name_the_grant_and_block(wiki: Wiki, weak_config: Path) -> None:
    res = check_as(weak_config, "GrantBot")
    assert res.returncode == 1, res.stdout + res.stderr
    assert "editmyuserjson: the account's groups give it, but this login's grants leave it out" in res.stdout
    assert "add the grant 'editmycssjs'" in res.stdout
    assert "add the grant 'protect'" in res.stdout


def test_a_backend_the_wiki_does_not_have_is_a_configuration_error(wiki: Wiki) -> None:
    settings_page = "Project:Mentorship/Settings.json"
    wiki.admin().edit(settings_page, json.dumps({"backend": "growth"}))
    try:
        findings, gw = check()
    finally:
        wiki.admin().edit(settings_page, "{}")
    assert (gw.counts.writes, gw.edits) == (0, 0)
    assert [f.topic for f in findings if f.level is Level.CONFIG] == ["backend"]
    assert "GrowthExperiments" in messages(findings, Level.CONFIG)
    assert exit_code(findings) == 2


def test_on_a_growthexperiments_wiki_the_check_names_that_backend_and_its_rights() -> None:
    name = "mdcheckgrowth"
    growthwiki.create(name, os.environ.get("MW") or localwiki.DEFAULT_MW)
    localwiki.start(name)
    pwb_config.family_files[name] = str(localwiki.FAMILIES / f"{name}_family.py")
    try:
        gw = Gateway(site_of(name))
        try:
            findings = preflight(gw, Settings(), PACE)
        finally:
            gw.close()
    finally:
        localwiki.stop(name, quiet=True)
    assert (gw.counts.writes, gw.edits) == (0, 0)
    assert messages([f for f in findings if f.topic == "backend"]).startswith("growth")
    rights = messages([f for f in findings if f.topic == "rights"])
    assert "setmentor: yes" in rights and "managementors: yes" in rights
    assert "mentor list:" not in messages(findings)  # GrowthExperiments keeps the list
    assert "GrowthExperiments assigns new accounts" in messages(findings)
    assert exit_code(findings) == 0, messages(findings, Level.BLOCKING)

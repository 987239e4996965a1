"""Security on the real wiki: the credentials stay secret, and no user text steers the bot's writes.

One verbose run (``-v``: every debug line pywikibot and the bot write) is made in the worst
conditions for a leak: the first login attempt gets a 503, so pywikibot logs the failed request,
and the password file starts out world-readable. The mentor list it reads is hostile.

Two items of the issue's security list live with the lifecycle's own tests, next to the code
they prove: settings changed by a non-owner are ignored (tests/integration/test_settings_trust.py)
and listed users who are not eligible get no mentees (tests/integration/test_lifecycle.py).
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import localwiki
import pytest
from wikiseed import Wiki

from tests.faultproxy import Fault, FaultProxy, Record
from tests.integration.faultwiki import run_cli, seed_world, write_config

pytestmark = pytest.mark.wiki
ROOT = Path(__file__).resolve().parents[2]

# Entries that try to aim the bot at pages that are not its own.
HOSTILE_LIST = """
* [[User:Steady Mentor A]]
* [[User:Main Page/../../Main Page]]
* [[Main Page]]
* [[User:Steady Mentor B/Mentor dashboard]]
{{Mentor list entry|user=MediaWiki:Common.js}}
{{Mentor list entry|user=Steady Mentor B#Mentor dashboard}}
{{Mentor list entry|user=Project:Mentorship/Mentors}}
* [[User:Leaving Mentor C|{{subst:Main Page}}]] | [[MediaWiki:Sitenotice]] ~~~~
"""


@dataclass(frozen=True)
class VerboseRun:
    result: subprocess.CompletedProcess[str]
    password: str
    config: Path
    records: list[Record]
    mode_after: int


@pytest.fixture(scope="module")
def run(fresh_wiki: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[VerboseRun]:
    site = str(fresh_wiki["name"])
    wiki = Wiki(site)
    world = seed_world(wiki)
    wiki.admin().edit("Project:Mentorship/Mentors", HOSTILE_LIST)
    proxy = FaultProxy(localwiki.url(site)).start()
    config = write_config(tmp_path_factory.mktemp("security"), site, proxy.port)
    os.chmod(config / "user-password.cfg", 0o644)
    proxy.inject(Fault("status", status=503, action="login"))
    try:
        res = run_cli(config, "run", "-v")
        records = list(proxy.records)
    finally:
        proxy.stop()
    assert world.ids  # seeded
    mode = stat.S_IMODE(os.stat(config / "user-password.cfg").st_mode)
    yield VerboseRun(res, str(localwiki.site_info(site)["bot_password"]), config, records, mode)


def test_the_bot_password_appears_nowhere_in_a_verbose_run_that_had_a_failed_login(run: VerboseRun) -> None:
    assert run.result.returncode == 0, run.result.stderr
    assert any(r.fault == "status" and r.action == "login" for r in run.records)  # the leak-prone path ran
    assert "Logging header" in run.result.stderr  # verbose logging was really on
    output = run.result.stdout + run.result.stderr
    assert run.password not in output
    for path in run.config.rglob("*"):  # cookies, caches, the state folder, pywikibot's files
        if path.is_file() and path.name != "user-password.cfg":
            assert run.password.encode() not in path.read_bytes(), f"the password is in {path}"


def test_the_repository_does_not_hold_the_password(run: VerboseRun) -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "user-password.cfg" not in tracked.stdout.split()
    ignored = subprocess.run(
        ["git", "check-ignore", "user-password.cfg"], cwd=ROOT, capture_output=True, text=True
    )
    assert ignored.returncode == 0


def test_a_world_readable_password_file_is_made_private_with_a_warning(run: VerboseRun) -> None:
    assert run.mode_after == 0o600
    assert re.search(r"user-password\.cfg had 644 mode; converted to 600", run.result.stderr)


def test_the_project_password_file_is_written_private(run: VerboseRun) -> None:
    assert stat.S_IMODE(os.stat(ROOT / "user-password.cfg").st_mode) == 0o600


def test_a_hostile_mentor_list_cannot_make_the_bot_write_outside_its_pages(run: VerboseRun) -> None:
    own = re.compile(
        r"^(User:(Steady Mentor A|Steady Mentor B|Leaving Mentor C)/Mentor dashboard(/.*)?"
        r"|User:MentorBot/.*"
        r"|User talk:(Steady Newcomer [123]|Moving Mentee [123])"  # welcomes and reassignment notices
        r"|TestWiki:Mentorship/(Dashboards|Unanswered questions))$"
    )
    writes = [(r.action, r.title) for r in run.records if r.action in ("edit", "protect", "move", "delete")]
    assert writes
    assert [w for w in writes if not own.match(w[1])] == []
    assert "Main Page" in run.result.stdout or "Main Page" in run.result.stderr  # reported, not obeyed

"""`mentor-dashboard run` as an operator runs it: a subprocess against the real test wiki."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import localwiki
import pytest
from wikiseed import UserSpec, Wiki

from tests.integration.botrun import seed_assignments

pytestmark = pytest.mark.wiki
ROOT = Path(__file__).resolve().parents[2]
MENTORS = ["Cli Mentor One", "Cli Mentor Two"]


STATE = tempfile.mkdtemp(prefix="mentor-dashboard-cli-state-")  # this module's memory of runs


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYWIKIBOT_DIR=str(ROOT), MENTOR_WIKI="mdtest", MENTOR_DASHBOARD_STATE=STATE)
    return subprocess.run(
        [sys.executable, "-m", "bot.ops.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    ago = datetime.now(UTC) - timedelta(days=3)
    ids = w.create_users([UserSpec(n, registered=ago) for n in [*MENTORS, "Cli Mentee A", "Cli Mentee B"]])
    w.admin().edit("Project:Mentorship/Mentors", "\n".join(f"* [[User:{m}]]" for m in MENTORS))
    seed_assignments({MENTORS[0]: [ids["Cli Mentee A"]], MENTORS[1]: [ids["Cli Mentee B"]]})
    yield w


def exists(w: Wiki, title: str) -> bool:
    page = w.api(action="query", titles=title)["query"]["pages"][0]
    return not page.get("missing")


def test_dry_run_prints_diffs_and_saves_nothing(wiki: Wiki) -> None:
    res = cli("run", "--dry-run")
    assert res.returncode == 0, res.stderr
    assert f"+++ User:{MENTORS[0]}/Mentor dashboard (new)" in res.stdout
    added = [x for x in res.stdout.splitlines() if x.startswith("+") and "[[User:Cli Mentee A|" in x]
    assert added, res.stdout
    assert "edits: 0" in res.stdout
    assert not exists(wiki, f"User:{MENTORS[0]}/Mentor dashboard")


def test_mentor_option_limits_the_run_to_that_mentor(wiki: Wiki) -> None:
    res = cli("run", "--mentor", MENTORS[1])
    assert res.returncode == 0, res.stderr
    assert "pages: 1 created" in res.stdout
    assert exists(wiki, f"User:{MENTORS[1]}/Mentor dashboard")
    assert not exists(wiki, f"User:{MENTORS[0]}/Mentor dashboard")


def test_run_prints_read_and_write_request_counts(wiki: Wiki) -> None:
    first = cli("run")
    again = cli("run")
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    counts = [
        re.search(r"^requests: (\d+) read and (\d+) write requests .*; edits: (\d+)$", r.stdout, re.M)
        for r in (first, again)
    ]
    assert counts[0] and counts[1], first.stdout + again.stdout
    assert int(counts[0][3]) > 0  # Mentor One's dashboard was still missing
    assert (int(counts[1][2]), int(counts[1][3])) == (0, 0)  # nothing changed in between
    assert int(counts[1][1]) > 0


def test_shutoff_page_stops_the_bot_before_it_writes(wiki: Wiki) -> None:
    wiki.admin().edit("User:MentorBot/Shutoff", "Stop: testing the shutoff.")
    wiki.admin().edit("Project:Mentorship/Mentors", "* [[User:Cli Mentee B]]")
    try:
        res = cli("run")
    finally:
        wiki.admin().edit("User:MentorBot/Shutoff", "")
    assert res.returncode == 3
    assert "Shutoff" in res.stderr
    assert not exists(wiki, "User:Cli Mentee B/Mentor dashboard")


def test_nobots_on_a_dashboard_is_respected(wiki: Wiki) -> None:
    title = f"User:{MENTORS[1]}/Mentor dashboard"
    wiki.admin().edit("Project:Mentorship/Mentors", "\n".join(f"* [[User:{m}]]" for m in MENTORS))
    wiki.admin().edit(title, "{{nobots}} Paused by an admin.")
    res = cli("run", "--mentor", MENTORS[1])
    assert res.returncode == 0, res.stderr
    assert "skipped-nobots" in res.stdout
    text = wiki.api(action="query", prop="revisions", titles=title, rvprop="content", rvslots="main")
    assert text["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"].startswith("{{nobots}}")


def test_a_wiki_that_is_not_there_gives_a_clear_error_and_exit_code_1(tmp_path: Path) -> None:
    port = localwiki.free_port()  # nothing listens here
    (tmp_path / "families").mkdir()
    (tmp_path / "user-config.py").write_text((ROOT / "user-config.py").read_text())
    (tmp_path / "families" / "gone_family.py").write_text(
        "from pywikibot import family\n\n\nclass Family(family.Family):\n"
        f"    name = 'gone'\n    langs = {{'en': '127.0.0.1:{port}'}}\n\n"
        "    def scriptpath(self, code):\n        return ''\n\n"
        "    def protocol(self, code):\n        return 'http'\n"
    )
    env = dict(os.environ, PYWIKIBOT_DIR=str(tmp_path), MENTOR_WIKI="gone")
    res = subprocess.run(
        [sys.executable, "-m", "bot.ops.cli", "run"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 1
    assert res.stderr.strip().splitlines()[-1].startswith("failed: the wiki did not answer")

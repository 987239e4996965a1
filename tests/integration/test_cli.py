"""`mentor-dashboard run` as an operator runs it: a subprocess against the real test wiki."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import localwiki
import pytest
from wikiseed import UserSpec, Wiki

from tests.integration.botrun import (
    ROOT,
    cli_env,
    last_error_line,
    request_counts,
    run_cli,
    seed_assignments,
)
from tests.integration.wikipages import exists, page_text

pytestmark = pytest.mark.wiki
MENTORS = ["Cli Mentor One", "Cli Mentor Two"]


STATE = tempfile.mkdtemp(prefix="mentor-dashboard-cli-state-")  # this module's memory of runs


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=cli_env(state=STATE))


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    ago = datetime.now(UTC) - timedelta(days=3)
    ids = w.create_users([UserSpec(n, registered=ago) for n in [*MENTORS, "Cli Mentee A", "Cli Mentee B"]])
    w.admin().edit("Project:Mentorship/Mentors", "\n".join(f"* [[User:{m}]]" for m in MENTORS))
    seed_assignments({MENTORS[0]: [ids["Cli Mentee A"]], MENTORS[1]: [ids["Cli Mentee B"]]})
    yield w


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
    assert "pages: 2 created" in res.stdout  # the dashboard and its workspace data page
    assert exists(wiki, f"User:{MENTORS[1]}/Mentor dashboard")
    assert exists(wiki, f"User:{localwiki.BOT_USER}/Dashboards/{MENTORS[1]}.json")
    assert not exists(wiki, f"User:{MENTORS[0]}/Mentor dashboard")
    assert not exists(wiki, f"User:{localwiki.BOT_USER}/Dashboards/{MENTORS[0]}.json")


def test_run_prints_read_and_write_request_counts(wiki: Wiki) -> None:
    first = cli("run")
    again = cli("run")
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    counts, counts_again = request_counts(first.stdout), request_counts(again.stdout)
    assert counts and counts_again, first.stdout + again.stdout
    assert counts[2] > 0  # edits: Mentor One's dashboard was still missing
    assert counts_again[1:] == (0, 0)  # no writes, no edits: nothing changed in between
    assert counts_again[0] > 0  # but it read


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
    assert page_text(wiki, title).startswith("{{nobots}}")


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
    res = run_cli("run", env=cli_env(tmp_path, "gone"), timeout=120)
    assert res.returncode == 1
    assert last_error_line(res).startswith("failed: the wiki did not answer")

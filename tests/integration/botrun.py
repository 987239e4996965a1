"""Run the bot against a test wiki, the two ways the tests need.

* In this process, :func:`run_bot`: one pass of ``bot.run.run_pass``, for tests that look at the
  pass's report and at the requests its gateway counted.
* As operators run it, :func:`run_cli` and :func:`start_cli`: the ``mentor-dashboard`` console
  script (``bot.ops.cli:main``) in a subprocess, told by its environment (:func:`cli_env`) which
  pywikibot config folder and wiki to use. :func:`last_error_line` and :func:`request_counts`
  read what it printed.

What only the bot writes, the assignment pages, is seeded through the bot's own store:
:func:`seed_assignments` adds mentees to a mentor's page, :func:`save_assignment_pages` writes
pages holding exactly the mentees and days given.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path

import localwiki
import pywikibot
from botseed import logged_in_site, seed_assignments

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.assignment import Assignments, assignments_title
from bot.ops.memory import RunMemory
from bot.publish.funnel import Writer
from bot.publish.pages import save_assignments
from bot.render.i18n import Messages
from bot.run import RunMode, RunReport, run_pass

ROOT = Path(__file__).resolve().parents[2]
SITE = "mdtest"  # the session's wiki (tests/conftest.py)
CLI_MODULE = "bot.ops.cli"  # the console script's module: mentor-dashboard = bot.ops.cli:main
PASS_RUNNER = Path(__file__).with_name("lifecycle_runner.py")
# The CLI's last line on stdout: "requests: R read and W write requests (…); edits: E".
REQUESTS_LINE = re.compile(r"^requests: (\d+) read and (\d+) write requests .*; edits: (\d+)$", re.M)


def quiet(_: str) -> None:
    """What a pass shows (diffs, "would move …" lines) goes nowhere."""


def site_of(name: str) -> pywikibot.site.APISite:
    """The bot's logged-in site on the test wiki NAME, in that wiki's content language."""
    site = pywikibot.Site(str(localwiki.site_info(name)["lang"]), name)
    site.login()
    return site


# --- in this process --------------------------------------------------------------------------


def run_bot(
    settings: Settings | None = None,
    *,
    site: pywikibot.site.APISite | None = None,
    dry_run: bool = False,
    full: bool = False,
    only: Iterable[str] = (),
    memory: RunMemory | None = None,
    now: datetime | None = None,
    show: Callable[[str], None] = quiet,
    cache_dir: Path | None = None,
    schedule: str | None = None,
) -> tuple[RunReport, Gateway]:
    """One pass on SITE (default: the session's wiki, logged in) with SETTINGS (default: the
    defaults), in the wiki's language; returns its report and the gateway that counted its
    requests. The other options are ``run_pass``'s and ``RunMode``'s (ONLY: its mentors)."""
    s = logged_in_site() if site is None else site
    gw = Gateway(s)
    try:
        mode = RunMode.of(full=full, dry_run=dry_run, mentors=only)
        report = run_pass(
            gw,
            Settings() if settings is None else settings,
            Messages.load(s.lang),
            mode,
            memory=memory,
            now=now,
            show=show,
            cache_dir=cache_dir,
            schedule=schedule,
        )
    finally:
        gw.close()
    return report, gw


def start_pass_process(overrides: Mapping[str, object]) -> subprocess.Popen[str]:
    """One pass on the session's wiki in a process of its own (lifecycle_runner.py), with these
    Settings OVERRIDES, so a test can kill it half-way; its INFO log lines come on stderr."""
    return subprocess.Popen(
        [sys.executable, str(PASS_RUNNER), json.dumps(dict(overrides))],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )


# --- the CLI in a subprocess ------------------------------------------------------------------


def cli_env(config: Path = ROOT, wiki: str = SITE, *, state: Path | str | None = None) -> dict[str, str]:
    """This process's environment, with pywikibot's config folder CONFIG (user-config.py, the
    families, the password file), the wiki WIKI (a family name) and, if given, the state folder
    STATE (lock, run memory, caches)."""
    env = dict(os.environ, PYWIKIBOT_DIR=str(config), MENTOR_WIKI=wiki)
    if state is not None:
        env["MENTOR_DASHBOARD_STATE"] = str(state)
    return env


def cli_command(*args: str) -> list[str]:
    """``mentor-dashboard ARGS``, run by this interpreter."""
    return [sys.executable, "-m", CLI_MODULE, *args]


def run_cli(
    *args: str, env: Mapping[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``mentor-dashboard ARGS`` to the end, from the repository root; ENV defaults to
    ``cli_env()``: the session's wiki, with the project's config folder."""
    return subprocess.run(
        cli_command(*args),
        env=cli_env() if env is None else dict(env),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_cli(
    *args: str, env: Mapping[str, str] | None = None, stderr: int = subprocess.PIPE
) -> subprocess.Popen[str]:
    """``mentor-dashboard ARGS`` started and left running; stdout is a pipe, and so is stderr
    unless STDERR says otherwise (``subprocess.STDOUT``: both on one pipe)."""
    return subprocess.Popen(
        cli_command(*args),
        env=cli_env() if env is None else dict(env),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


def last_error_line(res: subprocess.CompletedProcess[str]) -> str:
    """The last line the run wrote on stderr: where the CLI says why it stopped ("" if none)."""
    lines = res.stderr.strip().splitlines()
    return lines[-1] if lines else ""


def request_counts(stdout: str) -> tuple[int, int, int] | None:
    """(read requests, write requests, edits) from a run's summary line; None without one."""
    m = REQUESTS_LINE.search(stdout)
    return None if m is None else (int(m[1]), int(m[2]), int(m[3]))


# --- seeding the bot's own pages --------------------------------------------------------------


def save_assignment_pages(
    days_of: Mapping[str, Mapping[int, int]],
    *,
    site: pywikibot.site.APISite | None = None,
    settings: Settings | None = None,
    summary: str = "seed assignments",
) -> None:
    """Write each mentor's assignments page on SITE (default: the session's wiki) holding exactly
    the mentees given, user id → the day they were assigned (``day_number``)."""
    s = logged_in_site() if site is None else site
    prefix = (Settings() if settings is None else settings).assignments_prefix
    bot_user = str(s.username())
    gw = Gateway(s)
    writer = Writer(gw, dry_run=False)
    try:
        for mentor, days in days_of.items():
            page = Assignments(mentor, assignments_title(bot_user, prefix, mentor))
            save_assignments(writer, page, dict(days), summary)
    finally:
        gw.close()


__all__ = [
    "ROOT",
    "SITE",
    "cli_command",
    "cli_env",
    "last_error_line",
    "logged_in_site",
    "quiet",
    "request_counts",
    "run_bot",
    "run_cli",
    "save_assignment_pages",
    "seed_assignments",
    "site_of",
    "start_cli",
    "start_pass_process",
]

"""The command line without a wiki: help for every subcommand, usage errors, and exit code 2.

Each case runs the console script's module in a subprocess whose pywikibot config folder is
empty (or the clone's, for the wiki options) and whose proxies point at a closed port, so
anything that tried to reach a wiki would fail or hang instead of passing by luck.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ops.cli import EXIT_OK, EXIT_USAGE, build_parser, split_args


def subcommands() -> list[str]:
    """Every subcommand the parser has, so a new one is held to the same rules."""
    actions = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(actions[0].choices)


COMMANDS = subcommands()
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens on loopback here


def cli(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYWIKIBOT_DIR=str(config), HTTP_PROXY=CLOSED, HTTPS_PROXY=CLOSED, NO_PROXY="")
    for name in ("MENTOR_DASHBOARD_STATE", "MENTOR_WIKI", "MENTOR_WIKI_LANG"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "bot.ops.cli", *args],
        env=env,
        cwd=config,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config folder without user-config.py: what a fresh machine has."""
    return tmp_path_factory.mktemp("no-config")


@pytest.mark.parametrize("command", [None, *COMMANDS])
@pytest.mark.parametrize("flag", ["--help", "-h", "-help"])
def test_help_works_offline_and_without_config(empty: Path, command: str | None, flag: str) -> None:
    res = cli(*([command] if command else []), flag, config=empty)
    assert res.returncode == EXIT_OK, res.stderr
    assert res.stdout.startswith(f"usage: mentor-dashboard{' ' + command if command else ''}")
    for part in ("exit codes:", "  3  stopped by the shutoff", "PYWIKIBOT_DIR", "MENTOR_DASHBOARD_STATE"):
        assert part in res.stdout
    assert "Sorry, no help" not in res.stdout + res.stderr
    assert res.stderr == ""


def test_serve_help_says_the_schedule_is_utc(empty: Path) -> None:
    res = cli("serve", "--help", config=empty)
    assert "read in UTC" in res.stdout and "--cron" in res.stdout


def test_no_subcommand_prints_the_help_and_exits_2_without_running_a_pass(empty: Path) -> None:
    res = cli(config=empty)
    assert res.returncode == EXIT_USAGE
    assert res.stdout == ""  # no "pages: …" or "requests: …" line: no pass ran
    assert res.stderr.startswith("usage: mentor-dashboard") and "COMMAND" in res.stderr


@pytest.mark.parametrize(
    "args",
    [("bogus",), ("run", "--bogus"), ("serve",), ("toolforge-jobs",), ("toolforge-jobs", "--wikis", "x!")],
)
def test_usage_errors_exit_2(empty: Path, args: tuple[str, ...]) -> None:
    res = cli(*args, config=empty)
    assert res.returncode == EXIT_USAGE, res.stderr
    assert res.stdout == "" and res.stderr.strip()


def test_a_run_without_user_config_is_a_config_error(empty: Path) -> None:
    res = cli("run", "--dry-run", config=empty)
    assert res.returncode == EXIT_USAGE
    assert f"no user-config.py in {empty}" in res.stderr


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config folder for a wiki that is not there: one family, on a closed loopback port."""
    folder = tmp_path_factory.mktemp("config")
    (folder / "families").mkdir()
    (folder / "user-config.py").write_text(
        "import os\nfamily = 'offline'\nmylang = 'en'\n"
        "user_families_paths = [os.path.join(base_dir, 'families')]\nusernames['*']['*'] = 'Bot'\n"
    )
    (folder / "families" / "offline_family.py").write_text(
        "from pywikibot import family\n\n\nclass Family(family.Family):\n"
        "    name = 'offline'\n    langs = {'en': '127.0.0.1:9'}\n\n"
        "    def scriptpath(self, code):\n        return ''\n\n"
        "    def protocol(self, code):\n        return 'http'\n"
    )
    return folder


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("-family:nosuch", "Family nosuch does not exist"),
        ("-lang:zz", "Language 'zz' does not exist"),
        ("-nosuchoption", "unknown option '-nosuchoption'"),
    ],
)
def test_bad_wiki_options_exit_2_before_any_request(config: Path, option: str, message: str) -> None:
    res = cli("run", option, config=config)
    assert res.returncode == EXIT_USAGE, res.stderr
    assert message in res.stderr


def test_verbose_reaches_our_parser_before_or_after_the_command() -> None:
    ours, theirs = split_args(["-v", "run", "-family:demo", "--dry-run"])
    assert theirs == ["-family:demo"]
    assert build_parser().parse_args(ours).verbose is True
    ours, theirs = split_args(["run", "-verbose", "-lang:cs", "-simulate"])
    assert theirs == ["-lang:cs", "-simulate"]
    assert build_parser().parse_args(ours).verbose is True
    assert build_parser().parse_args(["run"]).verbose is False


def test_pywikibot_help_option_is_our_help() -> None:
    assert split_args(["run", "-help"]) == (["run", "--help"], [])
    assert split_args(["-help:global"]) == (["--help"], [])

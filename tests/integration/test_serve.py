"""`serve` and the run lock, as processes against the real test wiki."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from bot.ops.lock import run_lock
from tests.integration.botrun import cli_env, run_cli, start_cli

pytestmark = pytest.mark.wiki


def test_serve_runs_on_schedule_and_stops_cleanly_on_sigterm(
    fresh_wiki: dict[str, Any], tmp_path: Path
) -> None:
    schedule = ("--cron", "* * * * *", "--seconds", "*/2")
    proc = start_cli("serve", *schedule, env=cli_env(state=tmp_path), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    passes = 0
    lines = []
    assert proc.stdout is not None
    while passes < 2 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        passes += line.startswith("pages:")
    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=60)
    assert passes >= 2, "".join(lines)
    assert proc.returncode == 0
    assert "stopping after the current pass" in rest


def test_run_does_nothing_while_another_run_holds_the_lock(
    fresh_wiki: dict[str, Any], tmp_path: Path
) -> None:
    with run_lock(tmp_path / "mdtest-en.lock"):
        res = run_cli("run", env=cli_env(state=tmp_path), timeout=120)
    assert res.returncode == 4
    assert "another run is in progress" in res.stderr

"""`serve` and the run lock, as processes against the real test wiki."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot.ops.lock import run_lock

pytestmark = pytest.mark.wiki
ROOT = Path(__file__).resolve().parents[2]


def env(state: Path) -> dict[str, str]:
    return dict(os.environ, PYWIKIBOT_DIR=str(ROOT), MENTOR_WIKI="mdtest", MENTOR_DASHBOARD_STATE=str(state))


def test_serve_runs_on_schedule_and_stops_cleanly_on_sigterm(
    fresh_wiki: dict[str, Any], tmp_path: Path
) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.ops.cli", "serve", "--cron", "* * * * *", "--seconds", "*/2"],
        env=env(tmp_path),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
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
        res = subprocess.run(
            [sys.executable, "-m", "bot.ops.cli", "run"],
            env=env(tmp_path),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert res.returncode == 4
    assert "another run is in progress" in res.stderr

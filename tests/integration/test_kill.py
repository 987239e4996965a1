"""``kill -9`` at seeded points of a full run; the next run must end with exactly the clean pages.

A clean run through the fault proxy numbers every request the bot makes. Each kill point is one
of those numbers: the proxy holds that request, either before the wiki sees it or after the wiki
has done the work (so the bot dies without hearing the answer), and the test kills the process.
The next run, from the same config and state folder as the operator's cron would use, must
finish with exit 0, leave every page as the clean run left it, and have saved nothing broken on
the way. Points are drawn with a fixed seed: half among the writes (assignment journal,
assignment pages, dashboards, protection, shared pages), half anywhere.

KILL_POINTS (default 20) and KILL_SEED change how many points and which; the lifecycle's writes
are part of the run, so new kinds of writes become kill points without changing this file.
"""

from __future__ import annotations

import os
import random
import signal
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import localwiki
import pytest
from wikiseed import Wiki

from tests.faultproxy import FaultProxy, Record
from tests.integration.faultwiki import (
    BOT,
    WikiSnapshot,
    assert_saves_whole,
    comparable,
    notices,
    page_states,
    run_cli,
    seed_world,
    start_cli,
    write_config,
)

pytestmark = [pytest.mark.wiki, pytest.mark.slow]
POINTS = int(os.environ.get("KILL_POINTS", "20"))
SEED = int(os.environ.get("KILL_SEED", "20261125"))
WRITES = ("edit", "protect")


@dataclass(frozen=True)
class KillPoint:
    seq: int
    after_forward: bool
    action: str
    title: str

    def __str__(self) -> str:
        when = "after the wiki answered" if self.after_forward else "before the wiki saw it"
        return f"request {self.seq} ({self.action} {self.title}) {when}"


@dataclass
class Stage:
    site: str
    wiki: Wiki
    proxy: FaultProxy
    snapshot: WikiSnapshot
    folder: Path
    clean: dict[str, tuple[str, str]]
    clean_notices: dict[str, Counter[str]]
    records: list[Record]
    edited: set[str]
    points: list[KillPoint]


def label(r: Record) -> str:
    """What a request is about: the page it writes, or the list or meta it reads."""
    return r.title or r.params.get("list") or r.params.get("meta") or r.params.get("prop") or ""


def choose_points(records: list[Record], n: int, seed: int) -> list[KillPoint]:
    rng = random.Random(seed)
    writes = [r for r in records if r.action in WRITES]
    others = [r for r in records if r.action not in WRITES]
    picked = rng.sample(writes, min(len(writes), n // 2))
    picked += rng.sample(others, min(len(others), n - len(picked)))
    return [
        KillPoint(r.seq, i % 2 == 1, r.action, label(r))
        for i, r in enumerate(sorted(picked, key=lambda r: r.seq))
    ]


@pytest.fixture(scope="module")
def stage(fresh_wiki: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stage]:
    site = str(fresh_wiki["name"])
    wiki = Wiki(site)
    seed_world(wiki)
    folder = tmp_path_factory.mktemp("kill")
    snapshot = WikiSnapshot(site, folder / "snapshot")
    proxy = FaultProxy(localwiki.url(site)).start()
    before = page_states(wiki)
    res = run_cli(write_config(folder / "clean", site, proxy.port))
    assert res.returncode == 0, res.stderr
    clean = page_states(wiki)
    clean_notices = notices(wiki)
    assert clean_notices  # welcomes and reassignment notices were posted
    edited = {t for t, state in clean.items() if before.get(t) != state and t != f"User:{BOT}/Status"}
    records = list(proxy.records)
    points = choose_points(records, POINTS, SEED)
    assert len(points) == POINTS
    yield Stage(site, wiki, proxy, snapshot, folder, clean, clean_notices, records, edited, points)
    proxy.stop()


@pytest.mark.parametrize("n", range(POINTS))
def test_a_run_killed_at_a_seeded_point_is_finished_by_the_next_run(stage: Stage, n: int) -> None:
    point = stage.points[n]
    stage.snapshot.restore()
    stage.proxy.clear()
    since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    config = write_config(stage.folder / f"point{n}", stage.site, stage.proxy.port)
    gate = stage.proxy.hold(point.seq, after_forward=point.after_forward)
    proc = start_cli(config)
    try:
        assert gate.reached.wait(120), f"the run never reached {point}: {proc.poll()}"
        held = stage.proxy.records[point.seq - 1]
        seen = [f"{r.seq}:{r.action}:{label(r)}" for r in stage.proxy.records]
        expected = [f"{r.seq}:{r.action}:{label(r)}" for r in stage.records[: len(seen)]]
        assert (held.action, label(held)) == (point.action, point.title), (
            f"another path: {seen} vs {expected}"
        )
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
        gate.release()
    stage.proxy.clear()
    again = run_cli(config)  # same config and state folder: what cron runs next
    assert again.returncode == 0, f"after a kill at {point}:\n{again.stderr}"
    clean = comparable(stage.clean)
    assert_saves_whole(stage.wiki, stage.edited, clean, since, f", kill at {point}")
    assert comparable(page_states(stage.wiki)) == clean, f"did not converge after a kill at {point}"
    assert notices(stage.wiki) == stage.clean_notices, f"a notice was lost or posted twice, kill at {point}"

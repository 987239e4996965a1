"""A read-only wiki (``$wgReadOnly``, as during a database switchover) stops the bot cleanly.

The bot runs with pywikibot's shipped retry settings (15 retries, waits doubling from 5 s up to
120 s), which is what an operator has unless they change them: a run that did not recognise
"read-only" would sit in that retry loop for many minutes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import localwiki
import pytest
from wikiseed import Wiki

from tests.faultproxy import FaultProxy
from tests.integration.botrun import last_error_line
from tests.integration.faultwiki import comparable, page_states, run_cli, seed_world, write_config
from tests.integration.wikiconfig import extra_settings

pytestmark = pytest.mark.wiki
REASON = "Database switchover until 14:00 UTC"
LIVE_RETRIES = {"max_retries": 15, "retry_wait": 5, "retry_max": 120}
EXIT_FAILED = 1


@pytest.fixture(scope="module")
def read_only(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    wiki = Wiki(str(fresh_wiki["name"]))
    seed_world(wiki)
    with extra_settings(wiki, f"$wgReadOnly = {REASON!r};", lambda general: bool(general.get("readonly"))):
        yield wiki


def test_a_read_only_wiki_stops_the_run_with_a_clear_message_and_no_retry_loop(
    read_only: Wiki, tmp_path: Path
) -> None:
    before = page_states(read_only)
    proxy = FaultProxy(localwiki.url(read_only.name)).start()
    try:
        started = time.monotonic()
        res = run_cli(write_config(tmp_path, read_only.name, proxy.port, **LIVE_RETRIES), timeout=90)
        elapsed = time.monotonic() - started
    finally:
        proxy.stop()
    print(f"read-only wiki: {len(proxy.records)} requests, {elapsed:.1f}s, exit {res.returncode}")
    assert res.returncode == EXIT_FAILED, res.stderr
    last = last_error_line(res)
    assert "read-only" in last and REASON in last, last
    assert "Traceback" not in res.stderr
    # Startup reads siteinfo and userinfo, then the run asks once whether the wiki takes edits.
    assert len(proxy.records) <= 8, [(r.action, r.params.get("meta")) for r in proxy.records]
    assert not [r for r in proxy.records if r.action in ("login", "edit", "protect")]
    assert elapsed < 30
    assert comparable(page_states(read_only)) == comparable(before)

"""A page the wiki refuses is reported, and every other page is still saved.

The refusal is MediaWiki's own: ``$wgMaxArticleSize`` is lowered for this module's wiki, so one
mentor's dashboard (many mentees) is over the limit and another's (two mentees) is not.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from wikiseed import UserSpec, Wiki

from bot.core.settings import Settings
from bot.ops.memory import RunMemory
from tests.integration.botrun import run_bot, seed_assignments
from tests.integration.wikiconfig import extra_settings
from tests.integration.wikipages import exists, page_text

pytestmark = pytest.mark.wiki
MAX_KB = 16
BIG, SMALL = "Crowded Mentor", "Quiet Mentor"
MENTEES = {BIG: [f"Crowded Mentee {i:03d}" for i in range(90)], SMALL: ["Quiet Mentee 1", "Quiet Mentee 2"]}
GADGET = Path(__file__).resolve().parents[2] / "gadget"


def over_the_limit_code_pages() -> list[str]:
    """The workspace's code pages (docs/GADGET.md) this wiki refuses too: their source alone is
    over the lowered limit, so they are refused like the big dashboard, and reported the same way."""
    s = Settings()
    pages = {s.gadget_code_page: "mentor-dashboard.js", s.gadget_style_page: "mentor-dashboard.css"}
    return [f"User:MentorBot/{t}" for t, f in pages.items() if (GADGET / f).stat().st_size > MAX_KB * 1024]


@pytest.fixture(scope="module")
def small_limit(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    wiki = Wiki(str(fresh_wiki["name"]))
    ago = datetime.now(UTC) - timedelta(days=3)
    ids = wiki.create_users(
        [UserSpec(n, registered=ago) for n in [BIG, SMALL, *MENTEES[BIG], *MENTEES[SMALL]]]
    )
    wiki.admin().edit("Project:Mentorship/Mentors", f"* [[User:{BIG}]]\n* [[User:{SMALL}]]")
    seed_assignments({m: [ids[n] for n in names] for m, names in MENTEES.items()})
    limit = MAX_KB * 1024
    with extra_settings(wiki, f"$wgMaxArticleSize = {MAX_KB};", lambda g: g.get("maxarticlesize") == limit):
        yield wiki


def test_a_refused_dashboard_is_reported_and_the_others_are_saved(small_limit: Wiki, tmp_path: Path) -> None:
    memory = RunMemory(tmp_path / "state.sqlite3")
    try:
        report, _ = run_bot(memory=memory)
        refused = [f"User:{BIG}/Mentor dashboard", *over_the_limit_code_pages()]
        assert sorted(o.title for o in report.refused) == sorted(refused)
        assert set(refused) <= {p.where for p in report.problems}  # each one named on the status page
        [problem] = [p for p in report.problems if p.where == f"User:{BIG}/Mentor dashboard"]
        assert "contenttoobig" in problem.message
        assert exists(small_limit, f"User:{SMALL}/Mentor dashboard")
        assert exists(small_limit, "Project:Mentorship/Dashboards")
        assert not exists(small_limit, f"User:{BIG}/Mentor dashboard")
        # The status page tells the operator, and the next run retries every page.
        assert "contenttoobig" in page_text(small_limit, "User:MentorBot/Status")
        assert memory.get("last_full_day") == ""
    finally:
        memory.close()

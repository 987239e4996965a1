"""Every page the bot writes respects the wiki's bot-exclusion rules, by pywikibot's reading.

``{{nobots}}`` and the templates a family lists as ``edit_restricted_templates`` ("In use" on
the English Wikipedia, "Pracuje se" on the Czech one) keep the bot off a page: a dashboard, and
a newcomer's talk page where a welcome would go. The family list is set here on the live family
object, as a family file declares it; MediaWiki itself says which templates a page uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from wikiseed import UserSpec, Wiki

from bot.core.settings import Settings
from bot.model.page import PageAction
from bot.publish.funnel import bot_may_edit
from tests.integration.botrun import logged_in_site, run_bot
from tests.integration.wikipages import page_text, text_if_exists

pytestmark = pytest.mark.wiki
MENTOR, PAUSED = "Exclusion Mentor", "Paused Mentor"
NOBOTS, IN_USE, OPEN = "Nobots Newcomer", "In Use Newcomer", "Open Newcomer"
TALK = {NOBOTS: "{{nobots}}\nNo bots here, please.", IN_USE: "{{In use}}\nBeing rewritten right now."}
PAUSED_DASHBOARD = f"User:{PAUSED}/Mentor dashboard"
IN_USE_TEXT = "{{In use}}\nAn admin is fixing this page."


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    old, new = datetime.now(UTC) - timedelta(days=400), datetime.now(UTC) - timedelta(hours=3)
    w.create_users(
        [UserSpec(m, registered=old, editcount=600) for m in (MENTOR, PAUSED)]
        + [UserSpec(n, registered=new) for n in (NOBOTS, IN_USE, OPEN)]
    )
    admin = w.admin()
    for name, text in TALK.items():
        admin.edit(f"User talk:{name}", text)
    admin.edit(PAUSED_DASHBOARD, IN_USE_TEXT)
    admin.edit(
        "Project:Mentorship/Mentors",
        f"{{{{Mentor list entry|user={MENTOR}|weight=2}}}}\n"
        f"{{{{Mentor list entry|user={PAUSED}|weight=0}}}}\n",
    )
    yield w


@pytest.fixture
def in_use_restricted(monkeypatch: pytest.MonkeyPatch) -> None:
    family = logged_in_site().family
    monkeypatch.setattr(family, "edit_restricted_templates", {"en": ("In use",)}, raising=False)


def test_the_in_use_template_restricts_only_when_the_family_says_so(wiki: Wiki) -> None:
    site = logged_in_site()
    assert bot_may_edit(site, PAUSED_DASHBOARD, IN_USE_TEXT)
    family = site.family
    family.edit_restricted_templates = {"en": ("In use",)}
    try:
        assert not bot_may_edit(site, PAUSED_DASHBOARD, IN_USE_TEXT)
    finally:
        del family.edit_restricted_templates
    assert not bot_may_edit(site, f"User talk:{NOBOTS}", TALK[NOBOTS])


def test_excluded_pages_are_skipped_and_reported_and_the_rest_is_written(
    wiki: Wiki, in_use_restricted: None
) -> None:
    report, _ = run_bot(Settings(welcome_message=True, assignment_seed=3))
    actions = {o.title: o.action for o in report.outcomes}
    assert actions[PAUSED_DASHBOARD] is PageAction.SKIPPED_NOBOTS
    assert page_text(wiki, PAUSED_DASHBOARD) == IN_USE_TEXT
    assert any(p.where == PAUSED_DASHBOARD for p in report.problems)
    assert actions[f"User:{MENTOR}/Mentor dashboard"] is PageAction.CREATED
    # All three newcomers got the mentor who takes new mentees; only the open talk page a welcome.
    for name, text in TALK.items():
        assert page_text(wiki, f"User talk:{name}") == text
    welcome = text_if_exists(wiki, f"User talk:{OPEN}")
    assert welcome is not None and "mentor-dashboard-notice welcome:" in welcome
    dashboard = page_text(wiki, f"User:{MENTOR}/Mentor dashboard")
    assert all(f"[[User:{n}|" in dashboard for n in (NOBOTS, IN_USE, OPEN))

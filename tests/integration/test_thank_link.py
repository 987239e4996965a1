"""A thank in one click: the "latest edits" lines link Special:Thanks only where the wiki has Thanks.

Two real wikis: the session's, which has no Thanks extension, and one with MediaWiki's bundled
Echo and Thanks loaded (1.43 only: the 1.39 package bundles neither). The same mentor and mentee
are seeded on each; the revision ids expected come from the wiki's answers to the mentee's edits.
The Echo wiki also shows that the mentor's opt-in message reaches them as a notification.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import localwiki
import pytest
from pywikibot import config as pwb_config
from wikiseed import UserSpec, Wiki

from bot.model.assignment import day_number
from tests.integration.botrun import run_bot, save_assignment_pages, seed_assignments, site_of

pytestmark = pytest.mark.wiki

MW = os.environ.get("MW") or localwiki.DEFAULT_MW
MENTOR, MENTEE = "Thanking Mentor", "Thanked Mentee"
THANKS_WIKI = "mdthanks"
DASHBOARD = f"User:{MENTOR}/Mentor dashboard"


def seed(wiki: Wiki, assign: Callable[[Mapping[str, list[int]]], None]) -> list[int]:
    """The mentor, the mentee and two edits of the mentee's; their revision ids, newest first."""
    now = datetime.now(UTC)
    ids = wiki.create_users(
        [
            UserSpec(MENTOR, registered=now - timedelta(days=300)),
            UserSpec(MENTEE, registered=now - timedelta(days=3)),
        ]
    )
    wiki.admin().edit("Project:Mentorship/Mentors", f"* [[User:{MENTOR}]]\n")
    assign({MENTOR: [ids[MENTEE]]})
    session = wiki.session_for(MENTEE)
    first = session.edit("Sandbox of a newcomer", "A first draft.")
    second = session.edit(f"User:{MENTEE}", "Hello.")
    return [second, first]


def dashboard_text(wiki: Wiki) -> str:
    res = wiki.api(action="query", prop="revisions", titles=DASHBOARD, rvprop="content", rvslots="main")
    return str(res["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"])


def test_without_thanks_the_latest_edits_have_no_thank_link(fresh_wiki: dict[str, Any]) -> None:
    wiki = Wiki(str(fresh_wiki["name"]))
    revids = seed(wiki, seed_assignments)
    run_bot()
    text = dashboard_text(wiki)
    assert all(f"[[Special:Diff/{r}|" in text for r in revids)  # the lines are there
    assert "Special:Thanks" not in text


@pytest.fixture(scope="module")
def thanks_wiki() -> Iterator[Wiki]:
    if not localwiki.bundled(MW, "Thanks"):
        pytest.skip(f"MediaWiki {MW}'s package bundles no Thanks extension")
    localwiki.create(THANKS_WIKI, MW, "en", force=True)
    localwiki.enable_extensions(THANKS_WIKI, ["Thanks"])
    localwiki.start(THANKS_WIKI)
    pwb_config.family_files[THANKS_WIKI] = str(localwiki.FAMILIES / f"{THANKS_WIKI}_family.py")
    try:
        yield Wiki(THANKS_WIKI)
    finally:
        localwiki.stop(THANKS_WIKI, quiet=True)


def test_with_thanks_every_latest_edit_links_its_thank_form(thanks_wiki: Wiki) -> None:
    site = site_of(THANKS_WIKI)
    today = day_number(datetime.now(UTC).date())
    revids = seed(
        thanks_wiki,
        lambda mentees: save_assignment_pages(
            {m: dict.fromkeys(ids, today) for m, ids in mentees.items()}, site=site
        ),
    )
    report, _ = run_bot(site=site)
    assert DASHBOARD in {o.title for o in report.changed}
    text = dashboard_text(thanks_wiki)
    assert all(f"[[Special:Thanks/{r}|thank]]" in text for r in revids)
    # Thanks' own special page answers the link: MediaWiki renders it as a known (blue) link.
    html = thanks_wiki.api(action="parse", page=DASHBOARD, prop="text")["parse"]["text"]
    for r in revids:
        assert f'title="Special:Thanks/{r}"' in html
        assert f'class="new" title="Special:Thanks/{r}' not in html


def test_the_mentor_s_message_reaches_them_as_an_echo_notification(thanks_wiki: Wiki) -> None:
    """Posting on the talk page is how the mentor is told: Echo turns it into a notification."""
    thanks_wiki.session_for(MENTOR).edit(f"User:{MENTOR}/Mentor dashboard.json", '{"notify": "daily"}')
    thanks_wiki.admin().block(MENTEE, expiry="1 week", reason="test")  # now something waits on the mentor
    report, _ = run_bot(site=site_of(THANKS_WIKI))
    assert report.pings == [f"User talk:{MENTOR}"]
    got = thanks_wiki.session_for(MENTOR).get(action="query", meta="notifications", notprop="list")
    seen = {
        (n["type"], n["agent"]["name"], n["title"]["full"]) for n in got["query"]["notifications"]["list"]
    }
    assert ("edit-user-talk", localwiki.BOT_USER, f"User talk:{MENTOR}") in seen

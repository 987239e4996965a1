"""Issue 22 on a real wiki: a mentee's new pages tagged, nominated, deleted and moved, a mentee
nobody has greeted, and mentees ready to graduate or to mentor.

Everything is seeded through MediaWiki itself: the mentee's own edits, and an admin's
``action=delete`` and ``action=move``. The expected alerts, log ids and links are computed from
what was seeded, and a page the mentee merely edited, or created and left alone, raises none.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from wikiseed import UserSpec, Wiki

from bot.core.settings import Settings
from bot.render.i18n import Messages
from tests.integration.botrun import run_bot, seed_assignments
from tests.integration.wikipages import page_text

pytestmark = pytest.mark.wiki

NOW = datetime.now(UTC)
MENTOR = "Mentor Fate"
MAKER = "Page Maker"
LONELY = "Lonely One"
VETERAN = "Veteran Mentee"  # 600 edits, 40 days: ready to graduate (GrowthExperiments: 500, 30)
OLD_HAND = "Old Hand"  # 600 edits, 120 days: meets the mentor rules (500 edits, 90 days)
DASHBOARD = f"User:{MENTOR}/Mentor dashboard"
WELCOME = f"User:{MENTOR}/Mentor dashboard/Welcome"
# A reason as hostile as a log comment gets: it must come out as plain text.
REASON = "Spam [[Category:Y]] {{x}} <b>bold</b> ''i'' ~~~~"
EN = Messages.load("en")


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


@dataclass(frozen=True)
class Seeded:
    wiki: Wiki
    delete_logid: int
    moved_to: str
    discussion: str


def logid(wiki: Wiki, kind: str, title: str) -> int:
    res = wiki.api(action="query", list="logevents", letype=kind, letitle=title, lelimit=1)
    return int(res["query"]["logevents"][0]["logid"])


@pytest.fixture(scope="module")
def seeded(fresh_wiki: dict[str, Any]) -> Iterator[Seeded]:
    wiki = Wiki(str(fresh_wiki["name"]))
    ids = wiki.create_users(
        [
            UserSpec(MENTOR, registered=ago(900)),
            UserSpec(MAKER, registered=ago(5)),
            UserSpec(LONELY, registered=ago(3)),
            UserSpec(VETERAN, registered=ago(40), editcount=600),
            UserSpec(OLD_HAND, registered=ago(120), editcount=600),
        ]
    )
    for n in (VETERAN, OLD_HAND):  # a live edit keeps the counter (an import recounts it)
        wiki.session_for(n).edit(f"Sandbox/{n}", "an edit this week")
    admin, maker = wiki.admin(), wiki.session_for(MAKER)
    admin.edit("Someone Else's Page", "written by the admin")
    maker.edit("Someone Else's Page", "written by the admin, touched up by the mentee")  # merely edited
    maker.edit("Plain New Page", "a page nobody objects to")
    maker.edit("Tagged Page", "{{Speedy deletion|reason}} text")
    maker.edit("Categorised Page", "text [[Category:Candidates for speedy deletion]]")
    maker.edit("Nominated Page", "{{AfD}} text")
    maker.edit("Deleted Page", "to be deleted")
    maker.edit("Moved Page", "to be draftified")
    admin.post(action="delete", title="Deleted Page", reason=REASON, token=admin.token())
    moved_to = f"User:{MAKER}/Moved Page"
    admin.post(
        action="move", **{"from": "Moved Page"}, to=moved_to, noredirect=1,
        reason="not ready", token=admin.token(),
    )  # fmt: skip
    admin.new_section(f"User talk:{MAKER}", "Welcome", "Hello and welcome! ~~~~")  # greeted
    wiki.session_for(LONELY).edit(f"User talk:{LONELY}", "My own notes")  # only themselves
    wiki.session_for(MENTOR).edit(WELCOME, "Welcome to the wiki! ~~~~")
    admin.edit("Project:Mentorship/Mentors", f"* [[User:{MENTOR}]] | Ask me anything\n")
    wiki.run_jobs()
    seed_assignments({MENTOR: [ids[n] for n in (MAKER, LONELY, VETERAN, OLD_HAND)]})
    discussion = Settings().deletion_discussion_page.replace("$1", "Nominated Page")
    yield Seeded(wiki, logid(wiki, "delete", "Deleted Page"), moved_to, discussion)


@pytest.fixture(scope="module")
def dashboard(seeded: Seeded) -> str:
    report, _ = run_bot(Settings())
    assert DASHBOARD in {o.title for o in report.changed}, report.problems
    return page_text(seeded.wiki, DASHBOARD)


@dataclass(frozen=True)
class Parsed:
    """The saved dashboard as MediaWiki renders it: where its links really go."""

    html: str
    links: frozenset[str]  # wiki pages linked, as MediaWiki resolved them


@pytest.fixture(scope="module")
def parsed(seeded: Seeded, dashboard: str) -> Parsed:
    res = seeded.wiki.api(action="parse", page=DASHBOARD, prop="text|links")["parse"]
    return Parsed(res["text"], frozenset(link["title"] for link in res["links"]))


def canonical(wiki: Wiki, title: str) -> str:
    return str(wiki.api(action="query", titles=title)["query"]["pages"][0]["title"])


def needs_block(text: str) -> str:
    m = re.search(r'<div class="mentor-dashboard-needs-you".*?</div>', text, re.S)
    assert m, "no 'needs you now' block"
    return m.group(0)


def lines_about(block: str, title: str) -> list[str]:
    return [ln for ln in block.splitlines() if f"[[:{title}|" in html.unescape(ln)]


def test_a_tagged_page_is_an_alert_linking_the_page(dashboard: str, parsed: Parsed) -> None:
    block = needs_block(dashboard)
    for title in ("Tagged Page", "Categorised Page"):
        (line,) = lines_about(block, title)
        assert "tagged for deletion" in line and f"[[User:{MAKER}|" in html.unescape(line)
        assert title in parsed.links


def test_a_nominated_page_links_its_deletion_discussion(
    seeded: Seeded, dashboard: str, parsed: Parsed
) -> None:
    (line,) = lines_about(needs_block(dashboard), "Nominated Page")
    assert "nominated for deletion" in line
    assert f"[[:{seeded.discussion}|" in html.unescape(line)
    assert canonical(seeded.wiki, seeded.discussion) in parsed.links


def test_a_deleted_page_links_its_log_entry_and_shows_the_reason_as_text(
    seeded: Seeded, dashboard: str, parsed: Parsed
) -> None:
    (line,) = lines_about(needs_block(dashboard), "Deleted Page")
    assert f"[[Special:Redirect/logid/{seeded.delete_logid}|" in line
    assert f'title="Special:Redirect/logid/{seeded.delete_logid}"' in parsed.html
    # The reason is there, every character of it escaped: no link, template, tag or signature.
    shown = re.search(r"Reason: <bdi>(.*)</bdi>", line)
    assert shown and html.unescape(shown.group(1)) == REASON
    assert not re.search(r"\[\[Category|\{\{x|<b>|~~~~", shown.group(1))


def test_a_page_moved_out_of_articles_links_where_it_went(
    seeded: Seeded, dashboard: str, parsed: Parsed
) -> None:
    (line,) = lines_about(needs_block(dashboard), "Moved Page")
    assert f"[[:{seeded.moved_to}|" in html.unescape(line)
    assert seeded.moved_to in parsed.links


def test_pages_merely_edited_or_left_alone_raise_nothing(dashboard: str) -> None:
    block = needs_block(dashboard)
    assert lines_about(block, "Someone Else's Page") == []
    assert lines_about(block, "Plain New Page") == []


ROW = re.compile(r"^\|-\n(.*?)(?=^\|-|^\|\})", re.M | re.S)


def attention_cells(text: str) -> dict[str, str]:
    """Mentee name → the table's first cell (flags, hints, notes), entities decoded."""
    out = {}
    for m in ROW.finditer(text):
        cells = m.group(1).strip().split("\n")
        name = re.search(r"\[\[User:([^|\]]+)\|", html.unescape(cells[1]))
        if name:
            out[name.group(1)] = html.unescape(cells[0])
    return out


def test_the_mentee_row_carries_one_flag_per_kind_of_alert(dashboard: str) -> None:
    cell = attention_cells(dashboard)[MAKER]
    for kind in ("deleted", "nominated", "tagged", "moved"):
        assert EN.texts[f"mentordashboard-flag-page-{kind}"] in cell, kind
    for other in (LONELY, VETERAN, OLD_HAND):
        assert "mentordashboard-flag-page" not in attention_cells(dashboard)[other]
        assert EN.texts["mentordashboard-flag-page-deleted"] not in attention_cells(dashboard)[other]


def test_a_mentee_nobody_spoke_to_is_marked_with_a_preloaded_new_section_link(
    dashboard: str, parsed: Parsed
) -> None:
    cells = attention_cells(dashboard)
    label = EN.texts["mentordashboard-flag-ungreeted"]
    assert label in cells[LONELY]
    assert label not in cells[MAKER]  # the admin wrote to them
    # Where the rendered link really goes: a new section on their talk page, preloaded.
    hrefs = [
        html.unescape(h) for h in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>' + label + "</a>", parsed.html)
    ]
    queries = [parse_qs(urlsplit(h).query) for h in hrefs]
    lonely = [q for q in queries if q.get("title") == [f"User_talk:{LONELY.replace(' ', '_')}"]]
    assert lonely and lonely[0]["section"] == ["new"] and lonely[0]["action"] == ["edit"]
    assert lonely[0]["preload"] == [WELCOME.replace(" ", "_")]


def test_graduation_and_mentor_hints_follow_the_thresholds(dashboard: str) -> None:
    cells = attention_cells(dashboard)
    assert EN.texts["mentordashboard-hint-graduate"] in cells[VETERAN]
    assert EN.texts["mentordashboard-hint-mentor"] in cells[OLD_HAND]
    assert not any(EN.texts[f"mentordashboard-hint-{h}"] in cells[MAKER] for h in ("graduate", "mentor"))
    block = needs_block(dashboard)
    assert f"[[User:{VETERAN}|" in html.unescape(block) and f"[[User:{OLD_HAND}|" in html.unescape(block)

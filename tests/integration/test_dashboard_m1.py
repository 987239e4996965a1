"""The vertical slice on a real wiki: mentor list → assignments → M1 → saved, protected dashboard.

Everything the assertions expect is computed from what this module seeds, never read back from
the bot's own output.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from wikiseed import ImportedEdit, UserSpec, Wiki

from bot.core.settings import Settings
from bot.render.i18n import Messages
from bot.run import RunReport
from tests.integration.botrun import run_bot, seed_assignments
from tests.integration.wikipages import page_text

pytestmark = pytest.mark.wiki

NOW = datetime.now(UTC)
MENTOR = "Mentor Alice"
OTHER_MENTOR = "Mentor Bob"
# MediaWiki refuses names holding "~~~", "=", ":", "__" or link syntax; this is as hostile
# as a real account name gets. Messages and section titles carry the rest (other modules' tests).
HOSTILE = "Evil '''x''' ~~ ISBN 9780000000000 *;! RFC 123 ---- http.e.com"
HOSTILE_MESSAGE = (
    "~~~~ {{x}} [[Category:X]] </nowiki> | __NOTOC__ ''i'' [http://e.com x] <b>b</b> {{PAGENAME}}"
)
# Saving wikitext expands "~~~~" into a signature, so the mentor list can't hold one; JSON pages can.
LIST_MESSAGE = HOSTILE_MESSAGE.replace("~~~~ ", "")
BULK = 115  # new accounts without edits: enough to spill over onto /Mentees


@dataclass(frozen=True)
class Seeded:
    """What was seeded for one mentee, in the terms the dashboard reports."""

    name: str
    edits: int
    edits_30d: int
    reverted: int
    blocked_now: bool
    block_count: int
    listed: bool


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


@pytest.fixture(scope="module")
def seeded(fresh_wiki: dict[str, Any]) -> Iterator[tuple[Wiki, dict[str, Seeded]]]:
    wiki = Wiki(str(fresh_wiki["name"]))
    specs = [
        UserSpec(MENTOR, registered=days_ago(900)),
        UserSpec(OTHER_MENTOR, registered=days_ago(900)),
        UserSpec("Active One", registered=days_ago(60)),
        UserSpec("Fresh NoEdits", registered=days_ago(3)),
        UserSpec("Old Inactive", registered=days_ago(400)),
        UserSpec("Quiet Since Signup", registered=days_ago(30)),
        UserSpec("Indef Blocked", registered=days_ago(20)),
        UserSpec("Week Blocked", registered=days_ago(20)),
        UserSpec("Reverted Newbie", registered=days_ago(10)),
        UserSpec("Bot Mentee", registered=days_ago(10), groups=("bot",)),
        UserSpec(HOSTILE, registered=days_ago(5)),
        *[UserSpec(f"Bulk {i:03d}", registered=days_ago(1 + i % 10)) for i in range(BULK)],
    ]
    ids = wiki.create_users(specs)
    edits = [
        *[ImportedEdit(f"Sandbox/A{i}", "Active One", days_ago(2 + i), f"a{i}") for i in range(5)],
        *[ImportedEdit(f"Sandbox/B{i}", "Active One", days_ago(40 + 10 * i), f"b{i}") for i in range(3)],
        ImportedEdit("Sandbox/Old", "Old Inactive", days_ago(200), "old"),
        ImportedEdit("Sandbox/I", "Indef Blocked", days_ago(5), "i"),
        ImportedEdit("Sandbox/W", "Week Blocked", days_ago(5), "w"),
        ImportedEdit("Sandbox/Bot", "Bot Mentee", days_ago(1), "bot"),
        ImportedEdit("Sandbox/H", HOSTILE, days_ago(1), "h"),
    ]
    wiki.import_edits(edits)
    # A live edit that the admin undoes: MediaWiki tags it mw-reverted once the jobs have run.
    wiki.admin().edit("Sandbox/R", "base text")
    revid = wiki.session_for("Reverted Newbie").edit("Sandbox/R", "a reverted edit", summary="test")
    wiki.admin().undo("Sandbox/R", revid)
    wiki.run_jobs()
    admin = wiki.admin()
    admin.block("Indef Blocked", expiry="infinite", reason="test")
    admin.block("Week Blocked", expiry="1 week", reason="test")
    admin.edit(
        "Project:Mentorship/Mentors",
        f"Mentors of this wiki.\n* [[User:{MENTOR}]] | Ask me anything\n"
        f"* [[User:{OTHER_MENTOR}]] | {LIST_MESSAGE}\n",
    )
    # A mentor's own settings page overrides the list's message (ARCHITECTURE §6.3).
    wiki.session_for(MENTOR).edit(
        f"User:{MENTOR}/Mentor dashboard.json", json.dumps({"message": HOSTILE_MESSAGE + " (own)"})
    )

    mentees = [s.name for s in specs[2:]]
    seed_assignments({MENTOR: [ids[n] for n in mentees]})

    def s(name: str, edits: int, e30: int, listed: bool, **kw: Any) -> Seeded:
        return Seeded(
            name,
            edits,
            e30,
            kw.get("reverted", 0),
            kw.get("blocked_now", False),
            kw.get("block_count", 0),
            listed,
        )

    expected = {
        x.name: x
        for x in [
            s("Active One", 8, 5, True),
            s("Fresh NoEdits", 0, 0, True),
            s("Old Inactive", 1, 0, False),
            s("Quiet Since Signup", 0, 0, False),
            s("Indef Blocked", 1, 1, False, blocked_now=True, block_count=1),
            s("Week Blocked", 1, 1, True, blocked_now=True, block_count=1),
            s("Reverted Newbie", 1, 1, True, reverted=1),
            s("Bot Mentee", 1, 1, False),
            s(HOSTILE, 1, 1, True),
            *[s(f"Bulk {i:03d}", 0, 0, True) for i in range(BULK)],
        ]
    }
    yield wiki, expected


@pytest.fixture(scope="module")
def first_run(seeded: tuple[Wiki, dict[str, Seeded]]) -> RunReport:
    report, _ = run_bot(Settings())
    return report


def dashboard_title(mentor: str) -> str:
    return f"User:{mentor}/Mentor dashboard"


ROW = re.compile(r"^\|-\n(.*?)(?=^\|-|^\|\})", re.M | re.S)


def table_rows(text: str) -> dict[str, list[str]]:
    """Mentee name → cell texts, read from the saved wikitext with entities decoded."""
    rows = {}
    for m in ROW.finditer(text):
        cells = [c.split(" | ", 1)[-1].strip() for c in m.group(1).strip().split("\n")]
        name = html.unescape(re.sub(r"^.*?\[\[User:([^|\]]+)\|.*$", r"\1", cells[1]))
        rows[name] = [html.unescape(c) for c in cells]
    return rows


EN = Messages.load("en")
NOTE = re.compile(r"reverted: \{\{formatnum:(\d+)\}\}")


def number(cell: str) -> int:
    return int(re.sub(r"\D", "", cell.replace("{{formatnum:", "")) or 0)


def test_dashboard_is_created_for_every_listed_mentor(seeded: Any, first_run: RunReport) -> None:
    created = {o.title for o in first_run.outcomes if o.action == "created"}
    assert {dashboard_title(MENTOR), dashboard_title(OTHER_MENTOR)} <= created


def test_dashboard_and_subpages_are_protected_for_sysops(seeded: Any, first_run: RunReport) -> None:
    wiki, _ = seeded
    titles = [dashboard_title(MENTOR), dashboard_title(MENTOR) + "/Mentees"]
    res = wiki.api(action="query", prop="info", inprop="protection", titles="|".join(titles))
    for page in res["query"]["pages"]:
        levels = {(p["type"], p["level"]) for p in page["protection"]}
        assert {("edit", "sysop"), ("move", "sysop")} <= levels, page["title"]


def test_dashboard_lists_exactly_the_active_mentees_with_their_figures(
    seeded: Any, first_run: RunReport
) -> None:
    wiki, expected = seeded
    rows = table_rows(page_text(wiki, dashboard_title(MENTOR)))
    rows.update(table_rows(page_text(wiki, dashboard_title(MENTOR) + "/Mentees")))
    assert set(rows) == {n for n, e in expected.items() if e.listed}
    for name, row in rows.items():
        e = expected[name]
        # columns: attention (flags, then notes of reverted edits and blocks that no flag already
        # says), mentee, edits, edits since, questions, registered, last active (issue 20)
        assert number(row[2]) == e.edits, name
        assert number(row[3]) == e.edits_30d, name
        attention = row[0]
        note = NOTE.search(attention)
        flags = attention.split("</b>")[0] if "</b>" in attention else ""  # the bold labels, then notes
        reverted = EN.texts["mentordashboard-flag-reverted"] in flags
        assert (reverted or "reverted:" in attention) == (e.reverted > 0), name
        if "reverted:" in attention:
            assert note is not None and int(note.group(1)) == e.reverted, name
        blocked = any(EN.texts[f"mentordashboard-{k}"] in flags for k in ("flag-blocked", "blocked-now"))
        assert (blocked or "blocks:" in attention) == (e.block_count > 0), name
        assert (EN.texts["mentordashboard-blocked-now"] in flags) == e.blocked_now, name


def test_main_page_holds_100_rows_and_the_rest_go_to_mentees_subpage(
    seeded: Any, first_run: RunReport
) -> None:
    wiki, expected = seeded
    listed = sum(e.listed for e in expected.values())
    main = table_rows(page_text(wiki, dashboard_title(MENTOR)))
    sub = table_rows(page_text(wiki, dashboard_title(MENTOR) + "/Mentees"))
    assert len(main) == 100
    assert len(sub) == listed - 100


def test_most_recently_active_mentees_come_first(seeded: Any, first_run: RunReport) -> None:
    wiki, _ = seeded
    text = page_text(wiki, dashboard_title(MENTOR))
    dates = re.findall(
        r'^\| data-sort-value="(\d{4}-\d\d-\d\d)" style="white-space: nowrap;" \| [^\n]*$', text, re.M
    )
    last_active = dates[1::2]  # registered and last active alternate in each row
    assert last_active == sorted(last_active, reverse=True)


def test_hostile_username_injects_nothing_into_the_parsed_page(seeded: Any, first_run: RunReport) -> None:
    wiki, _ = seeded
    title = dashboard_title(MENTOR)
    parsed = wiki.api(
        action="parse", page=title, prop="templates|categories|externallinks|properties|links|text"
    )["parse"]
    assert parsed["templates"] == []
    assert parsed["categories"] == []
    assert parsed["externallinks"] == []
    assert "notoc" not in {p["name"] for p in parsed["properties"]}
    linked = {link["title"] for link in parsed["links"]}
    assert f"User:{HOSTILE}" in linked
    # The name shows as typed, and no magic word or signature took effect.
    saved = page_text(wiki, title)
    assert "[[User:MentorBot" not in saved and "__NOTOC__" not in saved
    assert HOSTILE in html.unescape(re.sub(r"<[^>]+>", "", parsed["text"]))


def test_request_count_is_far_below_one_per_mentee(seeded: Any, first_run: RunReport) -> None:
    _, expected = seeded
    _, gw = run_bot(Settings(), dry_run=True)
    assert gw.counts.reads < len(expected) / 5


def test_second_run_with_nothing_changed_makes_no_edits(seeded: Any, first_run: RunReport) -> None:
    report, gw = run_bot(Settings())
    assert gw.edits == 0
    assert gw.counts.writes == 0
    assert report.changed == []
    assert {o.action for o in report.outcomes} == {"unchanged"}


def test_a_new_edit_changes_only_that_mentors_dashboard(seeded: Any, first_run: RunReport) -> None:
    wiki, _ = seeded
    wiki.session_for("Fresh NoEdits").edit("Sandbox/New", "first edit")
    report, gw = run_bot(Settings())
    # The dashboard, and the workspace's data page of the same mentor (docs/GADGET.md).
    data = f"User:{wiki.info['bot']}/Dashboards/{MENTOR}.json"
    assert [o.title for o in report.changed] == [dashboard_title(MENTOR), data]
    assert gw.edits == 2


@pytest.mark.parametrize("mentor", [MENTOR, OTHER_MENTOR])
def test_hostile_intro_message_injects_nothing_into_the_parsed_page(
    seeded: Any, first_run: RunReport, mentor: str
) -> None:
    wiki, _ = seeded
    parsed = wiki.api(
        action="parse",
        page=dashboard_title(mentor),
        prop="templates|categories|externallinks|properties|links|text",
    )["parse"]
    assert parsed["templates"] == []
    assert parsed["categories"] == []
    assert parsed["externallinks"] == []
    assert "notoc" not in {p["name"] for p in parsed["properties"]}
    assert not any(link["title"].startswith("Template:") for link in parsed["links"])
    visible = html.unescape(re.sub(r"<[^>]+>", "", parsed["text"]))
    # Shown literally, as typed: Alice's from her settings JSON, Bob's from the mentor list.
    assert (HOSTILE_MESSAGE if mentor == MENTOR else LIST_MESSAGE) in visible
    saved = page_text(wiki, dashboard_title(mentor))
    assert "~~~~" not in saved and "[[User:MentorBot" not in saved

"""M7 praise, the "this week" digest and inactive mentors on a real wiki.

Every expectation is computed here from what this module seeds: imported edits with their
timestamps, live edits for revert and undo tags, thanks log entries, talk-page sections and
blocks. Nothing is copied from the bot's own output.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from botseed import logged_in_site
from wikiseed import ImportedEdit, Thank, UserSpec, Wiki

from bot.core.clock import week_start, window_start
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.render.i18n import Messages
from tests.integration.botrun import run_bot, save_assignment_pages
from tests.integration.wikipages import page_text

pytestmark = pytest.mark.wiki

NOW = datetime.now(UTC)
TODAY = NOW.date()
WEEK_START = week_start(NOW)  # the digest's week: the ISO week, from Monday
PRAISE_START = window_start(TODAY, Settings().praise_days)  # at least seven days, from a Monday
MENTOR = "Mentor Praise"
QUIET = "Mentor Quiet"
PRAISE_PAGE = f"User:{MENTOR}/Mentor dashboard/Praise"
# As hostile as MediaWiki lets a user name be; the edit summary carries the rest.
HOSTILE_NAME = "Evil '''x''' ~~ ISBN 9780000000000 *;! RFC 123 ---- http.e.com"
HOSTILE_SUMMARY = (
    "~~~~ {{x}} [[Category:X]] </nowiki> | __NOTOC__ ''i'' [http://e.com x] <b>b</b> == H == {{PAGENAME}}"
)
# The mentor's own rules: a lower edit ceiling than the wiki's 500, so "Veteran" is left out.
OWN_MAX_EDITS = 20


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


_shift = iter(range(1000))


def week_edits(user: str, n: int, prefix: str) -> list[ImportedEdit]:
    """N edits spread over the last four days: inside the week and the praise window at any hour.

    Each call is shifted by a few minutes, so no two seeded edits share a timestamp and the
    expected order is unambiguous.
    """
    shift = next(_shift) * 0.005
    return [ImportedEdit(f"{prefix}/{i}", user, ago(0.2 + 0.4 * i + shift), f"{user} {i}") for i in range(n)]


@dataclass
class Seeded:
    praise: list[str]  # expected M7 entries, most edits first
    edits: list[tuple[str, str]]  # expected digest lines (user, title), newest first
    first_edits: int
    new_mentees: int
    questions: int
    troubled: int
    hostile_revid: int


def yyyymmdd(d: date) -> int:
    return int(d.strftime("%Y%m%d"))


@pytest.fixture(scope="module")
def seeded(fresh_wiki: dict[str, Any]) -> Iterator[tuple[Wiki, Seeded]]:
    wiki = Wiki(str(fresh_wiki["name"]))
    mentees = {
        "Star": 20,  # registered days ago
        "Thanked Lately": 20,
        "Thanked Long Ago": 20,
        "Talked To": 20,
        "Few Edits": 20,
        "Veteran": 200,
        "Reverted Twice": 20,
        "Blocked": 20,
        "Warned": 20,
        "First Timer": 3,
        "Undoer": 20,
        HOSTILE_NAME: 20,
    }
    specs = [
        UserSpec(MENTOR, registered=ago(900)),
        UserSpec(QUIET, registered=ago(900)),
        UserSpec("Quiet Mentee", registered=ago(30)),
        *[UserSpec(n, registered=ago(d)) for n, d in mentees.items()],
    ]
    # No newusers log entries: the lifecycle must not hand these accounts out by itself.
    ids = wiki.create_users(specs, log=False)

    imported: list[ImportedEdit] = [
        *week_edits("Star", 10, "Star"),
        *week_edits("Thanked Lately", 9, "TL"),
        *week_edits("Thanked Long Ago", 9, "TLA"),
        *week_edits("Talked To", 9, "TT"),
        *week_edits("Few Edits", 5, "FE"),
        *week_edits("Veteran", 9, "V"),
        *[ImportedEdit(f"V/old{i}", "Veteran", ago(40 + i), "old") for i in range(OWN_MAX_EDITS)],
        *week_edits("Reverted Twice", 7, "RT"),
        *[
            ImportedEdit(f"RT/r{i}", "Reverted Twice", ago(0.05 + 0.01 * i), "r", tags=("mw-reverted",))
            for i in range(2)
        ],
        *week_edits("Blocked", 9, "B"),
        ImportedEdit("W/1", "Warned", ago(12), "w"),
        ImportedEdit("FT/1", "First Timer", ago(1), "first"),
        *week_edits(HOSTILE_NAME, 8, "H"),
        ImportedEdit("Quiet/1", "Quiet Mentee", ago(10), "q"),
    ]
    wiki.import_edits(imported)

    # Live edits: an undo by a mentee (tagged mw-undo) with a hostile summary, after the imports.
    admin = wiki.admin()
    admin.edit("Sandbox/U", "one")
    admin.edit("Sandbox/U", "two")
    hostile_revid = wiki.session_for("Undoer").undo(
        "Sandbox/U", wiki.last_revid("Sandbox/U"), summary=HOSTILE_SUMMARY
    )
    admin.block("Blocked", expiry="1 week", reason="test")
    admin.edit("User talk:Warned", "{{uw-test1}} Please stop. ~~~~")
    wiki.session_for(MENTOR).new_section("User talk:Talked To", "Well done", "Nice work!")
    wiki.session_for("Few Edits").new_section(f"User talk:{MENTOR}", "How do I cite?", "Help please")
    wiki.session_for(MENTOR).edit(PRAISE_PAGE, "Thank you for your edits this week!")
    wiki.session_for(MENTOR).edit(
        f"User:{MENTOR}/Mentor dashboard.json", json.dumps({"praise": {"max_edits": OWN_MAX_EDITS}})
    )
    wiki.add_thanks(
        [
            Thank(MENTOR, "Thanked Lately", ago(5)),
            Thank(MENTOR, "Thanked Long Ago", ago(45)),
            Thank(QUIET, "Star", ago(1)),  # thanks from someone else do not count as this mentor's
        ]
    )
    wiki.run_jobs()
    admin.edit(
        "Project:Mentorship/Mentors",
        f"* [[User:{MENTOR}]] | Ask me anything\n* [[User:{QUIET}]] | I am here\n",
    )
    week_old = yyyymmdd(TODAY - timedelta(days=20))
    assigned = {ids[n]: (yyyymmdd(TODAY) if n in ("First Timer", "Star") else week_old) for n in mentees}
    # Assignment pages with chosen days, so "new this week" has something to tell apart.
    save_assignment_pages({MENTOR: assigned, QUIET: {ids["Quiet Mentee"]: week_old}})

    # What the bot should find, from the lists above.
    by_user: dict[str, list[ImportedEdit]] = {}
    for e in imported:
        by_user.setdefault(e.user, []).append(e)
    week_counts = {
        u: sum(1 for e in es if e.timestamp >= PRAISE_START) for u, es in by_user.items() if u in mentees
    }
    reverted = {"Reverted Twice": 2}
    praised = {"Thanked Lately", "Talked To"}  # thanked 5 days ago; a section posted today
    praise = sorted(
        (
            u
            for u, n in week_counts.items()
            if n >= 8
            and len(by_user[u]) < OWN_MAX_EDITS
            and reverted.get(u, 0) <= 1
            and u != "Blocked"
            and u not in praised
        ),
        key=lambda u: (-week_counts[u], u),
    )
    lines = [(e.user, e.title) for e in imported if e.user in mentees]
    lines += [("Undoer", "Sandbox/U"), ("Few Edits", f"User talk:{MENTOR}")]  # live, in this order
    times = {(e.user, e.title): e.timestamp for e in imported}
    times[("Undoer", "Sandbox/U")] = NOW
    times[("Few Edits", f"User talk:{MENTOR}")] = NOW + timedelta(seconds=1)
    lines.sort(key=lambda ut: times[ut], reverse=True)
    first = [u for u, es in by_user.items() if u in mentees and min(e.timestamp for e in es) >= WEEK_START]
    yield (
        wiki,
        Seeded(
            praise=praise,
            edits=lines[:20],
            first_edits=len(first) + 1,  # and Undoer, whose only edit is today's undo
            new_mentees=2,
            questions=1,
            troubled=2,  # Blocked (block log), Warned (warning on a talk page edited today)
            hostile_revid=hostile_revid,
        ),
    )


def dashboard(mentor: str) -> str:
    return f"User:{mentor}/Mentor dashboard"


def section(text: str, heading: str) -> str:
    m = re.search(rf"^==+ {re.escape(heading)} ==+\n(.*?)(?=^== |\Z)", text, re.M | re.S)
    assert m, heading
    return m.group(1)


@pytest.fixture(scope="module")
def first_run(seeded: tuple[Wiki, Seeded]) -> tuple[Any, Gateway]:
    return run_bot(Settings(inactive_away_days=60))


def test_praise_lists_exactly_the_mentees_the_rules_pick(seeded: Any, first_run: Any) -> None:
    wiki, expected = seeded
    praise = section(page_text(wiki, dashboard(MENTOR)), "Praise")
    found = [html.unescape(n) for n in re.findall(r"^\* \[\[User talk:([^|\]]+)\|", praise, re.M)]
    assert found == expected.praise


def test_praise_links_open_a_new_section_preloaded_with_the_mentors_message(
    seeded: Any, first_run: Any
) -> None:
    wiki, expected = seeded
    # Links to the wiki's own server are not listed as external links ($wgRegisterInternalExternals),
    # so read them from the HTML.
    parsed = wiki.api(action="parse", page=dashboard(MENTOR), prop="text")["parse"]
    targets = {}
    # Only the praise links: "not yet greeted" flags open new sections too (issue 22).
    label = re.escape(Messages.load("en").texts["mentordashboard-praise-link"])
    for url in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>' + label + "</a>", parsed["text"]):
        q = parse_qs(urlsplit(html.unescape(url)).query)
        if q.get("section") == ["new"]:
            targets[unquote(q["title"][0]).replace("_", " ")] = q.get("preload", [""])[0].replace("_", " ")
    assert set(targets) == {f"User talk:{n}" for n in expected.praise}
    assert set(targets.values()) == {PRAISE_PAGE}


def test_digest_counts_match_what_was_seeded(seeded: Any, first_run: Any) -> None:
    wiki, expected = seeded
    digest = section(page_text(wiki, dashboard(MENTOR)), "This week")

    def count(words: str) -> int:
        m = re.search(r"\{\{formatnum:(\d+)\}\}[^\n]*" + words, digest)
        assert m, words
        return int(m.group(1))

    assert count("new") == expected.new_mentees
    assert count("first edit") == expected.first_edits
    assert count("question") == expected.questions
    assert count("blocked or warned") == expected.troubled


def test_digest_lists_the_last_20_edits_newest_first_with_diff_links(seeded: Any, first_run: Any) -> None:
    wiki, expected = seeded
    digest = section(page_text(wiki, dashboard(MENTOR)), "This week")
    lines = re.findall(r"^\* [\d-]+ [\d:]+ · \[\[User:([^|\]]+)\|[^\n]*?\[\[:([^|\]]+)\|", digest, re.M)
    assert [(html.unescape(u), html.unescape(t)) for u, t in lines] == expected.edits
    assert len(re.findall(r"\[\[Special:Diff/\d+\|", digest)) == 20


def test_reverted_and_undo_edits_are_marked(seeded: Any, first_run: Any) -> None:
    wiki, expected = seeded
    digest = section(page_text(wiki, dashboard(MENTOR)), "This week")
    undo = next(line for line in digest.split("\n") if f"Special:Diff/{expected.hostile_revid}|" in line)
    assert "{{int:tag-mw-undo}}" in undo
    reverted = [line for line in digest.split("\n") if "RT/r" in line]
    assert reverted and all("'''reverted'''" in line for line in reverted)


def test_hostile_edit_summary_and_name_inject_nothing(seeded: Any, first_run: Any) -> None:
    wiki, _ = seeded
    parsed = wiki.api(
        action="parse",
        page=dashboard(MENTOR),
        prop="templates|categories|externallinks|properties|sections|text",
    )["parse"]
    assert parsed["templates"] == []
    assert parsed["categories"] == []
    assert "notoc" not in {p["name"] for p in parsed["properties"]}
    assert "H" not in {s["line"] for s in parsed["sections"]}
    assert not [u for u in parsed["externallinks"] if "e.com" in u]
    visible = html.unescape(re.sub(r"<[^>]+>", "", parsed["text"]))
    assert f"({HOSTILE_SUMMARY})" in visible
    assert HOSTILE_NAME in visible
    saved = page_text(wiki, dashboard(MENTOR))
    assert "~~~~" not in saved and "[[User:MentorBot" not in saved


def visible_rows(wiki: Wiki, title: str) -> dict[str, str]:
    """First cell's text → the row's text, from the page as MediaWiki renders it."""
    text = wiki.api(action="parse", page=title, prop="text")["parse"]["text"]
    out = {}
    for row in text.split("<tr")[1:]:
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in row.split("<td")[1:]]
        if cells:
            out[cells[0].split(" (")[0].split(">", 1)[-1].strip()] = " | ".join(cells)
    return out


def test_a_quiet_mentor_is_away_on_the_index_dashboard_and_status_page(seeded: Any, first_run: Any) -> None:
    wiki, _ = seeded
    rows = visible_rows(wiki, "Project:Mentorship/Dashboards")
    assert "no edits in the last 60 days: no new mentees" in rows[QUIET]
    assert "no edits" not in rows[MENTOR]
    assert "not edited in the last {{formatnum:60}}" in page_text(wiki, dashboard(QUIET))
    status = html.unescape(page_text(wiki, "User:MentorBot/Status"))
    assert f"User:{QUIET}</bdi>]]: no edits in the last 60 days: treated as away" in status


def test_engagement_costs_a_handful_of_requests_and_none_per_mentee(seeded: Any, first_run: Any) -> None:
    _, without = run_bot(Settings(praise_enabled=False), dry_run=True)
    _, with_all = run_bot(Settings(inactive_away_days=60), dry_run=True)
    extra = with_all.counts.reads - without.counts.reads
    # talk-page contact (1) + thanks given by the one mentor with candidates left (1)
    # + mentors' last edits (1); the praise pages ride on an existing query.
    assert extra <= 3, with_all.counts.summary()


def test_second_run_changes_nothing(seeded: Any, first_run: Any) -> None:
    report, gw = run_bot(Settings(inactive_away_days=60))
    assert report.changed == [] and gw.counts.writes == 0


def test_removal_after_long_inactivity_reassigns_through_the_quit_path(seeded: Any, first_run: Any) -> None:
    wiki, _ = seeded
    run_bot(Settings(inactive_remove_days=90, mentor_min_edits=0, removal_grace_hours=0))
    departed = html.unescape(page_text(wiki, dashboard(QUIET)))
    assert "has not edited for a long time" in departed
    held = json.loads(page_text(wiki, "User:MentorBot/Assignments/Mentor Praise.json"))["mentees"]
    quiet_id = wiki.api(action="query", list="users", ususers="Quiet Mentee")["query"]["users"][0]["userid"]
    assert quiet_id in {i for ids in held.values() for i in ids}
    rows = visible_rows(wiki, "Project:Mentorship/Dashboards")
    assert "no edits in the last 90 days: mentees reassigned" in rows[QUIET]
    mentors_list = page_text(wiki, "Project:Mentorship/Mentors")
    assert QUIET in mentors_list  # nobody is taken off the list


def test_thanks_given_read_from_the_whole_log_or_per_mentor_agree(seeded: Any, first_run: Any) -> None:
    from bot.read.engagement import fetch_thanks_given

    gw = Gateway(logged_in_site())
    try:
        since = ago(60)
        whole = fetch_thanks_given(gw, [MENTOR, QUIET], since=since)
        assert gw.counts.reads == 1  # a quiet wiki: the whole log in one answer
        per_mentor = fetch_thanks_given(gw, [MENTOR, QUIET], since=since, budget=0)
        assert gw.counts.reads == 1 + 2  # budget 0: straight to one request per mentor
    finally:
        gw.close()
    assert whole == per_mentor
    assert set(whole[MENTOR]) == {"Thanked Lately", "Thanked Long Ago"}
    assert set(whole[QUIET]) == {"Star"}


def test_a_busy_thanks_log_is_given_up_after_one_answer(seeded: Any, first_run: Any) -> None:
    from bot.read.engagement import fetch_thanks_given

    wiki, _ = seeded
    # 5,200 thanks between two other people in the last 5 days: more than one answer's worth (a
    # bot gets 5,000 log entries an answer), so 60 days of this log look like 12 answers.
    wiki.add_thanks([Thank("Star", "First Timer", ago(i / 1000)) for i in range(5200)])
    gw = Gateway(logged_in_site())
    try:
        given = fetch_thanks_given(gw, [MENTOR, QUIET], since=ago(60))
        assert gw.counts.reads == 1 + 2  # one answer of the whole log, then one per mentor
    finally:
        gw.close()
    assert set(given[MENTOR]) == {"Thanked Lately", "Thanked Long Ago"}
    assert set(given[QUIET]) == {"Star"}

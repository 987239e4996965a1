"""Questions on real talk pages, in four content languages: M4, M5, M3/M6 and the shared pages.

Mentees post their questions as themselves (MediaWiki expands their ``~~~~`` in the wiki's own
language), the mentor answers some, a third user and a temporary account answer others, and two
sections are moved by hand into an archive subpage. Every expected value is computed from the
seed plan below, never from the bot's output.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import localwiki
import pytest
import pywikibot
from wikiseed import UserSpec, Wiki

from bot.core.clock import window_start
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.assignment import day_number
from bot.render.i18n import Messages
from bot.render.pages import formatted_number, local_date
from bot.run import RunReport
from tests.integration.botrun import run_bot, save_assignment_pages, site_of
from tests.integration.wikiconfig import served_wiki
from tests.integration.wikipages import page_text

pytestmark = pytest.mark.wiki

MW = os.environ.get("MW") or localwiki.DEFAULT_MW
LANGS = ("en", "cs", "ar", "fr")

MENTOR, OTHER = "Mentor Quinn", "Mentor Otto"
HELPER, STRANGER, TAGGED = "Helper Hal", "Stranger Sam", "Tagged Tia"
# Mentees of MENTOR; "Dora Former" is now OTHER's mentee (a former mentee of MENTOR).
A, B, C, D, E, F = "Ann Newbie", "Ben Newbie", "Cat Newbie", "Dora Former", "Eve Dormant", "Fay Veteran"
QUESTION_TAG = "mentorship panel question"

# No template in the heading: MediaWiki expands those before it makes the anchor, and the bot
# cannot (see anchor_for). The body carries templates instead.
HOSTILE_HEADING = (
    "Help [[Category:Injected]] __NOTOC__ '''bold''' [http://evil.example x] ISBN 9780000000000 "
    '<span style="color:red">s</span> [[Injected page|label]]'
)
HOSTILE_BODY = (
    "Please <nowiki>~~~~</nowiki> {{Injected}} [[Category:Injected2]] ISBN 9780000000000 RFC 1234 "
    'http://evil.example/x | !! {| __NOINDEX__ <span style="color:red">red</span> [[Injected page|x]]'
)
LONG_BODY = " ".join(f"word{i}" for i in range(80))  # about 550 characters: the preview is cut


@dataclass(frozen=True)
class Planned:
    """One seeded section and what the rules of ARCHITECTURE §6.4 make of it."""

    key: str
    asker: str  # "temp" for a temporary account
    heading: str
    body: str
    repliers: tuple[str, ...] = ()
    archived: bool = False
    tagged: bool = False


PLAN = (
    Planned("q1", A, "How do I add a picture?", "I want to add a photo.", repliers=(MENTOR,)),
    Planned("q2", B, HOSTILE_HEADING, HOSTILE_BODY),
    Planned("q3", C, "Citation help", "How do I cite a book?", repliers=(HELPER,)),
    Planned("q4", D, "Help", LONG_BODY),
    Planned("s1", STRANGER, "Hello from a stranger", "Not a mentee."),
    Planned("t1", "temp", "Logged-out note", "A temporary account opens a thread."),
    Planned("q5", A, "Help", "A second question with a repeated heading.", repliers=("temp",)),
    Planned("q6", A, "Archived and answered", "Old one.", repliers=(MENTOR,), archived=True),
    Planned("q7", F, "Archived, never answered", "Old unanswered one.", archived=True),
    Planned("q8", TAGGED, "Asked from the help panel", "Tagged by GrowthExperiments.", tagged=True),
)
MENTEES_OF = {MENTOR: (A, B, C, E, F), OTHER: (D,)}
STORE_IDS_OWNERS = {A, B, C, D, E, F}


def is_question(p: Planned) -> bool:
    return p.asker in STORE_IDS_OWNERS or p.tagged


@dataclass
class Seeded:
    wiki: Wiki
    site: Any
    talk: str  # the mentor's talk page title, in the wiki's language
    archive: str
    asked_at: dict[str, datetime]  # plan key -> revision time of the question
    edits: dict[str, int]  # user -> live edits seeded
    report: RunReport
    gw_talk_reads: int
    now: datetime
    settings: Settings


STATE_ROOT = Path(tempfile.mkdtemp(prefix="mentor-dashboard-test-state-"))


# --- the wiki -----------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=LANGS)
def lang_wiki(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh wiki in the given content language, served for this module's tests."""
    lang: str = request.param
    if lang == "en":
        info = request.getfixturevalue("fresh_wiki")
        yield str(info["name"])
        return
    with served_wiki(f"mdq{lang}", MW, lang) as name:
        yield name


def run_pass(
    site: Any, settings: Settings, now: datetime, dry_run: bool = False
) -> tuple[RunReport, Gateway]:
    cache = STATE_ROOT / str(site.family.name)  # archive revision cache, one per wiki
    return run_bot(settings, site=site, now=now, dry_run=dry_run, cache_dir=cache)


def seed_store(site: Any, ids: dict[str, int], settings: Settings) -> None:
    day = day_number(datetime.now(UTC).date())
    days_of = {
        mentor: dict.fromkeys((ids[m] for m in mentees), day) for mentor, mentees in MENTEES_OF.items()
    }
    save_assignment_pages(days_of, site=site, settings=settings, summary="seed")


def split_sections(text: str) -> list[str]:
    return re.split(r"(?m)^(?===[^=])", text)


@pytest.fixture(scope="module")
def seeded(lang_wiki: str, tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    wiki = Wiki(lang_wiki)
    now = datetime.now(UTC)
    people = [MENTOR, OTHER, HELPER, STRANGER, TAGGED, A, B, C, D, F]
    ids = wiki.create_users(
        [
            *[UserSpec(n, registered=now - timedelta(days=5)) for n in people if n != F],
            UserSpec(E, registered=now - timedelta(days=100)),
            UserSpec(F, registered=now - timedelta(days=100)),
        ]
    )
    admin = wiki.admin()
    admin.edit(
        "Project:Mentorship/Mentors",
        "{{Mentor list entry|user=" + MENTOR + "}}\n{{Mentor list entry|user=" + OTHER + "}}",
    )
    admin.edit("Project:Mentorship/FAQ", "== Adding images ==\nUse the upload wizard.")
    wiki.session_for(OTHER).edit(f"User:{OTHER}/Mentor dashboard/FAQ", "Otto's own replies.")

    site = site_of(lang_wiki)
    settings = Settings()
    seed_store(site, ids, settings)
    talk = str(pywikibot.Page(site, f"User talk:{MENTOR}").title())
    archive = f"{talk}/Archive 1"

    edits: dict[str, int] = dict.fromkeys([*people, E], 0)
    asked_at: dict[str, datetime] = {}
    temp = wiki.anonymous()
    tagged: dict[int, list[str]] = {}
    for index, p in enumerate(PLAN, start=1):  # the page has only these level-2 sections
        session = temp if p.asker == "temp" else wiki.session_for(p.asker)
        revid = session.new_section(talk, p.heading, p.body)
        asked_at[p.key] = datetime.now(UTC)  # the signature's date; a run near midnight may flake
        edits[p.asker] = edits.get(p.asker, 0) + 1
        if p.tagged:
            tagged[revid] = [QUESTION_TAG]
        for who in p.repliers:
            (temp if who == "temp" else wiki.session_for(who)).reply(talk, index, "Here is an answer.")
            edits[who] = edits.get(who, 0) + 1

    # The mentor archives two sections by hand: cut from the talk page, paste into the archive.
    sections = split_sections(page_text(wiki, talk))
    moving = {p.heading for p in PLAN if p.archived}
    keep = [s for s in sections if not any(s.startswith(f"== {h} ==") for h in moving)]
    moved = [s for s in sections if s not in keep]
    assert len(moved) == 2
    mentor = wiki.session_for(MENTOR)
    mentor.edit(archive, "".join(moved).strip(), summary="archive")
    mentor.edit(talk, "".join(keep).strip(), summary="archive")
    edits[MENTOR] += 2

    wiki.add_tags(tagged)
    wiki.add_thanks(
        [(HELPER, MENTOR, None), (A, MENTOR, None), (B, MENTOR, now - timedelta(days=100)), (A, OTHER, None)]
    )
    # Three days on: every open question is past the two-day limit.
    later = now + timedelta(days=3)
    report, gw = run_pass(site, settings, later)
    return Seeded(
        wiki,
        site,
        talk,
        archive,
        asked_at,
        edits,
        report,
        gw.counts.by_phase["talk"]["read"],
        later,
        settings,
    )


# --- reading the saved pages ------------------------------------------------------------------


def dashboard_title(s: Seeded, mentor: str) -> str:
    return str(pywikibot.Page(s.site, f"User:{mentor}/Mentor dashboard").title())


def question_rows(text: str) -> list[dict[str, Any]]:
    """The rows of the first question table in TEXT: asker, page, anchor, day asked, overdue, preview."""
    start = text.index("mentor-dashboard-questions")
    table = text[start : text.index("\n|}", start)]
    rows = []
    for chunk in table.split("\n|- ")[1:]:
        lines = chunk.split("\n")
        cells = [line[2:] for line in lines[1:] if line.startswith("| ")]
        if len(cells) == 5:
            cells = cells[1:]  # the mentor column of the shared page
        asker = re.search(r"\[\[User:([^|]*)\|", cells[0])  # the name may sit in a no-wrap span
        link = re.search(r"\[\[([^#\]]*)#([^|]*)\|", html.unescape(cells[1]))
        asked = re.search(r'data-sort-value="(\d{4}-\d\d-\d\d)"', cells[2])
        assert asker and link and asked, chunk
        rows.append(
            {
                "asker": html.unescape(asker.group(1)),
                "page": html.unescape(link.group(1)),
                "anchor": urllib.parse.unquote(link.group(2)),
                "asked": date.fromisoformat(asked.group(1)),
                "overdue": "mentor-dashboard-overdue" in lines[0],
                "preview": html.unescape(cells[3]),
            }
        )
    return rows


def impact_lines(text: str) -> dict[str, str]:
    """Each M5 row's wikitext by its data-impact key."""
    return dict(re.findall(r'\|- data-impact="([a-z-]+)"\n\| (.*)', text))


def impact_line(s: Seeded, key: str, *figures: int | date) -> str:
    """What the row must say in the wiki's language: its message with the seeded figures (a date
    is a window's first day, written by the wiki)."""
    messages = Messages.load(s.site.lang)
    params = (local_date(f, messages) if isinstance(f, date) else formatted_number(f) for f in figures)
    return str(messages.text(f"mentordashboard-impact-{key}", *params))


def expected_open(s: Seeded) -> list[Planned]:
    return sorted(
        (p for p in PLAN if is_question(p) and not p.repliers and not p.archived),
        key=lambda p: s.asked_at[p.key],
    )


# --- tests ----------------------------------------------------------------------------------------


def test_m4_lists_exactly_the_open_questions_still_on_the_talk_page(seeded: Seeded) -> None:
    rows = question_rows(page_text(seeded.wiki, dashboard_title(seeded, MENTOR)))
    want = expected_open(seeded)
    assert [r["asker"] for r in rows] == [p.asker for p in want]
    assert {r["page"] for r in rows} == {seeded.talk}
    # The day asked is shown, never an age; overdue is more than overdue_days whole days ago.
    assert [r["asked"] for r in rows] == [seeded.asked_at[p.key].date() for p in want]
    today = seeded.now.date()
    assert all(r["overdue"] == ((today - r["asked"]).days > seeded.settings.overdue_days) for r in rows)
    assert any(r["overdue"] for r in rows)


def test_m4_anchors_match_the_sections_mediawiki_made(seeded: Seeded) -> None:
    sections = seeded.wiki.api(action="parse", page=seeded.talk, prop="sections")["parse"]["sections"]
    rows = question_rows(page_text(seeded.wiki, dashboard_title(seeded, MENTOR)))
    anchors = {s["anchor"] for s in sections}
    assert all(r["anchor"] in anchors for r in rows)
    # The parsed dashboard links those same anchors.
    parsed = seeded.wiki.api(action="parse", page=dashboard_title(seeded, MENTOR), prop="text")["parse"][
        "text"
    ]
    hrefs = {urllib.parse.unquote(h) for h in re.findall(r'href="[^"#]*#([^"]+)"', parsed)}
    assert {r["anchor"] for r in rows} <= {html.unescape(h) for h in hrefs}
    # "Help" is asked twice; the open one is the first, whatever the other became.
    assert "Help" in {r["anchor"] for r in rows}


def test_m4_previews_are_the_question_text_cut_to_200_characters(seeded: Seeded) -> None:
    rows = {r["asker"]: r for r in question_rows(page_text(seeded.wiki, dashboard_title(seeded, MENTOR)))}
    long_preview = rows[D]["preview"].removeprefix("<bdi>").removesuffix("</bdi>")  # isolated text
    assert len(long_preview) <= 200 and long_preview.endswith("…")
    assert LONG_BODY.startswith(long_preview.removesuffix("…"))
    assert rows[TAGGED]["preview"] == "<bdi>Tagged by GrowthExperiments.</bdi>"


def test_m5_impact_matches_the_seeded_answers_thanks_and_edits(seeded: Seeded) -> None:
    lines = impact_lines(page_text(seeded.wiki, dashboard_title(seeded, MENTOR)))
    questions = [p for p in PLAN if is_question(p)]
    answered = [p for p in questions if p.repliers]
    by_mentor = [p for p in questions if MENTOR in p.repliers]
    mentees = MENTEES_OF[MENTOR]
    active = [m for m in mentees if m != E]  # E registered 100 days ago and never edited
    edits = sum(seeded.edits[m] for m in mentees)
    assert lines["mentees"] == impact_line(seeded, "mentees", len(mentees), len(active))
    # Each window starts on the Monday that makes it at least its number of days (clock.window_start).
    today, st = seeded.now.date(), seeded.settings
    since = {days: window_start(today, days).date() for days in (st.recent_days, 90, 30)}
    assert lines["edits"] == impact_line(seeded, "edits-since", edits, edits, since[st.recent_days])
    assert lines["answered"] == impact_line(
        seeded, "answered-since", len(answered), len(questions), len(answered), since[90]
    )
    assert lines["answered-by-mentor"] == impact_line(
        seeded, "answered-by-mentor-since", len(by_mentor), len(by_mentor), since[90]
    )
    # every reply came within the minute
    assert lines["response-time"] == impact_line(seeded, "response-hours", 0)
    assert lines["thanks"] == impact_line(seeded, "thanks-since", 3, 2, since[30])  # one is 100 days old
    # "still editing 30 days after registering: 1 of 2": F edited long after registering; E never did.
    assert lines["retention"] == impact_line(seeded, "retention", 1, 2, 30)


def test_m1_counts_questions_and_flags_the_mentee_waiting(seeded: Seeded) -> None:
    text = page_text(seeded.wiki, dashboard_title(seeded, MENTOR))
    table = text[text.index("mentor-dashboard-mentees") : text.index("\n|}")]
    flag = Messages.load(seeded.site.lang).texts["mentordashboard-flag-unanswered"]
    for chunk in table.split("\n|-\n")[1:]:
        name = html.unescape(re.search(r"\[\[User:([^|]*)\|", chunk).group(1))  # type: ignore[union-attr]
        cells = chunk.split("\n")
        asked = sum(1 for p in PLAN if p.asker == name and is_question(p))
        assert f'data-sort-value="{asked}"' in cells[4], name  # attention, mentee, edits, since, questions
        waiting = any(p.asker == name for p in expected_open(seeded))
        assert (flag in cells[0]) == waiting, name  # the attention flags come first (issue 20)


def test_hostile_headings_and_previews_inject_nothing(seeded: Seeded) -> None:
    title = dashboard_title(seeded, MENTOR)
    got = seeded.wiki.api(
        action="parse",
        page=title,
        prop="templates|categories|links|externallinks|iwlinks|properties|sections|text",
    )["parse"]
    faq = str(pywikibot.Page(seeded.site, f"User:{MENTOR}/Mentor dashboard/FAQ").title())
    assert [t["title"] for t in got["templates"]] == [faq]
    assert got["categories"] == []
    assert got["externallinks"] == []
    assert got["iwlinks"] == []
    assert got["properties"] == {} or got["properties"] == []
    people = {MENTOR, A, B, C, D, F, TAGGED}
    allowed_users = {
        str(pywikibot.Page(seeded.site, f"{ns}:{p}").title()) for p in people for ns in ("User", "User talk")
    }
    for link in got["links"]:
        assert "Injected" not in link["title"]
        if link["ns"] in (2, 3) and "/" not in link["title"]:
            assert link["title"] in allowed_users | {seeded.talk}
    assert all("Injected" not in s["line"] and "bold" not in s["line"] for s in got["sections"])
    assert "mw-magiclink" not in got["text"]
    assert "<b>bold</b>" not in got["text"] and 'style="color:red"' not in got["text"]


def test_faq_is_created_from_the_community_bank_once_and_never_overwritten(seeded: Seeded) -> None:
    mine = page_text(seeded.wiki, f"User:{MENTOR}/Mentor dashboard/FAQ")
    assert mine == page_text(seeded.wiki, "Project:Mentorship/FAQ")
    assert page_text(seeded.wiki, f"User:{OTHER}/Mentor dashboard/FAQ") == "Otto's own replies."
    resources = seeded.wiki.api(action="parse", page=dashboard_title(seeded, MENTOR), prop="links")["parse"]
    missing = str(pywikibot.Page(seeded.site, "Project:Mentorship/Resources").title())
    assert {"title": missing, "ns": 4, "exists": False} in resources["links"]


def test_index_page_lists_every_mentor_with_open_questions_and_the_day_the_oldest_was_asked(
    seeded: Seeded,
) -> None:
    text = page_text(seeded.wiki, "Project:Mentorship/Dashboards")
    rows = text.split("\n|-\n")[1:]
    assert len(rows) == 2
    by_mentor = {html.unescape(re.search(r"\[\[User:([^|]*)\|", r).group(1)): r for r in rows}  # type: ignore[union-attr]
    open_ = expected_open(seeded)
    oldest = min(seeded.asked_at[p.key].date() for p in open_)
    numbers = re.findall(r'data-sort-value="([-\d]+)"', by_mentor[MENTOR])
    assert numbers == ["4", str(len(open_)), oldest.isoformat()]
    assert re.findall(r'data-sort-value="([-\d]+)"', by_mentor[OTHER]) == ["1", "0", "9999-99-99"]


def test_unanswered_page_lists_overdue_questions_across_mentors(seeded: Seeded) -> None:
    rows = question_rows(page_text(seeded.wiki, "Project:Mentorship/Unanswered questions"))
    assert [r["asker"] for r in rows] == [p.asker for p in expected_open(seeded)]
    assert all(r["overdue"] for r in rows)


def test_second_run_edits_nothing_and_more_questions_cost_no_more_reads(seeded: Seeded) -> None:
    if seeded.site.lang != "en":
        pytest.skip("request counts do not depend on the language; measured once")
    report, gw = run_pass(seeded.site, seeded.settings, seeded.now)
    assert gw.edits == 0 and not report.changed
    before = gw.counts.by_phase["talk"]["read"]
    for i in range(15):
        seeded.wiki.session_for(B).new_section(seeded.talk, f"Extra question {i}", "One more.")
    _, gw = run_pass(seeded.site, seeded.settings, seeded.now)
    assert gw.counts.by_phase["talk"]["read"] == before
    mentors = 2
    # talk pages (1 batch) + archives and thanks (1 request per mentor, side by side)
    # + openers (users + one per tag) + FAQ/resources existence (1); the archive text is cached.
    assert before == 1 + mentors + (1 + len(seeded.settings.question_tags)) + 1

"""What the bot writes on a Czech and an Arabic wiki is in their language, and on the Arabic one
every English run of text is isolated (issue 20, items 4 and 5).

Each wiki is created in its content language and given something to do: two new accounts (the
welcome notice is on), a mentor who quits (the reassignment notice is on, no grace period), a
broken line on the mentor list, a mentor whose own settings hold a wrong value, and a mentee
with an English name who asks an English question and saves an edit with an English summary.
Then every revision comment the bot left, its protection reasons and the notices it posted are
read back through the API and checked against the shipped English messages: no English fragment
of any message may be in them. The English expectations come from ``en.json``, never from the
bot's output.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import localwiki
import pytest
from wikiseed import UserSpec, Wiki

from bot.core.settings import Settings
from bot.model.assignment import day_number
from bot.render.i18n import read_message_file
from bot.render.installed import I18N_DIR
from tests.integration.botrun import run_bot, save_assignment_pages, site_of
from tests.integration.wikiconfig import served_wiki

pytestmark = pytest.mark.wiki

MW = os.environ.get("MW") or localwiki.DEFAULT_MW
BOT = localwiki.BOT_USER
OLD = datetime.now(UTC) - timedelta(days=400)
STAYING, QUITTING = "Anna Smith", "Cleo Jones"
ASKER, LEFT_BEHIND = "Asking Ada", "Quiet Quentin"
NEWCOMERS = ("New Person 1", "New Person 2")
QUESTION = "How do I add a picture?"
EDIT_SUMMARY = "Fixed a typo in the intro"
SETTINGS = Settings(
    assignment_seed=20261203, removal_grace_hours=0, welcome_message=True, reassign_notice=True
)
ENGLISH = read_message_file(I18N_DIR / "en.json")
WRONG_SETTING = {"weight": 3}  # dropped (weights are 0, 1, 2 or 4): the mentor keeps the list's weight
BROKEN_LINE = 3  # the mentor list's line that names no user


@dataclass
class Done:
    lang: str
    wiki: Wiki
    last_rcid: int  # the newest recent change before the bot's run


@pytest.fixture(scope="module", params=("cs", "ar"))
def done(request: pytest.FixtureRequest) -> Iterator[Done]:
    lang: str = request.param
    with served_wiki(f"mdwords{lang}", MW, lang) as name:
        wiki = Wiki(name)
        ids = wiki.create_users(
            [UserSpec(m, registered=OLD, editcount=800) for m in (STAYING, QUITTING)]
            + [UserSpec(n, registered=datetime.now(UTC) - timedelta(days=20)) for n in (ASKER, LEFT_BEHIND)]
        )
        listed = "".join(f"* [[User:{m}]] | Hello from {m}\n" for m in (STAYING, QUITTING))
        wiki.admin().edit("Project:Mentorship/Mentors", listed + "* [[Talk:Nobody]] | not a user\n")
        wiki.session_for(QUITTING).edit(
            f"User:{QUITTING}/Mentor dashboard.json", json.dumps({"status": "quit"})
        )
        wiki.session_for(STAYING).edit(f"User:{STAYING}/Mentor dashboard.json", json.dumps(WRONG_SETTING))
        wiki.session_for(ASKER).new_section(f"User talk:{STAYING}", QUESTION, "Help, please.")
        wiki.session_for(ASKER).edit(f"User:{ASKER}", "Hello.", summary=EDIT_SUMMARY)
        site = site_of(name)
        day = day_number(datetime.now(UTC).date())
        save_assignment_pages(
            {STAYING: {ids[ASKER]: day}, QUITTING: {ids[LEFT_BEHIND]: day}}, site=site, summary="seed"
        )
        newest = wiki.api(action="query", list="recentchanges", rcprop="ids", rclimit=1)
        last_rcid = int(newest["query"]["recentchanges"][0]["rcid"])
        wiki.create_users([UserSpec(n) for n in NEWCOMERS])
        run_bot(SETTINGS, site=site, cache_dir=Path(tempfile.mkdtemp(prefix="mentor-dashboard-words-")))
        yield Done(lang, wiki, last_rcid)


def english_fragments(lang: str) -> dict[str, str]:
    """Each English message's literal runs of words (between parameters and markup) that its
    LANG translation does not also contain: the text that would betray an untranslated string."""
    theirs = read_message_file(I18N_DIR / f"{lang}.json")
    out: dict[str, str] = {}
    for key, text in ENGLISH.items():
        for run in re.split(r"\$[0-9]+|\{\{[^{}]*\}\}|\[\[[^\]]*\]\]|<[^>]*>|'''?", text):
            words = run.strip(" .,:;()\"'")
            if len(re.findall(r"[A-Za-z]+", words)) >= 2 and words not in theirs.get(key, ""):
                out[words] = key
    return out


def bot_comments(d: Done) -> list[tuple[str, str]]:
    """(title, comment) of every edit and protection the bot made in its run; the title as
    ``<namespace number>:<title without its localised prefix>``."""
    rc = d.wiki.api(
        action="query", list="recentchanges", rcuser=BOT, rcprop="title|comment|ids", rclimit=500
    )["query"]["recentchanges"]
    rc = [c for c in rc if int(c["rcid"]) > d.last_rcid]
    return [(f"{c['ns']}:{str(c['title']).split(':', 1)[-1]}", str(c.get("comment", ""))) for c in rc]


def test_every_comment_the_bot_left_is_in_the_wikis_language(done: Done) -> None:
    comments = bot_comments(done)
    titles = {t for t, _ in comments}
    # What the run did, so the check below covers every kind of summary it writes.
    assert f"2:{BOT}/Mentorship state.json" in titles
    assert {f"3:{n}" for n in (*NEWCOMERS, LEFT_BEHIND)} <= titles
    assert any("/Assignments/" in t for t in titles) and f"2:{BOT}/Status" in titles
    assert f"2:{STAYING}/Mentor dashboard" in titles
    prefix = read_message_file(I18N_DIR / f"{done.lang}.json")["mentordashboard-summary-prefix"]
    fragments = english_fragments(done.lang)
    for title, comment in comments:
        # The status page's summary is one message of its own; every other starts with the prefix.
        assert comment.startswith(prefix) or title == f"2:{BOT}/Status", (title, comment)
        found = {f: k for f, k in fragments.items() if f in comment}
        assert found == {}, (title, comment)


def test_every_notice_is_in_the_wikis_language(done: Done) -> None:
    theirs = read_message_file(I18N_DIR / f"{done.lang}.json")
    fragments = english_fragments(done.lang)
    for name, heading in (
        *((n, "mentordashboard-welcome-heading") for n in NEWCOMERS),
        (LEFT_BEHIND, "mentordashboard-reassign-heading"),
    ):
        got = done.wiki.api(action="parse", page=f"User talk:{name}", prop="wikitext|sections")["parse"]
        text = got["wikitext"]
        assert [s["line"] for s in got["sections"]] == [theirs[heading]]
        assert text.count("<!-- mentor-dashboard-notice ") == 1
        assert {f: k for f, k in fragments.items() if f in text} == {}, name


def test_the_status_page_lists_the_list_problem_in_the_wikis_language(done: Done) -> None:
    theirs = read_message_file(I18N_DIR / f"{done.lang}.json")
    text = done.wiki.api(action="parse", page=f"User:{BOT}/Status", prop="text")["parse"]["text"]
    expected = theirs["mentordashboard-problem-no-user-link"].split("$1")[-1].strip(' «»„“"')
    assert html.escape(expected, quote=False) in text
    assert ENGLISH["mentordashboard-problem-no-user-link"].split("$1")[-1].strip('" ') not in text


def visible_outside_bdi(page_html: str) -> str:
    """The text a reader sees that is not inside a ``<bdi>``: isolated runs and every tag (with
    its attributes: link titles are not laid out in the line) are dropped."""
    text = page_html
    while True:
        shorter = re.sub(r"<bdi>[^<>]*(?:<(?!/?bdi>)[^<>]*>[^<>]*)*</bdi>", "", text)
        if shorter == text:
            break
        text = shorter
    return html.unescape(re.sub(r"<[^>]*>", " ", text))


def test_on_the_arabic_dashboard_every_english_run_is_isolated(done: Done) -> None:
    if done.lang != "ar":
        pytest.skip("the right-to-left check is for the Arabic wiki")
    page = f"User:{STAYING}/Mentor dashboard"
    got = done.wiki.api(action="parse", page=page, prop="text")["parse"]["text"]
    for run in (ASKER, QUESTION, STAYING):
        assert f"<bdi>{html.escape(run, quote=False)}</bdi>" in got, run
    outside = visible_outside_bdi(got)
    for run in (ASKER, QUESTION, STAYING, *NEWCOMERS, EDIT_SUMMARY):
        assert run not in outside, run
    # Pages the dashboard only names: the index and the status page isolate the same way.
    for other in ("Project:Mentorship/Dashboards", f"User:{BOT}/Status"):
        text = done.wiki.api(action="parse", page=other, prop="text")["parse"]["text"]
        assert STAYING not in visible_outside_bdi(text), other


def between(text: str, first: str, second: str) -> str:
    return text.split(first, 1)[1].split(second, 1)[0].strip(" ,،:;")


def test_a_wrong_setting_is_explained_in_the_wikis_language_where_the_mentor_and_operators_look(
    done: Done,
) -> None:
    theirs = read_message_file(I18N_DIR / f"{done.lang}.json")
    key = "mentordashboard-settings-invalid-choice"  # weight allows only a few values
    rule, english_rule = between(theirs[key], "$1", "$2"), between(ENGLISH[key], "$1", "$2")
    ((field, value),) = WRONG_SETTING.items()
    code = f'<code dir="ltr">{json.dumps(field)}: {json.dumps(value)}</code>'
    for page in (f"User:{STAYING}/Mentor dashboard", f"User:{BOT}/Status"):
        text = html.unescape(done.wiki.api(action="parse", page=page, prop="text")["parse"]["text"])
        line = next((line for line in text.splitlines() if code in line), "")
        assert rule in line, (page, line)
        assert english_rule not in text, page


def test_the_place_of_a_list_problem_is_said_in_the_wikis_language(done: Done) -> None:
    theirs = read_message_file(I18N_DIR / f"{done.lang}.json")
    key = "mentordashboard-where-line"
    text = html.unescape(
        done.wiki.api(action="parse", page=f"User:{BOT}/Status", prop="text")["parse"]["text"]
    )
    assert theirs[key].replace("$1", str(BROKEN_LINE)) in text
    assert ENGLISH[key].replace("$1", str(BROKEN_LINE)) not in text

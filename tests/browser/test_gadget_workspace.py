"""The browser workspace (issue 21) in real headless Chromium, on the real local wiki.

One wiki is seeded for the module: two mentors, mentees with edits spread over half a year, a
question, a hostile intro message and a hostile name. The bot runs as operators run it
(``mentor-dashboard run --schedule …``) and publishes its code, list, messages and data pages;
each mentor loads the gadget with the line the dashboard gives them, in their ``common.js``.
One browser then goes through what a mentor does, in the order of this file (tests that save
settings come last, and the claim runs the bot again). Every expected count is computed here
from what was seeded, never read from the bot's pages.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from wikiseed import ImportedEdit, UserSpec, Wiki

from bot.build.gadget_code import common_js_line
from bot.render.i18n import Messages
from tests.browser.workspace import (
    SHOTS,
    Browser,
    chromium,
    json_page,
    latest,
    shot,
    user_scripts_and_minerva,
    viewport,
)
from tests.integration.botrun import cli_env, run_cli, seed_assignments

pytestmark = [pytest.mark.wiki, pytest.mark.browser]

NOW = datetime.now(UTC)
BOT = "MentorBot"
MENTOR = "Mentor Ada"
OTHER = "Mentor Bob"
DASHBOARD = f"User:{MENTOR}/Mentor dashboard"
SETTINGS = f"User:{MENTOR}/Mentor dashboard.json"
LIST = f"User:{BOT}/Dashboards.json"
DATA = f"User:{BOT}/Dashboards/{MENTOR}.json"
CODE = f"User:{BOT}/mentor-dashboard.js"
SCHEDULE = "17 * * * *"  # hourly: the data page then says when the next run is
EN = Messages.load("en").texts
MARKER = "__mdpwned"
# Script and markup where a mentor's or mentee's text goes; each sets the marker if it runs.
HOSTILE_MESSAGE = (
    f'<img src=x onerror="window.{MARKER}=1"> "><svg onload="window.{MARKER}=2"> '
    f"</script><script>window.{MARKER}=3</script> javascript:window.{MARKER}=4"
)
HOSTILE_HEADING = f'<img src=x onerror="window.{MARKER}=5"> "><svg onload=window.{MARKER}=6> </script>'
HOSTILE_NAME = "Sly \"x' javascript"  # MediaWiki refuses < > = in names; quotes it takes
# An intro message of exactly 240 characters.
MESSAGE_240 = (
    "Hi, I'm Ada, and I have edited here since 2019. Ask me anything about editing: how to cite "
    "sources, add images, start a new article or talk with other editors. I answer on my talk page, "
    "usually within one day. Welcome aboard, happy editing!"
)
CLAIMABLE = "Claimable Newbie"
NOBODY = "Nobody Of That Name"
ASKER = "Asking Mentee"
# Days since the last edit, away from every filter's edge (1, 7, 14, 30, 60, 180 days).
LAST_EDIT_DAYS = (0.3, 0.6, 2, 3, 5, 6.5, 9, 11, 13, 16, 20, 27, 33, 45, 55, 65, 90, 130, 150, 175)


@dataclass(frozen=True)
class Seeded:
    name: str
    registered_days: float
    last_edit_days: float | None  # None: never edited
    edits: int


def mentees() -> list[Seeded]:
    out = [
        Seeded(f"{'Mentee' if i % 2 else 'Learner'} {chr(65 + i % 5)}{i:02d}", d + 5, d, 1 + i % 7)
        for i, d in enumerate(LAST_EDIT_DAYS)
    ]
    out.append(Seeded("Fresh Signup", 2, None, 0))  # listed: registered within 14 days
    out.append(Seeded("Gone Quiet", 400, 250, 3))  # not listed: no edit in 180 days
    out.append(Seeded(HOSTILE_NAME, 20, 4, 2))
    out.append(Seeded(ASKER, 10, 0, 1))  # their one edit is the question, saved live just now
    return out


MENTEES = mentees()
LISTED = [
    m for m in MENTEES if (m.last_edit_days is not None and m.last_edit_days < 180) or m.registered_days < 14
]


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


@dataclass
class Module:
    wiki: Wiki
    browser: Browser
    state: Path


@pytest.fixture(scope="module")
def module(fresh_wiki: dict[str, Any]) -> Iterator[Module]:
    wiki = Wiki(str(fresh_wiki["name"]))
    users = [UserSpec(MENTOR, registered=days_ago(900)), UserSpec(OTHER, registered=days_ago(900))]
    users += [UserSpec(m.name, registered=days_ago(m.registered_days)) for m in MENTEES]
    users.append(UserSpec(CLAIMABLE, registered=days_ago(1)))
    ids = wiki.create_users(users)
    wiki.import_edits(
        [
            ImportedEdit(f"Sandbox/{i}/{k}", m.name, days_ago(m.last_edit_days + 0.01 * k), f"edit {k}")
            for i, m in enumerate(MENTEES)
            if m.last_edit_days is not None and m.name != ASKER
            for k in range(m.edits)
        ]
    )
    admin = wiki.admin()
    admin.edit("Project:Mentorship/Mentors", f"* [[User:{MENTOR}]] | Hello\n* [[User:{OTHER}]] | Hi\n")
    seed_assignments({MENTOR: [ids[m.name] for m in MENTEES]})
    wiki.session_for(ASKER).new_section(f"User talk:{MENTOR}", HOSTILE_HEADING, "How do I add a source?")
    wiki.session_for(MENTOR).edit(SETTINGS, json.dumps({"message": HOSTILE_MESSAGE, "weight": 2}))
    script = wiki.api(action="query", meta="siteinfo", siprop="general")["query"]["general"]["script"]
    for user in (MENTOR, OTHER, CLAIMABLE):  # CLAIMABLE loads it too, but is no mentor
        wiki.session_for(user).edit(f"User:{user}/common.js", common_js_line(script, CODE))
    with tempfile.TemporaryDirectory(prefix="mentor-dashboard-gadget-state-") as state:
        run_bot(Path(state))
        with user_scripts_and_minerva(wiki), chromium(wiki.base_url) as b:
            yield Module(wiki, b, Path(state))


def run_bot(state: Path) -> None:
    done = run_cli("run", "--schedule", SCHEDULE, env=cli_env(state=state))
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


@pytest.fixture
def ada(module: Module) -> Browser:
    """The browser, logged in as the mentor whose dashboard this is, on it, filters cleared."""
    b = module.browser
    b.login(MENTOR)
    b.open(DASHBOARD, useskin="vector-2022")
    b.js("document.querySelector('.mentor-dashboard-filter-reset').click()")
    choose(b, ".mentor-dashboard-page-size-select", "0")
    return b


def choose(b: Browser, selector: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(b.driver.find_element(By.CSS_SELECTOR, selector)).select_by_value(value)


def typed(b: Browser, selector: str, text: str) -> None:
    from selenium.webdriver.common.by import By

    box = b.driver.find_element(By.CSS_SELECTOR, selector)
    box.clear()
    if text:
        box.send_keys(text)


def open_filters(b: Browser) -> None:
    if b.js("return document.querySelector('.mentor-dashboard-filters').hidden"):
        b.js("document.querySelector('.mentor-dashboard-filters-toggle').click()")


def names(seeded: list[Seeded]) -> list[str]:
    return sorted(m.name for m in seeded)


def saved_notice(b: Browser) -> str:
    """The latest "saved" notice: what was saved and when the bot applies it."""
    last = (
        "const n = [...document.querySelectorAll('.mentor-dashboard-notice-saved')].pop();"
        "return n && n.textContent"
    )
    return str(b.wait(lambda d: d.execute_script(last)))


def notice_for(what: str, wiki: Wiki) -> str:
    return EN["gadget-saved"].replace("$1", what).replace("$2", expected_when(wiki))


def expected_when(wiki: Wiki) -> str:
    """What the notice must say about the next run, from the data page the bot published."""
    data = json_page(wiki, DATA)
    nxt = datetime.fromisoformat(data["next_run"].replace("Z", "+00:00")) if data["next_run"] else None
    if nxt is not None and data.get("run_every"):
        while nxt <= datetime.now(UTC):
            nxt += timedelta(seconds=int(data["run_every"]))
    if nxt is None or nxt <= datetime.now(UTC):
        return EN["gadget-saved-next-run"]
    return EN["gadget-saved-next-run-at"].replace("$1", nxt.strftime("%H:%M"))


def settings_now(wiki: Wiki) -> dict[str, Any]:
    got: dict[str, Any] = json_page(wiki, SETTINGS)
    return got


def save_dialog(b: Browser) -> None:
    b.wait(
        lambda d: d.execute_script(
            "return !document.querySelector('.mentor-dashboard-dialog .mentor-dashboard-save').disabled"
        )
    )
    b.js("document.querySelector('.mentor-dashboard-dialog .mentor-dashboard-save').click()")
    b.wait(lambda d: d.execute_script("return !document.querySelector('.mentor-dashboard-dialog')"))


# --- without JavaScript -------------------------------------------------------------------------


def test_without_javascript_the_page_is_still_the_whole_dashboard(module: Module) -> None:
    b = module.browser
    b.login(MENTOR)
    b.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        b.open(DASHBOARD, ready=False, useskin="vector-2022")
        got = b.js(
            "return {ws: document.querySelectorAll('.mentor-dashboard-ws').length,"
            " mount: document.getElementById('mentor-dashboard-workspace').childNodes.length,"
            " table: (document.querySelector('table.mentor-dashboard-mentees') || {}).textContent || '',"
            " shown: !!(document.querySelector('table.mentor-dashboard-mentees') || {}).offsetParent}"
        )
    finally:
        b.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    assert got["ws"] == 0 and got["mount"] == 0
    assert got["shown"]
    missing = [m.name for m in LISTED if m.name not in got["table"]]
    assert missing == []


# --- finding it ---------------------------------------------------------------------------------


@pytest.mark.parametrize("skin", ["vector-2022", "vector"])
def test_the_link_is_in_vectors_personal_tools_right_before_log_out(module: Module, skin: str) -> None:
    b = module.browser
    b.login(MENTOR)
    b.open("Main Page", ready=False, useskin=skin)
    b.wait(lambda d: d.execute_script("return !!document.getElementById('pt-mentordashboard')"))
    got = b.js(
        "const li = document.getElementById('pt-mentordashboard');"
        # The menu's items in document order: 1.43 has Log out as the list's last item, 1.39 as a
        # block of its own right after the list.
        "const items = [...li.closest('[id^=p-]').querySelectorAll('li, #pt-logout')];"
        "const after = items[items.indexOf(li) + 1];"
        "return {next: after && after.id, text: li.textContent.trim(),"
        " href: li.querySelector('a').getAttribute('href'), skin: document.body.className}"
    )
    assert {"vector-2022": "skin-vector-2022", "vector": "skin-vector-legacy"}[skin] in got["skin"].split()
    assert got["next"] == "pt-logout"
    assert got["text"] == EN["gadget-portlet-link"]
    assert got["href"].endswith("User:Mentor_Ada/Mentor_dashboard")


def test_the_link_is_in_minervas_user_menu_at_390_px(module: Module) -> None:
    b = module.browser
    b.login(MENTOR)
    viewport(b.driver, 390, 844, mobile=True)
    try:
        b.open("Main Page", ready=False, useskin="minerva")
        b.wait(lambda d: d.execute_script("return !!document.getElementById('pt-mentordashboard')"))
        got = b.js(
            "const li = document.getElementById('pt-mentordashboard');"
            "const next = li.nextElementSibling;"
            "return {menu: !!li.closest('.minerva-user-menu'), width: window.innerWidth,"
            " logout: !!(next && next.querySelector('a[href*=\"UserLogout\"]')),"
            " text: li.textContent.trim(), skin: document.body.className}"
        )
    finally:
        viewport(b.driver, 1280, 900)
    assert "skin-minerva" in got["skin"] and got["width"] == 390
    assert got["menu"] and got["logout"]
    assert got["text"] == EN["gadget-portlet-link"]


def test_only_mentors_get_the_link_and_the_list_is_cached_for_a_day(module: Module) -> None:
    b = module.browser
    b.login(CLAIMABLE)
    b.open("Main Page", ready=False, useskin="vector-2022")
    b.wait(lambda d: d.execute_script("return !!localStorage.getItem('mentor-dashboard-list')"))
    cached = json.loads(b.js("return localStorage.getItem('mentor-dashboard-list')"))
    assert b.js("return document.getElementById('pt-mentordashboard')") is None
    assert cached["title"] == LIST
    assert sorted(cached["list"]["mentors"]) == [MENTOR, OTHER]
    assert abs(cached["fetched"] / 1000 - datetime.now(UTC).timestamp()) < 120


# --- filter and find ----------------------------------------------------------------------------


def test_the_workspace_lists_every_active_mentee(ada: Browser) -> None:
    assert sorted(ada.rows()) == names(LISTED)


@pytest.mark.parametrize("days", [1, 7, 14, 30, 60, 180])
def test_last_edit_within_n_days(ada: Browser, days: int) -> None:
    open_filters(ada)
    choose(ada, ".mentor-dashboard-filter-days", str(days))
    expected = [m for m in LISTED if m.last_edit_days is not None and m.last_edit_days < days]
    assert sorted(ada.rows()) == names(expected)


def test_edit_count_range(ada: Browser) -> None:
    open_filters(ada)
    typed(ada, ".mentor-dashboard-filter-min", "2")
    typed(ada, ".mentor-dashboard-filter-max", "4")
    assert sorted(ada.rows()) == names([m for m in LISTED if 2 <= m.edits <= 4])


def test_search_by_name_prefix_ignores_case(ada: Browser) -> None:
    typed(ada, ".mentor-dashboard-search", "mentee b")
    assert sorted(ada.rows()) == names([m for m in LISTED if m.name.lower().startswith("mentee b")])
    typed(ada, ".mentor-dashboard-search", "Learner")
    assert sorted(ada.rows()) == names([m for m in LISTED if m.name.startswith("Learner")])


@pytest.mark.parametrize("size", [10, 25, 50])
def test_pages_of_n_rows_cover_every_mentee_once(ada: Browser, size: int) -> None:
    choose(ada, ".mentor-dashboard-page-size-select", str(size))
    seen: list[str] = []
    pages = -(-len(LISTED) // size)
    for page in range(pages):
        rows = ada.rows()
        assert len(rows) == min(size, len(LISTED) - page * size)
        seen += rows
        if page < pages - 1:
            ada.js("document.querySelector('.mentor-dashboard-next').click()")
    assert sorted(seen) == names(LISTED)
    if pages > 1:
        assert ada.js("return document.querySelector('.mentor-dashboard-next').disabled")


# --- private stars ------------------------------------------------------------------------------


def star(b: Browser, name: str) -> None:
    b.js(
        "[...document.querySelectorAll('.mentor-dashboard-row')].find(r => r.dataset.name === arguments[0])"
        ".querySelector('.mentor-dashboard-star').click()",
        name,
    )


def saved_option(wiki: Wiki, user: str) -> dict[str, Any]:
    got = wiki.session_for(user).get(action="query", meta="userinfo", uiprop="options")
    raw = got["query"]["userinfo"]["options"].get("userjs-mentor-dashboard")
    return dict(json.loads(raw)) if raw else {}


def test_a_star_sorts_first_and_survives_a_reload(module: Module, ada: Browser) -> None:
    last = ada.rows()[-1]
    star(ada, last)
    assert ada.rows()[0] == last
    ada.wait(lambda d: last in saved_option(module.wiki, MENTOR).get("stars", {}).get(MENTOR, []))
    ada.open(DASHBOARD, useskin="vector-2022")
    choose(ada, ".mentor-dashboard-page-size-select", "0")
    assert ada.rows()[0] == last
    assert ada.js("return document.querySelectorAll('.mentor-dashboard-star-on').length") == 1
    open_filters(ada)
    ada.js("document.querySelector('.mentor-dashboard-filter-starred').click()")
    assert ada.rows() == [last]


def test_filter_choices_are_remembered_in_the_private_option(module: Module, ada: Browser) -> None:
    open_filters(ada)
    choose(ada, ".mentor-dashboard-filter-days", "30")
    typed(ada, ".mentor-dashboard-filter-min", "3")
    choose(ada, ".mentor-dashboard-page-size-select", "10")
    ada.wait(lambda d: saved_option(module.wiki, MENTOR).get("filters", {}).get("days") == 30)
    ada.open(DASHBOARD, useskin="vector-2022")
    assert ada.js("return document.querySelector('.mentor-dashboard-filter-days').value") == "30"
    assert ada.js("return document.querySelector('.mentor-dashboard-filter-min').value") == "3"
    assert ada.js("return document.querySelector('.mentor-dashboard-page-size-select').value") == "10"
    expected = [m for m in LISTED if m.last_edit_days is not None and m.last_edit_days < 30 and m.edits >= 3]
    assert len(ada.rows()) == min(10, len(expected))


def test_another_mentor_sees_no_stars_and_no_tools(module: Module) -> None:
    b = module.browser
    b.login(OTHER)
    b.open(DASHBOARD, useskin="vector-2022")
    got = b.js(
        "return {stars: document.querySelectorAll('.mentor-dashboard-star').length,"
        " tools: document.querySelectorAll('.mentor-dashboard-tools').length,"
        " readonly: document.querySelectorAll('.mentor-dashboard-readonly').length,"
        " rows: document.querySelectorAll('.mentor-dashboard-row').length}"
    )
    assert got == {"stars": 0, "tools": 0, "readonly": 1, "rows": min(25, len(LISTED))}
    assert saved_option(module.wiki, OTHER) == {}
    link = b.js("return document.querySelector('#pt-mentordashboard a').getAttribute('href')")
    assert link.endswith("User:Mentor_Bob/Mentor_dashboard")


# --- hostile text ---------------------------------------------------------------------------


def test_hostile_text_is_shown_as_text_and_runs_nothing(module: Module, ada: Browser) -> None:
    data = json_page(module.wiki, DATA)
    assert data["mentor_settings"]["message"] == HOSTILE_MESSAGE  # the bot passed it on as it is
    assert HOSTILE_NAME in [row[0] for row in data["rows"]]
    headings = [q["heading"] for q in data["questions"]]
    # The heading as the talk page shows it: MediaWiki drops the <img> tag, the rest is text.
    assert headings and all("<svg onload" in h for h in headings), headings
    ada.js("document.querySelector('.mentor-dashboard-tool-message').click()")  # the message as a value
    got = ada.js(
        "const ws = document.querySelector('.mentor-dashboard-ws');"
        "return {marker: window[arguments[0]] === undefined ? null : String(window[arguments[0]]),"
        " made: ws.querySelectorAll('img, svg, script, iframe, object, embed').length,"
        " foreign: [...ws.querySelectorAll('a')].map(a => a.href)"
        "   .filter(h => !h.startsWith(location.origin + '/')),"
        " text: ws.textContent, value: ws.querySelector('.mentor-dashboard-message-text').value,"
        " page: document.querySelectorAll("
        "   '#mw-content-text img[src=\"x\"], #mw-content-text svg[onload]').length}",
        MARKER,
    )
    assert got["marker"] is None
    assert got["made"] == 0 and got["page"] == 0
    assert got["foreign"] == []
    assert HOSTILE_MESSAGE in got["text"] and HOSTILE_NAME in got["text"]
    assert all(h in got["text"] for h in headings)
    assert got["value"] == HOSTILE_MESSAGE
    assert ada.errors() == []


def test_a_question_is_marked_overdue_live_when_its_time_comes(module: Module, ada: Browser) -> None:
    data = json_page(module.wiki, DATA)
    due = datetime.fromisoformat(data["questions"][0]["overdue"].replace("Z", "+00:00"))
    assert due > datetime.now(UTC)  # asked just now: not overdue yet
    state = (
        "const q = document.querySelector('.mentor-dashboard-question');"
        "return [q.classList.contains('mentor-dashboard-overdue'),"
        " !q.querySelector('.mentor-dashboard-overdue-mark').hidden, q.querySelector('time').textContent]"
    )
    before = ada.js(state)
    assert before[:2] == [False, False]
    # The page's clock moves past the moment; the tab is looked at again.
    ada.js(
        "const later = arguments[0] * 1000 + 60000; Date.now = () => later;"
        "document.dispatchEvent(new Event('visibilitychange'));",
        due.timestamp(),
    )
    after = ada.js(state)
    assert after[:2] == [True, True]
    assert after[2] != before[2]  # "now" has become days ago


# --- mentor tools ------------------------------------------------------------------------------


def test_the_intro_message_is_limited_to_240_characters(module: Module, ada: Browser) -> None:
    ada.js("document.querySelector('.mentor-dashboard-tool-message').click()")
    typed(ada, ".mentor-dashboard-message-text", MESSAGE_240 + "!")
    counter = ada.js("return document.querySelector('.mentor-dashboard-counter').textContent")
    assert counter == EN["gadget-message-counter"].replace("$1", "-1").replace("$2", "240")
    assert ada.js("return document.querySelector('.mentor-dashboard-dialog .mentor-dashboard-save').disabled")
    from selenium.webdriver.common.keys import Keys

    ada.driver.find_element("css selector", ".mentor-dashboard-message-text").send_keys(Keys.BACKSPACE)
    save_dialog(ada)
    assert settings_now(module.wiki)["message"] == MESSAGE_240
    assert saved_notice(ada) == notice_for(EN["gadget-what-message"], module.wiki)


def test_away_until_a_date_within_a_year_then_back(module: Module, ada: Browser) -> None:
    today = datetime.now(UTC).date()
    ada.js("document.querySelector('.mentor-dashboard-tool-away').click()")
    limits = ada.js("const d = document.querySelector('.mentor-dashboard-away-date'); return [d.min, d.max]")
    assert limits == [today.isoformat(), (today + timedelta(days=365)).isoformat()]
    set_date = (
        "const d = document.querySelector('.mentor-dashboard-away-date'); d.value = arguments[0];"
        "d.dispatchEvent(new Event('input'));"
        "return document.querySelector('.mentor-dashboard-dialog .mentor-dashboard-save').disabled"
    )
    assert ada.js(set_date, (today + timedelta(days=366)).isoformat()) is True
    back_on = (today + timedelta(days=20)).isoformat()
    assert ada.js(set_date, back_on) is False
    save_dialog(ada)
    saved = settings_now(module.wiki)
    assert (saved["status"], saved["away_until"]) == ("away", back_on)
    assert saved_notice(ada) == notice_for(EN["gadget-what-away"].replace("$1", back_on), module.wiki)
    ada.js("document.querySelector('.mentor-dashboard-tool-back').click()")
    save_dialog(ada)
    saved = settings_now(module.wiki)
    assert saved["status"] == "active" and "away_until" not in saved


def test_quit_asks_first_and_cancel_leaves_the_settings_untouched(module: Module, ada: Browser) -> None:
    before = latest(module.wiki, SETTINGS)
    ada.js("document.querySelector('.mentor-dashboard-tool-quit').click()")
    warning = ada.js("return document.querySelector('.mentor-dashboard-quit-warning').textContent")
    assert warning == EN["gadget-quit-confirm"].replace("$1", str(len(LISTED)))
    ada.js("document.querySelector('.mentor-dashboard-dialog .mentor-dashboard-cancel').click()")
    assert ada.js("return document.querySelector('.mentor-dashboard-dialog')") is None
    assert latest(module.wiki, SETTINGS) == before


def test_an_edit_made_after_the_page_loaded_is_kept(module: Module, ada: Browser) -> None:
    ada.js("document.querySelector('.mentor-dashboard-tool-weight').click()")
    # Meanwhile, in another tab: the mentor asks for weekly messages by hand.
    mentor = module.wiki.session_for(MENTOR)
    mentor.edit(SETTINGS, json.dumps({**settings_now(module.wiki), "notify": "weekly"}), summary="other tab")
    ada.js("document.querySelector('.mentor-dashboard-weights input[value=\"4\"]').click()")
    save_dialog(ada)
    saved = settings_now(module.wiki)
    assert saved["weight"] == 4 and saved["notify"] == "weekly"
    assert saved["message"] == MESSAGE_240


def test_claim_names_are_checked_saved_and_carried_out_by_the_bot(module: Module, ada: Browser) -> None:
    ada.js("document.querySelector('.mentor-dashboard-tool-claim').click()")
    typed(ada, ".mentor-dashboard-claim-names", f"{CLAIMABLE}\n{NOBODY}")
    states = {CLAIMABLE: "exists", NOBODY: "missing"}
    checks = (
        "return [...document.querySelectorAll('.mentor-dashboard-claim-checks li')]"
        ".map(li => [li.querySelector('bdi').textContent, li.dataset.state])"
    )
    ada.wait(lambda d: dict(d.execute_script(checks)) == states)
    assert ada.js("return document.querySelector('.mentor-dashboard-dialog .mentor-dashboard-save').disabled")
    typed(ada, ".mentor-dashboard-claim-names", CLAIMABLE)
    typed(ada, ".mentor-dashboard-claim-reason", "met at the editathon")
    save_dialog(ada)
    rev = latest(module.wiki, SETTINGS)
    assert rev is not None and json.loads(rev["text"])["claim"] == [CLAIMABLE]
    assert "met at the editathon" in rev["comment"]
    assert saved_notice(ada) == notice_for(EN["gadget-what-claim"].replace("$1", CLAIMABLE), module.wiki)
    assert CLAIMABLE not in ada.rows()  # said, not done: the bot does it
    run_bot(module.state)
    ada.open(DASHBOARD, useskin="vector-2022")
    choose(ada, ".mentor-dashboard-page-size-select", "0")
    assert CLAIMABLE in ada.rows()
    result = EN["mentordashboard-claim-done"].replace("$1", CLAIMABLE)
    assert result in re.sub(
        r"\s+", " ", ada.js("return document.getElementById('mw-content-text').textContent")
    )
    readme_pictures(ada)


def readme_pictures(b: Browser) -> None:
    """With MENTOR_DASHBOARD_SHOTS=docs, the README's pictures, once the bot has applied the
    plain intro message: filters open, the claim form checking names, MinervaNeue at 390 px."""
    if not SHOTS:
        return
    open_filters(b)
    choose(b, ".mentor-dashboard-filter-days", "30")
    typed(b, ".mentor-dashboard-filter-min", "3")
    shot(b, "gadget-workspace.png", ".mentor-dashboard-ws", max_height=760)
    b.js("document.querySelector('.mentor-dashboard-tool-claim').click()")
    typed(b, ".mentor-dashboard-claim-names", f"{CLAIMABLE}\n{NOBODY}")
    b.wait(lambda d: d.execute_script("return !document.querySelector('[data-state=checking]')"))
    shot(b, "gadget-claim.png", ".mentor-dashboard-tools")
    viewport(b.driver, 390, 844, mobile=True)
    try:
        b.open(DASHBOARD, useskin="minerva")
        shot(b, "gadget-minerva.png", ".mentor-dashboard-ws", max_height=844)
    finally:
        viewport(b.driver, 1280, 900)


def test_quit_confirmed_is_saved_for_the_bot(module: Module, ada: Browser) -> None:
    ada.js("document.querySelector('.mentor-dashboard-tool-quit').click()")
    save_dialog(ada)
    assert settings_now(module.wiki)["status"] == "quit"
    assert saved_notice(ada) == notice_for(EN["gadget-what-quit"], module.wiki)


def test_no_console_error_in_the_whole_session(module: Module) -> None:
    assert module.browser.errors() == []

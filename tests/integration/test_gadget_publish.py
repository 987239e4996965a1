"""The browser workspace's pages on a real wiki (docs/GADGET.md): what they hold, their content
models, on change only, the dashboard's mount point and common.js line, and the gadget install.

Which mentees the data page must list is computed from what this module seeds: active ones
(recent edit or recent registration, not indefinitely blocked, not a bot), with the main page
cut to two rows so that some of them are only on the /Mentees subpage.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import localwiki
import pytest
from wikiseed import ImportedEdit, UserSpec, Wiki

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.ops.memory import RunMemory
from bot.run import RunReport
from tests.integration.botrun import ROOT, SITE, cli_env, run_bot, run_cli, seed_assignments
from tests.integration.wikipages import latest_revisions, page_text, text_if_exists

pytestmark = pytest.mark.wiki

NOW = datetime.now(UTC).replace(microsecond=0)
MENTOR = "Gadget Mentor"
OTHER = "Other Mentor"
QUOTED = 'Quote "Q" & Amp'  # a name whose characters MediaWiki's JSON form and HTML escape
SETTINGS = Settings(main_page_rows=2)  # the rest of the active mentees go to /Mentees
HOURLY = "17 * * * *"
# The Gadgets-definition line the contract gives (docs/GADGET.md), as an admin pastes it.
DEFINITION = (
    "* mentor-dashboard[ResourceLoader|dependencies=mediawiki.api,mediawiki.util,mediawiki.user,"
    "mediawiki.storage]|mentor-dashboard.js|mentor-dashboard.css"
)


@dataclass(frozen=True)
class Seeded:
    name: str
    registered_days: float
    edit_days: tuple[float, ...] = ()  # one imported edit this many days ago, each
    groups: tuple[str, ...] = ()
    indefinite_block: bool = False

    @property
    def active(self) -> bool:
        """ARCHITECTURE §6.2, with margins far from the windows' Monday edges."""
        recent = self.registered_days <= 7 or any(d <= 90 for d in self.edit_days)
        return recent and not self.groups and not self.indefinite_block


MENTEES = [
    Seeded("Active A", 60, (2, 3, 4, 5, 40)),
    Seeded("Active B", 120, (10,)),
    Seeded("Fresh C", 3),
    Seeded(QUOTED, 30, (1,)),
    Seeded("Gone D", 400, (300,)),
    Seeded("Indef E", 20, (2,), indefinite_block=True),
    Seeded("Bot F", 20, (1,), groups=("bot",)),
]
OTHERS = [Seeded("Other G", 50, (6,))]
ASKER = "Active A"  # asks a question on the mentor's talk page: one more edit, just now


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


@dataclass
class World:
    wiki: Wiki
    bot: str
    memory: RunMemory
    first: RunReport
    first_gw: Gateway


@pytest.fixture(scope="module")
def world(fresh_wiki: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    wiki = Wiki(str(fresh_wiki["name"]))
    people = [*MENTEES, *OTHERS]
    ids = wiki.create_users(
        [
            UserSpec(MENTOR, registered=days_ago(900)),
            UserSpec(OTHER, registered=days_ago(900)),
            *[UserSpec(m.name, registered=days_ago(m.registered_days), groups=m.groups) for m in people],
        ]
    )
    wiki.import_edits(
        [
            ImportedEdit(f"Sandbox/{m.name}/{i}", m.name, days_ago(d), f"edit {i}")
            for m in people
            for i, d in enumerate(m.edit_days)
        ]
    )
    admin = wiki.admin()
    for m in people:
        if m.indefinite_block:
            admin.block(m.name, expiry="infinite", reason="test")
    admin.edit("Project:Mentorship/Mentors", f"* [[User:{MENTOR}]] | Hello\n* [[User:{OTHER}]] | Hi\n")
    wiki.session_for(MENTOR).edit(
        f"User:{MENTOR}/Mentor dashboard.json", json.dumps({"weight": 4, "message": "Ask me </script>"})
    )
    wiki.session_for(ASKER).new_section(f"User talk:{MENTOR}", "How do I cite?", "Help me please.")
    wiki.run_jobs()  # the edit counters, on every version alike
    seed_assignments({MENTOR: [ids[m.name] for m in MENTEES], OTHER: [ids[m.name] for m in OTHERS]})
    memory = RunMemory(tmp_path_factory.mktemp("gadget") / "memory.sqlite3")
    report, gw = run_bot(SETTINGS, memory=memory, schedule=HOURLY, now=NOW)
    yield World(wiki, str(fresh_wiki["bot"]), memory, report, gw)
    memory.close()


def data_title(w: World, mentor: str) -> str:
    return f"User:{w.bot}/Dashboards/{mentor}.json"


def data_page(w: World, mentor: str) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(page_text(w.wiki, data_title(w, mentor)))
    return value


def rows_by_name(page: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r[0]: dict(zip(page["fields"], r, strict=True)) for r in page["rows"]}


def test_the_data_page_lists_exactly_the_active_mentees_including_those_on_the_subpage(world: World) -> None:
    expected = {m.name for m in MENTEES if m.active}
    assert len(expected) > SETTINGS.main_page_rows  # some rows can only be on /Mentees
    page = data_page(world, MENTOR)
    assert set(rows_by_name(page)) == expected
    assert "more" not in page
    subpage = page_text(world.wiki, f"User:{MENTOR}/Mentor dashboard/Mentees")
    on_subpage = {n for n in expected if f"[[User:{n}|" in subpage}
    assert on_subpage, "no active mentee is on the /Mentees subpage: the test proves nothing"


def test_each_row_holds_what_was_seeded(world: World) -> None:
    rows = rows_by_name(data_page(world, MENTOR))
    for m in MENTEES:
        if not m.active:
            continue
        row = rows[m.name]
        assert row["registered"] == days_ago(m.registered_days).strftime("%Y-%m-%dT%H:%M:%SZ"), m.name
        assert row["talk"] == f"User talk:{m.name}"
        if m.name == ASKER:
            assert row["edits"] == len(m.edit_days) + 1
            assert row["last_edit"] >= NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
            continue
        assert row["edits"] == len(m.edit_days), m.name
        last = days_ago(min(m.edit_days)).strftime("%Y-%m-%dT%H:%M:%SZ") if m.edit_days else None
        assert row["last_edit"] == last, m.name
    assert rows[ASKER]["questions"] == rows[ASKER]["unanswered"] == 1
    assert "unanswered" in rows[ASKER]["flags"]


def test_the_data_page_holds_the_settings_the_question_and_the_next_run(world: World) -> None:
    page = data_page(world, MENTOR)
    assert page["mentor"] == MENTOR
    assert page["dashboard"] == f"User:{MENTOR}/Mentor dashboard"
    assert page["settings"] == f"User:{MENTOR}/Mentor dashboard.json"
    assert page["mentor_settings"]["weight"] == 4
    assert page["mentor_settings"]["message"] == "Ask me </script>"
    [question] = page["questions"]
    assert (question["mentee"], question["heading"]) == (ASKER, "How do I cite?")
    assert question["link"] == f"User talk:{MENTOR}#How_do_I_cite?"
    # The next hourly run after this one, at minute 17.
    after = NOW + timedelta(seconds=1)
    nxt = after.replace(minute=17, second=0) + timedelta(hours=1 if after.minute >= 17 else 0)
    assert nxt - after <= timedelta(hours=1)
    assert (page["next_run"], page["run_every"]) == (nxt.strftime("%Y-%m-%dT%H:%M:%SZ"), 3600)


def test_every_page_has_its_content_model_and_the_text_sent_is_the_text_stored(world: World) -> None:
    b = world.bot
    models = {
        data_title(world, MENTOR): "json",
        data_title(world, OTHER): "json",
        f"User:{b}/Dashboards.json": "json",
        f"User:{b}/Dashboards/messages.json": "json",
        f"User:{b}/mentor-dashboard.js": "javascript",
        f"User:{b}/mentor-dashboard.css": "css",
    }
    stored = latest_revisions(world.wiki, models, rvprop="content|contentmodel")
    assert {t: r["slots"]["main"]["contentmodel"] for t, r in stored.items()} == models
    for title in models:
        assert stored[title]["slots"]["main"]["content"] == world.first.built[title].text, title


def test_the_mentor_list_names_both_mentors_and_their_pages(world: World) -> None:
    listed = json.loads(page_text(world.wiki, f"User:{world.bot}/Dashboards.json"))
    assert set(listed["mentors"]) == {MENTOR, OTHER}
    assert listed["mentors"][OTHER]["data"] == data_title(world, OTHER)
    assert listed["messages"] == f"User:{world.bot}/Dashboards/messages.json"


def test_the_code_page_carries_the_bots_configuration(world: World) -> None:
    code = page_text(world.wiki, f"User:{world.bot}/mentor-dashboard.js")
    assert "/*@mentor-dashboard-config@*/" not in code
    assert json.dumps(f"User:{world.bot}/Dashboards.json") in code


def test_the_dashboard_has_the_mount_point_above_m1_and_the_common_js_line(world: World) -> None:
    parsed = world.wiki.api(action="parse", page=f"User:{MENTOR}/Mentor dashboard", prop="text")
    text = parsed["parse"]["text"]
    mount = re.search(
        r'<div id="mentor-dashboard-workspace" class="mentor-dashboard-workspace" data-mentor="([^"]*)"', text
    )
    assert mount is not None and html.unescape(mount[1]) == MENTOR
    assert re.search(r'<table class="wikitable sortable mentor-dashboard-mentees"', text)
    assert mount.start() < text.index("mentor-dashboard-mentees")
    script = world.wiki.api(action="query", meta="siteinfo", siprop="general")["query"]["general"]["script"]
    line = (
        f"mw.loader.load('{script}?title=User:{world.bot}/mentor-dashboard.js"
        "&action=raw&ctype=text/javascript');"
    )
    pre = re.search(r'<pre dir="ltr" class="mentor-dashboard-common-js">([^<]*)</pre>', text)
    assert pre is not None and html.unescape(pre[1]).strip() == line


def test_a_second_run_over_everyone_a_little_later_makes_no_edit(world: World) -> None:
    report, gw = run_bot(
        SETTINGS, memory=world.memory, schedule=HOURLY, full=True, now=NOW + timedelta(minutes=7)
    )
    assert report.changed == []
    assert gw.edits == 0


def test_a_changed_mentee_changes_the_data_page_and_only_theirs(world: World) -> None:
    titles = [data_title(world, MENTOR), data_title(world, OTHER)]
    before = {t: r["revid"] for t, r in latest_revisions(world.wiki, titles, rvprop="ids").items()}
    world.wiki.session_for("Fresh C").edit("Sandbox/Fresh C live", "a first edit")
    world.wiki.run_jobs()
    report, _ = run_bot(SETTINGS, memory=world.memory, schedule=HOURLY, now=NOW + timedelta(minutes=9))
    after = {t: r["revid"] for t, r in latest_revisions(world.wiki, titles, rvprop="ids").items()}
    assert after[titles[0]] != before[titles[0]]
    assert after[titles[1]] == before[titles[1]]
    row = rows_by_name(data_page(world, MENTOR))["Fresh C"]
    assert row["edits"] == 1 and row["last_edit"] is not None
    assert data_page(world, MENTOR)["updated"] == (NOW + timedelta(minutes=9)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert data_title(world, MENTOR) in {o.title for o in report.changed}


def test_gadget_definition_prints_the_line_an_interface_admin_pastes() -> None:
    done = run_cli("gadget-definition")
    assert (done.returncode, done.stdout.strip()) == (0, DEFINITION)


def test_install_gadget_without_the_rights_is_refused_and_writes_nothing(
    world: World, tmp_path: Path
) -> None:
    def last_change() -> int:
        rc = world.wiki.api(action="query", list="recentchanges", rcprop="ids", rclimit=1)
        return int(rc["query"]["recentchanges"][0]["rcid"])

    before = last_change()
    done = run_cli("run", "--install-gadget", env=cli_env(state=tmp_path))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "editsitejs" in done.stderr and "nothing was written" in done.stderr
    assert last_change() == before
    assert text_if_exists(world.wiki, "MediaWiki:Gadgets-definition") is None


def interface_admin_config(folder: Path) -> str:
    """A pywikibot config folder for a second bot that may install gadgets: an interface
    administrator whose BotPassword has the ``editsiteconfig`` grant. Returns its name."""
    info = localwiki.site_info(SITE)
    name = "Gadget Installer Bot"
    (folder / "families").mkdir(parents=True)
    shutil.copy(ROOT / "families" / f"{SITE}_family.py", folder / "families")
    config = (ROOT / "user-config.py").read_text()
    (folder / "user-config.py").write_text(config.replace('"MentorBot"', repr(name)))
    localwiki.maint(
        info, "createAndPromote", "--bot", "--sysop", "--interface-admin", name, secrets.token_hex(16)
    )
    password = secrets.token_hex(16)
    grants = f"{localwiki.BOT_GRANTS},editsiteconfig"
    localwiki.maint(info, "createBotPassword", "--appid=pwb", f"--grants={grants}", name, password)
    fd = os.open(folder / "user-password.cfg", os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(f"('{info['lang']}', '{SITE}', {name!r}, BotPassword('pwb', '{password}'))\n")
    return name


def test_install_gadget_with_the_rights_installs_it_once(world: World, tmp_path: Path) -> None:
    bot = interface_admin_config(tmp_path / "config")
    env = cli_env(tmp_path / "config", state=tmp_path / "state")
    first = run_cli("run", "--install-gadget", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    titles = {
        "MediaWiki:Gadget-mentor-dashboard.js": "javascript",
        "MediaWiki:Gadget-mentor-dashboard.css": "css",
        "MediaWiki:Gadget-mentor-dashboard": "wikitext",
        "MediaWiki:Gadgets-definition": "wikitext",
    }
    stored = latest_revisions(world.wiki, titles, rvprop="content|contentmodel|ids")
    assert {t: r["slots"]["main"]["contentmodel"] for t, r in stored.items()} == titles
    definitions = stored["MediaWiki:Gadgets-definition"]["slots"]["main"]["content"]
    assert definitions.splitlines() == [DEFINITION]
    code = stored["MediaWiki:Gadget-mentor-dashboard.js"]["slots"]["main"]["content"]
    assert code == page_text(world.wiki, f"User:{bot}/mentor-dashboard.js")  # the bot's own copy
    again = run_cli("run", "--install-gadget", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    after = latest_revisions(world.wiki, titles, rvprop="ids")
    assert {t: r["revid"] for t, r in after.items()} == {t: r["revid"] for t, r in stored.items()}

"""The workspace's code pages, its common.js line, its place on the dashboard, the gadget install.

The contract is docs/GADGET.md.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.build.gadget_code import (
    CONFIG_TOKEN,
    CodeTitles,
    GadgetSourceError,
    code_pages,
    common_js_line,
    config_json,
    configured_code,
    install_refusal,
)
from bot.build.view import Dashboard, Workspace
from bot.parse.gadgets_definition import definition_line, with_definition
from bot.render.i18n import Messages
from bot.render.pages import render_dashboard
from tests.unit.test_mentor_tools_render import tools

ROOT = Path(__file__).resolve().parents[2]
TITLES = CodeTitles(
    "User:Bot/mentor-dashboard.js", "User:Bot/mentor-dashboard.css", "User:Bot/Dashboards.json"
)
EN = Messages.load("en")
NOW = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)


def test_the_config_names_the_list_the_css_and_the_bot() -> None:
    assert json.loads(config_json(TITLES, "Bot")) == {
        "list": "User:Bot/Dashboards.json",
        "css": "User:Bot/mentor-dashboard.css",
        "bot": "Bot",
        "version": 1,
    }


def test_no_value_can_close_the_script_element() -> None:
    hostile = CodeTitles("User:B/x.js", "User:B/</script><script>alert(1)</script>.css", "User:B/\u2028.json")
    text = config_json(hostile, "</SCRIPT>")
    assert "</" not in text and "\u2028" not in text
    # What the JavaScript reads is exactly what was meant: "<\/" is "</" to a JS/JSON reader.
    assert json.loads(text)["css"] == hostile.style
    assert json.loads(text)["list"] == hostile.mentors


def test_the_token_is_replaced_and_the_rest_of_the_source_kept() -> None:
    source = f"var a = 1;\nvar config = {CONFIG_TOKEN};\nvar b = 2;\n\n"
    code = configured_code(source, TITLES, "Bot")
    assert code == f"var a = 1;\nvar config = {config_json(TITLES, 'Bot')};\nvar b = 2;"


@pytest.mark.parametrize("times", [0, 2])
def test_a_source_without_exactly_one_token_is_refused(times: int) -> None:
    with pytest.raises(GadgetSourceError, match="exactly once"):
        configured_code("x" + CONFIG_TOKEN * times, TITLES, "Bot")


def test_the_repositorys_gadget_source_holds_the_token_once() -> None:
    assert (ROOT / "gadget" / "mentor-dashboard.js").read_text(encoding="utf-8").count(CONFIG_TOKEN) == 1


def test_code_pages_have_their_content_models() -> None:
    css, js = code_pages(f"x = {CONFIG_TOKEN};", ".a {}\n", TITLES, "Bot", "s")
    assert (css.title, css.model, css.text) == (TITLES.style, "css", ".a {}")
    assert (js.title, js.model) == (TITLES.code, "javascript")
    assert not css.protect and not js.protect


def test_the_common_js_line_loads_the_raw_code_and_holds_nothing_a_string_could_end_on() -> None:
    line = common_js_line("/w/index.php", "User:Bot Ü'x\\/mentor-dashboard.js")
    m = re.fullmatch(r"mw\.loader\.load\('([^'\\ ]*)'\);", line)
    assert m is not None
    assert (
        m[1]
        == "/w/index.php?title=User:Bot_%C3%9C%27x%5C/mentor-dashboard.js&action=raw&ctype=text/javascript"
    )


def test_the_definition_line_offers_the_gadget_with_core_modules_only() -> None:
    assert definition_line("mentor-dashboard") == (
        "* mentor-dashboard[ResourceLoader|dependencies=mediawiki.api,mediawiki.util,mediawiki.user,"
        "mediawiki.storage]|mentor-dashboard.js|mentor-dashboard.css"
    )


def test_the_definition_is_added_once_and_an_admins_own_line_is_kept() -> None:
    assert with_definition(None, "md") == definition_line("md")
    page = "== tools ==\n* other[ResourceLoader]|other.js\n"
    added = with_definition(page, "md")
    assert added == "== tools ==\n* other[ResourceLoader]|other.js\n" + definition_line("md")
    assert with_definition(added, "md") is None
    assert with_definition("* md[ResourceLoader|default]|md.js|md.css", "md") is None
    assert with_definition("* md-extra|x.js", "md") is not None


def test_installing_needs_all_three_rights() -> None:
    every = frozenset({"editinterface", "editsitejs", "editsitecss"})
    assert install_refusal(every, every) is None
    lacking_grant = install_refusal(frozenset({"editinterface"}), every)
    assert lacking_grant is not None and "editsiteconfig" in lacking_grant and "editsitejs" in lacking_grant
    lacking_group = install_refusal(frozenset({"editinterface"}), frozenset({"editinterface"}))
    assert lacking_group is not None and "interface-admin" in lacking_group


def dashboard_text(workspace: Workspace | None, mentor: str = "Anna") -> str:
    view = Dashboard(mentor=mentor, updated=NOW, recent_days=30, tools=tools())
    return render_dashboard(view, EN, workspace=workspace)


def test_the_mount_point_sits_above_the_mentee_table_with_the_mentor_escaped() -> None:
    text = dashboard_text(Workspace("mw.loader.load('x');"), mentor='A"><script>x</script>')
    mount = re.search(
        r'<div id="mentor-dashboard-workspace" class="mentor-dashboard-workspace" '
        r'data-mentor="([^"<>]*)"></div>',
        text,
    )
    assert mount is not None
    assert mount[1] == "A&#34;&#62;&#60;script&#62;x&#60;/script&#62;"
    heading = text.index("== " + EN.plain("mentordashboard-mentees-heading") + " ==")
    assert heading < mount.start() < text.index(EN.plain("mentordashboard-tools-heading"))


def test_m2_shows_the_common_js_line_as_text_and_keeps_the_examples() -> None:
    line = common_js_line("/index.php", "User:Bot/mentor-dashboard.js")
    text = dashboard_text(Workspace(line))
    pre = re.search(r'<pre dir="ltr" class="mentor-dashboard-common-js">([^\n]*)</pre>', text)
    assert pre is not None
    # MediaWiki shows <pre> text with its references decoded: the line, exactly.
    decoded = re.sub(r"&#(\d+);", lambda m: chr(int(m[1])), pre[1]).replace("&amp;", "&")
    assert decoded == line
    assert '{"status": "quit"}' in text


def test_without_the_workspace_there_is_no_mount_point_and_no_line() -> None:
    text = dashboard_text(None)
    assert "mentor-dashboard-workspace" not in text and "common-js" not in text

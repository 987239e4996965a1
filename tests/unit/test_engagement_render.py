"""Digest and M7 wikitext: links built safely, hostile text shown literally."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from bot.build.digest import Digest, DigestEdit
from bot.build.praise import PraiseView
from bot.build.view import Dashboard
from bot.model.praise import PraiseEntry, PraiseRules
from bot.render.i18n import Messages
from bot.render.pages import new_section_link, render_dashboard, tag_label
from tests.unit.test_praise import S

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
HOSTILE = "~~~~ {{x}} [[Category:X]] </nowiki> | __NOTOC__ ''i'' [http://e.com x] <b>b</b>\n== H =="
MESSAGES = Messages.load("en")


def page(**kw: Any) -> str:
    return render_dashboard(
        Dashboard(mentor="M", updated=NOW, recent_days=S.recent_days, **kw),
        MESSAGES,
    )


def test_the_new_section_link_percent_encodes_the_preload_title_completely() -> None:
    link = new_section_link("A b", "User:M ~~~~ __NOTOC__/Mentor dashboard/Praise", "go")
    url = re.search(r"preload=([^}]*)\}\}", link)
    assert url is not None and re.fullmatch(r"[A-Za-z0-9%]+", url.group(1))
    assert link.startswith("[{{fullurl:User talk:A b|action=edit&section=new&preload=User%3AM")


def test_without_a_preload_page_the_link_opens_an_empty_new_section() -> None:
    assert (
        new_section_link("A", None, "go") == "[{{fullurl:User talk:A|action=edit&section=new}} <bdi>go</bdi>]"
    )


def test_a_name_that_cannot_be_a_title_is_shown_as_text() -> None:
    assert "fullurl" not in new_section_link("A|B", None, "go")


def test_only_core_tags_are_named_through_the_wiki_s_own_messages() -> None:
    assert tag_label("mw-undo") == "{{int:tag-mw-undo}}"
    assert "{{" not in tag_label("mw-x}}{{y")


def test_a_hostile_edit_summary_and_title_add_no_markup_to_the_digest() -> None:
    e = DigestEdit("Newbie", 42, HOSTILE.replace("\n", ""), NOW, HOSTILE, True, ("mw-undo",))
    text = page(digest=Digest(date(2026, 11, 19), 1, 2, 3, 4, (e,)))
    for bad in ("~~~~", "{{x}}", "[[Category", "__NOTOC__", "[http", "<b>", "\n== H"):
        assert bad not in text
    assert "[[Special:Diff/42|diff]]" in text and "{{int:tag-mw-undo}}" in text
    assert "'''reverted'''" in text


def test_praise_lists_each_mentee_with_a_talk_link_and_a_preloaded_new_section_link() -> None:
    view = PraiseView(
        PraiseRules.of(S),
        (PraiseEntry("New bie", 9, 0, 20),),
        "User:M/Mentor dashboard/Praise",
        "x",
        date(2026, 11, 16),
        date(2026, 10, 26),
    )
    text = page(praise=view)
    assert "[[User talk:New bie|<bdi>New bie</bdi>]]: {{formatnum:9}}" in text
    assert (
        "{{fullurl:User talk:New bie|action=edit&section=new&preload=User%3AM%2FMentor%5Fdashboard%2FPraise}}"
        in text
    )


def test_wide_tables_scroll_on_a_narrow_screen() -> None:
    from bot.build.overview import MenteeRow

    row = MenteeRow("A", NOW, 1, 1, 0, 0, False, 0, NOW)
    text = page(rows=(row,), total_mentees=1)
    assert (
        '<div class="mentor-dashboard-scroll" style="overflow-x: auto;">\n{| class="wikitable sortable'
        in text
    )

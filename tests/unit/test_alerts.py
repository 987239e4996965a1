"""Issue 22's pure parts: page-fate flags, "not yet greeted", graduation and mentor hints, and the
alert lines of the "needs you now" block."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.build.alerts import MAX_ALERTS, page_alerts
from bot.build.overview import (
    FATE_FLAG,
    Flag,
    Hint,
    MenteeRow,
    RowNews,
    flags,
    hint,
    overview_rows,
    row_bytes_bound,
)
from bot.build.view import Dashboard, MenteesPage
from bot.core.settings import Settings
from bot.model.alerts import Fate, PageAlert
from bot.model.mentee import MenteeFacts
from bot.model.user import Activity, Block
from bot.render.i18n import Messages
from bot.render.pages import render_dashboard, render_mentees_page
from tests import factories as make

S = Settings()
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
EN = Messages.load("en")


def facts(name: str, editcount: int, days: int, **kw: Any) -> MenteeFacts:
    user = make.wiki_user(
        name, NOW - timedelta(days=days), editcount, frozenset(), block=kw.pop("block", None)
    )
    return replace(make.mentee(user, Activity(last_edit=NOW - timedelta(days=1), edits_recent=1)), **kw)


def test_each_page_fate_raises_its_own_flag_and_nothing_raises_none() -> None:
    alerts = tuple(PageAlert(fate, f"Page {fate}", f"Page {fate}") for fate in Fate)
    assert set(flags(facts("A", 5, 5, page_alerts=alerts), NOW, S)) == set(FATE_FLAG.values())
    assert flags(facts("B", 5, 5), NOW, S) == ()


def test_not_greeted_is_a_flag() -> None:
    assert Flag.UNGREETED in flags(facts("A", 5, 5, greeted=False), NOW, S)


def test_graduation_and_mentor_hints_use_the_settings_thresholds() -> None:
    g, m = S.graduation_min_edits, S.graduation_min_days
    assert hint(facts("A", g, m), NOW, S) == Hint.GRADUATE
    assert hint(facts("A", g - 1, m), NOW, S) == Hint.NONE
    assert hint(facts("A", g, m - 1), NOW, S) == Hint.NONE
    e, d = S.mentor_min_edits, S.mentor_min_age_days
    assert hint(facts("A", max(e, g), max(d, m)), NOW, S) == Hint.MENTOR
    blocked = Block(expiry=None, partial=False)
    assert (
        hint(facts("A", max(e, g), max(d, m), block=blocked), NOW, S) == Hint.GRADUATE
    )  # blocked: no mentor
    lower = replace(S, graduation_min_edits=3, graduation_min_days=2)
    assert hint(facts("A", 3, 2), NOW, lower) == Hint.GRADUATE


def row(name: str, *alerts: PageAlert, hint: str = "") -> MenteeRow:
    return MenteeRow(name, NOW, 5, 2, 0, 0, False, 0, NOW, news=RowNews(alerts, hint))


def test_the_block_lists_deletions_first_and_caps_the_list() -> None:
    many = [PageAlert(Fate.TAGGED, f"T{i}", f"T{i}") for i in range(MAX_ALERTS + 3)]
    gone = PageAlert(Fate.DELETED, "Gone", "Special:Redirect/logid/7", NOW, "spam", logid=7)
    found = page_alerts([row("A", *many), row("B", gone)])
    assert found.lines[0].alert == gone and len(found.lines) == MAX_ALERTS
    assert found.more == len(many) + 1 - MAX_ALERTS


def test_the_rendered_block_escapes_the_reason_and_links_the_log() -> None:
    gone = PageAlert(Fate.DELETED, "Gone", "Special:Redirect/logid/7", NOW, "[[X]] {{y}} ~~~~", logid=7)
    view = Dashboard("M", NOW, 30, rows=(row("A", gone), row("B", hint=Hint.MENTOR)))
    text = render_dashboard(view, EN)
    assert "[[Special:Redirect/logid/7|log]]" in text
    assert "[[X]]" not in text and "{{y}}" not in text and "~~~~" not in text
    assert (
        EN.texts["mentordashboard-hint-mentor"] in text
        and EN.texts["mentordashboard-needs-could-mentor"] in text
    )


def test_a_quiet_page_has_no_alert_lines() -> None:
    rows = overview_rows([facts("A", 5, 5)], (), NOW, S)
    assert not page_alerts(rows)


@pytest.mark.parametrize("lang", ["en", "ar", "cs", "fr"])
@pytest.mark.parametrize("name", ["N", "A" + "~~'" * 84, "نام" * 20])
def test_a_row_with_every_flag_hint_and_greeting_link_stays_within_its_size_bound(
    lang: str, name: str
) -> None:
    """Pagination trusts row_bytes_bound; issue 22's flags and links must not break that trust."""
    messages = Messages.load(lang)
    welcome = "User:" + "م" * 80 + "/Mentor dashboard/Welcome"

    def size(rows: tuple[MenteeRow, ...]) -> int:
        page = MenteesPage(
            "M", "User:M/Mentor dashboard/Mentees", "User:M/Mentor dashboard", rows, 101, 200, NOW, 30
        )
        return len(render_mentees_page(page, messages).encode())

    for flags_, news in (
        (tuple(Flag), RowNews((), Hint.GRADUATE, welcome)),
        ((Flag.UNGREETED,), RowNews((), Hint.NONE, welcome)),
        (tuple(Flag), RowNews((), Hint.MENTOR, None)),
    ):
        r = MenteeRow(name, NOW, 12345, 67890, 99999, 99999, True, 99999, NOW, flags=flags_, news=news)
        assert size((r,)) - size(()) <= row_bytes_bound(r)
